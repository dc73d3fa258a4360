"""Field messages a person understands, by stable code, in German, English and Leichte Sprache.

Codes are part of the RPC contract (the gateway and the pages may rely on them); the texts may
be improved at any time. No text quotes what was typed: values can be personal data. ``{min}``,
``{max}``, ``{feld}`` (the field's label) and ``{beispiel}`` (its example, or a date) are filled
from the field's definition.
Cross-field rules carry their own texts in the definition (``Regel.meldung``).
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

from antrag.domain.formular import Feld, Text

FELDMELDUNGEN: dict[str, Text] = {
    "pflichtfeld": Text(
        "Bitte füllen Sie dieses Feld aus.",
        "Please fill in this field.",
        "Bitte schreiben Sie hier etwas hin. Das müssen wir wissen.",
    ),
    "unbekanntes_feld": Text(
        "Dieses Feld gibt es in diesem Abschnitt nicht.",
        "This field does not exist in this section.",
        "Dieses Feld gibt es hier nicht.",
    ),
    "objekt_erwartet": Text(
        "Die Angaben haben nicht die erwartete Form.",
        "The data does not have the expected form.",
        "Die Angaben passen nicht.",
    ),
    "text_erwartet": Text(
        "Bitte geben Sie hier Text ein.",
        "Please enter text here.",
        "Bitte schreiben Sie hier Wörter.",
    ),
    "text_steuerzeichen": Text(
        "Das Feld „{feld}“ enthält ein unsichtbares Steuerzeichen, das wir nicht an das "
        "Jobcenter übermitteln können. Bitte löschen Sie den Inhalt und tippen Sie ihn neu ein.",
        "The field “{feld}” contains an invisible control character that cannot be sent to "
        "the Jobcenter. Please delete what is in the field and type it again.",
        "Im Feld „{feld}“ ist ein unsichtbares Zeichen. Das geht nicht. "
        "Bitte löschen Sie den Text. Dann schreiben Sie ihn neu.",
    ),
    "text_einzeilig": Text(
        "Das Feld „{feld}“ darf nur eine Zeile enthalten: ohne Zeilenumbruch, Tabulator, "
        "Steuerzeichen oder Zeichen zur Schreibrichtung. Bitte tippen Sie den Inhalt neu ein.",
        "The field “{feld}” may hold one line only: no line break, tab, control character or "
        "text-direction character. Please type it again.",
        "Im Feld „{feld}“ darf nur eine Zeile stehen. Da ist ein unsichtbares Zeichen. "
        "Bitte schreiben Sie den Text neu.",
    ),
    "text_zu_lang": Text(
        "Bitte kürzen Sie den Text auf höchstens {max} Zeichen.",
        "Please shorten the text to at most {max} characters.",
        "Der Text ist zu lang. Bitte schreiben Sie weniger. Höchstens {max} Zeichen.",
    ),
    "zahl_ungueltig": Text(
        "Bitte geben Sie eine ganze Zahl ein, zum Beispiel 3.",
        "Please enter a whole number, for example 3.",
        "Bitte schreiben Sie eine Zahl. Zum Beispiel: 3.",
    ),
    "zahl_zu_klein": Text(
        "Die Zahl muss mindestens {min} sein.",
        "The number must be at least {min}.",
        "Die Zahl ist zu klein. Sie muss mindestens {min} sein.",
    ),
    "zahl_zu_gross": Text(
        "Die Zahl darf höchstens {max} sein.",
        "The number must be at most {max}.",
        "Die Zahl ist zu groß. Sie darf höchstens {max} sein.",
    ),
    "betrag_ungueltig": Text(
        "Bitte geben Sie einen Betrag in Euro ein, zum Beispiel 450,00.",
        "Please enter an amount in euros, for example 450.00.",
        "Bitte schreiben Sie den Betrag in Euro. Zum Beispiel: 450,00.",
    ),
    "betrag_zu_klein": Text(
        "Der Betrag muss mindestens {min} Euro sein.",
        "The amount must be at least {min} euros.",
        "Der Betrag ist zu klein. Er muss mindestens {min} Euro sein.",
    ),
    "betrag_zu_gross": Text(
        "Der Betrag darf höchstens {max} Euro sein. Bitte prüfen Sie die Eingabe.",
        "The amount must be at most {max} euros. Please check what you entered.",
        "Der Betrag ist sehr groß. Bitte prüfen Sie den Betrag.",
    ),
    "datum_ungueltig": Text(
        "Bitte geben Sie ein Datum ein, zum Beispiel {beispiel}.",
        "Please enter a date, for example {beispiel}.",
        "Bitte schreiben Sie ein Datum. Zum Beispiel: {beispiel}.",
    ),
    "datum_in_zukunft": Text(
        "Dieses Datum darf nicht in der Zukunft liegen.",
        "This date must not be in the future.",
        "Das Datum ist noch nicht gewesen. Hier muss ein Datum von früher stehen.",
    ),
    "datum_in_vergangenheit": Text(
        "Dieses Datum darf nicht in der Vergangenheit liegen.",
        "This date must not be in the past.",
        "Das Datum ist schon vorbei. Hier muss ein Datum in der Zukunft stehen.",
    ),
    "datum_unplausibel": Text(
        "Bitte prüfen Sie das Datum, es liegt zu weit zurück oder voraus.",
        "Please check the date, it is too far in the past or future.",
        "Bitte prüfen Sie das Datum. Das Datum stimmt wahrscheinlich nicht.",
    ),
    "alter_zu_hoch": Text(
        "Diese Leistung gibt es nur für Personen unter {max} Jahren.",
        "This benefit is only for people under {max} years of age.",
        "Diese Hilfe gibt es nur für junge Menschen. Sie müssen jünger als {max} Jahre sein.",
    ),
    "ja_nein_ungueltig": Text(
        "Bitte wählen Sie Ja oder Nein.",
        "Please choose yes or no.",
        "Bitte kreuzen Sie an: Ja oder Nein.",
    ),
    "auswahl_ungueltig": Text(
        "Bitte wählen Sie eine der angebotenen Möglichkeiten.",
        "Please choose one of the options offered.",
        "Bitte kreuzen Sie eine Antwort aus der Liste an.",
    ),
    "iban_ungueltig": Text(
        "Diese IBAN ist nicht gültig. Bitte prüfen Sie die Angabe.",
        "This IBAN is not valid. Please check it.",
        "Die IBAN stimmt nicht. Bitte prüfen Sie die IBAN.",
    ),
    "iban_pruefziffer": Text(
        "Die Prüfziffer der IBAN stimmt nicht. Vielleicht ist eine Ziffer vertauscht.",
        "The IBAN's check digits do not match. Perhaps two digits are swapped.",
        "Die IBAN stimmt nicht. Vielleicht ist eine Zahl falsch. Bitte prüfen Sie jede Zahl.",
    ),
    "iban_laenge": Text(
        "Die IBAN hat nicht die richtige Länge. Eine deutsche IBAN hat 22 Stellen.",
        "The IBAN has the wrong length. A German IBAN has 22 characters.",
        "Die IBAN ist zu kurz oder zu lang. Eine deutsche IBAN hat 22 Zeichen.",
    ),
    "iban_land": Text(
        "Die IBAN beginnt nicht mit einem bekannten Ländercode wie DE.",
        "The IBAN does not start with a known country code such as DE.",
        "Die IBAN muss mit 2 Buchstaben anfangen. Zum Beispiel: DE.",
    ),
    "plz_ungueltig": Text(
        "Eine Postleitzahl hat genau fünf Ziffern.",
        "A postcode has exactly five digits.",
        "Die Post·leit·zahl hat 5 Zahlen.",
    ),
    "telefon_ungueltig": Text(
        "Bitte geben Sie eine Telefonnummer ein, zum Beispiel 0351 1234567.",
        "Please enter a phone number, for example +49 351 1234567.",
        "Bitte schreiben Sie eine Telefon·nummer. Zum Beispiel: 0351 1234567.",
    ),
    "email_ungueltig": Text(
        "Das sieht nicht wie eine E-Mail-Adresse aus. Eine E-Mail-Adresse sieht zum Beispiel "
        "so aus: name@beispiel.de.",
        "This does not look like an email address. An email address looks like this, for "
        "example: name@example.com.",
        "Das ist keine richtige E-Mail-Adresse. So sieht eine E-Mail-Adresse aus: "
        "name@beispiel.de.",
    ),
    "liste_erwartet": Text(
        "Die Einträge haben nicht die erwartete Form.",
        "The entries do not have the expected form.",
        "Die Angaben passen nicht.",
    ),
    "zu_wenige_eintraege": Text(
        "Bitte fügen Sie mindestens {min} Eintrag hinzu.",
        "Please add at least {min} entry.",
        "Bitte schreiben Sie hier mindestens {min} Eintrag.",
    ),
    "zu_viele_eintraege": Text(
        "Hier sind höchstens {max} Einträge möglich.",
        "At most {max} entries are possible here.",
        "Das sind zu viele. Es gehen höchstens {max}.",
    ),
    "bestaetigung_fehlt": Text(
        "Bitte bestätigen Sie diese Erklärung. Ohne sie können wir den Antrag nicht senden.",
        "Please confirm this declaration. We cannot send the application without it.",
        "Bitte kreuzen Sie hier Ja an. Sonst können wir den Antrag nicht schicken.",
    ),
    "anlage_leer": Text(
        "Bitte wählen Sie eine Datei aus.",
        "Please choose a file.",
        "Bitte wählen Sie eine Datei aus.",
    ),
    "anlage_zu_gross": Text(
        "Die Datei ist zu groß. Bitte verkleinern Sie sie oder laden Sie die Seiten einzeln hoch.",
        "The file is too large. Please make it smaller or upload the pages one by one.",
        "Die Datei ist zu groß. Bitte schicken Sie die Seiten einzeln.",
    ),
    "anlage_typ_nicht_erlaubt": Text(
        "Bitte laden Sie ein PDF oder ein Foto (JPEG oder PNG) hoch.",
        "Please upload a PDF or a photo (JPEG or PNG).",
        "Bitte schicken Sie ein PDF oder ein Foto.",
    ),
    "anlage_beschaedigt": Text(
        "Die Datei lässt sich nicht öffnen. Bitte versuchen Sie es mit einer anderen Datei.",
        "The file cannot be opened. Please try another file.",
        "Die Datei ist kaputt. Bitte nehmen Sie eine andere Datei.",
    ),
    "anlage_verschluesselt": Text(
        "Das PDF ist mit einem Passwort geschützt. Bitte laden Sie es ohne Passwort hoch.",
        "The PDF is password-protected. Please upload it without a password.",
        "Das PDF hat ein Passwort. Bitte schicken Sie es ohne Passwort.",
    ),
    "bild_zu_gross": Text(
        "Das Bild ist zu groß ({megapixel} Megapixel). Bitte laden Sie ein Foto mit höchstens "
        "{max_megapixel} Megapixeln hoch: Fotografieren Sie mit der normalen Einstellung Ihrer "
        "Kamera oder verkleinern Sie das Bild.",
        "The image is too large ({megapixel} megapixels). Please upload a photo of at most "
        "{max_megapixel} megapixels: take it with your camera's normal setting or make it smaller.",
        "Das Bild ist zu groß ({megapixel} Megapixel). Es gehen höchstens {max_megapixel} "
        "Megapixel. Bitte machen Sie das Foto mit der normalen Einstellung.",
    ),
    "bilder_zu_gross": Text(
        "Die Fotos sind zusammen zu groß (mehr als {max_megapixel} Megapixel). Bitte laden Sie "
        "weniger Fotos auf einmal hoch und fügen Sie die übrigen als weitere Anlage hinzu.",
        "Together the photos are too large (more than {max_megapixel} megapixels). Please upload "
        "fewer photos at once and add the others as another attachment.",
        "Das sind zu viele große Fotos auf einmal. Bitte schicken Sie weniger Fotos. "
        "Die anderen schicken Sie danach.",
    ),
    "zu_viele_seiten": Text(
        "Eine Anlage kann höchstens {max_seiten} Seiten haben. Bitte teilen Sie das Dokument auf "
        "oder laden Sie nur die Seiten hoch, die das Jobcenter braucht.",
        "An attachment can have at most {max_seiten} pages. Please split the document or upload "
        "only the pages the Jobcenter needs.",
        "Das sind zu viele Seiten. Es gehen höchstens {max_seiten} Seiten. "
        "Bitte schicken Sie nur die Seiten, die das Jobcenter braucht.",
    ),
    "anlage_zeitlimit": Text(
        "Die Dateien konnten nicht rechtzeitig verarbeitet werden. Bitte versuchen Sie es noch "
        "einmal, oder laden Sie weniger Seiten auf einmal hoch.",
        "The files could not be processed in time. Please try again, or upload fewer pages at "
        "once.",
        "Das hat zu lange gedauert. Bitte versuchen Sie es noch einmal. "
        "Oder schicken Sie weniger Seiten auf einmal.",
    ),
    "zu_viele_dateien": Text(
        "Bitte laden Sie höchstens {max} Dateien auf einmal hoch.",
        "Please upload at most {max} files at once.",
        "Das sind zu viele Dateien. Höchstens {max}.",
    ),
    "abschnitt_fehlt": Text(
        "Dieser Abschnitt ist noch nicht ausgefüllt.",
        "This section has not been filled in yet.",
        "Diesen Teil haben Sie noch nicht ausgefüllt.",
    ),
}


def meldung(code: str, sprache: str, definition: Feld | None = None, **grenzen: object) -> str:
    """The text for a code in a language, with the field's label and limits filled in
    (``grenzen`` fills them where no definition is at hand, e.g. ``feld="Ort"``)."""
    text = FELDMELDUNGEN.get(code)
    if text is None:
        return code
    return text.in_sprache(sprache).format(**{**_grenzen(definition, sprache), **grenzen})


# Labels of the place of residence given when an application is created (its messages name the
# field like those of a section).
WOHNORT_FELDER: dict[str, Text] = {
    "plz": Text("Postleitzahl", "Postcode", "Post·leit·zahl"),
    "ort": Text("Ort", "Town", "Ort"),
    "strasse": Text("Straße und Hausnummer", "Street and house number", "Straße und Haus·nummer"),
}

# Numbers as the reader writes them: 100.000,00 Euro in German (and Leichte Sprache), 100,000.00
# in English. Counts (hours, persons, months) stay plain.
_GEBIETSSCHEMA = {"de": "de_DE", "en": "en_GB", "ls": "de_DE"}


BEISPIEL_DATUM = "31.01.2026"  # a date as the pages ask for it (a field may name its own)


def _grenzen(feld: Feld | None, sprache: str) -> dict[str, str]:
    if feld is None:
        return {"min": "1", "max": "", "feld": "", "beispiel": BEISPIEL_DATUM}
    if feld.typ in ("text", "langtext"):
        maximum: object = feld.laenge_max
    elif feld.typ == "datum":
        maximum = feld.hoechstalter
    else:
        maximum = feld.maximum
    minimum = feld.minimum if feld.minimum is not None else 1
    return {
        "beispiel": feld.beispiel or BEISPIEL_DATUM,
        "feld": feld.label.in_sprache(sprache),
        "min": _zahl(minimum, feld.typ, sprache),
        "max": "" if maximum is None else _zahl(maximum, feld.typ, sprache),
    }


def _zahl(wert: object, typ: str, sprache: str) -> str:
    if typ == "betrag" and isinstance(wert, Decimal | int):
        return format_decimal(wert, format="#,##0.00", locale=_GEBIETSSCHEMA[sprache])
    return str(wert)


# What happens next, per status (shown with the timeline).
NAECHSTER_SCHRITT: dict[str, Text] = {
    "entwurf": Text(
        "Füllen Sie die Abschnitte aus und reichen Sie den Antrag ein. Mit einem Kurzantrag "
        "sichern Sie schon heute das Antragsdatum und ergänzen den Rest später.",
        "Fill in the sections and submit the application. With a short application you "
        "secure today's date now and add the rest later.",
        "Füllen Sie den Antrag aus. Dann schicken Sie ihn ab. Sie können auch zuerst einen "
        "Kurz·antrag schicken. Dann zählt der Antrag schon ab heute.",
    ),
    "eingereicht": Text(
        "Ihr Antrag wird an das Jobcenter übermittelt. Das dauert meist nur wenige Minuten.",
        "Your application is being delivered to the Jobcenter. This usually takes a few minutes.",
        "Wir schicken Ihren Antrag jetzt an das Jobcenter. Das dauert ein paar Minuten.",
    ),
    "zugestellt": Text(
        "Ihr Antrag ist beim Jobcenter angekommen. Das Jobcenter meldet sich bei Ihnen, wenn "
        "es Fragen hat oder entschieden hat.",
        "Your application has reached the Jobcenter. The Jobcenter will contact you if it has "
        "questions or when it has decided.",
        "Ihr Antrag ist beim Jobcenter. Das Jobcenter schreibt Ihnen.",
    ),
    "zustellung_fehlgeschlagen": Text(
        "Ihr Antrag konnte dem Jobcenter noch nicht zugestellt werden. Er ist sicher "
        "gespeichert, das Antragsdatum bleibt erhalten. Unser Betrieb wurde benachrichtigt und "
        "stellt ihn erneut zu; Sie müssen nichts tun. Wenn es eilt, zeigen Sie dem Jobcenter "
        "Ihre Eingangsbestätigung.",
        "Your application could not be delivered to the Jobcenter yet. It is stored safely and "
        "keeps its date. Our operations team has been notified and will deliver it again; you "
        "do not need to do anything. If it is urgent, show the Jobcenter your receipt.",
        "Ihr Antrag ist noch nicht beim Jobcenter angekommen. Das ist nicht Ihre Schuld. Ihr "
        "Antrag ist gespeichert. Das Datum zählt. Wir schicken ihn noch einmal. Sie müssen "
        "nichts tun.",
    ),
    "zurueckgezogen": Text(
        "Sie haben den Antrag zurückgezogen. Sie können jederzeit einen neuen Antrag stellen.",
        "You have withdrawn the application. You can make a new application at any time.",
        "Sie wollen den Antrag nicht mehr. Sie können jederzeit einen neuen Antrag stellen.",
    ),
}

# A delivery no redelivery can mend (ZustellungFehlgeschlagen v3 ``endgueltig``: the XÖV
# message is invalid, the Jobcenter is not connected, its XTA server refused the content).
# Honest: the platform cannot get it there, so the person applies at the Jobcenter itself;
# the receipt shows when they sent it here. ``{jobcenter}``: the Jobcenter's name.
ZUSTELLUNG_ENDGUELTIG_GESCHEITERT = Text(
    "Ihr Antrag konnte nicht elektronisch an das Jobcenter „{jobcenter}“ übermittelt werden, "
    "und ein neuer Versuch ändert daran nichts. Bitte wenden Sie sich direkt an dieses "
    "Jobcenter (telefonisch, schriftlich oder vor Ort) und stellen Sie den Antrag dort. "
    "Zeigen Sie Ihre Eingangsbestätigung: Sie belegt, wann Sie den Antrag hier abgeschickt "
    "haben. Ihre Angaben bleiben hier gespeichert. Unser Betrieb wurde benachrichtigt.",
    "Your application could not be delivered electronically to the Jobcenter “{jobcenter}”, "
    "and trying again will not change that. Please contact this Jobcenter directly (by "
    "phone, in writing or in person) and make your application there. Show your receipt: it "
    "shows when you sent the application here. Your details stay stored here. Our operations "
    "team has been notified.",
    "Wir konnten Ihren Antrag nicht an das Jobcenter schicken. Das Jobcenter heißt: "
    "„{jobcenter}“. Wir können es auch nicht noch einmal versuchen. Bitte gehen Sie zum "
    "Jobcenter. Oder rufen Sie dort an. Stellen Sie den Antrag beim Jobcenter. Nehmen Sie "
    "Ihre Eingangs·bestätigung mit. Darauf steht: Wann Sie den Antrag abgeschickt haben.",
)

KURZANTRAG_ZUGESTELLT = Text(
    "Das Antragsdatum ist gesichert. Bitte vervollständigen Sie jetzt den Antrag und reichen "
    "Sie ihn ein.",
    "The application date is secured. Please now complete the application and submit it.",
    "Das Datum zählt jetzt. Bitte füllen Sie den Antrag jetzt fertig aus und schicken Sie ihn ab.",
)
