#!/usr/bin/env python3
"""Adapt a Kokkos 4.6 source tree to the CUDA 13 runtime API.

CUDA 13 changed three runtime calls that Kokkos 4.6 wraps in
core/src/Cuda/Kokkos_Cuda_Instance.hpp: cudaGraphAddDependencies takes an edge-data
array, cudaMemAdvise and cudaMemPrefetchAsync take a cudaMemLocation (and the prefetch
a flags word). Each replacement keeps the CUDA 12 call under `#if CUDART_VERSION < 13000`,
so a patched tree still builds with CUDA 12. Idempotent: a tree already patched (or a
Kokkos that no longer has these lines) is left as it is.

    patch_kokkos_cuda13.py KOKKOS_SOURCE_DIR
"""
import pathlib
import sys

MARK = "petnet: CUDA 13 runtime API"

LOCATION = """cudaMemLocation petnet_loc;
    petnet_loc.type = {dev} == cudaCpuDeviceId ? cudaMemLocationTypeHost
                                                : cudaMemLocationTypeDevice;
    petnet_loc.id   = {dev};
"""

EDITS = [
    ("    return cudaGraphAddDependencies(graph, from, to, numDependencies);\n",
     "#if CUDART_VERSION >= 13000  // " + MARK + "\n"
     "    return cudaGraphAddDependencies(graph, from, to, nullptr, numDependencies);\n"
     "#else\n"
     "    return cudaGraphAddDependencies(graph, from, to, numDependencies);\n"
     "#endif\n"),
    ("    return cudaMemAdvise(devPtr, count, advice, device);\n",
     "#if CUDART_VERSION >= 13000  // " + MARK + "\n    "
     + LOCATION.format(dev="device") +
     "    return cudaMemAdvise(devPtr, count, advice, petnet_loc);\n"
     "#else\n"
     "    return cudaMemAdvise(devPtr, count, advice, device);\n"
     "#endif\n"),
    ("    return cudaMemPrefetchAsync(devPtr, count, dstDevice,\n"
     "                                get_input_stream(stream));\n",
     "#if CUDART_VERSION >= 13000  // " + MARK + "\n    "
     + LOCATION.format(dev="dstDevice") +
     "    return cudaMemPrefetchAsync(devPtr, count, petnet_loc, 0,\n"
     "                                get_input_stream(stream));\n"
     "#else\n"
     "    return cudaMemPrefetchAsync(devPtr, count, dstDevice,\n"
     "                                get_input_stream(stream));\n"
     "#endif\n"),
]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: patch_kokkos_cuda13.py KOKKOS_SOURCE_DIR")
    path = pathlib.Path(sys.argv[1]) / "core/src/Cuda/Kokkos_Cuda_Instance.hpp"
    if not path.is_file():
        sys.exit(f"patch_kokkos_cuda13.py: {path} not found (not a Kokkos 4.x source tree)")
    text = path.read_text()
    if MARK in text:
        print(f"patch_kokkos_cuda13.py: {path} already patched")
        return
    done = 0
    for old, new in EDITS:
        if text.count(old) == 1:
            text = text.replace(old, new)
            done += 1
    path.write_text(text)
    print(f"patch_kokkos_cuda13.py: {done} of {len(EDITS)} calls adapted in {path}")


if __name__ == "__main__":
    main()
