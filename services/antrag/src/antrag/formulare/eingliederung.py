"""Aktivierung und berufliche Eingliederung (§ 16 SGB II with §§ 44, 45, 81 SGB III): support
from the placement budget, activation measures and further training."""

from __future__ import annotations

from antrag.domain.formular import Abschnitt, Formular
from antrag.formulare.bausteine import (
    JA,
    T,
    antragsteller_kurz,
    bankverbindung,
    erklaerung,
    euro,
    feld,
    nachweis,
    wahl,
    wenn,
)

ARTEN = (
    wahl(
        "bewerbungskosten",
        "Bewerbungskosten (Vermittlungsbudget, § 44 SGB III)",
        "Application costs (placement budget, section 44 SGB III)",
        "Geld für Bewerbungen",
    ),
    wahl(
        "reisekosten",
        "Fahrtkosten zum Vorstellungsgespräch (§ 44 SGB III)",
        "Travel to a job interview (section 44 SGB III)",
        "Fahr·geld zum Vorstellungs·gespräch",
    ),
    wahl(
        "arbeitsmittel",
        "Arbeitsmittel oder -kleidung für eine neue Stelle (§ 44 SGB III)",
        "Work equipment or clothing for a new job (section 44 SGB III)",
        "Sachen oder Kleidung für die neue Arbeit",
    ),
    wahl(
        "massnahme",
        "Maßnahme zur Aktivierung und beruflichen Eingliederung (§ 45 SGB III)",
        "Activation and integration measure (section 45 SGB III)",
        "Kurs für den Weg in die Arbeit",
    ),
    wahl(
        "weiterbildung",
        "Berufliche Weiterbildung / Bildungsgutschein (§ 81 SGB III)",
        "Vocational training / education voucher (section 81 SGB III)",
        "Weiter·bildung",
    ),
)

MIT_ANBIETER = ("massnahme", "weiterbildung")
MIT_ERSTATTUNG = ("bewerbungskosten", "reisekosten", "arbeitsmittel")

FOERDERUNG = Abschnitt(
    name="foerderung",
    titel=T("Welche Förderung?", "Which support?", "Welche Hilfe brauchen Sie?"),
    rechtsgrundlage="§ 16 Abs. 1 SGB II i. V. m. §§ 44, 45, 81 SGB III",
    hilfe=T(
        "Stellen Sie den Antrag, bevor Kosten entstehen: was vorher schon bezahlt wurde, kann "
        "in der Regel nicht erstattet werden (§ 324 SGB III).",
        "Apply before any costs arise: what has already been paid can usually not be "
        "reimbursed (section 324 SGB III).",
        "Stellen Sie den Antrag, bevor Sie etwas bezahlen. Sonst bekommen Sie das Geld "
        "meistens nicht zurück.",
    ),
    felder=(
        feld(
            "art",
            "auswahl",
            T("Art der Förderung", "Type of support", "Was brauchen Sie?"),
            optionen=ARTEN,
        ),
        feld(
            "beschreibung",
            "langtext",
            T("Wofür genau?", "What exactly for?", "Wofür brauchen Sie das?"),
            max_laenge=2000,
        ),
        feld(
            "kosten",
            "betrag",
            T(
                "Voraussichtliche Kosten (Euro)",
                "Expected costs (euros)",
                "Was kostet das ungefähr?",
            ),
            pflicht=False,
            maximum=euro("50000"),
        ),
        feld(
            "beginn",
            "datum",
            T("Wann soll es beginnen?", "When should it start?", "Wann soll es anfangen?"),
            pflicht=False,
            zeitraum="zukunft",
        ),
        feld(
            "anbieter",
            "text",
            T("Träger / Bildungsanbieter", "Provider", "Wer macht den Kurs?"),
            wenn=wenn("art", ist=MIT_ANBIETER),
            max_laenge=200,
        ),
        feld(
            "azav_zugelassen",
            "ja_nein",
            T(
                "Ist die Maßnahme nach AZAV zugelassen?",
                "Is the measure certified under AZAV?",
                "Hat der Kurs eine Zulassung (AZAV)?",
            ),
            wenn=wenn("art", ist=MIT_ANBIETER),
            hilfe=T(
                "Gefördert werden nur zugelassene Maßnahmen (§§ 176 ff. SGB III). Der Anbieter "
                "kann es Ihnen sagen.",
                "Only certified measures are funded (sections 176 ff. SGB III). The provider "
                "can tell you.",
                "Fragen Sie den Anbieter.",
            ),
        ),
    ),
    nachweise=(
        nachweis(
            "kostenvoranschlag",
            T("Angebot oder Kostenvoranschlag", "Quote", "Angebot mit dem Preis"),
        ),
        nachweis(
            "einladung",
            T("Einladung zum Vorstellungsgespräch", "Interview invitation", "Einladung"),
        ),
    ),
)

SITUATION = Abschnitt(
    name="situation",
    titel=T("Ihre berufliche Situation", "Your work situation", "Ihre Arbeit"),
    rechtsgrundlage="§ 15 SGB II",
    felder=(
        feld(
            "berufsabschluss",
            "auswahl",
            T("Berufsabschluss", "Vocational qualification", "Haben Sie einen Beruf gelernt?"),
            optionen=(
                wahl("keiner", "keiner", "none", "nein"),
                wahl(
                    "ausbildung",
                    "abgeschlossene Ausbildung",
                    "completed apprenticeship",
                    "ja, eine Ausbildung",
                ),
                wahl("studium", "Hochschulabschluss", "university degree", "ja, ein Studium"),
            ),
        ),
        feld(
            "zuletzt_taetig_als",
            "text",
            T("Zuletzt tätig als", "Last worked as", "Ihre letzte Arbeit"),
            pflicht=False,
            max_laenge=200,
        ),
        feld(
            "arbeitslos",
            "ja_nein",
            T(
                "Sind Sie zurzeit arbeitslos?",
                "Are you currently unemployed?",
                "Haben Sie gerade keine Arbeit?",
            ),
        ),
        feld(
            "arbeitslos_seit",
            "datum",
            T("Arbeitslos seit", "Unemployed since", "Seit wann?"),
            wenn=wenn("arbeitslos", ist=JA),
            zeitraum="vergangenheit",
        ),
        feld(
            "ziel",
            "langtext",
            T(
                "Was wollen Sie mit der Förderung erreichen?",
                "What do you want to achieve with the support?",
                "Was ist Ihr Ziel?",
            ),
            max_laenge=2000,
        ),
    ),
)

FORMULAR = Formular(
    leistung="eingliederung",
    version="eingliederung-2026.1",
    titel=T(
        "Antrag auf Förderung der Aktivierung und beruflichen Eingliederung",
        "Application for activation and vocational integration support",
        "Antrag auf Hilfe für den Weg in die Arbeit",
    ),
    beschreibung=T(
        "Unterstützung auf dem Weg in Arbeit: Bewerbungs- und Reisekosten, Arbeitsmittel, "
        "Maßnahmen und Weiterbildung.",
        "Support on the way into work: application and travel costs, work equipment, measures "
        "and further training.",
        "Das Jobcenter hilft Ihnen, Arbeit zu finden. Es bezahlt zum Beispiel Bewerbungen oder "
        "Kurse.",
    ),
    rechtsgrundlage="§ 16 SGB II",
    abschnitte=(
        antragsteller_kurz("§ 16 SGB II, § 60 SGB I"),
        FOERDERUNG,
        SITUATION,
        bankverbindung(wenn_bedingung=wenn("foerderung.art", ist=MIT_ERSTATTUNG)),
        erklaerung(),
    ),
    kurzantrag=("antragsteller.vorname", "antragsteller.nachname", "antragsteller.geburtsdatum"),
)
