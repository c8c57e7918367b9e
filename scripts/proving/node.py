"""One portail process under test (the release binary in demo mode, so the demo's own seeding is
crashed too) and direct access to its database for the checks that the API cannot see."""
import json
import os
import signal
import sqlite3
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid

from smtp_sink import _free_port


class Node:
    def __init__(self, binary, backend, pg_url, smtp_port, workdir):
        self.binary, self.backend = binary, backend
        self.data = os.path.join(workdir, "data")
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(workdir, "server.log"), "ab")
        self.proc = None
        self.env = dict(os.environ, PORTAIL_DATA_DIR=self.data, PORTAIL_LISTEN=f"127.0.0.1:{self.port}",
                        PORTAIL_WEB__PUBLIC_URL=self.base, PORTAIL_WEB__API_PER_SECOND="100000",
                        PORTAIL_LOG_FORMAT="json", PORTAIL_MAIL__MODE="smtp",
                        PORTAIL_MAIL__SMTP_PORT=str(smtp_port), PORTAIL_MAIL__POLL_MILLIS="200",
                        RUST_LOG="info,sqlx=warn")
        self.pg_db = None
        if backend == "postgres":
            self.pg_db = f"portail_prove_{uuid.uuid4().hex[:12]}"
            psql(pg_url, f'CREATE DATABASE "{self.pg_db}"')
            self.pg_admin = pg_url
            self.pg_url = pg_url.rsplit("/", 1)[0] + "/" + self.pg_db
            self.env["PORTAIL_DATABASE_URL"] = self.pg_url

    # The process.
    def start(self):
        """Starts the server; returns the seconds until `/readyz` answers 200 (None: it exited)."""
        began = time.monotonic()
        self.proc = subprocess.Popen([self.binary, "demo", "run"], env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        while time.monotonic() - began < 120:
            if self.proc.poll() is not None:
                return None
            try:
                with urllib.request.urlopen(self.base + "/readyz", timeout=2) as r:
                    if r.status == 200:
                        return time.monotonic() - began
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.02)
        return None

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()

    def cli(self, *args):
        """Runs `portail ARGS` on the same data and database; (exit code, output)."""
        out = subprocess.run([self.binary, *args], env=self.env, capture_output=True, text=True)
        return out.returncode, (out.stdout + out.stderr).strip()

    def token(self, username):
        code, out = self.cli("demo", "token", username)
        if code != 0:
            raise RuntimeError(f"demo token {username}: {out}")
        return out.splitlines()[-1].strip()

    def errors_logged(self):
        with open(self.log.name, "rb") as f:
            lines = [json.loads(l) for l in f if l.startswith(b"{")]
        return [l for l in lines if l.get("level") == "ERROR"]

    # The database.
    def sql(self, query):
        """Rows of one query (SQLite read-only, or PostgreSQL through psql), as tuples of text."""
        if self.backend == "sqlite":
            con = sqlite3.connect(f"file:{self.data}/portail.db?mode=ro", uri=True)
            try:
                return [tuple(_text(v) for v in row) for row in con.execute(query)]
            finally:
                con.close()
        out = psql(self.pg_url, query)
        return [tuple(line.split("|")) for line in out.splitlines() if line]

    def one(self, query):
        return self.sql(query)[0][0]

    def pending_mail(self):
        """Mails queued or retrying, not yet at the SMTP server."""
        return int(self.one("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL"))

    def pg_admin_one(self, query):
        return psql(self.pg_admin, query).strip()

    def drop(self):
        if self.pg_db:
            psql(self.pg_admin, f'DROP DATABASE IF EXISTS "{self.pg_db}" WITH (FORCE)')


def _text(v):
    if isinstance(v, bytes) and len(v) == 16:
        return str(uuid.UUID(bytes=v))
    return "" if v is None else str(v)


def psql(url, query):
    out = subprocess.run(["psql", url, "-AtqX", "-v", "ON_ERROR_STOP=1", "-c", query], capture_output=True,
                         text=True)
    if out.returncode != 0:
        raise RuntimeError(f"psql: {out.stderr.strip()}")
    return out.stdout


def scratch():
    return tempfile.mkdtemp(prefix="portail-prove-")
