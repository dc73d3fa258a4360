"""HTTP/1.1 keep-alive (docs/adr/0056): calls share a connection, and what happens on one
connection (a fault, an unread body, a dropped connection, a client certificate) stays on it."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import ssl
import threading
import time

import pytest
import requests
import urllib3
from lxml import etree

from xta2_gegenstelle import server as server_modul
from xta2_gegenstelle.__main__ import tls_kontext
from xta2_gegenstelle.pki import ausstellen
from xta2_gegenstelle.server import SOCKET, HttpServer

SOAP = "application/soap+xml; charset=utf-8"
# what a client sees when the server drops its connection without an answer
ABGEBROCHEN = (http.client.RemoteDisconnected, ConnectionError)


def verbindung(gs) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(gs.url.removeprefix("http://"), timeout=10)


def post(
    verbindung: http.client.HTTPConnection,
    pfad: str,
    body: bytes,
    content_type: str = SOAP,
) -> tuple[http.client.HTTPResponse, bytes]:
    verbindung.request("POST", pfad, body=body, headers={"Content-Type": content_type})
    antwort = verbindung.getresponse()
    return antwort, antwort.read()


def stoerung(gs, **regel) -> None:
    antwort = requests.post(f"{gs.url}/_gegenstelle/stoerungen", json=regel, timeout=5)
    assert antwort.status_code == 201, antwort.text


def lokaler_port(verbindung: http.client.HTTPConnection) -> int:
    return verbindung.sock.getsockname()[1]


def test_calls_share_one_connection(gs, h) -> None:
    eine = verbindung(gs)
    ports = set()
    for _ in range(3):
        antwort, _ = post(eine, "/xta/ManagementPort", h.umschlag("createMessageId"))
        assert antwort.status == 200
        assert antwort.getheader("Connection") is None  # HTTP/1.1: kept open
        ports.add(lokaler_port(eine))
    assert len(ports) == 1
    eine.close()


def test_a_client_pool_like_the_gateway_s_opens_one_connection(gs, h) -> None:
    pool = urllib3.PoolManager(maxsize=4, retries=False)
    for _ in range(5):
        antwort = pool.request(
            "POST",
            f"{gs.url}/xta/ManagementPort",
            body=h.umschlag("createMessageId"),
            headers={"Content-Type": SOAP},
        )
        assert antwort.status == 200
    assert pool.connection_from_url(gs.url).num_connections == 1
    pool.clear()


def test_faults_and_503_keep_the_connection_usable(gs, h) -> None:
    eine = verbindung(gs)
    antwort, _ = post(eine, "/xta/ManagementPort", h.umschlag("createMessageId", "<xta:X/>"))
    assert antwort.status == 400  # SOAP fault 9022
    antwort, _ = post(eine, "/xta/ManagementPort", b"<kaputt", "text/xml")
    assert antwort.status == 415
    stoerung(gs, art="http_503", operation="createMessageId")
    antwort, _ = post(eine, "/xta/ManagementPort", h.umschlag("createMessageId"))
    assert (antwort.status, antwort.getheader("Retry-After")) == (503, "1")
    port = lokaler_port(eine)
    antwort, _ = post(eine, "/xta/ManagementPort", h.umschlag("createMessageId"))
    assert antwort.status == 200
    assert lokaler_port(eine) == port
    eine.close()


def test_a_body_the_application_did_not_read_does_not_spill_into_the_next_call(gs, h) -> None:
    eine = verbindung(gs)
    antwort, _ = post(eine, "/xta/Unbekannt", b"<x>" + b"a" * 200_000 + b"</x>")
    assert antwort.status == 404
    antwort, _ = post(eine, "/xta/ManagementPort", h.umschlag("createMessageId"))
    assert antwort.status == 200
    eine.close()


def test_a_chunked_request_body_is_read_whole(gs, h) -> None:
    eine = verbindung(gs)
    body = h.umschlag("createMessageId")
    teile = (body[i : i + 100] for i in range(0, len(body), 100))
    eine.request(
        "POST",
        "/xta/ManagementPort",
        body=teile,
        headers={"Content-Type": SOAP, "Transfer-Encoding": "chunked"},
        encode_chunked=True,
    )
    antwort = eine.getresponse()
    assert (antwort.status, b"<wsa:MessageID>urn:de:xta:messageid:" in antwort.read()) == (
        200,
        True,
    )
    assert post(eine, "/xta/ManagementPort", h.umschlag("createMessageId"))[0].status == 200
    eine.close()


def test_a_dropped_connection_is_that_connection_only(gs, h) -> None:
    erste, zweite = verbindung(gs), verbindung(gs)
    for eine in (erste, zweite):
        assert post(eine, "/xta/ManagementPort", h.umschlag("createMessageId"))[0].status == 200
    stoerung(gs, art="verbindung_abbrechen", operation="sendMessage")
    message_id = h.neue_message_id(gs)
    senden = h.umschlag("sendMessage", h.container(h.beispiel()), kopf=h.metadaten(message_id))
    with pytest.raises(ABGEBROCHEN):
        post(erste, "/xta/SendXtaPort", senden)
    assert gs.gegenstelle.ablage.nachricht(message_id) is None
    antwort, _ = post(zweite, "/xta/SendXtaPort", senden)
    assert antwort.status == 200
    assert gs.gegenstelle.ablage.nachricht(message_id) is not None
    zweite.close()


def test_a_lost_response_on_a_kept_alive_connection_still_stored_the_message(gs, h) -> None:
    eine = verbindung(gs)
    antwort, body = post(eine, "/xta/ManagementPort", h.umschlag("createMessageId"))
    message_id = etree.fromstring(body).findtext(".//s:Body/wsa:MessageID", namespaces=h.NSMAP)
    stoerung(gs, art="antwort_verlieren", operation="sendMessage")
    senden = h.umschlag("sendMessage", h.container(h.beispiel()), kopf=h.metadaten(message_id))
    with pytest.raises(ABGEBROCHEN):
        post(eine, "/xta/SendXtaPort", senden)
    assert gs.gegenstelle.ablage.nachricht(message_id) is not None
    nochmal = verbindung(gs)
    antwort, body = post(nochmal, "/xta/SendXtaPort", senden)
    assert antwort.status == 400 and b"<code>9024</code>" in body
    nochmal.close()


# -- the server on its own ------------------------------------------------------------------


def _echo(environ: dict, start_response) -> list[bytes]:  # noqa: ANN001 - WSGI
    """Which connection the application was handed: the peer port of its socket."""
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    body = json.dumps(
        {"remote_port": int(environ["REMOTE_PORT"]), "socket": environ[SOCKET].getpeername()[1]}
    ).encode()
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]


@pytest.fixture
def echo_server():
    gestartet = []

    def starten(**optionen) -> HttpServer:
        server = HttpServer(_echo, "127.0.0.1", 0, **optionen)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        gestartet.append(server)
        return server

    yield starten
    for server in gestartet:
        server.shutdown()
        server.server_close()


def test_each_request_is_handed_the_socket_of_its_own_connection(echo_server) -> None:
    server = echo_server()
    erste = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=5)
    zweite = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=5)
    for eine in (erste, zweite, erste, zweite, erste):
        antwort, body = post(eine, "/", b"x" * 100)
        gesehen = json.loads(body)
        assert gesehen == {"remote_port": lokaler_port(eine), "socket": lokaler_port(eine)}
    assert lokaler_port(erste) != lokaler_port(zweite)
    erste.close()
    zweite.close()


def test_a_body_over_the_limit_is_413_and_closes_the_connection(echo_server) -> None:
    server = echo_server(max_body_bytes=1000)
    eine = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=5)
    antwort, _ = post(eine, "/", b"x" * 999)
    assert antwort.status == 200
    antwort, _ = post(eine, "/", b"x" * 1001)
    assert (antwort.status, antwort.getheader("Connection")) == (413, "close")
    eine.close()


# -- TLS ------------------------------------------------------------------------------------


def test_mutual_tls_names_the_account_on_every_call_of_a_kept_alive_connection(
    tmp_path, starter, h
) -> None:
    pki = ausstellen(tmp_path, client=h.PLATTFORM)
    ca_pem = pki["ca"]
    gs = starter(ssl_context=tls_kontext(pki["server"], pki["server_key"], ca_pem))
    kontext = ssl.create_default_context(cafile=str(ca_pem))
    kontext.load_cert_chain(pki["client"], pki["client_key"])
    adresse = gs.url.removeprefix("https://")
    eine = http.client.HTTPSConnection(adresse, timeout=10, context=kontext)
    ports = set()
    for _ in range(2):  # no Author header: the account is the certificate's common name
        antwort, _ = post(eine, "/xta/ManagementPort", h.umschlag("createMessageId", autor=None))
        assert antwort.status == 200
        ports.add(lokaler_port(eine))
    assert len(ports) == 1
    eine.close()
    ohne_zertifikat = http.client.HTTPSConnection(
        adresse, timeout=10, context=ssl.create_default_context(cafile=str(ca_pem))
    )
    with pytest.raises((ssl.SSLError, *ABGEBROCHEN)):
        post(ohne_zertifikat, "/xta/ManagementPort", h.umschlag("createMessageId", autor=None))


def test_a_client_stalling_in_the_tls_handshake_holds_up_others_only_briefly(
    tmp_path, starter, h, monkeypatch
) -> None:
    monkeypatch.setattr(server_modul, "HANDSHAKE_SEKUNDEN", 0.5)
    pki = ausstellen(tmp_path)
    ca_pem = pki["ca"]
    gs = starter(ssl_context=tls_kontext(pki["server"], pki["server_key"], None))
    adresse = gs.url.removeprefix("https://")
    host, port = adresse.split(":")
    with socket.create_connection((host, int(port))):  # connects, never says hello
        time.sleep(0.1)
        beginn = time.monotonic()
        eine = http.client.HTTPSConnection(
            adresse, timeout=10, context=ssl.create_default_context(cafile=str(ca_pem))
        )
        antwort, _ = post(eine, "/xta/ManagementPort", h.umschlag("createMessageId"))
        assert antwort.status == 200
        assert time.monotonic() - beginn < 3
        eine.close()


# -- stopping -------------------------------------------------------------------------------


def test_sigterm_ends_a_latency_fault_in_progress(tmp_path, h) -> None:
    regeln = tmp_path / "regeln.json"
    regeln.write_text(json.dumps([{"art": "verzoegerung", "sekunden": 120, "anzahl": None}]))
    prozess, url = h.als_prozess(tmp_path / "daten", "--stoerungen", str(regeln))
    try:
        wartend = threading.Thread(
            target=lambda: requests.post(
                f"{url}/xta/ManagementPort",
                data=h.umschlag("createMessageId"),
                headers={"Content-Type": SOAP},
                timeout=30,
            ),
            daemon=True,
        )
        wartend.start()
        time.sleep(1.0)  # the call sleeps in the counterpart now
        beginn = time.monotonic()
        prozess.send_signal(signal.SIGTERM)
        assert prozess.wait(timeout=15) == 0
        assert time.monotonic() - beginn < 10
    finally:
        if prozess.poll() is None:
            prozess.kill()
            prozess.wait()
