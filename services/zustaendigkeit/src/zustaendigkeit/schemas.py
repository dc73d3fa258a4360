"""The service's own event schema and the registry its event store validates against.

``ReferenzdatenImportiert`` is internal (``published = False``: stored, never on the bus). It
carries the whole resolved directory, not just its checksum, so that the lookup projection is
derived from the event store like any other projection (``kernel projections rebuild`` works)
and every ``ZustaendigkeitErmittelt`` can be traced to the exact data behind its
``datenstand`` (docs/adr/0010).
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import ValidationError, fields, validate

from contracts.base import EventPayloadSchema, PayloadPartSchema
from contracts.common import AGS_PATTERN, JOBCENTER_ID_PATTERN, PLZ_PATTERN, SHA256_PATTERN
from contracts.events import PUBLISHED_SCHEMAS
from contracts.registry import SchemaRegistry
from contracts.text import Text
from zustaendigkeit.domain.model import Referenzdaten

_KREIS_PATTERN = r"^[0-9]{5}$"
_NAME_PATTERN = r"^\S.{0,199}$"


def _text(maximum: int) -> fields.String:
    return fields.String(required=True, validate=validate.Length(min=1, max=maximum))


class DateiTeil(PayloadPartSchema):
    name = _text(200)
    sha256 = fields.String(required=True, validate=validate.Regexp(SHA256_PATTERN))
    zeilen = fields.Integer(required=True, validate=validate.Range(min=0))


class QuelleTeil(PayloadPartSchema):
    titel = _text(300)
    lizenz = _text(100)
    url = fields.String(validate=validate.Length(min=1, max=300))


class JobcenterTeil(PayloadPartSchema):
    id = fields.String(required=True, validate=validate.Regexp(JOBCENTER_ID_PATTERN))
    name = _text(200)
    traeger_art = fields.String(required=True, validate=validate.OneOf(["gE", "zkT"]))
    bundesland = _text(100)
    kreise = fields.List(
        fields.String(validate=validate.Regexp(_KREIS_PATTERN)),
        required=True,
        validate=validate.Length(min=1),
    )


class Tabelle(fields.Field):
    """Rows of strings, each cell checked against its column's pattern.

    The directory has about 24,000 rows; a Nested schema per row would spend seconds in
    marshmallow on every import and rebuild. This checks the same in one tight loop.
    """

    default_error_messages = {"zeile": "Row {index} does not match the columns {spalten}."}

    def __init__(self, spalten: tuple[tuple[str, str], ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spalten = tuple(name for name, _ in spalten)
        self.muster = tuple(re.compile(pattern) for _, pattern in spalten)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, list):
            raise ValidationError("Not a list of rows.")
        breite = len(self.muster)
        for index, zeile in enumerate(value):
            if not (
                isinstance(zeile, list | tuple)
                and len(zeile) == breite
                and all(
                    isinstance(zelle, str) and muster.fullmatch(zelle)
                    for zelle, muster in zip(zeile, self.muster, strict=True)
                )
            ):
                # The index only: a row holds place names, and errors never echo data.
                raise self.make_error("zeile", index=index, spalten=list(self.spalten))
        return [list(zeile) for zeile in value]

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value


class ReferenzdatenImportiert(EventPayloadSchema):
    """One import of the Jobcenter directory: its version, its sources and its content."""

    event_type = "ReferenzdatenImportiert"
    schema_version = 1
    producer = "zustaendigkeit"
    published = False

    datenstand = _text(100)
    pruefsumme = fields.String(required=True, validate=validate.Regexp(SHA256_PATTERN))
    dateien = fields.List(fields.Nested(DateiTeil), required=True)
    quellen = fields.List(fields.Nested(QuelleTeil), required=True)
    anzahl = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    hinweise = fields.List(fields.String(validate=validate.Length(max=500)), required=True)
    jobcenter = fields.List(fields.Nested(JobcenterTeil), required=True)
    gemeinden = Tabelle(
        (
            ("ags", AGS_PATTERN),
            ("name", _NAME_PATTERN),
            ("jobcenter", r"^[0-9]{5}(\|[0-9]{5})*$"),  # Träger-Nummern separated by "|"
            ("frage", r"^(bezirk)?$"),  # "bezirk": the Jobcenters split the Gemeinde by Bezirk
        ),
        required=True,
    )
    plz_orte = Tabelle(
        (("plz", PLZ_PATTERN), ("ags", AGS_PATTERN), ("ort", _NAME_PATTERN)), required=True
    )

    example = {
        "datenstand": "einglmv2026+plz-osm+gv2020q4@f0e85a6fdb50",
        "pruefsumme": "f0e85a6fdb50" + "0" * 52,
        "dateien": [{"name": "zuordnung_plz_ort.csv", "sha256": "2" * 64, "zeilen": 12870}],
        "quellen": [
            {
                "titel": "© OpenStreetMap contributors, ODbL 1.0",
                "lizenz": "ODbL-1.0",
                "url": "https://www.openstreetmap.org/copyright",
            }
        ],
        "anzahl": {"jobcenter": 1, "gemeinden": 1, "plz": 1},
        "hinweise": [],
        "jobcenter": [
            {
                "id": "68410",
                "name": "Biberach",
                "traeger_art": "zkT",
                "bundesland": "Baden-Württemberg",
                "kreise": ["08426"],
            }
        ],
        "gemeinden": [["08426021", "Biberach an der Riß", "68410", ""]],
        "plz_orte": [["88400", "08426021", "Biberach an der Riß"]],
    }


class KontaktTeil(PayloadPartSchema):
    """One row of the operators' contacts file, as checked (domain.kontakte); empty cells are
    left out."""

    jobcenter_id = Text(
        einzeilig=True, required=True, validate=validate.Regexp(JOBCENTER_ID_PATTERN)
    )
    name = Text(einzeilig=True, required=True, validate=validate.Length(min=1, max=200))
    strasse = Text(einzeilig=True, validate=validate.Length(min=1, max=200))
    plz = Text(einzeilig=True, validate=validate.Regexp(PLZ_PATTERN))
    ort = Text(einzeilig=True, validate=validate.Length(min=1, max=200))
    telefon = Text(einzeilig=True, validate=validate.Length(min=1, max=40))
    email = Text(einzeilig=True, validate=validate.Length(min=1, max=254))
    website = Text(einzeilig=True, validate=validate.Length(min=1, max=300))
    oeffnungszeiten = Text(einzeilig=True, validate=validate.Length(min=1, max=500))
    quelle = Text(einzeilig=True, required=True, validate=validate.Length(min=1, max=300))
    stand = Text(
        einzeilig=True, required=True, validate=validate.Regexp(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    )


class JobcenterKontakteImportiert(EventPayloadSchema):
    """One import of the instance's contacts file (docs/adr/0084): the whole checked file, so
    every version stays traceable in the store and the projection rebuilds from it."""

    event_type = "JobcenterKontakteImportiert"
    schema_version = 1
    producer = "zustaendigkeit"
    published = False

    pruefsumme = Text(einzeilig=True, required=True, validate=validate.Regexp(SHA256_PATTERN))
    datei = Text(einzeilig=True, required=True, validate=validate.Length(min=1, max=200))
    datenstand = Text(
        einzeilig=True,
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "The directory version the rows were checked against"},
    )
    kontakte = fields.List(fields.Nested(KontaktTeil), required=True)

    example = {
        "pruefsumme": "a" * 64,
        "datei": "jobcenter_kontakte.csv",
        "datenstand": "einglmv2026+plz-osm+gv2020q4@f0e85a6fdb50",
        "kontakte": [
            {
                "jobcenter_id": "68410",
                "name": "Biberach",
                "telefon": "069 90009 150",
                "website": "https://biberach.jobcenter.example.org",
                "quelle": "Beispieldaten (example.org), keine echten Kontaktdaten",
                "stand": "2026-01-15",
            }
        ],
    }


REGISTRY = SchemaRegistry(
    (*PUBLISHED_SCHEMAS, ReferenzdatenImportiert, JobcenterKontakteImportiert)
)


def payload_aus(daten: Referenzdaten) -> dict[str, Any]:
    """The ReferenzdatenImportiert payload for one import (optional fields left out)."""
    return {
        "datenstand": daten.datenstand,
        "pruefsumme": daten.pruefsumme,
        "dateien": [
            {"name": d.name, "sha256": d.sha256, "zeilen": d.zeilen} for d in daten.dateien
        ],
        "quellen": [
            {k: v for k, v in quelle.to_dict().items() if v is not None} for quelle in daten.quellen
        ],
        "anzahl": daten.anzahl(),
        "hinweise": list(daten.hinweise),
        "jobcenter": [
            {
                "id": j.id,
                "name": j.name,
                "traeger_art": j.traeger_art.value,
                "bundesland": j.bundesland,
                "kreise": list(j.kreise),
            }
            for j in daten.jobcenter
        ],
        "gemeinden": [
            [g.ags, g.name, "|".join(g.jobcenter_ids), g.frage.value if g.frage else ""]
            for g in daten.gemeinden
        ],
        "plz_orte": [[p.plz, p.ags, p.ort] for p in daten.plz_orte],
    }
