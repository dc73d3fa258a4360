"""Understanding the application pages (issue 11, items 6, 9, 11 and the page-level small
things), in Debian's headless Chromium on a 360 px screen without JavaScript, each page
checked by axe-core:

- error summaries name the field (and, on the summary page, the section) and lead to it; a
  declaration not yet confirmed asks for confirmation instead of saying something is missing;
- legal references and the paper form's name wait in "Warum wir das fragen"; the hard words
  are explained where they are asked; the overview's main button says what comes next, and
  a complete application offers only the full submission;
- the data-protection declaration links to the notes, in a new window that leaves the form as
  it was;
- small things: the IBAN field shows a whole formatted IBAN, "1 Seite", an invalid e-mail
  address called invalid, a birth-date example from another year, PLZ and town carried over,
  the applicant offered as account holder, Leichte Sprache with one way of splitting words,
  the pages at 200 % text size without sideways scrolling, the back link apart from the menu.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from gateway_antrag_browser import Antragsseiten
from gateway_antrag_plattform import EINSTIEGSGELD
from PIL import Image
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.rabbitmq]

SPRACHEN = ["de", "en", "de-x-ls"]
GELNHAUSEN = "/antraege/neu?plz=63571&ort=Gelnhausen"
# What sticks out on the right of the screen (to say which element is too wide).
ZU_BREIT = """(() => {
  const aussen = [];
  for (const e of document.querySelectorAll('body *')) {
    const rechts = e.getBoundingClientRect().right;
    if (rechts > window.innerWidth + 1) {
      aussen.push(`${e.tagName}.${e.className} ${Math.round(rechts)} px`);
    }
  }
  return aussen.slice(0, 6);
})()"""


def anlegen(seiten: Antragsseiten, leistung: str) -> str:
    """A new application in Gelnhausen (its Jobcenter takes applications here); its address."""
    seiten.laden(GELNHAUSEN)
    page = seiten.page
    page.get_by_label(leistung, exact=True).check()
    seiten.laden(seiten.knopf("Antrag anlegen"))
    expect(seiten.status()).to_contain_text("Ihr Antrag ist angelegt.")
    basis = page.url.split("?")[0]
    for _ in range(50):  # the Jobcenter arrives by event
        if page.get_by_text("Main-Kinzig-Kreis").count():
            break
        seiten.laden(basis)
    expect(page.get_by_text("Main-Kinzig-Kreis").first).to_be_visible()
    return basis


def api(page: Page, methode: str, pfad: str, **optionen: Any) -> Any:
    token = page.request.get("/api/v1/sitzung").json()["csrf_token"]
    antwort = page.request.fetch(pfad, method=methode, headers={"X-CSRF-Token": token}, **optionen)
    assert antwort.ok, antwort.text()
    return antwort.json() if antwort.status != 204 else None


def speichern(page: Page, basis: str, abschnitt: str, daten: dict) -> None:
    antrag_id = basis.rsplit("/", 1)[1]
    api(page, "PUT", f"/api/v1/antraege/{antrag_id}/abschnitte/{abschnitt}", data=daten)


def messen(seiten: Antragsseiten, ausdruck: str) -> Any:
    """Evaluates in the page with scripts on for that moment (the pages run without them)."""
    seiten.pruefen._skripte(aus=False)
    try:
        return seiten.page.evaluate(ausdruck)
    finally:
        seiten.pruefen._skripte(aus=True)


def test_error_summaries_name_the_field_and_section_and_lead_to_it(
    seiten: Antragsseiten,
) -> None:
    page = seiten.page
    basis = anlegen(seiten, "Antrag auf Einstiegsgeld")
    speichern(page, basis, "antragsteller", {"nachname": "Mustermann"})
    speichern(page, basis, "erklaerung", {"angaben_richtig": True})

    seiten.laden(f"{basis}/pruefen")
    fehlt = page.locator(".hinweis").filter(has=page.get_by_role("heading", name="Das fehlt noch"))
    person = fehlt.locator("li").filter(has_text="Angaben zu Ihrer Person").first
    expect(person.get_by_role("link", name="Vorname(n) fehlt", exact=True)).to_be_visible()
    erklaerung = fehlt.locator("li").filter(has_text="Erklärungen").first
    expect(
        erklaerung.get_by_role(
            "link", name="Bitte bestätigen Sie: Ich habe die Hinweise zum Datenschutz gelesen."
        )
    ).to_be_visible()
    expect(fehlt).not_to_contain_text("Bitte füllen Sie dieses Feld aus.")
    expect(fehlt).not_to_contain_text("Ich habe die Hinweise zum Datenschutz gelesen. fehlt")
    seiten.pruefen("Prüfen: was fehlt")

    seiten.laden(seiten.knopf("Antrag verbindlich einreichen"))
    zusammenfassung = page.get_by_role("alert")
    expect(zusammenfassung).to_contain_text("Angaben zu Ihrer Person")
    expect(zusammenfassung).not_to_contain_text("Bitte füllen Sie dieses Feld aus.")
    seiten.pruefen("Einreichen abgelehnt")
    seiten.laden(zusammenfassung.get_by_role("link", name="Vorname(n) fehlt", exact=True))
    expect(page).to_have_url(re.compile(r"/abschnitte/antragsteller#f-vorname$"))
    expect(page.get_by_label("Vorname(n)")).to_be_focused()

    # a wrong value on a section page: the summary names the field
    page.get_by_label("Geburtsdatum").fill("gestern")
    seiten.laden(seiten.knopf("Speichern und weiter"))
    seiten.abgelehnt(
        page.get_by_label("Geburtsdatum"), "Bitte geben Sie ein Datum ein", "Abschnitt mit Fehler"
    )
    expect(
        page.get_by_role("alert").get_by_role("link", name="Geburtsdatum: Bitte geben Sie")
    ).to_have_attribute("href", "#f-geburtsdatum")

    erwartet = {
        "en": ("First name(s) is missing", "Please confirm: I have read the data protection"),
        "de-x-ls": ("Das fehlt noch: Vor·name", "Bitte kreuzen Sie an: Ich habe gelesen"),
    }
    for sprache, (fehlend, bestaetigen) in erwartet.items():
        seiten.laden(f"{basis}/pruefen?sprache={sprache}")
        expect(page.get_by_role("link", name=fehlend, exact=True)).to_be_visible()
        expect(page.get_by_role("link", name=re.compile(re.escape(bestaetigen)))).to_be_visible()
        seiten.pruefen(f"{sprache} Prüfen: was fehlt")
    seiten.pruefen.ergebnis()


def test_plain_words_first_and_the_main_button_says_what_comes_next(
    seiten: Antragsseiten,
) -> None:
    page = seiten.page
    basis = anlegen(seiten, "Antrag auf Bürgergeld")
    seiten.laden(basis)
    hauptknopf = page.locator("main a.knopf")
    expect(hauptknopf).to_have_text("Weiter mit: Angaben zu Ihrer Person")
    seiten.laden(hauptknopf)
    expect(page.get_by_role("heading", level=1)).to_have_text("Angaben zu Ihrer Person")
    person = {k: v for k, v in EINSTIEGSGELD["antragsteller"].items()}
    person |= {
        "geburtsort": "Fulda",
        "staatsangehoerigkeit": "deutsch",
        "familienstand": "ledig",
        "erwerbsfaehig": True,
    }
    speichern(page, basis, "antragsteller", person)
    seiten.laden(basis)
    expect(hauptknopf).to_have_text("Weiter mit: Weitere Personen in Ihrem Haushalt")
    seiten.pruefen("Übersicht: weiter mit")

    # the paper form and the law wait in "Warum wir das fragen"
    seiten.laden(f"{basis}/abschnitte/wohnung")
    expect(page.get_by_text("ersetzt: Anlage KDU")).to_be_hidden()
    warum = page.locator("details").filter(has=page.get_by_text("Warum wir das fragen"))
    expect(warum).to_have_count(1)
    warum.get_by_text("Warum wir das fragen").click()
    expect(warum).to_contain_text("Anlage KDU")
    expect(warum).to_contain_text("§ 22 SGB II")
    seiten.pruefen("Wohnung: Warum wir das fragen")

    # hard words explained where they are asked, without a paragraph sign
    seiten.laden(f"{basis}/abschnitte/haushalt")
    frage = page.get_by_role(
        "group", name="Leben weitere Personen mit Ihnen in der Bedarfsgemeinschaft?"
    )
    expect(frage).to_have_accessible_description(re.compile("Eine Bedarfsgemeinschaft sind"))
    seiten.laden(f"{basis}/abschnitte/mehrbedarf")
    frage = page.get_by_role("group", name=re.compile("einen Mehrbedarf"))
    expect(frage).to_have_accessible_description(re.compile("Ein Mehrbedarf ist"))
    seiten.laden(f"{basis}/abschnitte/antragsteller")
    frage = page.get_by_role("group", name=re.compile("mindestens 3 Stunden"))
    expect(frage).not_to_have_accessible_description(re.compile("§"))

    miete = anlegen(seiten, "Antrag auf Übernahme von Mietschulden")
    seiten.laden(f"{miete}/abschnitte/kuendigung")
    frage = page.get_by_role("group", name="Ist eine Räumungsklage erhoben?")
    expect(frage).to_have_accessible_description(re.compile("Eine Räumungsklage ist"))
    expect(frage).not_to_have_accessible_description(re.compile("§"))
    seiten.pruefen("Kündigung: Räumungsklage erklärt")

    # complete: only the full submission
    fertig = anlegen(seiten, "Antrag auf Einstiegsgeld")
    for abschnitt, daten in EINSTIEGSGELD.items():
        speichern(page, fertig, abschnitt, daten)
    seiten.laden(fertig)
    expect(hauptknopf).to_have_text("Angaben prüfen und einreichen")
    expect(page.get_by_role("button", name="Kurzantrag jetzt einreichen")).to_have_count(0)
    seiten.laden(hauptknopf)
    expect(seiten.knopf("Antrag verbindlich einreichen")).to_be_visible()
    expect(page.get_by_role("button", name="Kurzantrag jetzt einreichen")).to_have_count(0)
    seiten.pruefen.ergebnis()


def test_the_data_protection_declaration_links_to_the_notes_in_a_new_window(
    seiten: Antragsseiten,
) -> None:
    page = seiten.page
    basis = anlegen(seiten, "Antrag auf Einstiegsgeld")
    seiten.laden(f"{basis}/abschnitte/erklaerung")
    link = page.get_by_role("link", name="Hinweise zum Datenschutz (öffnet neues Fenster)")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", re.compile(r"\bnoopener\b"))
    expect(link).to_have_attribute("href", "/datenschutz#antrag")
    erste = page.locator("#formular input[type=checkbox]").first
    erste.check()
    seiten.pruefen("Erklärungen mit Link")
    with page.context.expect_page() as neu:
        link.click()
    hinweise = neu.value
    hinweise.wait_for_load_state()
    expect(hinweise).to_have_url(re.compile(r"/datenschutz#antrag$"))
    expect(hinweise.locator("#antrag")).to_contain_text("Ihr Antrag")
    expect(erste).to_be_checked()  # the form is as it was
    for sprache in SPRACHEN:
        seiten.laden(f"/datenschutz?sprache={sprache}")
        expect(page.locator("#antrag")).to_be_visible()
        seiten.pruefen(f"{sprache} Datenschutz")
        seiten.laden(f"{basis}/abschnitte/erklaerung?sprache={sprache}")
        expect(page.locator("#formular a[target=_blank]")).to_have_count(1)
        seiten.pruefen(f"{sprache} Erklärungen")
    seiten.pruefen.ergebnis()


def test_small_things_on_the_section_pages(seiten: Antragsseiten) -> None:
    page = seiten.page
    basis = anlegen(seiten, "Antrag auf Einstiegsgeld")
    seiten.laden(f"{basis}/abschnitte/antragsteller")
    # PLZ and town from the first step
    expect(page.get_by_label("Postleitzahl")).to_have_value("63571")
    expect(page.get_by_label("Ort", exact=True)).to_have_value("Gelnhausen")
    # a birth date from another year than this one
    geburtsdatum = page.get_by_label("Geburtsdatum")
    expect(geburtsdatum).to_have_accessible_description(re.compile(r"Zum Beispiel \d"))
    expect(geburtsdatum).not_to_have_accessible_description(re.compile(str(date.today().year)))
    # back link apart from the menu
    menue = page.get_by_role("navigation", name="Hauptmenü").bounding_box()
    zurueck = page.get_by_role("link", name="Zurück zur Übersicht").bounding_box()
    assert menue and zurueck
    assert zurueck["y"] - (menue["y"] + menue["height"]) >= 12, (menue, zurueck)

    page.get_by_label("Vorname(n)").fill("Erika")
    page.get_by_label("Familienname").fill("Mustermann")
    page.get_by_label("Geburtsdatum").fill("12.04.1980")
    page.get_by_label("E-Mail").fill("erika.beispiel.de")
    seiten.laden(seiten.knopf("Speichern und weiter"))
    email = page.get_by_label("E-Mail")
    seiten.abgelehnt(email, "Das sieht nicht wie eine E-Mail-Adresse aus", "E-Mail ungültig")
    email.fill("")
    seiten.laden(seiten.knopf("Speichern und weiter"))

    # the applicant offered as account holder; a whole formatted IBAN visible
    seiten.laden(f"{basis}/abschnitte/bankverbindung")
    expect(page.get_by_label("Kontoinhaberin / Kontoinhaber")).to_have_value("Erika Mustermann")
    page.get_by_label("IBAN").fill("DE89 3704 0044 0532 0130 00")
    breiten = messen(
        seiten,
        "(() => { const f = document.querySelector('#f-iban');"
        " return [f.scrollWidth, f.clientWidth]; })()",
    )
    assert breiten[0] <= breiten[1], breiten
    seiten.pruefen("Bankverbindung")

    # "1 Seite", not "1 Seiten"
    datei = io.BytesIO()
    Image.new("RGB", (60, 80), (20, 90, 160)).save(datei, "PNG")
    antrag_id = basis.rsplit("/", 1)[1]
    api(
        page,
        "POST",
        f"/api/v1/antraege/{antrag_id}/anlagen",
        multipart={
            "abschnitt": "taetigkeit",
            "dateien": {"name": "seite.png", "mimeType": "image/png", "buffer": datei.getvalue()},
        },
    )
    seiten.laden(f"{basis}/abschnitte/taetigkeit")
    expect(page.get_by_text("seite.pdf (1 Seite)")).to_be_visible()
    seiten.laden(f"{basis}/abschnitte/taetigkeit?sprache=en")
    expect(page.get_by_text("seite.pdf (1 page)")).to_be_visible()
    seiten.pruefen.ergebnis()


def test_leichte_sprache_splits_words_one_way_and_says_what_already_works(
    seiten: Antragsseiten,
) -> None:
    page = seiten.page
    basis = anlegen(seiten, "Antrag auf Bürgergeld")
    seiten.laden(f"{basis}/abschnitte/antragsteller?sprache=de-x-ls")
    expect(page.get_by_label("Post·leit·zahl")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Post-Leit-Zahl")
    seiten.laden(f"{basis}/abschnitte/bankverbindung?sprache=de-x-ls")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Bank·konto")
    seiten.pruefen("LS Bankverbindung")
    seiten.laden(f"{basis}?sprache=de-x-ls")
    expect(page.locator("main")).not_to_contain_text("Kurz-Antrag")
    seiten.laden("/leichte-sprache")
    expect(page.locator("main")).not_to_contain_text("Bald können Sie")
    expect(page.locator("main")).not_to_contain_text("Rechts daneben")
    seiten.pruefen.ergebnis()


def test_pages_at_200_percent_text_size_do_not_scroll_sideways(seiten: Antragsseiten) -> None:
    page = seiten.page
    basis = anlegen(seiten, "Antrag auf Bürgergeld")
    speichern(page, basis, "haushalt", {"weitere_personen": True, "personen": [{}]})
    # text at 200 %: the browser's default font size doubled (the stylesheet sizes in rem)
    seiten.pruefen.devtools.send("Page.setFontSizes", {"fontSizes": {"standard": 32}})
    seiten_liste = [
        "/",
        "/zustaendigkeit?plz=63571",
        "/antraege",
        "/antraege/neu",
        basis,
        f"{basis}/abschnitte/antragsteller",
        f"{basis}/abschnitte/haushalt",
        f"{basis}/abschnitte/bankverbindung",
        f"{basis}/pruefen",
        "/konto",
        "/datenschutz",
        "/leichte-sprache",
    ]
    zu_breit = {}
    for sprache in SPRACHEN:
        for pfad in seiten_liste:
            trenner = "&" if "?" in pfad else "?"
            seiten.laden(f"{pfad}{trenner}sprache={sprache}")
            groesse = messen(seiten, "getComputedStyle(document.body).fontSize")
            assert groesse == "34px", groesse  # 1.0625rem of 32 px
            breite, innen = messen(
                seiten, "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            if breite > innen:
                zu_breit[f"{sprache} {pfad}"] = messen(seiten, ZU_BREIT)
    assert zu_breit == {}
