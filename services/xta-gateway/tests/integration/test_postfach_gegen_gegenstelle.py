"""The inbound path against the running counterpart: whatever a Jobcenter's message holds
(bytes, encoding, size, schema), it is filed or parked for an operator, and the message
after it is fetched (issue #10, finding 2; docs/adr/0063, 0064)."""

from __future__ import annotations

import base64
import copy
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from xta_testhilfen import TestAnlagen

from contracts.events.antrag import AntragEingereicht
from kernel.config import Settings
from kernel.consuming import handle_once
from kernel.envelope import Envelope, new_id, utc_now_rfc3339
from xta_gateway import handlers, metriken, postfach
from xta_gateway.adapters.nameko_provider import XtaKontext
from xta_gateway.adapters.xta2_v3 import Xta2V3Transport
from xta_gateway.bootstrap import bootstrap
from xta_gateway.konfiguration import Konfiguration
from xta_gateway.xoev.renderer import Schema
from xta_gateway.zustelldienst import Zustelldienst

ANTRAG_ID = "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60"  # the antragsID of the example reply
SCHEMA = Schema()


class Eingang:
    """The gateway's store and its MsgBox at the counterpart."""

    def __init__(self, ordner: Path, gegenstelle, h, **konfiguration) -> None:
        self.gegenstelle, self.h = gegenstelle, h
        self.application = bootstrap(
            Settings(
                "xta_gateway",
                ordner,
                f"sqlite:///{ordner}/xta_gateway.db",  # where the CLI finds them
                f"sqlite:///{ordner}/xta_gateway-keys.db",
                "",
                0,
                "WARNING",
            )  # fmt: skip
        )
        self.application.create_schema()
        self.transport = Xta2V3Transport(h.einstellungen(gegenstelle.url, lese_timeout=30.0))
        self.konfiguration = Konfiguration(xta=self.transport.einstellungen, **konfiguration)

    def antrag_zustellen(self) -> None:
        """A delivery of the application the example reply names (opened, not sent), so a
        readable reply can be filed to its person."""
        payload = copy.deepcopy(AntragEingereicht.example)
        payload["antrag_id"] = ANTRAG_ID
        umschlag = Envelope(
            new_id(), "AntragEingereicht", 1, utc_now_rfc3339(), "antrag",
            f"antrag-{ANTRAG_ID}", 1, new_id(), None, payload,
        )  # fmt: skip
        handle_once(
            self.application,
            handlers.CONSUMER_ANTRAG_EINGEREICHT,
            umschlag,
            lambda envelope, uow: handlers.antrag_eingereicht(
                envelope, uow, konfiguration=self.konfiguration
            ),
        )

    def einstellen(self, daten: bytes, **felder) -> str:
        """The Jobcenter writes ``daten`` back, byte for byte and unchecked."""
        antwort = requests.post(
            f"{self.gegenstelle.url}/_gegenstelle/antworten",
            json={
                "leser": self.h.PLATTFORM.wert,
                "autor": self.h.JOBCENTER.wert,
                "service": "urn:xoev-de:sozialplattform:dienst:postkorb",
                "nachricht_base64": base64.b64encode(daten).decode(),
                "payload_schema": self.h.XOEV_NS,
                "pruefen": False,
                **felder,
            },
            timeout=60,
        )
        assert antwort.status_code == 201, antwort.text
        return antwort.json()["message_id"]

    def abrufen(self) -> dict[str, int]:
        return postfach.abrufen(self.application, self.transport, self.konfiguration, SCHEMA)

    def im_postfach(self) -> list[str]:
        return [e.message_id for e in self.transport.get_status_list().eintraege]

    def stream(self, message_id: str) -> list:
        return self.application.store.read_stream(postfach.eingang_stream_id(message_id))

    def geparkt(self) -> dict[str, dict]:
        return {g["message_id"]: g for g in handlers.geparkte_nachrichten(self.application)}


@pytest.fixture
def eingang(tmp_path, gegenstelle, h) -> Iterator[Eingang]:
    eins = Eingang(tmp_path, gegenstelle, h)
    yield eins
    eins.transport.schliessen()


def _beispiel(h) -> str:
    return h.beispiel("postkorb.nachricht.0202").decode()


def _umkodiert(h, kodierung: str, deklaration: str | None, bom: bytes = b"") -> bytes:
    text = _beispiel(h).replace('encoding="UTF-8"', f'encoding="{deklaration}"')
    if deklaration is None:
        text = text.split("?>", 1)[1].lstrip()
    return bom + text.encode(kodierung)


LESBAR = {
    "utf16_bom": lambda h: _umkodiert(h, "utf-16", "UTF-16"),
    "utf16le_bom_ohne_deklaration": lambda h: _umkodiert(h, "utf-16-le", None, b"\xff\xfe"),
    "utf16be_bom": lambda h: _umkodiert(h, "utf-16-be", "UTF-16", b"\xfe\xff"),
    "utf16le_ohne_bom": lambda h: _umkodiert(h, "utf-16-le", "UTF-16LE"),
    "utf16be_ohne_bom": lambda h: _umkodiert(h, "utf-16-be", "UTF-16BE"),
    "latin1_deklariert": lambda h: _umkodiert(h, "latin-1", "ISO-8859-1").replace(
        b"Fehlende Unterlagen", "Fehlende Unterlagen für März".encode("latin-1")
    ),
}


@pytest.mark.parametrize("art", sorted(LESBAR))
def test_a_reply_in_another_encoding_is_filed_and_the_next_one_fetched(
    eingang, h, art: str
) -> None:
    """UTF-16 used to raise UnicodeDecodeError in every poll and block the MsgBox."""
    eingang.antrag_zustellen()
    erste = eingang.einstellen(LESBAR[art](h))
    zweite = eingang.einstellen(_beispiel(h).encode())
    zaehler = eingang.abrufen()
    assert (zaehler["empfangen"], zaehler["geparkt"]) == (2, 0)
    assert eingang.im_postfach() == []
    typen = [e.event_type for e in eingang.stream(erste)]
    assert typen == ["NachrichtEingegangen", "NachrichtEmpfangen"]
    empfangen = eingang.stream(erste)[1].payload
    betreff = (
        "Fehlende Unterlagen für März" if art == "latin1_deklariert" else "Fehlende Unterlagen"
    )
    assert (empfangen["betreff"], empfangen["inhalt"]) == (
        betreff,
        "Bitte reichen Sie Ihren Mietvertrag nach.",
    )
    assert eingang.stream(erste)[0].payload["nachricht"].startswith("<soz:postkorb.nachricht.0202")
    assert [e.event_type for e in eingang.stream(zweite)][0] == "NachrichtEingegangen"


UNLESBAR = {
    "muell": (bytes(range(256)) * 4, "nicht_wohlgeformt"),
    "leer": (b"", "nicht_wohlgeformt"),
    "abgeschnitten": (None, "nicht_wohlgeformt"),
    "kein_xml": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "nicht_wohlgeformt"),
    "utf16_ohne_bom_und_deklaration": ("utf-16-le", "nicht_wohlgeformt"),
    "unbekannte_kodierung": (
        b'<?xml version="1.0" encoding="KLINGONISCH"?><a/>',
        "nicht_wohlgeformt",
    ),
    "falsches_schema": ("antrag", "unbekannter_nachrichtentyp"),
    "dtd_in_utf16": ("dtd", "dtd_nicht_erlaubt"),
}


@pytest.mark.parametrize("art", sorted(UNLESBAR))
def test_an_unreadable_message_is_parked_with_its_reason_and_the_next_one_fetched(
    eingang, h, art: str
) -> None:
    daten, grund = UNLESBAR[art]
    if daten is None:
        daten = _beispiel(h).encode()[:700]
    elif daten == "utf-16-le":
        daten = _beispiel(h).split("?>", 1)[1].encode("utf-16-le")
    elif daten == "antrag":
        daten = h.beispiel()
    elif daten == "dtd":
        daten = ('<!DOCTYPE a [<!ENTITY e "x">]>' + _beispiel(h).split("?>", 1)[1]).encode("utf-16")
    eingang.antrag_zustellen()
    kaputt = eingang.einstellen(daten)
    gut = eingang.einstellen(_beispiel(h).encode())
    zaehler = eingang.abrufen()
    assert (zaehler["geparkt"], zaehler["empfangen"]) == (1, 1)
    assert eingang.im_postfach() == []  # both closed: stored first
    geparkt = eingang.geparkt()[kaputt]
    assert (geparkt["grund"], geparkt["status"]) == (grund, "geparkt")
    (ereignis,) = eingang.stream(kaputt)
    assert base64.b64decode(ereignis.payload["nachricht"]) == daten  # kept for the operator
    assert eingang.stream(gut)[0].event_type == "NachrichtEingegangen"


def test_a_message_too_large_is_held_back_unfetched_and_an_operator_closes_it(eingang, h) -> None:
    """A 20 MB message stayed in the MsgBox for ever, fetched and failed every 10 s. Its
    MsgSize in the status list now decides before any getMessage (docs/adr/0064)."""
    gross = b"<a>" + b"x" * (20 * 1024 * 1024) + b"</a>"
    zu_gross = eingang.einstellen(gross)
    danach = eingang.einstellen(b"<kaputt")
    zaehler = eingang.abrufen()
    assert zaehler["geparkt"] == 2
    assert eingang.im_postfach() == [zu_gross]  # left there, the other one closed
    geparkt = eingang.geparkt()[zu_gross]
    assert (geparkt["grund"], geparkt["status"]) == ("zu_gross", "zurueckgehalten")
    (ereignis,) = eingang.stream(zu_gross)
    assert (ereignis.payload["nachricht"], ereignis.payload["groesse"]) == ("", len(gross))
    assert eingang.geparkt()[danach]["grund"] == "nicht_wohlgeformt"

    zaehler = eingang.abrufen()  # passed over, not fetched again
    assert (zaehler["zurueckgehalten"], zaehler["geparkt"], zaehler["doppelt"]) == (1, 0, 0)

    assert postfach.geparkt_erledigen(eingang.application, eingang.transport, zu_gross) == {
        "message_id": zu_gross,
        "status": "erledigt",
    }
    assert eingang.im_postfach() == []
    assert zu_gross not in eingang.geparkt()
    with pytest.raises(postfach.EingangNichtMoeglich):
        postfach.geparkt_erledigen(eingang.application, eingang.transport, zu_gross)


def test_an_operator_fetches_a_held_back_message_and_it_is_filed(tmp_path, gegenstelle, h) -> None:
    eingang = Eingang(tmp_path, gegenstelle, h, eingang_max_bytes=1000)
    eingang.antrag_zustellen()
    antwort = eingang.einstellen(LESBAR["utf16_bom"](h))  # about 3,000 bytes in UTF-16
    assert eingang.abrufen()["geparkt"] == 1
    assert eingang.geparkt()[antwort]["status"] == "zurueckgehalten"
    ergebnis = postfach.geparkt_abrufen(
        eingang.application, eingang.transport, eingang.konfiguration, SCHEMA, antwort
    )
    assert ergebnis == {"message_id": antwort, "ergebnis": "empfangen"}
    assert [e.event_type for e in eingang.stream(antwort)] == [
        "NachrichtGeparkt",
        "NachrichtEingegangen",
        "NachrichtEmpfangen",
    ]
    assert eingang.im_postfach() == []
    assert antwort not in eingang.geparkt()
    eingang.transport.schliessen()


def test_failing_polls_show_in_readiness_and_metrics_until_one_succeeds(
    eingang, gegenstelle, h
) -> None:
    dienst = Zustelldienst(
        eingang.application, eingang.transport, eingang.konfiguration, SCHEMA, TestAnlagen()
    )
    zustand = postfach.Abrufzustand()
    kontext = XtaKontext(eingang.application, "k", None, dict, dienst=dienst, abrufzustand=zustand)
    gegenstelle.stoerung(art="http_503", operation="getStatusList", anzahl=3)
    for _ in range(3):
        assert kontext.postfach_abrufen() == {}
    assert zustand.fehler_in_folge == 3
    assert metriken.POSTFACH_FEHLER_IN_FOLGE._value.get() == 3
    eingang.einstellen(_beispiel(h).encode())
    assert kontext.postfach_abrufen()["geparkt"] == 1  # no delivery to file it to
    assert zustand.fehler_in_folge == 0
    assert metriken.POSTFACH_FEHLER_IN_FOLGE._value.get() == 0
    assert metriken.POSTFACH_LETZTER_ERFOLG._value.get() == pytest.approx(zustand.letzter_erfolg)


def _json_ausgabe(ausgabe: str):
    """The CLI's JSON: the log lines of the work before it go to stdout too."""
    import json

    zeilen = ausgabe.splitlines()
    anfang = next(i for i, z in enumerate(zeilen) if z[:1] in ("{", "["))
    return json.loads("\n".join(zeilen[anfang:]))


def test_the_cli_lists_fetches_and_closes_held_back_messages(
    tmp_path, gegenstelle, h, monkeypatch, capsys
) -> None:
    from xta_gateway import cli

    eingang = Eingang(tmp_path, gegenstelle, h, eingang_max_bytes=1000)
    abrufen = eingang.einstellen(b"<a>" + b"x" * 5000 + b"</a>")
    schliessen = eingang.einstellen(b"\xff\xfe" + b"x" * 5000)
    eingang.abrufen()
    for name, wert in {
        "SOZ_DATA_DIR": str(tmp_path),
        "SOZ_XTA_ENDPUNKT": f"{gegenstelle.url}/xta",
        "SOZ_XTA_AUTOR_KENNUNG": h.PLATTFORM.wert,
    }.items():
        monkeypatch.setenv(name, wert)
    capsys.readouterr()

    assert cli.main(["geparkt"]) == 0
    gelistet = _json_ausgabe(capsys.readouterr().out)
    assert {(g["message_id"], g["status"], g["grund"]) for g in gelistet} == {
        (abrufen, "zurueckgehalten", "zu_gross"),
        (schliessen, "zurueckgehalten", "zu_gross"),
    }
    assert cli.main(["abrufen", abrufen]) == 0
    assert _json_ausgabe(capsys.readouterr().out)["ergebnis"] == "geparkt"  # wrong schema
    assert cli.main(["erledigen", schliessen]) == 0
    assert _json_ausgabe(capsys.readouterr().out)["status"] == "erledigt"
    assert eingang.im_postfach() == []
    assert cli.main(["abrufen", schliessen]) == 1  # dealt with: nothing to fetch
    capsys.readouterr()
    assert cli.main(["geparkt"]) == 0
    (rest,) = _json_ausgabe(capsys.readouterr().out)
    assert (rest["message_id"], rest["status"], rest["grund"]) == (
        abrufen,
        "geparkt",
        "unbekannter_nachrichtentyp",
    )
    eingang.transport.schliessen()


def test_an_attachment_name_with_controls_is_filed_cleaned_not_parked(eingang, h) -> None:
    """A Jobcenter's attachment name is single-line text in the contract (docs/adr/0066): a
    bidi override or a line break in it used to park the whole message as not storable. The
    name is cleaned the way the person's own uploads are (contracts.text.dateiname)."""
    eingang.antrag_zustellen()
    pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    message_id = eingang.einstellen(
        _beispiel(h).encode(),
        anlagen=[
            {
                "daten_base64": base64.b64encode(pdf).decode(),
                "mime": "application/pdf",
                "dateiname": "Bescheid\u202efdp.exe\r\n.pdf",
            }
        ],
    )
    zaehler = eingang.abrufen()
    assert (zaehler["empfangen"], zaehler["geparkt"]) == (1, 0)
    empfangen = eingang.stream(message_id)[1].payload
    assert [a["dateiname"] for a in empfangen["anlagen"]] == ["Bescheidfdp.exe.pdf"]
