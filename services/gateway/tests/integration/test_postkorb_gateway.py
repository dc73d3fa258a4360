"""The mailbox through a real gateway (issue 13), API and pages, with the postkorb stand-in behind
it (gateway_postkorb_dienst): reading, the first retrieval with how the person logged in, the
notice date and the deadline, downloads, a reply with a phone photo and its check step, files
refused by content or as infected (naming the file, nothing sent), the consent, only the owner
(a foreign or guessed id is a 404 exactly like a missing one), the unread count in the
navigation, and pages that still work while postkorb is down."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from gateway_antrag_plattform import AntragKlient
from gateway_postkorb import PostkorbGateway, foto, mit_testsignatur, postkorb_gateway
from gateway_test_support import pruefe_antwort

pytestmark = pytest.mark.rabbitmq

POSTFACH = "/api/v1/postkorb"
THREAD = "/api/v1/postkorb/threads/{thread_id}"
NACHRICHT = "/api/v1/postkorb/nachrichten/{nachricht_id}"
ANLAGE = "/api/v1/postkorb/nachrichten/{nachricht_id}/anlagen/{anlage_id}"
PDF = "/api/v1/postkorb/nachrichten/{nachricht_id}/pdf"
ANTWORTEN = "/api/v1/postkorb/threads/{thread_id}/antworten"
EINWILLIGUNG = "/api/v1/postkorb/einwilligung"


@pytest.fixture(scope="module")
def plattform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostkorbGateway]:
    ordner: Path = tmp_path_factory.mktemp("postkorb-gateway")
    with postkorb_gateway(
        ordner, SOZ_GATEWAY_ANLAGE_MAX_BYTES="4194304", SOZ_GATEWAY_RPC_TIMEOUT="2"
    ) as gestartet:
        yield gestartet


def konto(plattform: PostkorbGateway, sprache: str | None = None) -> AntragKlient:
    return AntragKlient(plattform.url, sprache=sprache).konto()


def test_the_owner_reads_the_mailbox_opens_a_bescheid_and_downloads_it(
    plattform: PostkorbGateway,
) -> None:
    klient = konto(plattform)
    leer = klient.get(POSTFACH)
    pruefe_antwort(leer, "GET", POSTFACH)
    assert leer.json() == {"ungelesen": 0, "threads": []}
    ids = plattform.bescheid(klient.person_id)

    postfach = klient.get(POSTFACH)
    pruefe_antwort(postfach, "GET", POSTFACH)
    assert postfach.json()["ungelesen"] == 1
    [thread] = postfach.json()["threads"]
    assert (thread["id"], thread["ungelesen"], thread["antrag_id"]) == (ids["thread_id"], 1, "a-1")

    verlauf = klient.get(THREAD.format(thread_id=ids["thread_id"]))
    pruefe_antwort(verlauf, "GET", THREAD)
    assert [n["art"] for n in verlauf.json()["nachrichten"]] == ["bescheid"]
    assert plattform.abrufe(ids["nachricht_id"]) == []  # listing is no retrieval

    geoeffnet = klient.get(NACHRICHT.format(nachricht_id=ids["nachricht_id"]))
    pruefe_antwort(geoeffnet, "GET", NACHRICHT)
    nachricht = geoeffnet.json()
    assert (nachricht["bekanntgabe_am"], nachricht["frist_ende"]) == ("2026-12-11", "2027-01-11")
    assert nachricht["widerspruch_hinweis"] is True
    assert plattform.abrufe(ids["nachricht_id"]) == ["passwort"]  # how the person logged in
    assert klient.get(POSTFACH).json()["ungelesen"] == 0

    [anlage] = nachricht["anlagen"]
    datei = klient.get(ANLAGE.format(nachricht_id=ids["nachricht_id"], anlage_id=anlage["id"]))
    assert datei.status_code == 200 and datei.content.startswith(b"%PDF-")
    assert datei.headers["Content-Type"] == "application/pdf"
    assert datei.headers["Content-Disposition"].startswith('attachment; filename="bescheid.pdf"')
    pdf = klient.get(PDF.format(nachricht_id=ids["nachricht_id"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    zweiter = plattform.bescheid(klient.person_id)
    nur_pdf = klient.get(PDF.format(nachricht_id=zweiter["nachricht_id"]))
    assert nur_pdf.status_code == 200
    assert plattform.abrufe(zweiter["nachricht_id"]) == ["passwort"]  # the PDF is a retrieval

    archiv = "/api/v1/postkorb/threads/{thread_id}/archiviert"
    archiviert = klient.mit_csrf(
        "PUT", archiv.format(thread_id=ids["thread_id"]), json={"archiviert": True}
    )
    pruefe_antwort(archiviert, "PUT", archiv)
    assert archiviert.json() == {"id": ids["thread_id"], "archiviert": True}
    assert klient.get(POSTFACH).json()["threads"] == []
    assert [t["id"] for t in klient.get(f"{POSTFACH}?archiv=true").json()["threads"]] == [
        ids["thread_id"]
    ]
    falsch = klient.mit_csrf("PUT", archiv.format(thread_id=ids["thread_id"]), json={"x": 1})
    pruefe_antwort(falsch, "PUT", archiv)
    assert falsch.status_code == 422


def test_only_the_owner_a_foreign_or_guessed_id_is_a_404_like_a_missing_one(
    plattform: PostkorbGateway,
) -> None:
    besitzer, fremder = konto(plattform), konto(plattform)
    ids = plattform.bescheid(besitzer.person_id)
    anlage_id = besitzer.get(NACHRICHT.format(nachricht_id=ids["nachricht_id"])).json()["anlagen"][
        0
    ]["id"]

    assert fremder.get(POSTFACH).json() == {"ungelesen": 0, "threads": []}
    for pfad, vorlage, erfunden in (
        (THREAD.format(thread_id=ids["thread_id"]), THREAD, THREAD.format(thread_id=uuid.uuid4())),
        (
            NACHRICHT.format(nachricht_id=ids["nachricht_id"]),
            NACHRICHT,
            NACHRICHT.format(nachricht_id=uuid.uuid4()),
        ),
        (
            ANLAGE.format(nachricht_id=ids["nachricht_id"], anlage_id=anlage_id),
            ANLAGE,
            ANLAGE.format(nachricht_id=uuid.uuid4(), anlage_id=anlage_id),
        ),
        (PDF.format(nachricht_id=ids["nachricht_id"]), PDF, PDF.format(nachricht_id="1' OR 1=1")),
    ):
        fremd, geraten = fremder.get(pfad), fremder.get(erfunden)
        pruefe_antwort(fremd, "GET", vorlage)
        assert fremd.status_code == geraten.status_code == 404, pfad
        assert {k: v for k, v in fremd.json().items() if k != "instance"} == {
            k: v for k, v in geraten.json().items() if k != "instance"
        }
    for seite in (
        f"/postfach/threads/{ids['thread_id']}",
        f"/postfach/threads/{ids['thread_id']}/antworten",
        f"/postfach/nachrichten/{ids['nachricht_id']}",
        f"/postfach/nachrichten/{ids['nachricht_id']}/pdf",
        f"/postfach/nachrichten/{ids['nachricht_id']}/anlagen/{anlage_id}",
    ):
        assert fremder.get(seite).status_code == 404, seite  # the pages too
    for boese in ("..%2F..%2Fetc%2Fpasswd", "%00", "%C0%AE%C0%AE", "1%0d%0aX-Kopf:%201"):
        antwort = fremder.get(f"/api/v1/postkorb/nachrichten/{boese}")
        assert antwort.status_code == 404, (boese, antwort.status_code)
    zu_lang = fremder.get(NACHRICHT.format(nachricht_id="x" * 300))
    assert zu_lang.status_code == 404 and zu_lang.json()["code"] == "nicht_gefunden"
    antwort = fremder.mit_csrf(
        "POST", ANTWORTEN.format(thread_id=ids["thread_id"]), files={"text": (None, "Hallo")}
    )
    pruefe_antwort(antwort, "POST", ANTWORTEN)
    assert antwort.status_code == 404
    assert plattform.abrufe(ids["nachricht_id"]) == ["passwort"]  # the owner's, no other
    ohne = AntragKlient(plattform.url).get(POSTFACH)
    pruefe_antwort(ohne, "GET", POSTFACH)
    assert ohne.status_code == 401


def test_a_reply_with_a_phone_photo_is_sent_once_and_unclean_files_are_refused_by_name(
    plattform: PostkorbGateway,
) -> None:
    klient = konto(plattform)
    antrag_id = f"antrag-{uuid.uuid4()}"
    ids = plattform.bescheid(klient.person_id, antrag_id=antrag_id)
    pfad = ANTWORTEN.format(thread_id=ids["thread_id"])
    vorher = len(plattform.gesendet())

    infiziert = klient.mit_csrf(
        "POST",
        pfad,
        data={"text": "Anbei der Nachweis."},
        files=[
            ("dateien", ("foto.jpg", foto(), "image/jpeg")),
            ("dateien", ("rechnung.pdf", mit_testsignatur(), "application/pdf")),
        ],
    )
    pruefe_antwort(infiziert, "POST", ANTWORTEN)
    assert infiziert.status_code == 422
    problem = infiziert.json()
    assert problem["code"] == "anlage_nicht_sauber"
    assert problem["details"]["dateien"] == [{"dateiname": "rechnung.pdf", "pruefung": "infiziert"}]
    assert "X5O" not in infiziert.text
    keine_datei = klient.mit_csrf(
        "POST",
        pfad,
        data={"text": "Anbei."},
        files=[("dateien", ("brief.docx", b"PK\x03\x04 kein pdf", "application/msword"))],
    )
    pruefe_antwort(keine_datei, "POST", ANTWORTEN)
    assert keine_datei.status_code == 422
    assert [f["feld"] for f in keine_datei.json()["felder"]] == ["dateien.0"]
    leer = klient.mit_csrf("POST", pfad, files={"text": (None, "  ")})
    pruefe_antwort(leer, "POST", ANTWORTEN)
    assert (leer.status_code, leer.json()["felder"][0]["feld"]) == (422, "text")
    ohne_csrf = klient.request("POST", pfad, files={"text": (None, "Hallo")})
    assert ohne_csrf.status_code == 403
    assert len(plattform.gesendet()) == vorher  # nothing went out

    gesendet = klient.mit_csrf(
        "POST",
        pfad,
        data={"text": "Anbei das Foto des Mietvertrags."},
        files=[("dateien", ("mietvertrag.jpg", foto(), "image/jpeg"))],
    )
    pruefe_antwort(gesendet, "POST", ANTWORTEN)
    assert gesendet.status_code == 202 and gesendet.json()["zustellstatus"] == "gesendet"
    neu = plattform.gesendet()[vorher:]
    assert len(neu) == 1
    assert neu[0]["antrag_id"] == antrag_id
    assert neu[0]["dateinamen"] == ["mietvertrag.jpg"]
    verlauf = klient.get(THREAD.format(thread_id=ids["thread_id"])).json()["nachrichten"]
    assert [(n["art"], n.get("zustellstatus")) for n in verlauf][-1] == ("antwort", "gesendet")


def test_the_consent_is_its_own_dated_step_and_can_be_withdrawn(
    plattform: PostkorbGateway,
) -> None:
    klient = konto(plattform, sprache="en")
    stand = klient.get(EINWILLIGUNG)
    pruefe_antwort(stand, "GET", EINWILLIGUNG)
    assert stand.json()["erteilt"] is False
    version = stand.json()["aktuelle_textversion"]
    assert "section 37 (2a) SGB X" in stand.json()["text"]  # in the language asked for

    veraltet = klient.mit_csrf("PUT", EINWILLIGUNG, json={"erteilt": True, "textversion": "1999"})
    pruefe_antwort(veraltet, "PUT", EINWILLIGUNG)
    assert (veraltet.status_code, veraltet.json()["code"]) == (409, "einwilligungstext_veraltet")
    falsche_adresse = klient.mit_csrf(
        "PUT",
        EINWILLIGUNG,
        json={"erteilt": True, "textversion": version, "benachrichtigung_email": "keine"},
    )
    pruefe_antwort(falsche_adresse, "PUT", EINWILLIGUNG)
    assert falsche_adresse.status_code == 422

    ohne_adresse = klient.mit_csrf(
        "PUT", EINWILLIGUNG, json={"erteilt": True, "textversion": version}
    )
    pruefe_antwort(ohne_adresse, "PUT", EINWILLIGUNG)
    assert ohne_adresse.status_code == 422  # the notice needs a notification (§ 37 Abs. 2a)
    assert ohne_adresse.json()["felder"][0]["feld"] == "benachrichtigung_email"
    erteilt = klient.mit_csrf(
        "PUT",
        EINWILLIGUNG,
        json={"erteilt": True, "textversion": version, "benachrichtigung_email": "e@example.org"},
    )
    pruefe_antwort(erteilt, "PUT", EINWILLIGUNG)
    assert erteilt.json()["erteilt"] is True and erteilt.json()["erteilt_am"]
    assert erteilt.json()["textversion"] == version
    widerrufen = klient.mit_csrf(
        "PUT", EINWILLIGUNG, json={"erteilt": False, "textversion": version}
    )
    pruefe_antwort(widerrufen, "PUT", EINWILLIGUNG)
    assert widerrufen.json()["erteilt"] is False and widerrufen.json()["widerrufen_am"]
    assert widerrufen.json()["benachrichtigung_email"] == "e@example.org"  # left as it was


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_the_pages_mailbox_message_reply_with_check_step_and_consent(
    plattform: PostkorbGateway,
) -> None:
    klient = konto(plattform)
    ids = plattform.bescheid(klient.person_id)

    link_der_mail = klient.get("/postkorb")  # SOZ_POSTKORB_PORTAL_URL's default
    assert (link_der_mail.status_code, link_der_mail.headers["Location"]) == (303, "/postfach")
    konto_seite = klient.get("/konto")
    assert re.search(r'href="/postfach">Postfach <span class="zaehler">1<', konto_seite.text)
    postfach = klient.get("/postfach")
    assert postfach.status_code == 200
    assert f'href="/postfach/threads/{ids["thread_id"]}"' in postfach.text
    assert 'href="/postfach/einwilligung"' in postfach.text
    thread = klient.get(f"/postfach/threads/{ids['thread_id']}")
    assert f'href="/postfach/nachrichten/{ids["nachricht_id"]}"' in thread.text

    nachricht = klient.get(f"/postfach/nachrichten/{ids['nachricht_id']}")
    assert nachricht.status_code == 200
    assert "Gilt als bekannt gegeben am 11. Dezember 2026." in nachricht.text
    assert "Widerspruch möglich bis 11. Januar 2027." in nachricht.text
    assert "Eine Antwort hier ist kein Widerspruch" in nachricht.text
    assert "§ 84 Sozialgerichtsgesetz" in nachricht.text
    assert len(nachricht.content) < 100_000
    assert 'class="zaehler"' not in klient.get("/konto").text  # read now
    englisch = klient.get(f"/postfach/nachrichten/{ids['nachricht_id']}?sprache=en")
    assert "Deemed notified on 11 December 2026." in englisch.text
    plattform.einliefern(
        klient.person_id,
        thread_betreff="Ihr Antrag auf Einstiegsgeld",
        absender="system",
        art="zugestellt",
        betreff="Ihr Antrag ist beim Jobcenter angekommen",
        text="Main-Kinzig-Kreis hat Ihren Antrag erhalten.",
    )
    system = klient.get(f"/postfach/threads/{ids['thread_id']}?sprache=en").text
    assert "Application received by the Jobcenter" in system  # the title in the language
    beendet = plattform.einliefern(
        klient.person_id,
        thread_betreff="Ihr Antrag auf Einstiegsgeld",
        art="bescheid",
        betreff="Änderungsbescheid",
        text="…",
        bekanntgabe={
            "bereitgestellt_am": "2026-11-02T09:00:00Z",
            "benachrichtigt_am": "2026-11-02T09:00:05Z",
            "beendet_am": "2026-11-12T09:00:05Z",
            "beendet_grund": "nicht_abgerufen",
        },
    )
    verloren = plattform.einliefern(
        klient.person_id,
        thread_betreff="Ihr Antrag auf Einstiegsgeld",
        absender="person",
        art="antwort",
        betreff="Ihre Antwort",
        text="Anbei.",
        zustellstatus="fehlgeschlagen",
        endgueltig=True,
    )
    thread_seite = klient.get(f"/postfach/threads/{ids['thread_id']}").text
    assert "Nicht angekommen. Was jetzt passiert, steht in der Nachricht." in thread_seite
    verloren_seite = klient.get(f"/postfach/nachrichten/{verloren['nachricht_id']}").text
    assert "Wir versuchen es nicht weiter." in verloren_seite
    nicht_abgerufen = klient.get(f"/postfach/nachrichten/{beendet['nachricht_id']}").text
    assert "gilt nicht durch das Postfach als bekannt gegeben" in nicht_abgerufen
    assert "Gilt als bekannt gegeben am" not in nicht_abgerufen
    assert "Bereitstellung beendet" in nicht_abgerufen  # the proof's dates

    formular = klient.get(f"/postfach/threads/{ids['thread_id']}/antworten")
    assert formular.status_code == 200 and 'type="file"' in formular.text
    token = _csrf(formular.text)
    vorher = len(plattform.gesendet())
    abgelehnt = klient.request(
        "POST",
        f"/postfach/threads/{ids['thread_id']}/antworten",
        data={"csrf_token": token, "text": "Hier die Rechnung."},
        files=[("dateien", ("rechnung.pdf", mit_testsignatur(), "application/pdf"))],
    )
    assert abgelehnt.status_code == 422
    assert "rechnung.pdf: Diese Datei enthält einen Virus" in abgelehnt.text
    assert "/senden" not in abgelehnt.text  # no way to send it

    zu_gross = klient.request(  # over the upload limit (4 MiB here): the text is kept
        "POST",
        f"/postfach/threads/{ids['thread_id']}/antworten",
        data={"csrf_token": token, "text": "Mein langer Text bleibt."},
        files=[
            ("dateien", ("scan.pdf", b"%PDF-1.4\n" + bytes(5 * 1024 * 1024), "application/pdf"))
        ],
    )
    assert zu_gross.status_code == 422
    assert ">Mein langer Text bleibt.</textarea>" in zu_gross.text
    assert "Die Dateien sind zusammen zu groß." in zu_gross.text
    pruefen = klient.request(
        "POST",
        f"/postfach/threads/{ids['thread_id']}/antworten",
        data={"csrf_token": token, "text": "Guten Tag,\n\nanbei das Foto."},
        files=[("dateien", ("foto.jpg", foto(), "image/jpeg"))],
    )
    assert pruefen.status_code == 200
    assert "anbei das Foto." in pruefen.text and "foto.jpg" in pruefen.text
    assert len(plattform.gesendet()) == vorher  # checking is not sending
    senden = re.search(r'action="(/postfach/threads/[^"]+/senden)"', pruefen.text).group(1)
    gesendet = klient.request("POST", senden, data={"csrf_token": token})
    assert gesendet.status_code == 303
    assert gesendet.headers["Location"].endswith("?hinweis=gesendet")
    assert len(plattform.gesendet()) == vorher + 1
    noch_einmal = klient.request("POST", senden, data={"csrf_token": token})
    assert noch_einmal.status_code == 409 and len(plattform.gesendet()) == vorher + 1
    verlauf = klient.get(gesendet.headers["Location"])
    assert "Gesendet, noch nicht beim Jobcenter angekommen" in verlauf.text

    einwilligung = klient.get("/postfach/einwilligung")
    assert "Nicht eingewilligt" in einwilligung.text
    version = re.search(r'name="textversion" value="([^"]+)"', einwilligung.text).group(1)
    ohne_haken = klient.request(
        "POST",
        "/postfach/einwilligung",
        data={"csrf_token": token, "aktion": "erteilen", "textversion": version},
    )
    assert ohne_haken.status_code == 422
    assert "Bitte kreuzen Sie an, dass Sie einwilligen." in ohne_haken.text
    erteilt = klient.request(
        "POST",
        "/postfach/einwilligung",
        data={
            "csrf_token": token,
            "aktion": "erteilen",
            "textversion": version,
            "einverstanden": "ja",
            "benachrichtigung_email": "erika@example.org",
        },
    )
    assert erteilt.status_code == 303
    assert "Eingewilligt am" in klient.get("/postfach/einwilligung").text


def test_pages_show_without_the_count_while_postkorb_is_down(plattform: PostkorbGateway) -> None:
    """Last in this module: it stops the stand-in. Its queue stays (durable), so the gateway's
    request waits for the short time-out once; then no page asks for a while."""
    klient = konto(plattform)
    plattform.bescheid(klient.person_id)
    assert 'class="zaehler"' in klient.get("/konto").text
    plattform.postkorb.stop()

    beginn = time.monotonic()
    erste = klient.get("/konto")
    erste_dauer = time.monotonic() - beginn
    beginn = time.monotonic()
    zweite = klient.get("/impressum")
    zweite_dauer = time.monotonic() - beginn
    assert erste.status_code == 200 and 'href="/postfach"' in erste.text
    assert 'class="zaehler"' not in erste.text
    assert erste_dauer < 2.0 and zweite_dauer < 0.5, (erste_dauer, zweite_dauer)
    assert zweite.status_code == 200 and 'class="zaehler"' not in zweite.text
    postfach = klient.get(POSTFACH)
    assert (postfach.status_code, postfach.json()["code"]) == (503, "dienst_nicht_verfuegbar")
