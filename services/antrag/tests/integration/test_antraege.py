"""The service's handlers on a real event store, SQLite and PostgreSQL: drafts, submission,
refusals, ownership, receipts, delivery outcomes, retention and erasure."""

from __future__ import annotations

import base64
import dataclasses
import io
import uuid
from datetime import UTC, datetime, timedelta

import orjson
import pikepdf
import pytest
from antrag_testhilfen import (
    EINSTIEGSGELD_VOLLSTAENDIG,
    WOHNORT,
    ausfuellen,
    envelope,
    zustaendig_machen,
)
from pypdf import PdfReader
from sqlalchemy import text

from antrag import handlers
from antrag.adapters.quittung import pruefsumme
from antrag.bootstrap import bootstrap
from antrag.fehler import AntragFehler, EingabeUngueltig, Konflikt, NichtAngemeldet, NichtGefunden
from contracts.registry import REGISTRY
from kernel.config import Settings
from kernel.envelope import new_id
from kernel.nameko.provider import ServiceContext
from kernel.projections import rebuild


def neu(kontext, person: str, leistung: str = "einstiegsgeld") -> str:  # noqa: ANN001
    return handlers.anlegen(kontext(person), leistung, WOHNORT, "de")["id"]


def pdf_datei() -> dict[str, str]:
    from pypdf import PdfWriter

    writer, puffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(595, 842)
    writer.write(puffer)
    return {
        "dateiname": "arbeitsvertrag.pdf",
        "inhalt": base64.b64encode(puffer.getvalue()).decode(),
    }


def gespeicherte_ereignisse(app, antrag_id: str) -> list:  # noqa: ANN001
    return app.store.read_stream(f"antrag-{antrag_id}")


def test_fill_attach_submit_and_get_the_receipt(app, kontext):
    person = str(uuid.uuid4())
    ich = kontext(person)
    antrag_id = neu(kontext, person)
    ausfuellen(ich, antrag_id, EINSTIEGSGELD_VOLLSTAENDIG)
    anlage = handlers.anlage(ich, antrag_id, "taetigkeit", [pdf_datei()], "de")
    zustaendig_machen(ich, antrag_id)

    antwort = handlers.einreichen(ich, antrag_id, "de")
    assert antwort["status"] == "eingereicht" and antwort["jobcenter_id"] == "68410"

    [eingereicht] = [
        e for e in gespeicherte_ereignisse(app, antrag_id) if e.event_type == "AntragEingereicht"
    ]
    payload = eingereicht.payload
    assert REGISTRY.get("AntragEingereicht", 1).validate(payload) == {}
    assert (
        payload["kurzantrag"] is False and payload["definition_version"] == "einstiegsgeld-2026.1"
    )
    assert payload["antrag"]["abschnitte"]["bankverbindung"]["iban"] == "DE02120300000000202051"
    assert payload["antrag"]["abschnitte"]["taetigkeit"]["brutto_monatlich"] == "2100.00"
    assert payload["antrag"]["anlagen"] == {anlage["anlage_id"]: "taetigkeit"}
    assert payload["anlagen"][0]["sha256"] == anlage["sha256"]
    assert payload["antrag"]["wohnort"] == WOHNORT

    # Sozialdaten are sealed at rest: neither the answers nor the file name appear in clear.
    with app.database.read() as connection:
        roh = " ".join(r[0] for r in connection.execute(text("SELECT payload FROM events")))
    assert "Mustermann" not in roh and "DE0212" not in roh and "arbeitsvertrag" not in roh

    quittung = handlers.quittung(ich, antrag_id)
    assert quittung["pruefsumme"] == pruefsumme(payload)
    pdf = base64.b64decode(quittung["inhalt"])
    seitentext = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Eingangsbestätigung" in seitentext and "Muster GmbH" in seitentext
    assert handlers.quittung(ich, antrag_id)["inhalt"] == quittung["inhalt"]  # deterministic

    with pytest.raises(Konflikt) as fehler:
        handlers.einreichen(ich, antrag_id, "de")
    assert fehler.value.code == "bereits_eingereicht"
    with pytest.raises(Konflikt):
        handlers.speichern(ich, antrag_id, "arbeitslosigkeit", {}, "de")

    [uebersicht] = handlers.meine_antraege(ich)
    assert (uebersicht["id"], uebersicht["status"]) == (antrag_id, "eingereicht")
    ansicht = handlers.antrag_ansehen(ich, antrag_id, "de")
    assert [v["status"] for v in ansicht["verlauf"]] == ["entwurf", "eingereicht"]
    assert ansicht["pruefsumme"] == quittung["pruefsumme"] and ansicht["fehlend"] == []


def test_a_draft_survives_and_is_resumed_by_another_process(app, kontext, tmp_path):
    person = str(uuid.uuid4())
    antrag_id = neu(kontext, person)
    handlers.speichern(
        kontext(person),
        antrag_id,
        "antragsteller",
        EINSTIEGSGELD_VOLLSTAENDIG["antragsteller"],
        "de",
    )
    anderer_prozess = bootstrap(
        Settings(
            "antrag",
            tmp_path,
            str(app.database.engine.url.render_as_string(False)),
            str(app.key_store.database.engine.url),
            "",
            0,
            "WARNING",
        )
    )
    from kernel.nameko.provider import ServiceContext

    dort = ServiceContext(anderer_prozess, "c", None, lambda: {}, person)
    ansicht = handlers.antrag_ansehen(dort, antrag_id, "en")
    assert ansicht["abschnitte"]["antragsteller"]["nachname"] == "Mustermann"
    assert ansicht["status"] == "entwurf" and ansicht["fehlend"]
    assert ansicht["naechster_schritt"].startswith("Fill in the sections")
    anderer_prozess.close()


def test_refusals_list_what_is_missing_and_a_ge_gets_the_link(app, kontext):
    person = str(uuid.uuid4())
    ich = kontext(person)
    antrag_id = neu(kontext, person)
    with pytest.raises(Konflikt) as fehler:
        handlers.einreichen(ich, antrag_id, "de")
    assert fehler.value.code == "zustaendigkeit_ausstehend"

    zustaendig_machen(ich, antrag_id, kanal="jobcenter.digital")
    with pytest.raises(Konflikt) as fehler:
        handlers.einreichen(ich, antrag_id, "de")
    assert fehler.value.code == "jobcenter_nicht_angebunden"
    assert orjson.loads(str(fehler.value))["details"]["link"] == "https://jobcenter.digital"

    zustaendig_machen(ich, antrag_id)
    with pytest.raises(EingabeUngueltig) as fehler:
        handlers.einreichen(ich, antrag_id, "en")
    antwort = orjson.loads(str(fehler.value))
    assert antwort["code"] == "antrag_unvollstaendig"
    assert {"abschnitt": "antragsteller", "feld": "", "code": "abschnitt_fehlt"} in [
        {k: f[k] for k in ("abschnitt", "feld", "code")} for f in antwort["felder"]
    ]
    assert all(f["meldung"] for f in antwort["felder"])

    with pytest.raises(EingabeUngueltig) as fehler:
        handlers.speichern(
            ich, antrag_id, "bankverbindung", {"iban": "DE02120300000000202052"}, "en"
        )
    [feld] = orjson.loads(str(fehler.value))["felder"]
    assert (feld["feld"], feld["code"]) == ("iban", "iban_pruefziffer")
    assert "check digits" in feld["meldung"]

    with pytest.raises(EingabeUngueltig) as fehler:
        handlers.anlegen(ich, "einstiegsgeld", {"plz": "12", "ort": ""}, "de")
    assert {f["feld"]: f["code"] for f in fehler.value.felder} == {
        "plz": "plz_ungueltig",
        "ort": "pflichtfeld",
    }
    with pytest.raises(NichtGefunden):
        handlers.anlegen(ich, "wohngeld", WOHNORT, "de")


def test_the_short_filing_goes_out_at_once_and_the_rest_follows_with_its_date(app, kontext):
    person = str(uuid.uuid4())
    ich = kontext(person)
    antrag_id = neu(kontext, person)
    zustaendig_machen(ich, antrag_id)
    with pytest.raises(EingabeUngueltig) as fehler:
        handlers.kurzantrag(ich, antrag_id, "de")
    assert fehler.value.code == "kurzantrag_unvollstaendig"
    handlers.speichern(
        ich,
        antrag_id,
        "antragsteller",
        {"vorname": "E", "nachname": "M", "geburtsdatum": "1980-01-01"},
        "de",
    )
    kurz = handlers.kurzantrag(ich, antrag_id, "de")
    ausfuellen(ich, antrag_id, EINSTIEGSGELD_VOLLSTAENDIG)
    voll = handlers.einreichen(ich, antrag_id, "de")
    assert voll["eingereicht_am"] == kurz["eingereicht_am"]
    kurz_ev, voll_ev = [
        e for e in gespeicherte_ereignisse(app, antrag_id) if e.event_type == "AntragEingereicht"
    ]
    assert kurz_ev.payload["kurzantrag"] is True and kurz_ev.payload["anlagen"] == []
    assert kurz_ev.payload["antrag"]["abschnitte"] == {
        "antragsteller": {"vorname": "E", "nachname": "M", "geburtsdatum": "1980-01-01"}
    }
    assert voll_ev.payload["antrag"]["kurzantrag_eingereicht_am"] == kurz["eingereicht_am"]


def test_only_the_owner_sees_or_changes_an_application_and_guessing_reveals_nothing(app, kontext):
    besitzerin = str(uuid.uuid4())
    antrag_id = neu(kontext, besitzerin)
    ausfuellen(kontext(besitzerin), antrag_id, EINSTIEGSGELD_VOLLSTAENDIG)
    anlage_id = handlers.anlage(kontext(besitzerin), antrag_id, "taetigkeit", [pdf_datei()], "de")[
        "anlage_id"
    ]
    zustaendig_machen(kontext(besitzerin), antrag_id)
    fremde = kontext(str(uuid.uuid4()))

    aufrufe = {
        "antrag": lambda i: handlers.antrag_ansehen(fremde, i, "de"),
        "speichern": lambda i: handlers.speichern(
            fremde, i, "antragsteller", {"vorname": "X"}, "de"
        ),
        "anlage": lambda i: handlers.anlage(fremde, i, "taetigkeit", [pdf_datei()], "de"),
        "anlage_datei": lambda i: handlers.anlage_datei(fremde, i, anlage_id),
        "anlage_entfernen": lambda i: handlers.anlage_entfernen(fremde, i, anlage_id),
        "einreichen": lambda i: handlers.einreichen(fremde, i, "de"),
        "kurzantrag": lambda i: handlers.kurzantrag(fremde, i, "de"),
        "zurueckziehen": lambda i: handlers.zurueckziehen(fremde, i, None),
        "quittung": lambda i: handlers.quittung(fremde, i),
    }
    geraten = [str(uuid.uuid4()), antrag_id.upper(), "../" + antrag_id, "", "x" * 5000]
    for name, aufruf in aufrufe.items():
        antworten = set()
        for kandidat in [antrag_id, *geraten]:
            with pytest.raises(AntragFehler) as fehler:
                aufruf(kandidat)
            antworten.add((type(fehler.value).__name__, str(fehler.value)))
        # someone else's id and an unknown id are indistinguishable
        assert antworten == {("NichtGefunden", '{"code":"antrag_nicht_gefunden"}')}, name
    assert handlers.meine_antraege(fremde) == []
    for aufruf in (
        lambda: handlers.meine_antraege(kontext(None)),
        lambda: handlers.antrag_ansehen(kontext(None), antrag_id, "de"),
    ):
        with pytest.raises(NichtAngemeldet):
            aufruf()
    # nothing changed for the owner
    ansicht = handlers.antrag_ansehen(kontext(besitzerin), antrag_id, "de")
    assert ansicht["status"] == "entwurf" and len(ansicht["anlagen"]) == 1
    assert handlers.anlage_datei(kontext(besitzerin), antrag_id, anlage_id)["inhalt"]


def test_delivery_outcomes_build_the_timeline_once_each(app, kontext):
    person = str(uuid.uuid4())
    ich = kontext(person)
    antrag_id = neu(kontext, person)
    ausfuellen(ich, antrag_id, EINSTIEGSGELD_VOLLSTAENDIG)
    zustaendig_machen(ich, antrag_id)
    handlers.einreichen(ich, antrag_id, "de")
    zustellung = str(uuid.uuid4())
    fehlgeschlagen = envelope(
        "ZustellungFehlgeschlagen",
        "xta_gateway",
        {
            "zustellung_id": zustellung,
            "antrag_id": antrag_id,
            "person_id": person,
            "jobcenter_id": "68410",
            "error_code": "9032",
            "reason": "red",
            "retries": 5,
        },
    )
    assert ich.handle_once(
        "antrag.fehlgeschlagen", fehlgeschlagen, handlers.zustellung_fehlgeschlagen
    )
    assert not ich.handle_once(
        "antrag.fehlgeschlagen", fehlgeschlagen, handlers.zustellung_fehlgeschlagen
    )
    ansicht = handlers.antrag_ansehen(ich, antrag_id, "de")
    assert (
        ansicht["status"] == "zustellung_fehlgeschlagen"
        and "Antragsdatum" in ansicht["naechster_schritt"]
    )
    zugestellt = envelope(
        "NachrichtZugestellt",
        "xta_gateway",
        {
            "zustellung_id": zustellung,
            "antrag_id": antrag_id,
            "person_id": person,
            "jobcenter_id": "68410",
            "message_id": "urn:x",
            "status": "green",
            "report_time": "2026-01-15T10:31:12+01:00",  # the XTA server's own offset
        },
    )
    ich.handle_once("antrag.zugestellt", zugestellt, handlers.nachricht_zugestellt)
    ansicht = handlers.antrag_ansehen(ich, antrag_id, "de")
    assert ansicht["status"] == "zugestellt"
    assert [v["status"] for v in ansicht["verlauf"]] == [
        "entwurf",
        "eingereicht",
        "zustellung_fehlgeschlagen",
        "zugestellt",
    ]
    # in UTC and written as the timeline's other times
    assert ansicht["verlauf"][-1]["zeitpunkt"] == "2026-01-15T09:31:12.000000Z"
    typen = [e.event_type for e in gespeicherte_ereignisse(app, antrag_id)]
    assert typen.count("AntragStatusGeaendert") == 2
    handlers.zurueckziehen(ich, antrag_id, "Arbeit gefunden")
    assert handlers.meine_antraege(ich)[0]["status"] == "zurueckgezogen"
    vorher = handlers.antrag_ansehen(ich, antrag_id, "de")["verlauf"]
    rebuild(app.store, app.projections)  # the read models derive from the events alone
    assert handlers.antrag_ansehen(ich, antrag_id, "de")["verlauf"] == vorher
    assert handlers.meine_antraege(ich)[0]["status"] == "zurueckgezogen"


def test_a_delivery_no_retry_can_mend_tells_the_person_at_once_to_turn_to_the_jobcenter(
    app, kontext
):
    """It used to tell them operations would redeliver, which could not succeed (issue #10,
    3). ZustellungFehlgeschlagen v3 ``endgueltig``: the page names the Jobcenter and what to
    do, in each language; a later delivery (an operator's resend) takes the text back."""
    person = str(uuid.uuid4())
    ich = kontext(person)
    antrag_id = neu(kontext, person)
    ausfuellen(ich, antrag_id, EINSTIEGSGELD_VOLLSTAENDIG)
    zustaendig_machen(ich, antrag_id)
    handlers.einreichen(ich, antrag_id, "de")
    zustellung = str(uuid.uuid4())
    payload = {
        "zustellung_id": zustellung,
        "antrag_id": antrag_id,
        "art": "antrag",
        "person_id": person,
        "jobcenter_id": "68410",
        "error_code": "xoev_schema_invalid",
        "reason": "XÖV schema violation at line 41: /soz:antrag.einreichung.0101/soz:antrag",
        "retries": 0,
        "endgueltig": True,
    }
    fehlgeschlagen = dataclasses.replace(
        envelope("ZustellungFehlgeschlagen", "xta_gateway", payload), schema_version=3
    )
    assert ich.handle_once(
        "antrag.fehlgeschlagen", fehlgeschlagen, handlers.zustellung_fehlgeschlagen
    )
    texte = {
        sprache: handlers.antrag_ansehen(ich, antrag_id, sprache)["naechster_schritt"]
        for sprache in ("de", "en", "ls")
    }
    assert "„Biberach“" in texte["de"] and "direkt an dieses Jobcenter" in texte["de"]
    assert "erneut zu" not in texte["de"] and "müssen nichts tun" not in texte["de"]
    assert "“Biberach”" in texte["en"] and "contact this Jobcenter directly" in texte["en"]
    assert "„Biberach“" in texte["ls"] and "Bitte gehen Sie zum Jobcenter" in texte["ls"]
    (vermerkt,) = [
        e for e in gespeicherte_ereignisse(app, antrag_id) if e.event_type == "ZustellungVermerkt"
    ]
    assert vermerkt.payload["endgueltig"] is True

    # a mendable failure (v2, as before) keeps the text that operations redeliver
    zweite = str(uuid.uuid4())
    mendbar = {
        **payload,
        "zustellung_id": zweite,
        "error_code": "9030",
        "reason": "retries exhausted",
    }
    mendbar.pop("endgueltig")
    wieder = dataclasses.replace(
        envelope("ZustellungFehlgeschlagen", "xta_gateway", mendbar), schema_version=2
    )
    ich.handle_once("antrag.fehlgeschlagen", wieder, handlers.zustellung_fehlgeschlagen)
    assert "erneut zu" in handlers.antrag_ansehen(ich, antrag_id, "de")["naechster_schritt"]


def test_unused_drafts_are_shredded_after_the_retention_period(app, kontext):
    person = str(uuid.uuid4())
    ich = kontext(person)
    alt = neu(kontext, person)
    handlers.speichern(
        ich, alt, "antragsteller", {"vorname": "Erika", "nachname": "Mustermann"}, "de"
    )
    anlage_id = handlers.anlage(ich, alt, "taetigkeit", [pdf_datei()], "de")["anlage_id"]
    eingereicht = neu(kontext, person)
    ausfuellen(ich, eingereicht, EINSTIEGSGELD_VOLLSTAENDIG)
    zustaendig_machen(ich, eingereicht)
    handlers.einreichen(ich, eingereicht, "de")

    assert handlers.entwuerfe_bereinigen(app) == 0  # nothing is old yet
    spaeter = datetime.now(UTC) + timedelta(days=app.konfiguration.aufbewahrung_tage + 1)
    assert handlers.entwuerfe_bereinigen(app, jetzt_=spaeter) == 1
    assert handlers.entwuerfe_bereinigen(app, jetzt_=spaeter) == 0  # idempotent

    with pytest.raises(NichtGefunden):
        handlers.antrag_ansehen(ich, alt, "de")
    assert [a["id"] for a in handlers.meine_antraege(ich)] == [eingereicht]
    gespeichert = [
        e for e in gespeicherte_ereignisse(app, alt) if e.event_type == "AbschnittGespeichert"
    ]
    assert gespeichert[0].payload["daten"] is None and gespeichert[0].erased_fields == ("daten",)
    assert app.ablage.lesen(alt, anlage_id) is None
    # the submitted application is untouched
    assert (
        handlers.antrag_ansehen(ich, eingereicht, "de")["abschnitte"]["antragsteller"]["vorname"]
        == "Erika"
    )


def test_forgetting_a_person_erases_every_application_of_theirs(app, kontext):
    person = str(uuid.uuid4())
    ich = kontext(person)
    antrag_id = neu(kontext, person)
    ausfuellen(ich, antrag_id, EINSTIEGSGELD_VOLLSTAENDIG)
    anlage_id = handlers.anlage(ich, antrag_id, "taetigkeit", [pdf_datei()], "de")["anlage_id"]
    zustaendig_machen(ich, antrag_id)
    handlers.einreichen(ich, antrag_id, "de")
    assert app.forget(person)
    ereignisse = gespeicherte_ereignisse(app, antrag_id)
    for ereignis in ereignisse:
        if ereignis.event_type in ("AbschnittGespeichert", "AntragEingereicht", "AntragAngelegt"):
            assert ereignis.erased_fields, ereignis.event_type
    assert app.ablage.lesen(antrag_id, anlage_id) is None


def test_the_operator_command_sweeps_with_the_services_settings(sqlite_app, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from antrag.bereinigung import main

    monkeypatch.setenv("SOZ_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SOZ_DATABASE_URL", str(sqlite_app.database.engine.url))
    monkeypatch.setenv("SOZ_KEYSTORE_URL", str(sqlite_app.key_store.database.engine.url))
    monkeypatch.setenv("SOZ_ANTRAG_AUFBEWAHRUNG_TAGE", "0")
    from kernel.nameko.provider import ServiceContext

    person = str(uuid.uuid4())
    ich = ServiceContext(sqlite_app, "c", None, lambda: {}, person)
    antrag_id = handlers.anlegen(ich, "eingliederung", WOHNORT, "de")["id"]
    ergebnis = CliRunner().invoke(main, [])
    assert ergebnis.exit_code == 0, ergebnis.output
    assert ergebnis.stdout.strip() == "1 Entwürfe gelöscht"
    with pytest.raises(NichtGefunden):
        handlers.antrag_ansehen(ich, antrag_id, "de")


def test_an_undecided_place_of_residence_is_settled_by_choosing_the_gemeinde(app, kontext):
    """zustaendigkeit lists candidate Gemeinden; the person picks theirs and submits, without
    creating the application again; only they can, and only among the candidates."""
    person = str(uuid.uuid4())
    ich = kontext(person)
    antrag_id = neu(kontext, person)
    ausfuellen(ich, antrag_id, EINSTIEGSGELD_VOLLSTAENDIG)
    jobcenter = {"id": "68410", "name": "Biberach", "traeger_art": "zkT"}
    jobcenter["kanal"] = "sozialplattform"
    kandidaten = [
        {"ags": "08426021", "gemeinde": "Biberach an der Riß", "jobcenter": jobcenter},
        {"ags": "08426031", "gemeinde": "Eberhardzell", "jobcenter": jobcenter},
    ]
    ich.handle_once(
        "antrag.zustaendigkeit",
        envelope(
            "ZustaendigkeitErmittelt",
            "zustaendigkeit",
            {
                "antrag_id": antrag_id,
                "eindeutig": False,
                "kandidaten": kandidaten,
                "datenstand": "test-2026",
            },
        ),
        handlers.zustaendigkeit_ermittelt,
    )
    ansicht = handlers.antrag_ansehen(ich, antrag_id, "de")
    assert ansicht["jobcenter"] is None and ansicht["zustaendigkeit"]["gewaehlt"] is False
    assert ansicht["zustaendigkeit"]["gemeinden"] == kandidaten
    with pytest.raises(Konflikt) as fehler:
        handlers.einreichen(ich, antrag_id, "de")
    assert fehler.value.code == "zustaendigkeit_unklar"

    for ags, jobcenter_id in (
        ("08426099", "68410"),
        ("08426031", "68411"),
        ("0842603", "68410"),
        ("08426031", None),
        (["08426031"], "68410"),
    ):
        with pytest.raises(EingabeUngueltig) as fehler:
            handlers.gemeinde_waehlen(ich, antrag_id, ags, jobcenter_id)
        assert fehler.value.code == "gemeinde_unbekannt"
    with pytest.raises(NichtGefunden):
        handlers.gemeinde_waehlen(kontext(str(uuid.uuid4())), antrag_id, "08426031", "68410")

    antwort = handlers.gemeinde_waehlen(ich, antrag_id, "08426031", "68410")

    assert antwort["jobcenter"] == jobcenter
    ansicht = handlers.antrag_ansehen(ich, antrag_id, "de")
    assert ansicht["jobcenter"] == jobcenter and ansicht["zustaendigkeit"]["eindeutig"] is True
    assert ansicht["zustaendigkeit"]["gewaehlt"] is True
    assert ansicht["zustaendigkeit"]["gemeinden"] == []
    [uebersicht] = handlers.meine_antraege(ich)
    assert uebersicht["jobcenter"]["id"] == "68410"
    with pytest.raises(Konflikt) as fehler:
        handlers.gemeinde_waehlen(ich, antrag_id, "08426021", "68410")
    assert fehler.value.code == "zustaendigkeit_eindeutig"
    assert handlers.einreichen(ich, antrag_id, "de")["jobcenter_id"] == "68410"
    typen = [e.event_type for e in gespeicherte_ereignisse(app, antrag_id)]
    assert typen.count("GemeindeGewaehlt") == 1 and typen[-1] == "AntragEingereicht"


def test_the_receipt_shows_names_in_any_european_script(app, kontext):
    """Names as the person wrote them: the receipt's font (kernel.schriften) has Latin with its
    diacritics, Greek and Cyrillic, where Bitstream Vera showed boxes."""
    person = str(uuid.uuid4())
    ich = kontext(person)
    antrag_id = neu(kontext, person)
    abschnitte = {**EINSTIEGSGELD_VOLLSTAENDIG}
    abschnitte["antragsteller"] = {
        **abschnitte["antragsteller"],
        "vorname": "Łukasz Olexandr",
        "nachname": "Şahin-Nguyễn",
    }
    konto = {**abschnitte["bankverbindung"], "kontoinhaber": "Олександр Ελένη"}
    abschnitte["bankverbindung"] = konto
    ausfuellen(ich, antrag_id, abschnitte)
    zustaendig_machen(ich, antrag_id)
    handlers.einreichen(ich, antrag_id, "de")

    pdf = base64.b64decode(handlers.quittung(ich, antrag_id)["inhalt"])

    seitentext = " ".join(s.extract_text() for s in PdfReader(io.BytesIO(pdf)).pages)
    for name in ("Łukasz Olexandr", "Şahin-Nguyễn", "Олександр Ελένη"):
        assert name in seitentext
    schriften = {
        str(schrift.BaseFont).split("+")[-1]
        for seite in pikepdf.open(io.BytesIO(pdf)).pages
        for schrift in seite.Resources.Font.values()
        if "/FontFile2" in schrift.DescendantFonts[0].FontDescriptor  # embedded
    }
    assert schriften == {"DejaVu-Sans", "DejaVu-Sans-Bold"}


def test_a_submitted_applications_files_go_on_no_ones_behalf_only_to_the_named_broker_users(
    app, kontext
):
    """anlage_datei without a person used to answer any caller once the application was
    submitted; now only the broker users of SOZ_ANTRAG_ANLAGEN_LESER (the xta-gateway's)."""
    person = str(uuid.uuid4())
    ich = kontext(person)
    antrag_id = neu(kontext, person)
    ausfuellen(ich, antrag_id, EINSTIEGSGELD_VOLLSTAENDIG)
    anlage_id = handlers.anlage(ich, antrag_id, "taetigkeit", [pdf_datei()], "de")["anlage_id"]
    zustaendig_machen(ich, antrag_id)
    handlers.einreichen(ich, antrag_id, "de")

    def ohne_person(broker_user: str | None) -> ServiceContext:
        return ServiceContext(app, new_id(), None, lambda: {}, None, broker_user)

    app.konfiguration = dataclasses.replace(
        app.konfiguration, anlagen_leser=frozenset({"xta_gateway"})
    )
    assert handlers.anlage_datei(ohne_person("xta_gateway"), antrag_id, anlage_id)["inhalt"]
    for fremd in ("zustaendigkeit", "guest", None):
        with pytest.raises(NichtAngemeldet):
            handlers.anlage_datei(ohne_person(fremd), antrag_id, anlage_id)
