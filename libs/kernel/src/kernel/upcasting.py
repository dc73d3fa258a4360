"""Upcasters turn payloads of old schema versions into the current one, on read.

Stored events are never rewritten: an event written as v1 stays v1 in the store, and every reader
sees it as the latest version. Each upcaster lifts one version: (type, n) -> n + 1.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kernel.envelope import Envelope

Upcaster = Callable[[dict], dict]


class Upcasters:
    def __init__(self) -> None:
        self._steps: dict[tuple[str, int], Upcaster] = {}

    def register(self, event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        def decorate(function: Upcaster) -> Upcaster:
            key = (event_type, from_version)
            if key in self._steps:
                raise ValueError(f"upcaster for {event_type} v{from_version} registered twice")
            self._steps[key] = function
            return function

        return decorate

    def upcast(self, event_type: str, version: int, payload: dict) -> tuple[int, dict]:
        """Apply every step from version onwards; (new version, new payload)."""
        while (step := self._steps.get((event_type, version))) is not None:
            payload = step(dict(payload))
            version += 1
        return version, payload

    def upcast_envelope(self, envelope: Envelope) -> Envelope:
        """The envelope with its payload at the latest version (itself when it is already)."""
        version, payload = self.upcast(
            envelope.event_type, envelope.schema_version, envelope.payload
        )
        if version == envelope.schema_version:
            return envelope
        return dataclasses.replace(envelope, schema_version=version, payload=payload)
