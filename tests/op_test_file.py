#!/usr/bin/env python3
"""op_test_file.py RUN.h5 OUT.h5 SCALE: a user's test file (tests/u0, tests/reference) made
from an operator run's output, whose references are SCALE times the run's predictions
(tests/u), so that every test input's L2RE is exactly |1 - 1/SCALE|. Exit 77 without h5py."""
import sys

try:
    import h5py
except ImportError:
    print("op_test_file: skipped (no h5py)")
    sys.exit(77)

run, out, scale = sys.argv[1], sys.argv[2], float(sys.argv[3])
with h5py.File(run, "r") as f, h5py.File(out, "w") as g:
    g["tests/u0"] = f["tests/u0"][()]
    g["tests/reference"] = scale * f["tests/u"][()]
