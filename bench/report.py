#!/usr/bin/env python3
"""The figures of scripts/bench: medians of its rounds as JSON, and the Markdown tables of
docs/performance.md made from that JSON.

  report.py RESULTS.tsv COMMIT CONNECTIONS DURATION ROUNDS > figures.json
  report.py --markdown figures.json
"""
import datetime
import json
import os
import statistics
import sys

PAGES = [
    ("home", "signed-in `/home`"),
    ("status", "a file's status page"),
    ("inbox", "`/inbox`"),
    ("office", "the office queue `/office`"),
    ("api-list", "`GET /api/v1/applications` (token)"),
]


def figures(tsv, commit, connections, duration, rounds):
    runs = {}
    for line in open(tsv, encoding="utf-8"):
        db, name, rps, p50, p99, bad = line.rstrip("\n").split("\t")
        runs.setdefault(db, {}).setdefault(name, []).append((float(rps), float(p50), float(p99), int(bad)))
    out = {
        "date": datetime.date.today().isoformat(),
        "commit": commit,
        "connections": int(connections),
        "duration_s": int(duration),
        "rounds": int(rounds),
        "cores": os.cpu_count(),
        "databases": {},
    }
    for db, named in runs.items():
        medians = {}
        for name, rs in named.items():
            if name == "idle-rss-kib":
                medians["idle_rss_mib"] = round(rs[0][0] / 1024, 1)
                continue
            # The run of median throughput, whole (its latencies belong to it).
            rs = sorted(rs)
            rps, p50, p99, bad = rs[len(rs) // 2]
            medians[name] = {"rps": rps, "p50_ms": p50, "p99_ms": p99, "errors": bad, "runs": [r[0] for r in rs]}
        ref = medians.get("fortunes", {}).get("rps")
        for name, m in medians.items():
            if isinstance(m, dict) and ref:
                m["ratio_to_fortunes"] = round(m["rps"] / ref, 2)
        ceiling = medians.get("commit-ceiling", {}).get("rps")
        if ceiling and "api-message" in medians:
            medians["api-message"]["ratio_to_commit_ceiling"] = round(medians["api-message"]["rps"] / ceiling, 2)
        out["databases"][db] = medians
    return out


def markdown(f):
    lines = [
        f"Run of {f['date']}, commit `{f['commit']}`, {f['cores']} cores, wrk `-t1 -c{f['connections']}`, "
        f"{f['rounds']} rounds × {f['duration_s']} s round-robin (the median round shown).",
        "",
    ]
    for db, m in f["databases"].items():
        ref = m.get("fortunes", {})
        lines += [f"### {'SQLite' if db == 'sqlite' else 'PostgreSQL'}", ""]
        lines += ["| page | requests/s | ÷ fortunes | p50 | p99 | errors |", "|---|---|---|---|---|---|"]
        row = lambda label, x: lines.append(
            f"| {label} | {x['rps']:,.0f} | {x.get('ratio_to_fortunes', 1):.2f} | {x['p50_ms']:.2f} ms | "
            f"{x['p99_ms']:.2f} ms | {x['errors']} |"
        )
        if ref:
            row("reference: fortunes (axum + sqlx + askama)", ref)
        for name, label in PAGES:
            if name in m:
                row(label, m[name])
        lines += ["", "| load | requests/s | p50 | p99 | refused or failed |", "|---|---|---|---|---|"]
        for name, label in [
            ("sign-in", "`POST /sign-in` alone (argon2id), 8 connections"),
            ("sign-in-storm", "`POST /sign-in` storm, 64 connections"),
            ("home-in-storm", "`/home` during that storm"),
            ("commit-ceiling", "the database's single-row commits (reference `POST /commit`)"),
            ("api-message", "a message through the API (one transaction, audited)"),
        ]:
            if name in m:
                x = m[name]
                lines.append(f"| {label} | {x['rps']:,.0f} | {x['p50_ms']:.2f} ms | {x['p99_ms']:.2f} ms | {x['errors']} |")
        if "idle_rss_mib" in m:
            lines += ["", f"Resident memory at idle after the demo's start: {m['idle_rss_mib']} MiB."]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1] == "--markdown":
        print(markdown(json.load(open(sys.argv[2], encoding="utf-8"))))
    else:
        print(json.dumps(figures(*sys.argv[1:6]), indent=1))
