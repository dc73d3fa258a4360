"""Every error a person can meet at the gateway, and the one table that gives each its HTTP
status, its stable code and its message.

Pages and the API both answer from this table: the API as application/problem+json
(RFC 9457) with ``code``, the pages as an error page. Messages are German msgids, translated
into the request's language when the answer is rendered. They never quote what was sent.

Errors raised by other services arrive as nameko ``RemoteError`` with the exception's class
name; ``REMOTE`` maps the names services agree to raise (docs/adr/0023). Any other remote error
is a ``dienst_fehler`` (502), a service that does not answer a ``dienst_nicht_verfuegbar`` (503).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nameko.exceptions import RemoteError
from werkzeug.exceptions import RequestEntityTooLarge

from gateway.i18n import N_


class GatewayFehler(Exception):
    """Base of the errors the gateway raises on purpose. Messages carry no input values."""


class EingabeUngueltig(GatewayFehler):
    """One or more fields are wrong; ``felder`` maps field name to a FELDMELDUNGEN code."""

    def __init__(self, felder: dict[str, str]) -> None:
        super().__init__(f"invalid fields: {sorted(felder)}")
        self.felder = felder


class JsonUngueltig(GatewayFehler):
    pass


class MedientypNichtUnterstuetzt(GatewayFehler):
    pass


class AnfrageZuGross(GatewayFehler):
    pass


class NichtAngemeldet(GatewayFehler):
    pass


class CsrfUngueltig(GatewayFehler):
    pass


class NichtGefunden(GatewayFehler):
    pass


class MethodeNichtErlaubt(GatewayFehler):
    def __init__(self, erlaubt: list[str]) -> None:
        super().__init__("method not allowed")
        self.erlaubt = erlaubt


class KontoExistiert(GatewayFehler):
    pass


class AnmeldungFehlgeschlagen(GatewayFehler):
    pass


class AnbieterAnmeldungFehlgeschlagen(GatewayFehler):
    """The login at the identity provider was cancelled, expired or could not be verified."""


class ZuVieleVersuche(GatewayFehler):
    def __init__(self, warten_sekunden: int) -> None:
        super().__init__(f"rate limited for {warten_sekunden}s")
        self.warten_sekunden = warten_sekunden


class DienstNichtVerfuegbar(GatewayFehler):
    """A service (or the identity provider) did not answer in time or is not running."""

    def __init__(self, dienst: str) -> None:
        super().__init__(f"service {dienst} is not available")
        self.dienst = dienst


@dataclass(frozen=True)
class Fehlerart:
    status: int
    code: str
    titel: str
    detail: str
    headers: dict[str, str] = field(default_factory=dict)


INTERNER_FEHLER = Fehlerart(
    500,
    "interner_fehler",
    N_("Unerwarteter Fehler"),
    N_(
        "Etwas ist bei uns schiefgegangen. Ihre Daten sind nicht verloren. "
        "Bitte versuchen Sie es in ein paar Minuten noch einmal."
    ),
)
DIENST_FEHLER = Fehlerart(
    502,
    "dienst_fehler",
    N_("Fehler in einem Dienst"),
    N_(
        "Ein Teil der Sozialplattform hat einen Fehler gemeldet. "
        "Bitte versuchen Sie es in ein paar Minuten noch einmal."
    ),
)

# The one table: exception type -> status, stable code, message.
TABELLE: dict[type[Exception], Fehlerart] = {
    EingabeUngueltig: Fehlerart(
        422,
        "eingabe_ungueltig",
        N_("Angaben unvollständig oder ungültig"),
        N_("Bitte prüfen Sie die markierten Angaben."),
    ),
    JsonUngueltig: Fehlerart(
        400,
        "json_ungueltig",
        N_("Anfrage nicht lesbar"),
        N_("Der Inhalt der Anfrage ist kein gültiges JSON. Bitte senden Sie ein JSON-Objekt."),
    ),
    MedientypNichtUnterstuetzt: Fehlerart(
        415,
        "medientyp_nicht_unterstuetzt",
        N_("Falsches Datenformat"),
        N_("Bitte senden Sie die Daten als application/json."),
    ),
    AnfrageZuGross: Fehlerart(
        413,
        "anfrage_zu_gross",
        N_("Anfrage zu groß"),
        N_("Die gesendeten Daten sind zu groß."),
    ),
    NichtAngemeldet: Fehlerart(
        401,
        "nicht_angemeldet",
        N_("Nicht angemeldet"),
        N_("Bitte melden Sie sich an. Vielleicht ist Ihre Sitzung abgelaufen."),
    ),
    CsrfUngueltig: Fehlerart(
        403,
        "csrf_ungueltig",
        N_("Anfrage nicht bestätigt"),
        N_(
            "Wir konnten nicht prüfen, dass diese Anfrage von Ihnen kommt. "
            "Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."
        ),
    ),
    NichtGefunden: Fehlerart(
        404,
        "nicht_gefunden",
        N_("Nicht gefunden"),
        N_(
            "Diese Seite gibt es nicht. Bitte prüfen Sie die Adresse oder gehen Sie zur Startseite."
        ),
    ),
    MethodeNichtErlaubt: Fehlerart(
        405,
        "methode_nicht_erlaubt",
        N_("Aktion nicht möglich"),
        N_("Diese Aktion ist an dieser Adresse nicht möglich."),
    ),
    KontoExistiert: Fehlerart(
        409,
        "konto_existiert",
        N_("Konto gibt es schon"),
        N_("Mit dieser E-Mail-Adresse gibt es schon ein Konto. Bitte melden Sie sich an."),
    ),
    AnmeldungFehlgeschlagen: Fehlerart(
        401,
        "anmeldung_fehlgeschlagen",
        N_("Anmeldung fehlgeschlagen"),
        N_("E-Mail-Adresse oder Passwort stimmen nicht. Bitte versuchen Sie es noch einmal."),
    ),
    AnbieterAnmeldungFehlgeschlagen: Fehlerart(
        400,
        "anbieter_anmeldung_fehlgeschlagen",
        N_("Anmeldung nicht abgeschlossen"),
        N_(
            "Die Anmeldung über Ihr Nutzerkonto wurde abgebrochen oder hat zu lange gedauert. "
            "Bitte versuchen Sie es noch einmal."
        ),
    ),
    ZuVieleVersuche: Fehlerart(
        429,
        "zu_viele_versuche",
        N_("Zu viele Versuche"),
        N_("Bitte warten Sie ein paar Minuten. Dann können Sie es noch einmal versuchen."),
    ),
    DienstNichtVerfuegbar: Fehlerart(
        503,
        "dienst_nicht_verfuegbar",
        N_("Vorübergehend nicht erreichbar"),
        N_(
            "Ein Teil der Sozialplattform antwortet gerade nicht. Ihre Daten sind nicht "
            "verloren. Bitte versuchen Sie es in ein paar Minuten noch einmal."
        ),
    ),
}

# werkzeug raises this when a form is read that exceeds the request's size limit.
TABELLE[RequestEntityTooLarge] = TABELLE[AnfrageZuGross]

# Exceptions of other services, by class name (RemoteError.exc_type): the wire contract for
# remote errors (docs/adr/0023). A service may add its own names here (e.g. "PlzUnbekannt").
REMOTE: dict[str, Fehlerart] = {
    "ZugriffVerweigert": Fehlerart(
        403,
        "zugriff_verweigert",
        N_("Kein Zugriff"),
        N_("Diese Daten gehören nicht zu Ihrem Konto."),
    ),
    "NichtGefunden": TABELLE[NichtGefunden],
    "UngueltigeEingabe": TABELLE[EingabeUngueltig],
}
# A service's exception text (RemoteError.value) is a stable code; known codes get their own
# message here (code -> German msgid, translated in the catalogs) and become the problem's
# code. An unknown text is never shown: it might quote input.
REMOTE_MELDUNGEN: dict[str, str] = {}

# Field messages: code -> message (the codes are part of the API, see Problem.felder).
FELDMELDUNGEN: dict[str, str] = {
    "pflichtfeld": N_("Bitte füllen Sie dieses Feld aus."),
    "text_erwartet": N_("Bitte geben Sie hier Text ein."),
    "email_ungueltig": N_(
        "Bitte geben Sie eine E-Mail-Adresse ein, zum Beispiel name@beispiel.de."
    ),
    "passwort_zu_kurz": N_("Das Passwort muss mindestens 12 Zeichen lang sein."),
    "passwort_zu_lang": N_("Das Passwort darf höchstens 256 Zeichen lang sein."),
    "unbekanntes_feld": N_("Dieses Feld kennen wir nicht. Bitte lassen Sie es weg."),
    "objekt_erwartet": N_("Bitte senden Sie ein JSON-Objekt."),
}


def einordnen(error: BaseException) -> Fehlerart:
    """The table's entry for an error; anything unknown is an internal error (500)."""
    if isinstance(error, RemoteError):
        art = REMOTE.get(error.exc_type or "")
        if art is None:
            return DIENST_FEHLER
        meldung = REMOTE_MELDUNGEN.get(str(error.value))
        if meldung is None:
            return art
        return Fehlerart(art.status, str(error.value), art.titel, meldung)
    for error_type in type(error).__mro__:
        art = TABELLE.get(error_type)
        if art is not None:
            if isinstance(error, ZuVieleVersuche):
                return Fehlerart(
                    art.status,
                    art.code,
                    art.titel,
                    art.detail,
                    {"Retry-After": str(error.warten_sekunden)},
                )
            if isinstance(error, MethodeNichtErlaubt):
                return Fehlerart(
                    art.status, art.code, art.titel, art.detail, {"Allow": ", ".join(error.erlaubt)}
                )
            return art
    return INTERNER_FEHLER


def alle_fehlerarten() -> list[Fehlerart]:
    """Every entry, for the OpenAPI document and the tests."""
    seen: dict[str, Fehlerart] = {}
    for art in [*TABELLE.values(), *REMOTE.values(), DIENST_FEHLER, INTERNER_FEHLER]:
        seen.setdefault(art.code, art)
    return list(seen.values())
