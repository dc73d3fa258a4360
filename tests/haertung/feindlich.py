"""What the hostile-input corpus sends and how it checks the answers: realistic files (a phone
photo, a scanned PDF of 10 MB), and the checks every answer must pass (status, problem code,
content type, security headers)."""

from __future__ import annotations

import io

import requests
from gateway_test_support import openapi, pruefe_antwort
from PIL import Image

from gateway.web.antworten import SECURITY_HEADERS


def foto(breite: int = 4032, hoehe: int = 3024, qualitaet: int = 80) -> bytes:
    """A phone photo as a phone writes it: 12 megapixels, JPEG, about 5 MB (noise over a
    gradient compresses like a photographed paper page, not like a flat colour)."""
    rauschen = Image.effect_noise((breite, hoehe), 64)
    verlauf = Image.linear_gradient("L").resize((breite, hoehe))
    bild = Image.merge("RGB", (rauschen, verlauf, Image.blend(rauschen, verlauf, 0.5)))
    datei = io.BytesIO()
    bild.save(datei, "JPEG", quality=qualitaet)
    return datei.getvalue()


def scan_pdf(jpeg: bytes, breite: int, hoehe: int) -> bytes:
    """A scanner's PDF: one A4 page showing one JPEG as it came (DCTDecode), written by hand so
    the file is exactly the photo's size plus a few hundred bytes."""
    inhalt = b"q 595 0 0 842 0 0 cm /Scan Do Q"
    objekte = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Scan 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n%s\nendstream"
        % (breite, hoehe, len(jpeg), jpeg),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(inhalt), inhalt),
    ]
    pdf = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    versaetze = []
    for nummer, objekt in enumerate(objekte, start=1):
        versaetze.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (nummer, objekt)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objekte) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % versatz for versatz in versaetze)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objekte) + 1,
        xref,
    )
    return bytes(pdf)


def png(breite: int = 40) -> bytes:
    datei = io.BytesIO()
    Image.new("RGB", (breite, breite), (30, 120, 200)).save(datei, "PNG")
    return datei.getvalue()


def sicherheitsheader(response: requests.Response) -> None:
    fehlend = [name for name in SECURITY_HEADERS if name not in response.headers]
    assert not fehlend, f"{response.status_code} without security headers {fehlend}"


def problem(
    response: requests.Response,
    status: int,
    code: str,
    operation: tuple[str, str] | None = None,
) -> dict:
    """An API refusal: exactly ``status`` and ``code`` as application/problem+json with the
    security headers; where the request was one of the document's operations (``operation``:
    method and path template), an answer the document lists for it."""
    assert (response.status_code, response.headers.get("Content-Type")) == (
        status,
        "application/problem+json",
    ), f"{response.status_code} {response.headers.get('Content-Type')}: {response.text[:500]}"
    body = response.json()
    assert (body["code"], body["status"]) == (code, status), body
    assert body["type"] == f"/api/v1/probleme/{code}"
    sicherheitsheader(response)
    if operation is not None:
        methode, pfad = operation
        assert pfad in openapi()["paths"], pfad
        pruefe_antwort(response, methode, pfad)
    return body


def seite(response: requests.Response, status: int) -> str:
    """A page's answer: exactly ``status``, HTML, with the security headers."""
    assert response.status_code == status, f"{response.status_code}: {response.text[:500]}"
    assert response.headers["Content-Type"].startswith("text/html"), response.headers
    sicherheitsheader(response)
    return response.text
