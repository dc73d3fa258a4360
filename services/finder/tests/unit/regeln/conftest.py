"""Fixtures of the rules tests: the real parameter files and the real Mietenstufen, read once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from finder.regeln import HaushaltSchema, Mietenstufen, MietenstufenFehlen, Parameterstand
from finder.regeln.grundlagen import Kontext


@pytest.fixture(scope="session")
def parameter() -> Parameterstand:
    return Parameterstand.laden()


@pytest.fixture(scope="session")
def mietenstufen() -> Mietenstufen:
    """The real list (../shared/data/finder). Its absence is a failure, not a skip."""
    try:
        return Mietenstufen.laden()
    except MietenstufenFehlen as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def k2025(parameter: Parameterstand) -> Kontext:
    return Kontext(parameter, date(2025, 7, 1))


@pytest.fixture(scope="session")
def laden() -> Any:
    schema = HaushaltSchema()
    return schema.load
