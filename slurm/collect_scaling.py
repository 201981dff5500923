#!/usr/bin/env python3
"""Collect petnet operator-job JSON summaries into a scaling table (markdown).

    slurm/collect_scaling.py [--mode auto|strong|weak] [--metric s_per_lsqr_it] DIR_OR_JSON...

Every argument is a JSON summary or a directory searched (non-recursively) for *.json.
One table row per summary, sorted by ranks. Speed-up and efficiency are relative to the
run with the fewest ranks (R0, time T0), from the chosen per-iteration time T:
  strong (same rows in every run):      speed-up T0/T, efficiency (T0 R0)/(T R);
  weak (same rows per rank in every run): efficiency T0/T (speed-up column: rows/s gain).
--mode auto picks strong when all runs have the same rows, weak when rows/ranks is the
same, and fails otherwise. Standard library only (runs wherever sbatch does).
"""
import argparse
import glob
import json
import os
import sys

COLUMNS = ["ranks", "rows", "rows/rank", "params", "lin", "Jᵀw products", "s/lin", "s/LSQR it",
           "CPU s/LSQR it", "allreduce s/it", "peak RSS/rank MiB", "speed-up", "efficiency"]


def fail(msg):
    print(f"collect_scaling: error: {msg}", file=sys.stderr)
    sys.exit(1)


def load(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += sorted(glob.glob(os.path.join(p, "*.json")))
        elif os.path.isfile(p):
            files.append(p)
        else:
            fail(f"no such file or directory: {p}")
    runs = []
    for f in files:
        try:
            with open(f) as fh:
                js = json.load(fh)
        except (OSError, ValueError) as e:
            fail(f"{f}: not a JSON summary ({e})")
        m = js.get("metrics", {})
        need = ["s_per_lsqr_it", "s_per_linearization", "jtw_products", "linearizations", "peak_rss_bytes_max_rank"]
        missing = [k for k in need + ["ranks", "rows", "params"] if k not in m and k not in js]
        if missing:
            fail(f"{f}: not an operator-job summary (missing {', '.join(missing)})")
        runs.append({"file": f, "ranks": int(js["ranks"]), "rows": int(js["rows"]), "params": int(js["params"]),
                     **{k: float(m[k]) for k in need},
                     "cpu_s_per_lsqr_it": float(m.get("cpu_s_per_lsqr_it", float("nan"))),
                     "allreduce": float(m.get("allreduce_s_per_lsqr_it", float("nan")))})
    if not runs:
        fail("no JSON summaries found in " + " ".join(paths))
    return sorted(runs, key=lambda r: (r["ranks"], r["rows"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=["auto", "strong", "weak"], default="auto")
    ap.add_argument("--metric", choices=["s_per_lsqr_it", "s_per_linearization", "cpu_s_per_lsqr_it"],
                    default="s_per_lsqr_it",
                    help="the per-iteration time that speed-up and efficiency use (cpu_s_per_lsqr_it: the "
                         "slowest rank's CPU seconds, for nodes shared with other jobs)")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()
    runs = load(a.paths)
    mode = a.mode
    same_rows = len({r["rows"] for r in runs}) == 1
    same_per_rank = len({r["rows"] / r["ranks"] for r in runs}) == 1
    if mode == "auto":
        if same_rows:
            mode = "strong"
        elif same_per_rank:
            mode = "weak"
        else:
            fail("runs have neither the same rows (strong) nor the same rows per rank (weak); pass --mode")
    elif mode == "strong" and not same_rows:
        fail("--mode strong: the runs differ in rows")
    if any(r[a.metric] != r[a.metric] for r in runs):  # NaN: a summary without that metric
        fail(f"--metric {a.metric}: missing in some summaries")
    base = runs[0]
    t0, r0 = base[a.metric], base["ranks"]
    print(f"{mode} scaling, {len(runs)} runs, speed-up and efficiency from {a.metric} relative to {r0} rank(s)")
    print()
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for r in runs:
        t = r[a.metric]
        if mode == "strong":
            speedup, eff = t0 / t, (t0 * r0) / (t * r["ranks"])
        else:  # rows per second gain, and time ratio
            speedup = (r["rows"] / t) / (base["rows"] / t0)
            eff = t0 / t
        cells = [str(r["ranks"]), str(r["rows"]), f"{r['rows'] / r['ranks']:.0f}", str(r["params"]),
                 f"{r['linearizations']:.0f}", f"{r['jtw_products']:.0f}", f"{r['s_per_linearization']:.4g}",
                 f"{r['s_per_lsqr_it']:.4g}", f"{r['cpu_s_per_lsqr_it']:.4g}", f"{r['allreduce']:.3g}",
                 f"{r['peak_rss_bytes_max_rank'] / 2**20:.1f}", f"{speedup:.3f}", f"{eff:.3f}"]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
