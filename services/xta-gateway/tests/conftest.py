"""The XTA2 counterpart in-process on a free port, and an adapter pointed at it; fresh
PostgreSQL databases for the tests of several replicas."""

from __future__ import annotations

import os
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from xta2_gegenstelle.__main__ import baue_gegenstelle, baue_server
from xta2_gegenstelle.operationen import Gegenstelle, Konfiguration
from xta_gateway.adapters.xta import Code, Kennung, Sendung
from xta_gateway.adapters.xta2_v3 import Xta2V3Transport, XtaEinstellungen

sys.path.insert(0, str(Path(__file__).resolve().parent))  # xta_testhilfen

REPO = Path(__file__).resolve().parents[3]
XOEV = REPO / "contracts" / "xoev"
XOEV_NS = "urn:xoev-de:sozialplattform:schemata:antrag:1"
PLATTFORM = Kennung("sozialplattform:test")
JOBCENTER = Kennung("jobcenter:68410")
POSTGRES_URL = os.environ.get(
    "SOZ_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/sozialplattform_test"
)


@pytest.fixture(scope="session")
def postgres_datenbanken() -> Iterator[Callable[[str], str]]:
    """``neu(zweck)``: a fresh PostgreSQL database on the test server (its URL); all of them
    dropped when the session ends."""
    admin = create_engine(
        make_url(POSTGRES_URL).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    angelegt: list[str] = []

    def neu(zweck: str) -> str:
        name = f"xta_{zweck}_{uuid.uuid4().hex[:8]}"
        with admin.connect() as verbindung:
            verbindung.execute(text(f'CREATE DATABASE "{name}"'))
        angelegt.append(name)
        return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)

    yield neu
    with admin.connect() as verbindung:
        for name in angelegt:
            verbindung.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def postgres_url(postgres_datenbanken: Callable[[str], str]) -> str:
    """One PostgreSQL database for this session's unit tests (each empties what it uses)."""
    return postgres_datenbanken("test")


@dataclass
class LaufendeGegenstelle:
    gegenstelle: Gegenstelle
    url: str
    server: object

    def stoerung(self, **regel) -> None:
        antwort = requests.post(f"{self.url}/_gegenstelle/stoerungen", json=regel, timeout=5)
        assert antwort.status_code == 201, antwort.text

    def stoppen(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.gegenstelle.ablage.schliessen()


@pytest.fixture
def gegenstelle_starten(tmp_path: Path) -> Iterator[Callable[..., LaufendeGegenstelle]]:
    laufend: list[LaufendeGegenstelle] = []

    def starten(**optionen) -> LaufendeGegenstelle:
        optionen.setdefault("konfiguration", Konfiguration(bericht_verzoegerung=0.2))
        ssl_context = optionen.pop("ssl_context", None)
        gegenstelle = baue_gegenstelle(tmp_path / "gegenstelle", fachschemata=XOEV, **optionen)
        server = baue_server(gegenstelle, "127.0.0.1", 0, ssl_context)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        schema = "https" if ssl_context else "http"
        eine = LaufendeGegenstelle(
            gegenstelle, f"{schema}://127.0.0.1:{server.server_port}", server
        )
        laufend.append(eine)
        return eine

    yield starten
    for eine in laufend:
        eine.stoppen()


@pytest.fixture
def gegenstelle(gegenstelle_starten) -> LaufendeGegenstelle:
    return gegenstelle_starten()


def einstellungen(url: str, **felder) -> XtaEinstellungen:
    basis = XtaEinstellungen.aus_umgebung({"SOZ_XTA_ENDPUNKT": f"{url}/xta"})
    return XtaEinstellungen(**{**basis.__dict__, "autor": PLATTFORM, **felder})


@pytest.fixture(params=[True, False], ids=["vorlagen", "zeep"])
def transport(gegenstelle, request) -> Iterator[Xta2V3Transport]:
    """The adapter as configured (the hot operations from templates) and all on zeep."""
    eins = Xta2V3Transport(einstellungen(gegenstelle.url, lese_timeout=5.0, vorlagen=request.param))
    yield eins
    eins.schliessen()


def beispiel(name: str = "antrag.einreichung.0101") -> bytes:
    return (XOEV / "beispiele" / f"{name}.xml").read_bytes()


def sendung(message_id: str, nachricht: bytes | None = None, **felder) -> Sendung:
    werte = {
        "message_id": message_id,
        "autor": PLATTFORM,
        "leser": JOBCENTER,
        "service": "urn:xoev-de:sozialplattform:dienst:antrag",
        "geschaeftsszenario": Code(
            "SOZ_ANTRAG", "urn:xoev-de:sozialplattform:codeliste:geschaeftsszenario", "1.0"
        ),
        "nachrichtentyp": Code(
            "antrag.einreichung.0101", "urn:xoev-de:sozialplattform:codeliste:nachrichtentyp", "1.0"
        ),
        "payload_schema": XOEV_NS,
        "nachricht": nachricht if nachricht is not None else beispiel(),
        **felder,
    }
    return Sendung(**werte)


@pytest.fixture
def h():
    """This module's helpers (test modules cannot import conftest by name)."""
    import sys

    return sys.modules[__name__]
