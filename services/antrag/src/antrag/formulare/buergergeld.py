"""Bürgergeld (Grundsicherung für Arbeitsuchende, SGB II): Hauptantrag with the Anlagen WEP
(further persons), KDU (housing), EK (income), VM (assets), SV/KV (health insurance) and MEB
(additional needs), as the paper forms of the Bundesagentur für Arbeit ask them."""

from __future__ import annotations

from antrag.domain.formular import Abschnitt, Formular, Regel
from antrag.formulare.bausteine import (
    FAMILIENSTAND,
    GEBURTSDATUM,
    JA,
    NACHNAME,
    STAATSANGEHOERIGKEIT,
    VORNAME,
    WARUM_PERSON,
    T,
    anschrift,
    bankverbindung,
    erklaerung,
    euro,
    feld,
    kontakt,
    nachweis,
    wahl,
    wenn,
)

VERHAELTNIS = (
    wahl("partner", "Ehe- oder Lebenspartner/in", "spouse or partner", "Ehe·partner oder Partner"),
    wahl("kind", "Kind", "child", "Kind"),
    wahl("elternteil", "Elternteil", "parent", "Mutter oder Vater"),
    wahl("sonstige", "andere Person", "other person", "andere Person"),
)

EINKOMMENSARTEN = (
    wahl("erwerbstaetigkeit", "Lohn oder Gehalt", "wages or salary", "Lohn von der Arbeit"),
    wahl("minijob", "Minijob", "mini-job", "Mini·job"),
    wahl("selbststaendig", "selbständige Tätigkeit", "self-employment", "eigene Firma"),
    wahl("arbeitslosengeld", "Arbeitslosengeld", "unemployment benefit", "Arbeitslosen·geld"),
    wahl("kindergeld", "Kindergeld", "child benefit", "Kinder·geld"),
    wahl("unterhalt", "Unterhalt", "maintenance", "Unterhalt"),
    wahl("rente", "Rente", "pension", "Rente"),
    wahl("elterngeld", "Elterngeld", "parental allowance", "Eltern·geld"),
    wahl("wohngeld", "Wohngeld", "housing benefit", "Wohn·geld"),
    wahl("sonstiges", "sonstiges Einkommen", "other income", "anderes Geld"),
)

VERMOEGENSARTEN = (
    wahl("konto", "Giro- oder Sparkonto", "current or savings account", "Konto"),
    wahl("bargeld", "Bargeld", "cash", "Bar·geld"),
    wahl("wertpapiere", "Wertpapiere, Aktien, Fonds", "securities, shares, funds", "Aktien"),
    wahl(
        "versicherung",
        "Lebens- oder Rentenversicherung",
        "life or pension insurance",
        "Lebens·versicherung",
    ),
    wahl("kfz", "Auto oder Motorrad", "car or motorbike", "Auto"),
    wahl("immobilie", "Haus, Wohnung oder Grundstück", "house, flat or land", "Haus oder Land"),
    wahl("sonstiges", "sonstiges Vermögen", "other assets", "anderes"),
)

KV_ARTEN = (
    wahl(
        "gesetzlich",
        "gesetzlich versichert (eigene Mitgliedschaft)",
        "statutory insurance (own membership)",
        "Krankenkasse",
    ),
    wahl("familie", "familienversichert", "covered by family insurance", "über die Familie"),
    wahl("privat", "privat versichert", "private insurance", "private Kranken·versicherung"),
    wahl("keine", "nicht versichert", "not insured", "keine Kranken·versicherung"),
)


def _einkuenfte(name: str) -> tuple:
    """Income entries of one person (Anlage EK)."""
    return (
        feld(
            "einkommen_vorhanden",
            "ja_nein",
            T("Gibt es Einkommen?", "Is there any income?", "Bekommt die Person Geld?"),
            hilfe=T(
                "Zum Beispiel Lohn, Kindergeld, Unterhalt, Rente.",
                "For example wages, child benefit, maintenance, pension.",
                "Zum Beispiel: Lohn, Kinder·geld, Rente.",
            ),
        ),
        feld(
            name,
            "gruppe",
            T("Einkünfte", "Income", "Geld"),
            wenn=wenn("einkommen_vorhanden", ist=JA),
            minimum=1,
            maximum=10,
            felder=(
                feld("art", "auswahl", T("Art", "Type", "Was für Geld?"), optionen=EINKOMMENSARTEN),
                feld(
                    "arbeitgeber",
                    "text",
                    T("Arbeitgeber", "Employer", "Wo arbeiten Sie?"),
                    wenn=wenn("art", ist=("erwerbstaetigkeit", "minijob")),
                    max_laenge=140,
                ),
                feld(
                    "brutto_monatlich",
                    "betrag",
                    T(
                        "Brutto im Monat (Euro)",
                        "Gross per month (euros)",
                        "Geld im Monat vor Abzug",
                    ),
                    maximum=euro("100000"),
                ),
                feld(
                    "netto_monatlich",
                    "betrag",
                    T("Netto im Monat (Euro)", "Net per month (euros)", "Geld im Monat nach Abzug"),
                    maximum=euro("100000"),
                ),
                feld(
                    "seit",
                    "datum",
                    T("Seit wann?", "Since when?", "Seit wann?"),
                    zeitraum="vergangenheit",
                    pflicht=False,
                ),
            ),
        ),
    )


def _vermoegen(name: str) -> tuple:
    """Assets of one person (Anlage VM)."""
    return (
        feld(
            "vermoegen_vorhanden",
            "ja_nein",
            T("Gibt es Vermögen?", "Are there any assets?", "Hat die Person Geld gespart?"),
            hilfe=T(
                "Zum Beispiel Geld auf dem Konto, Bargeld, Wertpapiere, Versicherungen, ein Auto, "
                "ein Haus.",
                "For example money in an account, cash, securities, insurances, a car, a house.",
                "Geld auf dem Konto, Bar·geld, ein Auto, ein Haus.",
            ),
        ),
        feld(
            name,
            "gruppe",
            T("Vermögenswerte", "Assets", "Was gehört der Person?"),
            wenn=wenn("vermoegen_vorhanden", ist=JA),
            minimum=1,
            maximum=20,
            felder=(
                feld("art", "auswahl", T("Art", "Type", "Was ist es?"), optionen=VERMOEGENSARTEN),
                feld(
                    "wert",
                    "betrag",
                    T("Wert heute (Euro)", "Value today (euros)", "Wie viel ist es wert?"),
                    maximum=euro("10000000"),
                ),
            ),
        ),
    )


def _krankenversicherung() -> tuple:
    return (
        feld(
            "krankenversicherung",
            "auswahl",
            T("Krankenversicherung", "Health insurance", "Kranken·versicherung"),
            optionen=KV_ARTEN,
        ),
        feld(
            "krankenkasse",
            "text",
            T("Name der Krankenkasse", "Name of the health insurer", "Name der Kranken·kasse"),
            wenn=wenn("krankenversicherung", ist_nicht="keine"),
            max_laenge=140,
        ),
    )


ANTRAGSTELLER = Abschnitt(
    name="antragsteller",
    titel=T("Angaben zu Ihrer Person", "About you", "Das sind Sie"),
    vordruck="Hauptantrag, Abschnitt 1",
    rechtsgrundlage="§§ 7, 8, 19 SGB II",
    warum=WARUM_PERSON,
    felder=(
        VORNAME,
        NACHNAME,
        feld(
            "geburtsname",
            "text",
            T("Geburtsname", "Name at birth", "Früherer Nach·name"),
            pflicht=False,
            max_laenge=100,
        ),
        GEBURTSDATUM,
        feld(
            "geburtsort", "text", T("Geburtsort", "Place of birth", "Geburts·ort"), max_laenge=100
        ),
        feld(
            "staatsangehoerigkeit",
            "auswahl",
            T("Staatsangehörigkeit", "Nationality", "Aus welchem Land sind Sie?"),
            optionen=STAATSANGEHOERIGKEIT,
        ),
        feld(
            "aufenthaltstitel",
            "text",
            T("Aufenthaltstitel", "Residence permit", "Aufenthalts·erlaubnis"),
            wenn=wenn("staatsangehoerigkeit", ist="andere"),
            max_laenge=140,
            hilfe=T(
                "Die Art des Titels, wie sie auf dem Dokument steht.",
                "The type of permit as written on the document.",
                "Schreiben Sie ab, was auf Ihrer Aufenthalts·erlaubnis steht.",
            ),
        ),
        feld(
            "familienstand",
            "auswahl",
            T("Familienstand", "Marital status", "Sind Sie verheiratet?"),
            optionen=FAMILIENSTAND,
        ),
        *anschrift(wohnort=True),
        *kontakt(),
        feld(
            "erwerbsfaehig",
            "ja_nein",
            T(
                "Können Sie mindestens 3 Stunden täglich arbeiten?",
                "Can you work at least 3 hours a day?",
                "Können Sie jeden Tag 3 Stunden arbeiten?",
            ),
            hilfe=T(
                "Antworten Sie Nein, wenn eine Krankheit oder Behinderung Sie für längere Zeit "
                "daran hindert, mindestens drei Stunden am Tag zu arbeiten.",
                "Answer no if an illness or disability keeps you for a longer time from working "
                "at least three hours a day.",
                "Wenn Sie sehr krank sind, können Sie vielleicht nicht arbeiten. Dann kreuzen "
                "Sie Nein an.",
            ),
        ),
    ),
)

HAUSHALT = Abschnitt(
    name="haushalt",
    titel=T(
        "Weitere Personen in Ihrem Haushalt",
        "Other people in your household",
        "Wer wohnt noch bei Ihnen?",
    ),
    vordruck="Anlage WEP",
    rechtsgrundlage="§ 7 Abs. 2 und 3 SGB II",
    warum=T(
        "Das Jobcenter rechnet das Bürgergeld für alle Menschen zusammen aus, die gemeinsam "
        "wirtschaften. Deshalb fragen wir, wer mit Ihnen lebt.",
        "The Jobcenter calculates Bürgergeld for everyone who shares a household budget "
        "together. That is why we ask who lives with you.",
        "Das Jobcenter rechnet das Geld für alle zusammen aus. Darum fragen wir: "
        "Wer wohnt bei Ihnen?",
    ),
    felder=(
        feld(
            "weitere_personen",
            "ja_nein",
            T(
                "Leben weitere Personen mit Ihnen in der Bedarfsgemeinschaft?",
                "Do other people live with you in the benefit community?",
                "Wohnen noch andere Menschen aus Ihrer Familie bei Ihnen?",
            ),
            hilfe=T(
                "Eine Bedarfsgemeinschaft sind Sie und die Menschen, für die das Jobcenter mit "
                "Ihnen zusammen rechnet: Ihre Partnerin oder Ihr Partner und Ihre "
                "unverheirateten Kinder unter 25 Jahren, die nicht von ihrem eigenen Einkommen "
                "leben können.",
                "A benefit community (Bedarfsgemeinschaft) is you and the people the Jobcenter "
                "calculates together with you: your partner and your unmarried children under "
                "25 who cannot live on their own income.",
                "Zu Ihrer Familie beim Jobcenter gehören: Ihr Partner. Und Ihre Kinder unter "
                "25 Jahren. Das Jobcenter sagt dazu: Bedarfs·gemeinschaft.",
            ),
        ),
        feld(
            "personen",
            "gruppe",
            T("Personen", "People", "Menschen"),
            wenn=wenn("weitere_personen", ist=JA),
            minimum=1,
            maximum=15,
            felder=(
                VORNAME,
                NACHNAME,
                GEBURTSDATUM,
                feld(
                    "verhaeltnis",
                    "auswahl",
                    T(
                        "Verhältnis zu Ihnen",
                        "Relationship to you",
                        "Wer ist das für Sie?",
                    ),
                    optionen=VERHAELTNIS,
                ),
                feld(
                    "staatsangehoerigkeit",
                    "auswahl",
                    T("Staatsangehörigkeit", "Nationality", "Aus welchem Land?"),
                    optionen=STAATSANGEHOERIGKEIT,
                ),
                feld(
                    "schule_oder_ausbildung",
                    "ja_nein",
                    T(
                        "Besucht die Person eine Schule oder macht eine Ausbildung?",
                        "Does the person attend school or training?",
                        "Geht die Person zur Schule oder macht eine Ausbildung?",
                    ),
                    wenn=wenn("verhaeltnis", ist="kind"),
                ),
                *_krankenversicherung(),
                *_einkuenfte("einkuenfte"),
                *_vermoegen("vermoegen"),
            ),
        ),
    ),
)

WOHNUNG = Abschnitt(
    name="wohnung",
    titel=T("Ihre Wohnung und die Kosten", "Your home and its costs", "Ihre Wohnung"),
    vordruck="Anlage KDU",
    rechtsgrundlage="§ 22 SGB II, § 21 Abs. 7 SGB II",
    warum=T(
        "Das Jobcenter übernimmt die Kosten für Ihre Wohnung und Heizung, soweit sie angemessen "
        "sind. Dafür braucht es die Miete, die Nebenkosten und die Größe der Wohnung.",
        "The Jobcenter pays for your home and heating as far as the costs are reasonable. For "
        "that it needs the rent, the service charges and the size of the home.",
        "Das Jobcenter bezahlt Ihre Miete und die Heizung. Dafür muss es wissen: "
        "Wie viel kostet die Wohnung? Wie groß ist sie?",
    ),
    felder=(
        feld(
            "wohnsituation",
            "auswahl",
            T("Wie wohnen Sie?", "How do you live?", "Wie wohnen Sie?"),
            optionen=(
                wahl("miete", "zur Miete", "renting", "in einer Miet·wohnung"),
                wahl("untermiete", "zur Untermiete", "subletting", "bei jemandem zur Miete"),
                wahl(
                    "eigentum",
                    "im eigenen Haus / in der eigenen Wohnung",
                    "own home",
                    "im eigenen Haus",
                ),
                wahl(
                    "ohne_kosten",
                    "ohne Wohnkosten (z. B. bei Eltern)",
                    "without housing costs",
                    "ich zahle keine Miete",
                ),
                wahl("ohne_wohnung", "ohne Wohnung", "without a home", "ich habe keine Wohnung"),
            ),
        ),
        feld(
            "einzug",
            "datum",
            T("Eingezogen am", "Moved in on", "Seit wann wohnen Sie da?"),
            wenn=wenn("wohnsituation", ist=("miete", "untermiete", "eigentum")),
            zeitraum="vergangenheit",
        ),
        feld(
            "wohnflaeche",
            "zahl",
            T("Wohnfläche in m²", "Living space in m²", "Wie groß ist die Wohnung? (m²)"),
            wenn=wenn("wohnsituation", ist=("miete", "untermiete", "eigentum")),
            minimum=5,
            maximum=1000,
        ),
        feld(
            "personen_in_wohnung",
            "zahl",
            T(
                "Wie viele Personen wohnen in der Wohnung?",
                "How many people live in the home?",
                "Wie viele Menschen wohnen in der Wohnung?",
            ),
            wenn=wenn("wohnsituation", ist=("miete", "untermiete", "eigentum")),
            minimum=1,
            maximum=30,
        ),
        feld(
            "grundmiete",
            "betrag",
            T("Grundmiete (kalt) im Monat", "Base rent per month", "Miete ohne Neben·kosten"),
            wenn=wenn("wohnsituation", ist=("miete", "untermiete")),
            maximum=euro("10000"),
        ),
        feld(
            "nebenkosten",
            "betrag",
            T(
                "Nebenkosten (ohne Heizung) im Monat",
                "Service charges (without heating) per month",
                "Neben·kosten im Monat",
            ),
            wenn=wenn("wohnsituation", ist=("miete", "untermiete", "eigentum")),
            maximum=euro("5000"),
        ),
        feld(
            "heizkosten",
            "betrag",
            T("Heizkosten im Monat", "Heating costs per month", "Kosten für die Heizung"),
            wenn=wenn("wohnsituation", ist=("miete", "untermiete", "eigentum")),
            maximum=euro("5000"),
        ),
        feld(
            "warmwasser_dezentral",
            "ja_nein",
            T(
                "Wird das Warmwasser in der Wohnung erzeugt (z. B. Durchlauferhitzer, Boiler)?",
                "Is hot water produced in the home (e.g. instantaneous water heater, boiler)?",
                "Machen Sie das warme Wasser in der Wohnung selbst warm?",
            ),
            wenn=wenn("wohnsituation", ist=("miete", "untermiete", "eigentum")),
            hilfe=T(
                "Dann bekommen Sie zusätzlich Geld für das Warmwasser.",
                "You then get an additional amount for hot water.",
                "Dann bekommen Sie dafür mehr Geld.",
            ),
        ),
        feld(
            "schuldzinsen",
            "betrag",
            T(
                "Schuldzinsen für das Eigenheim im Monat",
                "Mortgage interest per month",
                "Zinsen für den Kredit für Ihr Haus",
            ),
            wenn=wenn("wohnsituation", ist="eigentum"),
            maximum=euro("10000"),
        ),
        feld(
            "vermieter",
            "text",
            T(
                "Name der Vermieterin / des Vermieters",
                "Name of the landlord",
                "Wem gehört die Wohnung?",
            ),
            wenn=wenn("wohnsituation", ist=("miete", "untermiete")),
            max_laenge=140,
        ),
    ),
    nachweise=(
        nachweis(
            "mietvertrag",
            T("Mietvertrag", "Tenancy agreement", "Miet·vertrag"),
            wenn("wohnung.wohnsituation", ist=("miete", "untermiete")),
        ),
        nachweis(
            "nebenkostenabrechnung",
            T(
                "Letzte Nebenkostenabrechnung",
                "Latest service charge statement",
                "Neben·kosten·abrechnung",
            ),
        ),
    ),
)

EINKOMMEN = Abschnitt(
    name="einkommen",
    titel=T("Ihr Einkommen", "Your income", "Ihr Geld"),
    vordruck="Anlage EK",
    rechtsgrundlage="§§ 11–11b SGB II",
    warum=T(
        "Einkommen wird auf das Bürgergeld angerechnet. Deshalb fragen wir nach jedem Geld, "
        "das Sie bekommen.",
        "Income is counted against Bürgergeld. That is why we ask about any money you receive.",
        "Wenn Sie Geld bekommen, gibt es weniger Bürger·geld. Darum fragen wir danach.",
    ),
    felder=_einkuenfte("einkuenfte"),
    nachweise=(
        nachweis(
            "lohnabrechnung",
            T("Lohn- oder Gehaltsabrechnungen", "Pay slips", "Lohn·zettel"),
            wenn("einkommen.einkommen_vorhanden", ist=JA),
        ),
    ),
)

VERMOEGEN = Abschnitt(
    name="vermoegen",
    titel=T("Ihr Vermögen", "Your assets", "Ihr Erspartes"),
    vordruck="Anlage VM",
    rechtsgrundlage="§ 12 SGB II",
    warum=T(
        "Bürgergeld bekommt, wer seinen Lebensunterhalt nicht aus eigenem Vermögen bestreiten "
        "kann. Darum fragen wir, was Sie besitzen.",
        "Bürgergeld is for people who cannot live on their own assets. That is why we ask what "
        "you own.",
        "Wer viel Geld gespart hat, bekommt kein Bürger·geld. Darum fragen wir danach.",
    ),
    # No amounts here: the allowances change with the law (from 2026-07-01 by age instead of
    # the first year's 40,000/15,000 euros) and are kept as dated data by the finder, whose
    # information page the section's Ausfüllhilfe links (docs/adr/0100).
    hilfe=T(
        "Ein Teil Ihres Vermögens bleibt frei. Wie viel, hängt vom Datum Ihres Antrags und vom "
        "Alter der Personen ab: Die geltenden Freibeträge stehen auf der Informationsseite zur "
        "Grundsicherung, die die Ausfüllhilfe zu diesem Abschnitt verlinkt. Geben Sie alles "
        "an. Das Jobcenter rechnet die Freibeträge ab.",
        "Part of your assets is not counted. How much depends on the date of your application "
        "and on the age of each person: the allowances that apply are on the information page "
        "on basic income support, linked from the help for this section. State everything. "
        "The Jobcenter deducts the allowances.",
        "Einen Teil von Ihrem Ersparten dürfen Sie behalten. Wie viel? Das steht auf der "
        "Info·seite. Den Weg dahin finden Sie in der Ausfüll·hilfe zu dieser Seite. Schreiben "
        "Sie alles auf. Das Jobcenter rechnet.",
    ),
    felder=(
        *_vermoegen("werte"),
        feld(
            "erhebliches_vermoegen",
            "ja_nein",
            T(
                "Ist das Vermögen aller Personen zusammen höher als die Freibeträge, die für Sie "
                "gelten?",
                "Do the assets of all persons together exceed the allowances that apply to you?",
                "Haben alle zusammen mehr Erspartes, als Sie behalten dürfen?",
            ),
        ),
    ),
)

KRANKENVERSICHERUNG = Abschnitt(
    name="krankenversicherung",
    titel=T("Ihre Krankenversicherung", "Your health insurance", "Ihre Kranken·versicherung"),
    vordruck="Anlage SV",
    rechtsgrundlage="§ 5 Abs. 1 Nr. 2a SGB V, § 26 SGB II",
    warum=T(
        "Mit dem Bürgergeld sind Sie in der Regel krankenversichert. Das Jobcenter meldet Sie "
        "bei Ihrer Krankenkasse an.",
        "With Bürgergeld you are usually covered by health insurance. The Jobcenter registers "
        "you with your health insurer.",
        "Mit Bürger·geld haben Sie eine Kranken·versicherung. Das Jobcenter sagt Ihrer "
        "Kranken·kasse Bescheid.",
    ),
    felder=(
        *_krankenversicherung(),
        feld(
            "versichertennummer",
            "text",
            T("Versichertennummer", "Insurance number", "Nummer auf der Kranken·karte"),
            wenn=wenn("krankenversicherung", ist_nicht="keine"),
            pflicht=False,
            max_laenge=20,
        ),
    ),
)

MEHRBEDARF = Abschnitt(
    name="mehrbedarf",
    titel=T("Mehrbedarfe", "Additional needs", "Wann Sie mehr Geld brauchen"),
    vordruck="Anlage MEB",
    rechtsgrundlage="§ 21 SGB II",
    warum=T(
        "In manchen Lebenslagen reicht der normale Betrag nicht. Dann gibt es zusätzliches "
        "Geld, aber nur, wenn Sie es beantragen.",
        "In some situations the normal amount is not enough. Then there is extra money, but only "
        "if you ask for it.",
        "Manchmal brauchen Menschen mehr Geld. Dann müssen Sie es hier sagen.",
    ),
    felder=(
        feld(
            "mehrbedarf",
            "ja_nein",
            T(
                "Haben Sie oder eine Person Ihres Haushalts einen Mehrbedarf?",
                "Do you or someone in your household have additional needs?",
                "Brauchen Sie mehr Geld? Zum Beispiel weil Sie schwanger sind?",
            ),
            hilfe=T(
                "Ein Mehrbedarf ist Geld zusätzlich zum Regelbedarf für besondere Lebenslagen: "
                "zum Beispiel in der Schwangerschaft, wenn Sie ein Kind allein erziehen, bei "
                "einer Behinderung oder wenn Sie wegen einer Krankheit besonderes Essen "
                "brauchen.",
                "An additional need (Mehrbedarf) is money on top of the standard amount for "
                "special situations: for example during pregnancy, when you raise a child on "
                "your own, with a disability or when an illness means you need special food.",
                "Manche Menschen bekommen mehr Geld. Zum Beispiel: Schwangere. Oder Eltern, die "
                "allein mit ihrem Kind leben. Das heißt: Mehr·bedarf.",
            ),
        ),
        feld(
            "arten",
            "mehrfachauswahl",
            T("Welche?", "Which?", "Warum?"),
            wenn=wenn("mehrbedarf", ist=JA),
            optionen=(
                wahl(
                    "schwangerschaft",
                    "Schwangerschaft (ab der 13. Woche)",
                    "pregnancy (from week 13)",
                    "Schwangerschaft",
                ),
                wahl("alleinerziehend", "alleinerziehend", "single parent", "allein mit Kind"),
                wahl(
                    "behinderung",
                    "Behinderung mit Eingliederungshilfe",
                    "disability with integration assistance",
                    "Behinderung",
                ),
                wahl(
                    "ernaehrung",
                    "kostenaufwändige Ernährung aus medizinischen Gründen",
                    "costly diet for medical reasons",
                    "besonderes Essen wegen Krankheit",
                ),
                wahl(
                    "unabweisbar",
                    "unabweisbarer laufender besonderer Bedarf",
                    "essential recurring special need",
                    "andere wichtige Kosten",
                ),
            ),
        ),
        feld(
            "entbindungstermin",
            "datum",
            T("Voraussichtlicher Entbindungstermin", "Expected due date", "Wann kommt das Baby?"),
            wenn=wenn("arten", enthaelt="schwangerschaft"),
        ),
        feld(
            "ernaehrung_grund",
            "langtext",
            T("Erkrankung", "Illness", "Welche Krankheit?"),
            wenn=wenn("arten", enthaelt="ernaehrung"),
            max_laenge=500,
        ),
        feld(
            "unabweisbar_beschreibung",
            "langtext",
            T("Beschreibung des Bedarfs", "Description of the need", "Was brauchen Sie?"),
            wenn=wenn("arten", enthaelt="unabweisbar"),
            max_laenge=1000,
        ),
    ),
    nachweise=(
        nachweis(
            "mutterpass",
            T("Mutterpass (Seite mit Entbindungstermin)", "Maternity record", "Mutter·pass"),
            wenn("mehrbedarf.arten", enthaelt="schwangerschaft"),
        ),
        nachweis(
            "aerztliche_bescheinigung",
            T("Ärztliche Bescheinigung", "Medical certificate", "Brief vom Arzt"),
            wenn("mehrbedarf.arten", enthaelt="ernaehrung"),
        ),
    ),
)

FORMULAR = Formular(
    leistung="buergergeld",
    version="buergergeld-2026.1",
    titel=T("Antrag auf Bürgergeld", "Application for Bürgergeld", "Antrag auf Bürger·geld"),
    beschreibung=T(
        "Bürgergeld sichert den Lebensunterhalt von erwerbsfähigen Menschen und ihren Familien, "
        "wenn das eigene Einkommen und Vermögen nicht reicht.",
        "Bürgergeld covers the living costs of people who can work, and of their families, when "
        "their own income and assets are not enough.",
        "Bürger·geld ist Geld zum Leben. Sie bekommen es, wenn Ihr eigenes Geld nicht reicht.",
    ),
    rechtsgrundlage="§§ 19–22 SGB II",
    abschnitte=(
        ANTRAGSTELLER,
        HAUSHALT,
        WOHNUNG,
        EINKOMMEN,
        VERMOEGEN,
        KRANKENVERSICHERUNG,
        MEHRBEDARF,
        bankverbindung(),
        erklaerung(),
    ),
    regeln=(
        Regel(
            code="kind_aelter_als_elternteil",
            feld="haushalt.personen[].geburtsdatum",
            vergleich=">",
            mit="antragsteller.geburtsdatum",
            wenn=wenn("haushalt.personen[].verhaeltnis", ist="kind"),
            meldung=T(
                "Ein Kind kann nicht vor seinem Elternteil geboren sein. Bitte prüfen Sie die "
                "Geburtsdaten.",
                "A child cannot be born before its parent. Please check the dates of birth.",
                "Das Kind ist älter als Sie. Das kann nicht sein. Bitte prüfen Sie die "
                "Geburts·tage.",
            ),
        ),
        Regel(
            code="elternteil_juenger_als_kind",
            feld="haushalt.personen[].geburtsdatum",
            vergleich="<",
            mit="antragsteller.geburtsdatum",
            wenn=wenn("haushalt.personen[].verhaeltnis", ist="elternteil"),
            meldung=T(
                "Ein Elternteil kann nicht nach Ihnen geboren sein. Bitte prüfen Sie die "
                "Geburtsdaten.",
                "A parent cannot be born after you. Please check the dates of birth.",
                "Ihre Mutter oder Ihr Vater ist jünger als Sie. Das kann nicht sein.",
            ),
        ),
        Regel(
            code="netto_groesser_brutto",
            feld="einkommen.einkuenfte[].netto_monatlich",
            vergleich="<=",
            mit="einkommen.einkuenfte[].brutto_monatlich",
            meldung=T(
                "Der Nettobetrag kann nicht höher sein als der Bruttobetrag.",
                "The net amount cannot be higher than the gross amount.",
                "Nach Abzug kann nicht mehr Geld übrig sein als vorher.",
            ),
        ),
        Regel(
            code="netto_groesser_brutto",
            feld="haushalt.personen[].einkuenfte[].netto_monatlich",
            vergleich="<=",
            mit="haushalt.personen[].einkuenfte[].brutto_monatlich",
            meldung=T(
                "Der Nettobetrag kann nicht höher sein als der Bruttobetrag.",
                "The net amount cannot be higher than the gross amount.",
                "Nach Abzug kann nicht mehr Geld übrig sein als vorher.",
            ),
        ),
        Regel(
            code="einzug_vor_geburt",
            feld="wohnung.einzug",
            vergleich=">=",
            mit="antragsteller.geburtsdatum",
            meldung=T(
                "Das Einzugsdatum liegt vor Ihrem Geburtsdatum.",
                "The move-in date is before your date of birth.",
                "Sie können nicht vor Ihrer Geburt eingezogen sein.",
            ),
        ),
    ),
    kurzantrag=("antragsteller.vorname", "antragsteller.nachname", "antragsteller.geburtsdatum"),
)
