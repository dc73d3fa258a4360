"""Reading what a Jobcenter writes back: safely, or a reason code without content."""

from __future__ import annotations

from pathlib import Path

import pytest

from xta_gateway.xoev import leser
from xta_gateway.xoev.renderer import Schema

BEISPIEL = (
    Path(__file__).resolve().parents[4] / "contracts/xoev/beispiele/postkorb.nachricht.0202.xml"
).read_bytes()


@pytest.fixture(scope="module")
def schema() -> Schema:
    return Schema()


def test_the_golden_reply_is_read(schema) -> None:
    nachricht = leser.lesen(BEISPIEL, schema)
    assert nachricht.antrag_id == "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60"
    assert (nachricht.betreff, nachricht.autor_kennung) == (
        "Fehlende Unterlagen",
        "jobcenter:68410",
    )
    assert nachricht.text == "Bitte reichen Sie Ihren Mietvertrag nach."


@pytest.mark.parametrize(
    ("daten", "grund"),
    [
        (b"<a>" + b"x" * 2_000_000 + b"</a>", "zu_gross"),
        (b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>', "dtd_nicht_erlaubt"),
        (b"<!doctype a><a/>", "dtd_nicht_erlaubt"),
        (b"<a><b></a>", "nicht_wohlgeformt"),
        (b"\xff\xfe<a/>", "nicht_wohlgeformt"),
        (
            BEISPIEL.replace(b"postkorb.nachricht.0202", b"postkorb.antwort.0201"),
            "unbekannter_nachrichtentyp",
        ),
        (
            BEISPIEL.replace(b"<soz:betreff>Fehlende Unterlagen</soz:betreff>", b""),
            "schema_verletzt",
        ),
    ],
)
def test_unreadable_messages_name_a_reason_without_content(
    daten: bytes, grund: str, schema
) -> None:
    with pytest.raises(leser.Unlesbar) as fehler:
        leser.lesen(daten, schema)
    assert fehler.value.grund == grund
    assert (
        "Mietvertrag" not in fehler.value.beschreibung and "passwd" not in fehler.value.beschreibung
    )


def test_a_message_that_cannot_be_fetched_holds_up_nothing_and_is_not_closed(tmp_path) -> None:
    """A getMessage the server refuses or we cannot read (an encrypted container) is parked
    unfetched and left in the MsgBox (docs/adr/0064); one that timed out is tried again on
    the next poll. Neither holds up the message after it, and a held message is not fetched
    again."""
    from kernel.config import Settings
    from xta_gateway import postfach
    from xta_gateway.adapters.xta import (
        EmpfangeneNachricht,
        Kennung,
        Postfacheintrag,
        Statusliste,
    )
    from xta_gateway.adapters.xta2_v3 import XtaEinstellungen
    from xta_gateway.adapters.xta_fehler import fehler
    from xta_gateway.bootstrap import bootstrap
    from xta_gateway.handlers import geparkte_nachrichten
    from xta_gateway.konfiguration import Konfiguration

    application = bootstrap(
        Settings(
            "xta_gateway",
            tmp_path,
            f"sqlite:///{tmp_path}/x.db",
            f"sqlite:///{tmp_path}/k.db",
            "",
            0,
            "WARNING",
        )  # fmt: skip
    )
    application.create_schema()
    jc, wir = Kennung("jobcenter:68410"), Kennung("sozialplattform")
    eintraege = [
        Postfacheintrag(f"urn:m:{n}", jc, wir, "urn:s", "postkorb.nachricht.0202")
        for n in (1, 2, 3)
    ]

    class Postfach:
        def __init__(self) -> None:
            self.geschlossen: list[str] = []
            self.abgerufen: list[str] = []

        def get_status_list(self, max_eintraege: int = 100) -> Statusliste:
            offen = [e for e in eintraege if e.message_id not in self.geschlossen]
            return Statusliste("abruf", tuple(offen[:max_eintraege]))

        def get_message(self, message_id: str) -> EmpfangeneNachricht:
            self.abgerufen.append(message_id)
            if message_id == "urn:m:1":
                raise fehler("antwort_unlesbar", "encrypted container")
            if message_id == "urn:m:3":
                raise fehler("zeitueberschreitung", "ReadTimeout")
            return EmpfangeneNachricht(
                message_id, "abruf-2", jc, wir, "urn:s", "postkorb.nachricht.0202", None, BEISPIEL
            )

        def close(self, abruf_id: str, message_ids) -> None:
            self.geschlossen.extend(message_ids)

    transport = Postfach()
    konfiguration = Konfiguration(xta=XtaEinstellungen.aus_umgebung({}))
    zaehler = postfach.abrufen(application, transport, konfiguration, Schema())  # type: ignore[arg-type]
    assert zaehler == {
        "empfangen": 0,
        "geparkt": 2,
        "doppelt": 0,
        "nicht_abgerufen": 1,
        "zurueckgehalten": 0,
    }
    assert transport.geschlossen == ["urn:m:2"]
    geparkt = {g["message_id"]: g for g in geparkte_nachrichten(application)}
    assert (geparkt["urn:m:2"]["grund"], geparkt["urn:m:2"]["status"]) == (
        "zuordnung_unbekannt",
        "geparkt",
    )
    assert (geparkt["urn:m:1"]["grund"], geparkt["urn:m:1"]["status"]) == (
        "nicht_abrufbar",
        "zurueckgehalten",
    )
    assert "urn:m:3" not in geparkt

    transport.abgerufen.clear()
    zaehler = postfach.abrufen(application, transport, konfiguration, Schema())  # type: ignore[arg-type]
    assert transport.abgerufen == ["urn:m:3"]  # the held one is passed over
    assert (zaehler["zurueckgehalten"], zaehler["nicht_abgerufen"]) == (1, 1)
