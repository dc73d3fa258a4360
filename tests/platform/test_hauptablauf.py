"""The main job, end to end, across the real services (ARCHITECTURE.md, "One request, end to
end"): a citizen signs up, applies for Einstiegsgeld through the gateway's HTTP API, submits, and
the application arrives at the right Jobcenter's mailbox of the XTA2 counterpart as a valid XÖV
message, exactly once; the citizen's timeline shows entwurf → eingereicht → zugestellt. And when
the delivery is refused for good, the citizen sees zustellung_fehlgeschlagen with what happens
next, and the operator's resend delivers it.

The platform is deploy/embedded as `make run` starts it (tests/support/hauptablauf_plattform.py):
gateway, zustaendigkeit, antrag and xta_gateway as `nameko run` processes in a RabbitMQ virtual
host of their own, each with a fresh data dir, once on SQLite (the embedded default) and once
with a fresh PostgreSQL database per service.
"""

from __future__ import annotations

import copy
import hashlib
import io
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from lxml import etree
from nameko.standalone.rpc import ClusterRpcClient
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))

from hauptablauf_plattform import (  # noqa: E402
    EINSTIEGSGELD,
    GELNHAUSEN,
    REPO,
    AntragKlient,
    Plattform,
    plattform,
    pruefe_antwort,
    warten_bis,
)

from postkorb import clamd_eingebettet  # noqa: E402

# Starting four services and the counterpart takes about 12 s on an idle machine; headroom for a
# loaded CI machine (the default is 120 s per test, set-up included).
pytestmark = [pytest.mark.rabbitmq, pytest.mark.slow, pytest.mark.timeout(300)]

XSD = REPO / "contracts" / "xoev" / "sozialplattform-antrag-1.0.xsd"
NS = {"soz": "urn:xoev-de:sozialplattform:schemata:antrag:1"}
# deploy/embedded/instance.env connects these zkT; deploy/embedded/xta-gateway.json gives each
# its reader id at the XTA server.
MAIN_KINZIG = "43102"  # 63571 Gelnhausen
WIESBADEN = "45902"  # 65183 Wiesbaden
WIESBADEN_WOHNORT = {"plz": "65183", "ort": "Wiesbaden"}
FRIST = 60.0  # seconds; the flow takes about two on an idle machine


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def platform(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Plattform]:
    ordner = tmp_path_factory.mktemp(f"hauptablauf-{request.param}")
    with plattform(ordner, postgres=request.param == "postgres") as laufend:
        yield laufend


def status_abwarten(klient: AntragKlient, antrag_id: str, status: str, p: Plattform) -> dict:
    antrag = warten_bis(lambda: _mit_status(klient.antrag(antrag_id), status), FRIST, 0.2)
    assert antrag, (
        f"status {status!r} not reached within {FRIST} s; the application: "
        f"{klient.antrag(antrag_id)}\n{p.logs()}"
    )
    return antrag


def dokumentiert(klient: AntragKlient, antrag_id: str) -> None:
    """The application as the real events left it is an answer the OpenAPI document allows."""
    pfad = "/api/v1/antraege/{antrag_id}"
    pruefe_antwort(klient.get(pfad.format(antrag_id=antrag_id)), "GET", pfad)


def _mit_status(antrag: dict[str, Any], status: str) -> dict[str, Any] | None:
    return antrag if antrag["status"] == status else None


def png() -> bytes:
    datei = io.BytesIO()
    Image.new("RGB", (40, 40), (30, 120, 200)).save(datei, "PNG")
    return datei.getvalue()


def nachrichten_fuer(p: Plattform, antrag_id: str) -> list[tuple[dict, etree._Element]]:
    """Every message at the counterpart, in any mailbox, whose XÖV payload is this application."""
    gefunden = []
    for eintrag in p.gegenstelle.nachrichten(""):  # no reader given: every mailbox
        xml = p.gegenstelle.nachricht(eintrag["message_id"])
        assert hashlib.sha256(xml).hexdigest() == eintrag["sha256"]
        dokument = etree.fromstring(xml)
        if dokument.findtext(".//soz:antragsID", namespaces=NS) == antrag_id:
            gefunden.append((eintrag, dokument))
    return gefunden


def test_an_application_goes_from_the_citizen_to_the_jobcenter_s_mailbox_exactly_once(
    platform: Plattform,
) -> None:
    klient = AntragKlient(platform.url).konto()  # sign up and log in: local account, CSRF token
    ohne_csrf = klient.request(
        "POST", "/api/v1/antraege", json={"leistung": "einstiegsgeld", "wohnort": GELNHAUSEN}
    )
    assert ohne_csrf.status_code == 403, ohne_csrf.text

    antrag_id = klient.anlegen("einstiegsgeld", GELNHAUSEN)
    # zustaendigkeit answers AntragAngelegt by event; antrag records the Jobcenter.
    antrag = klient.jobcenter_abwarten(antrag_id, FRIST)
    assert antrag["jobcenter"]["id"] == MAIN_KINZIG, antrag["jobcenter"]
    klient.ausfuellen(antrag_id, EINSTIEGSGELD)
    hochgeladen = klient.mit_csrf(
        "POST",
        f"/api/v1/antraege/{antrag_id}/anlagen",
        data={"abschnitt": "taetigkeit"},
        files={"dateien": ("arbeitsvertrag.png", png(), "image/png")},
    )
    assert hochgeladen.status_code == 201, hochgeladen.text
    anlage = hochgeladen.json()

    eingereicht = klient.einreichen(antrag_id)
    assert eingereicht.status_code == 202, eingereicht.text

    quittung = klient.get(f"/api/v1/antraege/{antrag_id}/quittung.pdf")
    assert quittung.status_code == 200
    assert quittung.headers["Content-Type"] == "application/pdf"
    quittung_text = "".join(
        "".join(seite.extract_text().split())
        for seite in PdfReader(io.BytesIO(quittung.content)).pages
    )

    zugestellt = status_abwarten(klient, antrag_id, "zugestellt", platform)
    assert [v["status"] for v in zugestellt["verlauf"]] == ["entwurf", "eingereicht", "zugestellt"]
    assert zugestellt["verlauf"][-1]["jobcenter_id"] == MAIN_KINZIG
    assert "angekommen" in zugestellt["naechster_schritt"]
    dokumentiert(klient, antrag_id)
    assert antrag_id in quittung_text and zugestellt["pruefsumme"] in quittung_text

    # At the counterpart: one message, in the Main-Kinzig-Kreis Jobcenter's mailbox, a valid
    # XÖV Antrag carrying what the citizen entered and the attachment's checksum.
    ((eintrag, dokument),) = nachrichten_fuer(platform, antrag_id)
    assert eintrag["leser"] == f"jobcenter:{MAIN_KINZIG}"
    assert eintrag["service"] == "urn:xoev-de:sozialplattform:dienst:antrag"
    assert eintrag["message_id"] in platform.postfach(eintrag["leser"])  # the Jobcenter sees it
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(dokument), schema.error_log
    assert etree.QName(dokument).localname == "antrag.einreichung.0101"
    assert dokument.findtext(".//soz:leser/soz:kennung", namespaces=NS) == eintrag["leser"]
    assert dokument.findtext(".//soz:leistung/code", namespaces=NS) == "einstiegsgeld"
    person = dokument.find(".//soz:antragsteller", NS)
    assert (
        person.findtext("soz:vorname", namespaces=NS),
        person.findtext("soz:familienname", namespaces=NS),
    ) == ("Erika", "Mustermann")
    assert "Muster GmbH" in etree.tostring(dokument, encoding="unicode")
    anlagen = {
        a.findtext("soz:name", namespaces=NS): a for a in dokument.iterfind(".//soz:anlage", NS)
    }
    assert anlagen[anlage["dateiname"]].findtext("soz:sha256", namespaces=NS) == anlage["sha256"]

    # Nobody else sees it: another person gets 404, as for an id that does not exist.
    fremd = AntragKlient(platform.url).konto()
    assert fremd.get(f"/api/v1/antraege/{antrag_id}").status_code == 404
    assert fremd.get(f"/api/v1/antraege/{antrag_id}/quittung.pdf").status_code == 404
    assert fremd.get("/api/v1/antraege").json()["antraege"] == []
    assert [a["id"] for a in klient.get("/api/v1/antraege").json()["antraege"]] == [antrag_id]

    if platform.datenbanken:  # the PostgreSQL run really kept the events there
        engine = create_engine(platform.datenbanken["antrag"])
        try:
            with engine.connect() as verbindung:
                anzahl = verbindung.execute(
                    text("SELECT count(*) FROM events WHERE stream_id = :s"),
                    {"s": f"antrag-{antrag_id}"},
                ).scalar_one()
        finally:
            engine.dispose()
        assert anzahl >= 4


def test_a_delivery_refused_for_good_shows_in_the_timeline_and_the_operator_resends_it(
    platform: Plattform,
) -> None:
    klient = AntragKlient(platform.url).konto()
    antrag_id = klient.anlegen("einstiegsgeld", WIESBADEN_WOHNORT)
    assert klient.jobcenter_abwarten(antrag_id, FRIST)["jobcenter"]["id"] == WIESBADEN
    abschnitte = copy.deepcopy(EINSTIEGSGELD)
    abschnitte["antragsteller"].update(WIESBADEN_WOHNORT, strasse_hausnummer="Marktstraße 1")
    klient.ausfuellen(antrag_id, abschnitte)

    # The Jobcenter's side refuses the next message: its TransportReport ends red (9032).
    platform.gegenstelle.stoerung(art="bericht_rot", operation="sendMessage", anzahl=1)
    try:
        assert klient.einreichen(antrag_id).status_code == 202
        gescheitert = status_abwarten(klient, antrag_id, "zustellung_fehlgeschlagen", platform)
    finally:
        platform.gegenstelle.stoerungen_loeschen()
    assert [v["status"] for v in gescheitert["verlauf"]] == [
        "entwurf",
        "eingereicht",
        "zustellung_fehlgeschlagen",
    ]
    assert gescheitert["verlauf"][-1]["jobcenter_id"] == WIESBADEN
    assert gescheitert["verlauf"][-1]["error_code"] == "9032"
    # What happens next: it is safe, keeps its date, operations deliver it again.
    hinweis = gescheitert["naechster_schritt"]
    assert "sicher gespeichert" in hinweis and "erneut zu" in hinweis, hinweis
    assert "Sie müssen nichts tun" in hinweis
    assert gescheitert["eingereicht_am"] is not None
    dokumentiert(klient, antrag_id)
    assert klient.get(f"/api/v1/antraege/{antrag_id}/quittung.pdf").status_code == 200

    # The operator resends it (xta-gateway RPC, as `python -m xta_gateway.cli resend` does):
    # a new MessageID (the red one was not delivered); the citizen then sees it delivered.
    with ClusterRpcClient(uri=platform.amqp_uri, timeout=10) as rpc:
        (zustellung,) = [
            z
            for z in rpc.xta_gateway.zustellungen("fehlgeschlagen", WIESBADEN)
            if z["antrag_id"] == antrag_id
        ]
        rpc.xta_gateway.erneut_zustellen(zustellung["zustellung_id"])
    zugestellt = status_abwarten(klient, antrag_id, "zugestellt", platform)
    assert [v["status"] for v in zugestellt["verlauf"]] == [
        "entwurf",
        "eingereicht",
        "zustellung_fehlgeschlagen",
        "zugestellt",
    ]
    # The counterpart got it twice (the send that ended red, and the resend under a new
    # MessageID), but the Jobcenter's mailbox offers it once: a red report means not delivered.
    angekommen = {e["message_id"]: e["leser"] for e, _ in nachrichten_fuer(platform, antrag_id)}
    assert set(angekommen.values()) == {f"jobcenter:{WIESBADEN}"} and len(angekommen) == 2
    im_postfach = set(platform.postfach(f"jobcenter:{WIESBADEN}")) & set(angekommen)
    assert len(im_postfach) == 1, im_postfach


def test_the_jobcenter_writes_a_bescheid_back_and_the_person_answers_through_the_mailbox(
    platform: Plattform,
) -> None:
    """Issue 13 end to end: consent with a notification address; submit; "delivered" in the
    mailbox; the counterpart writes a Bescheid back; the mail in the sink (no content); the
    message opened through the gateway with the notice date and the deadline; a file with the
    test signature refused; a reply with a photo reaches the counterpart exactly once, naming
    the application; another person sees none of it."""
    klient = AntragKlient(platform.url).konto()
    email = f"erika-{uuid.uuid4().hex[:8]}@example.org"
    stand = klient.get("/api/v1/postkorb/einwilligung").json()
    eingewilligt = klient.mit_csrf(
        "PUT",
        "/api/v1/postkorb/einwilligung",
        json={
            "erteilt": True,
            "textversion": stand["aktuelle_textversion"],
            "benachrichtigung_email": email,
        },
    )
    assert eingewilligt.status_code == 200, eingewilligt.text
    antrag_id = klient.anlegen("einstiegsgeld", GELNHAUSEN)
    klient.jobcenter_abwarten(antrag_id, FRIST)
    klient.ausfuellen(antrag_id, EINSTIEGSGELD)
    assert klient.einreichen(antrag_id).status_code == 202
    status_abwarten(klient, antrag_id, "zugestellt", platform)

    def thread(art: str) -> dict | None:
        threads = klient.get("/api/v1/postkorb").json()["threads"]
        eigene = [t for t in threads if t["antrag_id"] == antrag_id]
        if not eigene:
            return None
        verlauf = klient.get(f"/api/v1/postkorb/threads/{eigene[0]['id']}").json()
        return verlauf if art in [n["art"] for n in verlauf["nachrichten"]] else None

    assert warten_bis(lambda: thread("zugestellt"), FRIST, 0.2), platform.logs()
    platform.gegenstelle.antworten(
        leser="sozialplattform",
        autor=f"jobcenter:{MAIN_KINZIG}",
        service="urn:xoev-de:sozialplattform:dienst:postkorb",
        postkorbnachricht={
            "art": "bescheid",
            "antrag_id": antrag_id,
            "aktenzeichen": "EG-43102-2026-1",
            "betreff": "Bescheid über Einstiegsgeld",
            "text": "Wir bewilligen Ihnen Einstiegsgeld.",
        },
    )
    verlauf = warten_bis(lambda: thread("bescheid"), FRIST, 0.2)
    assert verlauf, platform.logs()
    (mail,) = platform.senke.warten(email, sekunden=FRIST)
    assert "Einstiegsgeld" not in mail.as_string()  # no content, no subject of the matter
    [bescheid] = [n for n in verlauf["nachrichten"] if n["art"] == "bescheid"]
    pfad = f"/api/v1/postkorb/nachrichten/{bescheid['id']}"
    geoeffnet = warten_bis(
        lambda: (n := klient.get(pfad).json()).get("bekanntgabe_am") and n, FRIST, 0.2
    )
    assert geoeffnet, klient.get(pfad).text
    pruefe_antwort(klient.get(pfad), "GET", "/api/v1/postkorb/nachrichten/{nachricht_id}")
    # the fourth day after the notification mail (§ 37 Abs. 2a SGB X), in Germany's calendar
    benachrichtigt = datetime.fromisoformat(geoeffnet["bekanntgabe"]["benachrichtigt_am"])
    assert geoeffnet["bekanntgabe_am"] == str(
        benachrichtigt.astimezone(ZoneInfo("Europe/Berlin")).date() + timedelta(days=4)
    )
    assert geoeffnet["frist_ende"] > geoeffnet["bekanntgabe_am"]
    assert geoeffnet["aktenzeichen"] == "EG-43102-2026-1" and geoeffnet["widerspruch_hinweis"]

    antworten = f"/api/v1/postkorb/threads/{verlauf['id']}/antworten"
    verseucht = klient.mit_csrf(
        "POST",
        antworten,
        data={"text": "Anbei."},
        files={"dateien": ("rechnung.png", png() + clamd_eingebettet.eicar(), "image/png")},
    )
    assert verseucht.status_code == 422, verseucht.text
    assert verseucht.json()["details"]["dateien"] == [
        {"dateiname": "rechnung.png", "pruefung": "infiziert"}
    ]
    gesendet = klient.mit_csrf(
        "POST",
        antworten,
        data={"text": "Vielen Dank, anbei das Foto des Mietvertrags."},
        files={"dateien": ("mietvertrag.png", png(), "image/png")},
    )
    assert gesendet.status_code == 202, gesendet.text

    def antworten_beim_jobcenter() -> list[bytes]:
        return [
            xml
            for eintrag in platform.gegenstelle.nachrichten(f"jobcenter:{MAIN_KINZIG}")
            if b"postkorb.antwort" in (xml := platform.gegenstelle.nachricht(eintrag["message_id"]))
            and antrag_id.encode() in xml
        ]

    assert warten_bis(lambda: antworten_beim_jobcenter(), FRIST, 0.2), platform.logs()
    assert warten_bis(lambda: thread("antwort") and _zugestellt(klient, verlauf["id"]), FRIST, 0.2)
    (antwort,) = antworten_beim_jobcenter()  # exactly one
    dokument = etree.fromstring(antwort)
    assert dokument.findtext(".//soz:antragsID", namespaces=NS) == antrag_id

    fremd = AntragKlient(platform.url).konto()
    assert fremd.get("/api/v1/postkorb").json() == {"ungelesen": 0, "threads": []}
    for fremder_pfad, geratener_pfad in (
        (pfad, f"/api/v1/postkorb/nachrichten/{uuid.uuid4()}"),
        (f"/api/v1/postkorb/threads/{verlauf['id']}", f"/api/v1/postkorb/threads/{uuid.uuid4()}"),
    ):
        fremd_antwort, geraten = fremd.get(fremder_pfad), fremd.get(geratener_pfad)
        assert fremd_antwort.status_code == geraten.status_code == 404
        assert fremd_antwort.json()["code"] == geraten.json()["code"]  # exactly like a missing one


def _zugestellt(klient: AntragKlient, thread_id: str) -> bool:
    nachrichten = klient.get(f"/api/v1/postkorb/threads/{thread_id}").json()["nachrichten"]
    return [n.get("zustellstatus") for n in nachrichten if n["absender"] == "person"] == [
        "zugestellt"
    ]
