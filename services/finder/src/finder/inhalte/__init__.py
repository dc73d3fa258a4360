"""Information content of the finder: a page per benefit and an Ausfüllhilfe per section of
each online application, in German, English and Leichte Sprache (docs/adr/0100).

The content is data, reviewed like code: YAML files beside this module,

    leistungen/<id>.<sprache>.yaml            one benefit: who, how much, what to bring,
                                              where to apply, deadlines
    ausfuellhilfen/<formular>.<sprache>.yaml  one application form, an entry per section
    ausfuellhilfen/_gemeinsam.<sprache>.yaml  sections several forms share
    texte.<sprache>.yaml                      headings, and the phrases the loader needs

Amounts are never typed into the text: ``{regelbedarf_1}`` names a dated parameter of
``finder.regeln`` and is filled in with the value in force on the day asked for, formatted for the
language. A parameter not published for that day is said so in the text and in ``hinweise``;
an old value is never passed off as current. A paragraph that holds only for part of the time
carries ``gilt_ab`` / ``gilt_bis`` (the 2026 reform of the Grundsicherung is such a case), and so
does a name: the benefit is called what the law in force on that day calls it.

    leistungen(sprache, stichtag, parameter) -> list[dict]     the overview
    leistung(id, sprache, stichtag, parameter) -> dict         one page (raises LeistungUnbekannt)
    ausfuellhilfe(formular, abschnitt, sprache) -> dict        raises AusfuellhilfeUnbekannt
"""

from finder.inhalte.laden import (
    ABSCHNITTE,
    SPRACHEN,
    AusfuellhilfeUnbekannt,
    Inhalte,
    InhaltFehlerhaft,
    LeistungUnbekannt,
    SpracheUnbekannt,
    ausfuellhilfe,
    ausfuellhilfen,
    inhalte,
    leistung,
    leistungen,
)

__all__ = [
    "ABSCHNITTE",
    "SPRACHEN",
    "AusfuellhilfeUnbekannt",
    "InhaltFehlerhaft",
    "Inhalte",
    "LeistungUnbekannt",
    "SpracheUnbekannt",
    "ausfuellhilfe",
    "ausfuellhilfen",
    "inhalte",
    "leistung",
    "leistungen",
]
