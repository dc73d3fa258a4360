"""The one error table covers the official code list; settings come from the environment."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from xta_gateway.adapters import xta_fehler
from xta_gateway.adapters.xta2_v3 import XtaEinstellungen, standard_wsdl

XS = "{http://www.w3.org/2001/XMLSchema}"


def offizielle_fehlernummern() -> set[str]:
    datentypen = standard_wsdl().parent / "XTA-Webservice-Datentypen.xsd"
    wurzel = etree.parse(str(datentypen)).getroot()
    liste = wurzel.find(f"{XS}simpleType[@name='Codelist.Fehlernummer']")
    return {e.get("value") for e in liste.iter(f"{XS}enumeration")}


def test_every_official_error_number_has_a_row() -> None:
    nummern = {k for k in xta_fehler.FEHLERTABELLE if k.isdigit()}
    assert nummern == offizielle_fehlernummern()


def test_retry_classes_as_decided() -> None:
    wiederholbar = {k for k, z in xta_fehler.FEHLERTABELLE.items() if z.wiederholbar}
    assert wiederholbar == {
        "zeitueberschreitung",
        "verbindung",
        "http_5xx",
        "antwort_unlesbar",
        "soap_receiver",
        "9030",
        "9031",
        "9032",
    }


def test_an_unknown_number_is_treated_like_9000_but_keeps_its_code() -> None:
    fehler = xta_fehler.fehler("9999", "neu")
    assert isinstance(fehler, xta_fehler.UnspezifizierterFehler)
    assert (fehler.code, fehler.wiederholbar) == ("9999", False)


def test_settings_from_the_environment() -> None:
    standard = XtaEinstellungen.aus_umgebung({})
    assert standard.adresse("SendXtaPort") == "http://127.0.0.1:8700/xta/SendXtaPort"
    assert standard.wsdl.name == "XTA.wsdl" and standard.wsdl.is_file()
    assert (standard.verbindungs_timeout, standard.lese_timeout, standard.mtom) == (5.0, 30.0, True)
    eigene = XtaEinstellungen.aus_umgebung(
        {
            "SOZ_XTA_ENDPUNKT": "https://xta.land.example/ws/",
            "SOZ_XTA_AUTOR_KENNUNG": "sozialplattform:bw",
            "SOZ_XTA_CLIENT_ZERTIFIKAT": "/etc/xta/client.pem",
            "SOZ_XTA_CLIENT_SCHLUESSEL": "/etc/xta/client.key",
            "SOZ_XTA_CA_BUENDEL": "/etc/xta/ca.pem",
            "SOZ_XTA_TIMEOUT_LESEN": "12.5",
            "SOZ_XTA_MTOM": "0",
        }
    )
    assert eigene.adresse("MsgBoxPort") == "https://xta.land.example/ws/MsgBoxPort"
    assert eigene.autor.wert == "sozialplattform:bw"
    assert eigene.client_zertifikat == Path("/etc/xta/client.pem")
    assert (eigene.lese_timeout, eigene.mtom) == (12.5, False)
