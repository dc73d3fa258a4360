"""A counterpart per test on a free port (in-process, threaded) and raw SOAP 1.2 requests.

The requests are written out by hand on purpose: these tests check what the counterpart does
with any client, valid or not; the zeep client is tested in services/xta-gateway.
"""

from __future__ import annotations

import base64
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from lxml import etree

from xta2_gegenstelle.__main__ import baue_gegenstelle, baue_server
from xta2_gegenstelle.operationen import Gegenstelle, Konfiguration
from xta2_gegenstelle.schemata import NS_OSCI, NS_OSCIMETA, NS_SOAP12, NS_WSA, NS_XTA

REPO = Path(__file__).resolve().parents[3]
FACHSCHEMATA = REPO / "contracts" / "xoev"
XOEV_NS = "urn:xoev-de:sozialplattform:schemata:antrag:1"
PLATTFORM = "sozialplattform:test"
JOBCENTER = "jobcenter:68410"
ACTION = {
    "createMessageId": "http://www.xta.de/XTA/CreateMessageID",
    "checkAccountActive": "http://www.xta.de/XTA/CheckAccountActive",
    "lookupService": "http://www.xta.de/XTA/IsServiceAvailable",
    "getTransportReport": "http://www.xta.de/XTA/GetTransportReport",
    "sendMessage": "http://www.xta.de/XTA/SendMessage",
    "getStatusList": "http://www.osci.eu/ws/2008/05/transport/urn/messageTypes/MsgBoxStatusListRequest",
    "getMessage": "http://www.osci.eu/ws/2008/05/transport/urn/messageTypes/MsgBoxFetchRequest",
    "close": "http://www.osci.eu/ws/2008/05/transport/urn/messageTypes/MsgBoxCloseRequest",
}
PORT = {
    "createMessageId": "ManagementPort",
    "checkAccountActive": "ManagementPort",
    "lookupService": "ManagementPort",
    "getTransportReport": "ManagementPort",
    "sendMessage": "SendXtaPort",
    "getStatusList": "MsgBoxPort",
    "getMessage": "MsgBoxPort",
    "close": "MsgBoxPort",
}
NSMAP = {"s": NS_SOAP12, "wsa": NS_WSA, "xta": NS_XTA, "osci": NS_OSCI, "m": NS_OSCIMETA}


@dataclass
class Laufend:
    gegenstelle: Gegenstelle
    url: str
    datenverzeichnis: Path
    server: object = None
    gestoppt: bool = False

    def stoppen(self) -> None:
        if not self.gestoppt:
            self.gestoppt = True
            self.server.shutdown()
            self.server.server_close()
            self.gegenstelle.ablage.schliessen()


class Antwort:
    def __init__(self, http: requests.Response) -> None:
        self.http = http
        self.status = http.status_code
        self.content_type = http.headers.get("Content-Type", "")
        self.umschlag: etree._Element | None = None
        if "xml" in self.content_type and not self.content_type.startswith("multipart"):
            self.umschlag = etree.fromstring(http.content)

    def fehlercode(self) -> str | None:
        assert self.umschlag is not None
        return self.umschlag.findtext(".//xta:errorCode/code", namespaces=NSMAP)

    def fehlerelement(self) -> str:
        assert self.umschlag is not None
        detail = self.umschlag.find(".//s:Fault/s:Detail", NSMAP)
        return etree.QName(detail[0]).localname

    def finde(self, pfad: str) -> etree._Element | None:
        assert self.umschlag is not None
        return self.umschlag.find(pfad, NSMAP)


def starte(datenverzeichnis: Path, ssl_context=None, **optionen) -> Laufend:
    optionen.setdefault("fachschemata", FACHSCHEMATA)
    optionen.setdefault("konfiguration", Konfiguration(bericht_verzoegerung=0.0))
    gegenstelle = baue_gegenstelle(datenverzeichnis, **optionen)
    server = baue_server(gegenstelle, "127.0.0.1", 0, ssl_context)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    schema = "https" if ssl_context else "http"
    return Laufend(
        gegenstelle, f"{schema}://127.0.0.1:{server.server_port}", datenverzeichnis, server
    )


@pytest.fixture
def starter(tmp_path: Path) -> Iterator:
    gestartet: list[Laufend] = []

    def start(**optionen) -> Laufend:
        laufend = starte(optionen.pop("datenverzeichnis", tmp_path / "daten"), **optionen)
        gestartet.append(laufend)
        return laufend

    yield start
    for laufend in gestartet:
        laufend.stoppen()


@pytest.fixture
def h():
    """The helpers of this module (test modules cannot import conftest by name)."""
    return sys.modules[__name__]


@pytest.fixture
def gs(starter) -> Laufend:
    return starter()


def freier_port() -> int:
    """A port nobody listens on now (for a counterpart started as a process)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def als_prozess(datenverzeichnis: Path, *argumente: str) -> tuple[subprocess.Popen, str]:
    """``python -m xta2_gegenstelle`` on a free port, once it answers ready: (process, URL).
    The caller stops it."""
    port = freier_port()
    prozess = subprocess.Popen(
        [sys.executable, "-m", "xta2_gegenstelle", "--port", str(port)]
        + ["--data-dir", str(datenverzeichnis), *argumente],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    frist = time.monotonic() + 20
    while True:
        try:
            if requests.get(f"{url}/health/ready", timeout=1).status_code == 200:
                return prozess, url
        except requests.ConnectionError:
            pass
        if prozess.poll() is not None:
            raise AssertionError(prozess.stdout.read().decode())
        if time.monotonic() > frist:
            prozess.kill()
            raise AssertionError("not ready within 20 s")
        time.sleep(0.1)


def kennung(wert: str) -> str:
    return f'<m:Identifier type="xoev">{wert}</m:Identifier>'


def umschlag(
    operation: str,
    rumpf: str = "",
    kopf: str | None = None,
    autor: str | None = PLATTFORM,
    action: str | None = None,
    anfrage_id: str | None = None,
) -> bytes:
    if kopf is None:
        kopf = f"<m:Author>{kennung(autor)}</m:Author>" if autor else ""
    action_kopf = "" if action == "" else f"<wsa:Action>{action or ACTION[operation]}</wsa:Action>"
    return (
        f'<s:Envelope xmlns:s="{NS_SOAP12}" xmlns:wsa="{NS_WSA}" xmlns:m="{NS_OSCIMETA}"'
        f' xmlns:xta="{NS_XTA}" xmlns:osci="{NS_OSCI}"><s:Header>{kopf}{action_kopf}'
        f"<wsa:MessageID>{anfrage_id or f'urn:uuid:{uuid.uuid4()}'}</wsa:MessageID></s:Header>"
        f"<s:Body>{rumpf}</s:Body></s:Envelope>"
    ).encode()


def rufe(
    gs: Laufend,
    operation: str,
    rumpf: str = "",
    *,
    content_type: str = "application/soap+xml; charset=utf-8",
    body: bytes | None = None,
    port: str | None = None,
    timeout: float = 10,
    **optionen,
) -> Antwort:
    daten = body if body is not None else umschlag(operation, rumpf, **optionen)
    http = requests.post(
        f"{gs.url}/xta/{port or PORT[operation]}",
        data=daten,
        headers={"Content-Type": content_type},
        timeout=timeout,
    )
    return Antwort(http)


def metadaten(
    message_id: str,
    *,
    autor: str = PLATTFORM,
    leser: str = JOBCENTER,
    service: str = "urn:xoev-de:sozialplattform:dienst:antrag",
    payload_schema: str = XOEV_NS,
    nachrichtentyp: str = "antrag.einreichung.0101",
    ohne: str | None = None,
) -> str:
    qualifier = (
        ""
        if ohne == "Qualifier"
        else (
            f"<m:Qualifier><m:Service>{service}</m:Service><m:BusinessScenario>"
            '<m:Defined listURI="urn:xoev-de:sozialplattform:codeliste:geschaeftsszenario"'
            ' listVersionID="1.0"><code>SOZ_ANTRAG</code></m:Defined></m:BusinessScenario>'
            '<m:MessageType listURI="urn:xoev-de:sozialplattform:codeliste:nachrichtentyp"'
            f' listVersionID="1.0" payloadSchema="{payload_schema}"><code>{nachrichtentyp}</code>'
            "</m:MessageType></m:Qualifier>"
        )
    )
    return (
        "<m:MessageMetaData><m:DeliveryAttributes><m:Origin>2026-01-15T09:30:05Z</m:Origin>"
        f"</m:DeliveryAttributes><m:Originators><m:Author>{kennung(autor)}</m:Author>"
        f"</m:Originators><m:Destinations><m:Reader>{kennung(leser)}</m:Reader></m:Destinations>"
        f"<m:MsgIdentification><wsa:MessageID>{message_id}</wsa:MessageID></m:MsgIdentification>"
        f"{qualifier}</m:MessageMetaData>"
    )


def beispiel(name: str = "antrag.einreichung.0101") -> bytes:
    return (FACHSCHEMATA / "beispiele" / f"{name}.xml").read_bytes()


def container(nachricht: bytes, anlagen: list[tuple[bytes, str, str]] = (), **attribute) -> str:
    attr = " ".join(
        f'{k}="{v}"' for k, v in {"contentType": "application/xml", **attribute}.items()
    )
    teile = [f"<xta:Message {attr}>{base64.b64encode(nachricht).decode()}</xta:Message>"]
    for daten, mime, name in anlagen:
        teile.append(
            f'<xta:Attachment contentType="{mime}" filename="{name}">'
            f"{base64.b64encode(daten).decode()}</xta:Attachment>"
        )
    return (
        "<xta:GenericContentContainer><xta:ContentContainer>"
        f"{''.join(teile)}</xta:ContentContainer></xta:GenericContentContainer>"
    )


def neue_message_id(gs: Laufend) -> str:
    antwort = rufe(gs, "createMessageId")
    assert antwort.status == 200, antwort.http.text
    return antwort.finde(".//s:Body/wsa:MessageID").text


def senden(gs: Laufend, nachricht: bytes | None = None, message_id: str | None = None, **meta):
    message_id = message_id or neue_message_id(gs)
    antwort = rufe(
        gs,
        "sendMessage",
        container(nachricht if nachricht is not None else beispiel()),
        kopf=metadaten(message_id, **meta),
    )
    return message_id, antwort
