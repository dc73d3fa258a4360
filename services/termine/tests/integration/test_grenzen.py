"""The abuse limits' hashes of client address and contact: keyed per instance, sealed with the
booking, gone after the retention sweep; old plain SHA-256 ones count for nothing
(docs/adr/0111, update)."""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest
from sqlalchemy import select
from termine_testhilfen import ANGEBOT_KOELN, JETZT, KOELN, anwendung_fuer, stellen_dokumente

from kernel.eventstore import NewEvent
from kernel.projections import rebuild
from kernel.tables import events
from termine import handlers, verzeichnis_laden
from termine.adapters.projektion import buchungen
from termine.domain.stelle import stelle_aus_dokument
from termine.fehler import ZuVieleBuchungen
from termine.konfiguration import Konfiguration

IP = "198.51.100.23"
EMAIL = "person@example.org"
NEUN = "2026-11-03T09:00:00+01:00"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def zeile(anwendung, termin_id: str):  # noqa: ANN001, ANN201
    with anwendung.database.read() as connection:
        return connection.execute(
            select(buchungen.c.adresse_hash, buchungen.c.kontakt_hash).where(
                buchungen.c.termin_id == termin_id
            )
        ).one()


def zugang_gespeichert(anwendung, termin_id: str) -> dict:
    """The payload of the booking's TerminZugangVermerkt as the events table holds it."""
    with anwendung.database.read() as connection:
        roh = connection.execute(
            select(events.c.payload).where(
                events.c.stream_id == f"termin-{termin_id}",
                events.c.event_type == "TerminZugangVermerkt",
            )
        ).scalar_one()
    return json.loads(roh)


def test_the_hashes_are_keyed_per_instance_and_sealed_in_the_event(tmp_path):
    gespeichert = []
    for name in ("eins", "zwei"):
        anwendung = anwendung_fuer(
            f"sqlite:///{tmp_path}/{name}.db", f"sqlite:///{tmp_path}/{name}-keys.db"
        )
        verzeichnis_laden.uebernehmen(
            anwendung, [stelle_aus_dokument(d) for d in stellen_dokumente()], "hsds"
        )
        ctx = handlers.Kontext(anwendung, uhr=lambda: JETZT)
        gebucht = handlers.buchen(
            ctx, KOELN, ANGEBOT_KOELN, NEUN, "vor_ort", kontakt={"email": EMAIL}, client_adresse=IP
        )
        hashes = zeile(anwendung, gebucht["id"])
        roh = zugang_gespeichert(anwendung, gebucht["id"])
        anwendung.close()
        # Not what anyone can compute from a guessed address or a list of e-mail addresses.
        assert hashes.adresse_hash != sha256(f"termine-adresse:{IP}")
        assert hashes.kontakt_hash != sha256(f"termine-kontakt:{EMAIL}")
        # In the event store only ciphertext under the booking's key.
        for feld in ("adresse_hash", "kontakt_hash"):
            assert roh[feld].startswith(f"enc:v1:{gebucht['id']}:")
        assert hashes.adresse_hash not in json.dumps(roh)
        gespeichert.append(hashes)
    eins, zwei = gespeichert
    assert eins.adresse_hash != zwei.adresse_hash
    assert eins.kontakt_hash != zwei.kontakt_hash


def test_nothing_of_the_hashes_remains_after_cancelling_and_the_retention_sweep(kontext, anwendung):
    ctx = kontext()
    gebucht = handlers.buchen(
        ctx, KOELN, ANGEBOT_KOELN, NEUN, "vor_ort", kontakt={"email": EMAIL}, client_adresse=IP
    )
    storniert = handlers.buchen(
        ctx,
        KOELN,
        ANGEBOT_KOELN,
        "2026-11-04T09:00:00+01:00",
        "vor_ort",
        kontakt={"email": EMAIL},
        client_adresse=IP,
    )
    assert None not in tuple(zeile(anwendung, gebucht["id"]))
    handlers.stornieren(ctx, storniert["id"], storniert["geheimnis"])
    assert tuple(zeile(anwendung, storniert["id"])) == (None, None)

    assert handlers.aufbewahrung(kontext(jetzt=JETZT + 33 * 86400)) == 2
    for termin_id in (gebucht["id"], storniert["id"]):
        [zugang] = [
            e
            for e in anwendung.store.read_stream(f"termin-{termin_id}")
            if e.event_type == "TerminZugangVermerkt"
        ]
        assert zugang.payload.get("adresse_hash") is None
        assert zugang.payload.get("kontakt_hash") is None
        assert {"adresse_hash", "kontakt_hash"} <= set(zugang.erased_fields)
        assert tuple(zeile(anwendung, termin_id)) == (None, None)
    rebuild(anwendung.store, anwendung.projections)
    assert tuple(zeile(anwendung, gebucht["id"])) == (None, None)


@pytest.mark.parametrize("anwendung", ["sqlite"], indirect=True)
def test_an_old_plain_hash_still_loads_and_counts_for_nothing(kontext, anwendung):
    anwendung.konfiguration = Konfiguration(demo_laden=False, grenze_je_adresse=1)
    termin_id, geheimnis = str(uuid.uuid4()), "x" * 43
    beginn, ende = "2026-11-03T09:00:00+01:00", "2026-11-03T09:45:00+01:00"
    with anwendung.unit_of_work() as uow:
        uow.append(
            f"termin-{termin_id}",
            0,
            [
                NewEvent(
                    "TerminGebucht",
                    {
                        "termin_id": termin_id,
                        "beratungsstelle_id": KOELN,
                        "angebot_id": ANGEBOT_KOELN,
                        "berater_id": "0b000000-0000-4000-8000-000000000001",
                        "beginn": beginn,
                        "ende": ende,
                        "art": "vor_ort",
                    },
                ),
                NewEvent(
                    "TerminZugangVermerkt",
                    {
                        "termin_id": termin_id,
                        "geheimnis_hash": sha256(geheimnis),
                        "adresse_hash": sha256(f"termine-adresse:{IP}"),
                    },
                    schema_version=1,
                ),
            ],
        )
        uow.commit()
    [_gebucht, zugang] = anwendung.store.read_stream(f"termin-{termin_id}")
    assert zugang.schema_version == 2
    assert zugang.payload == {"termin_id": termin_id, "geheimnis_hash": sha256(geheimnis)}
    assert handlers.buchung(kontext(), termin_id, geheimnis)["id"] == termin_id
    # The old booking does not count: one new booking from the address is allowed, a second
    # is refused (limit 1) on the keyed hash.
    handlers.buchen(
        kontext(), KOELN, ANGEBOT_KOELN, "2026-11-04T09:00:00+01:00", "vor_ort", client_adresse=IP
    )
    with pytest.raises(ZuVieleBuchungen):
        handlers.buchen(
            kontext(),
            KOELN,
            ANGEBOT_KOELN,
            "2026-11-04T10:00:00+01:00",
            "vor_ort",
            client_adresse=IP,
        )
    rebuild(anwendung.store, anwendung.projections)
    assert zeile(anwendung, termin_id).adresse_hash is None
