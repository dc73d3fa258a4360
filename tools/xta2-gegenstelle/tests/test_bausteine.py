"""The building blocks without a server: schema validation in place and under threads, the
Content-Type parameters of MTOM, the bytes of MTOM parts."""

from __future__ import annotations

import base64
import threading

import pytest
from lxml import etree

from xta2_gegenstelle import mtom
from xta2_gegenstelle.schemata import NS_OSCIMETA, NS_XTA, XtaSchemata, xta_schema_verzeichnis


@pytest.fixture(scope="module")
def xta_schema() -> XtaSchemata:
    return XtaSchemata(xta_schema_verzeichnis())


def umschlag(h, kopf: str) -> etree._Element:
    return etree.fromstring(h.umschlag("sendMessage", "", kopf=kopf))


def metadaten(umschlag: etree._Element) -> etree._Element:
    return umschlag.find(f".//{{{NS_OSCIMETA}}}MessageMetaData")


def test_an_element_is_validated_in_place_as_a_document_of_its_own(h, xta_schema) -> None:
    gut = umschlag(h, h.metadaten("urn:x:1"))
    assert xta_schema.pruefe(metadaten(gut)) == []
    schlecht = umschlag(h, h.metadaten("urn:x:1", ohne="Qualifier").replace("m:Origin", "m:O"))
    befunde = xta_schema.pruefe(metadaten(schlecht))
    assert befunde and "O" in befunde[0].meldung
    assert befunde[0].zeile == 1  # the line in the request, not in a copy
    # strict: an element of the XTA namespace without a global declaration is refused on its
    # own, even where the envelope's lax wildcard lets it pass
    fremd = umschlag(h, f'<xta:GibtEsNicht xmlns:xta="{NS_XTA}"/>')
    element = fremd.find(f".//{{{NS_XTA}}}GibtEsNicht")
    assert xta_schema.pruefe(fremd) == []
    assert "No matching global declaration" in xta_schema.pruefe(element)[0].meldung


def test_concurrent_validations_never_lose_the_findings_of_an_invalid_element(
    h, xta_schema
) -> None:
    gut = metadaten(umschlag(h, h.metadaten("urn:x:1")))
    schlecht = metadaten(umschlag(h, h.metadaten("urn:x:1").replace("m:Origin", "m:O")))
    fehler: list[str] = []

    def pruefen(element: etree._Element, ungueltig: bool) -> None:
        for _ in range(300):
            if bool(xta_schema.pruefe(element)) != ungueltig:
                fehler.append("invalid passed" if ungueltig else "valid refused")

    threads = [threading.Thread(target=pruefen, args=(gut, False)) for _ in range(3)]
    threads += [threading.Thread(target=pruefen, args=(schlecht, True)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert fehler == []


@pytest.mark.parametrize(
    ("content_type", "erwartet"),
    [
        ("text/xml", ("text/xml", {})),
        (
            'Multipart/Related; type="application/xop+xml"; boundary="a;b"; start="<r@x>"',
            (
                "multipart/related",
                {"type": "application/xop+xml", "boundary": "a;b", "start": "<r@x>"},
            ),
        ),
        ('a/b; action="urn:x;y"; Q=1', ("a/b", {"action": "urn:x;y", "q": "1"})),
        ('a/b; x="offen; y=2', ("a/b", {"x": '"offen; y=2'})),  # unterminated quote runs on
        ("", ("", {})),
    ],
)
def test_content_type_parameters(content_type: str, erwartet: tuple) -> None:
    assert mtom.parameter(content_type) == erwartet


def test_resolving_xop_keeps_the_bytes_of_each_part(h) -> None:
    dokument = etree.fromstring(
        f'<xta:Message xmlns:xta="{NS_XTA}" xmlns:xop="http://www.w3.org/2004/08/xop/include">'
        '<xop:Include href="cid:teil%40x"/></xta:Message>'
    )
    daten = bytes(range(256)) + b"\r\n"
    binaer = mtom.xop_aufloesen(dokument, {"teil@x": daten})
    assert binaer == {dokument: daten}
    assert base64.b64decode(dokument.text) == daten  # the infoset the schemas validate
    assert len(dokument) == 0
