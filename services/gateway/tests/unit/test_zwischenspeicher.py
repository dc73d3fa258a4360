"""Answers kept per answer version (gateway.adapters.zwischenspeicher, docs/adr/0015): kept
while the version holds, dropped when it changes or cannot be read, bounded, never for what the
service did not promise."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from nameko.exceptions import RemoteError

from gateway.adapters.dienste import Downstream, DownstreamRpc
from gateway.adapters.zwischenspeicher import Antwortspeicher, Zwischenspeicherbar
from gateway.fehler import DienstNichtVerfuegbar

ZUSAGE = Zwischenspeicherbar(
    stand_methode="stand",
    methoden=frozenset({"ermitteln"}),
    fehler=frozenset({"PlzUnbekannt"}),
)


class Dienst:
    """Stands in for the RPC: counts calls, answers from a table."""

    def __init__(self) -> None:
        self.aufrufe: list[tuple[str, dict]] = []
        self.stand: str | Exception = "daten@1+zkt@a"

    def __call__(self, method: str, kwargs: dict) -> Any:
        self.aufrufe.append((method, kwargs))
        if method == "stand":
            if isinstance(self.stand, Exception):
                raise self.stand
            return self.stand
        if kwargs.get("plz") == "00000":
            raise RemoteError("PlzUnbekannt", "plz_unbekannt")
        if kwargs.get("plz") == "kaputt":
            raise RemoteError("ValueError", "intern")
        return {"plz": kwargs.get("plz"), "stand": self.stand}


class FakeDownstream(Downstream):
    def __init__(self, provider: DownstreamRpc, dienst: Dienst) -> None:
        super().__init__(provider, {}, 1.0)
        self.dienst = dienst

    def _rufen(self, service: str, method: str, args: tuple, kwargs: dict) -> Any:
        return self.dienst(method, kwargs)


@pytest.fixture
def dienst() -> Dienst:
    return Dienst()


@pytest.fixture
def provider() -> DownstreamRpc:
    rpc = DownstreamRpc()
    rpc.configure(1.0, {"zustaendigkeit": ZUSAGE}, eintraege=3)
    return rpc


@pytest.fixture
def downstream(
    provider: DownstreamRpc, dienst: Dienst, monkeypatch: pytest.MonkeyPatch
) -> FakeDownstream:
    """The provider reads the version through a Downstream of its own: use the fake there too."""
    monkeypatch.setattr(
        "gateway.adapters.dienste.Downstream",
        lambda provider_, context, timeout: FakeDownstream(provider_, dienst),
    )
    return FakeDownstream(provider, dienst)


def speicher(provider: DownstreamRpc) -> Antwortspeicher:
    return provider.zwischenspeicher["zustaendigkeit"]


def test_nothing_is_kept_before_the_version_is_known(
    downstream: FakeDownstream, dienst: Dienst
) -> None:
    downstream.zustaendigkeit.ermitteln(plz="63571")
    downstream.zustaendigkeit.ermitteln(plz="63571")
    assert len(dienst.aufrufe) == 2


def test_an_answer_is_kept_while_the_version_holds(
    downstream: FakeDownstream, dienst: Dienst, provider: DownstreamRpc
) -> None:
    provider.stand_pruefen(speicher(provider))

    erste = downstream.zustaendigkeit.ermitteln(plz="63571")
    zweite = downstream.zustaendigkeit.ermitteln(plz="63571")

    assert erste == zweite == {"plz": "63571", "stand": "daten@1+zkt@a"}
    assert dienst.aufrufe == [("stand", {}), ("ermitteln", {"plz": "63571"})]
    assert (speicher(provider).treffer, speicher(provider).fehlgriffe) == (1, 1)


def test_a_new_version_or_none_drops_every_kept_answer(
    downstream: FakeDownstream, dienst: Dienst, provider: DownstreamRpc
) -> None:
    provider.stand_pruefen(speicher(provider))
    downstream.zustaendigkeit.ermitteln(plz="63571")

    dienst.stand = "daten@2+zkt@a"
    provider.stand_pruefen(speicher(provider))
    assert downstream.zustaendigkeit.ermitteln(plz="63571")["stand"] == "daten@2+zkt@a"

    dienst.stand = DienstNichtVerfuegbar("zustaendigkeit")
    provider.stand_pruefen(speicher(provider))
    assert speicher(provider).stand is None and len(speicher(provider)) == 0
    downstream.zustaendigkeit.ermitteln(plz="63571")
    assert [m for m, _ in dienst.aufrufe].count("ermitteln") == 3


def test_an_answer_fetched_under_an_older_version_is_not_kept(
    downstream: FakeDownstream, dienst: Dienst, provider: DownstreamRpc
) -> None:
    provider.stand_pruefen(speicher(provider))
    alt = speicher(provider).stand
    speicher(provider).stand_setzen("daten@2+zkt@a")

    speicher(provider).merken(("ermitteln", (), (("plz", "63571"),)), alt, {"alt": True})

    assert len(speicher(provider)) == 0


def test_promised_errors_are_kept_other_errors_never(
    downstream: FakeDownstream, dienst: Dienst, provider: DownstreamRpc
) -> None:
    provider.stand_pruefen(speicher(provider))
    for _ in range(2):
        with pytest.raises(RemoteError) as unbekannt:
            downstream.zustaendigkeit.ermitteln(plz="00000")
        assert (unbekannt.value.exc_type, unbekannt.value.value) == (
            "PlzUnbekannt",
            "plz_unbekannt",
        )
    for _ in range(2):
        with pytest.raises(RemoteError):
            downstream.zustaendigkeit.ermitteln(plz="kaputt")
    calls = [kwargs["plz"] for method, kwargs in dienst.aufrufe if method == "ermitteln"]
    assert calls == ["00000", "kaputt", "kaputt"]


def test_only_promised_methods_and_short_text_arguments_are_kept(
    downstream: FakeDownstream, dienst: Dienst, provider: DownstreamRpc
) -> None:
    provider.stand_pruefen(speicher(provider))
    for _ in range(2):
        downstream.zustaendigkeit.orte(text="Frank")
        downstream.zustaendigkeit.ermitteln(plz="6" * 200)
        downstream.zustaendigkeit.ermitteln(plz=63571)
        downstream.andere.ermitteln(plz="63571")
    assert len(dienst.aufrufe) == 1 + 8


def test_the_number_of_kept_answers_is_bounded_least_recently_used_first(
    downstream: FakeDownstream, dienst: Dienst, provider: DownstreamRpc
) -> None:
    provider.stand_pruefen(speicher(provider))
    for plz in ("00001", "00002", "00003", "00001", "00004"):  # 00002 is the oldest now
        downstream.zustaendigkeit.ermitteln(plz=plz)
    assert len(speicher(provider)) == 3

    downstream.zustaendigkeit.ermitteln(plz="00001")
    downstream.zustaendigkeit.ermitteln(plz="00002")
    calls = [kwargs["plz"] for method, kwargs in dienst.aufrufe if method == "ermitteln"]
    assert calls == ["00001", "00002", "00003", "00004", "00002"]


def test_zero_entries_keeps_nothing() -> None:
    rpc = DownstreamRpc()
    rpc.configure(1.0, {"zustaendigkeit": ZUSAGE}, eintraege=0)
    assert rpc.zwischenspeicher == {}


def test_the_version_is_read_only_once_the_reply_listener_consumes() -> None:
    """Extensions start side by side: a reply registered before the reply listener declared
    its queue would make nameko's listener fail at start (ReplyQueueExpiredWithPendingReplies)."""
    rpc = DownstreamRpc()
    rpc.configure(1.0, {"zustaendigkeit": ZUSAGE}, eintraege=3)
    reihenfolge: list[str] = []

    class Verbraucher:
        def wait_until_consumer_ready(self) -> None:
            reihenfolge.append("reply listener bereit")

    class Ende(Exception):
        pass

    def stand_pruefen(speicher: Antwortspeicher) -> None:
        reihenfolge.append("stand gelesen")
        raise Ende

    rpc.reply_listener = SimpleNamespace(consumer=Verbraucher())  # type: ignore[assignment]
    rpc.stand_pruefen = stand_pruefen  # type: ignore[method-assign]
    with pytest.raises(Ende):
        rpc._stand_verfolgen(speicher(rpc))

    assert reihenfolge == ["reply listener bereit", "stand gelesen"]
