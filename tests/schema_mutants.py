#!/usr/bin/env python3
"""schema_mutants.py SCHEMA SUMMARY.json...

The schema check of output_check.py must bite: each SUMMARY (written by a deck test)
passes it, and every mutant of it below fails it: a required key deleted, a value of the
wrong type, a metric that is a string, a key the schema does not know, a bare NaN token,
the wrong schema_version. Exit status 0 when all of that holds (77: no jsonschema,
skipped); each failure is one line.
"""
import copy
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import output_check  # noqa: E402


def failures(schema, text):
    """The number of schema failures of a summary with this text."""
    with tempfile.TemporaryDirectory() as d:
        prefix = os.path.join(d, "mutant")
        with open(prefix + ".json", "w") as f:
            f.write(text)
        c = output_check.Checks()
        saved = sys.stdout
        sys.stdout = open(os.devnull, "w")
        try:
            output_check.check_schema(c, prefix, {"schema": schema})
        finally:
            sys.stdout.close()
            sys.stdout = saved
        return c.failed


def mutants(js):
    """(what, text) of each mutant of the summary js."""
    def edit(f):
        m = copy.deepcopy(js)
        f(m)
        return json.dumps(m, indent=2)
    out = []
    for key in ("converged", "reason", "run", "metrics", "schema_version"):
        out.append(("without " + key, edit(lambda m, k=key: m.pop(k))))
    out.append(("converged as a string", edit(lambda m: m.update(converged="true"))))
    out.append(("ranks as a string", edit(lambda m: m.update(ranks="1"))))
    out.append(("schema_version 2", edit(lambda m: m.update(schema_version=2))))
    out.append(("a string metric", edit(lambda m: m["metrics"].update(loss="small"))))
    out.append(("an unknown key", edit(lambda m: m.update(unknown_key=1))))
    out.append(("run without git_revision", edit(lambda m: m["run"].pop("git_revision"))))
    out.append(("start_utc not ISO 8601", edit(lambda m: m["run"].update(start_utc="today"))))
    m = copy.deepcopy(js)
    m["metrics"]["planted_nan"] = float("nan")
    out.append(("a bare NaN token", json.dumps(m, indent=2)))
    return out


def main(argv):
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        print("schema_mutants: no jsonschema: skipped")
        return 77
    schema, files = argv[0], argv[1:]
    bad = 0
    for path in files:
        with open(path) as f:
            text = f.read()
        n = failures(schema, text)
        if n:
            print("schema_mutants: FAILED: %s does not pass the schema (%d failures)" % (path, n))
            bad += 1
            continue
        for what, mutant in mutants(json.loads(text)):
            if failures(schema, mutant) == 0:
                print("schema_mutants: FAILED: %s %s passes the schema" % (path, what))
                bad += 1
    print("schema_mutants: %s" % ("ok" if not bad else "%d failures" % bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
