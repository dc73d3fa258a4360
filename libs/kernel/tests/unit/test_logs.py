from __future__ import annotations

import io
import json
import logging

import structlog

from kernel.logs import bind_correlation, configure_logging


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_json_lines_carry_service_and_correlation():
    stream = io.StringIO()
    configure_logging("antrag", stream=stream)
    bind_correlation("corr-1", "cause-1")
    structlog.get_logger("x").info("antrag_eingereicht", antrag_id="a-1")
    [line] = lines(stream)
    assert line["event"] == "antrag_eingereicht" and line["antrag_id"] == "a-1"
    assert line["service"] == "antrag" and line["correlation_id"] == "corr-1"
    assert line["causation_id"] == "cause-1" and line["level"] == "info"


def test_personal_keys_and_payloads_never_reach_the_log():
    stream = io.StringIO()
    configure_logging("antrag", stream=stream)
    structlog.get_logger("x").info(
        "careless",
        vorname="Erika",
        IBAN="DE02120300000000202051",
        payload={"name": "Erika"},
        personen=["Max"],
        antrag_id="a-1",
    )
    text = stream.getvalue()
    assert "Erika" not in text and "DE0212" not in text and "Max" not in text
    assert lines(stream)[0]["antrag_id"] == "a-1"


def test_exception_messages_of_stdlib_loggers_are_reduced_to_their_type():
    stream = io.StringIO()
    configure_logging("antrag", stream=stream)
    try:
        raise ValueError("IBAN DE02120300000000202051 of Erika Mustermann invalid")
    except ValueError as error:
        logging.getLogger("nameko.containers").exception("error handling worker %s: %s", "w", error)
    text = stream.getvalue()
    assert "Erika" not in text and "DE0212" not in text
    assert "ValueError" in text and "error handling worker" in text
