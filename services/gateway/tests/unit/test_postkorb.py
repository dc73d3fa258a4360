"""The mailbox's parts without processes: the unread count in the navigation (never fails a page,
asks no more for a while once postkorb does not answer), ids from the path, a draft's files
that are not clean, the service's field codes as the gateway's, the answers reduced to the
documented members, and the postkorb service's errors in the one table."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from nameko.exceptions import RemoteError

from gateway import fehler
from gateway.fehler import AntwortAnlagenAbgelehnt, DienstNichtVerfuegbar, EingabeUngueltig
from gateway.web import postkorb_api as api
from gateway.web.postkorb_seiten import UngelesenInNavigation


class Postkorb:
    def __init__(self, antwort: Any) -> None:
        self.antwort = antwort
        self.aufrufe = 0
        self.zeitlimit: float | None = None

    def ungelesen(self) -> int:
        self.aufrufe += 1
        if isinstance(self.antwort, Exception):
            raise self.antwort
        return self.antwort


def kontext(postkorb: Postkorb, angemeldet: bool = True) -> Any:
    def mit_zeitlimit(sekunden: float) -> Any:
        postkorb.zeitlimit = sekunden
        return SimpleNamespace(postkorb=postkorb)

    return SimpleNamespace(
        angemeldet=angemeldet, dienste=SimpleNamespace(mit_zeitlimit=mit_zeitlimit)
    )


def test_the_count_is_asked_with_a_short_time_out_and_only_for_a_person() -> None:
    zaehler = UngelesenInNavigation(zeitlimit=0.5)
    postkorb = Postkorb(3)
    assert zaehler(kontext(postkorb)) == 3
    assert postkorb.zeitlimit == 0.5
    assert zaehler(kontext(postkorb, angemeldet=False)) is None
    assert postkorb.aufrufe == 1
    assert zaehler(kontext(Postkorb("drei"))) is None  # an answer that is no count shows none


def test_a_postkorb_that_does_not_answer_costs_one_wait_then_none_for_a_while(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    uhr = [1000.0]
    monkeypatch.setattr("gateway.web.postkorb_seiten.time.monotonic", lambda: uhr[0])
    zaehler = UngelesenInNavigation(pause=30.0)
    ausgefallen = Postkorb(DienstNichtVerfuegbar("postkorb"))
    assert zaehler(kontext(ausgefallen)) is None
    uhr[0] += 29
    assert zaehler(kontext(ausgefallen)) is None
    assert ausgefallen.aufrufe == 1  # not asked again within the pause
    uhr[0] += 2
    wieder = Postkorb(2)
    assert zaehler(kontext(wieder)) == 2
    assert zaehler(kontext(Postkorb(RemoteError("ValueError", "kaputt")))) is None


@pytest.mark.parametrize("kennung", ["", "x" * 101, "a\nb", "\x00"])
def test_an_id_no_id_can_be_is_a_404_before_any_call(kennung: str) -> None:
    with pytest.raises(fehler.NichtGefunden):
        api.kennung(kennung)
    assert api.kennung("1c1f4c1e-3c5e-4a43-9b53-0c8e54f0e2a1")


def test_a_draft_with_a_file_that_is_not_clean_is_refused_naming_each_such_file() -> None:
    entwurf = {
        "anlagen": [
            {"dateiname": "foto.jpg", "pruefung": "sauber"},
            {"dateiname": "rechnung.pdf", "pruefung": "infiziert"},
            {"dateiname": "scan.pdf", "pruefung": "ausstehend"},
        ]
    }
    with pytest.raises(AntwortAnlagenAbgelehnt) as abgelehnt:
        api.nicht_sauber(entwurf)
    assert abgelehnt.value.felder == {
        "dateien.1": "anlage_infiziert",  # the position among the files sent
        "dateien.2": "anlage_ausstehend",
    }
    assert abgelehnt.value.details == {
        "dateien": [
            {"dateiname": "rechnung.pdf", "pruefung": "infiziert"},
            {"dateiname": "scan.pdf", "pruefung": "ausstehend"},
        ]
    }
    assert fehler.einordnen(abgelehnt.value).code == "anlage_nicht_sauber"
    for pruefung in ("infiziert", "zu_gross", "pruefung_fehlgeschlagen", "ausstehend"):
        assert f"anlage_{pruefung}" in fehler.FELDMELDUNGEN
    api.nicht_sauber({"anlagen": [{"dateiname": "foto.jpg", "pruefung": "sauber"}]})


def test_the_services_field_codes_become_the_gateways_with_a_message() -> None:
    class Postkorbdienst:
        def antwort_entwerfen(self, **_: Any) -> dict:
            wert = {
                "code": "datei_ungueltig",
                "felder": [
                    {"feld": "text", "code": "leer"},
                    {"feld": "dateien[1]", "code": "dateityp_nicht_erlaubt"},
                ],
            }
            raise RemoteError("EingabeUngueltig", json.dumps(wert))

    with pytest.raises(EingabeUngueltig) as ungueltig:
        api.entwerfen(Postkorbdienst(), "t", "", [])
    assert ungueltig.value.felder == {"text": "pflichtfeld", "dateien.1": "anlage_ungueltig"}


def test_answers_are_reduced_to_the_documented_members() -> None:
    nachricht = api.nachricht(
        {
            "id": "n",
            "thread_id": "t",
            "art": "bescheid",
            "absender": "jobcenter",
            "betreff": "Bescheid",
            "text": "…",
            "am": "2026-12-07T10:00:00Z",
            "gelesen": True,
            "antwortadresse": "sachbearbeitung@jobcenter.example",
            "systemdaten": {"intern": 1},
            "bekanntgabe_am": "2026-12-11",
            "bekanntgabe": {"benachrichtigt_am": "2026-12-07T10:00:00Z", "intern": "x"},
            "widerspruch_hinweis": True,
            "anlagen": [{"id": "a", "dateiname": "b.pdf", "groesse": 9, "pruefung": "sauber"}],
        }
    )
    assert "antwortadresse" not in nachricht and "systemdaten" not in nachricht
    assert nachricht["bekanntgabe"] == {"benachrichtigt_am": "2026-12-07T10:00:00Z"}
    assert "frist_ende" not in nachricht  # absent stays absent in the API
    assert api.nachricht({**nachricht, "bekanntgabe": None}, alle=True)["frist_ende"] is None


def test_every_error_of_the_postkorb_interface_has_its_code_and_message() -> None:
    """The codes /work/briefs/h4-schnittstelle.md names for the calls the gateway makes."""
    for name, code, status in (
        ("NichtGefunden", "thread_nicht_gefunden", 404),
        ("NichtGefunden", "nachricht_nicht_gefunden", 404),
        ("NichtGefunden", "entwurf_nicht_gefunden", 404),
        ("NichtGefunden", "anlage_nicht_gefunden", 404),
        ("Konflikt", "entwurf_bereits_gesendet", 409),
        ("Konflikt", "antwort_nicht_moeglich", 409),
        ("Konflikt", "anlage_nicht_verfuegbar", 409),
        ("AnlageNichtSauber", "anlage_nicht_sauber", 422),
        ("NichtAngemeldet", "nicht_angemeldet", 401),
    ):
        art = fehler.einordnen(RemoteError(name, json.dumps({"code": code})))
        assert (art.code, art.status) == (code, status)


class Attrappe:
    """postkorb as the reply pages call it: one thread, drafts as given."""

    def __init__(self) -> None:
        self.entwuerfe: list[tuple[str, list]] = []

    def thread(self, thread_id: str) -> dict:
        return {
            "id": thread_id,
            "betreff": "Antrag auf Einstiegsgeld",
            "antrag_id": "a-1",
            "archiviert": False,
            "antwort_moeglich": True,
            "nachrichten": [],
        }

    def antwort_entwerfen(self, thread_id: str, text: str, dateien: list) -> dict:
        self.entwuerfe.append((text, dateien))
        anlagen = [
            {"id": "d", "dateiname": d["dateiname"], "groesse": 9, "pruefung": "sauber"}
            for d in dateien
        ]
        return {"entwurf_id": "e-1", "text": text, "anlagen": anlagen, "widerspruch_hinweis": False}


def seitenkontext(postkorb: Attrappe) -> Any:
    from gateway.i18n import SPRACHEN

    return SimpleNamespace(
        angemeldet=True,
        anmeldung_erforderlich=lambda: None,
        dienste=SimpleNamespace(
            postkorb=postkorb, mit_zeitlimit=lambda _: SimpleNamespace(postkorb=postkorb)
        ),
        sprache=SPRACHEN["de"],
        settings=SimpleNamespace(anlage_rpc_timeout=30.0, anlage_max_bytes=11 * 1024 * 1024),
        _=lambda text, **werte: text % werte if werte else text,
    )


def test_a_reply_sent_after_the_session_ended_is_checked_after_the_login(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ADR 0080's kept input (gateway.web.bewahren): the form's text and files come back as the
    check page of that reply, nothing sent yet; "change" came back as the form with the text."""
    from gateway.bewahrte_eingaben import Bewahrt, Datei
    from gateway.web import postkorb_seiten

    postkorb = Attrappe()
    bewahrt = Bewahrt(
        person_id="p",
        pfad="/postfach/threads/t-1/antworten",
        felder=[("text", "Guten Tag,\n\nanbei das Foto.")],
        dateien=[Datei("foto.jpg", "image/jpeg", b"\xff\xd8\xff foto")],
    )
    monkeypatch.setattr(postkorb_seiten.bewahren, "uebernehmen", lambda ctx: bewahrt)
    seite = postkorb_seiten.antwort_formular(seitenkontext(postkorb), "t-1")
    assert seite.vorlage == "postkorb_antwort_pruefen.html" and seite.status == 200
    assert seite.werte["hinweis"].startswith("Sie sind wieder angemeldet.")
    [(text, dateien)] = postkorb.entwuerfe
    assert text == "Guten Tag,\n\nanbei das Foto." and dateien[0]["dateiname"] == "foto.jpg"

    aendern = Bewahrt("p", bewahrt.pfad, [("text", "Entwurf"), ("aktion", "aendern")], [])
    monkeypatch.setattr(postkorb_seiten.bewahren, "uebernehmen", lambda ctx: aendern)
    seite = postkorb_seiten.antwort_formular(seitenkontext(postkorb), "t-1")
    assert (seite.vorlage, seite.werte["text"]) == ("postkorb_antwort.html", "Entwurf")
    assert len(postkorb.entwuerfe) == 1  # changing is no new draft

    monkeypatch.setattr(postkorb_seiten.bewahren, "uebernehmen", lambda ctx: None)
    seite = postkorb_seiten.antwort_formular(seitenkontext(postkorb), "t-1")
    assert (seite.vorlage, seite.werte["text"], seite.werte["hinweis"]) == (
        "postkorb_antwort.html",
        "",
        None,
    )


def sprach_kontext(code: str) -> Any:
    """A request context that translates as the gateway does (the real catalogs)."""
    from gateway.i18n import load_translations

    uebersetzung = load_translations()[code]

    def _(message: str, **values: Any) -> str:
        text = uebersetzung.gettext(message)
        return text % values if values else text

    return SimpleNamespace(sprache=SimpleNamespace(code=code), _=_)


@pytest.mark.parametrize(
    ("systemdaten", "erwartet"),
    [
        ({"kurzantrag": False}, "You have submitted your application."),
        ({"kurzantrag": True}, "You have submitted your short application."),
    ],
)
def test_the_platform_s_own_messages_and_thread_titles_are_in_the_page_s_language(
    systemdaten: dict[str, Any], erwartet: str
) -> None:
    from gateway.web.postkorb_seiten import _systemtext, _thread_titel

    englisch, deutsch = sprach_kontext("en"), sprach_kontext("de")
    nachricht = {"absender": "system", "art": "eingereicht", "text": "Sie haben Ihren ..."}
    assert _systemtext(englisch, nachricht, systemdaten).startswith(erwartet)
    assert _systemtext(deutsch, nachricht, systemdaten) is None  # the service's own words
    endgueltig = {"absender": "system", "art": "zustellung_fehlgeschlagen"}
    assert "apply directly at the Jobcenter" in _systemtext(
        englisch, endgueltig, {"endgueltig": True}
    )
    assert "We will try again" in _systemtext(englisch, endgueltig, {"endgueltig": False})
    # a Jobcenter's message keeps its own words
    assert _systemtext(englisch, {"absender": "jobcenter", "art": "bescheid"}, None) is None
    assert _thread_titel(englisch, "Kurzantrag auf Einstiegsgeld") == (
        "Short application for Einstiegsgeld"
    )
    assert _thread_titel(englisch, "Ihr Beratungstermin") == "Your counselling appointment"
    assert (
        _thread_titel(englisch, "Ihr Schreiben vom 1. Dezember") == "Ihr Schreiben vom 1. Dezember"
    )
    assert _thread_titel(deutsch, "Antrag auf Bürgergeld") == "Antrag auf Bürgergeld"
