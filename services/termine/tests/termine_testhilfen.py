"""Shared data of the termine tests: a fixed clock, two centres, places without
zustaendigkeit, an Application on any database."""

from __future__ import annotations

import os
import uuid
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from kernel.config import Settings
from termine.bootstrap import TermineApplication, bootstrap
from termine.fehler import OrtUnbekannt
from termine.konfiguration import Konfiguration

POSTGRES_URL = os.environ.get(
    "SOZ_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/sozialplattform_test"
)
# Monday 2 November 2026, 08:00 in Berlin: the tests' "now".
JETZT = datetime.fromisoformat("2026-11-02T08:00:00+01:00").timestamp()

KOELN = "0c000000-0000-4000-8000-000000000001"
BONN = "0c000000-0000-4000-8000-000000000002"
ANGEBOT_KOELN = "0a000000-0000-4000-8000-000000000001"
ANGEBOT_BONN = "0a000000-0000-4000-8000-000000000002"
FRAU_A = "0b000000-0000-4000-8000-000000000001"
HERR_B = "0b000000-0000-4000-8000-000000000002"
FRAU_C = "0b000000-0000-4000-8000-000000000003"
VIDEO_VORLAGE = "https://video.example.org/bonn/{raum}"

ORTE = {
    "50667": {
        "ort": "Köln",
        "ags": "05315000",
        "plz": ["50667"],
        "land": "NW",
        "breite": 50.9384,
        "laenge": 6.95997,
    },
    "53111": {
        "ort": "Bonn",
        "ags": "05314000",
        "plz": ["53111"],
        "land": "NW",
        "breite": 50.73243,
        "laenge": 7.10187,
    },
    "80331": {
        "ort": "München",
        "ags": "09162000",
        "plz": ["80331"],
        "land": "BY",
        "breite": 48.13642,
        "laenge": 11.57755,
    },
}


def orte(plz: str | None, ort: str | None) -> dict:
    if plz in ORTE:
        return {"orte": [ORTE[plz]], "eindeutig": True}
    if ort == "Frankfurt":
        return {
            "orte": [
                {
                    "ort": "Frankfurt am Main",
                    "ags": "06412000",
                    "plz": ["60311"],
                    "land": "HE",
                    "breite": 50.11,
                    "laenge": 8.68,
                },
                {
                    "ort": "Frankfurt (Oder)",
                    "ags": "12053000",
                    "plz": ["15230"],
                    "land": "BB",
                    "breite": 52.34,
                    "laenge": 14.55,
                },
            ],
            "eindeutig": False,
        }
    raise OrtUnbekannt()


def stellen_dokumente() -> list[dict]:
    werktage = ["MO", "TU", "WE", "TH", "FR"]
    return [
        {
            "id": KOELN,
            "name": "Schuldnerberatung Köln (Beispiel)",
            "traeger": "Lindenhof e. V. (Beispiel)",
            "sprachen": ["de", "tr"],
            "barrierefrei": True,
            "anonym_moeglich": True,
            "adresse": {"strasse": "Musterstraße 1", "plz": "50667", "ort": "Köln"},
            "kontakt": {"email": "koeln@example.org"},
            "land": "NW",
            "ags": "05315000",
            "breite": 50.94,
            "laenge": 6.96,
            "angebote": [
                {
                    "id": ANGEBOT_KOELN,
                    "thema": "schuldnerberatung",
                    "arten": ["vor_ort", "telefon"],
                    "dauer_minuten": 45,
                    "puffer_minuten": 15,
                }
            ],
            "berater": [
                {
                    "id": FRAU_A,
                    "name": "Frau A (Beispiel)",
                    "sprechzeiten": [
                        {
                            "id": str(uuid.UUID(int=11)),
                            "tage": werktage,
                            "von": "09:00",
                            "bis": "12:00",
                            "arten": ["vor_ort", "telefon"],
                        }
                    ],
                },
                {
                    "id": HERR_B,
                    "name": "Herr B (Beispiel)",
                    "sprechzeiten": [
                        {
                            "id": str(uuid.UUID(int=12)),
                            "tage": ["MO", "WE"],
                            "von": "09:00",
                            "bis": "11:00",
                            "arten": ["vor_ort"],
                        }
                    ],
                },
            ],
            "beispieldaten": True,
        },
        {
            "id": BONN,
            "name": "Suchtberatung Bonn (Beispiel)",
            "traeger": "Kompass gGmbH (Beispiel)",
            "sprachen": ["de"],
            "barrierefrei": False,
            "anonym_moeglich": True,
            "adresse": {"strasse": "Am Anger 3", "plz": "53111", "ort": "Bonn"},
            "kontakt": {},
            # Video in the centre's own tool, a room per booking (docs/adr/0121).
            "fernzugang": {"video": VIDEO_VORLAGE},
            "land": "NW",
            "ags": "05314000",
            "breite": 50.73,
            "laenge": 7.10,
            "angebote": [
                {
                    "id": ANGEBOT_BONN,
                    "thema": "suchtberatung",
                    "arten": ["vor_ort", "video"],
                    "dauer_minuten": 50,
                    "puffer_minuten": 10,
                }
            ],
            "berater": [
                {
                    "id": FRAU_C,
                    "name": "Frau C (Beispiel)",
                    "sprechzeiten": [
                        {
                            "id": str(uuid.UUID(int=13)),
                            "tage": ["TU", "TH"],
                            "von": "14:00",
                            "bis": "18:00",
                            "arten": ["vor_ort", "video"],
                        }
                    ],
                    # Christmas off: travels through the HSDS round trip (x_abwesenheit).
                    "abwesenheiten": [
                        {"id": str(uuid.UUID(int=14)), "von": "2026-12-24", "bis": "2026-12-31"}
                    ],
                },
            ],
            "beispieldaten": True,
        },
    ]


def anwendung_fuer(
    database_url: str, keystore_url: str, pool: int = 5, **konfiguration
) -> TermineApplication:
    settings = Settings(
        service_name="termine",
        data_dir=Path("var"),
        database_url=database_url,
        keystore_url=keystore_url,
        amqp_uri="memory://",
        http_port=0,
        log_level="WARNING",
        data_key_cache_seconds=0.0,
        database_pool_size=pool,
    )
    application = bootstrap(settings, Konfiguration(demo_laden=False, **konfiguration))
    application.create_schema()
    return application


def schema_leeren(url: str) -> None:
    """An empty PostgreSQL test database: every table of the previous test dropped."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
