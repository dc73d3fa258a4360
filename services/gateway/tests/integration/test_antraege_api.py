"""The application API through a real gateway, with the real antrag and zustaendigkeit services
behind it (their own RabbitMQ virtual host): create, fill, save a draft, field errors, attach,
submit, the short filing, the receipt, choosing the Gemeinde when the place of residence leaves
the Jobcenter open, and every refusal the issue names (another person's id, no session, no CSRF
token, already submitted, incomplete, a joint Jobcenter)."""

from __future__ import annotations

import io
import uuid

import pytest
from gateway_antrag_plattform import (
    EINSTIEGSGELD,
    HANAU,
    OHNE_EINDEUTIGES_JOBCENTER,
    AntragKlient,
    Plattform,
    zustellung_melden,
)
from gateway_test_support import pruefe_antwort
from PIL import Image

pytestmark = pytest.mark.rabbitmq

ANTRAEGE = "/api/v1/antraege"
ANTRAG = "/api/v1/antraege/{antrag_id}"
ABSCHNITT = "/api/v1/antraege/{antrag_id}/abschnitte/{abschnitt}"
ANLAGEN = "/api/v1/antraege/{antrag_id}/anlagen"
EINREICHUNG = "/api/v1/antraege/{antrag_id}/einreichung"
KURZANTRAG = "/api/v1/antraege/{antrag_id}/kurzantrag"
GEMEINDE = "/api/v1/antraege/{antrag_id}/gemeinde"
BRENSBACH = {"ags": "06437003", "jobcenter_id": "41508"}  # Odenwaldkreis, connected here
GROSS_BIEBERAU = {"ags": "06432009", "jobcenter_id": "41506"}  # Darmstadt-Dieburg


@pytest.fixture
def klient(antrag_plattform: Plattform) -> AntragKlient:
    return AntragKlient(antrag_plattform.url).konto()


def png(breite: int = 40) -> bytes:
    datei = io.BytesIO()
    Image.new("RGB", (breite, breite), (200, 30, 30)).save(datei, "PNG")
    return datei.getvalue()


def test_create_fill_as_a_draft_submit_once_and_download_the_receipt(
    klient: AntragKlient, antrag_plattform: Plattform
) -> None:
    angelegt = klient.mit_csrf(
        "POST",
        ANTRAEGE,
        json={"leistung": "einstiegsgeld", "wohnort": {"plz": "63571", "ort": "Gelnhausen"}},
    )
    pruefe_antwort(angelegt, "POST", ANTRAEGE)
    assert angelegt.status_code == 201 and angelegt.json()["status"] == "entwurf"
    antrag_id = angelegt.json()["id"]
    assert angelegt.headers["Location"] == f"/api/v1/antraege/{antrag_id}"

    formular = klient.get("/api/v1/formulare/einstiegsgeld")
    pruefe_antwort(formular, "GET", "/api/v1/formulare/{leistung}")
    assert [a["name"] for a in formular.json()["abschnitte"]] == list(EINSTIEGSGELD)

    entwurf = klient.speichern(antrag_id, "taetigkeit", {"art": "beschaeftigung"})
    pruefe_antwort(entwurf, "PUT", ABSCHNITT)
    assert entwurf.status_code == 200
    assert {f["feld"] for f in entwurf.json()["fehlend"]} >= {"beginn", "arbeitgeber"}

    antrag = klient.jobcenter_abwarten(antrag_id)
    assert antrag["jobcenter"]["name"] == "Main-Kinzig-Kreis"
    assert antrag["abschnitte"]["taetigkeit"] == {"art": "beschaeftigung"}  # the draft is kept

    unvollstaendig = klient.einreichen(antrag_id)
    pruefe_antwort(unvollstaendig, "POST", EINREICHUNG)
    assert unvollstaendig.status_code == 422
    problem = unvollstaendig.json()
    assert problem["code"] == "antrag_unvollstaendig"
    fehlend = {(f["abschnitt"], f["feld"]) for f in problem["felder"]}
    assert ("taetigkeit", "beginn") in fehlend and ("bankverbindung", "") in fehlend

    klient.ausfuellen(antrag_id)
    eingereicht = klient.einreichen(antrag_id)
    pruefe_antwort(eingereicht, "POST", EINREICHUNG)
    assert eingereicht.status_code == 202
    assert eingereicht.json()["status"] == "eingereicht" and not eingereicht.json()["kurzantrag"]

    noch_einmal = klient.einreichen(antrag_id)
    pruefe_antwort(noch_einmal, "POST", EINREICHUNG)
    assert (noch_einmal.status_code, noch_einmal.json()["code"]) == (409, "bereits_eingereicht")
    gesperrt = klient.speichern(antrag_id, "taetigkeit", EINSTIEGSGELD["taetigkeit"])
    pruefe_antwort(gesperrt, "PUT", ABSCHNITT)
    assert (gesperrt.status_code, gesperrt.json()["code"]) == (409, "antrag_abgeschlossen")

    quittung = klient.get(f"/api/v1/antraege/{antrag_id}/quittung.pdf")
    assert quittung.status_code == 200
    assert quittung.headers["Content-Type"] == "application/pdf"
    assert quittung.content.startswith(b"%PDF-")
    assert "attachment" in quittung.headers["Content-Disposition"]

    zustellung_melden(antrag_plattform, antrag, klient.person_id)
    for _ in range(100):
        gelesen = klient.get(ANTRAG.format(antrag_id=antrag_id))
        if gelesen.json()["status"] == "zugestellt":
            break
    pruefe_antwort(gelesen, "GET", ANTRAG)
    assert [v["status"] for v in gelesen.json()["verlauf"]] == [
        "entwurf",
        "eingereicht",
        "zugestellt",
    ]
    liste = klient.get(ANTRAEGE)
    pruefe_antwort(liste, "GET", ANTRAEGE)
    assert antrag_id in [a["id"] for a in liste.json()["antraege"]]


def test_a_wrong_value_is_a_422_naming_each_field_in_the_request_language(
    antrag_plattform: Plattform,
) -> None:
    klient = AntragKlient(antrag_plattform.url, sprache="en").konto()
    antrag_id = klient.anlegen()

    response = klient.speichern(
        antrag_id,
        "taetigkeit",
        {"art": "beschaeftigung", "beginn": "31.02.2030", "wochenstunden": "viele"},
    )

    pruefe_antwort(response, "PUT", ABSCHNITT)
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "felder_ungueltig"
    assert problem["title"] == "Information missing or not valid"
    felder = {f["feld"]: f for f in problem["felder"]}
    assert felder["beginn"]["code"] == "datum_ungueltig"
    assert felder["beginn"]["meldung"] == "Please enter a date, for example 31.01.2026."
    assert felder["wochenstunden"]["abschnitt"] == "taetigkeit"
    assert "viele" not in response.text

    falscher_wohnort = klient.mit_csrf(
        "POST", ANTRAEGE, json={"leistung": "einstiegsgeld", "wohnort": {"plz": "1", "ort": "X"}}
    )
    pruefe_antwort(falscher_wohnort, "POST", ANTRAEGE)
    assert falscher_wohnort.json()["code"] == "wohnort_ungueltig"
    assert falscher_wohnort.json()["felder"][0]["meldung"] == "A postcode has exactly five digits."

    unbekannt = klient.mit_csrf(
        "POST", ANTRAEGE, json={"leistung": "wohngeld", "wohnort": {"plz": "63571", "ort": "X"}}
    )
    pruefe_antwort(unbekannt, "POST", ANTRAEGE)
    assert unbekannt.json()["felder"] == [
        {
            "feld": "leistung",
            "code": "auswahl_ungueltig",
            "meldung": unbekannt.json()["felder"][0]["meldung"],
        }
    ]
    kein_formular = klient.get("/api/v1/formulare/wohngeld")
    pruefe_antwort(kein_formular, "GET", "/api/v1/formulare/{leistung}")
    assert (kein_formular.status_code, kein_formular.json()["code"]) == (404, "leistung_unbekannt")
    kein_abschnitt = klient.speichern(antrag_id, "gibt_es_nicht", {})
    pruefe_antwort(kein_abschnitt, "PUT", ABSCHNITT)
    assert kein_abschnitt.json()["code"] == "abschnitt_unbekannt"
    keine_liste = klient.speichern(antrag_id, "taetigkeit", ["art"])
    pruefe_antwort(keine_liste, "PUT", ABSCHNITT)
    assert keine_liste.status_code == 422


def test_attachments_are_checked_by_content_limited_in_size_and_removable(
    klient: AntragKlient,
) -> None:
    antrag_id = klient.anlegen()
    pfad = ANLAGEN.format(antrag_id=antrag_id)

    hochgeladen = klient.mit_csrf(
        "POST",
        pfad,
        data={"abschnitt": "taetigkeit"},
        files=[
            ("dateien", ("seite1.png", png(), "image/png")),
            ("dateien", ("s2.png", png(60), "image/png")),
        ],
    )
    pruefe_antwort(hochgeladen, "POST", ANLAGEN)
    assert hochgeladen.status_code == 201, hochgeladen.text
    anlage = hochgeladen.json()
    assert (anlage["mime_type"], anlage["seiten"], anlage["abschnitt"]) == (
        "application/pdf",
        2,
        "taetigkeit",
    )

    kein_bild = klient.mit_csrf(
        "POST",
        pfad,
        data={"abschnitt": "taetigkeit"},
        files={"dateien": ("vertrag.pdf", b"kein PDF, nur Text", "application/pdf")},
    )
    pruefe_antwort(kein_bild, "POST", ANLAGEN)
    assert (kein_bild.status_code, kein_bild.json()["code"]) == (422, "anlage_ungueltig")
    assert kein_bild.json()["felder"][0]["feld"] == "dateien.0"

    zu_gross = klient.mit_csrf(
        "POST",
        pfad,
        data={"abschnitt": "taetigkeit"},
        files={"dateien": ("gross.pdf", b"%PDF-" + b"0" * 2_200_000, "application/pdf")},
    )
    pruefe_antwort(zu_gross, "POST", ANLAGEN)
    assert (zu_gross.status_code, zu_gross.json()["code"]) == (413, "anlagen_zu_gross")

    ohne_datei = klient.mit_csrf("POST", pfad, data={"abschnitt": "taetigkeit"}, files={})
    pruefe_antwort(ohne_datei, "POST", ANLAGEN)
    assert ohne_datei.status_code in (415, 422)

    assert [a["anlage_id"] for a in klient.antrag(antrag_id)["anlagen"]] == [anlage["anlage_id"]]
    entfernt = klient.mit_csrf("DELETE", f"{pfad}/{anlage['anlage_id']}")
    pruefe_antwort(entfernt, "DELETE", "/api/v1/antraege/{antrag_id}/anlagen/{anlage_id}")
    assert entfernt.status_code == 204
    assert klient.antrag(antrag_id)["anlagen"] == []


def test_the_short_filing_secures_the_date_and_the_full_submission_keeps_it(
    klient: AntragKlient,
) -> None:
    antrag_id = klient.anlegen()
    klient.jobcenter_abwarten(antrag_id)

    zu_frueh = klient.einreichen(antrag_id, "kurzantrag")
    pruefe_antwort(zu_frueh, "POST", KURZANTRAG)
    assert (zu_frueh.status_code, zu_frueh.json()["code"]) == (422, "kurzantrag_unvollstaendig")

    klient.ausfuellen(antrag_id, {"antragsteller": EINSTIEGSGELD["antragsteller"]})
    kurz = klient.einreichen(antrag_id, "kurzantrag")
    pruefe_antwort(kurz, "POST", KURZANTRAG)
    assert kurz.status_code == 202 and kurz.json()["kurzantrag"] is True
    noch_einmal = klient.einreichen(antrag_id, "kurzantrag")
    pruefe_antwort(noch_einmal, "POST", KURZANTRAG)
    assert noch_einmal.json()["code"] == "kurzantrag_bereits_gestellt"
    assert klient.get(f"/api/v1/antraege/{antrag_id}/quittung.pdf").status_code == 200

    klient.ausfuellen(antrag_id)
    voll = klient.einreichen(antrag_id)
    assert voll.status_code == 202
    antrag = klient.antrag(antrag_id)
    assert (
        antrag["eingereicht_am"]
        == antrag["kurzantrag_eingereicht_am"]
        == kurz.json()["eingereicht_am"]
    )


@pytest.mark.parametrize(
    ("wohnort", "jobcenter", "kanal"),
    [
        (HANAU, {"43106"}, "jobcenter.digital"),  # a joint Jobcenter (gE)
        ({"plz": "52349", "ort": "Düren"}, {"31118"}, "jobcenter"),  # a zkT not connected here
        ({"plz": "10115", "ort": "Ortsteil ohne Eintrag"}, None, "jobcenter.digital"),  # Berlin
    ],
    ids=["hanau-ge", "dueren-zkt", "berlin-zwoelf-ge"],
)
def test_no_draft_where_no_jobcenter_of_the_place_takes_applications_here(
    klient: AntragKlient, wohnort: dict, jobcenter: set[str] | None, kanal: str
) -> None:
    """docs/adr/0082, 0119: the API refuses before the draft, like the page, and says where to
    apply instead; the person's list stays empty."""
    response = klient.mit_csrf(
        "POST", ANTRAEGE, json={"leistung": "einstiegsgeld", "wohnort": wohnort}
    )

    pruefe_antwort(response, "POST", ANTRAEGE)
    problem = response.json()
    assert (response.status_code, problem["code"]) == (409, "antrag_hier_nicht_moeglich")
    genannt = problem["details"]["jobcenter"]
    assert {j["kanal"] for j in genannt} == {kanal}
    if jobcenter is not None:
        assert {j["id"] for j in genannt} == jobcenter
    else:
        assert len(genannt) == 12  # Berlin's Bezirk offices, each once
    if kanal == "jobcenter.digital":
        assert all(j["url"].startswith("https://") for j in genannt)
    assert klient.get(ANTRAEGE).json()["antraege"] == []


def test_an_unknown_place_or_a_choice_not_offered_is_refused_at_its_field(
    klient: AntragKlient,
) -> None:
    for body, feld in [
        ({"wohnort": {"plz": "00000", "ort": "Xyzzyqwertz"}}, ("wohnort", "wohnort_unbekannt")),
        (
            {
                "wohnort": OHNE_EINDEUTIGES_JOBCENTER,
                "gemeinde": {**BRENSBACH, "jobcenter_id": "41506"},
            },
            ("gemeinde", "auswahl_ungueltig"),
        ),
        (
            {"wohnort": {"plz": "63571", "ort": "Gelnhausen"}, "gemeinde": BRENSBACH},
            ("gemeinde", "auswahl_ungueltig"),
        ),
    ]:
        response = klient.mit_csrf("POST", ANTRAEGE, json={"leistung": "einstiegsgeld", **body})
        pruefe_antwort(response, "POST", ANTRAEGE)
        assert response.status_code == 422, body
        assert [(f["feld"], f["code"]) for f in response.json()["felder"]] == [feld], body
    assert klient.get(ANTRAEGE).json()["antraege"] == []


def test_the_gemeinde_chosen_at_creation_decides_the_jobcenter(klient: AntragKlient) -> None:
    response = klient.mit_csrf(
        "POST",
        ANTRAEGE,
        json={
            "leistung": "einstiegsgeld",
            "wohnort": OHNE_EINDEUTIGES_JOBCENTER,
            "gemeinde": BRENSBACH,
        },
    )
    pruefe_antwort(response, "POST", ANTRAEGE)
    assert response.status_code == 201, response.text

    antrag = klient.jobcenter_abwarten(response.json()["id"])

    assert antrag["jobcenter"]["id"] == BRENSBACH["jobcenter_id"]
    assert antrag["zustaendigkeit"]["gewaehlt"]


def test_the_person_chooses_the_gemeinde_when_the_place_of_residence_leaves_the_jobcenter_open(
    klient: AntragKlient,
) -> None:
    antrag_id = klient.anlegen(wohnort=OHNE_EINDEUTIGES_JOBCENTER)
    klient.jobcenter_abwarten(antrag_id)
    offen = klient.get(ANTRAG.format(antrag_id=antrag_id))
    pruefe_antwort(offen, "GET", ANTRAG)
    antrag = offen.json()
    assert antrag["jobcenter"] is None
    assert (antrag["zustaendigkeit"]["eindeutig"], antrag["zustaendigkeit"]["gewaehlt"]) == (
        False,
        False,
    )
    assert {
        (g["ags"], g["jobcenter"]["id"], g["gemeinde"], g["jobcenter"]["name"])
        for g in antrag["zustaendigkeit"]["gemeinden"]
    } == {
        (*BRENSBACH.values(), "Brensbach", "Odenwaldkreis"),
        (*GROSS_BIEBERAU.values(), "Groß-Bieberau", "Darmstadt-Dieburg"),
    }
    nicht_einreichbar = klient.einreichen(antrag_id)
    pruefe_antwort(nicht_einreichbar, "POST", EINREICHUNG)
    assert (nicht_einreichbar.status_code, nicht_einreichbar.json()["code"]) == (
        409,
        "zustaendigkeit_unklar",
    )
    pfad = GEMEINDE.format(antrag_id=antrag_id)

    gelnhausen = {"ags": "06435010", "jobcenter_id": "43102"}  # not a candidate
    for body, code, feld in [
        (gelnhausen, "gemeinde_unbekannt", None),
        ({**BRENSBACH, "jobcenter_id": "41506"}, "gemeinde_unbekannt", None),  # another's office
        ({**BRENSBACH, "ags": "6437003"}, "eingabe_ungueltig", ("ags", "auswahl_ungueltig")),
        ({**BRENSBACH, "ags": 6437003}, "eingabe_ungueltig", ("ags", "text_erwartet")),
        ({"ags": BRENSBACH["ags"]}, "eingabe_ungueltig", ("jobcenter_id", "pflichtfeld")),
        ({**BRENSBACH, "ort": "Brensbach"}, "eingabe_ungueltig", ("ort", "unbekanntes_feld")),
    ]:
        abgelehnt = klient.mit_csrf("PUT", pfad, json=body)
        pruefe_antwort(abgelehnt, "PUT", GEMEINDE)
        assert (abgelehnt.status_code, abgelehnt.json()["code"]) == (422, code), body
        if feld:
            assert [(f["feld"], f["code"]) for f in abgelehnt.json()["felder"]] == [feld]
    assert klient.antrag(antrag_id)["jobcenter"] is None

    gewaehlt = klient.mit_csrf("PUT", pfad, json=BRENSBACH)
    pruefe_antwort(gewaehlt, "PUT", GEMEINDE)
    assert gewaehlt.status_code == 200
    assert gewaehlt.json()["id"] == antrag_id
    assert gewaehlt.json()["jobcenter"]["name"] == "Odenwaldkreis"
    entschieden = klient.get(ANTRAG.format(antrag_id=antrag_id))
    pruefe_antwort(entschieden, "GET", ANTRAG)
    antrag = entschieden.json()
    assert antrag["jobcenter"]["name"] == "Odenwaldkreis"
    assert antrag["zustaendigkeit"]["eindeutig"] and antrag["zustaendigkeit"]["gewaehlt"]
    assert antrag["zustaendigkeit"]["gemeinden"] == []

    noch_einmal = klient.mit_csrf("PUT", pfad, json=GROSS_BIEBERAU)
    pruefe_antwort(noch_einmal, "PUT", GEMEINDE)
    assert (noch_einmal.status_code, noch_einmal.json()["code"]) == (
        409,
        "zustaendigkeit_eindeutig",
    )
    # Submission now goes to the chosen Gemeinde's Jobcenter, with everything entered before.
    klient.ausfuellen(antrag_id)
    eingereicht = klient.einreichen(antrag_id)
    pruefe_antwort(eingereicht, "POST", EINREICHUNG)
    assert eingereicht.status_code == 202 and eingereicht.json()["jobcenter_id"] == "41508"


def test_someone_else_s_application_is_not_found_whatever_the_call(
    klient: AntragKlient, antrag_plattform: Plattform
) -> None:
    antrag_id = klient.anlegen()
    klient.ausfuellen(antrag_id, {"antragsteller": EINSTIEGSGELD["antragsteller"]})
    fremd = AntragKlient(antrag_plattform.url).konto()

    for method, pfad, kwargs in [
        ("GET", ANTRAG, {}),
        ("PUT", ABSCHNITT, {"json": {"vorname": "Mallory"}}),
        ("POST", EINREICHUNG, {}),
        ("POST", KURZANTRAG, {}),
        ("GET", "/api/v1/antraege/{antrag_id}/quittung.pdf", {}),
        ("POST", "/api/v1/antraege/{antrag_id}/zurueckziehung", {"json": {}}),
        ("PUT", GEMEINDE, {"json": BRENSBACH}),
    ]:
        for geraten in (antrag_id, str(uuid.uuid4()), "../../etc"):
            adresse = pfad.format(antrag_id=geraten, abschnitt="antragsteller")
            response = fremd.mit_csrf(method, adresse, **kwargs)
            assert response.status_code == 404, (method, pfad, geraten, response.text)
            if geraten == antrag_id:
                pruefe_antwort(response, method, pfad)
                assert response.json()["code"] == "antrag_nicht_gefunden"
    assert fremd.get(ANTRAEGE).json() == {"antraege": []}
    assert klient.antrag(antrag_id)["abschnitte"]["antragsteller"]["vorname"] == "Erika"


def test_without_a_session_401_and_without_the_csrf_token_403(
    klient: AntragKlient, antrag_plattform: Plattform
) -> None:
    antrag_id = klient.anlegen()
    anonym = AntragKlient(antrag_plattform.url)
    for method, pfad in [("GET", ANTRAEGE), ("POST", ANTRAEGE), ("GET", ANTRAG), ("PUT", GEMEINDE)]:
        response = anonym.request(method, pfad.format(antrag_id=antrag_id), json={})
        pruefe_antwort(response, method, pfad)
        assert (response.status_code, response.json()["code"]) == (401, "nicht_angemeldet")

    for method, pfad, kwargs in [
        ("POST", ANTRAEGE, {"json": {"leistung": "einstiegsgeld", "wohnort": {}}}),
        ("PUT", ABSCHNITT, {"json": {"vorname": "X"}}),
        ("POST", EINREICHUNG, {}),
        ("POST", ANLAGEN, {"files": {"dateien": ("a.png", png(), "image/png")}}),
        ("PUT", GEMEINDE, {"json": BRENSBACH}),
    ]:
        adresse = pfad.format(antrag_id=antrag_id, abschnitt="antragsteller")
        ohne = klient.request(method, adresse, **kwargs)
        fremde_seite = klient.mit_csrf(
            method, adresse, headers={"Origin": "https://evil.example"}, **kwargs
        )
        for response in (ohne, fremde_seite):
            pruefe_antwort(response, method, pfad)
            assert (response.status_code, response.json()["code"]) == (403, "csrf_ungueltig")
    assert klient.antrag(antrag_id)["abschnitte"] == {}
