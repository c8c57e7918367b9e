"""A real SMTP server over TCP for the experiments: it accepts every mail, keeps its Message-ID
and its recipients, and can be taken down and brought back (the SMTP-outage fault)."""
import socket
import socketserver
import threading
import time


class _Handler(socketserver.StreamRequestHandler):
    def handle(self):
        try:
            self._session()
        except OSError:
            pass  # the client was killed mid-session (the point of a crash run): nothing to report

    def _session(self):
        sink = self.server.sink
        self._send("220 prove-sink ESMTP")
        rcpt, data = [], None
        while True:
            line = self.rfile.readline(65536)
            if not line:
                return
            if data is not None:
                if line in (b".\r\n", b".\n"):
                    sink.received(rcpt, b"".join(data))
                    rcpt, data = [], None
                    self._send("250 2.0.0 queued")
                else:
                    data.append(line[1:] if line.startswith(b"..") else line)
                continue
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self._send("250 prove-sink")
            elif verb == b"MAIL":
                rcpt = []
                self._send("250 2.1.0 ok")
            elif verb == b"RCPT":
                rcpt.append(line[8:].strip().decode(errors="replace"))
                self._send("250 2.1.5 ok")
            elif verb == b"DATA":
                data = []
                self._send("354 end with <CRLF>.<CRLF>")
            elif verb == b"QUIT":
                self._send("221 bye")
                return
            else:  # RSET, NOOP and the rest
                self._send("250 ok")

    def _send(self, text):
        self.wfile.write(text.encode() + b"\r\n")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    """`SmtpSink().start()` listens on a free port of 127.0.0.1; `down()` closes it (connections
    are refused), `up()` listens again on the same port."""

    def __init__(self):
        self.port = _free_port()
        self.lock = threading.Lock()
        self.mails = []  # (message_id, recipients, first delivery time)
        self.server = None

    def received(self, rcpt, raw):
        message_id = None
        for line in raw.split(b"\n"):
            if not line.strip():
                break
            if line.lower().startswith(b"message-id:"):
                message_id = line.split(b":", 1)[1].strip().decode(errors="replace")
        with self.lock:
            self.mails.append((message_id, tuple(rcpt), time.monotonic()))

    def up(self):
        self.server = _Server(("127.0.0.1", self.port), _Handler)
        self.server.sink = self
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    start = up

    def down(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def message_ids(self):
        with self.lock:
            return [m[0] for m in self.mails]


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
