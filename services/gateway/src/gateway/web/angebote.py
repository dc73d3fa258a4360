"""The platform's offers (ARCHITECTURE.md, "What it is for"), as the start page and
GET /api/v1/angebote show them.

An offer without ``pfad`` is announced honestly as coming later. When a service's page exists,
set its ``pfad`` here: the start page links it from then on.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.i18n import N_


@dataclass(frozen=True)
class Angebot:
    schluessel: str
    titel: str
    beschreibung: str
    pfad: str | None = None

    @property
    def verfuegbar(self) -> bool:
        return self.pfad is not None


ANGEBOTE: tuple[Angebot, ...] = (
    Angebot(
        "informationen",
        N_("Informationen zu Sozialleistungen"),
        N_(
            "Bürgergeld, Wohngeld, Kinderzuschlag, Bildung und Teilhabe, Hilfe zum "
            "Lebensunterhalt: was es gibt und wer es bekommen kann."
        ),
        pfad="/leistungen",
    ),
    Angebot(
        "leistungsfinder",
        N_("Sozialleistungsfinder"),
        N_(
            "Beantworten Sie ein paar Fragen und sehen Sie, welche Leistungen für Sie in "
            "Frage kommen."
        ),
        pfad="/finder",
    ),
    Angebot(
        "zustaendigkeit",
        N_("Zuständiges Jobcenter finden"),
        N_(
            "Finden Sie mit Ihrer Postleitzahl oder Ihrem Wohnort das Jobcenter, das für Sie "
            "zuständig ist."
        ),
        pfad="/zustaendigkeit",
    ),
    Angebot(
        "antrag",
        N_("Online einen Antrag stellen"),
        N_(
            "Beantragen Sie Bürgergeld und weitere Leistungen online. Ihr Antrag geht direkt an "
            "Ihr Jobcenter."
        ),
        pfad="/antraege/neu",
    ),
    Angebot(
        "beratung",
        N_("Beratung finden und Termin buchen"),
        N_(
            "Finden Sie eine Beratungsstelle für Wohnungslosenhilfe, Suchtberatung oder "
            "Schuldnerberatung und buchen Sie einen Termin: vor Ort, am Telefon, im Chat oder "
            "per Video."
        ),
        pfad="/termine",
    ),
    Angebot(
        "postkorb",
        N_("Nachrichten an Ihr Jobcenter"),
        N_(
            "Schreiben Sie Ihrer Sachbearbeitung und lesen Sie ihre Antworten, sicher an einem Ort."
        ),
        pfad="/postfach",
    ),
)
