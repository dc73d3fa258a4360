"""A Jobcenter's files (a Bescheid with a person's data) are read only by the broker users of
SOZ_XTA_EINGANG_LESER (by default the Postkorb's, and guest where every service shares one
user): any other caller is refused before any lookup and learns nothing of the message."""

from __future__ import annotations

import pytest

from xta_gateway import handlers
from xta_gateway.konfiguration import Konfiguration


class KeinZugriff:
    """An application that must not be touched: a refused caller learns nothing."""

    def __getattr__(self, name: str) -> None:
        raise AssertionError(f"looked up {name} for a refused caller")


@pytest.mark.parametrize("broker_user", ["gateway", "termine", None, ""])
def test_other_callers_are_refused_before_any_lookup(broker_user: str | None) -> None:
    with pytest.raises(handlers.NichtBerechtigt):
        handlers.eingang_anlage(
            KeinZugriff(), "message", "anlage", broker_user, frozenset({"postkorb", "guest"})
        )


def test_the_readers_come_from_the_environment() -> None:
    assert Konfiguration.aus_umgebung({}).eingang_leser == {"guest", "postkorb"}
    gesetzt = Konfiguration.aus_umgebung({"SOZ_XTA_EINGANG_LESER": " postkorb , ,postkorb-b"})
    assert gesetzt.eingang_leser == {"postkorb", "postkorb-b"}
