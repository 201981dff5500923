#!/usr/bin/env python3
"""Weak-scaling model of one matrix-free LSQR iteration of the operator job (docs/BENCHMARKS.md).

    scripts/scaling_model.py --t-row T --t-trunk T [--p 82433] [--trunk-len 174240]
                             [--alpha 2e-6] [--beta 1e-10] [--rows-per-rank N ...] [--ranks R ...]

Per LSQR iteration on R ranks with n rows per rank (weak scaling: n fixed):

  T(R) = t_row * n + t_trunk / min(R, P) + C(R)
  C(R) = alpha * log2(R) * 9 + beta * 8 * (R - 1)/R * (3 p + 2 L)

t_row: compute seconds per row of J.v + J^T.w (measured); t_trunk: the trunk net's sweeps
over all P points (measured; split over the ranks by points); communication per iteration
(bandwidth terms as for ring / Rabenseifner algorithms):
  - MPI_Allreduce of p (J^T.w):          2 log2 R latencies, 2 (R-1)/R 8p bytes
  - gather of p (J.v's input vector):      log2 R latencies,   (R-1)/R 8p bytes
  - allgather + reduce-scatter of L = P K NC trunk tangents / adjoints:
                                         2 log2 R latencies, 2 (R-1)/R 8L bytes
  - 2 scalar allreduces (LSQR's norms):  4 log2 R latencies
Efficiency E(R) = compute(R) / T(R): the share of an iteration spent computing (the trunk's
split makes compute(R) itself shrink slightly with R, so T(1)/T(R) can exceed 1; it is
printed as well).
Not modelled: load imbalance (rows are split evenly to one row), OS noise, network
contention between jobs, the LSQR vector updates (O(n) and O(p/R), measured < 2%).
"""
import argparse
import math


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--t-row", type=float, required=True, help="seconds per row per LSQR iteration (J.v + J^T.w)")
    ap.add_argument("--t-trunk", type=float, required=True, help="seconds of the trunk sweeps over all points")
    ap.add_argument("--p", type=int, default=82433, help="parameters")
    ap.add_argument("--points", type=int, default=1089, help="points P")
    ap.add_argument("--trunk-len", type=int, default=174240, help="L = P K NC doubles")
    ap.add_argument("--alpha", type=float, default=2e-6, help="latency per message step, s")
    ap.add_argument("--beta", type=float, default=1e-10, help="seconds per byte (1e-10: 10 GB/s)")
    ap.add_argument("--rows-per-rank", type=int, nargs="+", default=[544500, 108900, 10890])
    ap.add_argument("--ranks", type=int, nargs="+", default=[1, 2, 8, 64, 256, 1024])
    a = ap.parse_args()
    for n in a.rows_per_rank:
        base = a.t_row * n + a.t_trunk
        print(f"rows per rank {n}: T(1) = {1e3 * base:.2f} ms")
        print("| ranks | compute ms | communication ms | T ms | efficiency compute/T | T(1)/T(R) |")
        print("|---|---|---|---|---|---|")
        for r in a.ranks:
            lg = math.log2(r) if r > 1 else 0.0
            comm = a.alpha * lg * 9 + a.beta * 8 * (r - 1) / r * (3 * a.p + 2 * a.trunk_len)
            comp = a.t_row * n + a.t_trunk / min(r, a.points)
            t = comp + comm
            print(f"| {r} | {1e3 * comp:.2f} | {1e3 * comm:.3f} | {1e3 * t:.2f} | {comp / t:.4f} | {base / t:.3f} |")
        print()


if __name__ == "__main__":
    main()
