"""A throw-away PKI for trying mutual TLS against the counterpart locally: a CA, a server
certificate for 127.0.0.1 and a client certificate, valid for a day, written as PEM files.
Used by the tests of the counterpart and of the xta-gateway; a Jobcenter testing its side can
use it the same way. Never for production: the keys are unencrypted and the CA is its own."""

from __future__ import annotations

import datetime
import ipaddress
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def ausstellen(ordner: Path, client: str = "sozialplattform:test") -> dict[str, Path]:
    """Write ca.pem, server.pem/.key (CN gegenstelle, IP 127.0.0.1) and client.pem/.key (CN
    ``client``: the XTA account the counterpart reads from it) into ``ordner``."""
    ca, ca_schluessel = _zertifikat("Test-CA", ca=True)
    aussteller = (ca.subject, ca_schluessel)
    ca_pem, _ = _schreiben(ordner, "ca", ca, ca_schluessel)
    server_pem, server_key = _schreiben(
        ordner, "server", *_zertifikat("gegenstelle", aussteller, ip="127.0.0.1")
    )
    client_pem, client_key = _schreiben(ordner, "client", *_zertifikat(client, aussteller))
    return {
        "ca": ca_pem,
        "server": server_pem,
        "server_key": server_key,
        "client": client_pem,
        "client_key": client_key,
    }


def _zertifikat(name: str, aussteller=None, ca: bool = False, ip: str | None = None):  # noqa: ANN001, ANN202
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


def _schreiben(ordner: Path, name: str, zertifikat, schluessel) -> tuple[Path, Path]:  # noqa: ANN001
    pem, key = ordner / f"{name}.pem", ordner / f"{name}.key"
    pem.write_bytes(zertifikat.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        schluessel.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return pem, key
