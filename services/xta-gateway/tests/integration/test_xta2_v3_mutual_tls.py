"""Mutual TLS: the adapter presents its client certificate and checks the server's."""

from __future__ import annotations

from pathlib import Path

import pytest

from xta2_gegenstelle.__main__ import tls_kontext
from xta2_gegenstelle.pki import ausstellen
from xta_gateway.adapters import xta_fehler
from xta_gateway.adapters.xta2_v3 import Xta2V3Transport


@pytest.fixture
def pki(tmp_path: Path) -> dict[str, Path]:
    return ausstellen(tmp_path)


def test_with_client_certificate_the_call_goes_through(gegenstelle_starten, pki, h) -> None:
    gegenstelle = gegenstelle_starten(
        ssl_context=tls_kontext(pki["server"], pki["server_key"], pki["ca"])
    )
    assert gegenstelle.url.startswith("https://")
    transport = Xta2V3Transport(
        h.einstellungen(
            gegenstelle.url,
            client_zertifikat=pki["client"],
            client_schluessel=pki["client_key"],
            ca_buendel=pki["ca"],
        )
    )
    message_id = transport.create_message_id()
    transport.send_message(h.sendung(message_id))
    assert gegenstelle.gegenstelle.ablage.nachricht(message_id) is not None


def test_without_client_certificate_it_is_a_permanent_tls_error(
    gegenstelle_starten, pki, h
) -> None:
    gegenstelle = gegenstelle_starten(
        ssl_context=tls_kontext(pki["server"], pki["server_key"], pki["ca"])
    )
    transport = Xta2V3Transport(h.einstellungen(gegenstelle.url, ca_buendel=pki["ca"]))
    with pytest.raises((xta_fehler.TlsFehler, xta_fehler.VerbindungAbgebrochen)):
        transport.create_message_id()
    unbekannte_ca = Xta2V3Transport(
        h.einstellungen(
            gegenstelle.url,
            client_zertifikat=pki["client"],
            client_schluessel=pki["client_key"],
        )
    )
    with pytest.raises(xta_fehler.TlsFehler) as fehler:
        unbekannte_ca.create_message_id()
    assert not fehler.value.wiederholbar
