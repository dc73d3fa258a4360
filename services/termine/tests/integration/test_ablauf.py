"""The whole path on SQLite, without nameko: search, free times, book anonymously and with an
account, the secret link, move, cancel, calendar file, mails, limits, staff, retention."""

from __future__ import annotations

import uuid

import pytest
from icalendar import Calendar
from sqlalchemy import select
from termine_testhilfen import (
    ANGEBOT_BONN,
    ANGEBOT_KOELN,
    BONN,
    FRAU_A,
    HERR_B,
    JETZT,
    KOELN,
    anwendung_fuer,
)

from kernel.consuming import handle_once
from kernel.envelope import Envelope, new_id
from kernel.mail import postausgang
from kernel.projections import rebuild
from termine import handlers
from termine.adapters.projektion import belegung, buchungen, raeume, stellen, zugaenge
from termine.fehler import (
    KeinZugang,
    NichtAenderbar,
    NichtGefunden,
    OrtMehrdeutig,
    OrtUnbekannt,
    TerminVergeben,
    UngueltigeEingabe,
    ZuVieleBuchungen,
)
from termine.konto_geloescht import termine_loeschen

PERSON = "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f"
ANLIEGEN = "Ich habe Schulden beim Versandhandel"


def mails(anwendung) -> list[dict]:
    with anwendung.database.read() as connection:
        tokens = connection.execute(select(postausgang.c.inhalt)).scalars().all()
    return [anwendung.cipher.open(t)[0] for t in tokens]


def test_search_by_postcode_sorted_by_distance_with_next_free_time(kontext):
    ctx = kontext()
    antwort = handlers.suchen(ctx, plz="50667")
    assert [t["id"] for t in antwort["treffer"]] == [KOELN, BONN]
    koeln, bonn = antwort["treffer"]
    assert koeln["entfernung_km"] < 1 and koeln["landesweit"] is False
    # Bonn lies just beyond 25 km; it offers video, so it is found Land-wide.
    assert bonn["entfernung_km"] == 25.2 and bonn["landesweit"] is True
    assert koeln["naechster_termin"] == "2026-11-03T09:00:00+01:00"  # 24 h notice
    assert bonn["naechster_termin"] == "2026-11-03T14:00:00+01:00"
    assert antwort["beispieldaten"] is True and koeln["beispieldaten"] is True
    assert handlers.suchen(ctx, plz="50667", umkreis_km=30, art="vor_ort")["gesamt"] == 2
    [sucht] = handlers.suchen(ctx, plz="50667", thema="suchtberatung")["treffer"]
    assert sucht["id"] == BONN and sucht["naechster_termin"] == "2026-11-03T14:00:00+01:00"
    [video] = handlers.suchen(ctx, plz="50667", thema="suchtberatung", art="video")["treffer"]
    assert video["naechster_termin"] == "2026-11-03T14:00:00+01:00"
    assert handlers.suchen(ctx, plz="50667", thema="sozialberatung")["treffer"] == []
    assert handlers.suchen(ctx, plz="50667", sprache="tr")["gesamt"] == 1
    assert handlers.suchen(ctx, plz="50667", barrierefrei="true")["gesamt"] == 1


def test_phone_and_video_offers_are_found_land_wide_but_not_beyond(kontext):
    ctx = kontext()
    weit = handlers.suchen(ctx, plz="50667", umkreis_km=1, art="video")
    assert [(t["id"], t["landesweit"]) for t in weit["treffer"]] == [(BONN, True)]
    assert handlers.suchen(ctx, plz="50667", umkreis_km=1, art="vor_ort")["gesamt"] == 1
    assert handlers.suchen(ctx, plz="80331", art="telefon")["gesamt"] == 0  # Bavaria


def test_places_ambiguous_unknown_and_bad_input(kontext):
    ctx = kontext()
    with pytest.raises(OrtMehrdeutig) as mehrdeutig:
        handlers.suchen(ctx, ort="Frankfurt")
    assert {o["land"] for o in mehrdeutig.value.inhalt["optionen"]} == {"HE", "BB"}
    with pytest.raises(OrtUnbekannt):
        handlers.suchen(ctx, plz="99999")
    with pytest.raises(UngueltigeEingabe) as schlecht:
        handlers.suchen(ctx, plz="5066x", thema="astrologie", umkreis_km="viel")
    assert schlecht.value.felder == {
        "plz": "ungueltig",
        "thema": "ungueltig",
        "umkreis_km": "ungueltig",
    }
    assert "5066x" not in str(schlecht.value)


def test_centre_with_offers_and_opening_hours_in_three_languages(kontext):
    stelle = handlers.beratungsstelle(kontext(), KOELN)
    assert stelle["angebote"] == [
        {
            "id": ANGEBOT_KOELN,
            "thema": "schuldnerberatung",
            "arten": ["vor_ort", "telefon"],
            "dauer_minuten": 45,
        }
    ]
    assert stelle["oeffnungszeiten"] == [
        "Montag, Dienstag, Mittwoch, Donnerstag, Freitag: 09:00–12:00 Uhr"
    ]
    assert handlers.beratungsstelle(kontext(sprache="en"), KOELN)["oeffnungszeiten"][0].startswith(
        "Monday"
    )
    assert handlers.beratungsstelle(kontext(sprache="de-x-ls"), KOELN)["oeffnungszeiten"] == [
        "Montag, Dienstag, Mittwoch, Donnerstag und Freitag: von 9 Uhr bis 12 Uhr"
    ]
    with pytest.raises(NichtGefunden):
        handlers.beratungsstelle(kontext(), str(uuid.uuid4()))


def test_anonymous_booking_link_move_cancel_and_calendar_file(kontext, anwendung):
    ctx = kontext()
    frei = handlers.freie_termine(ctx, KOELN, art="telefon", von="2026-11-03", bis="2026-11-03")
    assert [t["beginn"] for t in frei["termine"]] == [
        "2026-11-03T09:00:00+01:00",
        "2026-11-03T10:00:00+01:00",
        "2026-11-03T11:00:00+01:00",
    ]
    gebucht = handlers.buchen(
        ctx,
        KOELN,
        ANGEBOT_KOELN,
        "2026-11-03T09:00:00+01:00",
        "telefon",
        anliegen=ANLIEGEN,
        kontakt={"email": "person@example.org", "telefon": "+49 221 0000000"},
        client_adresse="203.0.113.7",
    )
    geheimnis = gebucht["geheimnis"]
    assert len(geheimnis) >= 43 and gebucht["status"] == "gebucht"
    assert gebucht["ende"] == "2026-11-03T09:45:00+01:00"
    # Stored only as its hash.
    with anwendung.database.read() as connection:
        zeile = connection.execute(select(buchungen)).one()
    assert zeile.geheimnis_hash != geheimnis and geheimnis not in str(tuple(zeile))
    assert ANLIEGEN not in str(tuple(zeile))  # sealed
    # Frau A's telefon slot at 09:00 is gone; Herr B has no phone hours.
    frei = handlers.freie_termine(ctx, KOELN, art="telefon", von="2026-11-03", bis="2026-11-03")
    assert frei["termine"][0]["beginn"] == "2026-11-03T10:00:00+01:00"

    with pytest.raises(NichtGefunden):
        handlers.buchung(ctx, gebucht["id"], "falsch" * 8)
    with pytest.raises(NichtGefunden):
        handlers.buchung(kontext(person_id=PERSON), gebucht["id"])
    gelesen = handlers.buchung(ctx, gebucht["id"], geheimnis)
    assert gelesen["anliegen"] == ANLIEGEN
    assert gelesen["kontakt"] == {"email": "person@example.org", "telefon": "+49 221 0000000"}

    ics = Calendar.from_ical(handlers.kalenderdatei(ctx, gebucht["id"], geheimnis)["inhalt"])
    [termin] = ics.walk("VEVENT")
    uid = str(termin["UID"])
    assert termin["SEQUENCE"] == 0 and str(termin["STATUS"]) == "CONFIRMED"
    assert termin["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert termin.decoded("DTSTART").isoformat() == "2026-11-03T09:00:00+01:00"
    assert ics.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    assert "Telefon" in str(termin["LOCATION"]) and ANLIEGEN not in ics.to_ical().decode()

    verschoben = handlers.verschieben(ctx, gebucht["id"], "2026-11-04T10:00:00+01:00", geheimnis)
    assert verschoben["beginn"] == "2026-11-04T10:00:00+01:00"
    ics = Calendar.from_ical(handlers.kalenderdatei(ctx, gebucht["id"], geheimnis)["inhalt"])
    [termin] = ics.walk("VEVENT")
    assert str(termin["UID"]) == uid and termin["SEQUENCE"] == 1

    storniert = handlers.stornieren(ctx, gebucht["id"], geheimnis)
    assert storniert["status"] == "storniert"
    abgesagt = Calendar.from_ical(storniert["kalenderdatei"])
    assert str(abgesagt["METHOD"]) == "CANCEL"
    [termin] = abgesagt.walk("VEVENT")
    assert (
        str(termin["STATUS"]) == "CANCELLED"
        and termin["SEQUENCE"] == 2
        and str(termin["UID"]) == uid
    )
    # The secret is spent: 404 from now on.
    with pytest.raises(NichtGefunden):
        handlers.buchung(ctx, gebucht["id"], geheimnis)
    # The time is free again.
    frei = handlers.freie_termine(ctx, KOELN, art="telefon", von="2026-11-04", bis="2026-11-04")
    assert "2026-11-04T10:00:00+01:00" in [t["beginn"] for t in frei["termine"]]

    gesendet = mails(anwendung)
    assert [m["betreff"] for m in gesendet] == [
        "Ihr Beratungstermin ist gebucht",
        "Ihr Beratungstermin wurde verschoben",
        "Ihr Beratungstermin ist abgesagt",
    ]
    assert all(ANLIEGEN not in m["text"] and m["an"] == "person@example.org" for m in gesendet)
    assert f"/termine/buchung/{gebucht['id']}?geheimnis={geheimnis}" in gesendet[0]["text"]


def test_a_taken_time_is_409_with_the_next_free_ones_and_a_time_never_offered_422(kontext):
    ctx = kontext()
    beginn = "2026-11-03T09:00:00+01:00"  # Tuesday: only Frau A
    handlers.buchen(kontext(person_id=PERSON), KOELN, ANGEBOT_KOELN, beginn, "vor_ort")
    with pytest.raises(TerminVergeben) as vergeben:
        handlers.buchen(ctx, KOELN, ANGEBOT_KOELN, beginn, "vor_ort")
    assert [t["beginn"] for t in vergeben.value.naechste_freie][:2] == [
        "2026-11-03T10:00:00+01:00",
        "2026-11-03T11:00:00+01:00",
    ]
    with pytest.raises(UngueltigeEingabe) as nie:
        handlers.buchen(ctx, KOELN, ANGEBOT_KOELN, "2026-11-03T09:20:00+01:00", "vor_ort")
    assert nie.value.felder == {"beginn": "kein_angebotener_termin"}
    with pytest.raises(UngueltigeEingabe) as ohne_nummer:
        handlers.buchen(ctx, KOELN, ANGEBOT_KOELN, "2026-11-03T10:00:00+01:00", "telefon")
    assert ohne_nummer.value.felder == {"kontakt.telefon": "pflicht"}
    with pytest.raises(UngueltigeEingabe) as schlecht:
        handlers.buchen(ctx, KOELN, ANGEBOT_BONN, "morgen", "brieftaube", kontakt={"email": "x"})
    assert set(schlecht.value.felder) == {"angebot_id", "art", "beginn", "kontakt.email"}
    # Monday 2026-11-09: both counsellors free at 09:00, two bookings there.
    zwei = [
        handlers.buchen(ctx, KOELN, ANGEBOT_KOELN, "2026-11-09T09:00:00+01:00", "vor_ort")
        for _ in range(2)
    ]
    assert len({b["id"] for b in zwei}) == 2
    with pytest.raises(TerminVergeben):
        handlers.buchen(ctx, KOELN, ANGEBOT_KOELN, "2026-11-09T09:00:00+01:00", "vor_ort")


def test_account_bookings_are_mine_and_nobody_elses(kontext):
    ich = kontext(person_id=PERSON)
    gebucht = handlers.buchen(ich, BONN, ANGEBOT_BONN, "2026-11-03T14:00:00+01:00", "video")
    assert "geheimnis" not in gebucht
    assert [t["id"] for t in handlers.meine_termine(ich)["termine"]] == [gebucht["id"]]
    assert "anliegen" not in handlers.meine_termine(ich)["termine"][0]
    fremd = kontext(person_id=str(uuid.uuid4()))
    assert handlers.meine_termine(fremd)["termine"] == []
    for aufruf in (handlers.buchung, handlers.stornieren, handlers.kalenderdatei):
        with pytest.raises(NichtGefunden):
            aufruf(fremd, gebucht["id"])
    with pytest.raises(KeinZugang):
        handlers.meine_termine(kontext())


def test_open_anonymous_bookings_are_limited_per_address_and_per_contact(kontext):
    ctx = kontext()
    zeiten = ["2026-11-03T09:00:00+01:00", "2026-11-03T10:00:00+01:00", "2026-11-03T11:00:00+01:00"]
    for beginn in zeiten:
        handlers.buchen(ctx, KOELN, ANGEBOT_KOELN, beginn, "vor_ort", client_adresse="198.51.100.1")
    with pytest.raises(ZuVieleBuchungen) as zu_viele:
        handlers.buchen(
            ctx,
            KOELN,
            ANGEBOT_KOELN,
            "2026-11-04T09:00:00+01:00",
            "vor_ort",
            client_adresse="198.51.100.1",
        )
    assert zu_viele.value.inhalt == {"code": "je_adresse", "grenze": 3}
    kontakt = {"telefon": "+49 221 000000"}
    for beginn in (
        "2026-11-04T09:00:00+01:00",
        "2026-11-04T10:00:00+01:00",
        "2026-11-04T11:00:00+01:00",
    ):
        handlers.buchen(
            ctx,
            KOELN,
            ANGEBOT_KOELN,
            beginn,
            "vor_ort",
            kontakt=kontakt,
            client_adresse=str(uuid.uuid4()),
        )
    with pytest.raises(ZuVieleBuchungen) as zu_viele:
        handlers.buchen(
            ctx,
            KOELN,
            ANGEBOT_KOELN,
            "2026-11-05T09:00:00+01:00",
            "vor_ort",
            kontakt={"telefon": "+49221000000"},
        )
    assert zu_viele.value.inhalt["code"] == "je_kontakt"
    # An account is not limited this way.
    handlers.buchen(
        kontext(person_id=PERSON), KOELN, ANGEBOT_KOELN, "2026-11-05T09:00:00+01:00", "vor_ort"
    )


def test_reminder_24_hours_before_and_erasure_30_days_after(kontext, anwendung):
    ctx = kontext()
    gebucht = handlers.buchen(
        ctx,
        KOELN,
        ANGEBOT_KOELN,
        "2026-11-03T10:00:00+01:00",
        "vor_ort",
        anliegen=ANLIEGEN,
        kontakt={"email": "person@example.org"},
    )
    assert handlers.erinnern(kontext(jetzt=JETZT + 3600)) == 0  # 25 h before
    assert handlers.erinnern(kontext(jetzt=JETZT + 3 * 3600)) == 1
    assert handlers.erinnern(kontext(jetzt=JETZT + 4 * 3600)) == 0  # once
    assert mails(anwendung)[-1]["betreff"] == "Erinnerung an Ihren Beratungstermin"
    assert handlers.aufbewahrung(kontext(jetzt=JETZT + 30 * 86400)) == 0
    assert handlers.aufbewahrung(kontext(jetzt=JETZT + 32 * 86400)) == 1
    with pytest.raises(NichtGefunden):
        handlers.buchung(ctx, gebucht["id"], gebucht["geheimnis"])
    # In the event store the concern can no longer be opened.
    [gebucht_event] = [
        e
        for e in anwendung.store.read_stream(f"termin-{gebucht['id']}")
        if e.event_type == "TerminGebucht"
    ]
    assert (
        gebucht_event.payload.get("anliegen") is None and "anliegen" in gebucht_event.erased_fields
    )


def test_staff_see_and_change_only_their_own_centre(kontext, anwendung):
    leitung_koeln, leitung_bonn = str(uuid.uuid4()), str(uuid.uuid4())
    handlers.zugang_erteilen(anwendung, leitung_koeln, KOELN, "leitung")
    handlers.zugang_erteilen(anwendung, leitung_bonn, BONN, "leitung")
    koeln, bonn = kontext(person_id=leitung_koeln), kontext(person_id=leitung_bonn)
    assert handlers.mein_zugang(koeln)["beratungsstelle_id"] == KOELN
    assert handlers.mein_zugang(kontext(person_id=PERSON)) is None
    with pytest.raises(KeinZugang):
        handlers.buchungen_der_stelle(kontext(person_id=PERSON))

    gebucht = handlers.buchen(
        kontext(),
        KOELN,
        ANGEBOT_KOELN,
        "2026-11-03T10:00:00+01:00",
        "vor_ort",
        anliegen=ANLIEGEN,
        kontakt={"email": "person@example.org"},
    )
    [buchung] = handlers.buchungen_der_stelle(koeln)["buchungen"]
    assert buchung["anliegen"] == ANLIEGEN and buchung["id"] == gebucht["id"]
    assert handlers.buchungen_der_stelle(bonn)["buchungen"] == []
    for aufruf in (
        lambda: handlers.durch_stelle_stornieren(bonn, gebucht["id"], "Krank"),
        lambda: handlers.nicht_erschienen(bonn, gebucht["id"]),
        lambda: handlers.sprechzeiten_setzen(bonn, FRAU_A, []),
        lambda: handlers.abwesenheit_eintragen(bonn, FRAU_A, "2026-11-03", "2026-11-03"),
    ):
        with pytest.raises(NichtGefunden):
            aufruf()
    # A counsellor (rolle beratung) keeps bookings and hours, not the entry.
    beraterin = str(uuid.uuid4())
    handlers.zugang_erteilen(anwendung, beraterin, KOELN, "beratung")
    with pytest.raises(KeinZugang):
        handlers.stelle_aendern(kontext(person_id=beraterin), {"name": "Anders (Beispiel)"})
    assert len(handlers.buchungen_der_stelle(kontext(person_id=beraterin))["buchungen"]) == 1
    # Bonn's change of its own entry leaves Köln alone.
    handlers.stelle_aendern(bonn, {"name": "Suchtberatung Bonn-Mitte (Beispiel)"})
    assert handlers.beratungsstelle(kontext(), KOELN)["name"] == "Schuldnerberatung Köln (Beispiel)"
    assert (
        handlers.beratungsstelle(kontext(), BONN)["name"] == "Suchtberatung Bonn-Mitte (Beispiel)"
    )

    # Köln's absence on the booked day is listed as a conflict, the booking stays.
    ergebnis = handlers.abwesenheit_eintragen(koeln, FRAU_A, "2026-11-03", "2026-11-03")
    assert [k["grund"] for k in ergebnis["konflikte"]] == ["abwesenheit"]
    assert handlers.buchung(kontext(), gebucht["id"], gebucht["geheimnis"])["status"] == "gebucht"
    with pytest.raises(NichtAenderbar):
        handlers.nicht_erschienen(koeln, gebucht["id"])  # not begun yet
    storniert = handlers.durch_stelle_stornieren(
        koeln, gebucht["id"], "Die Beraterin ist erkrankt."
    )
    assert storniert["storniert_durch"] == "beratungsstelle"
    assert storniert["storno_grund"] == "Die Beraterin ist erkrankt."
    assert handlers.konflikte(koeln)["konflikte"] == []
    assert mails(anwendung)[-1]["betreff"] == "Die Beratungsstelle hat Ihren Termin abgesagt"
    # the person's link still shows that, and why; it is spent by the person's own cancellation
    gesehen = handlers.buchung(kontext(), gebucht["id"], gebucht["geheimnis"])
    assert (gesehen["status"], gesehen["storniert_durch"]) == ("storniert", "beratungsstelle")
    assert gesehen["storno_grund"] == "Die Beraterin ist erkrankt."

    # No-show after the start.
    zweite = handlers.buchen(
        kontext(), KOELN, ANGEBOT_KOELN, "2026-11-04T09:00:00+01:00", "vor_ort"
    )
    spaeter = kontext(person_id=leitung_koeln, jetzt=JETZT + 3 * 86400)
    assert handlers.nicht_erschienen(spaeter, zweite["id"])["status"] == "nicht_erschienen"
    ergebnis = handlers.sprechzeiten_setzen(
        koeln, HERR_B, [{"tage": ["FR"], "von": "08:00", "bis": "10:00", "arten": ["vor_ort"]}]
    )
    assert ergebnis["berater"]["sprechzeiten"][0]["tage"] == ["FR"]


def test_a_deleted_account_cancels_its_open_bookings_and_erases_their_data(kontext, anwendung):
    ich = kontext(person_id=PERSON)
    meiner = handlers.buchen(
        ich, KOELN, ANGEBOT_KOELN, "2026-11-03T09:00:00+01:00", "vor_ort", anliegen=ANLIEGEN
    )
    anonym = handlers.buchen(
        kontext(), KOELN, ANGEBOT_KOELN, "2026-11-03T10:00:00+01:00", "vor_ort", anliegen=ANLIEGEN
    )
    umschlag = Envelope(
        event_id=new_id(),
        event_type="KontoGeloescht",
        schema_version=1,
        occurred_at="2026-11-02T09:00:00+00:00",
        producer="gateway",
        stream_id=f"konto-{PERSON}",
        stream_version=2,
        correlation_id=new_id(),
        causation_id=None,
        payload={"person_id": PERSON, "geloescht_am": "2026-11-02T09:00:00+00:00"},
    )
    assert handle_once(anwendung, "termine.konto_geloescht", umschlag, termine_loeschen)
    assert not handle_once(anwendung, "termine.konto_geloescht", umschlag, termine_loeschen)
    with pytest.raises(NichtGefunden):
        handlers.buchung(ich, meiner["id"])
    typen = [e.event_type for e in anwendung.store.read_stream(f"termin-{meiner['id']}")]
    assert typen[-2:] == ["TerminStorniert", "TerminDatenGeloescht"]
    # The time is free again; the anonymous booking stays as it was.
    frei = handlers.freie_termine(kontext(), KOELN, von="2026-11-03", bis="2026-11-03")
    assert "2026-11-03T09:00:00+01:00" in [t["beginn"] for t in frei["termine"]]
    assert handlers.buchung(kontext(), anonym["id"], anonym["geheimnis"])["anliegen"] == ANLIEGEN


def test_the_projections_rebuild_to_the_same_rows(kontext, anwendung):
    ctx = kontext()
    eins = handlers.buchen(ctx, KOELN, ANGEBOT_KOELN, "2026-11-03T09:00:00+01:00", "vor_ort")
    handlers.buchen(ctx, BONN, ANGEBOT_BONN, "2026-11-03T14:00:00+01:00", "video", anliegen="x")
    handlers.verschieben(ctx, eins["id"], "2026-11-04T09:00:00+01:00", eins["geheimnis"])
    handlers.zugang_erteilen(anwendung, PERSON, BONN, "beratung")

    def inhalt() -> dict:
        with anwendung.database.read() as connection:
            return {
                tabelle.name: sorted(map(tuple, connection.execute(select(tabelle)).all()))
                for tabelle in (stellen, belegung, buchungen, raeume, zugaenge)
            }

    vorher = inhalt()
    assert rebuild(anwendung.store, anwendung.projections) > 0
    assert inhalt() == vorher


def test_another_replica_sees_a_centres_change_at_its_next_check(kontext, anwendung, monkeypatch):
    andere = anwendung_fuer(
        anwendung.database.url.render_as_string(hide_password=False),
        anwendung.key_store.database.url.render_as_string(hide_password=False),
        pool=1,
    )
    monkeypatch.setattr("termine.adapters.verzeichnis.PRUEFABSTAND_SEKUNDEN", 3600.0)
    assert andere.verzeichnis.index().stelle(BONN).name == "Suchtberatung Bonn (Beispiel)"
    leitung = str(uuid.uuid4())
    handlers.zugang_erteilen(anwendung, leitung, BONN, "leitung")
    handlers.stelle_aendern(kontext(person_id=leitung), {"barrierefrei": True})
    # Within the check interval the replica answers from what it has.
    assert andere.verzeichnis.index().stelle(BONN).barrierefrei is False
    monkeypatch.setattr("termine.adapters.verzeichnis.PRUEFABSTAND_SEKUNDEN", 0.0)
    assert andere.verzeichnis.index().stelle(BONN).barrierefrei is True
    assert andere.verzeichnis.index().stelle(KOELN).name == "Schuldnerberatung Köln (Beispiel)"
    andere.close()


def test_a_change_made_on_an_outdated_entry_is_refused_not_overwriting(kontext, anwendung):
    leitung = str(uuid.uuid4())
    handlers.zugang_erteilen(anwendung, leitung, KOELN, "leitung")
    ctx = kontext(person_id=leitung)
    gelesen = anwendung.verzeichnis.index(frisch=True).stelle(KOELN)
    handlers.stelle_aendern(ctx, {"beschreibung": "Neu (Beispiel)"})
    veraltet = {**gelesen.dokument(), "name": "Anders (Beispiel)"}
    with pytest.raises(NichtAenderbar) as gleichzeitig:
        handlers._stelle_speichern(ctx, gelesen, veraltet)
    assert gleichzeitig.value.inhalt == {"code": "gleichzeitig_geaendert"}
    stelle = handlers.beratungsstelle(kontext(), KOELN)
    assert (stelle["name"], stelle["beschreibung"]) == (
        "Schuldnerberatung Köln (Beispiel)",
        "Neu (Beispiel)",
    )
