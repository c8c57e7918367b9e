"""The crash run: clients write over HTTP while the server is killed with SIGKILL at random moments
and started again; then every acknowledged write is looked for, and the database, the documents,
the audit chain and the mail are checked for what a crash could leave half-written."""
import hashlib
import os
import random
import statistics
import subprocess
import threading
import time

import clients
from node import Node


class Stop(threading.Event):
    hard = False


def run(binary, backend, pg_url, sink, workdir, cycles, applicants, say):
    node = Node(binary, backend, pg_url, sink.port, workdir)
    try:
        return _run(node, sink, cycles, applicants, say)
    finally:
        if node.proc and node.proc.poll() is None:
            node.stop()
        node.drop()


def _run(node, sink, cycles, applicants, say):
    first = node.start()
    if first is None:
        raise RuntimeError("the server did not start")
    wait_seeded(node)
    tokens = {u: node.token(u) for u in ("demo-applicant", "demo-officer")}
    journal, stop = clients.Journal(), Stop()
    def client(fn, user):
        api = clients.Api(node.base, tokens[user], journal, stop)
        return threading.Thread(target=journal.guard, args=(fn, api, journal, stop))

    threads = [client(clients.applicant, "demo-applicant") for _ in range(applicants)]
    threads.append(client(clients.officer, "demo-officer"))
    for t in threads:
        t.start()
    restarts, failed_starts = [], 0
    rng = random.Random(os.getpid())
    for cycle in range(cycles):
        time.sleep(rng.uniform(0.3, 2.5))
        node.kill()
        # Every few cycles the kill lands inside the start itself (migrations, the demo's seeding).
        if cycle % 4 == 3:
            node.proc = None
            _start_and_kill_early(node, rng)
        took = node.start()
        if took is None:
            failed_starts += 1
            took = node.start()
            if took is None:
                raise RuntimeError(f"the server does not start again after cycle {cycle}")
        restarts.append(took)
        say(f"  {node.backend}: cycle {cycle + 1}/{cycles}, restarted in {took:.2f} s, "
            f"{sum(len(v) for v in journal.acked.values())} acknowledged writes")
    stop.set()
    for t in threads:
        t.join(timeout=120)
    figures = verify(node, journal, sink)
    figures.update(cycles=cycles, restart_median_s=statistics.median(restarts), restart_max_s=max(restarts),
                   failed_starts=failed_starts, retries=journal.retries,
                   server_errors=len(journal.server_errors), refusals=len(journal.refusals),
                   errors_logged=len(node.errors_logged()), clients_crashed=journal.crashed)
    figures["examples"] = (journal.server_errors + journal.refusals)[:5]
    return figures


def _start_and_kill_early(node, rng):
    node.proc = subprocess.Popen([node.binary, "demo", "run"], env=node.env, stdout=node.log,
                                 stderr=subprocess.STDOUT)
    time.sleep(rng.uniform(0.0, 0.4))
    node.kill()


def wait_seeded(node):
    for _ in range(600):
        with open(node.log.name, "rb") as f:
            if b"API token of demo-applicant" in f.read():
                return
        time.sleep(0.1)
    raise RuntimeError("the demo was not seeded")


def verify(node, journal, sink):
    """Looks for every acknowledged write through the API, then checks the stored whole."""
    api = clients.Api(node.base, node.token("demo-applicant"), clients.Journal(), Stop())
    lost = {}

    def miss(kind, fact):
        lost.setdefault(kind, []).append(fact)

    acked = journal.acked
    for key, did in acked.get("draft", []):
        if api.once("GET", f"/api/v1/applications/{did}")[0] != 200:
            miss("draft", did)
    submitted = set(acked.get("submission", []))
    for did in submitted:
        status, app = api.once("GET", f"/api/v1/applications/{did}")
        if status != 200 or app.get("stage") == "draft" or not app.get("number"):
            miss("submission", did)
    for did, section in acked.get("section", []):
        if did in submitted:
            continue
        status, draft = api.once("GET", f"/api/v1/drafts/{did}")
        if status != 200 or not all(draft["answers"].get(f"{section}.{k}") == v
                                    for k, v in clients.SECTIONS[section].items()):
            miss("section", (did, section))
    docs_checked, docs_bytes = 0, 0
    for did, item, sha in acked.get("document", []):
        status, docs = api.once("GET", f"/api/v1/applications/{did}/documents")
        match = [d for d in docs if d["item_key"] == item and d["sha256"] == sha] if status == 200 else []
        if not match:
            miss("document", (did, item))
            continue
        status, body = api.once("GET", f"/api/v1/applications/{did}/documents/{match[0]['id']}")
        if status != 200 or hashlib.sha256(body).hexdigest() != sha:
            miss("document", (did, item))
        docs_checked, docs_bytes = docs_checked + 1, docs_bytes + len(body)
    duplicates = 0
    for did, subject in acked.get("message", []):
        status, msgs = api.once("GET", f"/api/v1/applications/{did}/messages")
        n = sum(1 for m in msgs if m.get("subject") == subject) if status == 200 else 0
        if n == 0:
            miss("message", (did, subject))
        duplicates += max(0, n - 1)
    for fid, action in acked.get("decision", []):
        status, app = api.once("GET", f"/api/v1/applications/{fid}")
        if status != 200 or app.get("stage") in ("draft", "submitted"):
            miss("decision", (fid, action))
    figures = {"acked": {k: len(v) for k, v in acked.items()}, "lost": {k: len(v) for k, v in lost.items()},
               "lost_examples": {k: v[:3] for k, v in lost.items()}, "documents_downloaded": docs_checked,
               "documents_bytes": docs_bytes}
    drafts_made = int(node.one("SELECT count(*) FROM applications WHERE type_id = 'visitor-visa'"))
    figures["duplicates"] = duplicates + max(0, drafts_made - len(acked.get("draft", [])))
    figures.update(stored_checks(node))
    figures.update(mail_checks(node, sink))
    return figures


def stored_checks(node):
    """What a crash could leave half-written, asked of the database and the object folder."""
    half = {}
    half["submitted without its timeline entry"] = int(node.one(
        "SELECT count(*) FROM applications a WHERE a.submitted_at IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM application_events e WHERE e.application_id = a.id AND e.kind = 'submitted')"))
    half["submitted without its mail"] = int(node.one(
        "SELECT (SELECT count(*) FROM applications WHERE submitted_at IS NOT NULL) - "
        "(SELECT count(*) FROM outbox WHERE kind = 'application_submitted')"))
    keys = [r[0] for r in node.sql("SELECT object_key FROM documents")]
    objects = os.path.join(node.data, "objects")
    half["document row without its object"] = sum(1 for k in keys if not os.path.isfile(os.path.join(objects, k)))
    stored = set()
    for root, _, names in os.walk(os.path.join(objects, "documents")):
        stored.update(os.path.relpath(os.path.join(root, n), objects) for n in names)
    uploads = os.path.join(node.data, "uploads")
    left = len(os.listdir(uploads)) if os.path.isdir(uploads) else 0
    out = {"half_written": half, "document_rows": len(keys), "orphan_objects": len(stored - set(keys)),
           "plaintext_uploads_left": left}
    code, text = node.cli("audit", "verify")
    out["audit_verify"] = text.splitlines()[-1] if text else ""
    out["audit_intact"] = code == 0
    if node.backend == "sqlite":
        out["sqlite_integrity"] = node.one("PRAGMA integrity_check")
    return out


def mail_checks(node, sink, timeout=90):
    """Waits for the outbox to drain into the SMTP server; every mail arrives, duplicates only
    under the same Message-ID."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if node.pending_mail() == 0:
            break
        time.sleep(0.2)
    drained = time.monotonic() - began
    domain = "portail.invalid"
    queued = {f"<{r[0]}@{domain}>" for r in node.sql("SELECT id FROM outbox")}
    received = sink.message_ids()
    got = set(received)
    return {"mail_queued": len(queued), "mail_delivered": len(queued & got), "mail_missing": len(queued - got),
            "mail_unknown": len(got - queued), "mail_resent_same_id": len(received) - len(got),
            "mail_failed": int(node.one("SELECT count(*) FROM outbox WHERE failed_at IS NOT NULL")),
            "mail_drain_s": round(drained, 2)}
