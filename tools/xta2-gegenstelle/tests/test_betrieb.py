"""Running the counterpart: persistence across a restart, command line, missing reference data."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
import requests

from xta2_gegenstelle.schemata import ReferenzdatenFehlen, XtaSchemata, xta_schema_verzeichnis


def test_a_restart_loses_nothing(tmp_path, starter, h) -> None:
    daten = tmp_path / "daten"
    erste = starter(datenverzeichnis=daten)
    message_id, _ = h.senden(erste)
    antwort = requests.post(
        f"{erste.url}/_gegenstelle/antworten",
        json={"leser": h.PLATTFORM, "autor": h.JOBCENTER, "service": "urn:d", "nachricht": "<n/>"},
    )
    rueck_id = antwort.json()["message_id"]
    erste.stoppen()

    zweite = starter(datenverzeichnis=daten)
    assert [
        n["message_id"] for n in requests.get(f"{zweite.url}/_gegenstelle/nachrichten").json()
    ] == [
        message_id,
        rueck_id,
    ]
    _, nochmal = h.senden(zweite, message_id=message_id)
    assert nochmal.fehlercode() == "9024"
    bericht = h.rufe(zweite, "getTransportReport", f"<wsa:MessageID>{message_id}</wsa:MessageID>")
    assert bericht.finde(".//xta:MessageStatus/xta:Status").text == "1"
    liste = h.rufe(zweite, "getStatusList", "<osci:MsgBoxStatusListRequest/>")
    assert liste.finde(".//m:MsgIdentification/wsa:MessageID").text == rueck_id


def test_runs_as_a_module_answers_ready_and_stops_on_sigterm(tmp_path, h) -> None:
    prozess, _ = h.als_prozess(tmp_path)
    try:
        assert (tmp_path / "gegenstelle.sqlite3").is_file()
    finally:
        prozess.send_signal(signal.SIGTERM)
        assert prozess.wait(timeout=10) == 0
        prozess.stdout.close()


def test_missing_reference_data_is_named(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SOZ_REFERENCE_DATA", str(tmp_path))
    with pytest.raises(ReferenzdatenFehlen, match="SOZ_REFERENCE_DATA"):
        xta_schema_verzeichnis()
    ergebnis = subprocess.run(
        [sys.executable, "-m", "xta2_gegenstelle", "--port", "0", "--data-dir", str(tmp_path)],
        env={**os.environ, "SOZ_REFERENCE_DATA": str(tmp_path)},
        capture_output=True,
        timeout=30,
    )
    assert ergebnis.returncode == 2
    assert b"xta2-v3" in ergebnis.stderr


def test_schemas_load_offline_and_refuse_references_outside_their_folder(tmp_path) -> None:
    ordner = xta_schema_verzeichnis()
    XtaSchemata(ordner)  # every import resolved inside the folder
    fremd = tmp_path / "xta2-v3"
    fremd.mkdir()
    for datei in ordner.iterdir():
        (fremd / datei.name).write_bytes(datei.read_bytes())
    (fremd / "ws-addr.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'targetNamespace="http://www.w3.org/2005/08/addressing">'
        '<xs:import namespace="urn:x" schemaLocation="http://example.org/fremd.xsd"/></xs:schema>'
    )
    with pytest.raises(Exception, match="refused|example.org|failed"):
        XtaSchemata(fremd)
