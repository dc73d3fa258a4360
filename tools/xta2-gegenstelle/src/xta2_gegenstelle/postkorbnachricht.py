"""A Jobcenter's message of any kind, rendered from a few fields: what `POST
/_gegenstelle/antworten` with ``postkorbnachricht`` writes back (docs/adr/0102).

Fields: ``art`` (information, aufforderung, anhoerung, bescheid), ``betreff``, ``text``, and
optionally ``antrag_id``, ``aktenzeichen``, ``frist`` (ISO date; an aufforderung needs one),
``antwortadresse``, ``nachrichten_uuid``, ``referenz_uuid``. Attachments are those of the request
(``anlagen: [{id?, dateiname, mime, daten_base64}]``); each gets its ``anlage`` element with the
sha256 of its bytes and the same id as the XTA attachment. The result is checked against the
schema like every other message unless ``pruefen`` is false.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import UTC, datetime

from lxml import etree

XOEV_NS = "urn:xoev-de:sozialplattform:schemata:antrag:1"
ARTEN = ("information", "aufforderung", "anhoerung", "bescheid")
_NACHRICHTENTYP = "urn:xoev-de:sozialplattform:codeliste:nachrichtentyp"
_ART_LISTE = "urn:xoev-de:sozialplattform:codeliste:postkorb-nachrichtenart"
_VERZEICHNISDIENST = "urn:de:xoev:codeliste:verzeichnisdienst"


def anlage_id(anlage: dict, nummer: int) -> str:
    """The id an attachment carries in the message and as XTA attachment (an XML ID)."""
    return str(anlage.get("id") or f"anlage-{nummer}")


def postkorbnachricht_0203(*, leser: str, autor: str, felder: dict, anlagen: list[dict]) -> bytes:
    art = str(felder.get("art", "information"))
    if art not in ARTEN:
        raise ValueError(f"art must be one of {', '.join(ARTEN)}")
    if art == "aufforderung" and not felder.get("frist"):
        raise ValueError("an aufforderung needs a frist")

    def q(name: str) -> str:
        return f"{{{XOEV_NS}}}{name}"

    wurzel = etree.Element(
        q("postkorb.nachricht.0203"),
        nsmap={"soz": XOEV_NS},
        standard="SozialplattformXOEV",
        version="1.0",
        produkt="XTA2-Gegenstelle",
        produkthersteller="Sozialplattform",
        produktversion="1.1",
    )

    def kind(eltern: etree._Element, name: str, text: str | None = None) -> etree._Element:
        element = etree.SubElement(eltern, q(name))
        if text is not None:
            element.text = text
        return element

    def code(eltern: etree._Element, name: str, liste: str, wert: str) -> None:
        element = kind(eltern, name)
        element.set("listURI", liste)
        element.set("listVersionID", "1.0")
        etree.SubElement(element, "code").text = wert

    kopf = kind(wurzel, "nachrichtenkopf")
    ident = kind(kopf, "identifikation.nachricht")
    kind(ident, "nachrichtenUUID", str(felder.get("nachrichten_uuid") or uuid.uuid4()))
    code(ident, "nachrichtentyp", _NACHRICHTENTYP, "postkorb.nachricht.0203")
    kind(ident, "erstellungszeitpunkt", datetime.now(UTC).isoformat(timespec="seconds"))
    if felder.get("referenz_uuid"):
        kind(kopf, "referenzUUID", str(felder["referenz_uuid"]))
    for rolle, kennung in (("leser", leser), ("autor", autor)):
        behoerde = kind(kopf, rolle)
        code(behoerde, "verzeichnisdienst", _VERZEICHNISDIENST, "DVDV")
        kind(behoerde, "kennung", kennung)
    nachricht = kind(wurzel, "postkorbnachricht")
    if felder.get("antrag_id"):
        kind(nachricht, "antragsID", str(felder["antrag_id"]))
    if felder.get("aktenzeichen"):
        kind(nachricht, "aktenzeichen", str(felder["aktenzeichen"]))
    code(nachricht, "art", _ART_LISTE, art)
    if felder.get("frist"):
        kind(nachricht, "frist", str(felder["frist"]))
    if felder.get("antwortadresse"):
        kind(nachricht, "antwortadresse", str(felder["antwortadresse"]))
    kind(nachricht, "betreff", str(felder.get("betreff", "")))
    kind(nachricht, "text", str(felder.get("text", "")))
    for nummer, anlage in enumerate(anlagen, start=1):
        daten = base64.b64decode(str(anlage.get("daten_base64", "")), validate=True)
        element = kind(nachricht, "anlage")
        element.set("id", anlage_id(anlage, nummer))
        kind(element, "name", str(anlage.get("dateiname") or f"anlage-{nummer}"))
        kind(element, "mimeTyp", str(anlage.get("mime", "application/octet-stream")))
        kind(element, "sha256", hashlib.sha256(daten).hexdigest())
        if daten:
            kind(element, "groesse", str(len(daten)))
    return etree.tostring(wurzel, xml_declaration=True, encoding="UTF-8")
