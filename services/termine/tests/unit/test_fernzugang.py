"""The centre's access for chat and video (docs/adr/0121): the address is checked, a template
gives every booking a room of 128 fresh random bits, the calendar file and the mail carry it."""

from __future__ import annotations

import base64
import re
from datetime import datetime

import pytest
from icalendar import Calendar
from termine_testhilfen import BONN, VIDEO_VORLAGE, stellen_dokumente

from termine.domain.fernzugang import raum_url, zugang_pruefen
from termine.domain.kalenderdatei import kalenderdatei
from termine.domain.stelle import stelle_aus_dokument
from termine.domain.texte import mail_text
from termine.fehler import UngueltigeEingabe

BEGINN = datetime.fromisoformat("2026-11-03T14:00:00+01:00")
ENDE = datetime.fromisoformat("2026-11-03T14:50:00+01:00")


@pytest.mark.parametrize(
    ("adresse", "code"),
    [
        ("http://video.example.org/{raum}", "nur_https"),
        ("ftp://video.example.org/raum", "nur_https"),
        ("video.example.org/{raum}", "nur_https"),
        ("https://leitung:geheim@video.example.org/{raum}", "mit_zugangsdaten"),
        ("https://leitung@video.example.org/{raum}", "mit_zugangsdaten"),
        ("https://video.example.org/{raum}?password=x", "mit_zugangsdaten"),
        ("https://video.example.org/{raum}/{raum}", "platzhalter_mehrfach"),
        ("https://video.example.org/" + "a" * 500, "zu_lang"),
        ("https://video.example.org/{name}", "ungueltig"),
        ("https://{raum}.example.org/", "ungueltig"),
        ("https://video.example.org/ raum", "ungueltig"),
        ("https://video.example.org/\u00e4", "ungueltig"),
        ("https://video.example.org:port/", "ungueltig"),
        ("https:///raum", "ungueltig"),
        (["https://video.example.org"], "ungueltig"),
    ],
)
def test_a_bad_address_is_refused_with_its_reason(adresse, code):
    assert zugang_pruefen(adresse) == (None, code)


def test_a_good_address_is_taken_and_an_empty_one_is_none():
    for adresse in (
        "https://meet.traeger.example/{raum}",
        "https://bbb.example.org/join?room={raum}&lang=de",
        "https://chat.example.org/beratung",
        "https://xn--trger-gra.example:8443/b/{raum}#start",
    ):
        assert zugang_pruefen(f" {adresse} ") == (adresse, None)
    assert zugang_pruefen("") == zugang_pruefen("  ") == zugang_pruefen(None) == (None, None)


def test_the_centres_document_names_each_bad_way_and_keeps_the_good():
    dokument = stellen_dokumente()[1]
    assert stelle_aus_dokument(dokument).fernzugang == {"video": VIDEO_VORLAGE}
    with pytest.raises(UngueltigeEingabe) as fehler:
        stelle_aus_dokument(
            {**dokument, "fernzugang": {"video": "http://x.example.org/{raum}", "chat": "x"}}
        )
    assert fehler.value.felder == {"fernzugang.video": "nur_https", "fernzugang.chat": "nur_https"}
    assert "x.example.org" not in str(fehler.value)
    with pytest.raises(UngueltigeEingabe) as fehler:
        stelle_aus_dokument({**dokument, "fernzugang": {"telefon": "https://x.example.org"}})
    assert fehler.value.felder == {"fernzugang": "ungueltig"}
    # A document without access reads as before, and writes as before (no empty member).
    ohne = {k: v for k, v in dokument.items() if k != "fernzugang"}
    assert "fernzugang" not in stelle_aus_dokument(ohne).dokument()


def test_a_template_gives_each_booking_a_room_of_128_fresh_bits():
    raeume = [raum_url(VIDEO_VORLAGE) for _ in range(200)]
    assert len(set(raeume)) == 200
    for raum in raeume:
        name = re.fullmatch(r"https://video\.example\.org/bonn/([A-Za-z0-9_-]+)", raum)[1]
        assert len(base64.urlsafe_b64decode(name + "==")) >= 16  # 128 bits
    assert raum_url("https://chat.example.org/beratung") == "https://chat.example.org/beratung"


def test_the_calendar_file_names_the_room_as_conference_and_in_the_description():
    stelle = stelle_aus_dokument(stellen_dokumente()[1])
    raum = raum_url(VIDEO_VORLAGE)

    def termin(**werte) -> Calendar:
        inhalt = kalenderdatei(
            termin_id="6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
            stelle=stelle,
            thema="suchtberatung",
            art="video",
            beginn=BEGINN,
            ende=ENDE,
            sequenz=0,
            erstellt=BEGINN,
            **{"storniert": False, **werte},
        )
        [ereignis] = Calendar.from_ical(inhalt).walk("VEVENT")
        return ereignis

    ereignis = termin(zugang_url=raum)
    konferenz = ereignis["CONFERENCE"]
    assert str(konferenz) == raum and str(ereignis["LOCATION"]) == raum
    assert konferenz.params["VALUE"] == "URI" and konferenz.params["FEATURE"] == "VIDEO"
    assert raum in str(ereignis["DESCRIPTION"])
    abgesagt = termin(zugang_url=raum, storniert=True)
    assert "CONFERENCE" not in abgesagt and str(abgesagt["LOCATION"]) == "Videoberatung"
    ohne = termin()
    assert "CONFERENCE" not in ohne and "schickt Ihnen die Beratungsstelle" in ohne["LOCATION"]


def test_the_mail_carries_the_room_and_without_one_says_the_centre_sends_it():
    stelle = stelle_aus_dokument(stellen_dokumente()[1])
    raum = raum_url(VIDEO_VORLAGE)
    werte = {"stelle": stelle, "beginn": BEGINN, "art": "video", "link": "https://x/termin"}
    for anlass in ("gebucht", "verschoben", "erinnerung"):
        assert raum in mail_text(anlass, **werte, zugang_url=raum)[1]
    assert raum not in mail_text("storniert", **werte, zugang_url=raum)[1]
    assert "schickt Ihnen die Beratungsstelle" in mail_text("gebucht", **werte)[1]
    assert stelle.id == BONN
