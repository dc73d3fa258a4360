"""The counterpart writes a Jobcenter's message of every kind (postkorb.nachricht.0203) from a
few fields, valid against the platform's XSD; an aufforderung without a deadline is refused."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from lxml import etree

from xta2_gegenstelle.postkorbnachricht import XOEV_NS, postkorbnachricht_0203

XSD = Path(__file__).resolve().parents[3] / "contracts" / "xoev" / "sozialplattform-antrag-1.0.xsd"
NS = {"soz": XOEV_NS}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


@pytest.mark.parametrize("art", ["information", "aufforderung", "anhoerung", "bescheid"])
def test_every_kind_validates(schema: etree.XMLSchema, art: str) -> None:
    daten = b"%PDF-1.4 bescheid"
    xml = postkorbnachricht_0203(
        leser="sozialplattform:he",
        autor="jobcenter:43102",
        felder={
            "art": art,
            "betreff": "Betreff",
            "text": "Text",
            "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
            "frist": "2027-01-31",
            "antwortadresse": "team@jobcenter.example.org",
        },
        anlagen=[
            {
                "dateiname": "b.pdf",
                "mime": "application/pdf",
                "daten_base64": base64.b64encode(daten).decode(),
            }
        ],
    )
    dokument = etree.fromstring(xml)
    assert schema.validate(dokument), schema.error_log
    assert dokument.findtext(".//soz:art/code", namespaces=NS) == art
    assert (
        dokument.findtext(".//soz:anlage/soz:sha256", namespaces=NS)
        == hashlib.sha256(daten).hexdigest()
    )
    assert dokument.find(".//soz:anlage", NS).get("id") == "anlage-1"


def test_a_request_needs_a_deadline_and_the_kind_must_be_known() -> None:
    with pytest.raises(ValueError, match="frist"):
        postkorbnachricht_0203(
            leser="l",
            autor="a",
            felder={"art": "aufforderung", "betreff": "b", "text": "t"},
            anlagen=[],
        )
    with pytest.raises(ValueError, match="art"):
        postkorbnachricht_0203(leser="l", autor="a", felder={"art": "mahnung"}, anlagen=[])
