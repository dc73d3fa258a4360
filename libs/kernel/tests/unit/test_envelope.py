from __future__ import annotations

import orjson
import pytest

from kernel.envelope import Envelope, new_id, utc_now_rfc3339
from kernel.errors import MalformedEnvelope


def make(**override) -> dict:
    data = dict(
        event_id=new_id(),
        event_type="EtwasPassiert",
        schema_version=1,
        occurred_at=utc_now_rfc3339(),
        producer="dienst",
        stream_id="s-1",
        stream_version=1,
        correlation_id=new_id(),
        causation_id=None,
        payload={"a": 1},
    )
    data.update(override)
    return data


def test_round_trip():
    envelope = Envelope.from_json(orjson.dumps(make()))
    assert Envelope.from_json(envelope.to_json()) == envelope
    assert envelope.occurred_at.endswith("Z")


@pytest.mark.parametrize(
    "body, fragment",
    [
        (b"{broken", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (orjson.dumps({k: v for k, v in make().items() if k != "stream_id"}), "stream_id"),
        (orjson.dumps(make(extra="x")), "unknown: ['extra']"),
        (orjson.dumps(make(schema_version="1")), "schema_version"),
        (orjson.dumps(make(stream_version=0)), "stream_version"),
        (orjson.dumps(make(schema_version=True)), "schema_version"),
        (orjson.dumps(make(payload="Erika Mustermann")), "payload"),
        (orjson.dumps(make(causation_id=5)), "causation_id"),
    ],
)
def test_malformed_envelopes_name_the_problem_not_the_values(body, fragment):
    with pytest.raises(MalformedEnvelope) as raised:
        Envelope.from_json(body)
    assert fragment in str(raised.value)
    assert "Erika" not in str(raised.value)


def test_event_rows_are_decoded_in_table_column_order():
    """EventStore._decode_rows unpacks rows by position, in this order."""
    from kernel.tables import events

    assert [column.name for column in events.columns] == [
        "position",
        "transaction_id",
        "stream_id",
        "stream_version",
        "event_id",
        "event_type",
        "schema_version",
        "occurred_at",
        "payload",
        "producer",
        "correlation_id",
        "causation_id",
    ]
