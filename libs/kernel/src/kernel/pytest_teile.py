"""The two parts of `make test` (docs/adr/0123), as a pytest plugin that scripts/setup.sh loads
with ``-p kernel.pytest_teile`` (so it applies whichever folder's settings pytest picks, e.g.
contracts/ has its own).

Part 1 (SOZ_TEST_TEIL=parallel) runs every test not marked ``alleine``, spread over several
processes; part 2 (SOZ_TEST_TEIL=alleine) runs the marked ones on their own: those that disturb
every other test on the machine (a RabbitMQ restart) and those that compare durations, which the
other processes' load would blur. Without SOZ_TEST_TEIL a run holds every test.
"""

from __future__ import annotations

import os
from typing import Any

MARKE = "alleine"


def pytest_configure(config: Any) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKE}: disturbs every other test on the machine (restarts RabbitMQ) or compares "
        "durations; make test runs it after the parallel part, on its own",
    )


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    teil = os.environ.get("SOZ_TEST_TEIL")
    if teil not in ("parallel", MARKE):
        return
    behalten, weg = [], []
    for item in items:
        alleine = item.get_closest_marker(MARKE) is not None
        (behalten if alleine == (teil == MARKE) else weg).append(item)
    if weg:
        config.hook.pytest_deselected(items=weg)
        items[:] = behalten
