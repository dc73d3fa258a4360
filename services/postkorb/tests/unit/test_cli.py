"""The operators' command on the service's database: the clarification list and assigning a
message, and a notification mail that bounced after the relay took it."""

from __future__ import annotations

import json
import uuid

from click.testing import CliRunner
from postkorb_testhilfen import eingereicht, einstellungen, empfangen

from kernel.consuming import handle_once
from postkorb import handlers
from postkorb.cli import main

ERIKA = str(uuid.uuid4())
ANTRAG = str(uuid.uuid4())


class Postbote:
    def senden(self, mail) -> None:  # noqa: ANN001
        pass


def test_clarification_and_a_bounced_notification_through_the_cli(
    tmp_path, clamd, monkeypatch
) -> None:  # noqa: ANN001
    from postkorb.bootstrap import bootstrap

    settings = einstellungen(tmp_path)
    monkeypatch.setenv("SOZ_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SOZ_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SOZ_KEYSTORE_URL", settings.keystore_url)
    monkeypatch.setenv("SOZ_CLAMD_SOCKET", clamd)
    app = bootstrap(settings)
    app.create_schema()
    handle_once(app, "t", eingereicht(ERIKA, ANTRAG), handlers.antrag_eingereicht)
    fremd = app.store.upcasters.upcast_envelope(empfangen(ERIKA, str(uuid.uuid4())))
    handle_once(app, "t.e", fremd, handlers.nachricht_empfangen)
    from kernel.nameko.provider import ServiceContext

    erika = ServiceContext(app, "c", None, lambda: {}, ERIKA, "gateway")
    handlers.einwilligung_setzen(erika, True, "2026-12", "erika@example.org")
    bescheid = app.store.upcasters.upcast_envelope(empfangen(ERIKA, ANTRAG, art="bescheid"))
    handle_once(app, "t.e", bescheid, handlers.nachricht_empfangen)
    handlers.benachrichtigen(app, Postbote())
    app.close()

    runner = CliRunner()
    liste = runner.invoke(main, ["klaerung", "list"])
    assert liste.exit_code == 0, liste.output
    [eintrag] = [json.loads(z) for z in liste.output.splitlines() if z.startswith("{")]
    assert eintrag["grund"] == "antrag_unbekannt"
    zugeordnet = runner.invoke(main, ["klaerung", "zuordnen", eintrag["nachricht_id"], ERIKA])
    assert zugeordnet.exit_code == 0, zugeordnet.output
    assert (
        runner.invoke(main, ["klaerung", "zuordnen", eintrag["nachricht_id"], ERIKA]).exit_code == 1
    )
    assert (
        runner.invoke(main, ["klaerung", "zuordnen", eintrag["nachricht_id"], "x"]).exit_code == 1
    )

    bescheid_id = handlers._abgeleitete_id("empfangen", bescheid.payload["message_id"])
    zurueck = runner.invoke(main, ["benachrichtigung", "unzustellbar", bescheid_id])
    assert zurueck.exit_code == 0, zurueck.output
    assert (
        json.loads(zurueck.output.splitlines()[-1])["beendet_grund"]
        == "benachrichtigung_fehlgeschlagen"
    )
    assert (
        runner.invoke(main, ["benachrichtigung", "unzustellbar", str(uuid.uuid4())]).exit_code == 1
    )
