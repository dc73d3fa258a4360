"""The application pages' refusals and the flows the browser test does not click through:
login first, another person's application, forms without CSRF token, an upload too large, the
short filing and the withdrawal through the pages, choosing the Gemeinde when the place of
residence leaves the Jobcenter open."""

from __future__ import annotations

import re

import pytest
from gateway_antrag_plattform import (
    EINSTIEGSGELD,
    OHNE_EINDEUTIGES_JOBCENTER,
    AntragKlient,
    Plattform,
)

pytestmark = pytest.mark.rabbitmq


@pytest.fixture
def klient(antrag_plattform: Plattform) -> AntragKlient:
    return AntragKlient(antrag_plattform.url).konto()


def formular(klient: AntragKlient, pfad: str, **felder: str) -> object:
    return klient.request("POST", pfad, data={"csrf_token": klient.csrf_token, **felder})


def test_the_pages_ask_for_a_login_first_and_come_back(antrag_plattform: Plattform) -> None:
    anonym = AntragKlient(antrag_plattform.url)
    for pfad in ("/antraege", "/antraege/neu"):
        response = anonym.get(pfad)
        assert response.status_code == 303
        assert response.headers["Location"] == f"/anmelden?weiter={pfad}"


def test_someone_else_s_application_is_a_not_found_page(
    klient: AntragKlient, antrag_plattform: Plattform
) -> None:
    antrag_id = klient.anlegen()
    fremd = AntragKlient(antrag_plattform.url).konto()

    for pfad in ("", "/abschnitte/antragsteller", "/pruefen", "/quittung.pdf", "/zurueckziehen"):
        response = fremd.get(f"/antraege/{antrag_id}{pfad}")
        assert response.status_code == 404, pfad
        assert "Diesen Antrag gibt es nicht, oder er gehört nicht zu Ihrem Konto." in response.text
    gespeichert = formular(
        fremd, f"/antraege/{antrag_id}/abschnitte/antragsteller", vorname="Mallory"
    )
    assert gespeichert.status_code == 404
    gewaehlt = formular(fremd, f"/antraege/{antrag_id}/gemeinde", gemeinde="06435010-43102")
    assert gewaehlt.status_code == 404
    assert klient.antrag(antrag_id)["abschnitte"] == {}


def test_a_form_without_the_csrf_token_changes_nothing(klient: AntragKlient) -> None:
    antrag_id = klient.anlegen()

    for pfad, felder in [
        ("/antraege/neu", {"leistung": "einstiegsgeld", "plz": "63571", "ort": "Gelnhausen"}),
        (f"/antraege/{antrag_id}/abschnitte/antragsteller", {"vorname": "X"}),
        (f"/antraege/{antrag_id}/kurzantrag", {}),
        (f"/antraege/{antrag_id}/zurueckziehen", {}),
        (f"/antraege/{antrag_id}/gemeinde", {"gemeinde": "06435010-43102"}),
    ]:
        response = klient.request("POST", pfad, data=felder)
        assert response.status_code == 403, pfad
        assert "Anfrage nicht bestätigt" in response.text
    assert len(klient.get("/api/v1/antraege").json()["antraege"]) == 1
    assert klient.antrag(antrag_id)["status"] == "entwurf"


def test_an_upload_too_large_gets_a_clear_page(klient: AntragKlient) -> None:
    antrag_id = klient.anlegen()

    response = klient.request(
        "POST",
        f"/antraege/{antrag_id}/anlagen",
        data={"csrf_token": klient.csrf_token, "abschnitt": "taetigkeit"},
        files={"dateien": ("scan.pdf", b"%PDF-" + b"0" * 2_200_000, "application/pdf")},
    )

    assert response.status_code == 413
    assert "Die Dateien sind zusammen zu groß." in response.text


def test_short_filing_and_withdrawal_through_the_pages(klient: AntragKlient) -> None:
    antrag_id = klient.anlegen()
    klient.jobcenter_abwarten(antrag_id)
    seite = f"/antraege/{antrag_id}"

    abgelehnt = formular(klient, f"{seite}/kurzantrag")
    assert abgelehnt.status_code == 422
    assert "Für den Kurzantrag fehlen noch Angaben zu Ihrer Person." in abgelehnt.text
    # the short form itself: the message at its field, the summary's link to it
    assert 'href="#f-antragsteller-vorname"' in abgelehnt.text
    assert 'id="f-antragsteller-vorname"' in abgelehnt.text

    klient.ausfuellen(antrag_id, {"antragsteller": EINSTIEGSGELD["antragsteller"]})
    gestellt = formular(klient, f"{seite}/kurzantrag")
    assert gestellt.headers["Location"] == f"{seite}?hinweis=kurzantrag"
    uebersicht = klient.get(gestellt.headers["Location"]).text
    assert "Das Antragsdatum ist gesichert." in uebersicht
    assert re.search(r"<strong>Eingereicht</strong> \(Kurzantrag\)", uebersicht)
    assert "Kurzantrag jetzt einreichen" not in uebersicht

    zurueck = formular(klient, f"{seite}/zurueckziehen", begruendung="Ich habe eine Arbeit.")
    assert zurueck.headers["Location"] == f"{seite}?hinweis=zurueckgezogen"
    danach = klient.get(seite).text
    assert "<strong>Zurückgezogen</strong>" in danach
    assert klient.get(f"{seite}/abschnitte/taetigkeit").headers["Location"] == seite


def test_the_gemeinde_is_chosen_on_the_application_page(klient: AntragKlient) -> None:
    antrag_id = klient.anlegen(wohnort=OHNE_EINDEUTIGES_JOBCENTER)
    klient.jobcenter_abwarten(antrag_id)
    seite = f"/antraege/{antrag_id}"

    offen = klient.get(seite).text
    assert f'<form method="post" action="{seite}/gemeinde" novalidate>' in offen
    assert "<legend>In welcher Gemeinde wohnen Sie?</legend>" in offen
    radios = re.findall(
        r'<input type="radio" id="(gemeinde-\d+)" name="gemeinde" value="(\d{8}-\d{5})">\s*'
        r'<label for="\1">([^<]*)</label>',
        offen,
    )
    assert sorted((wert, label) for _, wert, label in radios) == [
        ("06432009-41506", "Groß-Bieberau (Darmstadt-Dieburg)"),
        ("06437003-41508", "Brensbach (Odenwaldkreis)"),
    ]
    assert "Gemeinde übernehmen</button>" in offen
    nicht_einreichbar = formular(klient, f"{seite}/einreichen")
    assert nicht_einreichbar.status_code == 409
    assert "Bitte wählen Sie auf der Seite Ihres Antrags die Gemeinde" in nicht_einreichbar.text
    assert f'href="{seite}#gemeinde">Gemeinde wählen</a>' in nicht_einreichbar.text

    keine_wahl = formular(klient, f"{seite}/gemeinde")
    assert keine_wahl.status_code == 422
    assert (
        '<p class="feldfehler" id="gemeinde-fehler">Bitte wählen Sie eine der angebotenen '
        "Gemeinden.</p>" in keine_wahl.text
    )
    assert 'id="gemeinde" aria-describedby="gemeinde-fehler" aria-invalid="true"' in keine_wahl.text

    gewaehlt = formular(klient, f"{seite}/gemeinde", gemeinde="06437003-41508")
    assert gewaehlt.status_code == 303
    assert gewaehlt.headers["Location"] == f"{seite}?hinweis=gemeinde"
    danach = klient.get(gewaehlt.headers["Location"]).text
    assert "Ihre Gemeinde ist übernommen." in danach
    assert "<dd>Odenwaldkreis</dd>" in danach
    assert "In welcher Gemeinde wohnen Sie?" not in danach

    noch_einmal = formular(klient, f"{seite}/gemeinde", gemeinde="06432009-41506")
    assert noch_einmal.status_code == 409
    assert "Ihr zuständiges Jobcenter steht schon fest." in noch_einmal.text
    assert "<dd>Odenwaldkreis</dd>" in noch_einmal.text


def test_the_receipt_exists_only_after_submitting(klient: AntragKlient) -> None:
    antrag_id = klient.anlegen()

    response = klient.get(f"/antraege/{antrag_id}/quittung.pdf")

    assert response.status_code == 409
    assert "Die Eingangsbestätigung gibt es nach dem Einreichen." in response.text


def test_the_new_application_comes_filled_in_from_the_link_and_escapes_it(
    klient: AntragKlient,
) -> None:
    """The Zuständigkeit page links here with ?plz=&ort=: shown as values, never as markup,
    and checked only when the form is sent."""
    gut = klient.get("/antraege/neu?plz=63571&ort=Gelnhausen")
    assert gut.status_code == 200
    assert 'name="plz" type="text" autocomplete="postal-code" value="63571"' in gut.text
    assert 'name="ort" type="text" autocomplete="address-level2" value="Gelnhausen"' in gut.text

    boese = klient.get("/antraege/neu", params={"plz": '6357"><script>x()</script>', "ort": "<b>"})
    assert boese.status_code == 200
    assert "<script>x()" not in boese.text and "<b>" not in boese.text
    assert 'value="6357&#34;&gt;&lt;script&gt;x()&lt;/script&gt;"' in boese.text
    assert 'value="&lt;b&gt;"' in boese.text

    abgelehnt = formular(
        klient, "/antraege/neu", leistung="einstiegsgeld", plz='6357"><script>', ort="<b>"
    )
    assert abgelehnt.status_code == 422
    assert "Bitte prüfen Sie Postleitzahl und Ort." in abgelehnt.text
    assert 'id="plz" name="plz"' in abgelehnt.text and 'aria-invalid="true"' in abgelehnt.text
