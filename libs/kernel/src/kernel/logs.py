"""structlog JSON logging with the correlation context on every line and no personal data.

The kernel logs ids, types, counts and error *types* only, never payloads or exception messages
(either can hold personal data). As a second line of defence, a processor drops any key that
names personal data and any value that is a mapping (a payload passed by mistake).
"""

from __future__ import annotations

import logging
import sys

import structlog
from structlog.contextvars import bind_contextvars, clear_contextvars, merge_contextvars

# Keys whose values are personal data wherever they turn up (German and English names).
PERSONAL_KEYS = frozenset(
    {
        "name",
        "vorname",
        "nachname",
        "familienname",
        "geburtsname",
        "geburtsdatum",
        "geburtsort",
        "birth_date",
        "first_name",
        "last_name",
        "adresse",
        "anschrift",
        "address",
        "strasse",
        "street",
        "hausnummer",
        "plz",
        "postcode",
        "ort",
        "wohnort",
        "email",
        "e_mail",
        "telefon",
        "phone",
        "iban",
        "bic",
        "einkommen",
        "income",
        "vermoegen",
        "gesundheit",
        "health",
        "steuer_id",
        "sozialversicherungsnummer",
        "payload",
        "body",
        "antrag",
        "inhalt",
        "text",
        "nachricht",
        "passwort",
        "password",
    }
)
REDACTED = "[entfernt]"


def drop_personal_data(_logger, _method, event_dict: dict) -> dict:
    for key in list(event_dict):
        if key.lower() in PERSONAL_KEYS or isinstance(event_dict[key], dict | list):
            event_dict[key] = REDACTED
    return event_dict


class StripExceptionDetails(logging.Filter):
    """Exception messages and tracebacks of third-party loggers (nameko logs a failed worker's
    exception) may quote personal data: keep the logger's message and the exception type only."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            error_type = record.exc_info[0].__name__
            record.msg = f"{str(record.msg).split('%')[0].strip(' :')} ({error_type})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


def configure_logging(service: str, level: str = "INFO", stream=None) -> None:  # noqa: ANN001
    """JSON lines on stdout (or stream) for structlog and stdlib loggers alike, each with
    service, correlation_id and causation_id of the current unit of work."""
    shared = [
        merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        drop_personal_data,
    ]
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.addFilter(StripExceptionDetails())
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.JSONRenderer(),
            ],
            foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    structlog.configure(
        processors=[
            structlog.stdlib.add_logger_name,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    bind_service(service)
    bind_correlation(None)


_service = {"service": "kernel"}


def bind_service(service: str) -> None:
    _service["service"] = service


def bind_correlation(correlation_id: str | None, causation_id: str | None = None) -> None:
    """Start a fresh context for one unit of work (a worker, a CLI command)."""
    clear_contextvars()
    bind_contextvars(
        service=_service["service"], correlation_id=correlation_id, causation_id=causation_id
    )
