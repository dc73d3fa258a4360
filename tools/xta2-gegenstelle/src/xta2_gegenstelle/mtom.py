"""MTOM/XOP (multipart/related) in both directions, byte-exact.

A small splitter of our own instead of the email package: binary parts must come through
unchanged (the email parser may normalise line endings, and zeep's decoder strips trailing
CR/LF from parts marked `binary`).
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from xta2_gegenstelle.schemata import NS_XOP


class MtomFehler(ValueError):
    """The multipart body is malformed or refers to a part that is not there."""


@dataclass(frozen=True)
class Teil:
    kopfzeilen: dict[str, str]  # lower-case names
    inhalt: bytes


def parameter(content_type: str) -> tuple[str, dict[str, str]]:
    """Media type (lower case) and its parameters (names lower case, quotes removed)."""
    stuecke = _teile_ausserhalb_von_anfuehrungszeichen(content_type)
    medientyp = stuecke[0].strip().lower()
    werte: dict[str, str] = {}
    for stueck in stuecke[1:]:
        name, _, wert = stueck.partition("=")
        wert = wert.strip()
        if len(wert) >= 2 and wert[0] == wert[-1] == '"':
            wert = wert[1:-1]
        werte[name.strip().lower()] = wert
    return medientyp, werte


def _teile_ausserhalb_von_anfuehrungszeichen(text: str) -> list[str]:
    """``text`` split at every ``;`` that is not inside double quotes (the quotes are kept; an
    unterminated quote runs to the end)."""
    if '"' not in text:
        return text.split(";")
    stuecke = [""]
    abschnitte = text.split('"')
    for nummer, abschnitt in enumerate(abschnitte):
        if nummer % 2:  # inside quotes
            geschlossen = nummer < len(abschnitte) - 1
            stuecke[-1] += f'"{abschnitt}"' if geschlossen else f'"{abschnitt}'
        else:
            erstes, *weitere = abschnitt.split(";")
            stuecke[-1] += erstes
            stuecke.extend(weitere)
    return stuecke


def zerlege(body: bytes, content_type: str) -> list[Teil]:
    return _zerlege(body, parameter(content_type)[1])


def _zerlege(body: bytes, werte: dict[str, str]) -> list[Teil]:
    grenze = werte.get("boundary")
    if not grenze:
        raise MtomFehler("multipart/related without boundary")
    trenner = b"--" + grenze.encode("latin-1")
    stuecke = body.split(b"\r\n" + trenner)
    erstes = stuecke[0]
    if not erstes.startswith(trenner):
        raise MtomFehler("multipart body does not start with its boundary")
    stuecke[0] = erstes[len(trenner) :]
    teile: list[Teil] = []
    for stueck in stuecke:
        if stueck.startswith(b"--"):
            break  # closing delimiter
        if not stueck.startswith(b"\r\n"):
            raise MtomFehler("malformed part delimiter")
        kopf, trennung, inhalt = stueck[2:].partition(b"\r\n\r\n")
        if not trennung:
            raise MtomFehler("part without header/body separator")
        kopfzeilen: dict[str, str] = {}
        for zeile in kopf.decode("latin-1").split("\r\n"):
            name, doppelpunkt, wert = zeile.partition(":")
            if doppelpunkt:
                kopfzeilen[name.strip().lower()] = wert.strip()
        kodierung = kopfzeilen.get("content-transfer-encoding", "binary").lower()
        if kodierung == "base64":
            inhalt = base64.b64decode(inhalt)
        elif kodierung not in ("binary", "8bit", "7bit"):
            raise MtomFehler(f"unsupported content-transfer-encoding {kodierung}")
        teile.append(Teil(kopfzeilen, inhalt))
    if not teile:
        raise MtomFehler("multipart body without parts")
    return teile


def _content_id(wert: str) -> str:
    return wert.strip().removeprefix("<").removesuffix(">")


def wurzel_und_anhaenge(
    body: bytes, content_type: str, werte: dict[str, str] | None = None
) -> tuple[bytes, dict[str, bytes]]:
    """The root part (the `start` parameter, else the first) and the other parts by Content-ID.
    ``werte``: the parameters of ``content_type`` when the caller has them already."""
    if werte is None:
        _, werte = parameter(content_type)
    teile = _zerlege(body, werte)
    start = _content_id(werte.get("start", ""))
    wurzel = next(
        (t for t in teile if start and _content_id(t.kopfzeilen.get("content-id", "")) == start),
        teile[0],
    )
    anhaenge = {
        _content_id(t.kopfzeilen.get("content-id", "")): t.inhalt for t in teile if t is not wurzel
    }
    return wurzel.inhalt, anhaenge


def xop_aufloesen(
    dokument: etree._Element, anhaenge: dict[str, bytes]
) -> dict[etree._Element, bytes]:
    """Replace every xop:Include by the base64 text of its part (the XOP infoset the schemas
    describe). Returns the bytes of each element so filled: whoever needs them need not decode
    the text again."""
    binaer: dict[etree._Element, bytes] = {}
    for verweis in list(dokument.iter(f"{{{NS_XOP}}}Include")):
        ziel = verweis.get("href", "")
        if not ziel.startswith("cid:"):
            raise MtomFehler("xop:Include with a href that is not cid:")
        content_id = unquote(ziel[4:])
        if content_id not in anhaenge:
            raise MtomFehler("xop:Include refers to a missing part")
        eltern = verweis.getparent()
        eltern.remove(verweis)
        eltern.text = base64.b64encode(anhaenge[content_id]).decode("ascii")
        binaer[eltern] = anhaenge[content_id]
    return binaer


def als_mtom(
    umschlag: etree._Element, optimieren: list[etree._Element], action: str
) -> tuple[bytes, str]:
    """Serialise ``umschlag`` as MTOM: the base64 text of each element in ``optimieren`` moves
    into its own binary part, referenced by xop:Include. Returns body and Content-Type."""
    teile: list[tuple[str, bytes]] = []
    for element in optimieren:
        daten = base64.b64decode(element.text or "")
        content_id = f"{uuid.uuid4().hex}@xta2-gegenstelle"
        element.text = None
        etree.SubElement(element, f"{{{NS_XOP}}}Include", href=f"cid:{content_id}")
        teile.append((content_id, daten))
    grenze = f"MIMEBoundary_{uuid.uuid4().hex}"
    wurzel_id = f"root.{uuid.uuid4().hex}@xta2-gegenstelle"
    stuecke = [
        f"--{grenze}\r\n".encode(),
        (
            f'Content-Type: application/xop+xml; charset=UTF-8; type="application/soap+xml"\r\n'
            f"Content-Transfer-Encoding: 8bit\r\nContent-ID: <{wurzel_id}>\r\n\r\n"
        ).encode(),
        etree.tostring(umschlag, xml_declaration=True, encoding="UTF-8"),
    ]
    for content_id, daten in teile:
        stuecke.append(f"\r\n--{grenze}\r\n".encode())
        stuecke.append(
            f"Content-Type: application/octet-stream\r\nContent-ID: <{content_id}>\r\n\r\n".encode()
        )
        stuecke.append(daten)
    stuecke.append(f"\r\n--{grenze}--\r\n".encode())
    content_type = (
        f'multipart/related; type="application/xop+xml"; boundary="{grenze}"; '
        f'start="<{wurzel_id}>"; start-info="application/soap+xml"; action="{action}"'
    )
    return b"".join(stuecke), content_type
