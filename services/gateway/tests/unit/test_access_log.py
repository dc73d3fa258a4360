"""The WSGI server's access log keeps no client address and no query string."""

from __future__ import annotations

import logging

from gateway.web.pforte import AccessLogWithoutPersonalData


def _record(message: str) -> logging.LogRecord:
    return logging.LogRecord("nameko.web.server", logging.INFO, __file__, 1, message, (), None)


def test_access_lines_lose_the_client_address_and_query() -> None:
    record = _record(
        '198.51.100.7 - - [02/Mar/2026 09:00:00] "GET /probe?plz=10115&ort=Berlin HTTP/1.1" '
        "200 512 0.004211"
    )
    assert AccessLogWithoutPersonalData().filter(record)
    message = record.getMessage()
    assert message == "http GET /probe 200 512 bytes 0.004211s"


def test_other_server_messages_are_reduced_to_a_fixed_text() -> None:
    record = _record('Traceback ... ValueError: "Erika Mustermann"')
    AccessLogWithoutPersonalData().filter(record)
    assert "Erika" not in record.getMessage()
