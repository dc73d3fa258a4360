"""The retrieval receipt (0204) and the end of provision (0205) the xta-gateway writes for the
Jobcenter from the Postkorb's events (docs/adr/0102): valid against the XSD, naming the notice."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest
from lxml import etree

from contracts.events.postkorb import PostkorbBereitstellungBeendet, PostkorbBescheidAbgerufen
from kernel.envelope import Envelope, new_id, utc_now_rfc3339
from xta_gateway import handlers
from xta_gateway.xoev import renderer

NS = {"soz": renderer.NS}
KOPF = renderer.Kopf(
    "6f8e2c1a-93b4-4d2e-8f7a-1b2c3d4e5f60",
    datetime(2026, 1, 21, 8, 13, tzinfo=UTC),
    renderer.Beteiligter("sozialplattform:bw"),
    renderer.Beteiligter("jobcenter:68410"),
)


@pytest.fixture(scope="module")
def schema() -> renderer.Schema:
    return renderer.Schema()


def _meldung(event_type: str, payload: dict) -> dict:
    envelope = Envelope(
        new_id(), event_type, 1, utc_now_rfc3339(), "postkorb", "s", 1, new_id(), None, payload
    )
    typ, _ = handlers.MELDUNGEN[event_type]
    return {
        "typ": typ,
        "bezug_message_id": envelope.payload["message_id"],
        **{
            k: envelope.payload[k]
            for k in (
                "inhalt_sha256",
                "bereitgestellt_am",
                "benachrichtigt_am",
                "abgerufen_am",
                "bekanntgabe_am",
                "beendet_am",
                "grund",
                "antrag_id",
            )
            if k in envelope.payload
        },
    }


@pytest.mark.parametrize(
    ("schema_cls", "wurzel"),
    [
        (PostkorbBescheidAbgerufen, "postkorb.abrufbestaetigung.0204"),
        (PostkorbBereitstellungBeendet, "postkorb.bereitstellungsende.0205"),
    ],
)
def test_notice_messages_validate_and_name_the_notice(schema, schema_cls, wurzel) -> None:  # noqa: ANN001
    payload = copy.deepcopy(schema_cls.example)
    xml = renderer.rendern_bekanntgabe_meldung(
        _meldung(schema_cls.event_type, payload), KOPF, schema, referenz_uuid=None
    )
    dokument = etree.fromstring(xml)
    assert etree.QName(dokument).localname == wurzel
    assert dokument.findtext(".//soz:bezugMessageID", namespaces=NS) == payload["message_id"]
    assert dokument.findtext(".//soz:inhaltSha256", namespaces=NS) == payload["inhalt_sha256"]


def test_a_receipt_and_an_end_of_the_same_notice_are_two_deliveries_each_once() -> None:
    nachricht = "1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"
    ids = {
        handlers.meldung_id_fuer("PostkorbBescheidAbgerufen", nachricht),
        handlers.meldung_id_fuer("PostkorbBereitstellungBeendet", nachricht),
        handlers.meldung_id_fuer("PostkorbBescheidAbgerufen", nachricht.upper()),
    }
    assert len(ids) == 2


def test_an_unknown_kind_is_refused(schema) -> None:  # noqa: ANN001
    with pytest.raises(renderer.XoevUngueltig):
        renderer.rendern_bekanntgabe_meldung({"typ": "postkorb.x.0299"}, KOPF, schema)
