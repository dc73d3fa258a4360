"""The application pages' refusals and the flows the browser test does not click through:
login first, another person's application, forms without CSRF token, an upload too large, the
short filing and the withdrawal through the pages."""

from __future__ import annotations

import re

import pytest
from gateway_antrag_plattform import EINSTIEGSGELD, AntragKlient, Plattform

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
    assert klient.antrag(antrag_id)["abschnitte"] == {}


def test_a_form_without_the_csrf_token_changes_nothing(klient: AntragKlient) -> None:
    antrag_id = klient.anlegen()

    for pfad, felder in [
        ("/antraege/neu", {"leistung": "einstiegsgeld", "plz": "63571", "ort": "Gelnhausen"}),
        (f"/antraege/{antrag_id}/abschnitte/antragsteller", {"vorname": "X"}),
        (f"/antraege/{antrag_id}/kurzantrag", {}),
        (f"/antraege/{antrag_id}/zurueckziehen", {}),
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
    assert f'href="{seite}/abschnitte/antragsteller#f-vorname"' in abgelehnt.text

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
