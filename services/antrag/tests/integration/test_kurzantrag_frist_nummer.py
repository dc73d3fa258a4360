"""The short form (what a short filing needs, what is known already, saved and filed in one
step), the deadlines an application shows (Schonfrist, completing after a short filing) and
the application number, on a real event store (SQLite and PostgreSQL)."""

from __future__ import annotations

import base64
import io
import uuid
from datetime import date, timedelta

import pytest
from antrag_testhilfen import WOHNORT, zustaendig_machen
from pypdf import PdfReader

from antrag import handlers
from antrag.domain.antragsnummer import antragsnummer
from antrag.domain.fristen import fristende
from antrag.fehler import EingabeUngueltig, Konflikt

PERSON = {"vorname": "Erika", "nachname": "Mustermann", "geburtsdatum": "1980-04-12"}


def neu(kontext, person: str, leistung: str = "einstiegsgeld") -> str:  # noqa: ANN001
    return handlers.anlegen(kontext(person), leistung, WOHNORT, "de")["id"]


def test_the_number_is_shown_everywhere_and_no_two_applications_share_one(
    app, kontext, monkeypatch
):  # noqa: ANN001
    person = str(uuid.uuid4())
    ich = kontext(person)
    erster = neu(kontext, person)
    nummer = antragsnummer(erster)
    assert handlers.antrag_ansehen(ich, erster, "de")["antragsnummer"] == nummer
    assert handlers.meine_antraege(ich)[0]["antragsnummer"] == nummer

    # the next id drawn would have the same number (drawn twice): anlegen draws again
    frei, echt = uuid.uuid4(), uuid.uuid4
    gezogen = [uuid.UUID(erster), frei]
    monkeypatch.setattr(uuid, "uuid4", lambda: gezogen.pop(0) if gezogen else echt())
    angelegt = handlers.anlegen(ich, "einstiegsgeld", WOHNORT, "de")
    assert angelegt["id"] == str(frei)
    assert angelegt["antragsnummer"] == antragsnummer(str(frei)) != nummer


def test_the_short_form_saves_its_answers_and_files_in_one_step(app, kontext):  # noqa: ANN001
    person = str(uuid.uuid4())
    ich = kontext(person)
    antrag_id = neu(kontext, person)
    zustaendig_machen(ich, antrag_id)
    handlers.speichern(ich, antrag_id, "antragsteller", {"telefon": "06051 12345"}, "de")

    formular = handlers.kurzantrag_formular(ich, antrag_id, "en")
    assert [(f["abschnitt"], f["name"], f["wert"]) for f in formular["felder"]] == [
        ("antragsteller", "vorname", None),
        ("antragsteller", "nachname", None),
        ("antragsteller", "geburtsdatum", None),
    ]
    assert formular["felder"][2]["label"] == "Date of birth" and formular["moeglich"]

    with pytest.raises(EingabeUngueltig) as fehler:
        handlers.kurzantrag(
            ich, antrag_id, "de", {"antragsteller": {**PERSON, "geburtsdatum": "31.02.1980"}}
        )
    assert [(f["feld"], f["code"]) for f in fehler.value.felder] == [
        ("geburtsdatum", "datum_ungueltig")
    ]
    with pytest.raises(EingabeUngueltig) as fehler:
        handlers.kurzantrag(ich, antrag_id, "de", {"antragsteller": {"iban": "DE02"}})
    assert fehler.value.felder[0]["code"] == "unbekanntes_feld"
    assert "vorname" not in handlers.antrag_ansehen(ich, antrag_id, "de")["abschnitte"].get(
        "antragsteller", {}
    )

    kurz = handlers.kurzantrag(ich, antrag_id, "de", {"antragsteller": PERSON})
    assert kurz["kurzantrag"] is True
    ansicht = handlers.antrag_ansehen(ich, antrag_id, "de")
    assert ansicht["abschnitte"]["antragsteller"] == {**PERSON, "telefon": "06051 12345"}
    [frist] = ansicht["fristen"]
    heute = date.fromisoformat(frist["ab"])
    assert frist["code"] == "antrag_vervollstaendigen" and frist["verbindlich"] is False
    assert frist["bis"] == (heute + timedelta(days=14)).isoformat()
    assert handlers.meine_antraege(ich)[0]["fristen"] == [frist]
    assert handlers.kurzantrag_formular(ich, antrag_id, "de")["moeglich"] is False

    # the receipt: in the person's language, with the number, the next step and its date
    for sprache, worte in (
        ("en", ["Receipt", "What happens next", "We recommend: by", "Application number"]),
        ("ls", ["Bestätigung: Ihr Antrag ist angekommen", "So geht es weiter", "Unser Tipp"]),
        ("de", ["Eingangsbestätigung", "Wie es weitergeht", "Wir empfehlen: bis zum"]),
    ):
        pdf = PdfReader(
            io.BytesIO(base64.b64decode(handlers.quittung(ich, antrag_id, None, sprache)["inhalt"]))
        )
        seitentext = "".join(seite.extract_text() for seite in pdf.pages)
        for wort in worte:
            assert wort in seitentext, (sprache, wort)
        assert antragsnummer(antrag_id) in seitentext and "kanonisch" not in seitentext
        bis = date.fromisoformat(frist["bis"])
        assert bis.strftime("%d.%m.%Y") in seitentext
        katalog = pdf.trailer["/Root"]
        assert katalog["/Lang"] == {"en": "en-GB"}.get(sprache, "de-DE")
        assert bool(katalog["/ViewerPreferences"]["/DisplayDocTitle"])
        assert pdf.metadata.title.startswith(worte[0])
        # the headings as bookmarks: the title, and the sections beneath it
        titel, abschnitte = pdf.outline[0], pdf.outline[1]
        assert (titel.title, abschnitte[0].title) == tuple(worte[:2])
    with pytest.raises(Konflikt):
        handlers.kurzantrag(ich, antrag_id, "de", {"antragsteller": PERSON})

    # a second application: the short form offers what the first one knows
    zweiter = neu(kontext, person, "mietrueckstaende")
    bekannt = handlers.kurzantrag_formular(ich, zweiter, "de")["felder"]
    assert [(f["wert"], f["quelle"]) for f in bekannt] == [
        ("Erika", "anderer_antrag"),
        ("Mustermann", "anderer_antrag"),
        ("1980-04-12", "anderer_antrag"),
    ]
    # nobody else's answers are offered
    fremd = neu(kontext, str(uuid.uuid4()), "mietrueckstaende")
    fremde = handlers.kurzantrag_formular(kontext(handlers_person(app, fremd)), fremd, "de")
    assert [f["wert"] for f in fremde["felder"]] == [None, None, None]


def handlers_person(app, antrag_id: str) -> str:  # noqa: ANN001
    with app.unit_of_work() as uow:
        return uow.repository(handlers.Antrag).find(antrag_id).person_id


def test_an_eviction_suit_shows_the_schonfrist_and_marks_the_list_urgent(app, kontext):  # noqa: ANN001
    person = str(uuid.uuid4())
    ich = kontext(person)
    antrag_id = neu(kontext, person, "mietrueckstaende")
    zustaendig_machen(ich, antrag_id)  # Biberach: ags 08426021, Baden-Württemberg
    neben = neu(kontext, person)
    zugestellt = date.today() - timedelta(days=10)
    handlers.speichern(
        ich,
        antrag_id,
        "kuendigung",
        {
            "gekuendigt": True,
            "kuendigung_am": (zugestellt - timedelta(days=40)).isoformat(),
            "kuendigung_art": "fristlos",
            "raeumungsklage": True,
            "klage_zugestellt_am": zugestellt.isoformat(),
            "gericht": "Amtsgericht Biberach",
        },
        "de",
    )
    ansicht = handlers.antrag_ansehen(ich, antrag_id, "de")
    [frist] = ansicht["fristen"]
    ende = fristende(zugestellt, 2, "BW")
    assert frist["code"] == "schonfrist" and frist["land"] == "BW"
    assert (frist["ab"], frist["bis"]) == (zugestellt.isoformat(), ende.isoformat())
    assert frist["abgelaufen"] is False and frist["tage"] >= 40
    assert ansicht["dringlich"] is True

    liste = {a["id"]: a for a in handlers.meine_antraege(ich)}
    assert liste[antrag_id]["dringlich"] is True and liste[antrag_id]["fristen"] == [frist]
    assert liste[neben]["dringlich"] is False and liste[neben]["fristen"] == []

    handlers.zurueckziehen(ich, antrag_id, None)
    assert handlers.antrag_ansehen(ich, antrag_id, "de")["fristen"] == []
    zurueck = {a["id"]: a for a in handlers.meine_antraege(ich)}[antrag_id]
    assert zurueck["dringlich"] is False and zurueck["fristen"] == []


def test_the_support_finds_an_application_by_the_number_read_out_and_sees_no_answers(
    sqlite_app, tmp_path, monkeypatch
):  # noqa: ANN001
    """antrag-nummer (docs/adr/0089): the number as a person says it, in any case and
    grouping; a typing error is refused by the check character; the answer names status,
    timeline and Jobcenter, never what the person entered."""
    from click.testing import CliRunner

    from antrag.nummer import main
    from kernel.nameko.provider import ServiceContext

    monkeypatch.setenv("SOZ_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SOZ_DATABASE_URL", str(sqlite_app.database.engine.url))
    monkeypatch.setenv("SOZ_KEYSTORE_URL", str(sqlite_app.key_store.database.engine.url))
    ich = ServiceContext(sqlite_app, "c", None, lambda: {}, str(uuid.uuid4()))
    antrag_id = handlers.anlegen(ich, "einstiegsgeld", WOHNORT, "de")["id"]
    handlers.speichern(ich, antrag_id, "antragsteller", PERSON, "de")
    nummer = antragsnummer(antrag_id)

    gesprochen = nummer.replace("-", " ").lower()
    ergebnis = CliRunner().invoke(main, [gesprochen])
    assert ergebnis.exit_code == 0, ergebnis.output
    assert ergebnis.stdout.splitlines()[:3] == [
        f"Antrag {nummer}: {antrag_id}",
        "Leistung: einstiegsgeld",
        "Status: entwurf",
    ]
    assert "entwurf" in ergebnis.stdout.split("Verlauf:")[1]
    for angabe in PERSON.values():
        assert angabe not in ergebnis.stdout

    vertippt = nummer[:-1] + ("2" if nummer[-1] != "2" else "3")
    falsch = CliRunner().invoke(main, [vertippt])
    assert falsch.exit_code == 2 and "keine gültige Antragsnummer" in falsch.stderr
    andere = antragsnummer(str(uuid.uuid4()))  # a valid number of no application here
    fehlt = CliRunner().invoke(main, [andere])
    assert fehlt.exit_code == 1 and f"Kein Antrag mit der Nummer {andere}." in fehlt.stderr

    monkeypatch.setenv("SOZ_DATABASE_URL", f"sqlite:///{tmp_path / 'eine-andere.db'}")
    daneben = CliRunner().invoke(main, [gesprochen])  # pointed at another database
    assert daneben.exit_code == 1 and "Stimmen SOZ_DATABASE_URL" in daneben.stderr
