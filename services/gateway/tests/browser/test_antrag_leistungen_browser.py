"""The four benefits beside Einstiegsgeld (test_antrag_browser.py), each driven end to end in
Debian's headless Chromium on a 360 px screen without JavaScript: from the benefit choice page
through every section page by page, one refusal shown at its field and corrected, a draft left
and resumed through "Meine Anträge", the check-and-submit page, the receipt, and the status in
"Meine Anträge" once the Jobcenter has the application.

axe-core (zero WCAG 2.1 A/AA violations), the 360 px width and the 100 KB budget on each page
kind these benefits add to those test_antrag_browser.py checks: a repeating group with a group
in each entry and a list to pick from, a refusal inside a group, two entries with boxes to
tick, long texts with many choices, each benefit's summary, and the urgent application's pages
up to "Meine Anträge" with all four. (The shared sections, person, bank and declarations,
are Einstiegsgeld's, checked there.)

Bürgergeld: a child in the household (a refusal inside the repeating group), the Anlage KDU
with the tenancy agreement uploaded. Bildung und Teilhabe: two children, each with their own
benefits. Eingliederung: reached from the Zuständigkeit page, whose "apply here" brings the
place along; the bank section does not apply to further training. Mietrückstände: the pending
eviction suit makes the application urgent, on its page and in the receipt.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from gateway_antrag_browser import Antragsseiten, png
from gateway_antrag_plattform import EINSTIEGSGELD, Plattform
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.rabbitmq]

# Erika Mustermann, Marktplatz 1, 63571 Gelnhausen (born 12.04.1980), her account, her consent.
PERSON = EINSTIEGSGELD["antragsteller"]
BANK = EINSTIEGSGELD["bankverbindung"]
ERKLAERUNG = EINSTIEGSGELD["erklaerung"]


def auswahlseite(seiten: Antragsseiten) -> None:
    """The benefit choice page, the place of residence filled in."""
    seiten.laden("/antraege/neu")
    seiten.page.get_by_label("Postleitzahl").fill(PERSON["plz"])
    seiten.page.get_by_label("Ort", exact=True).fill(PERSON["ort"])


def test_buergergeld_with_a_child_in_the_household_and_the_annexes(
    seiten: Antragsseiten, antrag_plattform: Plattform, tmp_path: Path
) -> None:
    page = seiten.page
    auswahlseite(seiten)
    leistung = "Antrag auf Bürgergeld"
    seiten.anlegen(leistung)
    seiten.abschnitt_oeffnen("Angaben zu Ihrer Person")
    seiten.abschnitt(
        "Angaben zu Ihrer Person",
        {
            **PERSON,
            "geburtsort": "Hanau",
            "staatsangehoerigkeit": "deutsch",
            "familienstand": "geschieden",
            "erwerbsfaehig": True,
        },
    )

    titel = "Weitere Personen in Ihrem Haushalt"
    seiten.weitere_fragen({"weitere_personen": True})
    expect(page.locator("fieldset.eintrag")).to_have_count(1)
    seiten.pruefen(f"{titel}: eine Person")  # a group with a group of income in each entry
    kind = {
        "vorname": "Lena",
        "nachname": "Mustermann",
        "geburtsdatum": "03.05.1975",  # before her mother
        "verhaeltnis": "kind",
        "staatsangehoerigkeit": "deutsch",
        "krankenversicherung": "familie",
        "einkommen_vorhanden": True,
        "vermoegen_vorhanden": False,
    }
    seiten.speichern({f"personen.0.{name}": wert for name, wert in kind.items()})
    geburtsdatum = page.locator("#f-personen-0-geburtsdatum")
    seiten.abgelehnt(
        geburtsdatum,
        "Ein Kind kann nicht vor seinem Elternteil geboren sein. Bitte prüfen Sie die "
        "Geburtsdaten.",
        f"{titel}: abgelehnt",
    )
    # the answers brought up their questions: school, the insurer, the child's income
    seiten.abschnitt(
        titel,
        {
            "personen.0.geburtsdatum": "03.05.2012",
            "personen.0.schule_oder_ausbildung": True,
            "personen.0.krankenkasse": "AOK Hessen",
            "personen.0.einkuenfte.0.art": "kindergeld",
            "personen.0.einkuenfte.0.brutto_monatlich": "255,00",
            "personen.0.einkuenfte.0.netto_monatlich": "255,00",
        },
    )

    titel = "Ihre Wohnung und die Kosten"  # Anlage KDU
    expect(page.get_by_role("heading", level=1)).to_have_text(titel)
    seiten.weitere_fragen({"wohnsituation": "miete"})
    expect(page.locator("#anlagen")).to_contain_text("Mietvertrag")
    page.get_by_label("Datei oder Fotos auswählen").set_input_files([png()])
    seiten.laden(seiten.knopf("Hochladen"))
    expect(page.locator(".anlagen")).to_contain_text("vertrag-seite-1.pdf")
    wohnung = {
        "einzug": "01.08.2019",
        "wohnflaeche": "68",
        "personen_in_wohnung": "2",
        "grundmiete": "520,00",
        "nebenkosten": "140,00",
        "heizkosten": "85,00",
        "warmwasser_dezentral": False,
        "vermieter": "Wohnbau Kinzigtal GmbH",
    }
    seiten.ausfuellen(wohnung)
    seiten.spaeter_weitermachen(leistung, weiter_bei="Ihr Einkommen")

    seiten.abschnitt("Ihr Einkommen", {"einkommen_vorhanden": False})
    seiten.abschnitt("Ihr Vermögen", {"vermoegen_vorhanden": False, "erhebliches_vermoegen": False})
    seiten.abschnitt(
        "Ihre Krankenversicherung",
        {"krankenversicherung": "gesetzlich"},
        {"krankenkasse": "AOK Hessen"},
    )
    seiten.abschnitt("Mehrbedarfe", {"mehrbedarf": False})
    seiten.abschnitt("Bankverbindung", BANK)
    seiten.abschnitt("Erklärungen", ERKLAERUNG)

    zusammenfassung = page.locator("main")
    for text in ("Lena", "Kindergeld", "520,00 €", "vertrag-seite-1.pdf", "AOK Hessen"):
        expect(zusammenfassung).to_contain_text(text)
    seiten.einreichen_und_verfolgen(antrag_plattform, tmp_path, leistung, "Bürgergeld", alle=False)
    seiten.pruefen.ergebnis()


def test_bildung_und_teilhabe_for_two_children(
    seiten: Antragsseiten, antrag_plattform: Plattform, tmp_path: Path
) -> None:
    page = seiten.page
    auswahlseite(seiten)
    leistung = "Antrag auf Leistungen für Bildung und Teilhabe"
    seiten.anlegen(leistung)
    seiten.abschnitt_oeffnen("Angaben zu Ihrer Person")
    seiten.abschnitt("Angaben zu Ihrer Person", PERSON)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre laufenden Leistungen")
    seiten.ausfuellen({"bezieht_buergergeld": True})
    seiten.spaeter_weitermachen(leistung, weiter_bei="Für welche Kinder?")

    titel = "Für welche Kinder?"
    seiten.ausfuellen(
        {
            "kinder.0.vorname": "Lena",
            "kinder.0.nachname": "Mustermann",
            "kinder.0.geburtsdatum": "03.05.2014",
            "kinder.0.einrichtung_art": "schule",
            "kinder.0.einrichtung_name": "Grundschule am Obermarkt",
            "kinder.0.leistungen": ["klassenfahrt", "mittagessen"],
        }
    )
    seiten.laden(seiten.knopf("Eintrag hinzufügen"))  # saves, and a second child
    expect(page.locator("fieldset.eintrag")).to_have_count(2)
    expect(page.locator("#f-kinder-0-vorname")).to_have_value("Lena")
    seiten.pruefen(f"{titel}: zwei Kinder")
    zweites = {
        "vorname": "Paul",
        "nachname": "Mustermann",
        "geburtsdatum": "20.08.1998",  # 25 or older
        "einrichtung_art": "berufsschule",
        "einrichtung_name": "Berufliche Schulen Gelnhausen",
        "leistungen": ["schuelerbefoerderung"],
    }
    seiten.speichern(
        {
            "kinder.0.klassenfahrt_beginn": "14.04.2027",
            "kinder.0.klassenfahrt_kosten": "280,00",
            **{f"kinder.1.{name}": wert for name, wert in zweites.items()},
        }
    )
    alter = page.locator("#f-kinder-1-geburtsdatum")
    seiten.abgelehnt(alter, "Diese Leistung gibt es nur für Personen unter 25 Jahren.")
    seiten.abschnitt(
        titel,
        {
            "kinder.1.geburtsdatum": "20.08.2008",
            "kinder.1.befoerderung_kosten_monatlich": "49,00",
        },
    )
    seiten.abschnitt("Bankverbindung", BANK)
    seiten.abschnitt("Erklärungen", ERKLAERUNG)

    zusammenfassung = page.get_by_role("region", name="Für welche Kinder?")
    for text in ("Lena", "Mehrtägige Klassenfahrt", "280,00 €", "Paul", "Schülerbeförderung"):
        expect(zusammenfassung).to_contain_text(text)
    seiten.einreichen_und_verfolgen(
        antrag_plattform, tmp_path, leistung, "Bildung und Teilhabe", alle=False
    )
    seiten.pruefen.ergebnis()


def test_eingliederung_from_the_jobcenter_found_to_the_receipt(
    seiten: Antragsseiten, antrag_plattform: Plattform, tmp_path: Path
) -> None:
    page = seiten.page
    seiten.laden("/zustaendigkeit")
    page.get_by_label("Postleitzahl oder Wohnort").fill("63571")
    seiten.laden(seiten.knopf("Jobcenter finden"))
    expect(page.get_by_role("heading", level=2)).to_have_text("Ihr Jobcenter: Main-Kinzig-Kreis")
    seiten.laden(page.get_by_role("link", name="Antrag hier stellen"))  # the place comes along
    expect(page.get_by_label("Postleitzahl")).to_have_value("63571")
    expect(page.get_by_label("Ort", exact=True)).to_have_value("Gelnhausen")
    leistung = "Antrag auf Förderung der Aktivierung und beruflichen Eingliederung"
    seiten.anlegen(leistung)
    seiten.abschnitt_oeffnen("Angaben zu Ihrer Person")
    seiten.abschnitt("Angaben zu Ihrer Person", PERSON)

    titel = "Welche Förderung?"
    seiten.pruefen(titel)
    seiten.speichern(
        {
            "art": "weiterbildung",
            "beschreibung": "Weiterbildung zur Fachkraft für Lagerlogistik",
            "kosten": "3.200,00",
            "beginn": "01.02.2025",  # already past
        }
    )
    seiten.abgelehnt(
        page.locator("#f-beginn"),
        "Dieses Datum darf nicht in der Vergangenheit liegen.",
    )
    in_zwei_monaten = (date.today() + timedelta(days=60)).strftime("%d.%m.%Y")
    seiten.abschnitt(  # further training asks for the provider and its certification
        titel,
        {
            "beginn": in_zwei_monaten,
            "anbieter": "Bildungswerk Main-Kinzig",
            "azav_zugelassen": True,
        },
    )

    titel = "Ihre berufliche Situation"
    expect(page.get_by_role("heading", level=1)).to_have_text(titel)
    seiten.weitere_fragen(
        {
            "berufsabschluss": "ausbildung",
            "zuletzt_taetig_als": "Lagerhelferin",
            "arbeitslos": True,
            "ziel": "Eine feste Stelle in der Logistik",
        }
    )
    seiten.ausfuellen({"arbeitslos_seit": "01.02.2025"})
    # the bank account is asked for refunds only, not for further training
    seiten.spaeter_weitermachen(leistung, weiter_bei="Erklärungen")
    fortschritt = page.get_by_role("navigation", name="Abschnitte des Antrags")
    expect(fortschritt.locator("li")).to_have_count(4)
    seiten.abschnitt("Erklärungen", ERKLAERUNG)

    zusammenfassung = page.locator("main")
    for text in ("Bildungswerk Main-Kinzig", "3.200,00 €", in_zwei_monaten):
        expect(zusammenfassung).to_contain_text(text)
    expect(page.locator("#z-bankverbindung")).to_have_count(0)
    seiten.einreichen_und_verfolgen(
        antrag_plattform, tmp_path, leistung, "Eingliederung", alle=False
    )
    seiten.pruefen.ergebnis()


def test_mietrueckstaende_with_an_eviction_suit_is_urgent(
    seiten: Antragsseiten, antrag_plattform: Plattform, tmp_path: Path
) -> None:
    page = seiten.page
    auswahlseite(seiten)
    leistung = "Antrag auf Übernahme von Mietschulden"
    basis = seiten.anlegen(leistung)
    seiten.abschnitt_oeffnen("Angaben zu Ihrer Person")
    seiten.abschnitt("Angaben zu Ihrer Person", PERSON)
    seiten.abschnitt(
        "Vermieterin oder Vermieter",
        {
            "name": "Wohnbau Kinzigtal GmbH",
            "strasse_hausnummer": "Bahnhofstraße 5",
            "plz": "63571",
            "ort": "Gelnhausen",
            "iban": "DE89 3704 0044 0532 0130 00",
        },
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Die Mietschulden")
    seiten.ausfuellen(
        {
            "betrag": "1.950,00",
            "monate": "3",
            "seit": "01.03.2025",
            "monatsmiete": "650,00",
            "grund": "Nach dem Verlust der Arbeit reichte das Geld nicht.",
            "miete_kuenftig_gesichert": True,
        }
    )
    titel = "Kündigung und Räumungsklage"
    seiten.spaeter_weitermachen(leistung, weiter_bei=titel)

    seiten.weitere_fragen({"gekuendigt": True, "raeumungsklage": True})
    expect(page.locator("#anlagen")).to_contain_text("Räumungsklage")
    seiten.speichern(
        {
            "kuendigung_am": "15.07.2025",
            "kuendigung_art": "beides",
            "klage_zugestellt_am": "01.07.2025",  # before the notice
            "gericht": "Amtsgericht Gelnhausen",
            "aktenzeichen": "52 C 123/25",
        }
    )
    seiten.abgelehnt(
        page.locator("#f-klage_zugestellt_am"),
        "Die Klage kann nicht vor der Kündigung zugestellt worden sein.",
    )
    seiten.abschnitt(titel, {"klage_zugestellt_am": "20.09.2025"})
    seiten.abschnitt(
        "Ihr Haushalt",
        {"personen": "2", "kinder": True, "bezieht_buergergeld": True},
    )
    seiten.abschnitt("Erklärungen", {**ERKLAERUNG, "darlehen_einverstanden": True})

    zusammenfassung = page.get_by_role("region", name=titel)
    for text in ("20.09.2025", "Amtsgericht Gelnhausen", "fristlos und hilfsweise ordentlich"):
        expect(zusammenfassung).to_contain_text(text)
    quittung = seiten.einreichen_und_verfolgen(
        antrag_plattform, tmp_path, leistung, "Mietrückstände"
    )
    assert "Eilbedürftig" in "".join(
        s.extract_text() for s in PdfReader(io.BytesIO(quittung)).pages
    )
    seiten.laden(basis)
    stand = page.locator("dt", has_text="Stand").locator("xpath=following-sibling::dd[1]")
    expect(stand).to_have_text("Beim Jobcenter angekommen – dringend")
    seiten.pruefen.ergebnis()
