"""Issue 11, item 4 through the gateway: the application's page and its receipt say how to
reach its Jobcenter (the gateway asks zustaendigkeit and hands the contact to antrag's
receipt, docs/adr/0085). Example contacts of deploy/embedded/jobcenter-kontakte."""

from __future__ import annotations

import io

import pytest
from gateway_antrag_plattform import AntragKlient, Plattform
from pypdf import PdfReader

pytestmark = pytest.mark.rabbitmq


def test_status_page_and_receipt_carry_the_jobcenter_contact(antrag_plattform: Plattform) -> None:
    klient = AntragKlient(antrag_plattform.url).konto()
    antrag_id = klient.anlegen()  # Gelnhausen: Main-Kinzig-Kreis, connected here
    assert klient.jobcenter_abwarten(antrag_id)["jobcenter"]["id"] == "43102"

    seite = klient.get(f"/antraege/{antrag_id}").text
    assert "Kontakt zum Jobcenter Main-Kinzig-Kreis" in seite
    assert '<a href="tel:06990009101">069 90009 101</a>' in seite
    assert 'href="https://main-kinzig.jobcenter.example.org"' in seite

    klient.ausfuellen(antrag_id)
    assert klient.einreichen(antrag_id).status_code == 202
    quittung = klient.get(f"/api/v1/antraege/{antrag_id}/quittung.pdf")
    assert quittung.status_code == 200
    text = "\n".join(s.extract_text() for s in PdfReader(io.BytesIO(quittung.content)).pages)
    assert "So erreichen Sie Ihr Jobcenter" in text
    assert "069 90009 101" in text and "Beispielstraße 1, 63571 Gelnhausen" in text
    assert "main-kinzig@jobcenter.example.org" in text
    assert "BEISPIELDATEN (example.org)" in text
