#!/usr/bin/env python3
"""output_check.py [--ranks N] [--versions PETSC,HDF5,KOKKOS] [--option "-name value"]
                   [--expect PATH=D0xD1] [--schema FILE] DESCRIBE PREFIX CHECK[,CHECK..] -- CMD...

Runs CMD (a petnet run writing PREFIX.h5 and PREFIX.json), then checks its output;
DESCRIBE is the tests' h5_describe tool. CHECKs:
  provenance  the JSON "run" object and schema_version, and the /run group of the HDF5
              file holding the same values (versions as the build found them, ranks,
              options from the deck and from the command line, ISO 8601 UTC times in
              order, stage wall times adding up to at most the run's wall time)
  attributes  every dataset has a one-line "description" and "axes" naming each of its
              dimensions; each --expect PATH=D0xD1 dataset exists with that shape
  tests       operators: tests/u0, u, reference, error hold N = --tests inputs (tests/error
              = u - reference, the first = test0/*), tests/l2re every test input's L2RE
              recomputed from them, its mean and max the summary's l2re_mean, l2re_max
  xdmf        PREFIX.xmf parses as XML, names exactly the --grids given, and every field
              it references is PREFIX.h5's (by the relative name) with the grid's shape;
              the PINN's "eval" grid has eval/x's coordinates
  xdmf_h5py   every HDF DataItem of PREFIX.xmf opens with h5py (needs the python package)
              from the sidecar's directory: a dataset of doubles (Float, Precision 8)
              with the item's Dimensions, read whole
  noxdmf      no PREFIX.xmf (runs without 2D fields)
  schema      PREFIX.json is strict JSON (no NaN or Infinity tokens) and validates against
              the JSON Schema --schema FILE (docs/summary.schema.json; needs the python
              package jsonschema)
Exit status 0 when every check holds; each failure is one line.
"""
import json
import os
import xml.etree.ElementTree as ET
import re
import socket
import subprocess
import sys


def describe(tool, h5, values=()):
    """{path: {"kind": group|dataset, "shape": [...], "attrs": {name: text}, "values": [...]}}"""
    out = subprocess.run([tool, h5] + list(values), check=True, capture_output=True,
                         text=True).stdout
    items = {}
    for line in out.splitlines():
        kind, rest = line.split(" ", 1)
        if kind in ("group", "dataset"):
            parts = rest.split(" ")
            items[parts[0]] = {"kind": kind, "shape": [int(p) for p in parts[1:]], "attrs": {}}
        elif kind == "attr":
            path, kv = rest.split(" ", 1)
            name, value = kv.split("=", 1)
            items[path]["attrs"][name] = value
        elif kind == "values":
            parts = rest.split(" ")
            items[parts[0]]["values"] = [float(x) for x in parts[1:]]
    return items


class Checks:
    def __init__(self):
        self.failed = 0

    def expect(self, ok, what):
        if not ok:
            print("output_check: FAILED: " + what)
            self.failed += 1


def same_number(a, b):
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))


def version_tuple(v):
    return tuple(int(x) for x in re.findall(r"\d+", v)[:3])


RUN_KEYS = ["petnet_version", "git_revision", "petsc_version", "kokkos_version", "hdf5_version",
            "mpi_version", "kokkos_execution_space", "ranks", "start_utc", "threads_per_rank",
            "host", "hosts", "options", "end_utc", "wall_s"]
STAGES = ["options", "reference", "setup", "solve", "evaluation"]
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def check_provenance(c, js, h5, args, prefix):
    c.expect(js.get("schema_version") == 3, "JSON schema_version is 3")
    run = js.get("run", {})
    for k in RUN_KEYS:
        c.expect(k in run, "JSON run." + k + " present")
    if c.failed:
        return
    c.expect(run["ranks"] == args["ranks"] == js["ranks"], "run.ranks = %d" % args["ranks"])
    petsc, hdf5, kokkos = args["versions"]
    c.expect(version_tuple(run["petsc_version"]) == version_tuple(petsc),
             "petsc_version %s is the build's %s" % (run["petsc_version"], petsc))
    c.expect(version_tuple(run["hdf5_version"]) == version_tuple(hdf5),
             "hdf5_version %s is the build's %s" % (run["hdf5_version"], hdf5))
    c.expect(version_tuple(run["kokkos_version"]) == version_tuple(kokkos),
             "kokkos_version %s is the build's %s" % (run["kokkos_version"], kokkos))
    c.expect(re.match(r"^([0-9a-f]{7,40}(-dirty)?|unknown)$", run["git_revision"]) is not None,
             "git_revision is a commit: " + run["git_revision"])
    c.expect(run["options"].find("-output " + prefix) >= 0, "options hold -output PREFIX")
    for opt in args.get("options", []):
        c.expect(re.search(r"(^| )" + re.escape(opt) + r"( |$)", run["options"]) is not None,
                 "options hold " + opt + ": " + run["options"])
    c.expect(ISO.match(run["start_utc"]) and ISO.match(run["end_utc"]), "times are ISO 8601 UTC")
    c.expect(run["start_utc"] <= run["end_utc"], "start <= end")
    c.expect(socket.gethostname() in run["hosts"].split(", "), "hosts name this host")
    c.expect(run["threads_per_rank"] >= 1, "threads_per_rank >= 1")
    st = run.get("stage_wall_s", {})
    for s in STAGES:
        c.expect(s in st and st[s] >= 0, "stage_wall_s." + s + " >= 0")
    total = sum(st.values())
    c.expect(total <= run["wall_s"] * (1 + 1e-9), "stages %.6g <= wall %.6g" % (total, run["wall_s"]))
    c.expect(js["wall_s"] <= run["wall_s"] * (1 + 1e-9), "summary wall_s <= run wall_s")
    g = h5.get("/run", {}).get("attrs", {})
    c.expect(same_number(g.get("schema_version", "nan"), 3), "/run schema_version = 3")
    for k in RUN_KEYS:
        v = run[k]
        ok = k in g and (same_number(g[k], v) if isinstance(v, (int, float)) else g[k] == v)
        c.expect(ok, "/run %s = JSON run.%s (%r vs %r)" % (k, k, g.get(k), v))
    gs = h5.get("/run/stage_wall_s", {}).get("attrs", {})
    for s, v in st.items():
        c.expect(s in gs and same_number(gs[s], v), "/run/stage_wall_s %s = JSON" % s)


def check_attributes(c, h5, args):
    sets = {p: v for p, v in h5.items() if v["kind"] == "dataset"}
    c.expect(len(sets) > 0, "the file has datasets")
    for path, d in sets.items():
        a = d["attrs"]
        desc, axes = a.get("description", ""), a.get("axes", "")
        c.expect(desc != "" and "\\n" not in desc, path + ": a one-line description")
        names = [n.strip() for n in axes.split(",")] if axes else []
        c.expect(len(names) == len(d["shape"]) and all(names),
                 "%s: axes %r name its %d dimensions" % (path, axes, len(d["shape"])))
    for e in args["expect"]:
        path, shape = e.split("=")
        path = "/" + path.lstrip("/")
        want = [int(n) for n in shape.split("x")]
        got = sets.get(path, {}).get("shape")
        c.expect(got == want, "%s has shape %s (got %s)" % (path, want, got))


def check_tests(c, js, tool, prefix, args):
    names = ["/tests/u", "/tests/reference", "/tests/error", "/tests/l2re", "/test0/u",
             "/test0/error"]
    h5 = describe(tool, prefix + ".h5", [n for n in names])
    n, n_test = args["tests"], js["n_test"]
    shape = h5["/tests/u"]["shape"]
    c.expect(shape[0] == n and h5["/tests/l2re"]["shape"] == [n_test],
             "tests/u holds %d inputs (%s), tests/l2re %d" % (n, shape, n_test))
    c.expect(js.get("output_tests") == n, "summary output_tests = %d" % n)
    for k in ["/tests/u0", "/tests/reference", "/tests/error"]:
        c.expect(h5[k]["shape"] == shape, k + " has the shape of tests/u")
    u, r, e = (h5[k]["values"] for k in names[:3])
    p = len(u) // n
    c.expect(max(abs(u[i] - r[i] - e[i]) for i in range(len(u))) == 0, "error = u - reference")
    c.expect(u[:p] == h5["/test0/u"]["values"], "the first input is test0/u")
    c.expect(e[:p] == h5["/test0/error"]["values"], "the first error is test0/error")
    l2 = h5["/tests/l2re"]["values"]
    for t in range(n):
        num = sum((u[t * p + q] - r[t * p + q]) ** 2 for q in range(p))
        den = sum(r[t * p + q] ** 2 for q in range(p))
        c.expect(abs((num / den) ** 0.5 - l2[t]) <= 1e-12 * l2[t], "l2re of input %d" % t)
    m = js["metrics"]
    c.expect(same_number(sum(l2) / n_test, m["l2re_mean"]), "mean of tests/l2re = l2re_mean")
    c.expect(same_number(max(l2), m["l2re_max"]), "max of tests/l2re = l2re_max")


def check_xdmf_h5py(c, prefix):
    import h5py
    root = ET.parse(prefix + ".xmf").getroot()
    here = os.path.dirname(os.path.abspath(prefix + ".xmf"))
    items = [i for i in root.iter("DataItem") if i.get("Format") == "HDF"]
    c.expect(len(items) > 0, "PREFIX.xmf references HDF5 datasets")
    for item in items:
        file, path = item.text.strip().split(":", 1)
        dims = [int(n) for n in item.get("Dimensions").split()]
        with h5py.File(os.path.join(here, file), "r") as f:
            d = f.get(path)
            ok = isinstance(d, h5py.Dataset) and list(d.shape) == dims and d.dtype == "float64"
            c.expect(ok and item.get("NumberType") == "Float" and item.get("Precision") == "8",
                     "h5py: %s:%s is a dataset of doubles of shape %s" % (file, path, dims))
            if ok:
                c.expect(d[()].shape == tuple(dims), "h5py reads %s whole" % path)


def reject_constant(name):
    raise ValueError("bare %s token (not JSON)" % name)


def check_schema(c, prefix, args):
    import jsonschema
    with open(args["schema"]) as f:
        schema = json.load(f)
    try:
        with open(prefix + ".json") as f:
            js = json.load(f, parse_constant=reject_constant)
    except ValueError as e:
        c.expect(False, "%s.json is JSON: %s" % (prefix, e))
        return
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    for e in sorted(cls(schema).iter_errors(js), key=lambda e: list(map(str, e.absolute_path))):
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        c.expect(False, "schema: %s: %s" % (where, e.message[:200]))


def numbers(item):
    return [float(v) for v in item.text.split()]


def check_xdmf(c, tool, prefix, args):
    root = ET.parse(prefix + ".xmf").getroot()
    h5 = describe(tool, prefix + ".h5")
    if "/eval/x" in h5:
        h5 = describe(tool, prefix + ".h5", ["/eval/x"])
    grids = root.findall("./Domain/Grid")
    c.expect(sorted(g.get("Name") for g in grids) == sorted(args["grids"]),
             "grids %s are %s" % ([g.get("Name") for g in grids], args["grids"]))
    base = os.path.basename(prefix) + ".h5"
    for g in grids:
        dims = [int(n) for n in g.find("Topology").get("Dimensions").split()]
        c.expect(g.find("Topology").get("TopologyType") == "2DRectMesh", "2DRectMesh")
        geo = g.find("Geometry")
        x, y = (numbers(i) for i in geo.findall("DataItem"))
        c.expect(geo.get("GeometryType") == "VXVY" and [len(y), len(x)] == dims,
                 "%s: VXVY coordinates of %s" % (g.get("Name"), dims))
        c.expect(all(x[i] < x[i + 1] for i in range(len(x) - 1)) and
                 all(y[j] < y[j + 1] for j in range(len(y) - 1)), "increasing coordinates")
        attrs = g.findall("Attribute")
        c.expect(len(attrs) > 0, g.get("Name") + " has fields")
        for a in attrs:
            item = a.find("DataItem")
            c.expect([int(n) for n in item.get("Dimensions").split()] == dims, "item dims")
            shape = dims
            if item.get("ItemType") == "HyperSlab":  # entry k of a (n, ny, nx) dataset
                sel, item = item.findall("DataItem")
                s = [int(v) for v in sel.text.split()]
                shape = [int(n) for n in item.get("Dimensions").split()]
                c.expect(len(s) == 9 and s[1:] == [0, 0, 1, 1, 1, 1] + dims and
                         shape[1:] == dims and 0 <= s[0] < shape[0] and
                         g.get("Name") == "test%d" % s[0],
                         "%s: the hyperslab %s selects its own (%s) slice of %s" %
                         (g.get("Name"), s, dims, shape))
            file, path = item.text.strip().split(":", 1)
            c.expect(file == base, "%s references %s by its relative name" % (file, base))
            c.expect(h5.get(path, {}).get("shape") == shape,
                     "%s in the .h5 has shape %s (got %s)" % (path, shape, h5.get(path, {}).get("shape")))
        if g.get("Name") == "eval" and "/eval/x" in h5:
            ex = h5["/eval/x"]["values"]
            nx = len(x)
            c.expect(all(abs(ex[2 * (j * nx + i)] - x[i]) < 1e-14 and
                         abs(ex[2 * (j * nx + i) + 1] - y[j]) < 1e-14
                         for j in range(len(y)) for i in range(nx)), "eval grid = eval/x")


def main(argv):
    args = {"grids": [], "ranks": 1, "versions": ("", "", ""), "options": [], "expect": []}
    while argv[0].startswith("--"):
        opt, val = argv[0], argv[1]
        argv = argv[2:]
        if opt == "--ranks":
            args["ranks"] = int(val)
        elif opt == "--versions":
            args["versions"] = tuple(val.split(","))
        elif opt == "--option":
            args["options"].append(val)
        elif opt == "--grids":
            args["grids"] = val.split(",")
        elif opt == "--tests":
            args["tests"] = int(val)
        elif opt == "--expect":
            args["expect"].append(val)
        elif opt == "--schema":
            args["schema"] = val
    tool, prefix, checks = argv[0], argv[1], argv[2].split(",")
    assert argv[3] == "--"
    run = subprocess.run(argv[4:], capture_output=True, text=True)
    print(run.stdout[-4000:] + run.stderr[-4000:])
    if run.returncode != 0:
        print("output_check: FAILED: the run exited with %d" % run.returncode)
        return 1
    with open(prefix + ".json") as f:
        js = json.load(f)
    h5 = describe(tool, prefix + ".h5")
    c = Checks()
    for check in checks:
        if check == "provenance":
            check_provenance(c, js, h5, args, prefix)
        elif check == "xdmf":
            check_xdmf(c, tool, prefix, args)
        elif check == "noxdmf":
            c.expect(not os.path.exists(prefix + ".xmf"), "no PREFIX.xmf for 1D fields")
        elif check == "tests":
            check_tests(c, js, tool, prefix, args)
        elif check == "attributes":
            check_attributes(c, h5, args)
        elif check == "schema":
            check_schema(c, prefix, args)
        elif check == "xdmf_h5py":
            check_xdmf_h5py(c, prefix)
        else:
            c.expect(False, "known check " + check)
    print("output_check: %s" % ("ok" if not c.failed else "%d failures" % c.failed))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
