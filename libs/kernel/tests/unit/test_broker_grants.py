"""The permissions a service's broker user gets (docs/adr/0075), read with Python's re: the
broker's Erlang regexes treat these patterns alike."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from kernel.nameko.broker_users import BrokerGrant, read_grants

EMBEDDED = Path(__file__).parents[4] / "deploy" / "embedded" / "broker-users.txt"


def test_a_consumer_uses_its_own_names_and_binds_to_the_events_it_consumes():
    antrag = BrokerGrant("antrag", consumes=("zustaendigkeit", "xta_gateway"))
    for name in ("rpc-antrag", "antrag.events", "antrag.on_nachricht_zugestellt.retry.0"):
        assert re.fullmatch(antrag.configure(), name) and re.fullmatch(antrag.write(), name)
    assert re.fullmatch(antrag.read(), "zustaendigkeit.events")
    assert re.fullmatch(antrag.write(), "amq.default")  # retries and parking
    for fremd in ("zustaendigkeit.events", "rpc-zustaendigkeit", "xta_gateway.dead-letters"):
        assert not re.fullmatch(antrag.write(), fremd)
    assert not re.fullmatch(antrag.read(), "rpc-xta_gateway")


def test_on_nameko_rpc_a_service_publishes_replies_and_the_calls_it_was_granted():
    xta = BrokerGrant("xta_gateway", calls=("antrag",))
    keys = xta.rpc_routing_keys()
    assert re.fullmatch(keys, str(uuid.uuid4()))  # a reply, routed by the caller's UUID
    assert re.fullmatch(keys, "antrag.anlage_datei")
    assert not re.fullmatch(keys, "antragx.anlage_datei")
    assert not re.fullmatch(keys, "zustaendigkeit.ermitteln")
    assert BrokerGrant("gateway", calls=("*",)).rpc_routing_keys() == ".*"


def test_the_embedded_grants_name_every_service_of_make_run():
    grants = {grant.service: grant for grant in read_grants(EMBEDDED)}
    # the nameko services of services.txt (a `python:` line is a plain program, no broker user)
    zeilen = (EMBEDDED.parent / "services.txt").read_text().splitlines()
    felder = [z.split() for z in zeilen if z.strip() and not z.startswith("#")]
    dienste = {f[0] for f in felder if not f[2].startswith("python:")}
    assert set(grants) == dienste
    assert {"gateway", "zustaendigkeit", "antrag", "xta_gateway", "postkorb"} <= dienste
    assert grants["antrag"].consumes == ("zustaendigkeit", "xta_gateway", "gateway")
    assert grants["gateway"].calls == ("*",)


def test_a_line_that_is_not_three_fields_names_its_place(tmp_path):
    datei = tmp_path / "broker-users.txt"
    datei.write_text("# service calls consumes\ngateway *\n")
    with pytest.raises(ValueError, match="broker-users.txt:2"):
        read_grants(datei)
