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
        "Bewerbungskosten (zum Beispiel Mappen, Fotos, Porto)",
        "Application costs (for example folders, photos, postage)",
        "Geld für Bewerbungen",
    ),
    wahl(
        "reisekosten",
        "Fahrtkosten zum Vorstellungsgespräch",
        "Travel to a job interview",
        "Fahr·geld zum Vorstellungs·gespräch",
    ),
    wahl(
        "arbeitsmittel",
        "Arbeitsmittel oder -kleidung für eine neue Stelle",
        "Work equipment or clothing for a new job",
        "Sachen oder Kleidung für die neue Arbeit",
    ),
    wahl(
        "massnahme",
        "Kurs oder Coaching für den Weg in Arbeit (Maßnahme zur Aktivierung)",
        "Course or coaching on the way into work (activation measure)",
        "Kurs für den Weg in die Arbeit",
    ),
    wahl(
        "weiterbildung",
        "Berufliche Weiterbildung (Bildungsgutschein)",
        "Vocational training (education voucher)",
        "Weiter·bildung",
    ),
)

MIT_ANBIETER = ("massnahme", "weiterbildung")
MIT_ERSTATTUNG = ("bewerbungskosten", "reisekosten", "arbeitsmittel")

FOERDERUNG = Abschnitt(
    name="foerderung",
    titel=T("Welche Förderung?", "Which support?", "Welche Hilfe brauchen Sie?"),
    rechtsgrundlage=(
        "§ 16 Abs. 1 SGB II i. V. m. § 44 SGB III (Vermittlungsbudget: Bewerbung, Fahrten, "
        "Arbeitsmittel), § 45 SGB III (Maßnahmen zur Aktivierung), § 81 SGB III (Weiterbildung), "
        "§§ 176 ff. SGB III (Zulassung), § 324 SGB III (Antrag vor den Kosten)"
    ),
    hilfe=T(
        "Stellen Sie den Antrag, bevor Kosten entstehen: was vorher schon bezahlt wurde, kann "
        "in der Regel nicht erstattet werden.",
        "Apply before any costs arise: what has already been paid can usually not be reimbursed.",
        "Stellen Sie den Antrag, bevor Sie etwas bezahlen. Sonst bekommen Sie das Geld "
        "meistens nicht zurück.",
    ),
    warum=T(
        "Das Jobcenter kann Kosten auf dem Weg in Arbeit übernehmen: für Bewerbungen, Fahrten "
        "und Arbeitsmittel aus dem sogenannten Vermittlungsbudget, dazu Kurse, Coachings und "
        "Weiterbildungen. Für jede Art gelten eigene Regeln. Deshalb fragt es, was Sie brauchen, "
        "was es kostet und wann es beginnt. Kosten, die schon bezahlt sind, übernimmt es in der "
        "Regel nicht mehr.",
        "The Jobcenter can pay costs on the way into work: for applications, travel and work "
        "equipment from what is called the placement budget, and courses, coaching and further "
        "training. Each kind has its own rules. That is why it asks what you need, what it "
        "costs and when it starts. Costs that have already been paid are usually not covered.",
        "Das Jobcenter kann Geld für den Weg in die Arbeit geben. Zum Beispiel für Bewerbungen, "
        "Fahr·karten oder einen Kurs. Dafür muss es wissen: Was brauchen Sie? Was kostet das? "
        "Fragen Sie das Jobcenter, bevor Sie etwas bezahlen.",
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
                "Ist der Kurs für die Förderung zugelassen?",
                "Is the course approved for funding?",
                "Hat der Kurs eine Zulassung?",
            ),
            wenn=wenn("art", ist=MIT_ANBIETER),
            hilfe=T(
                "Gefördert werden nur zugelassene Kurse. Die Zulassung heißt AZAV; sie steht "
                "im Angebot des Anbieters, er kann es Ihnen auch sagen.",
                "Only approved courses are funded. The approval is called AZAV; it is in the "
                "provider's offer, and the provider can also tell you.",
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
    rechtsgrundlage="§ 15 SGB II, § 16 Abs. 1 SGB II",
    warum=T(
        "Das Jobcenter fördert, was Ihnen wirklich hilft, eine Arbeit zu finden. Dafür muss es "
        "wissen, was Sie gelernt haben, was Sie zuletzt gearbeitet haben und welches Ziel Sie "
        "haben.",
        "The Jobcenter funds what really helps you find work. For that it needs to know what "
        "you have learned, what work you did last and what your goal is.",
        "Das Jobcenter will Ihnen gut helfen. Dafür muss es wissen: Was haben Sie gelernt? "
        "Was wollen Sie erreichen?",
    ),
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
