"""Attachments through the handler on a real event store: what was removed from a PDF is
recorded with the attachment, and refused files give the person a message with the numbers."""

from __future__ import annotations

import base64
import uuid

import orjson
import pytest
from antrag_testhilfen import WOHNORT
from dateien_testhilfen import AKTIV, aktives_pdf, einfarbig_png, entpackt

from antrag import handlers
from antrag.fehler import EingabeUngueltig
from antrag.schemas import REGISTRY


def datei(inhalt: bytes, name: str) -> dict[str, str]:
    return {"dateiname": name, "inhalt": base64.b64encode(inhalt).decode()}


def test_an_active_pdf_is_stored_neutralised_and_the_attachment_says_what_was_removed(app, kontext):
    ich = kontext(str(uuid.uuid4()))
    antrag_id = handlers.anlegen(ich, "einstiegsgeld", WOHNORT, "de")["id"]
    anlage = handlers.anlage(
        ich, antrag_id, "taetigkeit", [datei(aktives_pdf(), "rechnung\u202efdp.exe.pdf")], "de"
    )
    erwartet = ["eingebettete_dateien", "javascript", "launch", "multimedia", "xfa"]
    assert anlage["entschaerft"] == erwartet
    assert anlage["dateiname"] == "rechnungfdp.exe.pdf"

    [hinzugefuegt] = [
        e
        for e in app.store.read_stream(f"antrag-{antrag_id}")
        if e.event_type == "AnlageHinzugefuegt"
    ]
    assert hinzugefuegt.payload["entschaerft"] == erwartet
    assert REGISTRY.get("AnlageHinzugefuegt", 1).validate(hinzugefuegt.payload) == {}

    geliefert = handlers.anlage_datei(ich, antrag_id, anlage["anlage_id"])
    assert geliefert["entschaerft"] == erwartet
    inhalt = base64.b64decode(geliefert["inhalt"])
    assert [z for z in AKTIV if z in entpackt(inhalt)] == []
    assert handlers.antrag_ansehen(ich, antrag_id, "de")["anlagen"][0]["entschaerft"] == erwartet


@pytest.mark.parametrize(
    ("sprache", "anfang"),
    [
        ("de", "Das Bild ist zu groß (59 Megapixel). Bitte laden Sie ein Foto mit höchstens 50 "),
        ("en", "The image is too large (59 megapixels). Please upload a photo of at most 50 "),
    ],
)
def test_a_59_megapixel_png_is_refused_with_a_message_the_person_can_act_on(
    app, kontext, sprache, anfang
):
    ich = kontext(str(uuid.uuid4()))
    antrag_id = handlers.anlegen(ich, "einstiegsgeld", WOHNORT, "de")["id"]
    with pytest.raises(EingabeUngueltig) as fehler:
        handlers.anlage(
            ich, antrag_id, "taetigkeit", [datei(einfarbig_png(7680, 7680), "scan.png")], sprache
        )
    [feld] = orjson.loads(str(fehler.value))["felder"]
    assert (feld["feld"], feld["code"]) == ("dateien.0", "bild_zu_gross")
    assert feld["meldung"].startswith(anfang)
