"""Förderung der Aufnahme einer Erwerbstätigkeit: Einstiegsgeld (§ 16b SGB II), for a job
subject to social insurance or a self-employed activity."""

from __future__ import annotations

from antrag.domain.formular import Abschnitt, Formular, Regel
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

TAETIGKEIT = Abschnitt(
    name="taetigkeit",
    titel=T("Die neue Tätigkeit", "The new work", "Ihre neue Arbeit"),
    rechtsgrundlage="§ 16b SGB II",
    warum=T(
        "Einstiegsgeld ist ein Zuschuss für den Start in eine Arbeit oder eine eigene Firma. "
        "Wie hoch er ist und wie lange es ihn gibt, hängt von der Arbeit ab: von den Stunden, "
        "dem Lohn und davon, ob die Arbeit befristet ist. Bei einer eigenen Firma prüft das "
        "Jobcenter, ob sie sich voraussichtlich trägt.",
        "Einstiegsgeld is a grant for starting work or your own business. How much it is and "
        "for how long depends on the work: the hours, the pay and whether the job is "
        "fixed-term. For your own business the Jobcenter checks whether it is likely to pay "
        "its way.",
        "Das Jobcenter gibt Ihnen extra Geld für den Anfang in der neuen Arbeit. Wie viel, "
        "hängt von der Arbeit ab. Darum fragt das Jobcenter: Wie viele Stunden arbeiten Sie? "
        "Wie viel Geld bekommen Sie?",
    ),
    hilfe=T(
        "Stellen Sie den Antrag vor Beginn der Tätigkeit. Einstiegsgeld gibt es höchstens "
        "24 Monate.",
        "Apply before the work starts. Einstiegsgeld is paid for at most 24 months.",
        "Stellen Sie den Antrag, bevor die Arbeit anfängt.",
    ),
    felder=(
        feld(
            "art",
            "auswahl",
            T("Art der Tätigkeit", "Type of work", "Was für eine Arbeit?"),
            optionen=(
                wahl(
                    "beschaeftigung",
                    "sozialversicherungspflichtige Beschäftigung",
                    "employment subject to social insurance",
                    "Arbeit bei einer Firma",
                ),
                wahl("selbststaendig", "selbständige Tätigkeit", "self-employment", "eigene Firma"),
            ),
        ),
        feld(
            "beginn",
            "datum",
            T("Beginn", "Start", "Wann fängt die Arbeit an?"),
        ),
        feld(
            "arbeitgeber",
            "text",
            T("Arbeitgeber", "Employer", "Name der Firma"),
            wenn=wenn("art", ist="beschaeftigung"),
            max_laenge=200,
        ),
        feld(
            "wochenstunden",
            "zahl",
            T("Stunden pro Woche", "Hours per week", "Wie viele Stunden in der Woche?"),
            minimum=1,
            maximum=60,
        ),
        feld(
            "brutto_monatlich",
            "betrag",
            T(
                "Erwartetes Bruttoeinkommen im Monat",
                "Expected gross income per month",
                "Wie viel Geld bekommen Sie im Monat?",
            ),
            maximum=euro("50000"),
        ),
        feld(
            "befristet",
            "ja_nein",
            T(
                "Ist die Tätigkeit befristet?",
                "Is the work fixed-term?",
                "Ist die Arbeit nur für eine Zeit?",
            ),
            wenn=wenn("art", ist="beschaeftigung"),
        ),
        feld(
            "befristet_bis",
            "datum",
            T("Befristet bis", "Fixed-term until", "Bis wann?"),
            wenn=wenn("befristet", ist=JA),
        ),
        feld(
            "geschaeftsidee",
            "langtext",
            T("Ihre Geschäftsidee", "Your business idea", "Was wollen Sie machen?"),
            wenn=wenn("art", ist="selbststaendig"),
            max_laenge=3000,
        ),
        feld(
            "tragfaehigkeit_bescheinigt",
            "ja_nein",
            T(
                "Liegt eine Stellungnahme einer fachkundigen Stelle zur Tragfähigkeit vor?",
                "Is there an expert opinion on the viability of the business?",
                "Hat eine Beratungs·stelle Ihre Idee geprüft?",
            ),
            wenn=wenn("art", ist="selbststaendig"),
            hilfe=T(
                "Zum Beispiel von der IHK, der Handwerkskammer oder einer Gründungsberatung.",
                "For example from the chamber of commerce or a start-up advice centre.",
                "Zum Beispiel die IHK.",
            ),
        ),
    ),
    nachweise=(
        nachweis(
            "arbeitsvertrag",
            T(
                "Arbeitsvertrag oder Einstellungszusage",
                "Employment contract or offer",
                "Arbeits·vertrag",
            ),
            wenn("taetigkeit.art", ist="beschaeftigung"),
        ),
        nachweis(
            "businessplan",
            T("Geschäftsplan", "Business plan", "Plan für Ihre Firma"),
            wenn("taetigkeit.art", ist="selbststaendig"),
        ),
    ),
)

ARBEITSLOSIGKEIT = Abschnitt(
    name="arbeitslosigkeit",
    titel=T("Bisher", "Until now", "Bis jetzt"),
    rechtsgrundlage="§ 16b Abs. 1 SGB II",
    warum=T(
        "Einstiegsgeld kann es geben, wenn Sie arbeitslos sind und Bürgergeld bekommen. Die "
        "neue Arbeit soll Sie aus der Arbeitslosigkeit holen. Deshalb fragt das Jobcenter "
        "danach.",
        "Einstiegsgeld can be paid to people who are unemployed and receive Bürgergeld. The "
        "new work should end the unemployment. That is why the Jobcenter asks about it.",
        "Einstiegs·geld gibt es nur, wenn Sie keine Arbeit haben und Bürger·geld bekommen. "
        "Darum fragt das Jobcenter danach.",
    ),
    felder=(
        feld(
            "arbeitslos_seit",
            "datum",
            T("Arbeitslos seit", "Unemployed since", "Seit wann haben Sie keine Arbeit?"),
            zeitraum="vergangenheit",
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
    leistung="einstiegsgeld",
    version="einstiegsgeld-2026.1",
    titel=T(
        "Antrag auf Einstiegsgeld",
        "Application for Einstiegsgeld (start-up allowance)",
        "Antrag auf Einstiegs·geld",
    ),
    beschreibung=T(
        "Ein Zuschuss, wenn Sie eine Arbeit oder eine selbständige Tätigkeit aufnehmen.",
        "A grant when you take up work or become self-employed.",
        "Extra Geld, wenn Sie eine neue Arbeit anfangen.",
    ),
    rechtsgrundlage="§ 16b SGB II",
    abschnitte=(
        antragsteller_kurz("§ 16b SGB II, § 60 SGB I"),
        TAETIGKEIT,
        ARBEITSLOSIGKEIT,
        bankverbindung(),
        erklaerung(),
    ),
    regeln=(
        Regel(
            code="befristung_vor_beginn",
            feld="taetigkeit.befristet_bis",
            vergleich=">",
            mit="taetigkeit.beginn",
            meldung=T(
                "Das Ende der Befristung muss nach dem Beginn liegen.",
                "The end of the fixed term must be after the start.",
                "Das Ende muss nach dem Anfang sein.",
            ),
        ),
        Regel(
            code="beginn_vor_arbeitslosigkeit",
            feld="taetigkeit.beginn",
            vergleich=">",
            mit="arbeitslosigkeit.arbeitslos_seit",
            meldung=T(
                "Die neue Tätigkeit muss nach dem Beginn der Arbeitslosigkeit anfangen.",
                "The new work must start after you became unemployed.",
                "Die neue Arbeit muss nach der Arbeits·losigkeit anfangen.",
            ),
        ),
    ),
    kurzantrag=("antragsteller.vorname", "antragsteller.nachname", "antragsteller.geburtsdatum"),
)
