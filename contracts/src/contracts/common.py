"""Value types and payload parts used by more than one producer."""

from __future__ import annotations

import enum

from marshmallow import fields, validate

from contracts.base import PayloadPartSchema
from contracts.text import Text

PLZ_PATTERN = r"^[0-9]{5}$"
AGS_PATTERN = r"^[0-9]{8}$"
JOBCENTER_ID_PATTERN = r"^[0-9]{5}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
MIME_TYPE_PATTERN = r"^[a-z]+/[a-z0-9][a-z0-9.+-]*$"


# What antrag may have removed from an uploaded PDF (docs/adr/0069): the names an attachment's
# ``entschaerft`` holds, in antrag's events and answers and in the gateway's API.
ENTSCHAERFT_ARTEN = (
    "andere_aktionen",
    "eingebettete_dateien",
    "javascript",
    "launch",
    "multimedia",
    "verschluesselung",
    "xfa",
)


class Leistung(enum.StrEnum):
    """The benefits a person can apply for through the platform."""

    BUERGERGELD = "buergergeld"
    BILDUNG_TEILHABE = "bildung_teilhabe"
    EINGLIEDERUNG = "eingliederung"
    EINSTIEGSGELD = "einstiegsgeld"
    MIETRUECKSTAENDE = "mietrueckstaende"


class TraegerArt(enum.StrEnum):
    """zkT: zugelassener kommunaler Träger; gE: gemeinsame Einrichtung."""

    ZKT = "zkT"
    GE = "gE"


class Kanal(enum.StrEnum):
    """Where a person applies to a Jobcenter."""

    SOZIALPLATTFORM = "sozialplattform"
    JOBCENTER_DIGITAL = "jobcenter.digital"
    JOBCENTER = "jobcenter"


class Sprache(enum.StrEnum):
    """Languages of the portal as BCP 47 tags; Leichte Sprache has the private-use tag de-x-ls."""

    DEUTSCH = "de"
    ENGLISCH = "en"
    LEICHTE_SPRACHE = "de-x-ls"


# The first two digits of an Amtlicher Gemeindeschlüssel name the Land: its ISO 3166-2:DE code,
# as the `holidays` package and the instances' settings name a Land.
LAENDER_NACH_AGS: dict[str, str] = {
    "01": "SH",
    "02": "HH",
    "03": "NI",
    "04": "HB",
    "05": "NW",
    "06": "HE",
    "07": "RP",
    "08": "BW",
    "09": "BY",
    "10": "SL",
    "11": "BE",
    "12": "BB",
    "13": "MV",
    "14": "SN",
    "15": "ST",
    "16": "TH",
}


def land_aus_ags(ags: str | None) -> str | None:
    """The Land of a Gemeinde (or Kreis) key; None without one or for an unknown prefix."""
    return LAENDER_NACH_AGS.get(ags[:2]) if ags else None


def person_id_field() -> fields.UUID:
    """The pseudonymous id of the person an event is about: the data subject."""
    return fields.UUID(
        required=True,
        metadata={
            "subject": True,
            "description": "Pseudonymous id of the person (the data subject); no name, no login",
        },
    )


def jobcenter_id_field(*, required: bool = True) -> Text:
    """The Jobcenter's Träger-Nummer from the EinglMV list, e.g. 05958."""
    return Text(
        einzeilig=True,
        required=required,
        validate=validate.Regexp(JOBCENTER_ID_PATTERN),
        metadata={"description": "Träger-Nummer of the Jobcenter (EinglMV), five digits"},
    )


def zeitpunkt_field(description: str, *, required: bool = True) -> fields.AwareDateTime:
    """A point in time with its UTC offset (RFC 3339); naive times are rejected."""
    return fields.AwareDateTime(required=required, metadata={"description": description})


def message_id_field(description: str, *, required: bool = True) -> Text:
    """An XTA MessageID (a URN handed out by the XTA server)."""
    return Text(
        einzeilig=True,
        required=required,
        validate=validate.Length(min=1, max=255),
        metadata={"description": description},
    )


class Anlage(PayloadPartSchema):
    """Reference to a file; consumers fetch the bytes from the producer and check the hash."""

    anlage_id = fields.UUID(required=True)
    dateiname = Text(einzeilig=True, required=True, validate=validate.Length(min=1, max=255))
    mime_type = Text(einzeilig=True, required=True, validate=validate.Regexp(MIME_TYPE_PATTERN))
    sha256 = Text(einzeilig=True, required=True, validate=validate.Regexp(SHA256_PATTERN))
    groesse = fields.Integer(
        required=True, validate=validate.Range(min=1), metadata={"description": "Size in bytes"}
    )
