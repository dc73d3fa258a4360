"""Mutual TLS: the adapter presents its client certificate and checks the server's."""

from __future__ import annotations

import datetime
import ipaddress
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from xta2_gegenstelle.__main__ import tls_kontext
from xta_gateway.adapters import xta_fehler
from xta_gateway.adapters.xta2_v3 import Xta2V3Transport


def _zertifikat(name: str, aussteller=None, ca: bool = False, ip: str | None = None):
    schluessel = ec.generate_private_key(ec.SECP256R1())
    jetzt = datetime.datetime.now(datetime.UTC)
    subjekt = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    ausstellername, ausstellerschluessel = aussteller or (subjekt, schluessel)
    bauer = (
        x509.CertificateBuilder()
        .subject_name(subjekt)
        .issuer_name(ausstellername)
        .public_key(schluessel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(jetzt - datetime.timedelta(minutes=5))
        .not_valid_after(jetzt + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ip:
        bauer = bauer.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]), critical=False
        )
    return bauer.sign(ausstellerschluessel, hashes.SHA256()), schluessel


def _schreiben(ordner: Path, name: str, zertifikat, schluessel) -> tuple[Path, Path]:
    pem = ordner / f"{name}.pem"
    key = ordner / f"{name}.key"
    pem.write_bytes(zertifikat.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        schluessel.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return pem, key


@pytest.fixture
def pki(tmp_path: Path) -> dict[str, Path]:
    ca, ca_schluessel = _zertifikat("Test-CA", ca=True)
    aussteller = (ca.subject, ca_schluessel)
    server, server_schluessel = _zertifikat("gegenstelle", aussteller, ip="127.0.0.1")
    client, client_schluessel = _zertifikat("sozialplattform:test", aussteller)
    ca_pem, _ = _schreiben(tmp_path, "ca", ca, ca_schluessel)
    server_pem, server_key = _schreiben(tmp_path, "server", server, server_schluessel)
    client_pem, client_key = _schreiben(tmp_path, "client", client, client_schluessel)
    return {
        "ca": ca_pem,
        "server": server_pem,
        "server_key": server_key,
        "client": client_pem,
        "client_key": client_key,
    }


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
