"""Free times: weekly rules in Europe/Berlin wall time across DST, holidays of the Land,
length, buffer, notice, horizon, absences, bookings."""

from __future__ import annotations

from datetime import UTC, date, datetime

from termine.domain.kalender import einheiten, feiertage, freie_zeiten, ohne_doppelte, rfc3339
from termine.domain.stelle import stelle_aus_dokument

ANGEBOT = "11111111-1111-4111-8111-111111111111"
BERATERIN = "22222222-2222-4222-8222-222222222222"
KOLLEGE = "33333333-3333-4333-8333-333333333333"


def stelle(*sprechzeiten: dict, land: str = "NW", dauer: int = 45, puffer: int = 15, **mehr):
    dokument = {
        "id": "44444444-4444-4444-8444-444444444444",
        "name": "Schuldnerberatung (Beispiel)",
        "adresse": {"strasse": "Beispielweg 1", "plz": "50667", "ort": "Köln"},
        "land": land,
        "breite": 50.94,
        "laenge": 6.96,
        "angebote": [
            {
                "id": ANGEBOT,
                "thema": "schuldnerberatung",
                "arten": ["vor_ort", "telefon"],
                "dauer_minuten": dauer,
                "puffer_minuten": puffer,
            }
        ],
        "berater": [
            {"id": BERATERIN, "name": "Frau A (Beispiel)", "sprechzeiten": list(sprechzeiten)}
        ],
        **mehr,
    }
    return stelle_aus_dokument(dokument)


def um(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def beginne(zeiten) -> list[str]:
    return [rfc3339(z.beginn) for z in zeiten]


def test_nine_oclock_stays_nine_oclock_wall_time_across_the_autumn_change_2026_10_25():
    s = stelle({"tage": ["SA", "SU", "MO"], "von": "09:00", "bis": "10:00", "arten": ["vor_ort"]})
    zeiten = freie_zeiten(
        s, {}, um("2026-10-20T12:00:00+02:00"), bis=um("2026-10-27T00:00:00+01:00")
    )
    assert beginne(zeiten) == [
        "2026-10-24T09:00:00+02:00",  # Saturday, still summer time
        "2026-10-25T09:00:00+01:00",  # the day of the change: winter time
        "2026-10-26T09:00:00+01:00",
    ]
    # In UTC the start moved by one hour: 07:00Z before, 08:00Z after.
    assert [datetime.fromtimestamp(z.beginn, UTC).hour for z in zeiten] == [7, 8, 8]


def test_nine_oclock_stays_nine_oclock_across_the_spring_change_2027_03_28():
    s = stelle({"tage": ["SA", "SU"], "von": "09:00", "bis": "10:00", "arten": ["vor_ort"]})
    zeiten = freie_zeiten(
        s, {}, um("2027-03-24T12:00:00+01:00"), bis=um("2027-03-29T00:00:00+02:00")
    )
    assert beginne(zeiten) == ["2027-03-27T09:00:00+01:00", "2027-03-28T09:00:00+02:00"]


def test_hours_spanning_the_change_are_as_long_as_they_really_are():
    """01:00-04:00 wall time: four real hours on 2026-10-25 (02:00-03:00 happens twice), two
    on 2027-03-28 (02:00-03:00 does not exist). 60-minute slots without buffer."""
    nacht = {"tage": ["SU"], "von": "01:00", "bis": "04:00", "arten": ["telefon"]}
    herbst = freie_zeiten(
        stelle(nacht, dauer=60, puffer=0),
        {},
        um("2026-10-22T00:00:00+02:00"),
        bis=um("2026-10-26T00:00:00+01:00"),
    )
    assert beginne(herbst) == [
        "2026-10-25T01:00:00+02:00",
        "2026-10-25T02:00:00+02:00",
        "2026-10-25T02:00:00+01:00",
        "2026-10-25T03:00:00+01:00",
    ]
    fruehling = freie_zeiten(
        stelle(nacht, dauer=60, puffer=0),
        {},
        um("2027-03-24T00:00:00+01:00"),
        bis=um("2027-03-29T00:00:00+02:00"),
    )
    assert beginne(fruehling) == ["2027-03-28T01:00:00+01:00", "2027-03-28T03:00:00+02:00"]


def test_length_and_buffer_make_the_grid_and_the_way_must_fit_both():
    s = stelle({"tage": ["MO"], "von": "09:00", "bis": "12:00", "arten": ["vor_ort", "video"]})
    zeiten = freie_zeiten(
        s, {}, um("2026-10-31T08:00:00+01:00"), bis=um("2026-11-03T00:00:00+01:00")
    )
    # 45 minutes + 15 buffer: 09:00, 10:00, 11:00 (11:00-11:45 fits before 12:00);
    # video is not an art of the offer, telefon not of the hours: only vor_ort.
    assert beginne(zeiten) == [
        "2026-11-02T09:00:00+01:00",
        "2026-11-02T10:00:00+01:00",
        "2026-11-02T11:00:00+01:00",
    ]
    assert {z.art for z in zeiten} == {"vor_ort"}
    assert rfc3339(zeiten[0].ende) == "2026-11-02T09:45:00+01:00"


def test_minimum_notice_of_24_hours_and_horizon_of_6_weeks():
    s = stelle(
        {
            "tage": ["MO", "TU", "WE", "TH", "FR"],
            "von": "09:00",
            "bis": "10:00",
            "arten": ["vor_ort"],
        }
    )
    jetzt = um("2026-11-02T09:30:00+01:00")  # Monday
    zeiten = freie_zeiten(s, {}, jetzt)
    assert beginne(zeiten)[0] == "2026-11-04T09:00:00+01:00"  # Tuesday 09:00 is 23.5 h away
    assert zeiten[-1].beginn <= jetzt + 42 * 86400
    assert rfc3339(zeiten[-1].beginn).startswith("2026-12-14")  # 6 weeks on: Monday
    assert not freie_zeiten(s, {}, jetzt, von=jetzt + 43 * 86400)


def test_public_holidays_of_the_land_have_no_appointments():
    """18 Nov 2026 (Buß- und Bettag) is a holiday in Saxony only; 31 Oct 2026 (Reformation
    Day) in Lower Saxony but not in North Rhine-Westphalia; 1 Jan everywhere."""
    mittwoch = {"tage": ["WE"], "von": "09:00", "bis": "10:00", "arten": ["vor_ort"]}
    jetzt, bis = um("2026-11-16T00:00:00+01:00"), um("2026-11-19T00:00:00+01:00")
    assert not freie_zeiten(stelle(mittwoch, land="SN"), {}, jetzt, bis=bis)
    assert beginne(freie_zeiten(stelle(mittwoch, land="NW"), {}, jetzt, bis=bis)) == [
        "2026-11-18T09:00:00+01:00"
    ]
    samstag = {"tage": ["SA"], "von": "09:00", "bis": "10:00", "arten": ["vor_ort"]}
    jetzt, bis = um("2026-10-28T00:00:00+01:00"), um("2026-11-01T00:00:00+01:00")
    assert not freie_zeiten(stelle(samstag, land="NI"), {}, jetzt, bis=bis)
    assert freie_zeiten(stelle(samstag, land="NW"), {}, jetzt, bis=bis)
    assert date(2027, 1, 1) in feiertage("BY", 2027) and date(2026, 11, 18) in feiertage("SN", 2026)


def test_absences_and_bookings_take_times_away():
    dokument = {
        "id": "44444444-4444-4444-8444-444444444444",
        "name": "Schuldnerberatung (Beispiel)",
        "adresse": {"plz": "50667", "ort": "Köln"},
        "land": "NW",
        "breite": 50.94,
        "laenge": 6.96,
        "angebote": [
            {
                "id": ANGEBOT,
                "thema": "schuldnerberatung",
                "arten": ["vor_ort"],
                "dauer_minuten": 45,
                "puffer_minuten": 15,
            }
        ],
        "berater": [
            {
                "id": BERATERIN,
                "name": "Frau A (Beispiel)",
                "sprechzeiten": [
                    {"tage": ["MO", "TU"], "von": "09:00", "bis": "11:00", "arten": ["vor_ort"]}
                ],
                "abwesenheiten": [{"von": "2026-11-03", "bis": "2026-11-03"}],
            },
            {
                "id": KOLLEGE,
                "name": "Herr B (Beispiel)",
                "sprechzeiten": [
                    {"tage": ["MO"], "von": "09:00", "bis": "10:00", "arten": ["vor_ort"]}
                ],
            },
        ],
    }
    s = stelle_aus_dokument(dokument)
    jetzt, bis = um("2026-11-01T00:00:00+01:00"), um("2026-11-04T00:00:00+01:00")
    alle = freie_zeiten(s, {}, jetzt, bis=bis)
    # Tuesday is her absence; on Monday both are free at 09:00.
    assert [(rfc3339(z.beginn)[11:16], z.berater_id) for z in alle] == [
        ("09:00", BERATERIN),
        ("09:00", KOLLEGE),
        ("10:00", BERATERIN),
    ]
    assert len(ohne_doppelte(alle)) == 2
    # Her 09:00 booked (45 min + 15 buffer): her units 09:00-09:55 are taken.
    gebucht = einheiten(um("2026-11-02T09:00:00+01:00"), um("2026-11-02T09:45:00+01:00"), 15)
    assert len(gebucht) == 12
    rest = freie_zeiten(s, {BERATERIN: set(gebucht)}, jetzt, bis=bis)
    assert [(rfc3339(z.beginn)[11:16], z.berater_id) for z in rest] == [
        ("09:00", KOLLEGE),
        ("10:00", BERATERIN),
    ]


def test_a_booking_that_overlaps_by_its_buffer_blocks_the_slot():
    """A booking of another offer from 08:15 to 08:55 whose 10-minute buffer reaches 09:05
    blocks the 09:00 slot; ending at 08:50 (buffer till 09:00) it does not."""
    s = stelle({"tage": ["MO"], "von": "09:00", "bis": "10:00", "arten": ["vor_ort"]})
    fremd = set(einheiten(um("2026-11-02T08:15:00+01:00"), um("2026-11-02T08:55:00+01:00"), 10))
    jetzt, bis = um("2026-11-01T00:00:00+01:00"), um("2026-11-03T00:00:00+01:00")
    assert not freie_zeiten(s, {BERATERIN: fremd}, jetzt, bis=bis)
    knapp = set(einheiten(um("2026-11-02T08:15:00+01:00"), um("2026-11-02T08:50:00+01:00"), 10))
    assert freie_zeiten(s, {BERATERIN: knapp}, jetzt, bis=bis)
