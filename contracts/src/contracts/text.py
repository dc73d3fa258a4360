"""One definition of "text" for every field of every contract (docs/adr/0066).

Every text a person enters ends up in an XÖV message (XML 1.0) and in PDFs. A character XML 1.0
cannot carry (most C0 controls, lone surrogates, U+FFFE/U+FFFF) makes the message fail its
schema, and the delivery fails for good, long after the person was told the application was
received. So text is checked where it enters, with this one definition:

- Multi-line text (free text such as a Begründung): any character XML 1.0 carries and does not
  discourage. Tab and line breaks are allowed; CRLF and a lone CR become LF (what an XML parser
  makes of them anyway, and what a browser's textarea sends as CRLF).
- Single-line text (names, street, file names, ...): additionally no tab, no line break
  (LF, CR, U+2028, U+2029) and no bidirectional formatting controls, which can make
  ``rechnung\u202efdp.exe`` read as ``rechnungexe.pdf``.

Refused are, beyond what XML 1.0 cannot carry, the characters it discourages (DEL, the C1
controls U+0080-U+009F, the noncharacters): nobody types them, and they are invisible.

Error messages name the characters as code points ("U+0007"), never the text around them.
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import ValidationError, fields

# Code points XML 1.0 cannot carry (production Char) or discourages (section 2.2), as ranges.
_NICHT_XML: tuple[tuple[int, int], ...] = (
    (0x0000, 0x0008),
    (0x000B, 0x000C),
    (0x000E, 0x001F),
    (0x007F, 0x009F),
    (0xD800, 0xDFFF),
    (0xFDD0, 0xFDEF),
    (0xFFFE, 0xFFFF),
    *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0x10000, 0x110000, 0x10000)),
)
# Line structure: allowed in multi-line text only.
_ZEILENTRENNER: tuple[tuple[int, int], ...] = (
    (0x0009, 0x000A),
    (0x000D, 0x000D),
    (0x2028, 0x2029),
)
# Bidirectional formatting controls (Unicode UAX #9): ALM, LRM/RLM, embeddings and overrides,
# isolates. They reorder what a reader sees; in a name or a file name they only deceive.
BIDI_STEUERZEICHEN: tuple[tuple[int, int], ...] = (
    (0x061C, 0x061C),
    (0x200E, 0x200F),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
)


def _klasse(bereiche: tuple[tuple[int, int], ...]) -> str:
    teile = []
    for start, ende in bereiche:
        teile.append(re.escape(chr(start)))
        if ende != start:
            teile.append("-" + re.escape(chr(ende)))
    return "".join(teile)


_MEHRZEILIG_VERBOTEN = re.compile(f"[{_klasse(_NICHT_XML)}]")
_EINZEILIG_VERBOTEN = re.compile(f"[{_klasse(_NICHT_XML + _ZEILENTRENNER + BIDI_STEUERZEICHEN)}]")
_ZEILENENDE = re.compile("\r\n?")


def unzulaessige_zeichen(value: str, *, einzeilig: bool = False) -> list[str]:
    """The characters of ``value`` that text may not hold, as "U+XXXX", each once, in order.

    An empty list means the text is fine. ``einzeilig`` selects the stricter single-line variant
    (names, file names): no tab, no line break, no bidi controls.
    """
    muster = _EINZEILIG_VERBOTEN if einzeilig else _MEHRZEILIG_VERBOTEN
    gefunden: dict[str, None] = {}
    for treffer in muster.finditer(value):
        gefunden[f"U+{ord(treffer.group()):04X}"] = None
    return list(gefunden)


def vereinheitlichen(value: str, *, einzeilig: bool = False) -> str:
    """``value`` as it is stored: line ends of multi-line text as LF; anything else unchanged."""
    return value if einzeilig else _ZEILENENDE.sub("\n", value)


def json_schema_pattern(*, einzeilig: bool = False) -> str:
    """The same rule as an ECMA-262 pattern for JSON Schema and OpenAPI documents.

    The pattern covers the Basic Multilingual Plane; the noncharacters beyond it (U+1FFFE, ...)
    and lone surrogates cannot be written in a pattern without the u flag, so the server's check
    stays the stricter one.
    """
    bereiche = _NICHT_XML + (_ZEILENTRENNER + BIDI_STEUERZEICHEN if einzeilig else ())
    klasse = "".join(
        f"\\u{start:04X}" if start == ende else f"\\u{start:04X}-\\u{ende:04X}"
        for start, ende in bereiche
        if ende <= 0xFFFF and not (start >= 0xD800 and ende <= 0xDFFF)
    )
    return f"^[^{klasse}]*$"


class UnzulaessigeZeichen(ValidationError):
    """Text holds characters it may not; ``zeichen`` lists them as "U+XXXX"."""

    def __init__(self, message: str, zeichen: list[str], *, einzeilig: bool) -> None:
        super().__init__(message)
        self.zeichen = zeichen
        self.einzeilig = einzeilig


MELDUNG_STEUERZEICHEN = "Contains a control character that is not allowed ({zeichen})."
MELDUNG_EINZEILIG = (
    "Contains a line break, tab or text-direction character that is not allowed here ({zeichen})."
)


def pruefen(value: str, *, einzeilig: bool = False) -> None:
    """Raise ``UnzulaessigeZeichen`` when ``value`` holds a character text may not."""
    zeichen = unzulaessige_zeichen(value, einzeilig=einzeilig)
    if not zeichen:
        return
    nur_mehrzeilig_erlaubt = not unzulaessige_zeichen(value, einzeilig=False)
    vorlage = MELDUNG_EINZEILIG if nur_mehrzeilig_erlaubt else MELDUNG_STEUERZEICHEN
    raise UnzulaessigeZeichen(
        vorlage.format(zeichen=", ".join(zeichen)), zeichen, einzeilig=einzeilig
    )


class TextValidator:
    """A marshmallow validator: ``fields.String(validate=TextValidator(einzeilig=True))``."""

    def __init__(self, *, einzeilig: bool = False) -> None:
        self.einzeilig = einzeilig

    def __call__(self, value: str) -> str:
        pruefen(value, einzeilig=self.einzeilig)
        return value

    def __repr__(self) -> str:
        return f"TextValidator(einzeilig={self.einzeilig})"


class Text(fields.String):
    """A string field holding text by the platform's one definition.

    ``einzeilig=True`` for names, addresses, file names and other single-line values. Multi-line
    values are loaded with LF line ends. The generated JSON Schema / OpenAPI carries the rule as
    ``pattern`` (see ``json_schema_pattern``) and ``x-text: einzeilig | mehrzeilig``.
    """

    def __init__(self, *, einzeilig: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.einzeilig = einzeilig

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        loaded = super()._deserialize(value, attr, data, **kwargs)
        pruefen(loaded, einzeilig=self.einzeilig)
        return vereinheitlichen(loaded, einzeilig=self.einzeilig)


def text_properties(converter: Any, field: fields.Field, **kwargs: Any) -> dict[str, Any]:
    """An apispec attribute function: the text rule of a ``Text`` field as JSON Schema keywords.

    Register with ``converter.add_attribute_function(text_properties)``.
    """
    if not isinstance(field, Text):
        return {}
    properties: dict[str, Any] = {"x-text": "einzeilig" if field.einzeilig else "mehrzeilig"}
    # A field with its own pattern (a Regexp validator, e.g. a PLZ) is stricter already.
    if "pattern" not in kwargs.get("ret", {}):
        properties["pattern"] = json_schema_pattern(einzeilig=field.einzeilig)
    return properties
