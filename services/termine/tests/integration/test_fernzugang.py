"""Chat and video appointments get a way in (docs/adr/0121): a room per booking from the
centre's template, sealed like the concern, kept on a move, gone after a cancellation, erased by
the retention sweep; without an access the booking needs a contact; the centre's staff set the
access and see the room beside the booking."""

from __future__ import annotations

import re
import uuid

import pytest
from icalendar import Calendar
from sqlalchemy import select
from termine_testhilfen import ANGEBOT_BONN, BONN, JETZT, VIDEO_VORLAGE

from kernel.mail import postausgang
from termine import handlers
from termine.adapters.projektion import raeume
from termine.fehler import UngueltigeEingabe

PERSON = "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f"
RAUM = re.compile(r"^https://video\.example\.org/bonn/[A-Za-z0-9_-]{22}$")
DIENSTAG = "2026-11-03T14:00:00+01:00"
DONNERSTAG = "2026-11-05T14:00:00+01:00"


def test_a_video_booking_gets_its_own_room_kept_on_a_move_and_gone_after_cancelling(
    kontext, anwendung
):
    ctx = kontext()
    eins = handlers.buchen(ctx, BONN, ANGEBOT_BONN, DIENSTAG, "video")
    zwei = handlers.buchen(ctx, BONN, ANGEBOT_BONN, DONNERSTAG, "video", anliegen="x")
    assert RAUM.match(eins["zugang_url"]) and RAUM.match(zwei["zugang_url"])
    assert eins["zugang_url"] != zwei["zugang_url"]
    # Sealed in the store and the read model: the address is nowhere in plain text.
    with anwendung.database.read() as connection:
        versiegelt = connection.execute(select(raeume.c.zugang_url)).scalars().all()
    assert len(versiegelt) == 2 and not any("example.org" in t for t in versiegelt)
    gespeichert = [e.payload for e in anwendung.store.read_stream(f"termin-{eins['id']}")]
    assert {"termin_id": eins["id"], "zugang_url": eins["zugang_url"]} in gespeichert

    gelesen = handlers.buchung(ctx, eins["id"], eins["geheimnis"])
    assert gelesen["zugang_url"] == eins["zugang_url"]
    ics = handlers.kalenderdatei(ctx, eins["id"], eins["geheimnis"])["inhalt"]
    [termin] = Calendar.from_ical(ics).walk("VEVENT")
    assert str(termin["CONFERENCE"]) == eins["zugang_url"]

    verschoben = handlers.verschieben(
        ctx, eins["id"], "2026-11-10T14:00:00+01:00", eins["geheimnis"]
    )
    assert verschoben["zugang_url"] == eins["zugang_url"]
    storniert = handlers.stornieren(ctx, eins["id"], eins["geheimnis"])
    assert storniert["zugang_url"] is None
    assert eins["zugang_url"] not in storniert["kalenderdatei"]


def test_the_owner_and_the_staff_see_the_room_and_the_mail_carries_it(kontext, anwendung):
    ich = kontext(person_id=PERSON)
    gebucht = handlers.buchen(
        ich, BONN, ANGEBOT_BONN, DIENSTAG, "video", kontakt={"email": "p@example.org"}
    )
    [meiner] = handlers.meine_termine(ich)["termine"]
    assert meiner["zugang_url"] == gebucht["zugang_url"]
    leitung = str(uuid.uuid4())
    handlers.zugang_erteilen(anwendung, leitung, BONN, "beratung")
    liste = handlers.buchungen_der_stelle(kontext(person_id=leitung), von="2026-11-03")
    assert [b["zugang_url"] for b in liste["buchungen"]] == [gebucht["zugang_url"]]
    with anwendung.database.read() as connection:
        [inhalt] = connection.execute(select(postausgang.c.inhalt)).scalars().all()
    assert gebucht["zugang_url"] in anwendung.cipher.open(inhalt)[0]["text"]


def test_without_an_access_the_booking_needs_a_contact(kontext, anwendung):
    leitung = str(uuid.uuid4())
    handlers.zugang_erteilen(anwendung, leitung, BONN, "leitung")
    handlers.stelle_aendern(kontext(person_id=leitung), {"fernzugang": {"video": None}})
    ctx = kontext()
    assert handlers.beratungsstelle(ctx, BONN)["zugang_fuer"] == []
    with pytest.raises(UngueltigeEingabe) as fehler:
        handlers.buchen(ctx, BONN, ANGEBOT_BONN, DIENSTAG, "video", anliegen="x")
    assert fehler.value.felder == {"kontakt": "fuer_zugang_noetig"}
    gebucht = handlers.buchen(
        ctx, BONN, ANGEBOT_BONN, DIENSTAG, "video", kontakt={"telefon": "+49 228 000000"}
    )
    assert gebucht["zugang_url"] is None
    assert handlers.buchung(ctx, gebucht["id"], gebucht["geheimnis"])["zugang_url"] is None


def test_the_centres_management_sets_its_access_checked_per_way(kontext, anwendung):
    leitung = str(uuid.uuid4())
    handlers.zugang_erteilen(anwendung, leitung, BONN, "leitung")
    ctx = kontext(person_id=leitung)
    assert handlers.beratungsstelle(ctx, BONN)["fernzugang"] == {
        "chat": None,
        "video": VIDEO_VORLAGE,
    }
    with pytest.raises(UngueltigeEingabe) as fehler:
        handlers.stelle_aendern(ctx, {"fernzugang": {"chat": "https://a:b@chat.example.org/"}})
    assert fehler.value.felder == {"fernzugang.chat": "mit_zugangsdaten"}
    chat = "https://chat.example.org/bonn"
    stelle = handlers.stelle_aendern(ctx, {"fernzugang": {"chat": chat}})
    assert stelle["fernzugang"] == {"chat": chat, "video": VIDEO_VORLAGE}  # video kept
    oeffentlich = handlers.beratungsstelle(kontext(), BONN)
    assert oeffentlich["zugang_fuer"] == ["chat", "video"] and "fernzugang" not in oeffentlich


def test_the_retention_sweep_erases_the_room(kontext, anwendung):
    ctx = kontext()
    gebucht = handlers.buchen(ctx, BONN, ANGEBOT_BONN, DIENSTAG, "video")
    spaeter = kontext(jetzt=JETZT + 40 * 86400)
    assert handlers.aufbewahrung(spaeter) == 1
    with anwendung.database.read() as connection:
        assert connection.execute(select(raeume)).all() == []
    ereignisse = anwendung.store.read_stream(f"termin-{gebucht['id']}")
    [raum] = [e for e in ereignisse if e.event_type == "TerminRaumZugeteilt"]
    assert raum.payload["zugang_url"] is None  # the booking's key is gone
