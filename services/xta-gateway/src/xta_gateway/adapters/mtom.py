"""MTOM/XOP for the XTA client: encode the ContentContainer's Message and Attachments as
binary MIME parts on the way out, resolve xop:Include on the way in. Byte-exact on purpose:
zeep's own decoder strips trailing CR/LF from parts marked ``binary``."""

from __future__ import annotations

import base64
import uuid
from urllib.parse import unquote

from lxml import etree

NS_XOP = "http://www.w3.org/2004/08/xop/include"


class MtomFehler(ValueError):
    pass


def parameter(content_type: str) -> tuple[str, dict[str, str]]:
    stuecke, aktuell, in_anfuehrung = [], [], False
    for zeichen in content_type:
        if zeichen == '"':
            in_anfuehrung = not in_anfuehrung
        if zeichen == ";" and not in_anfuehrung:
            stuecke.append("".join(aktuell))
            aktuell = []
        else:
            aktuell.append(zeichen)
    stuecke.append("".join(aktuell))
    werte: dict[str, str] = {}
    for stueck in stuecke[1:]:
        name, _, wert = stueck.partition("=")
        wert = wert.strip()
        if len(wert) >= 2 and wert[0] == wert[-1] == '"':
            wert = wert[1:-1]
        werte[name.strip().lower()] = wert
    return stuecke[0].strip().lower(), werte


def _content_id(wert: str) -> str:
    return wert.strip().removeprefix("<").removesuffix(">")


def zerlege(body: bytes, content_type: str) -> tuple[bytes, dict[str, bytes]]:
    """Root part (``start``, else the first) and the other parts by Content-ID."""
    _, werte = parameter(content_type)
    grenze = werte.get("boundary")
    if not grenze:
        raise MtomFehler("multipart/related without boundary")
    trenner = b"--" + grenze.encode("latin-1")
    stuecke = body.split(b"\r\n" + trenner)
    if not stuecke[0].startswith(trenner):
        raise MtomFehler("multipart body does not start with its boundary")
    stuecke[0] = stuecke[0][len(trenner) :]
    teile: list[tuple[str, bytes]] = []
    for stueck in stuecke:
        if stueck.startswith(b"--"):
            break
        kopf, trennung, inhalt = stueck.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not trennung:
            raise MtomFehler("part without header/body separator")
        kopfzeilen = {}
        for zeile in kopf.decode("latin-1").split("\r\n"):
            name, _, wert = zeile.partition(":")
            kopfzeilen[name.strip().lower()] = wert.strip()
        if kopfzeilen.get("content-transfer-encoding", "").lower() == "base64":
            inhalt = base64.b64decode(inhalt)
        teile.append((_content_id(kopfzeilen.get("content-id", "")), inhalt))
    if not teile:
        raise MtomFehler("multipart body without parts")
    start = _content_id(werte.get("start", ""))
    wurzel_index = next((i for i, (cid, _) in enumerate(teile) if start and cid == start), 0)
    wurzel = teile.pop(wurzel_index)[1]
    return wurzel, dict(teile)


def xop_aufloesen(dokument: etree._Element, anhaenge: dict[str, bytes]) -> None:
    for verweis in list(dokument.iter(f"{{{NS_XOP}}}Include")):
        ziel = verweis.get("href", "")
        content_id = unquote(ziel.removeprefix("cid:"))
        if not ziel.startswith("cid:") or content_id not in anhaenge:
            raise MtomFehler("xop:Include refers to a missing part")
        eltern = verweis.getparent()
        eltern.remove(verweis)
        eltern.text = base64.b64encode(anhaenge[content_id]).decode("ascii")


def kodiere(
    umschlag: etree._Element, optimieren: list[etree._Element], action: str
) -> tuple[bytes, str]:
    """The envelope as multipart/related; the base64 text of ``optimieren`` as binary parts."""
    teile: list[tuple[str, bytes]] = []
    for element in optimieren:
        daten = base64.b64decode(element.text or "")
        content_id = f"{uuid.uuid4().hex}@sozialplattform"
        element.text = None
        etree.SubElement(element, f"{{{NS_XOP}}}Include", nsmap={"xop": NS_XOP}).set(
            "href", f"cid:{content_id}"
        )
        teile.append((content_id, daten))
    return verpacke(etree.tostring(umschlag, xml_declaration=True, encoding="UTF-8"), teile, action)


def verpacke(umschlag: bytes, teile: list[tuple[str, bytes]], action: str) -> tuple[bytes, str]:
    """The serialised envelope (its xop:Include elements already naming the parts) and the
    parts (Content-ID, bytes) as multipart/related."""
    grenze = f"uuid:{uuid.uuid4()}"
    wurzel_id = f"root.{uuid.uuid4().hex}@sozialplattform"
    stuecke = [
        f"--{grenze}\r\n"
        'Content-Type: application/xop+xml; charset=UTF-8; type="application/soap+xml"\r\n'
        f"Content-Transfer-Encoding: 8bit\r\nContent-ID: <{wurzel_id}>\r\n\r\n".encode(),
        umschlag,
    ]
    for content_id, daten in teile:
        stuecke.append(
            f"\r\n--{grenze}\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Transfer-Encoding: binary\r\nContent-ID: <{content_id}>\r\n\r\n".encode()
        )
        stuecke.append(daten)
    stuecke.append(f"\r\n--{grenze}--\r\n".encode())
    content_type = (
        f'multipart/related; type="application/xop+xml"; boundary="{grenze}"; '
        f'start="<{wurzel_id}>"; start-info="application/soap+xml"; action="{action}"'
    )
    return b"".join(stuecke), content_type
