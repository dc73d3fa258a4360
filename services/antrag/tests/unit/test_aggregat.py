"""The Antrag aggregate's state machine, without any infrastructure."""

from __future__ import annotations

import uuid

import pytest

from antrag.domain.model import Antrag
from antrag.fehler import EingabeUngueltig, Konflikt

PERSON = str(uuid.uuid4())
JOBCENTER = {"id": "68410", "name": "Biberach", "traeger_art": "zkT", "kanal": "sozialplattform"}


def neuer_antrag(jobcenter: dict | None = JOBCENTER, *, eindeutig: bool = True) -> Antrag:
    antrag = Antrag.anlegen(str(uuid.uuid4()), PERSON, "buergergeld", {"plz": "88400", "ort": "B"})
    if jobcenter is not None or not eindeutig:
        ermittelt = {"eindeutig": eindeutig, "kandidaten": [], "datenstand": "d"}
        if eindeutig:
            ermittelt.update(jobcenter=jobcenter, ags="08426021")
        antrag.zustaendigkeit_vermerken(ermittelt, str(uuid.uuid4()))
    return antrag


def einreichen(antrag: Antrag, zeitpunkt: str = "2026-01-15T09:30:00+00:00", *, kurz=False):  # noqa: ANN001, ANN201
    return antrag.einreichen(
        zeitpunkt=zeitpunkt, antrag={"abschnitte": {}}, definition_version="v", kurzantrag=kurz
    )


def status_und_ereignisse(antrag: Antrag) -> tuple[str, list[str]]:
    return antrag.status, [e.event_type for e in antrag.collect_events()]


def test_a_draft_is_submitted_once_and_then_closed():
    antrag = neuer_antrag()
    antrag.abschnitt_speichern("antragsteller", {"vorname": "E"}, "v")
    ereignis = einreichen(antrag)
    assert ereignis.jobcenter_id == "68410" and ereignis.kurzantrag is False
    assert status_und_ereignisse(antrag) == (
        "eingereicht",
        ["AntragAngelegt", "ZustaendigkeitVermerkt", "AbschnittGespeichert", "AntragEingereicht"],
    )
    with pytest.raises(Konflikt) as fehler:
        einreichen(antrag)
    assert fehler.value.code == "bereits_eingereicht"
    with pytest.raises(Konflikt) as fehler:
        antrag.abschnitt_speichern("antragsteller", {}, "v")
    assert fehler.value.code == "antrag_abgeschlossen"


@pytest.mark.parametrize(
    ("jobcenter", "eindeutig", "code"),
    [
        (None, True, "zustaendigkeit_ausstehend"),
        (None, False, "zustaendigkeit_unklar"),
        (
            {**JOBCENTER, "traeger_art": "gE", "kanal": "jobcenter.digital"},
            True,
            "jobcenter_nicht_angebunden",
        ),
    ],
)
def test_submission_only_to_a_jobcenter_that_takes_applications_here(jobcenter, eindeutig, code):
    antrag = neuer_antrag(jobcenter, eindeutig=eindeutig)
    with pytest.raises(Konflikt) as fehler:
        einreichen(antrag)
    assert fehler.value.code == code
    if code == "jobcenter_nicht_angebunden":
        assert fehler.value.details["link"] == "https://jobcenter.digital"
    assert antrag.status == "entwurf"


def test_a_short_filing_secures_the_date_and_the_full_application_keeps_it():
    antrag = neuer_antrag()
    kurz = einreichen(antrag, "2026-01-15T08:00:00+00:00", kurz=True)
    assert antrag.status == "eingereicht" and antrag.bearbeitbar
    with pytest.raises(Konflikt) as fehler:
        einreichen(antrag, kurz=True)
    assert fehler.value.code == "kurzantrag_bereits_gestellt"
    antrag.abschnitt_speichern("wohnung", {"wohnsituation": "miete"}, "v")  # completing later
    voll = einreichen(antrag, "2026-02-01T10:00:00+00:00")
    assert voll.eingereicht_am == kurz.eingereicht_am == "2026-01-15T08:00:00+00:00"


def test_delivery_outcomes_move_the_status_and_announce_it():
    antrag = neuer_antrag()
    einreichen(antrag)
    antrag.collect_events()
    zustellung = str(uuid.uuid4())
    antrag.zustellung_vermerken(
        zustellung_id=zustellung,
        ergebnis="fehlgeschlagen",
        zeitpunkt="2026-01-15T09:31:00+00:00",
        jobcenter_id="68410",
        error_code="9032",
    )
    assert status_und_ereignisse(antrag) == (
        "zustellung_fehlgeschlagen",
        ["ZustellungVermerkt", "AntragStatusGeaendert"],
    )
    antrag.zustellung_vermerken(  # re-delivered by the operator: the same delivery succeeds
        zustellung_id=zustellung,
        ergebnis="zugestellt",
        zeitpunkt="2026-01-15T10:00:00+00:00",
        jobcenter_id="68410",
    )
    assert antrag.status == "zugestellt"
    [*_, geaendert] = antrag.collect_events()
    assert (geaendert.vorheriger_status, geaendert.status) == (
        "zustellung_fehlgeschlagen",
        "zugestellt",
    )
    antrag.zustellung_vermerken(  # the same report again: nothing new
        zustellung_id=zustellung,
        ergebnis="zugestellt",
        zeitpunkt="2026-01-15T10:00:00+00:00",
        jobcenter_id="68410",
    )
    assert antrag.collect_events() == []


def test_after_a_short_filing_and_the_full_application_both_deliveries_count():
    antrag = neuer_antrag()
    einreichen(antrag, kurz=True)
    einreichen(antrag, "2026-02-01T10:00:00+00:00")
    for nummer in range(2):
        antrag.zustellung_vermerken(
            zustellung_id=str(uuid.uuid4()),
            ergebnis="zugestellt",
            zeitpunkt="2026-02-01T10:01:00+00:00",
            jobcenter_id="68410",
        )
        assert antrag.status == ("eingereicht", "zugestellt")[nummer]


def test_withdrawn_is_final_and_outcomes_after_it_are_only_recorded():
    antrag = neuer_antrag()
    einreichen(antrag)
    antrag.zurueckziehen("2026-01-16T08:00:00+00:00", "Arbeit gefunden")
    assert antrag.status == "zurueckgezogen"
    for versuch in (lambda: einreichen(antrag), lambda: antrag.zurueckziehen("t", None)):
        with pytest.raises(Konflikt) as fehler:
            versuch()
        assert fehler.value.code == "antrag_zurueckgezogen"
    antrag.zustellung_vermerken(
        zustellung_id=str(uuid.uuid4()),
        ergebnis="zugestellt",
        zeitpunkt="2026-01-16T09:00:00+00:00",
        jobcenter_id="68410",
    )
    assert antrag.status == "zurueckgezogen"
    assert "AntragStatusGeaendert" not in [e.event_type for e in antrag.collect_events()]


def test_only_a_draft_can_be_deleted_for_retention_and_then_holds_nothing():
    eingereicht = neuer_antrag()
    einreichen(eingereicht)
    with pytest.raises(Konflikt):
        eingereicht.entwurf_loeschen("t")
    entwurf = neuer_antrag()
    entwurf.abschnitt_speichern("antragsteller", {"vorname": "E"}, "v")
    entwurf.entwurf_loeschen("2026-04-15T02:00:00+00:00")
    assert entwurf.geloescht and not entwurf.sichtbar and entwurf.abschnitte == {}


def test_replaying_the_events_gives_the_same_state():
    antrag = neuer_antrag()
    antrag.abschnitt_speichern("antragsteller", {"vorname": "E"}, "v")
    einreichen(antrag, kurz=True)
    ereignisse = antrag.collect_events()
    wieder = Antrag(antrag.id)
    for ereignis in ereignisse:
        wieder._apply(type(ereignis).from_payload(ereignis.to_payload()))
    assert (wieder.status, wieder.abschnitte, wieder.person_id, wieder.kurzantrag) == (
        antrag.status,
        antrag.abschnitte,
        antrag.person_id,
        antrag.kurzantrag,
    )


# an undecided place of residence: the person chooses the Gemeinde ------------------------------

GE = {"id": "43901", "name": "Hanau", "traeger_art": "gE", "kanal": "jobcenter.digital"}
KANDIDATEN = [
    {"ags": "06435010", "gemeinde": "Gelnhausen", "jobcenter": JOBCENTER},
    {"ags": "06435014", "gemeinde": "Hanau", "jobcenter": GE},
]


def unentschieden(kandidaten: list | None = None) -> Antrag:
    antrag = Antrag.anlegen(str(uuid.uuid4()), PERSON, "buergergeld", {"plz": "63571", "ort": "X"})
    ermittelt = {
        "eindeutig": False,
        "kandidaten": KANDIDATEN if kandidaten is None else kandidaten,
        "datenstand": "d",
    }
    antrag.zustaendigkeit_vermerken(ermittelt, str(uuid.uuid4()))
    return antrag


def test_the_chosen_gemeinde_decides_the_jobcenter_to_submit_to():
    antrag = unentschieden()
    assert [g["ags"] for g in antrag.zustaendigkeit.gemeinden] == ["06435010", "06435014"]
    with pytest.raises(Konflikt) as fehler:
        einreichen(antrag)
    assert fehler.value.code == "zustaendigkeit_unklar"

    gewaehlt = antrag.gemeinde_waehlen("06435010", "68410")

    assert gewaehlt.gemeinde == "Gelnhausen" and gewaehlt.jobcenter == JOBCENTER
    assert antrag.zustaendigkeit.eindeutig and antrag.zustaendigkeit.ags == "06435010"
    assert antrag.gemeinde_gewaehlt
    assert einreichen(antrag).jobcenter_id == "68410"
    assert [e.event_type for e in antrag.collect_events()][-2:] == [
        "GemeindeGewaehlt",
        "AntragEingereicht",
    ]


def test_a_choice_survives_replay_and_a_later_undecided_answer():
    antrag = unentschieden()
    antrag.gemeinde_waehlen("06435010", "68410")
    wieder = Antrag(antrag.id)
    for ereignis in antrag.collect_events():  # as loaded from the store: through the payload
        wieder._apply(type(ereignis).from_payload(ereignis.to_payload()))
    assert wieder.zustaendigkeit.jobcenter == JOBCENTER and wieder.gemeinde_gewaehlt

    wieder.zustaendigkeit_vermerken(
        {"eindeutig": False, "kandidaten": KANDIDATEN, "datenstand": "d2"}, str(uuid.uuid4())
    )
    assert wieder.zustaendigkeit.jobcenter == JOBCENTER and wieder.collect_events() == []


def test_candidates_sharing_one_ags_are_told_apart_by_their_jobcenter():
    """Berlin: one Gemeinde (11000000), a Jobcenter per Bezirk."""
    mitte = {"id": "91101", "name": "Berlin Mitte", "traeger_art": "gE", "kanal": "jobcenter"}
    neukoelln = {**mitte, "id": "91108", "name": "Berlin Neukölln"}
    antrag = unentschieden(
        [
            {"ags": "11000000", "gemeinde": "Mitte", "jobcenter": mitte},
            {"ags": "11000000", "gemeinde": "Neukölln", "jobcenter": neukoelln},
        ]
    )
    assert antrag.gemeinde_waehlen("11000000", "91108").gemeinde == "Neukölln"
    assert antrag.zustaendigkeit.jobcenter == neukoelln


def test_a_chosen_ge_is_refused_at_submission_with_its_link():
    antrag = unentschieden()
    antrag.gemeinde_waehlen("06435014", "43901")
    with pytest.raises(Konflikt) as fehler:
        einreichen(antrag)
    assert fehler.value.code == "jobcenter_nicht_angebunden"
    assert fehler.value.details["link"] == "https://jobcenter.digital"


@pytest.mark.parametrize(
    ("vorbereiten", "wahl", "fehlerklasse", "code"),
    [
        (lambda: unentschieden(), ("06435099", "68410"), EingabeUngueltig, "gemeinde_unbekannt"),
        (lambda: unentschieden(), ("06435010", "43901"), EingabeUngueltig, "gemeinde_unbekannt"),
        (lambda: unentschieden([]), ("06435010", "68410"), EingabeUngueltig, "gemeinde_unbekannt"),
        (lambda: neuer_antrag(), ("08426021", "68410"), Konflikt, "zustaendigkeit_eindeutig"),
        (lambda: neuer_antrag(None), ("06435010", "68410"), Konflikt, "zustaendigkeit_ausstehend"),
    ],
)
def test_a_choice_is_refused_outside_the_candidates(vorbereiten, wahl, fehlerklasse, code):
    antrag = vorbereiten()
    with pytest.raises(fehlerklasse) as fehler:
        antrag.gemeinde_waehlen(*wahl)
    assert fehler.value.code == code


def test_a_second_choice_and_a_choice_after_withdrawal_are_refused():
    antrag = unentschieden()
    antrag.gemeinde_waehlen("06435010", "68410")
    with pytest.raises(Konflikt) as fehler:
        antrag.gemeinde_waehlen("06435014", "43901")
    assert fehler.value.code == "zustaendigkeit_eindeutig"

    zurueck = unentschieden()
    zurueck.zurueckziehen("2026-01-15T09:30:00+00:00", None)
    with pytest.raises(Konflikt) as fehler:
        zurueck.gemeinde_waehlen("06435010", "68410")
    assert fehler.value.code == "antrag_zurueckgezogen"


def test_a_gemeinde_chosen_before_the_draft_is_taken_when_the_candidates_list_it():
    """docs/adr/0082: the person chose among fuer_wohnort's candidates before the draft."""
    vorab = Antrag.anlegen(
        str(uuid.uuid4()),
        PERSON,
        "buergergeld",
        {"plz": "63571", "ort": "X"},
        {"ags": "06435010", "jobcenter_id": "68410"},
    )
    vorab.zustaendigkeit_vermerken(
        {"eindeutig": False, "kandidaten": KANDIDATEN, "datenstand": "d"}, str(uuid.uuid4())
    )
    assert vorab.zustaendigkeit.eindeutig and vorab.zustaendigkeit.jobcenter == JOBCENTER
    assert [e.event_type for e in vorab.collect_events()] == [
        "AntragAngelegt",
        "GemeindeVorgewaehlt",
        "ZustaendigkeitVermerkt",
        "GemeindeGewaehlt",
    ]
    assert einreichen(vorab).jobcenter_id == "68410"

    fremd = Antrag.anlegen(
        str(uuid.uuid4()),
        PERSON,
        "buergergeld",
        {"plz": "63571", "ort": "X"},
        {"ags": "06435010", "jobcenter_id": "99999"},
    )
    fremd.zustaendigkeit_vermerken(
        {"eindeutig": False, "kandidaten": KANDIDATEN, "datenstand": "d"}, str(uuid.uuid4())
    )
    assert not fremd.zustaendigkeit.eindeutig and not fremd.gemeinde_gewaehlt
