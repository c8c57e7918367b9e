"""`scripts/prove`: runs the experiments against real processes, prints their figures, writes them
as JSON (and, at full scale, docs/reliability.md), and fails when one breaks a promise."""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys

import crash
import faults
import hostile
import report
from node import scratch
from smtp_sink import SmtpSink

SCALES = {
    "ci": {"cycles": 10, "applicants": 3, "smtp_outage_s": 15, "pg_cuts": 3, "uploads": 6, "upload_mib": 4},
    "full": {"cycles": 200, "applicants": 6, "smtp_outage_s": 180, "pg_cuts": 10, "uploads": 20, "upload_mib": 8},
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--scale", choices=SCALES, default="full")
    p.add_argument("--backends", default="sqlite,postgres")
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/test")
    p.add_argument("--out", default="target/prove")
    p.add_argument("--docs", help="write the markdown report here")
    p.add_argument("--fuzz", help="the figures of scripts/fuzz (one JSON line a target)")
    a = p.parse_args()
    scale = SCALES[a.scale]
    os.makedirs(a.out, exist_ok=True)
    results = {"scale": a.scale, "date": datetime.date.today().isoformat(), "commit": _commit(), "crash": {}}
    if a.fuzz:
        results["fuzz"] = _fuzz_figures(a.fuzz)
    print("== the upload corpus (scripts/proving/corpus.py) through the API", flush=True)
    results["uploads"] = _isolated(lambda w, s: hostile.upload_corpus(a.bin, s, w))
    backends = a.backends.split(",")
    results["faults"] = {}
    for backend in backends:
        print(f"== crash run on {backend}: {scale['cycles']} SIGKILL cycles, {scale['applicants']} applicants "
              f"and an officer", flush=True)
        results["crash"][backend] = _isolated(lambda w, s, b=backend: crash.run(
            a.bin, b, a.pg_url, s, w, scale["cycles"], scale["applicants"], lambda t: print(t, flush=True)))
        got = results["faults"].setdefault(backend, {})
        print(f"== {backend}: the SMTP server down for {scale['smtp_outage_s']} s", flush=True)
        got["smtp_outage"] = _isolated(lambda w, s, b=backend: faults.smtp_outage(
            a.bin, b, a.pg_url, s, w, scale["smtp_outage_s"], scale["applicants"]))
        print(f"== {backend}: SIGTERM with {scale['uploads']} uploads in flight", flush=True)
        got["sigterm_uploads"] = _isolated(lambda w, s, b=backend: faults.sigterm_uploads(
            a.bin, b, a.pg_url, s, w, scale["uploads"], scale["upload_mib"] * 1024 * 1024))
        if backend == "sqlite":
            print("== sqlite: the data folder full, then room made again", flush=True)
            got["disk_full"] = _isolated(lambda w, s: faults.disk_full(a.bin, s, w))
        if backend == "postgres":
            print(f"== postgres: every connection cut {scale['pg_cuts']} times under load", flush=True)
            got["pg_cuts"] = _isolated(lambda w, s: faults.pg_cuts(a.bin, a.pg_url, s, w, scale["pg_cuts"],
                                                                   scale["applicants"]))
    with open(os.path.join(a.out, "figures.json"), "w") as f:
        json.dump(results, f, indent=2, default=str)
    text = report.markdown(results)
    print(text)
    if a.docs:
        with open(a.docs, "w") as f:
            f.write(text)
    broken = report.broken_promises(results)
    for b in broken:
        print("FAILED:", b, file=sys.stderr)
    sys.exit(1 if broken else 0)


def _fuzz_figures(path):
    """One row a target; a target that did not even report (the build failed) counts as crashed."""
    rows = []
    if os.path.exists(path):
        with open(path) as f:
            rows = [json.loads(line) for line in f if line.strip()]
    return rows or [{"target": "(the fuzz build)", "seconds": 0, "runs": 0, "coverage": 0, "corpus": 0,
                     "crashed": True}]


def _isolated(experiment):
    """Runs one experiment in its own folder with its own SMTP server."""
    workdir, sink = scratch(), SmtpSink().start()
    try:
        return experiment(workdir, sink)
    finally:
        sink.down()
        if os.environ.get("PROVE_KEEP") == "1":
            print(f"  kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def _commit():
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


if __name__ == "__main__":
    main()
