#!/usr/bin/env python3
"""Seeds the demo's first user with an application through the API, then walks every id that
user can list and asks for each with the second user's token: every answer must be a 404 (or
an empty list), never that user's data.

    api_seed_and_cross_check.py seed  BASE TOKEN_A
    api_seed_and_cross_check.py cross BASE TOKEN_A TOKEN_B
"""
import json
import os
import sys
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "proving"))
from clients import SECTIONS, unique_pdf as pdf  # noqa: E402 — the same answers as the crash runs


def call(base, token, method, path, body=None, raw=None, headers=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + token)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req) as res:
            payload = res.read()
            return res.status, (json.loads(payload) if payload and res.headers.get("content-type", "").startswith("application/json") else payload)
    except urllib.error.HTTPError as e:
        payload = e.read()
        try:
            return e.code, json.loads(payload)
        except ValueError:
            return e.code, payload


def seed(base, token):
    status, draft = call(base, token, "POST", "/api/v1/drafts", {"type_id": "visitor-visa"})
    assert status == 201, (status, draft)
    did = draft["id"]
    for section, answers in SECTIONS.items():
        status, out = call(base, token, "PUT", f"/api/v1/drafts/{did}/sections/{section}", {"answers": answers})
        assert status == 200, (section, status, out)
    status, items = call(base, token, "GET", f"/api/v1/drafts/{did}/checklist")
    for item in items:
        if item["required"]:
            key = urllib.request.quote(item["key"], safe="")
            status, out = call(base, token, "PUT", f"/api/v1/drafts/{did}/documents/{key}", raw=pdf(),
                               headers={"Content-Type": "application/octet-stream", "X-File-Name": "scan.pdf"})
            assert status == 201, (item, status, out)
    card = {"card_number": "4242 4242 4242 4242", "card_expiry": "12/35", "card_name": "Marie Curie"}
    assert call(base, token, "POST", f"/api/v1/drafts/{did}/payment", card)[0] == 204
    status, out = call(base, token, "POST", f"/api/v1/drafts/{did}/submission",
                       {"declaration_name": "Marie Curie", "agree": True}, headers={"Idempotency-Key": "seed"})
    assert status == 201, (status, out)
    status, out = call(base, token, "POST", f"/api/v1/applications/{did}/messages",
                       {"subject": "Hello", "body": "A message."}, headers={"Idempotency-Key": "seed"})
    assert status == 201, (status, out)
    status, _ = call(base, token, "POST", "/api/v1/drafts", {"type_id": "study-permit"})
    assert status == 201
    print(f"seeded: submitted {did} and a second draft")


def cross(base, token_a, token_b):
    paths = []
    status, apps = call(base, token_a, "GET", "/api/v1/applications?limit=100")
    assert status == 200 and apps["items"], (status, apps)
    for a in apps["items"]:
        aid = a["id"]
        paths += [f"/api/v1/applications/{aid}", f"/api/v1/applications/{aid}/timeline",
                  f"/api/v1/applications/{aid}/documents", f"/api/v1/applications/{aid}/messages",
                  f"/api/v1/applications/{aid}/requests", f"/api/v1/drafts/{aid}", f"/api/v1/drafts/{aid}/checklist",
                  f"/api/v1/drafts/{aid}/fee", f"/api/v1/pr/files/{aid}", f"/api/v1/office/files/{aid}"]
        status, docs = call(base, token_a, "GET", f"/api/v1/applications/{aid}/documents")
        if status == 200:
            paths += [f"/api/v1/applications/{aid}/documents/{d['id']}" for d in docs]
    status, letters = call(base, token_a, "GET", "/api/v1/letters")
    paths += [f"/api/v1/letters/{l['id']}/pdf" for l in letters]
    leaks = []
    for p in paths:
        status, body = call(base, token_b, "GET", p)
        if status != 404:
            leaks.append((p, status))
    # Changes asked with the second user's token: all 404, and the first user's files unchanged.
    writes = 0
    for a in apps["items"]:
        aid = a["id"]
        for method, p, body in [("DELETE", f"/api/v1/drafts/{aid}", None),
                                ("POST", f"/api/v1/applications/{aid}/withdrawal", {"confirm": True}),
                                ("POST", f"/api/v1/pr/files/{aid}/presence", {"presence": "outside"})]:
            writes += 1
            status, _ = call(base, token_b, method, p, body)
            if status != 404:
                leaks.append((method + " " + p, status))
    status, after = call(base, token_a, "GET", "/api/v1/applications?limit=100")
    if [(x["id"], x["stage"]) for x in after["items"]] != [(x["id"], x["stage"]) for x in apps["items"]]:
        leaks.append(("the first user's files changed", status))
    for p, status in [("/api/v1/applications", 200), ("/api/v1/letters", 200)]:
        s, body = call(base, token_b, "GET", p)
        items = body.get("items", body) if isinstance(body, dict) else body
        if s != status or any(x.get("id") in {a["id"] for a in apps["items"]} for x in items):
            leaks.append((p, s))
    print(f"cross-user check: {len(paths)} reads and {writes} changes of the first user's files asked with the "
          f"second user's token, {len(leaks)} answered")
    if leaks:
        print(leaks)
        sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed(sys.argv[2], sys.argv[3])
    else:
        cross(sys.argv[2], sys.argv[3], sys.argv[4])
