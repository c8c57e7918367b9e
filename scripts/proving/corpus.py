"""Hostile and edge-case uploads, each with the verdict portail must give, generated here (no file
of anyone else's is vendored): `python3 scripts/proving/corpus.py DIR` writes them with
`verdicts.json`; `scripts/prove` uploads each through the API and compares."""
import json
import os
import struct
import sys
import zlib

import clients


def _pdf(objects, trailer_extra=b""):
    """A well-formed PDF of the given objects (numbered from 1; 1 is the catalog)."""
    body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return body


PAGES = [b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"]


def _png(width, height, extra=b"", rows=None):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = rows if rows is not None else b"".join(b"\x00" + b"\x80" * (width * 3) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + extra
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _exif_gps():
    """A PNG `eXIf` chunk: a TIFF header with a GPS IFD pointer (tag 0x8825) and a marker."""
    tiff = b"MM\x00\x2a\x00\x00\x00\x08" + struct.pack(">H", 1) + struct.pack(">HHII", 0x8825, 4, 1, 26)
    tiff += b"\x00\x00\x00\x00" + b"GPS-SECRET-48.8584N-2.2945E"
    data = tiff
    return struct.pack(">I", len(data)) + b"eXIf" + data + struct.pack(">I", zlib.crc32(b"eXIf" + data) & 0xFFFFFFFF)


def cases():
    """(name, file name sent, bytes, expected status, expected code or None, what else holds)."""
    ok_pdf = clients.unique_pdf()
    js = _pdf([b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", *PAGES,
               b"<< /S /JavaScript /JS (app.alert\\('x'\\)) >>"])
    launch = _pdf([b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", *PAGES,
                   b"<< /S /Launch /F (cmd.exe) >>"])
    embedded = _pdf([b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >> >>",
                     *PAGES, b"<< /Type /Filespec /F (a.exe) >>"])
    encrypted = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", *PAGES,
                      b"<< /Filter /Standard /V 1 /R 2 /O (0123456789abcdef0123456789abcdef) "
                      b"/U (0123456789abcdef0123456789abcdef) /P -4 >>"], b"/Encrypt 4 0 R /ID [<00> <00>] ")
    return [
        ("a small valid PDF", "scan.pdf", ok_pdf, 201, None, "kept"),
        ("an empty file", "empty.pdf", b"", 422, "upload-empty", None),
        ("a PDF cut in transit", "cut.pdf", ok_pdf[: len(ok_pdf) // 2], 422, "upload-pdf-broken", None),
        ("a PDF that is also HTML (polyglot)", "poly.pdf",
         ok_pdf[:20] + b"<html><script>alert(1)</script></html>\n" + ok_pdf[20:], 422, "upload-wrong-type", None),
        ("HTML named .pdf", "page.pdf", b"<!doctype html><script>alert(1)</script>", 422, "upload-wrong-type", None),
        ("a Windows program named .pdf", "setup.pdf", b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00", 422,
         "upload-wrong-type", None),
        ("a ZIP named .pdf", "a.pdf", b"PK\x03\x04" + b"\x00" * 26, 422, "upload-wrong-type", None),
        ("a PDF with JavaScript run on opening", "js.pdf", js, 201, None, "kept, never opened inline"),
        ("a PDF with a launch action", "launch.pdf", launch, 201, None, "kept, never opened inline"),
        ("a PDF with an embedded file", "embedded.pdf", embedded, 201, None, "kept, never opened inline"),
        ("an encrypted PDF", "locked.pdf", encrypted, 422, "upload-pdf-broken", None),
        ("a PNG declaring 10,000 × 10,000 pixels (decompression bomb)", "bomb.png",
         _png(10000, 10000, rows=b"\x00" * 64), 422, "upload-image-too-big", None),
        ("a PNG with an eXIf chunk holding a GPS position", "gps.png", _png(8, 8, extra=_exif_gps()), 201, None,
         "kept without the position"),
        ("a PNG whose pixel data is cut", "cut.png", _png(64, 64)[:-40], 422, "upload-image-broken", None),
        ("a JPEG header with nothing after it", "x.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", 422,
         "upload-image-broken", None),
        ("a name with path separators", "../../etc/passwd.pdf", clients.unique_pdf(), 201, None, "name passwd.pdf"),
        ("a name with backslashes", "..\\..\\boot.ini.pdf", clients.unique_pdf(), 201, None, "name boot.ini.pdf"),
        ("a reserved Windows device name", "CON.pdf", clients.unique_pdf(), 201, None, "name _CON.pdf"),
        ("a reserved device name without extension", "aux", clients.unique_pdf(), 201, None, "name _aux.pdf"),
        ("a hidden-file name", ".htaccess", clients.unique_pdf(), 201, None, "name htaccess.pdf"),
        ("a name of 300 characters", "a" * 296 + ".pdf", clients.unique_pdf(), 201, None, "name of 120 characters"),
        ("markup in the name", "<img src=x onerror=alert(1)>.pdf", clients.unique_pdf(), 201, None,
         "name without < > or quotes"),
    ]


def write(folder):
    os.makedirs(folder, exist_ok=True)
    verdicts = []
    for i, (what, name, data, status, code, holds) in enumerate(cases()):
        path = f"{i:02d}.bin"
        with open(os.path.join(folder, path), "wb") as f:
            f.write(data)
        verdicts.append({"file": path, "case": what, "name": name, "status": status, "code": code, "holds": holds})
    with open(os.path.join(folder, "verdicts.json"), "w") as f:
        json.dump(verdicts, f, indent=1, ensure_ascii=False)
    return len(verdicts)


if __name__ == "__main__":
    print(f"{write(sys.argv[1])} files written to {sys.argv[1]}")
