"""Named errors of the kernel. Messages never carry payload values (they may be personal data)."""


class KernelError(Exception):
    """Base of every error the kernel raises on purpose."""


class ConcurrencyConflict(KernelError):
    """Appending at a stale stream version: someone else appended first. Retry or refuse."""

    def __init__(self, stream_id: str, expected_version: int) -> None:
        super().__init__(
            f"stream {stream_id!r} is no longer at version {expected_version}: "
            "another writer appended first"
        )
        self.stream_id = stream_id
        self.expected_version = expected_version


class StreamNotFound(KernelError):
    def __init__(self, stream_id: str) -> None:
        super().__init__(f"stream {stream_id!r} does not exist")
        self.stream_id = stream_id


class UnregisteredEvent(KernelError):
    """An event type/version without a schema: the store refuses what it cannot check."""

    def __init__(self, event_type: str, schema_version: int) -> None:
        super().__init__(f"no schema registered for {event_type} v{schema_version}")
        self.event_type = event_type
        self.schema_version = schema_version


class InvalidEvent(KernelError):
    """A payload that does not match its schema. Carries field names, never values."""

    def __init__(self, event_type: str, field_errors: dict) -> None:
        super().__init__(f"{event_type} payload invalid in fields: {sorted(field_errors)}")
        self.event_type = event_type
        self.field_errors = field_errors


class MissingDataSubject(KernelError):
    """A payload with personal fields but no data subject to encrypt them for."""

    def __init__(self, event_type: str) -> None:
        super().__init__(f"{event_type} has personal fields but no data subject id")
        self.event_type = event_type


class MalformedEnvelope(KernelError):
    """A message on the bus that is not a valid event envelope."""


class PermanentFailure(KernelError):
    """Raised by a handler for a failure that no retry can mend: the message is parked at once."""
