"""FinderAusgewertet in batches (docs/adr/0099): every event reported lands in the store with
its outbox row, each in a stream of its own, one transaction per batch; a failed write keeps the
batch for the next round."""

from __future__ import annotations

from pathlib import Path

import pytest

from finder.adapters.meldungen import Meldungen
from finder.bootstrap import bootstrap
from kernel.config import Settings
from kernel.tables import outbox

PAYLOAD = {
    "sprache": "de",
    "leistungen_moeglich": ["wohngeld"],
    "regelstand": "2026-07-01",
    "land": "06",
    "parameterstand": "2026-12-07+36648d1a",
}


@pytest.fixture
def meldungen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Meldungen:
    monkeypatch.setenv("SOZ_DATA_DIR", str(tmp_path))
    application = bootstrap(Settings.from_env("finder"))
    application.create_schema()
    return Meldungen(application)


def test_ein_stapel_eine_transaktion_gleiche_werden_gezaehlt(meldungen: Meldungen) -> None:
    meldungen.melden(PAYLOAD, "korrelation-1")
    meldungen.melden({**PAYLOAD, "sprache": "en"}, "korrelation-2")
    meldungen.melden(dict(reversed(PAYLOAD.items())), "korrelation-3")  # the same as the first
    assert meldungen.schreiben() == 3
    assert meldungen.schreiben() == 0
    events = list(meldungen.application.store.read_all())
    assert [e.event_type for e in events] == ["FinderAusgewertet"] * 2
    assert {e.schema_version for e in events} == {3}
    assert len({e.stream_id for e in events}) == 2  # a stream each: nothing links them
    assert [(e.payload["sprache"], e.payload["anzahl"]) for e in events] == [("de", 2), ("en", 1)]
    assert [e.correlation_id for e in events] == ["korrelation-1", "korrelation-2"]
    with meldungen.application.database.read() as connection:
        assert len(connection.execute(outbox.select()).all()) == 2


def test_ein_fehlgeschlagener_stapel_bleibt(meldungen: Meldungen) -> None:
    meldungen.melden({**PAYLOAD, "sprache": "fr"}, "k")  # refused by the contract's schema
    with pytest.raises(Exception):  # noqa: B017, PT011 - the store's validation error
        meldungen.schreiben()
    assert len(meldungen._offen) == 1
