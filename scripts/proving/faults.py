"""Faults other than a crash, each against a running server with clients writing: the SMTP server
down and back, PostgreSQL connections cut under load, SIGTERM while uploads are in flight."""
import http.client
import os
import subprocess
import threading
import time
import urllib.parse

import clients
import crash
from node import Node


def smtp_outage(binary, backend, pg_url, sink, workdir, seconds, applicants):
    """Mail keeps being queued while the SMTP server refuses connections; pages keep answering;
    when it is back everything is delivered. Returns the figures."""
    node = Node(binary, backend, pg_url, sink.port, workdir)
    try:
        ready = start_seeded(node)
        journal, stop, threads = _clients(node, ready, applicants)
        sink.down()
        probes = _probe_while(node, ready["demo-applicant"], seconds)
        stop.set()
        for t in threads:
            t.join(timeout=120)
        sink.up()
        back = time.monotonic()
        while node.pending_mail() and time.monotonic() - back < 120:
            time.sleep(0.05)
        drained = time.monotonic() - back
        figures = crash.verify(node, journal, sink)
        figures.update(outage_s=seconds, page_probes=probes[0], page_probes_failed=probes[1],
                       drain_after_outage_s=round(drained, 2), server_errors=len(journal.server_errors),
                       refusals=len(journal.refusals), clients_crashed=journal.crashed,
                       examples=(journal.server_errors + journal.refusals)[:5])
        return figures
    finally:
        close(node)


def pg_cuts(binary, pg_url, sink, workdir, cuts, applicants):
    """`pg_terminate_backend` on every connection of the server, `cuts` times, 1 s apart, under
    load: requests fail cleanly meanwhile (an error page or JSON, never a hang), `/readyz` tells,
    and everything works again without a restart."""
    node = Node(binary, "postgres", pg_url, sink.port, workdir)
    try:
        ready = start_seeded(node)
        journal, stop, threads = _clients(node, ready, applicants)
        killed, not_ready = 0, 0
        for _ in range(cuts):
            time.sleep(1.0)
            killed += int(node.pg_admin_one(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                f"WHERE datname = '{node.pg_db}' AND pid <> pg_backend_pid()"))
            not_ready += int(_status(node, "/readyz") != 200)
        cut_over = time.monotonic()
        while _status(node, "/readyz") != 200 and time.monotonic() - cut_over < 30:
            time.sleep(0.05)
        recovered = time.monotonic() - cut_over
        acked_before = sum(len(v) for v in journal.acked.values())
        time.sleep(2.0)
        writes_after = sum(len(v) for v in journal.acked.values()) - acked_before
        stop.set()
        for t in threads:
            t.join(timeout=120)
        figures = crash.verify(node, journal, sink)
        figures.update(cuts=cuts, connections_cut=killed, readyz_503_seen=not_ready,
                       recovered_s=round(recovered, 2), writes_in_2s_after=writes_after,
                       failed_cleanly=len(journal.server_errors), refusals=len(journal.refusals),
                       clients_crashed=journal.crashed, server_errors=0, examples=journal.refusals[:5])
        return figures
    finally:
        close(node)


def sigterm_uploads(binary, backend, pg_url, sink, workdir, uploads, size):
    """SIGTERM while `uploads` documents of `size` bytes are being sent: each is finished (and
    then kept) or refused, nothing is half-stored, the server starts again."""
    node = Node(binary, backend, pg_url, sink.port, workdir)
    try:
        ready = start_seeded(node)
        api = clients.Api(node.base, ready["demo-applicant"], clients.Journal(), crash.Stop())
        drafts = []
        for _ in range(uploads):
            _, d = api.once("POST", "/api/v1/drafts", {"type_id": "visitor-visa"})
            drafts.append(d["id"])
        _, items = api.once("GET", f"/api/v1/drafts/{drafts[0]}/checklist")
        item = next(i["key"] for i in items if i["required"])
        results = [None] * uploads

        def send(i):
            results[i] = _slow_upload(node, ready["demo-applicant"], drafts[i], item, size)

        threads = [threading.Thread(target=send, args=(i,)) for i in range(uploads)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        began = time.monotonic()
        node.stop()
        stopped_in = time.monotonic() - began
        for t in threads:
            t.join(timeout=60)
        restarted = node.start()
        finished = [r for r in results if r and r[0] == 201]
        kept = 0
        for did in drafts:
            status, docs = api.once("GET", f"/api/v1/applications/{did}/documents")
            kept += len(docs) if status == 200 else 0
        stored = crash.stored_checks(node)
        return {"uploads": uploads, "size_mib": size // (1024 * 1024), "finished": len(finished),
                "refused_or_cut": uploads - len(finished), "kept": kept, "stopped_in_s": round(stopped_in, 2),
                "restarted": restarted is not None, **stored}
    finally:
        close(node)


def disk_full(binary, sink, workdir, size_mib=48):
    """The data folder (SQLite file, documents, received files) on a small file system filled to
    the brim: writes are refused with a message (503, `storage-full`), nothing is half-stored, and
    once room is made everything works again without a restart. Needs `mount` (root)."""
    data = os.path.join(workdir, "data")
    os.makedirs(data, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mib}m", "tmpfs", data],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        return {"skipped": "a small file system cannot be mounted here: " + mounted.stderr.strip()[:120]}
    node = Node(binary, "sqlite", "", sink.port, workdir)
    try:
        ready = start_seeded(node)
        api = clients.Api(node.base, ready["demo-applicant"], clients.Journal(), crash.Stop())
        ballast = os.path.join(data, "ballast")
        st = os.statvfs(data)
        with open(ballast, "wb") as f:
            left = st.f_bavail * st.f_frsize - 128 * 1024
            while left > 0:
                n = f.write(b"\0" * min(left, 1 << 20))
                left -= n
        full = _write_round(api, 12, 1 << 20)
        ready_full = _status(node, "/readyz")
        os.remove(ballast)
        room_made = time.monotonic()
        while _status(node, "/readyz") != 200 and time.monotonic() - room_made < 60:
            time.sleep(0.2)
        ready_again = time.monotonic() - room_made
        after = _write_round(api, 6, 64 * 1024)
        stored = crash.stored_checks(node)
        return {"while_full": full, "readyz_while_full": ready_full, "after": after,
                "ready_again_s": round(ready_again, 1),
                "readyz_after": _status(node, "/readyz"), **stored}
    finally:
        close(node)
        subprocess.run(["umount", "-l", data], capture_output=True)


def _write_round(api, n, size):
    """Starts `n` drafts, each with one upload of `size` bytes; the answers by status and code."""
    seen = {}
    for _ in range(n):
        status, body = api.once("POST", "/api/v1/drafts", {"type_id": "visitor-visa"})
        _count(seen, status, body)
        if status != 201:
            continue
        did = body["id"]
        _, items = api.once("GET", f"/api/v1/drafts/{did}/checklist")
        item = next(i["key"] for i in items if i["required"]) if isinstance(items, list) else "x"
        status, body = api.once("PUT", f"/api/v1/drafts/{did}/documents/{urllib.parse.quote(item, safe='')}",
                                raw=clients.unique_pdf(padding=size),
                                headers={"Content-Type": "application/octet-stream", "X-File-Name": "a.pdf"})
        _count(seen, status, body)
    return seen


def _count(seen, status, body):
    code = body.get("error", {}).get("code", "") if isinstance(body, dict) else ""
    key = f"{status} {code}".strip()
    seen[key] = seen.get(key, 0) + 1


def _slow_upload(node, token, did, item, size):
    """Sends a PDF in 64 KiB pieces, 20 ms apart, so the upload is in flight for a while."""
    u = urllib.parse.urlparse(node.base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    body = clients.unique_pdf(padding=size)
    try:
        conn.putrequest("PUT", f"/api/v1/drafts/{did}/documents/{urllib.parse.quote(item, safe='')}")
        for k, v in (("Authorization", "Bearer " + token), ("Content-Type", "application/octet-stream"),
                     ("X-File-Name", "big.pdf"), ("Content-Length", str(len(body)))):
            conn.putheader(k, v)
        conn.endheaders()
        for i in range(0, len(body), 65536):
            conn.send(body[i:i + 65536])
            time.sleep(0.02)
        res = conn.getresponse()
        return res.status, res.read()[:200]
    except (OSError, http.client.HTTPException) as e:
        return None, repr(e)
    finally:
        conn.close()


def start_seeded(node):
    if node.start() is None:
        raise RuntimeError("the server did not start")
    crash.wait_seeded(node)
    return {u: node.token(u) for u in ("demo-applicant", "demo-officer")}


def _clients(node, tokens, applicants):
    journal, stop = clients.Journal(), crash.Stop()
    threads = []
    for fn, user, n in ((clients.applicant, "demo-applicant", applicants), (clients.officer, "demo-officer", 1)):
        for _ in range(n):
            api = clients.Api(node.base, tokens[user], journal, stop)
            threads.append(threading.Thread(target=journal.guard, args=(fn, api, journal, stop)))
    for t in threads:
        t.start()
    return journal, stop, threads


def _probe_while(node, token, seconds):
    """Asks for the home page and the API list every 0.2 s; (asked, answered other than 200)."""
    asked = failed = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for path, auth in (("/", None), ("/api/v1/applications", token)):
            asked += 1
            failed += int(_status(node, path, auth) != 200)
        time.sleep(0.2)
    return asked, failed


def _status(node, path, token=None):
    u = urllib.parse.urlparse(node.base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        conn.request("GET", path, headers={"Authorization": "Bearer " + token} if token else {})
        res = conn.getresponse()
        res.read()
        return res.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def close(node):
    if node.proc and node.proc.poll() is None:
        node.stop()
    node.drop()
