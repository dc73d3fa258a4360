"""The gateway against the real postkorb service (services/postkorb), the Jobcenter's message
arriving as the xta-gateway's NachrichtEmpfangen: consent with the service's text version and
a notification address, a Bescheid filed, the mail "Sie haben eine neue Nachricht" (without its
content) in the sink, the message opened through the gateway with the day it counts as notified
and the deadline, the answers as the OpenAPI document says, a reply sent once, another person
sees nothing, and a file that could not be scanned (no clamd here) is never sent."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from gateway_antrag_plattform import AntragKlient
from gateway_postkorb import foto
from gateway_postkorb_echt import EchterPostkorb, echter_postkorb
from gateway_test_support import pruefe_antwort

from mail_senke.senke import text

pytestmark = pytest.mark.rabbitmq

POSTFACH = "/api/v1/postkorb"
NACHRICHT = "/api/v1/postkorb/nachrichten/{nachricht_id}"
THREAD = "/api/v1/postkorb/threads/{thread_id}"
ANTWORTEN = "/api/v1/postkorb/threads/{thread_id}/antworten"
EINWILLIGUNG = "/api/v1/postkorb/einwilligung"


@pytest.fixture(scope="module")
def plattform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EchterPostkorb]:
    with echter_postkorb(tmp_path_factory.mktemp("postkorb-echt")) as gestartet:
        yield gestartet


def warten(bedingung, sekunden: float = 20.0):  # noqa: ANN001, ANN201
    ende = time.monotonic() + sekunden
    while time.monotonic() < ende:
        ergebnis = bedingung()
        if ergebnis:
            return ergebnis
        time.sleep(0.1)
    return bedingung()


def test_a_bescheid_from_the_jobcenter_is_notified_opened_with_its_dates_and_answered(
    plattform: EchterPostkorb,
) -> None:
    klient = AntragKlient(plattform.url).konto()
    email = f"postkorb-{uuid.uuid4().hex[:8]}@example.org"
    stand = klient.get(EINWILLIGUNG)
    pruefe_antwort(stand, "GET", EINWILLIGUNG)
    assert stand.json()["erteilt"] is False and stand.json()["text"]
    erteilt = klient.mit_csrf(
        "PUT",
        EINWILLIGUNG,
        json={
            "erteilt": True,
            "textversion": stand.json()["aktuelle_textversion"],
            "benachrichtigung_email": email,
        },
    )
    pruefe_antwort(erteilt, "PUT", EINWILLIGUNG)
    assert erteilt.status_code == 200 and erteilt.json()["erteilt"] is True, erteilt.text

    plattform.nachricht_empfangen(klient.person_id)
    postfach = warten(lambda: klient.get(POSTFACH).json()["threads"])
    assert postfach, plattform.postkorb.log()[-3000:]
    pruefe_antwort(klient.get(POSTFACH), "GET", POSTFACH)
    [mail] = plattform.senke.warten(email)
    assert "neue Nachricht" in text(mail)
    assert "Einstiegsgeld" not in text(mail) and "Einstiegsgeld" not in str(mail["Subject"])

    verlauf = klient.get(THREAD.format(thread_id=postfach[0]["id"]))
    pruefe_antwort(verlauf, "GET", THREAD)
    [bescheid] = [n for n in verlauf.json()["nachrichten"] if n["art"] == "bescheid"]
    geoeffnet = warten(
        lambda: (
            antwort
            if (antwort := klient.get(NACHRICHT.format(nachricht_id=bescheid["id"])))
            .json()
            .get("bekanntgabe_am")
            else None
        )
    )
    assert geoeffnet, klient.get(NACHRICHT.format(nachricht_id=bescheid["id"])).text
    pruefe_antwort(geoeffnet, "GET", NACHRICHT)
    nachricht = geoeffnet.json()
    # the fourth day after the notification mail (sent just now), in Germany's calendar
    heute = datetime.now(ZoneInfo("Europe/Berlin")).date()
    assert date.fromisoformat(nachricht["bekanntgabe_am"]) in (
        heute + timedelta(days=4),
        datetime.now(UTC).date() + timedelta(days=4),
    )
    frist_ende = date.fromisoformat(nachricht["frist_ende"])
    assert frist_ende >= heute + timedelta(days=4 + 28)
    assert nachricht["widerspruch_hinweis"] is True
    seite = klient.get(f"/postfach/nachrichten/{bescheid['id']}")
    assert "Gilt als bekannt gegeben am" in seite.text and "Widerspruch möglich bis" in seite.text

    fremder = AntragKlient(plattform.url).konto()
    assert fremder.get(POSTFACH).json()["threads"] == []
    for pfad, vorlage in (
        (NACHRICHT.format(nachricht_id=bescheid["id"]), NACHRICHT),
        (THREAD.format(thread_id=postfach[0]["id"]), THREAD),
    ):
        fremd = fremder.get(pfad)
        pruefe_antwort(fremd, "GET", vorlage)
        assert fremd.status_code == 404
        geraten = fremder.get(
            vorlage.replace("{nachricht_id}", str(uuid.uuid4())).replace(
                "{thread_id}", str(uuid.uuid4())
            )
        )
        assert (geraten.status_code, geraten.json()["title"]) == (404, fremd.json()["title"])

    pfad = ANTWORTEN.format(thread_id=postfach[0]["id"])
    ungeprueft = klient.mit_csrf(
        "POST",
        pfad,
        data={"text": "Anbei der Nachweis."},
        files=[("dateien", ("nachweis.jpg", foto(600), "image/jpeg"))],
    )
    pruefe_antwort(ungeprueft, "POST", ANTWORTEN)
    assert ungeprueft.status_code == 422, ungeprueft.text  # no clamd here: never clean
    assert ungeprueft.json()["details"]["dateien"][0]["dateiname"] == "nachweis.jpg"
    gesendet = klient.mit_csrf("POST", pfad, files={"text": (None, "Vielen Dank.")})
    pruefe_antwort(gesendet, "POST", ANTWORTEN)
    assert gesendet.status_code == 202, gesendet.text
    antworten = [
        n
        for n in klient.get(THREAD.format(thread_id=postfach[0]["id"])).json()["nachrichten"]
        if n["absender"] == "person"
    ]
    assert len(antworten) == 1 and antworten[0]["zustellstatus"] == "gesendet"
