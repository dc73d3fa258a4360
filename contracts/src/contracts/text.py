"""One definition of "text" for every field of every contract (docs/adr/0066).

Every text a person enters ends up in an XÖV message (XML 1.0) and in PDFs. A character XML 1.0
cannot carry (most C0 controls, lone surrogates, U+FFFE/U+FFFF) makes the message fail its
schema, and the delivery fails for good, long after the person was told the application was
received. So text is checked where it enters, with this one definition:

- Multi-line text (free text such as a Begründung, a message): every character XML 1.0
  carries. Tab and line breaks are allowed; CRLF and a lone CR become LF (what an XML parser
  makes of them anyway, and what a browser's textarea sends as CRLF).
- Single-line text (names, street, town, file names, codes): no control character at all
  (Unicode category Cc: C0, DEL, C1, so no tab and no line break either), no line or paragraph
  separator (U+2028, U+2029) and no bidirectional formatting control, which can make
  ``rechnung\u202efdp.exe.pdf`` read as ``rechnungfdp.exe.pdf`` reversed. Nor, of course,
  anything XML 1.0 cannot carry.

Letters of every script are text, inside the Basic Multilingual Plane and beyond it.
Error messages name the characters as code points ("U+0007"), never the text around them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError, fields

# Code points outside XML 1.0's production Char (besides tab, LF and CR, which it allows).
_NICHT_XML: tuple[tuple[int, int], ...] = (
    (0x0000, 0x0008),
    (0x000B, 0x000C),
    (0x000E, 0x001F),
    (0xD800, 0xDFFF),
    (0xFFFE, 0xFFFF),
)
# Controls XML carries but a single line must not hold: tab, LF, CR, DEL and C1 (with NEL),
# and the Unicode line and paragraph separators.
_NUR_MEHRZEILIG: tuple[tuple[int, int], ...] = (
    (0x0009, 0x000A),
    (0x000D, 0x000D),
    (0x007F, 0x009F),
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
_EINZEILIG_VERBOTEN = re.compile(f"[{_klasse(_NICHT_XML + _NUR_MEHRZEILIG + BIDI_STEUERZEICHEN)}]")
_ZEILENENDE = re.compile("\r\n?")


def unzulaessige_zeichen(value: str, *, einzeilig: bool = False) -> list[str]:
    """The characters of ``value`` that text may not hold, as "U+XXXX", each once, in order.

    An empty list means the text is fine. ``einzeilig`` selects the stricter single-line variant
    (names, file names): no control character, no line break, no bidi control.
    """
    muster = _EINZEILIG_VERBOTEN if einzeilig else _MEHRZEILIG_VERBOTEN
    gefunden: dict[str, None] = {}
    for treffer in muster.finditer(value):
        gefunden[f"U+{ord(treffer.group()):04X}"] = None
    return list(gefunden)


def dateiname(name: object, *, laenge: int = 120, ersatz: str = "anlage") -> str:
    """A file name safe to show, store and send on: no path, none of the characters
    single-line text may not hold (controls, line breaks, bidi controls, which can make
    "rechnung\u202efdp.exe" read as "rechnungexe.pdf"), white space folded, at most ``laenge``
    characters; ``ersatz`` where nothing is left. Removed, not refused: a file name is a label
    the sender's device chose, the content is judged by its bytes (docs/adr/0069). Used for the
    person's uploads and for the attachments a Jobcenter sends."""
    if not isinstance(name, str):
        return ersatz
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = _EINZEILIG_VERBOTEN.sub("", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    return name[:laenge] or ersatz


def vereinheitlichen(value: str, *, einzeilig: bool = False) -> str:
    """``value`` as it is stored: line ends of multi-line text as LF; anything else unchanged."""
    return value if einzeilig else _ZEILENENDE.sub("\n", value)


def json_schema_pattern(*, einzeilig: bool = False, nicht_leer: bool = False) -> str:
    """The same rule as an ECMA-262 pattern for JSON Schema and OpenAPI documents.

    ``nicht_leer``: besides, at least one character that is not white space (for a field the
    server treats as missing when it is blank).

    Lone surrogates are left out: without the u flag a pattern sees a character beyond the Basic
    Multilingual Plane as two surrogates, and would refuse it. The server's check is complete.
    """
    bereiche = _NICHT_XML + (_NUR_MEHRZEILIG + BIDI_STEUERZEICHEN if einzeilig else ())
    klasse = "".join(
        f"\\u{start:04X}" if start == ende else f"\\u{start:04X}-\\u{ende:04X}"
        for start, ende in bereiche
        if ende <= 0xFFFF and not (start >= 0xD800 and ende <= 0xDFFF)
    )
    if nicht_leer:
        return f"^[^{klasse}]*[^{klasse}\\s][^{klasse}]*$"
    return f"^[^{klasse}]*$"


# The keys of the two errors; schemas whose messages are codes map them to their own codes
# (error_messages={"steuerzeichen": "text_steuerzeichen", ...}).
FEHLER_STEUERZEICHEN = "steuerzeichen"
FEHLER_EINZEILIG = "nicht_einzeilig"
MELDUNGEN: dict[str, str] = {
    FEHLER_STEUERZEICHEN: "Contains a control character that is not allowed ({zeichen}).",
    FEHLER_EINZEILIG: "Contains a line break, control or text-direction character that is "
    "not allowed here ({zeichen}).",
}


def fehlerart(value: str, *, einzeilig: bool = False) -> str | None:
    """Which rule ``value`` breaks: ``FEHLER_STEUERZEICHEN`` (nothing may hold it),
    ``FEHLER_EINZEILIG`` (fine in multi-line text only) or None."""
    if _MEHRZEILIG_VERBOTEN.search(value):
        return FEHLER_STEUERZEICHEN
    if einzeilig and _EINZEILIG_VERBOTEN.search(value):
        return FEHLER_EINZEILIG
    return None


class TextValidator:
    """A marshmallow validator for a field that is no ``Text`` (e.g. an Email or a list item).

    ``fehler`` replaces the messages by key, e.g. with codes; ``{zeichen}`` in a message is
    filled with the refused code points.
    """

    def __init__(self, *, einzeilig: bool = False, fehler: Mapping[str, str] | None = None) -> None:
        self.einzeilig = einzeilig
        self.meldungen = {**MELDUNGEN, **(fehler or {})}

    def __call__(self, value: str) -> str:
        art = fehlerart(value, einzeilig=self.einzeilig)
        if art is not None:
            zeichen = ", ".join(unzulaessige_zeichen(value, einzeilig=self.einzeilig))
            raise ValidationError(self.meldungen[art].format(zeichen=zeichen))
        return value

    def __repr__(self) -> str:
        return f"TextValidator(einzeilig={self.einzeilig})"


class Text(fields.String):
    """A string field holding text by the platform's one definition.

    ``einzeilig=True`` for names, addresses, file names, codes and other single-line values.
    Multi-line values are loaded with LF line ends. The checks run before the field's own
    validators, so a pattern never sees a control character. The generated JSON Schema and
    OpenAPI carry the rule as ``pattern`` (see ``json_schema_pattern``) and
    ``x-text: einzeilig | mehrzeilig``.
    """

    default_error_messages = MELDUNGEN

    def __init__(self, *, einzeilig: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.einzeilig = einzeilig

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        loaded = super()._deserialize(value, attr, data, **kwargs)
        art = fehlerart(loaded, einzeilig=self.einzeilig)
        if art is not None:
            zeichen = ", ".join(unzulaessige_zeichen(loaded, einzeilig=self.einzeilig))
            raise self.make_error(art, zeichen=zeichen)
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
