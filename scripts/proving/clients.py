"""The people of the crash runs, over HTTP: applicants who start drafts, save sections, upload,
pay, submit and write messages; an officer who acknowledges and decides. Each keeps a journal of
what the server acknowledged; a request cut by a crash is retried as a person would (the same
idempotency key) until it gets an answer."""
import hashlib
import http.client
import json
import os
import random
import threading
import time
import urllib.parse
import uuid

SECTIONS = {
    "personal": {"family_name": "Prove", "given_names": "Run", "date_of_birth": "1990-04-25", "sex": "f",
                 "country_of_birth": "PL", "citizenship": "FR", "marital_status": "married"},
    "passport": {"number": "AB123456", "issued_by": "FR", "issued_on": "2025-01-01", "expiry": "2035-01-01"},
    "contact": {"phone": "+33 1 23 45 67 89", "address": "1 rue Pierre, Paris", "residence": "FR"},
    "trip": {"purpose": "family", "arrival": "2031-06-01", "departure": "2031-06-20", "funds": "5000",
             "host_name": "Irène Joliot-Curie"},
    "background": {"refused_before": "no", "criminal": "no"},
}
CARD = {"card_number": "4242 4242 4242 4242", "card_expiry": "12/35", "card_name": "Run Prove"}


def unique_pdf(padding=0):
    """A valid PDF whose bytes (and so SHA-256) are new each time, `padding` bytes of comments
    larger than the smallest."""
    filler = b"".join(b"%" + b"x" * 98 + b"\n" for _ in range(padding // 100))
    body = (b"%PDF-1.4\n% " + os.urandom(12).hex().encode() + b"\n" + filler + b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n"
            b"endobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page "
            b"/Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n")
    offsets = [body.index(n) for n in (b"1 0 obj", b"2 0 obj", b"3 0 obj")]
    xref = len(body)
    body += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return body + b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


class Journal:
    """What the server acknowledged, by kind; and what went wrong."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acked = {}  # kind -> list of facts
        self.retries = 0
        self.server_errors = []  # (method, path, status, body)
        self.refusals = []  # unexpected 4xx
        self.crashed = []  # exceptions that ended a client

    def guard(self, client, *args):
        """Runs a client; an exception that ends it is kept (and fails the run)."""
        try:
            client(*args)
        except Exception as e:  # noqa: BLE001 — kept for the report, never swallowed
            import traceback
            with self.lock:
                self.crashed.append(f"{client.__name__}: {e!r} {traceback.format_exc(limit=3)}")

    def ack(self, kind, fact):
        with self.lock:
            self.acked.setdefault(kind, []).append(fact)

    def count(self, kind):
        with self.lock:
            return len(self.acked.get(kind, []))


class Api:
    def __init__(self, base, token, journal, stop):
        u = urllib.parse.urlparse(base)
        self.host, self.port = u.hostname, u.port
        self.token, self.journal, self.stop = token, journal, stop

    def once(self, method, path, body=None, raw=None, headers=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            h = {"Authorization": "Bearer " + self.token, **(headers or {})}
            data = raw
            if body is not None:
                data, h["Content-Type"] = json.dumps(body).encode(), "application/json"
            conn.request(method, path, body=data, headers=h)
            res = conn.getresponse()
            payload = res.read()
            ctype = res.getheader("content-type", "")
            return res.status, (json.loads(payload) if payload and ctype.startswith("application/json") else payload)
        finally:
            conn.close()

    def call(self, method, path, expect, **kw):
        """Retries through crashes (the same request, so the same key) until an answer comes;
        returns (status, body), or None when the run stopped meanwhile."""
        while True:
            try:
                status, body = self.once(method, path, **kw)
            except (OSError, http.client.HTTPException):
                if self.stop.is_set() and self.stop.hard:
                    return None
                self.journal.retries += 1
                time.sleep(0.05)
                continue
            if status >= 500:
                self.journal.server_errors.append((method, path, status, str(body)[:200]))
                time.sleep(0.05)
                continue
            if status not in expect:
                self.journal.refusals.append((method, path, status, str(body)[:200]))
            return status, body


def applicant(api, journal, stop):
    while not stop.is_set():
        key = uuid.uuid4().hex
        r = api.call("POST", "/api/v1/drafts", (200, 201), body={"type_id": "visitor-visa"},
                     headers={"Idempotency-Key": key})
        if r is None or r[0] not in (200, 201):
            return
        did = r[1]["id"]
        journal.ack("draft", (key, did))
        if not file_one(api, journal, did, key):
            return


def file_one(api, journal, did, key):
    """Takes one draft from its sections to a message after its submission."""
    for section, answers in SECTIONS.items():
        r = api.call("PUT", f"/api/v1/drafts/{did}/sections/{section}", (200,), body={"answers": answers})
        if r is None or r[0] != 200:
            return False
        journal.ack("section", (did, section))
    r = api.call("GET", f"/api/v1/drafts/{did}/checklist", (200,))
    if r is None or r[0] != 200:
        return False
    for item in (i for i in r[1] if i["required"]):
        pdf = unique_pdf()
        path = f"/api/v1/drafts/{did}/documents/{urllib.parse.quote(item['key'], safe='')}"
        r = api.call("PUT", path, (201,), raw=pdf,
                     headers={"Content-Type": "application/octet-stream", "X-File-Name": "scan.pdf"})
        if r is None or r[0] != 201:
            return False
        journal.ack("document", (did, item["key"], hashlib.sha256(pdf).hexdigest()))
    r = api.call("POST", f"/api/v1/drafts/{did}/payment", (204,), body=CARD)
    if r is None or r[0] != 204:
        return False
    journal.ack("payment", did)
    r = api.call("POST", f"/api/v1/drafts/{did}/submission", (200, 201),
                 body={"declaration_name": "Run Prove", "agree": True}, headers={"Idempotency-Key": key})
    if r is None or r[0] not in (200, 201):
        return False
    journal.ack("submission", did)
    subject = f"About {key}"
    r = api.call("POST", f"/api/v1/applications/{did}/messages", (200, 201),
                 body={"subject": subject, "body": "A question about my file."}, headers={"Idempotency-Key": key})
    if r is None or r[0] not in (200, 201):
        return False
    journal.ack("message", (did, subject))
    return True


def officer(api, journal, stop):
    """Acknowledges submitted files, starts them and approves them, one step at a time."""
    steps = {"submitted": "acknowledge", "received": "start", "in_progress": "approve"}
    while not stop.is_set():
        r = api.call("GET", "/api/v1/office/queue?limit=50", (200,))
        if r is None:
            return
        todo = [i for i in r[1].get("items", []) if i["stage"] in steps and i["type_id"] == "visitor-visa"]
        if not todo:
            time.sleep(0.1)
            continue
        item = random.choice(todo)
        r = api.call("GET", f"/api/v1/office/files/{item['id']}", (200,))
        if r is None or r[0] != 200:
            continue
        stage, version = r[1]["stage"], r[1]["version"]
        if stage not in steps:
            continue
        action = steps[stage]
        # A retry after a crash that had committed meets a new version: 409, and nothing twice.
        r = api.call("POST", f"/api/v1/office/files/{item['id']}/decisions", (204, 409),
                     body={"action": action, "version": version, "reasons": ""})
        if r is not None and r[0] == 204:
            journal.ack("decision", (item["id"], action))
