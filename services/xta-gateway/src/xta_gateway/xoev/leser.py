"""Reading what a Jobcenter writes back (``postkorb.nachricht.0202``), safely: a size limit
before parsing, no DTD at all (a DOCTYPE is refused), no entity expansion, no network, and
the XSD. Every refusal names a reason code and a description without content.

The bytes go to lxml as they are: it honours a byte order mark and the encoding the XML
declaration names (UTF-16 LE/BE, ISO-8859-1, …), as the XML specification asks. Nothing here
decodes by hand; the text kept is the parsed document's (``Postkorbnachricht.xml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from xta_gateway.xoev.renderer import NS, Schema

NACHRICHT_0202 = "postkorb.nachricht.0202"
# 0203 says what kind of message it is (docs/adr/0102); 0202 stays readable as an information.
NACHRICHT_0203 = "postkorb.nachricht.0203"
NACHRICHTENARTEN = frozenset({"information", "aufforderung", "anhoerung", "bescheid"})
MAX_BYTES = 1024 * 1024
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


class Unlesbar(Exception):
    def __init__(self, grund: str, beschreibung: str) -> None:
        super().__init__(grund)
        self.grund = grund
        self.beschreibung = beschreibung[:500]


@dataclass(frozen=True)
class Postkorbnachricht:
    nachrichten_uuid: str
    antrag_id: str | None
    betreff: str
    text: str
    autor_kennung: str
    # the document as read, as text without an XML declaration (whatever encoding it came in)
    xml: str
    art: str = "information"
    frist: str | None = None
    aktenzeichen: str | None = None
    antwortadresse: str | None = None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def lesen(daten: bytes, schema: Schema, *, max_bytes: int = MAX_BYTES) -> Postkorbnachricht:
    if len(daten) > max_bytes:
        raise Unlesbar("zu_gross", f"message of {len(daten)} bytes exceeds {max_bytes}")
    if _DOCTYPE.search(daten):  # the common case, refused before parsing
        raise Unlesbar("dtd_nicht_erlaubt", "a DOCTYPE is not accepted")
    try:
        wurzel = etree.fromstring(daten, _parser())
    except etree.XMLSyntaxError as fehler:
        raise Unlesbar("nicht_wohlgeformt", f"not well-formed XML (line {fehler.lineno})") from None
    except (ValueError, LookupError):  # e.g. an encoding lxml does not know
        raise Unlesbar("nicht_wohlgeformt", "not readable as XML (encoding)") from None
    if wurzel.getroottree().docinfo.doctype:
        # in UTF-16 or with odd spelling the byte search above does not see it; the parser
        # loaded and expanded nothing of it
        raise Unlesbar("dtd_nicht_erlaubt", "a DOCTYPE is not accepted")
    if wurzel.tag not in (f"{{{NS}}}{NACHRICHT_0202}", f"{{{NS}}}{NACHRICHT_0203}"):
        raise Unlesbar(
            "unbekannter_nachrichtentyp", "root element is not postkorb.nachricht.0202 or 0203"
        )
    try:
        schema.pruefen(wurzel)
    except Exception as fehler:  # noqa: BLE001 - XoevUngueltig carries no values
        raise Unlesbar("schema_verletzt", str(fehler)) from None

    def text(pfad: str) -> str | None:
        wert = wurzel.findtext(pfad, namespaces={"soz": NS})
        return wert.strip() if wert else None

    art = text("soz:postkorbnachricht/soz:art/code") or "information"
    frist = text("soz:postkorbnachricht/soz:frist")
    if art not in NACHRICHTENARTEN:
        raise Unlesbar(
            "schema_verletzt", "art is none of information, aufforderung, anhoerung, bescheid"
        )
    if art == "aufforderung" and not frist:
        raise Unlesbar("schema_verletzt", "an aufforderung needs a frist")
    return Postkorbnachricht(
        art=art,
        frist=frist[:10] if frist else None,
        aktenzeichen=text("soz:postkorbnachricht/soz:aktenzeichen"),
        antwortadresse=text("soz:postkorbnachricht/soz:antwortadresse"),
        nachrichten_uuid=text(
            "soz:nachrichtenkopf/soz:identifikation.nachricht/soz:nachrichtenUUID"
        )
        or "",
        antrag_id=text("soz:postkorbnachricht/soz:antragsID"),
        betreff=text("soz:postkorbnachricht/soz:betreff") or "",
        text=wurzel.findtext("soz:postkorbnachricht/soz:text", namespaces={"soz": NS}) or "",
        autor_kennung=text("soz:nachrichtenkopf/soz:autor/soz:kennung") or "",
        xml=etree.tostring(wurzel, encoding="unicode"),
    )
