"""Übernahme von Mietrückständen (§ 22 Abs. 8 SGB II): landlord, arrears, notice and eviction
suit with their dates. Urgent when an eviction suit is pending: the debt must be settled within
two months of the suit being served (Schonfrist, § 569 Abs. 3 Nr. 2 BGB)."""

from __future__ import annotations

from antrag.domain.formular import Abschnitt, Formular, Frist, Regel
from antrag.formulare.bausteine import (
    JA,
    T,
    anschrift,
    antragsteller_kurz,
    erklaerung,
    euro,
    feld,
    nachweis,
    wahl,
    wenn,
)

VERMIETER = Abschnitt(
    name="vermieter",
    titel=T("Vermieterin oder Vermieter", "Landlord", "Wem gehört die Wohnung?"),
    rechtsgrundlage="§ 22 Abs. 7 und 8 SGB II",
    warum=T(
        "Übernommene Mietschulden zahlt das Jobcenter direkt an die Vermieterseite, damit das "
        "Geld sicher ankommt und die Wohnung erhalten bleibt. Dafür braucht es ihren Namen, ihre "
        "Anschrift und ihr Konto.",
        "The Jobcenter pays rent arrears it takes over directly to the landlord, so the money "
        "arrives and the home is kept. For that it needs the landlord's name, address and "
        "account.",
        "Das Jobcenter schickt das Geld direkt an den Vermieter. Dafür braucht es seinen Namen "
        "und sein Bank·konto.",
    ),
    hilfe=T(
        "Das Jobcenter zahlt übernommene Mietschulden in der Regel direkt an die Vermieterseite.",
        "The Jobcenter usually pays rent arrears it takes over directly to the landlord.",
        "Das Jobcenter bezahlt die Schulden direkt an den Vermieter.",
    ),
    felder=(
        feld(
            "name",
            "text",
            T("Name oder Firma", "Name or company", "Name vom Vermieter"),
            max_laenge=200,
        ),
        *anschrift(),
        feld(
            "telefon",
            "telefon",
            T("Telefon", "Phone", "Telefon·nummer"),
            pflicht=False,
        ),
        feld(
            "iban",
            "iban",
            T("IBAN der Vermieterseite", "Landlord's IBAN", "Konto vom Vermieter"),
            hilfe=T(
                "Sie steht meist im Mietvertrag oder im Mahnschreiben.",
                "It is usually in the tenancy agreement or the reminder letter.",
                "Die IBAN steht oft im Miet·vertrag.",
            ),
        ),
    ),
)

RUECKSTAND = Abschnitt(
    name="rueckstand",
    titel=T("Die Mietschulden", "The rent arrears", "Ihre Miet·schulden"),
    rechtsgrundlage="§ 22 Abs. 8 SGB II",
    warum=T(
        "Das Jobcenter übernimmt Mietschulden, wenn das die Wohnung sichert und Sie die Miete "
        "danach wieder selbst zahlen können. Dafür muss es wissen, wie hoch die Schulden sind, "
        "wie sie entstanden sind und was Sie selbst beitragen können.",
        "The Jobcenter takes over rent arrears when that keeps your home and you can pay the "
        "rent yourself afterwards. For that it needs to know how high the arrears are, how they "
        "arose and what you can pay yourself.",
        "Das Jobcenter hilft, wenn Sie danach in der Wohnung bleiben können. Darum fragt es: "
        "Wie viel Miete fehlt? Warum? Was können Sie selbst bezahlen?",
    ),
    felder=(
        feld(
            "betrag",
            "betrag",
            T("Höhe der Mietschulden (Euro)", "Amount of arrears (euros)", "Wie viel Miete fehlt?"),
            minimum=euro("0.01"),
            maximum=euro("100000"),
        ),
        feld(
            "monate",
            "zahl",
            T("Für wie viele Monate?", "For how many months?", "Für wie viele Monate?"),
            minimum=1,
            maximum=60,
        ),
        feld(
            "seit",
            "datum",
            T("Seit wann?", "Since when?", "Seit wann fehlt Miete?"),
            zeitraum="vergangenheit",
        ),
        feld(
            "monatsmiete",
            "betrag",
            T(
                "Aktuelle Monatsmiete (warm)",
                "Current monthly rent (incl. heating)",
                "Miete im Monat",
            ),
            maximum=euro("10000"),
        ),
        feld(
            "grund",
            "langtext",
            T(
                "Wie sind die Schulden entstanden?",
                "How did the arrears arise?",
                "Warum konnten Sie die Miete nicht bezahlen?",
            ),
            max_laenge=2000,
        ),
        feld(
            "eigene_mittel",
            "betrag",
            T(
                "Welchen Teil können Sie selbst zahlen? (Euro)",
                "What part can you pay yourself? (euros)",
                "Wie viel können Sie selbst bezahlen?",
            ),
            pflicht=False,
            maximum=euro("100000"),
        ),
        feld(
            "miete_kuenftig_gesichert",
            "ja_nein",
            T(
                "Können Sie die Miete künftig wieder zahlen?",
                "Can you pay the rent from now on?",
                "Können Sie die Miete ab jetzt bezahlen?",
            ),
            hilfe=T(
                "Schulden werden übernommen, wenn die Wohnung dadurch dauerhaft erhalten bleibt.",
                "Arrears are taken over when this keeps the home for good.",
                "Das Jobcenter hilft, wenn Sie danach in der Wohnung bleiben können.",
            ),
        ),
    ),
)

KUENDIGUNG = Abschnitt(
    name="kuendigung",
    titel=T("Kündigung und Räumungsklage", "Notice and eviction suit", "Kündigung"),
    rechtsgrundlage="§ 22 Abs. 8 und 9 SGB II, §§ 543, 569 BGB",
    warum=T(
        "Eine Kündigung oder eine Räumungsklage zeigt, wie eilig es ist. Nach einer "
        "Räumungsklage müssen die Mietschulden innerhalb von zwei Monaten bezahlt sein, damit "
        "eine fristlose Kündigung unwirksam wird. Das Gericht meldet eine Räumungsklage auch "
        "dem Jobcenter, damit es rechtzeitig helfen kann.",
        "A notice or an eviction suit shows how urgent it is. After an eviction suit the "
        "arrears must be paid within two months for a termination without notice to become "
        "void. The court also tells the Jobcenter about an eviction suit so that it can help "
        "in time.",
        "Hat der Vermieter gekündigt? Dann ist es eilig. Das Jobcenter muss das wissen. "
        "Dann kann es schnell helfen.",
    ),
    felder=(
        feld(
            "gekuendigt",
            "ja_nein",
            T(
                "Wurde Ihnen gekündigt?",
                "Have you been given notice?",
                "Hat der Vermieter gekündigt?",
            ),
        ),
        feld(
            "kuendigung_am",
            "datum",
            T("Datum der Kündigung", "Date of the notice", "Datum der Kündigung"),
            wenn=wenn("gekuendigt", ist=JA),
            zeitraum="vergangenheit",
        ),
        feld(
            "kuendigung_art",
            "auswahl",
            T("Art der Kündigung", "Type of notice", "Was für eine Kündigung?"),
            wenn=wenn("gekuendigt", ist=JA),
            optionen=(
                wahl("fristlos", "fristlos", "without notice period", "sofort"),
                wahl("ordentlich", "ordentlich (mit Frist)", "with notice period", "mit Frist"),
                wahl("beides", "fristlos und hilfsweise ordentlich", "both", "beides"),
            ),
        ),
        feld(
            "raeumungsklage",
            "ja_nein",
            T(
                "Ist eine Räumungsklage erhoben?",
                "Has an eviction suit been filed?",
                "Hat der Vermieter beim Gericht geklagt?",
            ),
            hilfe=T(
                "Eine Räumungsklage ist eine Klage beim Amtsgericht, mit der die Vermieterseite "
                "Sie aus der Wohnung bringen will. Sie erkennen sie an einem Brief vom Gericht. "
                "Wenn die Mietschulden innerhalb von zwei Monaten, nachdem Ihnen die Klage "
                "zugestellt wurde, bezahlt sind, wird eine fristlose Kündigung unwirksam. Ihr "
                "Antrag wird deshalb als dringend gekennzeichnet.",
                "An eviction suit is a claim at the local court by which the landlord wants to "
                "get you out of the home. You recognise it by a letter from the court. If the "
                "arrears are paid within two months of the suit being served on you, a "
                "termination without notice becomes void. Your application is therefore marked "
                "urgent.",
                "Räumungs·klage heißt: Der Vermieter will Sie aus der Wohnung holen. Dafür geht "
                "er zum Gericht. Sie bekommen dann einen Brief vom Gericht. Dann ist es sehr "
                "eilig. Das Jobcenter bekommt Ihren Antrag als Eil·antrag.",
            ),
        ),
        feld(
            "klage_zugestellt_am",
            "datum",
            T("Klage zugestellt am", "Suit served on", "Wann kam der Brief vom Gericht?"),
            wenn=wenn("raeumungsklage", ist=JA),
            zeitraum="vergangenheit",
        ),
        feld(
            "gericht",
            "text",
            T("Amtsgericht", "Local court", "Welches Gericht?"),
            wenn=wenn("raeumungsklage", ist=JA),
            max_laenge=200,
        ),
        feld(
            "aktenzeichen",
            "text",
            T("Aktenzeichen", "Case number", "Akten·zeichen vom Gericht"),
            wenn=wenn("raeumungsklage", ist=JA),
            pflicht=False,
            max_laenge=50,
        ),
        feld(
            "raeumungstermin",
            "datum",
            T(
                "Räumungstermin (falls bekannt)",
                "Eviction date (if known)",
                "Wann sollen Sie ausziehen?",
            ),
            wenn=wenn("raeumungsklage", ist=JA),
            pflicht=False,
        ),
    ),
    nachweise=(
        nachweis(
            "kuendigungsschreiben",
            T("Kündigungsschreiben", "Notice letter", "Brief mit der Kündigung"),
        ),
        nachweis(
            "klageschrift",
            T("Räumungsklage", "Eviction suit", "Brief vom Gericht"),
            wenn("kuendigung.raeumungsklage", ist=JA),
        ),
        nachweis(
            "mietkonto",
            T("Aufstellung der Mietschulden", "Statement of arrears", "Liste der Miet·schulden"),
        ),
    ),
)

HAUSHALT = Abschnitt(
    name="haushalt",
    titel=T("Ihr Haushalt", "Your household", "Wer wohnt bei Ihnen?"),
    rechtsgrundlage="§ 22 Abs. 8 Satz 2 SGB II",
    warum=T(
        "Wenn sonst Wohnungslosigkeit droht, soll das Jobcenter die Schulden übernehmen. Wie "
        "viele Menschen und ob Kinder in der Wohnung leben, zählt bei dieser Entscheidung. Ob "
        "Sie Bürgergeld bekommen, zählt dafür, ob das Jobcenter die Schulden übernehmen kann.",
        "When the alternative is losing the home, the Jobcenter should take over the arrears. "
        "How many people and whether children live in the home counts in this decision. "
        "Whether you receive Bürgergeld matters for whether the Jobcenter can take over the "
        "arrears.",
        "Das Jobcenter muss wissen: Wer wohnt bei Ihnen? Wohnen Kinder bei Ihnen? "
        "Dann kann es besser helfen.",
    ),
    felder=(
        feld(
            "personen",
            "zahl",
            T(
                "Wie viele Personen leben in der Wohnung?",
                "How many people live in the home?",
                "Wie viele Menschen wohnen in der Wohnung?",
            ),
            minimum=1,
            maximum=30,
        ),
        feld(
            "kinder",
            "ja_nein",
            T(
                "Leben Kinder im Haushalt?",
                "Do children live in the household?",
                "Wohnen Kinder bei Ihnen?",
            ),
        ),
        feld(
            "bezieht_buergergeld",
            "ja_nein",
            T(
                "Erhalten Sie Bürgergeld?",
                "Do you receive Bürgergeld?",
                "Bekommen Sie Bürger·geld?",
            ),
        ),
    ),
)

FORMULAR = Formular(
    leistung="mietrueckstaende",
    version="mietrueckstaende-2026.1",
    titel=T(
        "Antrag auf Übernahme von Mietschulden",
        "Application to take over rent arrears",
        "Antrag: Das Jobcenter soll Miet·schulden bezahlen",
    ),
    beschreibung=T(
        "Wenn Wohnungslosigkeit droht, kann das Jobcenter Mietschulden übernehmen, meist als "
        "Darlehen.",
        "If you are at risk of losing your home, the Jobcenter can take over rent arrears, "
        "usually as a loan.",
        "Sie haben Miet·schulden? Dann kann das Jobcenter helfen. Meistens müssen Sie das Geld "
        "später zurück-zahlen.",
    ),
    rechtsgrundlage="§ 22 Abs. 8 SGB II",
    abschnitte=(
        antragsteller_kurz("§ 22 Abs. 8 SGB II, § 60 SGB I"),
        VERMIETER,
        RUECKSTAND,
        KUENDIGUNG,
        HAUSHALT,
        erklaerung(
            feld(
                "darlehen_einverstanden",
                "ja_nein",
                T(
                    "Ich bin einverstanden, dass die Hilfe als Darlehen erbracht werden kann.",
                    "I agree that the help may be given as a loan.",
                    "Ich zahle das Geld zurück, wenn das Jobcenter das will.",
                ),
            ),
        ),
    ),
    regeln=(
        Regel(
            code="klage_vor_kuendigung",
            feld="kuendigung.klage_zugestellt_am",
            vergleich=">=",
            mit="kuendigung.kuendigung_am",
            meldung=T(
                "Die Klage kann nicht vor der Kündigung zugestellt worden sein.",
                "The suit cannot have been served before the notice.",
                "Der Brief vom Gericht kann nicht vor der Kündigung gekommen sein.",
            ),
        ),
        Regel(
            code="raeumung_vor_klage",
            feld="kuendigung.raeumungstermin",
            vergleich=">=",
            mit="kuendigung.klage_zugestellt_am",
            meldung=T(
                "Der Räumungstermin kann nicht vor der Zustellung der Klage liegen.",
                "The eviction date cannot be before the suit was served.",
                "Der Termin zum Ausziehen kann nicht vor dem Brief vom Gericht sein.",
            ),
        ),
        Regel(
            code="kuendigung_vor_rueckstand",
            feld="kuendigung.kuendigung_am",
            vergleich=">=",
            mit="rueckstand.seit",
            meldung=T(
                "Die Kündigung liegt vor dem Beginn der Mietschulden. Bitte prüfen Sie die Daten.",
                "The notice is dated before the arrears began. Please check the dates.",
                "Die Kündigung ist vor den Schulden. Bitte prüfen Sie die Daten.",
            ),
        ),
    ),
    kurzantrag=("antragsteller.vorname", "antragsteller.nachname", "antragsteller.geburtsdatum"),
    dringlich_wenn=wenn("kuendigung.raeumungsklage", ist=JA),
    fristen=(
        Frist(
            code="schonfrist",
            ab="kuendigung.klage_zugestellt_am",
            monate=2,
            rechtsgrundlage="§ 569 Abs. 3 Nr. 2 BGB",
            wenn=wenn("kuendigung.raeumungsklage", ist=JA),
        ),
    ),
)
