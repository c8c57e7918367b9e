"""The upload corpus (corpus.py) sent through the API, one draft each: the verdict of every file
compared with the expected one, and what must hold of the kept ones (their names, no GPS)."""
import urllib.parse

import clients
import corpus
import crash
import faults
from node import Node

RESERVED_NAMES = {"passwd.pdf", "boot.ini.pdf", "_CON.pdf", "_aux.pdf", "htaccess.pdf"}


def upload_corpus(binary, sink, workdir):
    node = Node(binary, "sqlite", "", sink.port, workdir)
    try:
        ready = faults.start_seeded(node)
        api = clients.Api(node.base, ready["demo-applicant"], clients.Journal(), crash.Stop())
        differences, server_errors, tried = [], 0, 0
        for what, name, data, status, code, holds in corpus.cases():
            tried += 1
            got = _upload(api, name, data)
            server_errors += int(got[0] >= 500)
            if (got[0], got[1]) != (status, code):
                differences.append(f"{what}: expected {status} {code}, got {got[0]} {got[1]}")
                continue
            if status == 201:
                problem = _check_kept(api, got[2], holds)
                if problem:
                    differences.append(f"{what}: {problem}")
        return {"files": tried, "differences": differences, "server_errors": server_errors}
    finally:
        faults.close(node)


def _upload(api, name, data):
    _, draft = api.once("POST", "/api/v1/drafts", {"type_id": "visitor-visa"})
    did = draft["id"]
    _, items = api.once("GET", f"/api/v1/drafts/{did}/checklist")
    item = next(i["key"] for i in items if i["required"])
    status, body = api.once("PUT", f"/api/v1/drafts/{did}/documents/{urllib.parse.quote(item, safe='')}", raw=data,
                            headers={"Content-Type": "application/octet-stream", "X-File-Name": name})
    code = None
    if isinstance(body, dict) and "error" in body:
        fields = body["error"].get("fields") or [{}]
        code = fields[0].get("code") or body["error"]["code"]
    return status, code, did


def _check_kept(api, did, holds):
    status, docs = api.once("GET", f"/api/v1/applications/{did}/documents")
    if status != 200 or not docs:
        return "answered 201 but not kept"
    name = docs[0]["file_name"]
    if holds.startswith("name ") and holds[5:] in RESERVED_NAMES and name != holds[5:]:
        return f"kept as {name!r}, expected {holds[5:]!r}"
    if holds == "name of 120 characters" and len(name) > 124:
        return f"kept a name of {len(name)} characters"
    if holds == "name without < > or quotes" and any(c in name for c in "<>\"'"):
        return f"kept the name {name!r}"
    if holds == "kept without the position":
        _, body = api.once("GET", f"/api/v1/applications/{did}/documents/{docs[0]['id']}")
        if b"GPS-SECRET" in body or b"eXIf" in body:
            return "the GPS position was kept"
    return None
