"""AntragEingereicht → the XÖV message ``antrag.einreichung.0101`` / ``antrag.kurzantrag.0102``
of contracts/xoev (docs/adr/0044, 0047), and PostkorbAntwortVerfasst → ``postkorb.antwort.0201``
(docs/adr/0055), checked against the XSD before anyone sends them.

The body is rendered generically from the payload's structure, without the form definition:

- ``antrag.abschnitte`` (or, for payloads without it, every top-level key of ``antrag``) are
  the sections; a dict is a section, a list of dicts repeats a section (``name.1``, ``name.2``).
- The section ``antragsteller`` gives the applicant (vorname, nachname/familienname,
  geburtsdatum); any list whose entries have vorname and nachname is the household: each entry
  becomes a ``haushalt/person`` (role from ``verhaeltnis``) with its other answers.
- A field's type comes from its JSON value: bool → jaNein, int → zahl, ISO date → datum,
  ``1234.50`` → betrag, a valid IBAN → iban, an attachment id → anlageVerweis, a lowercase key
  → auswahl, a list of keys → mehrfachauswahl, anything else → text.
- Attachments by reference (id, name, MIME type, sha256, size); each is also referenced from
  the section it belongs to. The PDF rendering is one more attachment (``antrag-pdf``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree

NS = "urn:xoev-de:sozialplattform:schemata:antrag:1"
SCHEMA_DATEI = "sozialplattform-antrag-1.0.xsd"
LISTE_NACHRICHTENTYP = "urn:xoev-de:sozialplattform:codeliste:nachrichtentyp"
LISTE_LEISTUNG = "urn:xoev-de:sozialplattform:codeliste:leistung"
LISTE_PERSONENROLLE = "urn:xoev-de:sozialplattform:codeliste:personenrolle"
LISTE_VERZEICHNISDIENST = "urn:de:xoev:codeliste:verzeichnisdienst"
EINREICHUNG = "antrag.einreichung.0101"
KURZANTRAG = "antrag.kurzantrag.0102"
POSTKORB_ANTWORT = "postkorb.antwort.0201"
# § 37 Abs. 2a SGB X: the retrieval receipt and the end of a provision (docs/adr/0102)
POSTKORB_ABRUFBESTAETIGUNG = "postkorb.abrufbestaetigung.0204"
POSTKORB_BEREITSTELLUNGSENDE = "postkorb.bereitstellungsende.0205"
LISTE_BEREITSTELLUNGSENDE = "urn:xoev-de:sozialplattform:codeliste:bereitstellungsende"
PDF_ANLAGE_ID = "antrag-pdf"

LEISTUNGSNAMEN = {
    "buergergeld": "Bürgergeld (Grundsicherung für Arbeitsuchende)",
    "bildung_teilhabe": "Bildung und Teilhabe",
    "eingliederung": "Aktivierung und berufliche Eingliederung (§ 16 SGB II)",
    "einstiegsgeld": "Einstiegsgeld (§ 16b SGB II)",
    "mietrueckstaende": "Übernahme von Mietrückständen (§ 22 Abs. 8 SGB II)",
}
ROLLEN = {"partner": "partner", "kind": "kind"}
# Keys of ``antrag`` that are about the application, not sections of the form.
META = ("wohnort", "abschnitte", "anlagen", "dringlich", "kurzantrag_eingereicht_am")
PERSON_KERN = ("vorname", "nachname", "familienname", "geburtsdatum")

_SCHLUESSEL = re.compile(r"[a-z][a-zA-Z0-9_.\-]{0,99}")
_AUSWAHL = re.compile(r"[a-z][a-z0-9_]{0,49}")
_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")
_BETRAG = re.compile(r"-?\d{1,13}\.\d{2}")
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


class XoevUngueltig(Exception):
    """The message cannot be rendered or is not valid against the XSD. ``grund`` names
    elements and lines only, never values (they are personal data)."""

    def __init__(self, grund: str) -> None:
        super().__init__(grund)
        self.grund = grund[:500]


@dataclass(frozen=True)
class Beteiligter:
    """Author or reader as the DVDV knows it."""

    kennung: str
    name: str | None = None


@dataclass(frozen=True)
class Kopf:
    nachrichten_uuid: str
    erstellt_am: datetime
    autor: Beteiligter
    leser: Beteiligter


@dataclass(frozen=True)
class PdfAnlage:
    sha256: str
    groesse: int


@dataclass(frozen=True)
class Produkt:
    name: str = "Sozialplattform"
    hersteller: str = "Sozialplattform"
    version: str = "0.1.0"


def standard_schema_ordner() -> Path:
    """contracts/xoev in the repository (the service runs from a checkout or an image that
    carries it); ``SOZ_XOEV_SCHEMATA`` names another folder."""
    import os

    konfiguriert = os.environ.get("SOZ_XOEV_SCHEMATA", "").strip()
    if konfiguriert:
        return Path(konfiguriert)
    for ordner in Path(__file__).resolve().parents:
        kandidat = ordner / "contracts" / "xoev"
        if (kandidat / SCHEMA_DATEI).is_file():
            return kandidat
    return Path.cwd() / "contracts" / "xoev"


def _sicherer_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class Schema:
    """The XÖV schema, loaded once; ``pruefen`` raises XoevUngueltig without values."""

    def __init__(self, ordner: Path | None = None) -> None:
        datei = (ordner or standard_schema_ordner()) / SCHEMA_DATEI
        self._schema = etree.XMLSchema(etree.parse(str(datei), _sicherer_parser()))

    def pruefen(self, dokument: etree._Element | etree._ElementTree) -> None:
        if not self._schema.validate(dokument):
            fehler = self._schema.error_log.last_error
            raise XoevUngueltig(
                f"XÖV schema violation at line {fehler.line}: {fehler.path or 'unknown path'}"
            )


def nachrichtentyp(payload: Mapping[str, Any]) -> str:
    return KURZANTRAG if payload.get("kurzantrag") else EINREICHUNG


def rendern(
    payload: Mapping[str, Any],
    kopf: Kopf,
    schema: Schema,
    *,
    pdf: PdfAnlage | None = None,
    produkt: Produkt = Produkt(),
) -> bytes:
    """The XÖV message for one AntragEingereicht payload, valid against the XSD (else
    XoevUngueltig). Deterministic: the same payload and head give the same bytes."""
    try:
        wurzel = _Rendern(payload, kopf, pdf, produkt).nachricht()
    except XoevUngueltig:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as fehler:
        raise XoevUngueltig(f"payload not renderable: {type(fehler).__name__}") from None
    schema.pruefen(wurzel)
    return etree.tostring(wurzel, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def rendern_postkorb_antwort(
    antwort: Mapping[str, Any],
    kopf: Kopf,
    schema: Schema,
    *,
    referenz_uuid: str | None = None,
    produkt: Produkt = Produkt(),
) -> bytes:
    """``postkorb.antwort.0201`` for a person's Postkorb reply (docs/adr/0055): the header as
    for applications (``referenzUUID`` = the answered message's nachrichtenUUID, when known),
    the body with antragsID (when it refers to an application), betreff, text and the
    attachments by reference. Valid against the XSD (else XoevUngueltig, without values)."""
    try:
        wurzel = etree.Element(
            _q(POSTKORB_ANTWORT),
            nsmap={"soz": NS},
            standard="SozialplattformXOEV",
            version="1.0",
            produkt=produkt.name,
            produkthersteller=produkt.hersteller,
            produktversion=produkt.version,
        )
        _Rendern.kopf_schreiben(wurzel, kopf, POSTKORB_ANTWORT, referenz_uuid)
        nachricht = _el(wurzel, "postkorbnachricht")
        if antwort.get("antrag_id"):
            _el(nachricht, "antragsID", str(antwort["antrag_id"]))
        _el(nachricht, "betreff", _eine_zeile(str(antwort["betreff"]))[:255])
        _el(nachricht, "text", str(antwort["inhalt"])[:20000])
        for anlage in antwort.get("anlagen") or []:
            _anlage(nachricht, anlage)
    except XoevUngueltig:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as fehler:
        raise XoevUngueltig(f"reply not renderable: {type(fehler).__name__}") from None
    schema.pruefen(wurzel)
    return etree.tostring(wurzel, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def rendern_bekanntgabe_meldung(
    meldung: Mapping[str, Any],
    kopf: Kopf,
    schema: Schema,
    *,
    referenz_uuid: str | None = None,
    produkt: Produkt = Produkt(),
) -> bytes:
    """``postkorb.abrufbestaetigung.0204`` (the person opened the notice) or
    ``postkorb.bereitstellungsende.0205`` (not given by retrieval, with the reason) for the
    Jobcenter that sent a notice, with the dates the Postkorb recorded (docs/adr/0102)."""
    typ = str(meldung.get("typ"))
    if typ not in (POSTKORB_ABRUFBESTAETIGUNG, POSTKORB_BEREITSTELLUNGSENDE):
        raise XoevUngueltig("unknown kind of notice message")
    try:
        wurzel = etree.Element(
            _q(typ),
            nsmap={"soz": NS},
            standard="SozialplattformXOEV",
            version="1.0",
            produkt=produkt.name,
            produkthersteller=produkt.hersteller,
            produktversion=produkt.version,
        )
        _Rendern.kopf_schreiben(wurzel, kopf, typ, referenz_uuid)
        bekanntgabe = _el(wurzel, "bekanntgabe")
        _el(bekanntgabe, "bezugMessageID", str(meldung["bezug_message_id"]))
        if meldung.get("bezug_nachrichten_uuid"):
            _el(bekanntgabe, "bezugNachrichtenUUID", str(meldung["bezug_nachrichten_uuid"]))
        if meldung.get("antrag_id"):
            _el(bekanntgabe, "antragsID", str(meldung["antrag_id"]))
        _el(bekanntgabe, "inhaltSha256", str(meldung["inhalt_sha256"]))
        _el(bekanntgabe, "bereitgestelltAm", _zeit(meldung["bereitgestellt_am"]))
        if meldung.get("benachrichtigt_am"):
            _el(bekanntgabe, "benachrichtigtAm", _zeit(meldung["benachrichtigt_am"]))
        if typ == POSTKORB_ABRUFBESTAETIGUNG:
            _el(wurzel, "abgerufenAm", _zeit(meldung["abgerufen_am"]))
            if meldung.get("bekanntgabe_am"):
                _el(wurzel, "bekanntGegebenAm", str(meldung["bekanntgabe_am"]))
        else:
            _el(wurzel, "beendetAm", _zeit(meldung["beendet_am"]))
            _code(wurzel, "grund", str(meldung["grund"]), LISTE_BEREITSTELLUNGSENDE)
    except XoevUngueltig:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as fehler:
        raise XoevUngueltig(f"notice message not renderable: {type(fehler).__name__}") from None
    schema.pruefen(wurzel)
    return etree.tostring(wurzel, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _anlage(eltern: etree._Element, anlage: Mapping[str, Any]) -> None:
    eintrag = _el(eltern, "anlage", id=anlage_xml_id(str(anlage["anlage_id"])))
    _el(eintrag, "name", _eine_zeile(str(anlage["dateiname"]))[:255])
    _el(eintrag, "mimeTyp", str(anlage["mime_type"]))
    _el(eintrag, "sha256", str(anlage["sha256"]))
    _el(eintrag, "groesse", str(int(anlage["groesse"])))


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _el(eltern: etree._Element, name: str, text: str | None = None, **attribute: str):
    kind = etree.SubElement(eltern, _q(name), **attribute)
    if text is not None:
        kind.text = text
    return kind


def _code(eltern: etree._Element, name: str, code: str, liste: str, anzeige: str | None = None):
    element = _el(eltern, name, listURI=liste, listVersionID="1.0")
    etree.SubElement(element, "code").text = code
    if anzeige:
        etree.SubElement(element, "name").text = anzeige
    return element


def _zeit(wert: datetime | str) -> str:
    if isinstance(wert, str):
        wert = datetime.fromisoformat(wert.replace("Z", "+00:00"))
    if wert.tzinfo is None:
        raise XoevUngueltig("time without UTC offset")
    return wert.isoformat().replace("+00:00", "Z")


def anlage_xml_id(anlage_id: str) -> str:
    """xs:ID must not start with a digit: a UUID gets the prefix ``a-``."""
    return f"a-{anlage_id}"


def iban_gueltig(wert: str) -> bool:
    if not _IBAN.fullmatch(wert):
        return False
    umgestellt = wert[4:] + wert[:4]
    ziffern = "".join(str(int(z, 36)) for z in umgestellt)
    return int(ziffern) % 97 == 1


class _Rendern:
    def __init__(
        self, payload: Mapping[str, Any], kopf: Kopf, pdf: PdfAnlage | None, produkt: Produkt
    ) -> None:
        self.payload = payload
        self.kopf = kopf
        self.pdf = pdf
        self.produkt = produkt
        antrag = payload["antrag"]
        if not isinstance(antrag, Mapping):
            raise XoevUngueltig("antrag is not an object")
        self.antrag = antrag
        abschnitte = antrag.get("abschnitte")
        if isinstance(abschnitte, Mapping):
            self.abschnitte = dict(abschnitte)
        else:
            self.abschnitte = {k: v for k, v in antrag.items() if k not in META}
        self.anlagen = list(payload.get("anlagen") or [])
        self.anlage_ids = {str(a["anlage_id"]) for a in self.anlagen}
        zuordnung = antrag.get("anlagen")
        self.anlage_abschnitt: dict[str, str] = (
            {str(k): str(v) for k, v in zuordnung.items()} if isinstance(zuordnung, Mapping) else {}
        )
        self.personen = 1

    # -- message -------------------------------------------------------------------------------

    def nachricht(self) -> etree._Element:
        typ = nachrichtentyp(self.payload)
        wurzel = etree.Element(
            _q(typ),
            nsmap={"soz": NS},
            standard="SozialplattformXOEV",
            version="1.0",
            produkt=self.produkt.name,
            produkthersteller=self.produkt.hersteller,
            produktversion=self.produkt.version,
        )
        self._kopf(wurzel, typ)
        if typ == KURZANTRAG:
            self._kurzantrag(_el(wurzel, "kurzantrag"))
        else:
            self._antrag(_el(wurzel, "antrag"))
        return wurzel

    def _kopf(self, wurzel: etree._Element, typ: str) -> None:
        self.kopf_schreiben(wurzel, self.kopf, typ)

    @staticmethod
    def kopf_schreiben(
        wurzel: etree._Element, daten: Kopf, typ: str, referenz_uuid: str | None = None
    ) -> None:
        kopf = _el(wurzel, "nachrichtenkopf")
        identifikation = _el(kopf, "identifikation.nachricht")
        _el(identifikation, "nachrichtenUUID", daten.nachrichten_uuid)
        _code(identifikation, "nachrichtentyp", typ, LISTE_NACHRICHTENTYP)
        _el(identifikation, "erstellungszeitpunkt", _zeit(daten.erstellt_am))
        if referenz_uuid:
            _el(kopf, "referenzUUID", referenz_uuid)
        for rolle, beteiligter in (("leser", daten.leser), ("autor", daten.autor)):
            element = _el(kopf, rolle)
            _code(element, "verzeichnisdienst", "DVDV", LISTE_VERZEICHNISDIENST)
            _el(element, "kennung", beteiligter.kennung)
            if beteiligter.name:
                _el(element, "name", beteiligter.name)

    def _stammdaten(self, element: etree._Element) -> None:
        _el(element, "antragsID", str(self.payload["antrag_id"]))
        _el(element, "eingereichtAm", _zeit(self.payload["eingereicht_am"]))
        leistung = str(self.payload["leistung"])
        _code(element, "leistung", leistung, LISTE_LEISTUNG, LEISTUNGSNAMEN.get(leistung))

    def _antrag(self, element: etree._Element) -> None:
        self._stammdaten(element)
        _el(element, "formularversion", str(self.payload["definition_version"]))
        abschnitte = dict(self.abschnitte)
        antragsteller = abschnitte.pop("antragsteller", None)
        self._person(element, "antragsteller", "antragsteller", antragsteller, "antragsteller")
        haushalt: list[tuple[str, Mapping[str, Any], str]] = []
        uebrige: dict[str, Any] = {}
        for name, werte in abschnitte.items():
            uebrige[name] = self._personen_herausnehmen(name, werte, haushalt)
        if haushalt:
            liste = _el(element, "haushalt")
            for quelle, person, _ in haushalt:
                rolle = ROLLEN.get(str(person.get("verhaeltnis", "")), "sonstige")
                self._person(liste, "person", rolle, person, quelle)
        for name, werte in self._meta_abschnitte().items():
            self._abschnitt(element, name, werte)
        for name, werte in uebrige.items():
            self._abschnitt(element, name, werte)
        self._anlagen(element)

    def _kurzantrag(self, element: etree._Element) -> None:
        self._stammdaten(element)
        abschnitte = self.abschnitte
        antragsteller = abschnitte.get("antragsteller")
        person = self._person(
            element, "antragsteller", "antragsteller", antragsteller, "antragsteller"
        )
        quellen = [antragsteller] + [w for w in abschnitte.values() if isinstance(w, Mapping)]
        telefon = _erstes(quellen, "telefon")
        email = _erstes(quellen, "email")
        if telefon or email:
            kontakt = _el(element, "kontakt")
            if telefon:
                _el(kontakt, "telefon", str(telefon))
            if email:
                _el(kontakt, "email", str(email))
        anliegen = _erstes(quellen, "anliegen")
        if anliegen:
            _el(element, "anliegen", str(anliegen))
        # The rest of what the short filing carries, so nothing the person gave is lost.
        rest = {
            name: werte for name, werte in abschnitte.items() if name != "antragsteller" and werte
        }
        rest.update(self._meta_abschnitte())
        for name, werte in rest.items():
            self._abschnitt(person, name, werte)
        self._anlagen(element)

    def _meta_abschnitte(self) -> dict[str, Any]:
        meta: dict[str, Any] = {}
        if isinstance(self.antrag.get("wohnort"), Mapping):
            meta["wohnort"] = self.antrag["wohnort"]
        verfahren = {
            k: self.antrag[k]
            for k in ("dringlich", "kurzantrag_eingereicht_am")
            if self.antrag.get(k) is not None
        }
        if verfahren:
            meta["verfahren"] = verfahren
        return meta

    # -- persons -------------------------------------------------------------------------------

    def _personen_herausnehmen(
        self, name: str, werte: Any, haushalt: list[tuple[str, Mapping[str, Any], str]]
    ) -> Any:
        """Take every list of person-like entries out of a section (recursively) into
        ``haushalt``; returns the section without them."""
        if _ist_personenliste(werte):
            haushalt.extend((name, person, name) for person in werte)
            return None
        if isinstance(werte, Mapping):
            rest = {}
            for feld, wert in werte.items():
                if _ist_personenliste(wert):
                    haushalt.extend((f"{name}.{feld}", person, name) for person in wert)
                else:
                    rest[feld] = wert
            return rest
        return werte

    def _person(
        self,
        eltern: etree._Element,
        element_name: str,
        rolle: str,
        daten: Any,
        abschnitt_name: str | None,
    ) -> etree._Element:
        if not isinstance(daten, Mapping):
            raise XoevUngueltig(f"{element_name}: no section with the person's data")
        vorname = daten.get("vorname")
        familienname = daten.get("nachname") or daten.get("familienname")
        if not vorname or not familienname:
            raise XoevUngueltig(f"{element_name}: vorname or familienname missing")
        person = _el(eltern, element_name, personID=f"p{self.personen}")
        self.personen += 1
        _code(person, "rolle", rolle, LISTE_PERSONENROLLE)
        _el(person, "vorname", _eine_zeile(str(vorname)))
        _el(person, "familienname", _eine_zeile(str(familienname)))
        geburtsdatum = daten.get("geburtsdatum")
        if isinstance(geburtsdatum, str) and _DATUM.fullmatch(geburtsdatum):
            _el(person, "geburtsdatum", geburtsdatum)
        rest = {
            k: v
            for k, v in daten.items()
            if k not in PERSON_KERN and not (k == "verhaeltnis" and element_name == "person")
        }
        if abschnitt_name and _hat_inhalt(rest):
            self._abschnitt(person, abschnitt_name, rest)
        return person

    # -- sections and fields -------------------------------------------------------------------

    def _abschnitt(self, eltern: etree._Element, name: str, werte: Any) -> None:
        if not _hat_inhalt(werte):
            return
        element = _el(eltern, "abschnitt")
        _el(element, "name", _schluessel(name))
        felder: list[tuple[str, Any]] = []
        unter: list[tuple[str, Any]] = []
        if isinstance(werte, Mapping):
            eintraege: Iterable[tuple[str, Any]] = werte.items()
        elif isinstance(werte, list) and all(isinstance(w, Mapping) for w in werte):
            eintraege = ((f"{name}.{i}", w) for i, w in enumerate(werte, start=1))
        else:
            eintraege = ((name, werte),)
        for feld, wert in eintraege:
            if isinstance(wert, Mapping) or (
                isinstance(wert, list) and wert and all(isinstance(w, Mapping) for w in wert)
            ):
                unter.append((feld, wert))
            elif isinstance(wert, list) and not all(
                isinstance(w, str) and _AUSWAHL.fullmatch(w) for w in wert
            ):
                unter.append((feld, {f"{feld}.{i}": w for i, w in enumerate(wert, start=1)}))
            else:
                felder.append((feld, wert))
        for feld, wert in felder:
            self._feld(element, feld, wert)
        for anlage_id, abschnitt in self.anlage_abschnitt.items():
            if abschnitt == name and anlage_id in self.anlage_ids and eltern.tag == _q("antrag"):
                self._feldelement(element, "anlage", "anlageVerweis", anlage_xml_id(anlage_id))
        for feld, wert in unter:
            self._abschnitt(element, feld, wert)

    def _feld(self, eltern: etree._Element, name: str, wert: Any) -> None:
        if wert is None or wert == "" or wert == []:
            return
        typ, text = self._typ(wert)
        if typ == "mehrfachauswahl":
            feld = self._feldelement(eltern, name, typ, None)
            for auswahl in wert:
                _el(feld, "auswahl", auswahl)
            return
        self._feldelement(eltern, name, typ, text)

    def _feldelement(
        self, eltern: etree._Element, name: str, typ: str, text: str | None
    ) -> etree._Element:
        feld = _el(eltern, "feld")
        _el(feld, "name", _schluessel(name))
        _el(feld, "typ", typ)
        wert = _el(feld, "wert")
        if typ == "betrag":
            return _el(wert, typ, text, waehrung="EUR")
        return _el(wert, typ, text)

    def _typ(self, wert: Any) -> tuple[str, str | None]:
        if isinstance(wert, bool):
            return "jaNein", "true" if wert else "false"
        if isinstance(wert, int):
            return "zahl", str(wert)
        if isinstance(wert, float):
            return "zahl", repr(wert)
        if isinstance(wert, list):
            return "mehrfachauswahl", None
        text = str(wert)
        if text in self.anlage_ids:
            return "anlageVerweis", anlage_xml_id(text)
        if _DATUM.fullmatch(text):
            return "datum", text
        if _BETRAG.fullmatch(text):
            return "betrag", text
        if iban_gueltig(text):
            return "iban", text
        if _AUSWAHL.fullmatch(text):
            return "auswahl", text
        return "text", text[:20000]

    # -- attachments ---------------------------------------------------------------------------

    def _anlagen(self, element: etree._Element) -> None:
        for anlage in self.anlagen:
            _anlage(element, anlage)
        if self.pdf is not None:
            eintrag = _el(element, "anlage", id=PDF_ANLAGE_ID)
            _el(eintrag, "name", "antrag.pdf")
            _el(eintrag, "mimeTyp", "application/pdf")
            _el(eintrag, "sha256", self.pdf.sha256)
            _el(eintrag, "groesse", str(self.pdf.groesse))


def _ist_personenliste(wert: Any) -> bool:
    return (
        isinstance(wert, list)
        and bool(wert)
        and all(
            isinstance(w, Mapping)
            and w.get("vorname")
            and (w.get("nachname") or w.get("familienname"))
            for w in wert
        )
    )


def _hat_inhalt(wert: Any) -> bool:
    if isinstance(wert, Mapping):
        return any(_hat_inhalt(w) for w in wert.values())
    if isinstance(wert, list):
        return any(_hat_inhalt(w) for w in wert)
    return wert is not None and wert != ""


def _erstes(quellen: list[Any], schluessel: str) -> Any:
    for quelle in quellen:
        if isinstance(quelle, Mapping) and quelle.get(schluessel):
            return quelle[schluessel]
    return None


def _eine_zeile(text: str) -> str:
    return " ".join(text.split())


def _schluessel(name: str) -> str:
    if not _SCHLUESSEL.fullmatch(name):
        raise XoevUngueltig("a section or field key is not a valid Schluessel")
    return name
