"""Short constructors and the sections several benefits share (person, bank account,
declarations). Data only: no logic beyond building the definition's values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from antrag.domain.formular import Abschnitt, Bedingung, Feld, Nachweis, Option, Text


def T(de: str, en: str, ls: str) -> Text:  # noqa: N802 - reads like a literal
    return Text(de, en, ls)


def feld(name: str, typ: str, label: Text, **optionen: Any) -> Feld:
    return Feld(name, typ, label, **optionen)  # type: ignore[arg-type]


def wahl(wert: str, de: str, en: str, ls: str) -> Option:
    return Option(wert, Text(de, en, ls))


def wenn(feld_name: str, **bedingung: Any) -> Bedingung:
    return Bedingung(feld_name, **bedingung)


JA = True

STAATSANGEHOERIGKEIT = (
    wahl("deutsch", "deutsch", "German", "deutsch"),
    wahl("eu", "EU, EWR oder Schweiz", "EU, EEA or Switzerland", "aus einem Land der EU"),
    wahl("andere", "andere", "other", "aus einem anderen Land"),
)

FAMILIENSTAND = (
    wahl("ledig", "ledig", "single", "nicht verheiratet"),
    wahl("verheiratet", "verheiratet", "married", "verheiratet"),
    wahl(
        "lebenspartnerschaft",
        "eingetragene Lebenspartnerschaft",
        "registered civil partnership",
        "eingetragene Lebens·partnerschaft",
    ),
    wahl("getrennt", "dauernd getrennt lebend", "permanently separated", "getrennt"),
    wahl("geschieden", "geschieden", "divorced", "geschieden"),
    wahl("verwitwet", "verwitwet", "widowed", "Ehe·partner ist gestorben"),
)

VORNAME = feld("vorname", "text", T("Vorname(n)", "First name(s)", "Vor·name"), max_laenge=100)
NACHNAME = feld("nachname", "text", T("Familienname", "Surname", "Nach·name"), max_laenge=100)
GEBURTSDATUM = feld(
    "geburtsdatum",
    "datum",
    T("Geburtsdatum", "Date of birth", "Geburts·tag"),
    zeitraum="vergangenheit",
    beispiel="24.03.1985",
)


def anschrift(*, wohnort: bool = False) -> tuple[Feld, ...]:
    """An address; ``wohnort``: the applicant's own, so PLZ and town are offered from the place
    of residence given when the application was created."""
    return (
        feld(
            "strasse_hausnummer",
            "text",
            T("Straße und Hausnummer", "Street and house number", "Straße und Haus·nummer"),
            max_laenge=200,
        ),
        feld(
            "plz",
            "plz",
            T("Postleitzahl", "Postcode", "Post·leit·zahl"),
            vorbelegung=("wohnort.plz",) if wohnort else (),
        ),
        feld(
            "ort",
            "text",
            T("Ort", "Town", "Ort"),
            max_laenge=100,
            vorbelegung=("wohnort.ort",) if wohnort else (),
        ),
    )


def kontakt() -> tuple[Feld, ...]:
    return (
        feld(
            "telefon",
            "telefon",
            T("Telefon", "Phone", "Telefon·nummer"),
            pflicht=False,
            hilfe=T(
                "Freiwillig. Das Jobcenter kann Sie dann bei Rückfragen schneller erreichen.",
                "Optional. The Jobcenter can then reach you faster if it has questions.",
                "Das müssen Sie nicht ausfüllen. Dann kann das Jobcenter Sie anrufen.",
            ),
        ),
        feld(
            "email",
            "email",
            T("E-Mail", "Email", "E-Mail-Adresse"),
            pflicht=False,
            hilfe=T(
                "Freiwillig.",
                "Optional.",
                "Das müssen Sie nicht ausfüllen.",
            ),
        ),
    )


BG_NUMMER = feld(
    "bg_nummer",
    "text",
    T(
        "Nummer der Bedarfsgemeinschaft (falls vorhanden)",
        "Number of the benefit community (if you have one)",
        "BG-Nummer. Die Nummer steht auf Ihrem Bescheid.",
    ),
    pflicht=False,
    max_laenge=30,
    hilfe=T(
        "Die Bedarfsgemeinschaft sind Sie und die Menschen in Ihrem Haushalt, für die das "
        "Jobcenter gemeinsam rechnet. Wenn Sie schon Bürgergeld bekommen, steht ihre Nummer oben "
        "auf Ihrem Bescheid, zum Beispiel 12345BG0012345.",
        "The benefit community (Bedarfsgemeinschaft) is you and the people in your household "
        "for whom the Jobcenter calculates together. If you already receive Bürgergeld, its "
        "number is at the top of your decision, for example 12345BG0012345.",
        "Die Nummer steht oben auf dem Brief vom Jobcenter. Zum Beispiel: 12345BG0012345.",
    ),
)


WARUM_PERSON = T(
    "Mit Ihrem Namen, Ihrem Geburtsdatum und Ihrer Anschrift findet das Jobcenter Sie in seinen "
    "Akten und kann Ihnen schreiben.",
    "With your name, date of birth and address the Jobcenter finds you in its files and can "
    "write to you.",
    "Das Jobcenter muss wissen: Wer sind Sie? Wo wohnen Sie? Dann kann es Ihnen Briefe schicken.",
)


def antragsteller_kurz(rechtsgrundlage: str) -> Abschnitt:
    """The person applying, for the applications beside the main one."""
    return Abschnitt(
        name="antragsteller",
        titel=T("Angaben zu Ihrer Person", "About you", "Das sind Sie"),
        rechtsgrundlage=rechtsgrundlage,
        felder=(
            VORNAME,
            NACHNAME,
            GEBURTSDATUM,
            *anschrift(wohnort=True),
            *kontakt(),
            BG_NUMMER,
        ),
        warum=WARUM_PERSON,
    )


def bankverbindung(*, wenn_bedingung: Bedingung | None = None) -> Abschnitt:
    return Abschnitt(
        name="bankverbindung",
        titel=T("Bankverbindung", "Bank account", "Ihr Bank·konto"),
        rechtsgrundlage="§ 42 SGB II, § 47 SGB I",
        wenn=wenn_bedingung,
        hilfe=T(
            "Geldleistungen werden auf dieses Konto überwiesen. Es muss kein eigenes Konto sein, "
            "dann nennen Sie bitte die Kontoinhaberin oder den Kontoinhaber.",
            "Payments are made to this account. If it is not your own account, please name "
            "the account holder.",
            "Das Jobcenter schickt das Geld auf dieses Bank·konto.",
        ),
        warum=T(
            "Das Jobcenter zahlt Geldleistungen auf ein Konto. Dafür braucht es die IBAN und den "
            "Namen, auf den das Konto läuft.",
            "The Jobcenter pays benefits into an account. For that it needs the IBAN and the "
            "name the account is in.",
            "Das Jobcenter schickt Ihnen das Geld auf ein Bank·konto. Dafür braucht es die IBAN.",
        ),
        felder=(
            feld(
                "kontoinhaber",
                "text",
                T(
                    "Kontoinhaberin / Kontoinhaber",
                    "Account holder",
                    "Wem gehört das Bank·konto?",
                ),
                max_laenge=140,
                vorbelegung=("antragsteller.vorname", "antragsteller.nachname"),
            ),
            feld(
                "iban",
                "iban",
                T("IBAN", "IBAN", "IBAN (die Nummer von Ihrem Bank·konto)"),
                hilfe=T(
                    "Die IBAN steht auf Ihrer Bankkarte oder Ihrem Kontoauszug. Eine deutsche "
                    "IBAN beginnt mit DE und hat 22 Stellen.",
                    "The IBAN is on your bank card or statement. A German IBAN starts with DE "
                    "and has 22 characters.",
                    "Die IBAN steht auf Ihrer Bank·karte. Sie fängt mit DE an. Sie hat 22 Zeichen.",
                ),
            ),
        ),
    )


def erklaerung(*weitere: Feld) -> Abschnitt:
    return Abschnitt(
        name="erklaerung",
        titel=T("Erklärungen", "Declarations", "Das bestätigen Sie"),
        rechtsgrundlage="§§ 60–65 SGB I, § 67a SGB X",
        warum=T(
            "Wer Sozialleistungen beantragt, muss richtige Angaben machen und Änderungen "
            "mitteilen. Mit den Erklärungen bestätigen Sie das.",
            "Anyone who applies for social benefits must give correct information and report "
            "changes. With these declarations you confirm that.",
            "Ihre Angaben müssen stimmen. Wenn sich etwas ändert, müssen Sie es sagen. "
            "Das bestätigen Sie hier.",
        ),
        felder=(
            feld(
                "angaben_richtig",
                "ja_nein",
                T(
                    "Ich versichere, dass meine Angaben richtig und vollständig sind.",
                    "I confirm that my information is correct and complete.",
                    "Alles, was ich geschrieben habe, stimmt.",
                ),
                muss_ja_sein=True,
            ),
            feld(
                "aenderungen_mitteilen",
                "ja_nein",
                T(
                    "Ich teile Änderungen unverzüglich mit.",
                    "I will report changes without delay.",
                    "Wenn sich etwas ändert, sage ich es dem Jobcenter sofort.",
                ),
                muss_ja_sein=True,
            ),
            feld(
                "datenschutz_gelesen",
                "ja_nein",
                T(
                    "Ich habe die Hinweise zum Datenschutz gelesen.",
                    "I have read the data protection information.",
                    "Ich habe gelesen, was mit meinen Daten passiert.",
                ),
                muss_ja_sein=True,
                verweis="datenschutz",
            ),
            *weitere,
        ),
    )


def nachweis(name: str, label: Text, bedingung: Bedingung | None = None) -> Nachweis:
    return Nachweis(name, label, bedingung)


def euro(betrag: str) -> Decimal:
    return Decimal(betrag)
