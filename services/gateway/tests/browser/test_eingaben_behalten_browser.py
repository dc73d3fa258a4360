"""Nothing a person typed is lost (issue #11, items 1 and 2), in Debian's headless Chromium on a
360 px screen.

- A section's answers and files are one form: "Hochladen" saves what was typed as a draft and
  attaches the file; "Speichern und weiter" with a file chosen attaches it, then goes on; a
  file refused (wrong type, too large) shows the page again with everything typed and the
  message at the file field. Without JavaScript.
- A session that ended while the person looked for papers keeps what they sent: the login
  page says they were logged out and that their answers are kept; after the login they are
  saved into the section (files too) and the person lands there. Another account's login
  discards them. Where JavaScript runs, a notice warns before the session ends and keeps it
  alive on request.

The expiry tests run a second gateway with a session idle time of seconds beside the
application platform's services (fixture ``kurze_sitzung``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from gateway_antrag_browser import Antragsseiten, png, registrieren
from gateway_antrag_plattform import Plattform
from gateway_browser_support import AXE, AXE_RUN, WCAG_21_AA
from gateway_test_support import PASSWORT, neue_email
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from kernel.testing import ServiceProcess

pytestmark = [pytest.mark.browser, pytest.mark.rabbitmq]

LEERLAUF_SEKUNDEN = 16
WARNUNG_SEKUNDEN = 12
PERSON = "Angaben zu Ihrer Person"
ABGEMELDET = (
    f"Sie wurden nach {LEERLAUF_SEKUNDEN} Sekunden ohne Aktivität abgemeldet. Ihre Eingaben "
    "sind gespeichert; melden Sie sich an, dann speichern wir sie."
)


@pytest.fixture(scope="module")
def kurze_sitzung(
    antrag_plattform: Plattform, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServiceProcess]:
    """A gateway whose sessions end after 16 idle seconds (the warning 8 seconds before),
    calling the platform's antrag and zustaendigkeit in their virtual host."""
    ordner = tmp_path_factory.mktemp("kurze-sitzung")
    with ServiceProcess(
        "gateway.service:GatewayService",
        amqp_uri=antrag_plattform.amqp_uri,
        env={
            "SOZ_SERVICE_NAME": "gateway",
            "SOZ_DATA_DIR": str(ordner / "daten"),
            "SOZ_LOG_LEVEL": "INFO",
            "SOZ_GATEWAY_DOWNSTREAM": "antrag,zustaendigkeit",
            "SOZ_GATEWAY_LIMIT_LOGIN_IP": "1000/60",
            "SOZ_GATEWAY_LIMIT_SIGNUP_IP": "1000/60",
            "SOZ_GATEWAY_SESSION_IDLE_SECONDS": str(LEERLAUF_SEKUNDEN),
            "SOZ_GATEWAY_SESSION_WARNING_SECONDS": str(WARNUNG_SEKUNDEN),
        },
        log_path=ordner / "gateway.log",
        ready_timeout=60,
    ) as gateway:
        yield gateway


@pytest.fixture
def kurzer_kontext(browser: Browser, kurze_sitzung: ServiceProcess) -> Iterator[BrowserContext]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=kurze_sitzung.url, locale="de-DE"
    )
    yield context
    context.close()


def neuer_antrag(seiten: Antragsseiten) -> str:
    """An Einstiegsgeld draft in Gelnhausen; its overview's address (its sections can be
    filled in before the Jobcenter is known)."""
    page = seiten.page
    seiten.laden("/antraege/neu")
    page.get_by_label("Postleitzahl").fill("63571")
    page.get_by_label("Ort", exact=True).fill("Gelnhausen")
    page.get_by_label("Antrag auf Einstiegsgeld", exact=True).check()
    seiten.laden(seiten.knopf("Antrag anlegen"))
    return page.url.split("?")[0]


def dateifeld_abgelehnt(seiten: Antragsseiten, meldung: str, name: str) -> None:
    page = seiten.page
    datei = page.get_by_label("Datei oder Fotos auswählen")
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(datei).to_have_attribute("aria-invalid", "true")
    expect(datei).to_have_accessible_description(re.compile(re.escape(meldung)))
    seiten.pruefen(name)


# item 1: one form ---------------------------------------------------------------------------


def test_an_upload_saves_what_was_typed_and_a_refused_file_keeps_it(
    antrag_kontext: BrowserContext,
) -> None:
    page = antrag_kontext.new_page()
    seiten = Antragsseiten(page)
    registrieren(page)
    basis = neuer_antrag(seiten)
    seiten.laden(f"{basis}/abschnitte/antragsteller")

    # typed, not saved yet, then a document uploaded: both are kept (a draft: incomplete)
    page.get_by_label("Vorname(n)").fill("Erika")
    page.get_by_label("Familienname").fill("Mustermann")
    page.get_by_label("Datei oder Fotos auswählen").set_input_files([png()])
    seiten.laden(seiten.knopf("Hochladen"))
    expect(seiten.status()).to_contain_text("Ihre Datei ist hochgeladen.")
    expect(page.locator(".anlagen")).to_contain_text("vertrag-seite-1.pdf")
    expect(page.get_by_label("Vorname(n)")).to_have_value("Erika")
    seiten.pruefen("hochgeladen mit Angaben")
    seiten.laden(page.url)  # saved, not only shown again
    expect(page.get_by_label("Vorname(n)")).to_have_value("Erika")
    expect(page.get_by_label("Familienname")).to_have_value("Mustermann")

    # a file of the wrong type: the page again, the message at the file field, nothing lost
    page.get_by_label("Geburtsdatum").fill("12.04.1980")
    page.get_by_label("Datei oder Fotos auswählen").set_input_files(
        [{"name": "notiz.txt", "mimeType": "text/plain", "buffer": b"keine PDF-Datei\n"}]
    )
    seiten.laden(seiten.knopf("Hochladen"))
    dateifeld_abgelehnt(seiten, "PDF", "falsche Datei")
    expect(page.get_by_label("Geburtsdatum")).to_have_value("12.04.1980")
    expect(page.get_by_label("Vorname(n)")).to_have_value("Erika")

    # larger than the upload limit (2 MiB on this platform): the same
    page.get_by_label("Straße und Hausnummer").fill("Marktplatz 1")
    zu_gross = b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024 + 1)
    page.get_by_label("Datei oder Fotos auswählen").set_input_files(
        [{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": zu_gross}]
    )
    seiten.laden(seiten.knopf("Speichern und weiter"))
    expect(page.get_by_role("heading", level=1)).to_have_text(PERSON)
    dateifeld_abgelehnt(seiten, "zu groß", "zu große Datei")
    expect(page.get_by_label("Straße und Hausnummer")).to_have_value("Marktplatz 1")
    expect(page.get_by_label("Geburtsdatum")).to_have_value("12.04.1980")

    # "Speichern und weiter" with a file chosen: attached, then on to the next section
    page.get_by_label("Postleitzahl").fill("63571")
    page.get_by_label("Ort", exact=True).fill("Gelnhausen")
    page.get_by_label("Datei oder Fotos auswählen").set_input_files([png()])
    seiten.laden(seiten.knopf("Speichern und weiter"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Die neue Tätigkeit")
    seiten.laden(f"{basis}/abschnitte/antragsteller")
    expect(page.locator(".anlagen li")).to_have_count(2)
    expect(page.get_by_label("Straße und Hausnummer")).to_have_value("Marktplatz 1")
    for sprache in ("en", "de-x-ls"):  # the one form with its files, in every language
        seiten.laden(f"{basis}/abschnitte/antragsteller?sprache={sprache}")
        expect(page.locator("#formular #dateien")).to_have_count(1)
        seiten.pruefen(f"{sprache} Abschnitt mit Anlagen")
    seiten.pruefen.ergebnis()


# item 2: a session that ended ----------------------------------------------------------------


def ablaufen_lassen() -> None:
    """Idle longer than the session lasts (the gateway's sweep may end it meanwhile, or the
    next request does)."""
    time.sleep(LEERLAUF_SEKUNDEN + 2)


def abgemeldet(page: Page) -> Locator:
    """What the login page says about the session that ended (de, en, Leichte Sprache)."""
    return page.get_by_role("status").filter(has_text=re.compile("abgemeldet|logged out"))


def anmelden(seiten: Antragsseiten, email: str) -> None:
    page = seiten.page
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORT)
    seiten.laden(page.locator("main form button[type=submit]"))


def test_answers_and_files_sent_after_the_session_ended_are_saved_after_the_login(
    kurzer_kontext: BrowserContext,
) -> None:
    page = kurzer_kontext.new_page()
    seiten = Antragsseiten(page)
    email = neue_email()
    registrieren_mit(page, email)
    basis = neuer_antrag(seiten)
    abschnitt = f"{basis}/abschnitte/antragsteller"
    seiten.laden(abschnitt)
    page.get_by_label("Vorname(n)").fill("Erika")
    page.get_by_label("Familienname").fill("Mustermann")
    page.get_by_label("Datei oder Fotos auswählen").set_input_files([png()])
    ablaufen_lassen()
    seiten.laden(seiten.knopf("Hochladen"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
    expect(abgemeldet(page)).to_have_text(ABGEMELDET)
    seiten.pruefen("abgemeldet, Eingaben bewahrt")
    for sprache in ("en", "de-x-ls"):
        seiten.laden(f"/anmelden?sprache={sprache}")
        expect(abgemeldet(page)).to_be_visible()
        seiten.pruefen(f"{sprache} abgemeldet, Eingaben bewahrt")
    seiten.laden("/anmelden?sprache=de")
    anmelden(seiten, email)

    expect(page).to_have_url(re.compile(re.escape(abschnitt)))
    expect(page.get_by_role("heading", level=1)).to_have_text(PERSON)
    expect(seiten.status()).to_contain_text("Sie sind wieder angemeldet.")
    expect(page.get_by_label("Vorname(n)")).to_have_value("Erika")
    expect(page.locator(".anlagen")).to_contain_text("vertrag-seite-1.pdf")
    seiten.pruefen("Eingaben übernommen")
    seiten.laden(abschnitt)  # saved into the application
    expect(page.get_by_label("Familienname")).to_have_value("Mustermann")
    seiten.pruefen.ergebnis()


def test_another_account_logging_in_discards_what_was_kept(
    kurzer_kontext: BrowserContext,
) -> None:
    page = kurzer_kontext.new_page()
    seiten = Antragsseiten(page)
    andere = neue_email()
    registrieren_mit(page, andere)
    seiten.laden(
        page.get_by_role("navigation", name="Hauptmenü").get_by_role("button", name="Abmelden")
    )
    email = neue_email()
    registrieren_mit(page, email)
    basis = neuer_antrag(seiten)
    abschnitt = f"{basis}/abschnitte/antragsteller"
    seiten.laden(abschnitt)
    page.get_by_label("Vorname(n)").fill("Erika")
    ablaufen_lassen()
    seiten.laden(seiten.knopf("Speichern und weiter"))
    expect(abgemeldet(page)).to_have_text(ABGEMELDET)

    anmelden(seiten, andere)
    expect(page).to_have_url(re.compile(r"/konto$"))
    seiten.laden(
        page.get_by_role("navigation", name="Hauptmenü").get_by_role("button", name="Abmelden")
    )
    seiten.laden("/anmelden")
    expect(abgemeldet(page)).to_have_count(0)
    anmelden(seiten, email)
    seiten.laden(abschnitt)
    expect(page.get_by_label("Vorname(n)")).to_have_value("")
    seiten.pruefen.ergebnis()


def test_a_form_of_no_section_sent_after_the_session_ended_says_so_and_comes_back(
    kurzer_kontext: BrowserContext,
) -> None:
    """ "Einreichen" on the check page after the session ended used to answer "Anfrage nicht
    bestätigt … Bitte laden Sie die Seite neu", never saying the person was logged out. Now
    the login page says so, and the login leads back to the application's page."""
    page = kurzer_kontext.new_page()
    seiten = Antragsseiten(page)
    email = neue_email()
    registrieren_mit(page, email)
    basis = neuer_antrag(seiten)
    seiten.laden(f"{basis}/pruefen")
    ablaufen_lassen()
    seiten.laden(page.get_by_role("button", name="Antrag verbindlich einreichen"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
    expect(abgemeldet(page)).to_contain_text("Bitte melden Sie sich wieder an.")
    seiten.pruefen("abgemeldet beim Einreichen")
    anmelden(seiten, email)
    expect(page).to_have_url(re.compile(re.escape(basis) + "$"))
    seiten.pruefen.ergebnis()


def test_with_javascript_a_notice_warns_before_the_session_ends_and_keeps_it(
    kurzer_kontext: BrowserContext,
) -> None:
    page = kurzer_kontext.new_page()
    csp: list[str] = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security" in m.text else None)
    registrieren_mit(page, neue_email())
    page.goto("/antraege")
    geladen = time.monotonic()
    hinweis = page.get_by_role("alert")
    expect(hinweis).to_contain_text("Ihre Anmeldung endet", timeout=LEERLAUF_SEKUNDEN * 1000)
    bleiben = hinweis.get_by_role("button", name="Angemeldet bleiben")
    expect(bleiben).to_be_focused()  # nothing else had the focus
    page.evaluate(AXE.read_text(encoding="utf-8"))
    assert page.evaluate(AXE_RUN, WCAG_21_AA) == []
    time.sleep(LEERLAUF_SEKUNDEN / 4 + 0.5)  # activity is noted at most every idle/4 seconds
    with page.expect_response(re.compile(r"/api/v1/sitzung$")) as antwort:
        bleiben.click()
    assert antwort.value.status == 200
    expect(page.get_by_role("alert")).to_have_count(0)
    # past the moment the session would have ended without the button
    time.sleep(max(0.0, geladen + LEERLAUF_SEKUNDEN + 1 - time.monotonic()))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Anträge")
    assert csp == []


def registrieren_mit(page: Page, email: str) -> None:
    """Sign up with ``email`` and log in on the form the sign-up answers with."""
    page.goto("/registrieren")
    page.locator("#email").fill(email)
    page.locator("#passwort").fill(PASSWORT)
    page.locator("main form button[type=submit]").click()
    page.locator("#passwort").fill(PASSWORT)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/konto\?neu$"))
