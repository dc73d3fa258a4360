"""Field types the payload schemas need beyond marshmallow's own."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from marshmallow import ValidationError, fields

from contracts.text import unzulaessige_zeichen


class JsonObject(fields.Dict):
    """A JSON object of any shape, e.g. a whole application body validated by its owner.

    Only JSON values are accepted (str, int, finite float, bool, None, list, dict with string
    keys), so the payload stays serialisable as it is, wherever it travels. Every string in it,
    key or value, is text that XML carries (contracts.text, multi-line): whatever the object
    holds can reach an XÖV message.
    """

    default_error_messages = {
        "not_json": "Not a JSON object (only JSON values are allowed).",
        "not_text": "Holds a control character that is not allowed ({zeichen}).",
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        loaded = super()._deserialize(value, attr, data, **kwargs)
        if not _is_json_value(loaded):
            raise ValidationError(self.error_messages["not_json"])
        zeichen = sorted(set(_unzulaessige_zeichen_in(loaded)))
        if zeichen:
            raise self.make_error("not_text", zeichen=", ".join(zeichen))
        return loaded


def _unzulaessige_zeichen_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield from unzulaessige_zeichen(value)
    elif isinstance(value, list):
        for item in value:
            yield from _unzulaessige_zeichen_in(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from unzulaessige_zeichen(key)
            yield from _unzulaessige_zeichen_in(item)


def _is_json_value(value: Any) -> bool:
    if value is None or isinstance(value, str | bool | int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_is_json_value(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_json_value(item) for key, item in value.items())
    return False
