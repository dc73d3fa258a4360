"""What each RPC and each consumed event does: load, check, change the aggregate, commit.

Every call on a person's behalf names the caller (``kontext.person_id``, from the nameko
context data the gateway sets); an application is found only for its owner. An unknown id, a
malformed id, a deleted draft and someone else's application all give the same
``NichtGefunden("antrag_nicht_gefunden")``: nobody learns that an id exists.
"""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar

import structlog

from antrag.adapters import dateiarbeit
from antrag.adapters.dateien import DateiFehler
from antrag.adapters.quittung import pruefsumme, quittung_pdf
from antrag.bootstrap import AntragApplication
from antrag.domain import fristen as fristen_
from antrag.domain import validierung
from antrag.domain.antragsnummer import antragsnummer
from antrag.domain.formular import Formular, feld_an
from antrag.domain.meldungen import (
    KURZANTRAG_ZUGESTELLT,
    NAECHSTER_SCHRITT,
    WOHNORT_FELDER,
    ZUSTELLUNG_ENDGUELTIG_GESCHEITERT,
    meldung,
)
from antrag.domain.model import (
    ENTWURF,
    ZUGESTELLT,
    ZURUECKGEZOGEN,
    ZUSTELLUNG_FEHLGESCHLAGEN,
    Anlage,
    Antrag,
)
from antrag.domain.praesentation import formular_als_dict
from antrag.domain.validierung import Feldfehler
from antrag.fehler import EingabeUngueltig, Konflikt, NichtAngemeldet, NichtGefunden
from antrag.formulare import FORMULARE
from antrag.projections import abgelaufene_entwuerfe, nummer_vergeben, verlauf_von
from antrag.projections import meine_antraege as uebersicht
from contracts.text import FEHLER_STEUERZEICHEN, fehlerart, vereinheitlichen
from kernel.envelope import Envelope
from kernel.errors import ConcurrencyConflict, PermanentFailure
from kernel.unit_of_work import UnitOfWork

log = structlog.get_logger("antrag.handlers")

T = TypeVar("T")
SPRACHEN = {"de": "de", "en": "en", "ls": "ls", "de-x-ls": "ls"}
VERSUCHE = 3


class Kontext(Protocol):
    """What a handler needs of the worker's kernel context (kernel.nameko.ServiceContext)."""

    application: Any
    person_id: str | None
    # the broker user that published the RPC request (None for other entrypoints)
    broker_user: str | None

    def unit_of_work(self) -> UnitOfWork: ...


def jetzt() -> str:
    """UTC now as the store writes AwareDateTime back (isoformat, +00:00): a receipt's
    checksum over a payload is the same before and after the store's round trip."""
    return datetime.now(UTC).isoformat()


# forms --------------------------------------------------------------------------------------


def sprache_von(sprache: str | None) -> str:
    gefunden = SPRACHEN.get(sprache or "de")
    if gefunden is None:
        raise EingabeUngueltig("sprache_unbekannt")
    return gefunden


def formular_von(leistung: object) -> Formular:
    formular = FORMULARE.get(leistung) if isinstance(leistung, str) else None
    if formular is None:
        raise NichtGefunden("leistung_unbekannt")
    return formular


def formular(leistung: str, sprache: str | None) -> dict[str, Any]:
    return formular_als_dict(formular_von(leistung), sprache_von(sprache))


# commands -----------------------------------------------------------------------------------


def anlegen(
    kontext: Kontext, leistung: str, wohnort: Any, sprache: str | None, gemeinde: Any = None
) -> dict[str, Any]:
    """``gemeinde``: {ags, jobcenter_id}, one of the candidates zustaendigkeit.fuer_wohnort
    named, chosen by the person before the draft (docs/adr/0082). Taken only if the
    ZustaendigkeitErmittelt that follows lists it; otherwise the person chooses again."""
    sprache = sprache_von(sprache)
    person_id = _person(kontext)
    formular_von(leistung)
    wohnort = _wohnort_pruefen(wohnort, sprache)
    gemeinde = _vorauswahl_pruefen(gemeinde)
    antrag = Antrag.anlegen(_neue_id(kontext), person_id, leistung, wohnort, gemeinde)
    with kontext.unit_of_work() as uow:
        uow.repository(Antrag).add(antrag)
        uow.commit()
    return {"id": antrag.id, "antragsnummer": antragsnummer(antrag.id), "status": antrag.status}


def _vorauswahl_pruefen(gemeinde: Any) -> dict[str, str] | None:
    if gemeinde is None:
        return None
    if (
        isinstance(gemeinde, dict)
        and set(gemeinde) == {"ags", "jobcenter_id"}
        and isinstance(gemeinde["ags"], str)
        and re.fullmatch(r"[0-9]{8}", gemeinde["ags"])
        and isinstance(gemeinde["jobcenter_id"], str)
        and re.fullmatch(r"[0-9]{5}", gemeinde["jobcenter_id"])
    ):
        return {"ags": gemeinde["ags"], "jobcenter_id": gemeinde["jobcenter_id"]}
    raise EingabeUngueltig("gemeinde_unbekannt")


def _neue_id(kontext: Kontext) -> str:
    """A new application's id, chosen so that its number (antrag.domain.antragsnummer) is one
    no other application has: the number is derived from the id, and unique because of this.
    With 27.5 billion numbers a second try is rare even after millions of applications."""
    with kontext.application.database.read() as connection:
        while True:
            antrag_id = str(uuid.uuid4())
            if not nummer_vergeben(connection, antragsnummer(antrag_id)):
                return antrag_id


def speichern(
    kontext: Kontext, antrag_id: str, abschnitt: str, daten: Any, sprache: str | None
) -> dict[str, Any]:
    sprache = sprache_von(sprache)

    def ausfuehren(uow: UnitOfWork) -> dict[str, Any]:
        antrag = _eigener(uow, kontext, antrag_id)
        formular = formular_von(antrag.leistung)
        if formular.abschnitt(abschnitt) is None:
            raise NichtGefunden("abschnitt_unbekannt")
        ergebnis = validierung.abschnitt_pruefen(formular, abschnitt, daten, antrag.abschnitte)
        if ergebnis.fehler:
            raise EingabeUngueltig(
                "felder_ungueltig", felder=[f.als_dict(formular, sprache) for f in ergebnis.fehler]
            )
        antrag.abschnitt_speichern(abschnitt, ergebnis.daten, formular.version)
        uow.commit()
        return {
            "id": antrag.id,
            "abschnitt": abschnitt,
            "status": antrag.status,
            "fehlend": [f.als_dict(formular, sprache) for f in ergebnis.fehlend],
        }

    return _mit_wiederholung(kontext, ausfuehren)


def anlage(
    kontext: Kontext, antrag_id: str, abschnitt: str, dateien: Any, sprache: str | None
) -> dict[str, Any]:
    sprache = sprache_von(sprache)
    application: AntragApplication = kontext.application
    konfiguration = application.konfiguration
    with kontext.unit_of_work() as uow:  # fail fast before the work on the files
        antrag = _eigener(uow, kontext, antrag_id)
        if formular_von(antrag.leistung).abschnitt(abschnitt) is None:
            raise NichtGefunden("abschnitt_unbekannt")
        antrag.bearbeitung_pruefen()
    try:
        dokument = dateiarbeit.dokument_aus(
            dateien,
            max_bytes=konfiguration.anlage_max_bytes,
            max_dateien=konfiguration.anlage_max_dateien,
        )
    except DateiFehler as fehler:
        text = meldung(fehler.code, sprache, max=konfiguration.anlage_max_dateien, **fehler.werte)
        raise EingabeUngueltig(
            "anlage_ungueltig",
            felder=[
                {
                    "abschnitt": abschnitt,
                    "feld": f"dateien.{fehler.nummer}",
                    "code": fehler.code,
                    "meldung": text,
                }
            ],
        ) from None
    neu = Anlage(
        anlage_id=str(uuid.uuid4()),
        abschnitt=abschnitt,
        dateiname=dokument.dateiname,
        mime_type=dokument.mime_type,
        sha256=_sha256(dokument.inhalt),
        groesse=len(dokument.inhalt),
        seiten=dokument.seiten,
        entschaerft=dokument.entschaerft,
    )
    application.ablage.speichern(antrag_id, neu.anlage_id, dokument.inhalt)

    def ausfuehren(uow: UnitOfWork) -> dict[str, Any]:
        _eigener(uow, kontext, antrag_id).anlage_hinzufuegen(neu)
        uow.commit()
        return _anlage_dict(neu)

    return _mit_wiederholung(kontext, ausfuehren)


def anlage_entfernen(kontext: Kontext, antrag_id: str, anlage_id: str) -> dict[str, Any]:
    def ausfuehren(uow: UnitOfWork) -> dict[str, Any]:
        antrag = _eigener(uow, kontext, antrag_id)
        if anlage_id not in antrag.anlagen:
            raise NichtGefunden("anlage_nicht_gefunden")
        antrag.anlage_entfernen(anlage_id)
        uow.commit()
        return {"id": antrag.id, "anlage_id": anlage_id, "entfernt": True}

    ergebnis = _mit_wiederholung(kontext, ausfuehren)
    kontext.application.ablage.loeschen(antrag_id, anlage_id)
    return ergebnis


def einreichen(kontext: Kontext, antrag_id: str, sprache: str | None) -> dict[str, Any]:
    return _einreichen(kontext, antrag_id, sprache_von(sprache), kurzantrag=False)


def kurzantrag(
    kontext: Kontext, antrag_id: str, sprache: str | None, angaben: Any = None
) -> dict[str, Any]:
    """The short filing (§ 37 SGB II). ``angaben``: what the short form asks, by section and
    field (``{"antragsteller": {"vorname": ...}}``), only the fields the definition's
    ``kurzantrag`` names; they are saved into their section (its other answers stay) and the
    short filing goes out in the same step. Without them the saved answers must suffice."""
    sprache = sprache_von(sprache)
    return _einreichen(
        kontext, antrag_id, sprache, kurzantrag=True, angaben=_kurzangaben(angaben, sprache)
    )


def kurzantrag_formular(kontext: Kontext, antrag_id: str, sprache: str | None) -> dict[str, Any]:
    """What the short form asks (the fields the definition's ``kurzantrag`` names, in the
    language asked) with what is known already: the answer saved in this draft, else the
    same answer in the person's latest other application (``quelle``: entwurf,
    anderer_antrag or null). The place of residence is the application's."""
    sprache = sprache_von(sprache)
    with kontext.unit_of_work() as uow:
        antrag = _eigener(uow, kontext, antrag_id)
        formular = formular_von(antrag.leistung)
        bekannt = _bekannte_angaben(uow, kontext, antrag, formular)
    felder = []
    for pfad in formular.kurzantrag:
        feld = feld_an(formular, pfad)
        assert feld is not None  # checked when the definitions load
        abschnitt, _, name = pfad.partition(".")
        wert, quelle = bekannt.get(pfad, (None, None))
        felder.append(
            {
                "abschnitt": abschnitt,
                "name": name,
                "typ": feld.typ,
                "label": feld.label.in_sprache(sprache),
                "hilfe": feld.hilfe.in_sprache(sprache) if feld.hilfe else None,
                "wert": wert,
                "quelle": quelle,
            }
        )
    return {
        "id": antrag.id,
        "antragsnummer": antragsnummer(antrag.id),
        "wohnort": antrag.wohnort,
        "felder": felder,
        "moeglich": antrag.kurzantrag is None and antrag.einreichung is None,
    }


# How many of the person's other applications are looked at for answers known already.
ANDERE_ANTRAEGE = 5


def _bekannte_angaben(
    uow: UnitOfWork, kontext: Kontext, antrag: Antrag, formular: Formular
) -> dict[str, tuple[Any, str]]:
    bekannt: dict[str, tuple[Any, str]] = {}
    for pfad in formular.kurzantrag:
        wert = validierung.wert_an(antrag.abschnitte, pfad)
        if wert is not None:
            bekannt[pfad] = (wert, "entwurf")
    offen = [pfad for pfad in formular.kurzantrag if pfad not in bekannt]
    if not offen:
        return bekannt
    with kontext.application.database.read() as connection:
        andere = [a["id"] for a in uebersicht(connection, antrag.person_id) if a["id"] != antrag.id]
    for anderer_id in andere[:ANDERE_ANTRAEGE]:
        anderer = uow.repository(Antrag).find(anderer_id)
        if anderer is None or not anderer.sichtbar:
            continue
        anderes_formular = formular_von(anderer.leistung)
        for pfad in list(offen):
            dort = feld_an(anderes_formular, pfad)
            wert = validierung.wert_an(anderer.abschnitte, pfad)
            if wert is not None and dort is not None and dort.typ == feld_an(formular, pfad).typ:
                bekannt[pfad] = (wert, "anderer_antrag")
                offen.remove(pfad)
        if not offen:
            break
    return bekannt


def _kurzangaben(angaben: Any, sprache: str) -> dict[str, dict[str, Any]] | None:
    """The short form's answers by section, refusing anything else (422 felder_ungueltig)."""
    if angaben is None:
        return None
    if not isinstance(angaben, dict) or not all(isinstance(v, dict) for v in angaben.values()):
        raise EingabeUngueltig(
            "felder_ungueltig",
            felder=[
                {
                    "abschnitt": "",
                    "feld": "angaben",
                    "code": "objekt_erwartet",
                    "meldung": meldung("objekt_erwartet", sprache),
                }
            ],
        )
    return angaben


def _einreichen(
    kontext: Kontext,
    antrag_id: str,
    sprache: str,
    *,
    kurzantrag: bool,
    angaben: dict[str, dict[str, Any]] | None = None,
) -> dict:
    def ausfuehren(uow: UnitOfWork) -> dict[str, Any]:
        antrag = _eigener(uow, kontext, antrag_id)
        formular = formular_von(antrag.leistung)
        # State first: "already submitted" and "not here" matter more than what is missing.
        if antrag.einreichung is not None:
            raise Konflikt("bereits_eingereicht")
        if kurzantrag and antrag.kurzantrag is not None:
            raise Konflikt("kurzantrag_bereits_gestellt")
        antrag.jobcenter_fuer_einreichung()
        if angaben is not None:
            _kurzangaben_speichern(antrag, formular, angaben, sprache)
        if kurzantrag:
            befunde = validierung.kurzantrag_pruefen(formular, antrag.abschnitte)
            code = "kurzantrag_unvollstaendig"
        else:
            befunde = validierung.antrag_pruefen(formular, antrag.abschnitte)
            code = "antrag_unvollstaendig"
        if befunde:
            raise EingabeUngueltig(code, felder=[f.als_dict(formular, sprache) for f in befunde])
        ereignis = antrag.einreichen(
            zeitpunkt=jetzt(),
            antrag=_antrag_inhalt(formular, antrag, kurzantrag=kurzantrag),
            definition_version=formular.version,
            kurzantrag=kurzantrag,
        )
        uow.commit()
        return {
            "id": antrag.id,
            "antragsnummer": antragsnummer(antrag.id),
            "status": antrag.status,
            "kurzantrag": kurzantrag,
            "eingereicht_am": ereignis.eingereicht_am,
            "jobcenter_id": ereignis.jobcenter_id,
        }

    return _mit_wiederholung(kontext, ausfuehren)


def _kurzangaben_speichern(
    antrag: Antrag, formular: Formular, angaben: dict[str, dict[str, Any]], sprache: str
) -> None:
    """The short form's answers into their sections, beside the answers saved there."""
    erlaubt = {pfad.partition(".")[0]: set() for pfad in formular.kurzantrag}
    for pfad in formular.kurzantrag:
        abschnitt, _, name = pfad.partition(".")
        erlaubt[abschnitt].add(name)
    fremd = [
        Feldfehler(abschnitt, name, "unbekanntes_feld")
        for abschnitt, werte in angaben.items()
        for name in werte
        if name not in erlaubt.get(abschnitt, ())
    ]
    if fremd:
        raise EingabeUngueltig(
            "felder_ungueltig", felder=[f.als_dict(formular, sprache) for f in fremd]
        )
    for abschnitt, werte in angaben.items():
        daten = {**antrag.abschnitte.get(abschnitt, {}), **werte}
        ergebnis = validierung.abschnitt_pruefen(formular, abschnitt, daten, antrag.abschnitte)
        if ergebnis.fehler:
            raise EingabeUngueltig(
                "felder_ungueltig", felder=[f.als_dict(formular, sprache) for f in ergebnis.fehler]
            )
        antrag.abschnitt_speichern(abschnitt, ergebnis.daten, formular.version)


def _antrag_inhalt(formular: Formular, antrag: Antrag, *, kurzantrag: bool) -> dict[str, Any]:
    """The ``antrag`` object of AntragEingereicht (docs/adr/0033)."""
    if kurzantrag:
        abschnitte = validierung.kurzantrag_daten(formular, antrag.abschnitte)
    else:
        abschnitte = validierung.bereinigte_abschnitte(formular, antrag.abschnitte)
    inhalt: dict[str, Any] = {
        "wohnort": antrag.wohnort,
        "abschnitte": abschnitte,
        "dringlich": validierung.ist_dringlich(formular, antrag.abschnitte),
    }
    if not kurzantrag:
        inhalt["anlagen"] = {a.anlage_id: a.abschnitt for a in antrag.anlagen.values()}
        if antrag.kurzantrag is not None:
            inhalt["kurzantrag_eingereicht_am"] = antrag.kurzantrag.eingereicht_am
    return inhalt


def zurueckziehen(kontext: Kontext, antrag_id: str, begruendung: Any) -> dict[str, Any]:
    if begruendung is not None and (
        not isinstance(begruendung, str)
        or not 1 <= len(begruendung.strip()) <= 2000
        or fehlerart(begruendung) is not None
    ):
        raise EingabeUngueltig("begruendung_ungueltig")
    begruendung = vereinheitlichen(begruendung) if begruendung else None

    def ausfuehren(uow: UnitOfWork) -> dict[str, Any]:
        antrag = _eigener(uow, kontext, antrag_id)
        antrag.zurueckziehen(jetzt(), begruendung.strip() if begruendung else None)
        uow.commit()
        return {"id": antrag.id, "status": antrag.status}

    return _mit_wiederholung(kontext, ausfuehren)


def gemeinde_waehlen(
    kontext: Kontext, antrag_id: str, ags: Any, jobcenter_id: Any
) -> dict[str, Any]:
    """The person's choice among the candidates (Gemeinde and its Jobcenter) of an undecided
    place of residence."""
    if not _ziffern(ags, 8) or not _ziffern(jobcenter_id, 5):
        raise EingabeUngueltig("gemeinde_unbekannt")

    def ausfuehren(uow: UnitOfWork) -> dict[str, Any]:
        antrag = _eigener(uow, kontext, antrag_id)
        gewaehlt = antrag.gemeinde_waehlen(ags, jobcenter_id)
        uow.commit()
        return {"id": antrag.id, "status": antrag.status, "jobcenter": gewaehlt.jobcenter}

    return _mit_wiederholung(kontext, ausfuehren)


# queries ------------------------------------------------------------------------------------


def antrag_ansehen(kontext: Kontext, antrag_id: str, sprache: str | None) -> dict[str, Any]:
    sprache = sprache_von(sprache)
    with kontext.unit_of_work() as uow:
        antrag = _eigener(uow, kontext, antrag_id)
        verlauf = verlauf_von(uow.connection, antrag.id)
    formular = formular_von(antrag.leistung)
    zustaendigkeit = antrag.zustaendigkeit
    letzte = antrag.letzte_einreichung
    hinweis = NAECHSTER_SCHRITT[antrag.status]
    if antrag.status == ZUGESTELLT and antrag.einreichung is None:
        hinweis = KURZANTRAG_ZUGESTELLT
    naechster_schritt = hinweis.in_sprache(sprache)
    if antrag.status == ZUSTELLUNG_FEHLGESCHLAGEN and antrag.zustellung_endgueltig_gescheitert:
        jobcenter = (zustaendigkeit.jobcenter if zustaendigkeit else None) or {}
        naechster_schritt = ZUSTELLUNG_ENDGUELTIG_GESCHEITERT.in_sprache(sprache).format(
            jobcenter=jobcenter.get("name") or jobcenter.get("id") or "?"
        )
    offen = validierung.antrag_pruefen(formular, antrag.abschnitte) if antrag.bearbeitbar else []
    return {
        "id": antrag.id,
        "antragsnummer": antragsnummer(antrag.id),
        "leistung": antrag.leistung,
        "definition_version": formular.version,
        "status": antrag.status,
        "bearbeitbar": antrag.bearbeitbar,
        "wohnort": antrag.wohnort,
        "jobcenter": zustaendigkeit.jobcenter if zustaendigkeit else None,
        "zustaendigkeit": {
            "eindeutig": zustaendigkeit.eindeutig,
            "kandidaten": zustaendigkeit.kandidaten,
            "datenstand": zustaendigkeit.datenstand,
            "gemeinden": [] if zustaendigkeit.eindeutig else zustaendigkeit.gemeinden or [],
            "gewaehlt": antrag.gemeinde_gewaehlt,
        }
        if zustaendigkeit
        else None,
        "abschnitte": antrag.abschnitte,
        "anlagen": [_anlage_dict(a) for a in antrag.anlagen.values()],
        "fehlend": [f.als_dict(formular, sprache) for f in offen],
        "dringlich": validierung.ist_dringlich(formular, antrag.abschnitte),
        "fristen": _fristen(formular, antrag),
        "kurzantrag_eingereicht_am": antrag.kurzantrag.eingereicht_am
        if antrag.kurzantrag
        else None,
        "eingereicht_am": letzte.eingereicht_am if letzte else None,
        "pruefsumme": pruefsumme(letzte.to_payload()) if letzte else None,
        "verlauf": verlauf,
        "naechster_schritt": naechster_schritt,
    }


def meine_antraege(kontext: Kontext) -> list[dict[str, Any]]:
    """Each application with its urgency and deadlines. The read model holds no answers: an
    application whose definition knows urgency or deadlines (Mietrückstände) is loaded to tell
    them; the others are not."""
    person_id = _person(kontext)
    with kontext.application.database.read() as connection:
        antraege = uebersicht(connection, person_id)
    with kontext.unit_of_work() as uow:
        for eintrag in antraege:
            formular = formular_von(eintrag["leistung"])
            antrag = None
            if formular.dringlich_wenn is not None or formular.fristen:
                antrag = uow.repository(Antrag).find(eintrag["id"])
            if antrag is not None and antrag.status != ZURUECKGEZOGEN:
                eintrag["dringlich"] = validierung.ist_dringlich(formular, antrag.abschnitte)
                eintrag["fristen"] = _fristen(formular, antrag)
            elif eintrag["status"] == ZURUECKGEZOGEN:
                eintrag["dringlich"], eintrag["fristen"] = False, []
            else:  # the read model says whether the last submission was a short filing
                eintrag["dringlich"] = False
                eintrag["fristen"] = fristen_.fristen(
                    formular,
                    {},
                    ags=None,
                    kurzantrag_am=eintrag["eingereicht_am"] if eintrag["kurzantrag"] else None,
                    vollstaendig_eingereicht=False,
                )
    return antraege


def _fristen(formular: Formular, antrag: Antrag) -> list[dict[str, Any]]:
    """The deadlines the person must know (docs/adr/0088). None once withdrawn."""
    if antrag.status == ZURUECKGEZOGEN:
        return []
    zustaendigkeit = antrag.zustaendigkeit
    return fristen_.fristen(
        formular,
        antrag.abschnitte,
        ags=zustaendigkeit.ags if zustaendigkeit else None,
        kurzantrag_am=antrag.kurzantrag.eingereicht_am if antrag.kurzantrag else None,
        vollstaendig_eingereicht=antrag.einreichung is not None,
    )


def quittung(
    kontext: Kontext,
    antrag_id: str,
    jobcenter_kontakt: dict[str, Any] | None = None,
    sprache: str | None = None,
) -> dict[str, Any]:
    """``jobcenter_kontakt``: how to reach the Jobcenter, which the gateway asks zustaendigkeit
    for (antrag never reads zustaendigkeit's data; docs/adr/0085). ``sprache``: the person's,
    the receipt's words and the form's texts in it (docs/adr/0089)."""
    sprache = sprache_von(sprache)
    with kontext.unit_of_work() as uow:
        antrag = _eigener(uow, kontext, antrag_id)
        verlauf = verlauf_von(uow.connection, antrag.id)
    letzte = antrag.letzte_einreichung
    if letzte is None:
        raise Konflikt("noch_nicht_eingereicht")
    payload = letzte.to_payload()
    eingereicht = [v for v in verlauf if v["status"] == "eingereicht"]
    zeitpunkt = eingereicht[-1]["zeitpunkt"] if eingereicht else letzte.eingereicht_am
    jobcenter = antrag.zustaendigkeit.jobcenter if antrag.zustaendigkeit else None
    pdf = quittung_pdf(
        formular_von(antrag.leistung),
        payload,
        zeitpunkt=zeitpunkt,
        jobcenter_name=jobcenter["name"] if jobcenter else None,
        jobcenter_kontakt=jobcenter_kontakt if isinstance(jobcenter_kontakt, dict) else None,
        sprache=sprache,
        antragsnummer=antragsnummer(antrag.id),
        fristen=_fristen(formular_von(antrag.leistung), antrag),
    )
    return {
        "dateiname": f"eingangsbestaetigung-{antrag.id}.pdf",
        "mime_type": "application/pdf",
        "inhalt": base64.b64encode(pdf).decode(),
        "sha256": _sha256(pdf),
        "pruefsumme": pruefsumme(payload),
    }


def anlage_datei(kontext: Kontext, antrag_id: str, anlage_id: str) -> dict[str, Any]:
    """The bytes of an attachment: for its owner, or for a service acting for no person once
    it was submitted, if that service's broker user is one of SOZ_ANTRAG_ANLAGEN_LESER (the
    xta-gateway fetching what an AntragEingereicht refers to). Any other caller is not
    authenticated (nicht_angemeldet, before any lookup: it learns nothing of the application;
    the xta-gateway retries it as a setting operations can mend)."""
    with kontext.unit_of_work() as uow:
        if kontext.person_id is None:
            if kontext.broker_user not in kontext.application.konfiguration.anlagen_leser:
                log.warning("anlage_datei_verweigert", broker_user=kontext.broker_user)
                raise NichtAngemeldet("nicht_angemeldet")
            antrag = _gefunden(uow, antrag_id)
            if antrag is None or antrag.letzte_einreichung is None:
                raise NichtGefunden("antrag_nicht_gefunden")
        else:
            antrag = _eigener(uow, kontext, antrag_id)
    gefunden = antrag.anlagen.get(str(anlage_id))
    inhalt = kontext.application.ablage.lesen(antrag.id, gefunden.anlage_id) if gefunden else None
    if gefunden is None or inhalt is None:
        raise NichtGefunden("anlage_nicht_gefunden")
    return {**_anlage_dict(gefunden), "inhalt": base64.b64encode(inhalt).decode()}


# retention ----------------------------------------------------------------------------------


def entwuerfe_bereinigen(
    application: AntragApplication, *, jetzt_: datetime | None = None, stapel: int = 500
) -> int:
    """Delete drafts nobody changed within the retention period: forget the draft's data key
    (its answers and files can never be read again, backups included), remove its files,
    then record EntwurfGeloescht. In this order a crash between the steps leaves a draft the
    next sweep finishes; a person who saves at that moment makes the last step fail and keeps
    the draft. Returns how many were deleted."""
    frist = timedelta(days=application.konfiguration.aufbewahrung_tage)
    grenze = ((jetzt_ or datetime.now(UTC)) - frist).isoformat(timespec="microseconds")
    grenze = grenze.replace("+00:00", "Z")
    with application.database.read() as connection:
        kandidaten = abgelaufene_entwuerfe(connection, grenze, stapel)
    geloescht = 0
    for antrag_id in kandidaten:
        with application.unit_of_work() as uow:
            antrag = uow.repository(Antrag).find(antrag_id)
            if antrag is None or antrag.status != ENTWURF or antrag.geloescht:
                continue
            application.antrag_vergessen(antrag_id)
            antrag.entwurf_loeschen(jetzt())
            try:
                uow.commit()
            except ConcurrencyConflict:
                continue
        geloescht += 1
    if geloescht:
        log.info("entwuerfe_geloescht", anzahl=geloescht)
    return geloescht


# consumed events ----------------------------------------------------------------------------


def zustaendigkeit_ermittelt(event: Envelope, uow: UnitOfWork) -> None:
    antrag = _antrag_fuer_ereignis(event, uow)
    if antrag is not None:
        antrag.zustaendigkeit_vermerken(event.payload, event.event_id)


def nachricht_zugestellt(event: Envelope, uow: UnitOfWork) -> None:
    _zustellung(event, uow, "zugestellt", event.payload["report_time"])  # v1 and v2


def zustellung_fehlgeschlagen(event: Envelope, uow: UnitOfWork) -> None:
    _zustellung(event, uow, "fehlgeschlagen", event.occurred_at)


def _zustellung(event: Envelope, uow: UnitOfWork, ergebnis: str, zeitpunkt: str) -> None:
    payload = event.payload  # v2: the subscription and handle_once upcast a v1 (bootstrap)
    if payload.get("art") not in ("antrag", "kurzantrag") or not payload.get("antrag_id"):
        # A delivery of something else (a person's Postkorb reply, art postkorb_antwort): it
        # does not move an application, even one it refers to. Acknowledged (the inbox row
        # marks it handled), logged with ids only.
        log.info(
            "zustellung_ohne_antrag_uebergangen",
            event_type=event.event_type,
            event_id=event.event_id,
            zustellung_id=str(payload.get("zustellung_id")),
            art=payload.get("art"),
        )
        return
    antrag = _antrag_fuer_ereignis(event, uow, str(payload["antrag_id"]))
    if antrag is None:
        return
    if str(payload["person_id"]) != antrag.person_id:
        raise PermanentFailure("the delivery names another person than the application")
    antrag.zustellung_vermerken(
        zustellung_id=str(payload["zustellung_id"]),
        ergebnis=ergebnis,
        zeitpunkt=zeitpunkt,
        jobcenter_id=payload["jobcenter_id"],
        error_code=payload.get("error_code"),
        endgueltig=bool(payload.get("endgueltig")),  # v3; an upcast v1/v2 says False
    )


def _antrag_fuer_ereignis(
    event: Envelope, uow: UnitOfWork, antrag_id: str | None = None
) -> Antrag | None:
    antrag = uow.repository(Antrag).find(antrag_id or str(event.payload["antrag_id"]))
    if antrag is None:
        # Not one of ours (another instance's, or a test's): nothing to change. Logged with
        # ids only; the inbox row marks it handled.
        log.warning("antrag_unbekannt", event_type=event.event_type, event_id=event.event_id)
    return antrag


# helpers ------------------------------------------------------------------------------------


def _person(kontext: Kontext) -> str:
    person_id = kontext.person_id
    if not person_id or not isinstance(person_id, str):
        raise NichtAngemeldet("nicht_angemeldet")
    return person_id


def _gefunden(uow: UnitOfWork, antrag_id: object) -> Antrag | None:
    try:
        schluessel = str(uuid.UUID(str(antrag_id)))
    except ValueError:
        return None
    antrag = uow.repository(Antrag).find(schluessel)
    return antrag if antrag is not None and antrag.sichtbar else None


def _eigener(uow: UnitOfWork, kontext: Kontext, antrag_id: object) -> Antrag:
    person_id = _person(kontext)
    antrag = _gefunden(uow, antrag_id)
    if antrag is None or antrag.person_id != person_id:
        raise NichtGefunden("antrag_nicht_gefunden")
    return antrag


def _ziffern(wert: Any, anzahl: int) -> bool:
    return isinstance(wert, str) and len(wert) == anzahl and wert.isascii() and wert.isdigit()


def _mit_wiederholung(kontext: Kontext, ausfuehren: Callable[[UnitOfWork], T]) -> T:
    """Run a command in a unit of work; when another writer appended to the same application
    meanwhile, load it again and re-decide (never merge blindly)."""
    for _ in range(VERSUCHE):
        try:
            with kontext.unit_of_work() as uow:
                return ausfuehren(uow)
        except ConcurrencyConflict:
            continue
    raise Konflikt("gleichzeitig_geaendert")


def _wohnort_pruefen(wohnort: Any, sprache: str) -> dict[str, str]:
    """As contracts' Wohnort: plz five digits, ort 1-100, strasse optional 1-200, each one line
    of text (contracts.text)."""
    felder: list[dict[str, str]] = []

    def fehler(name: str, code: str, **grenzen: object) -> None:
        text = meldung(code, sprache, **grenzen)
        felder.append({"abschnitt": "wohnort", "feld": name, "code": code, "meldung": text})

    if not isinstance(wohnort, dict):
        fehler("", "objekt_erwartet")
        raise EingabeUngueltig("wohnort_ungueltig", felder=felder)
    bereinigt: dict[str, str] = {}
    for name in wohnort:
        if name not in ("plz", "ort", "strasse"):
            fehler(name, "unbekanntes_feld")
    for name, pflicht, laenge in (("plz", True, 5), ("ort", True, 100), ("strasse", False, 200)):
        wert = wohnort.get(name)
        wert = wert.strip() if isinstance(wert, str) else wert
        if wert in (None, ""):
            if pflicht:
                fehler(name, "pflichtfeld")
            continue
        if not isinstance(wert, str):
            fehler(name, "text_erwartet")
        elif (art := fehlerart(wert, einzeilig=True)) is not None:
            code = "text_steuerzeichen" if art == FEHLER_STEUERZEICHEN else "text_einzeilig"
            fehler(name, code, feld=WOHNORT_FELDER[name].in_sprache(sprache))
        elif name == "plz" and not (len(wert) == 5 and wert.isascii() and wert.isdigit()):
            fehler(name, "plz_ungueltig")
        elif len(wert) > laenge:
            fehler(name, "text_zu_lang", max=laenge)
        else:
            bereinigt[name] = wert
    if felder:
        raise EingabeUngueltig("wohnort_ungueltig", felder=felder)
    return bereinigt


def _anlage_dict(anlage: Anlage) -> dict[str, Any]:
    return {
        "anlage_id": anlage.anlage_id,
        "abschnitt": anlage.abschnitt,
        "dateiname": anlage.dateiname,
        "mime_type": anlage.mime_type,
        "sha256": anlage.sha256,
        "groesse": anlage.groesse,
        "seiten": anlage.seiten,
        # what was removed from the PDF (JavaScript, embedded files, ...), docs/adr/0069;
        # None: stored before files were neutralised
        "entschaerft": anlage.entschaerft,
    }


def _sha256(inhalt: bytes) -> str:
    return hashlib.sha256(inhalt).hexdigest()
