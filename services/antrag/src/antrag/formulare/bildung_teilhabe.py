"""Bildung und Teilhabe (§§ 28, 29 SGB II): per child, which benefits, as the BuT forms ask."""

from __future__ import annotations

from antrag.domain.formular import Abschnitt, Formular, Regel
from antrag.formulare.bausteine import (
    NACHNAME,
    VORNAME,
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

LEISTUNGEN = (
    wahl(
        "ausfluege",
        "Eintägige Ausflüge der Schule oder Kita",
        "One-day school or nursery trips",
        "Ausflug mit der Schule oder Kita",
    ),
    wahl(
        "klassenfahrt",
        "Mehrtägige Klassenfahrt",
        "Class trip of several days",
        "Klassen·fahrt",
    ),
    wahl(
        "schulbedarf",
        "Persönlicher Schulbedarf (Schulranzen, Hefte, Stifte)",
        "Personal school supplies (school bag, exercise books, pens)",
        "Sachen für die Schule",
    ),
    wahl(
        "schuelerbefoerderung",
        "Schülerbeförderung (Fahrkarte zur Schule)",
        "School transport (ticket to school)",
        "Fahr·karte für den Schul·weg",
    ),
    wahl(
        "lernfoerderung",
        "Lernförderung / Nachhilfe",
        "Learning support / tutoring",
        "Nach·hilfe",
    ),
    wahl(
        "mittagessen",
        "Gemeinsames Mittagessen in Schule, Kita oder Hort",
        "Shared lunch at school, nursery or after-school care",
        "Mittag·essen in der Schule oder Kita",
    ),
    wahl(
        "teilhabe",
        "Sport, Musik, Kultur, Freizeit: 15 Euro im Monat",
        "Sport, music, culture, leisure: 15 euros a month",
        "Sport·verein oder Musik·schule",
    ),
)

KINDER = Abschnitt(
    name="kinder",
    titel=T("Für welche Kinder?", "For which children?", "Für welche Kinder?"),
    vordruck="Antrag auf Leistungen für Bildung und Teilhabe",
    rechtsgrundlage=(
        "§ 28 SGB II: Abs. 2 Nr. 1 (Ausflüge), Abs. 2 Nr. 2 (Klassenfahrten), Abs. 3 "
        "(Schulbedarf), Abs. 4 (Schülerbeförderung), Abs. 5 (Lernförderung), Abs. 6 "
        "(Mittagessen), Abs. 7 (Sport, Musik, Kultur, Freizeit); § 29 SGB II (Erbringung)"
    ),
    warum=T(
        "Bildung und Teilhabe gibt es für jedes Kind einzeln und für jede Leistung einzeln. "
        "Deshalb fragt das Jobcenter für jedes Kind, wo es zur Schule oder in die Kita geht und "
        "was es braucht. Das Alter zählt: Die Leistungen gibt es bis zum 25. Geburtstag, das Geld "
        "für Sport, Musik und Freizeit bis zum 18. "
        "Für Klassenfahrten und Fahrkarten braucht es die Kosten, für Nachhilfe die Fächer.",
        "Education and participation benefits are granted for each child and each benefit on "
        "its own. That is why the Jobcenter asks, for each child, which school or nursery it "
        "attends and what it needs. The age counts: the benefits end at 25, the money for "
        "sport, music and leisure at 18. For class trips and tickets it needs the costs, for "
        "tutoring the subjects.",
        "Das Jobcenter prüft jedes Kind einzeln. Darum fragt es: Wie alt ist das Kind? "
        "In welche Schule oder Kita geht es? Was braucht das Kind?",
    ),
    hilfe=T(
        "Kinder und junge Menschen unter 25 Jahren, die eine allgemein- oder berufsbildende "
        "Schule besuchen; Ausflüge und Mittagessen auch in der Kita.",
        "Children and young people under 25 who attend a general or vocational school; trips "
        "and lunch also at nursery.",
        "Für Kinder in der Kita und in der Schule. Und für junge Menschen unter 25 Jahren.",
    ),
    felder=(
        feld(
            "kinder",
            "gruppe",
            T("Kinder", "Children", "Kinder"),
            minimum=1,
            maximum=10,
            felder=(
                VORNAME,
                NACHNAME,
                feld(
                    "geburtsdatum",
                    "datum",
                    T("Geburtsdatum", "Date of birth", "Geburts·tag"),
                    zeitraum="vergangenheit",
                    hoechstalter=25,
                ),
                feld(
                    "einrichtung_art",
                    "auswahl",
                    T("Besucht", "Attends", "Wo ist das Kind am Tag?"),
                    optionen=(
                        wahl("kita", "Kita / Kindertagespflege", "nursery / childminder", "Kita"),
                        wahl("schule", "allgemeinbildende Schule", "general school", "Schule"),
                        wahl(
                            "berufsschule",
                            "berufsbildende Schule",
                            "vocational school",
                            "Berufs·schule",
                        ),
                    ),
                ),
                feld(
                    "einrichtung_name",
                    "text",
                    T(
                        "Name der Schule oder Kita",
                        "Name of the school or nursery",
                        "Name der Schule oder Kita",
                    ),
                    max_laenge=200,
                ),
                feld(
                    "leistungen",
                    "mehrfachauswahl",
                    T("Beantragte Leistungen", "Benefits applied for", "Was brauchen Sie?"),
                    optionen=LEISTUNGEN,
                ),
                feld(
                    "klassenfahrt_beginn",
                    "datum",
                    T("Klassenfahrt ab", "Class trip starts", "Wann fängt die Klassen·fahrt an?"),
                    wenn=wenn("leistungen", enthaelt="klassenfahrt"),
                ),
                feld(
                    "klassenfahrt_kosten",
                    "betrag",
                    T(
                        "Kosten der Klassenfahrt",
                        "Cost of the class trip",
                        "Was kostet die Klassen·fahrt?",
                    ),
                    wenn=wenn("leistungen", enthaelt="klassenfahrt"),
                    minimum=euro("0.01"),
                    maximum=euro("5000"),
                ),
                feld(
                    "befoerderung_kosten_monatlich",
                    "betrag",
                    T(
                        "Fahrkosten im Monat",
                        "Travel costs per month",
                        "Was kostet die Fahr·karte im Monat?",
                    ),
                    wenn=wenn("leistungen", enthaelt="schuelerbefoerderung"),
                    maximum=euro("500"),
                ),
                feld(
                    "lernfoerderung_faecher",
                    "text",
                    T("Für welche Fächer?", "For which subjects?", "Für welche Fächer?"),
                    wenn=wenn("leistungen", enthaelt="lernfoerderung"),
                    max_laenge=200,
                ),
                feld(
                    "teilhabe_anbieter",
                    "text",
                    T("Verein oder Anbieter", "Club or provider", "Welcher Verein?"),
                    wenn=wenn("leistungen", enthaelt="teilhabe"),
                    max_laenge=200,
                ),
            ),
        ),
    ),
    nachweise=(
        nachweis(
            "schulbescheinigung",
            T("Schulbescheinigung", "School certificate", "Brief von der Schule"),
        ),
        nachweis(
            "lernfoerderung_bestaetigung",
            T(
                "Bestätigung der Schule über den Förderbedarf",
                "School confirmation of the need for support",
                "Brief von der Schule: Das Kind braucht Nach·hilfe",
            ),
        ),
    ),
)

LEISTUNGSBEZUG = Abschnitt(
    name="leistungsbezug",
    titel=T("Ihre laufenden Leistungen", "Your current benefits", "Welches Geld bekommen Sie?"),
    rechtsgrundlage="§ 19 Abs. 2 SGB II, § 6b BKGG",
    warum=T(
        "Das Jobcenter zahlt Bildung und Teilhabe, wenn Ihre Familie Bürgergeld bekommt oder "
        "beantragt hat. Wer Wohngeld oder Kinderzuschlag bekommt, stellt den Antrag bei der "
        "Stadt oder dem Kreis. Deshalb fragen wir zuerst danach.",
        "The Jobcenter pays education and participation benefits when your family receives "
        "or has applied for Bürgergeld. With housing benefit or the child supplement you apply "
        "to the town or district. That is why we ask this first.",
        "Das Jobcenter zahlt nur, wenn Sie Bürger·geld bekommen oder beantragt haben. "
        "Darum fragen wir das zuerst.",
    ),
    felder=(
        feld(
            "bezieht_buergergeld",
            "ja_nein",
            T(
                "Erhalten Sie Bürgergeld oder haben Sie es beantragt?",
                "Do you receive Bürgergeld or have you applied for it?",
                "Bekommen Sie Bürger·geld?",
            ),
            hilfe=T(
                "Bei Wohngeld oder Kinderzuschlag ist die Kommune (nicht das Jobcenter) zuständig.",
                "With housing benefit or the child supplement, the municipality (not the "
                "Jobcenter) is responsible.",
                "Wenn Sie Wohn·geld bekommen, fragen Sie bei der Stadt.",
            ),
        ),
    ),
)

FORMULAR = Formular(
    leistung="bildung_teilhabe",
    version="bildung_teilhabe-2026.1",
    titel=T(
        "Antrag auf Leistungen für Bildung und Teilhabe",
        "Application for education and participation benefits",
        "Antrag auf Geld für Schule und Freizeit",
    ),
    beschreibung=T(
        "Zuschüsse für Ausflüge, Klassenfahrten, Schulbedarf, Fahrkarten, Nachhilfe, "
        "Mittagessen und Vereinsbeiträge Ihrer Kinder.",
        "Support for your children's trips, class trips, school supplies, tickets, tutoring, "
        "lunch and club fees.",
        "Geld für Ihre Kinder: für Ausflüge, Schul·sachen, Nach·hilfe, Mittag·essen und Sport.",
    ),
    rechtsgrundlage="§§ 28, 29 SGB II",
    abschnitte=(
        antragsteller_kurz("§ 28 SGB II, § 60 SGB I"),
        LEISTUNGSBEZUG,
        KINDER,
        bankverbindung(),
        erklaerung(),
    ),
    regeln=(
        Regel(
            code="kind_aelter_als_elternteil",
            feld="kinder.kinder[].geburtsdatum",
            vergleich=">",
            mit="antragsteller.geburtsdatum",
            meldung=T(
                "Ein Kind kann nicht vor Ihnen geboren sein. Bitte prüfen Sie die Geburtsdaten.",
                "A child cannot be born before you. Please check the dates of birth.",
                "Das Kind ist älter als Sie. Das kann nicht sein. Bitte prüfen Sie die "
                "Geburts·tage.",
            ),
        ),
    ),
    kurzantrag=("antragsteller.vorname", "antragsteller.nachname", "antragsteller.geburtsdatum"),
)
