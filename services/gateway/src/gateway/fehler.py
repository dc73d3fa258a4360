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

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from babel.dates import format_timedelta
from nameko.exceptions import RemoteError
from werkzeug.exceptions import RequestEntityTooLarge

from gateway.i18n import N_


class GatewayFehler(Exception):
    """Base of the errors the gateway raises on purpose. Messages carry no input values.

    ``details``: facts a client needs to go on (the problem's ``details``), never an input."""

    details: dict | None = None


class EingabeUngueltig(GatewayFehler):
    """One or more fields are wrong; ``felder`` maps field name to a FELDMELDUNGEN code."""

    def __init__(self, felder: dict[str, str]) -> None:
        super().__init__(f"invalid fields: {sorted(felder)}")
        self.felder = felder


class JsonUngueltig(GatewayFehler):
    pass


class JsonZuTief(GatewayFehler):
    """A JSON body nested deeper than the gateway passes on (kontext.MAX_JSON_TIEFE)."""


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


class AnmeldungFehlgeschlagen(GatewayFehler):
    pass


class AnbieterAnmeldungFehlgeschlagen(GatewayFehler):
    """The login at the identity provider was cancelled, expired or could not be verified."""


class ZuVieleVersuche(GatewayFehler):
    def __init__(self, warten_sekunden: int) -> None:
        super().__init__(f"rate limited for {warten_sekunden}s")
        self.warten_sekunden = warten_sekunden


class LinkUngueltig(GatewayFehler):
    """A mailed link (password reset, new address) that is unknown, used or expired."""


class EmailVergeben(GatewayFehler):
    """The new address got an account of its own before the change was confirmed."""


class AnlagenZuGross(GatewayFehler):
    """An upload is larger than SOZ_GATEWAY_ANLAGE_MAX_BYTES (all files of one request)."""


class AntwortAnlagenAbgelehnt(EingabeUngueltig):
    """A reply's files that are not clean (postkorb): infected, too large, not yet or not
    successfully scanned. ``felder`` names each by its position (``dateien.<n>``), ``details``
    by its name as the person sent it (issue 13); never its content."""

    def __init__(self, dateien: list[dict[str, str]], nummern: list[int] | None = None) -> None:
        """``nummern``: each file's position among the files sent (default: as listed)."""
        nummern = nummern if nummern is not None else list(range(len(dateien)))
        super().__init__(
            {
                f"dateien.{n}": f"anlage_{d['pruefung']}"
                for n, d in zip(nummern, dateien, strict=True)
            }
        )
        self.details = {"dateien": dateien}


class EinwilligungstextVeraltet(GatewayFehler):
    """The consent was given to a text that is not the current one (postkorb)."""


class KeinZugang(GatewayFehler):
    """The centre's pages for a person the termine service binds to no centre."""


class TerminVergeben(GatewayFehler):
    """The time was taken meanwhile (termine). ``details``: the next free ones."""

    def __init__(self, naechste_freie: list[dict[str, str]]) -> None:
        super().__init__("appointment taken")
        self.details = {"naechste_freie": naechste_freie}


class OrtMehrdeutig(GatewayFehler):
    """A town name several places share (termine). ``details``: the places to choose from."""

    def __init__(self, orte: list[dict[str, str]]) -> None:
        super().__init__("ambiguous place")
        self.details = {"orte": orte}


class DienstNichtVerfuegbar(GatewayFehler):
    """A service (or the identity provider) did not answer in time or is not running."""

    def __init__(self, dienst: str) -> None:
        super().__init__(f"service {dienst} is not available")
        self.dienst = dienst


class AntragHierNichtMoeglich(GatewayFehler):
    """No draft: the Jobcenter(s) for this place of residence take no applications here
    (docs/adr/0082, 0119). ``details``: where to apply instead."""

    def __init__(self, jobcenter: list[dict]) -> None:
        super().__init__("no jobcenter of this place takes applications here")
        self.details = {
            "jobcenter": [
                {
                    "id": j["id"],
                    "name": j["name"],
                    "kanal": j["kanal"],
                    **({"url": j["url"]} if j.get("url") else {}),
                }
                for j in jobcenter
            ]
        }


@dataclass(frozen=True)
class Fehlerart:
    status: int
    code: str
    titel: str
    detail: str
    headers: dict[str, str] = field(default_factory=dict)
    warten_sekunden: int | None = None  # the detail says how long (ZuVieleVersuche)


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
    JsonZuTief: Fehlerart(
        400,
        "json_zu_tief",
        N_("Anfrage nicht lesbar"),
        N_(
            "Die Daten der Anfrage sind zu tief verschachtelt. Bitte senden Sie ein JSON-Objekt "
            "wie in der Beschreibung der Schnittstelle."
        ),
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
    LinkUngueltig: Fehlerart(
        400,
        "link_ungueltig",
        N_("Link nicht mehr gültig"),
        N_(
            "Dieser Link ist abgelaufen oder wurde schon benutzt. Bitte fordern Sie einen "
            "neuen Link an."
        ),
    ),
    EmailVergeben: Fehlerart(
        409,
        "email_vergeben",
        N_("E-Mail-Adresse schon vergeben"),
        N_("Mit dieser E-Mail-Adresse gibt es schon ein Konto. Ihre Adresse wurde nicht geändert."),
    ),
    AnlagenZuGross: Fehlerart(
        413,
        "anlagen_zu_gross",
        N_("Dateien zu groß"),
        N_(
            "Die Dateien sind zusammen zu groß. Bitte laden Sie weniger Dateien auf einmal hoch "
            "oder machen Sie die Fotos kleiner."
        ),
    ),
    AntragHierNichtMoeglich: Fehlerart(
        409,
        "antrag_hier_nicht_moeglich",
        N_("Antrag hier nicht möglich"),
        N_(
            "Ihr Jobcenter nimmt Anträge nicht über die Sozialplattform an. Bitte stellen Sie "
            "Ihren Antrag bei jobcenter.digital oder direkt bei Ihrem Jobcenter."
        ),
    ),
    AntwortAnlagenAbgelehnt: Fehlerart(
        422,
        "anlage_nicht_sauber",
        N_("Datei nicht angenommen"),
        N_(
            "Mindestens eine Datei konnte nicht geprüft werden oder ist nicht sicher. Ihre "
            "Antwort wurde nicht gesendet. Bitte entfernen Sie die genannte Datei oder schicken "
            "Sie eine andere."
        ),
    ),
    EinwilligungstextVeraltet: Fehlerart(
        409,
        "einwilligungstext_veraltet",
        N_("Text der Einwilligung geändert"),
        N_(
            "Der Text der Einwilligung hat sich geändert. Bitte lesen Sie ihn noch einmal und "
            "willigen Sie dann ein."
        ),
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

# services/termine (issue 12)
TERMIN_VERGEBEN = TABELLE[TerminVergeben] = Fehlerart(
    409,
    "termin_vergeben",
    N_("Termin schon vergeben"),
    N_("Diesen Termin hat gerade jemand anderes gebucht. Bitte wählen Sie einen anderen."),
)
ORT_MEHRDEUTIG = TABELLE[OrtMehrdeutig] = Fehlerart(
    422,
    "ort_mehrdeutig",
    N_("Mehrere Orte gefunden"),
    N_("Es gibt mehrere Orte mit diesem Namen. Bitte wählen Sie Ihren Ort."),
)
TABELLE[KeinZugang] = Fehlerart(
    403,
    "kein_zugang",
    N_("Kein Zugang"),
    N_("Ihr Konto gehört zu keiner Beratungsstelle, oder nicht zu dieser."),
)

# The detail of a ZuVieleVersuche answer to a request: how long the limit lasts (Retry-After).
WARTEN_DETAIL = N_("Bitte warten Sie %(dauer)s. Dann können Sie es noch einmal versuchen.")

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
    # services/zustaendigkeit (zustaendigkeit/errors.py)
    "PlzUnbekannt": Fehlerart(
        404,
        "plz_unbekannt",
        N_("Postleitzahl nicht gefunden"),
        N_("Diese Postleitzahl kennen wir nicht."),
    ),
    "OrtUnbekannt": Fehlerart(
        404,
        "ort_unbekannt",
        N_("Ort nicht gefunden"),
        N_("Diesen Ort haben wir nicht gefunden."),
    ),
    "JobcenterUnbekannt": Fehlerart(
        404,
        "jobcenter_unbekannt",
        N_("Jobcenter nicht gefunden"),
        N_("Dieses Jobcenter kennen wir nicht."),
    ),
    # services/antrag (antrag/fehler.py): the value is JSON {"code", "felder", "details"};
    # "NichtGefunden" above is the same name. ``felder`` and ``details`` reach the problem.
    "NichtAngemeldet": TABELLE[NichtAngemeldet],
    "Konflikt": Fehlerart(
        409,
        "konflikt",
        N_("Nicht möglich"),
        N_("Das ist bei diesem Antrag gerade nicht möglich."),
    ),
    "EingabeUngueltig": TABELLE[EingabeUngueltig],
    # services/postkorb: a draft sent while one of its files is not clean
    "AnlageNichtSauber": TABELLE[AntwortAnlagenAbgelehnt],
    # services/termine (issue 12): the answers with facts become gateway errors first
    # (gateway.web.termine_api.dienstfehler)
    "TerminVergeben": TERMIN_VERGEBEN,
    "OrtMehrdeutig": ORT_MEHRDEUTIG,
    "ZuVieleBuchungen": Fehlerart(
        429,
        "zu_viele_buchungen",
        N_("Zu viele offene Termine"),
        N_(
            "Von hier sind schon mehrere Termine ohne Konto offen. Bitte sagen Sie einen "
            "Termin ab, den Sie nicht brauchen, oder melden Sie sich an."
        ),
    ),
    "NichtAenderbar": Fehlerart(
        409,
        "termin_nicht_aenderbar",
        N_("Nicht mehr möglich"),
        N_("Dieser Termin ist abgesagt oder vorbei. Er kann nicht mehr geändert werden."),
    ),
    "KeinZugang": TABELLE[KeinZugang],
    # termine could not reach zustaendigkeit for a place: the platform is not available
    "DienstNichtErreichbar": TABELLE[DienstNichtVerfuegbar],
}
# A service's exception text (RemoteError.value) is a stable code. The codes each name comes
# with are listed here; a listed code with a message below becomes the problem's code with that
# message (translated in the catalogs). An unknown text is never shown: it might quote input.
REMOTE_CODES: dict[str, tuple[str, ...]] = {
    # services/postkorb (the other names it raises are antrag's: NichtGefunden, Konflikt, ...)
    "AnlageNichtSauber": ("anlage_nicht_sauber",),
    "UngueltigeEingabe": (
        "eingabe_fehlt",
        "plz_ungueltig",
        "ort_ungueltig",
        "strasse_ungueltig",
        "suchtext_ungueltig",
        "eingabe_zu_lang",
        "jobcenter_id_ungueltig",
    ),
    "PlzUnbekannt": ("plz_unbekannt",),
    "OrtUnbekannt": ("ort_unbekannt",),
    "JobcenterUnbekannt": ("jobcenter_unbekannt",),
    # services/antrag
    "NichtGefunden": (
        "antrag_nicht_gefunden",
        "anlage_nicht_gefunden",
        "leistung_unbekannt",
        "abschnitt_unbekannt",
        # services/postkorb
        "thread_nicht_gefunden",
        "nachricht_nicht_gefunden",
        "entwurf_nicht_gefunden",
    ),
    # services/termine
    "ZuVieleBuchungen": ("zu_viele_buchungen",),
    "NichtAenderbar": ("termin_nicht_aenderbar",),
    "Konflikt": (
        "bereits_eingereicht",
        "kurzantrag_bereits_gestellt",
        "antrag_zurueckgezogen",
        "antrag_abgeschlossen",
        "zustaendigkeit_ausstehend",
        "zustaendigkeit_unklar",
        "zustaendigkeit_eindeutig",
        "jobcenter_nicht_angebunden",
        "noch_nicht_eingereicht",
        "nicht_loeschbar",
        "gleichzeitig_geaendert",
        # services/postkorb
        "entwurf_bereits_gesendet",
        "antwort_nicht_moeglich",
        "anlage_nicht_verfuegbar",
    ),
    "EingabeUngueltig": (
        "felder_ungueltig",
        "wohnort_ungueltig",
        "anlage_ungueltig",
        "antrag_unvollstaendig",
        "kurzantrag_unvollstaendig",
        "sprache_unbekannt",
        "begruendung_ungueltig",
        "gemeinde_unbekannt",
    ),
}
REMOTE_MELDUNGEN: dict[str, str] = {
    # services/postkorb
    "thread_nicht_gefunden": N_(
        "Diese Unterhaltung gibt es nicht, oder sie gehört nicht zu Ihrem Konto."
    ),
    "nachricht_nicht_gefunden": N_(
        "Diese Nachricht gibt es nicht, oder sie gehört nicht zu Ihrem Konto."
    ),
    "entwurf_nicht_gefunden": N_(
        "Diese Antwort gibt es nicht mehr. Bitte schreiben Sie sie noch einmal."
    ),
    "entwurf_bereits_gesendet": N_("Diese Antwort ist schon gesendet."),
    "antwort_nicht_moeglich": N_(
        "Auf diese Nachrichten können Sie hier nicht antworten. Bitte wenden Sie sich direkt an "
        "die Stelle, um die es geht."
    ),
    "anlage_nicht_verfuegbar": N_(
        "Diese Datei können wir gerade nicht laden. Bitte versuchen Sie es in ein paar Minuten "
        "noch einmal."
    ),
    "anlage_nicht_sauber": N_(
        "Mindestens eine Datei konnte nicht geprüft werden oder ist nicht sicher. Ihre "
        "Antwort wurde nicht gesendet. Bitte entfernen Sie die genannte Datei oder schicken "
        "Sie eine andere."
    ),
    "eingabe_fehlt": N_("Bitte geben Sie eine Postleitzahl oder einen Ort ein."),
    "plz_ungueltig": N_(
        "Eine Postleitzahl hat genau fünf Ziffern. Bitte prüfen Sie Ihre Eingabe, zum Beispiel "
        "10115."
    ),
    "ort_ungueltig": N_("Bitte geben Sie den Namen eines Ortes ein, zum Beispiel Gelnhausen."),
    "strasse_ungueltig": N_("Bitte prüfen Sie die Straße."),
    "suchtext_ungueltig": N_("Bitte geben Sie einen Ortsnamen ein."),
    "eingabe_zu_lang": N_(
        "Die Eingabe ist zu lang. Bitte geben Sie nur Ihre Postleitzahl oder Ihren Ort ein."
    ),
    "jobcenter_id_ungueltig": N_("Eine Jobcenter-Nummer hat genau fünf Ziffern."),
    "plz_unbekannt": N_(
        "Diese Postleitzahl kennen wir nicht. Bitte prüfen Sie die Ziffern oder suchen Sie mit "
        "dem Namen Ihres Ortes."
    ),
    "ort_unbekannt": N_(
        "Diesen Ort haben wir nicht gefunden. Bitte prüfen Sie die Schreibweise oder suchen Sie "
        "mit Ihrer Postleitzahl."
    ),
    "jobcenter_unbekannt": N_("Dieses Jobcenter kennen wir nicht."),
    # services/antrag
    "antrag_nicht_gefunden": N_(
        "Diesen Antrag gibt es nicht, oder er gehört nicht zu Ihrem Konto."
    ),
    "anlage_nicht_gefunden": N_("Diese Anlage gibt es nicht oder nicht mehr."),
    "leistung_unbekannt": N_("Für diese Leistung gibt es keinen Online-Antrag."),
    "abschnitt_unbekannt": N_("Diesen Abschnitt gibt es in diesem Antrag nicht."),
    "bereits_eingereicht": N_(
        "Dieser Antrag ist schon eingereicht. Sie können ihn nicht noch einmal einreichen."
    ),
    "kurzantrag_bereits_gestellt": N_(
        "Für diesen Antrag haben Sie schon einen Kurzantrag gestellt. Das Antragsdatum ist "
        "gesichert."
    ),
    "antrag_zurueckgezogen": N_(
        "Dieser Antrag ist zurückgezogen. Er kann nicht mehr geändert werden."
    ),
    "antrag_abgeschlossen": N_(
        "Dieser Antrag ist eingereicht. Er kann nicht mehr geändert werden."
    ),
    "zustaendigkeit_ausstehend": N_(
        "Wir ermitteln noch Ihr zuständiges Jobcenter. Bitte versuchen Sie es in einer Minute "
        "noch einmal."
    ),
    "zustaendigkeit_unklar": N_(
        "Für Ihren Wohnort konnten wir kein eindeutiges Jobcenter bestimmen. Bitte wählen Sie "
        "auf der Seite Ihres Antrags die Gemeinde, in der Sie wohnen. Gibt es dort keine "
        "Auswahl, legen Sie den Antrag bitte mit Postleitzahl und genauem Ort neu an."
    ),
    "zustaendigkeit_eindeutig": N_(
        "Ihr zuständiges Jobcenter steht schon fest. Sie müssen keine Gemeinde mehr wählen."
    ),
    "jobcenter_nicht_angebunden": N_(
        "Ihr Jobcenter nimmt Anträge nicht über die Sozialplattform an. Bitte stellen Sie Ihren "
        "Antrag bei jobcenter.digital oder direkt bei Ihrem Jobcenter."
    ),
    "noch_nicht_eingereicht": N_(
        "Dieser Antrag ist noch nicht eingereicht. Die Eingangsbestätigung gibt es nach dem "
        "Einreichen."
    ),
    "nicht_loeschbar": N_("Dieser Antrag kann nicht gelöscht werden."),
    "gleichzeitig_geaendert": N_(
        "Der Antrag wurde gerade an anderer Stelle geändert. Bitte laden Sie die Seite neu und "
        "versuchen Sie es noch einmal."
    ),
    "felder_ungueltig": N_("Einige Angaben sind ungültig. Bitte prüfen Sie die markierten Felder."),
    "wohnort_ungueltig": N_("Bitte prüfen Sie Postleitzahl und Ort."),
    "anlage_ungueltig": N_(
        "Die Datei konnte nicht angenommen werden. Erlaubt sind PDF, JPEG und PNG."
    ),
    "antrag_unvollstaendig": N_(
        "Der Antrag ist noch nicht vollständig. Bitte ergänzen Sie die aufgeführten Angaben."
    ),
    "kurzantrag_unvollstaendig": N_("Für den Kurzantrag fehlen noch Angaben zu Ihrer Person."),
    "sprache_unbekannt": N_("Diese Sprache kennen wir nicht."),
    "begruendung_ungueltig": N_("Bitte schreiben Sie eine Begründung mit höchstens 2000 Zeichen."),
    "gemeinde_unbekannt": N_("Bitte wählen Sie eine der angebotenen Gemeinden."),
}

# services/finder (issue 14, finder/fehler.py): the household's problems, the Gemeinde to
# choose (``details.gemeinden``), a day no published values cover, the place not resolvable.
REMOTE["DienstNichtErreichbar"] = Fehlerart(
    503,
    "dienst_nicht_verfuegbar",
    N_("Vorübergehend nicht erreichbar"),
    N_(
        "Ein Teil der Sozialplattform antwortet gerade nicht. Bitte versuchen Sie es in ein "
        "paar Minuten noch einmal."
    ),
)
REMOTE_CODES["DienstNichtErreichbar"] = ("zustaendigkeit_nicht_erreichbar",)
REMOTE_CODES["EingabeUngueltig"] += (
    "haushalt_ungueltig",
    "gemeinde_waehlen",
    "keine_werte_fuer_stichtag",
    "stichtag_ungueltig",
)
REMOTE_CODES["NichtGefunden"] += ("leistung_nicht_gefunden", "ausfuellhilfe_nicht_gefunden")
REMOTE_MELDUNGEN.update(
    {
        "haushalt_ungueltig": N_(
            "Einige Angaben zum Haushalt fehlen oder stimmen nicht. Bitte prüfen Sie die "
            "genannten Felder."
        ),
        "gemeinde_waehlen": N_(
            "Zu dieser Postleitzahl gehören mehrere Gemeinden. Bitte wählen Sie Ihre Gemeinde."
        ),
        "keine_werte_fuer_stichtag": N_(
            "Für dieses Datum sind die Werte noch nicht veröffentlicht. Wir rechnen nicht mit "
            "alten Werten."
        ),
        "zustaendigkeit_nicht_erreichbar": N_(
            "Wir können Ihren Wohnort gerade nicht zuordnen. Bitte versuchen Sie es in ein paar "
            "Minuten noch einmal."
        ),
        "leistung_nicht_gefunden": N_("Zu dieser Leistung gibt es keine Informationsseite."),
        "ausfuellhilfe_nicht_gefunden": N_("Zu diesem Abschnitt gibt es keine Ausfüllhilfe."),
        "stichtag_ungueltig": N_("Bitte geben Sie das Datum so an: JJJJ-MM-TT."),
    }
)

# Field messages: code -> message (the codes are part of the API, see Problem.felder).
FELDMELDUNGEN: dict[str, str] = {
    "pflichtfeld": N_("Bitte füllen Sie dieses Feld aus."),
    "text_erwartet": N_("Bitte geben Sie hier Text ein."),
    "text_steuerzeichen": N_(
        "Dieses Feld enthält ein unsichtbares Steuerzeichen, das wir nicht übermitteln können. "
        "Bitte löschen Sie den Inhalt und tippen Sie ihn neu ein."
    ),
    "text_einzeilig": N_(
        "Dieses Feld darf nur eine Zeile enthalten: ohne Zeilenumbruch, Tabulator, Steuerzeichen "
        "oder Zeichen zur Schreibrichtung. Bitte tippen Sie den Inhalt neu ein."
    ),
    "email_ungueltig": N_(
        "Das sieht nicht wie eine E-Mail-Adresse aus. Eine E-Mail-Adresse sieht zum Beispiel "
        "so aus: name@beispiel.de."
    ),
    "passwort_zu_kurz": N_("Das Passwort muss mindestens 12 Zeichen lang sein."),
    "passwort_zu_lang": N_("Das Passwort darf höchstens 256 Zeichen lang sein."),
    "passwort_steuerzeichen": N_(
        "Das Passwort darf keine Steuerzeichen enthalten, zum Beispiel keinen Tabulator und "
        "keinen Zeilenumbruch."
    ),
    "passwort_nur_leerraum": N_(
        "Das Passwort darf nicht nur aus Leerzeichen bestehen. Bitte nehmen Sie Buchstaben, "
        "Wörter oder Ziffern."
    ),
    "passwort_zu_leicht": N_(
        "Dieses Passwort ist leicht zu erraten: Es ist sehr verbreitet, ein bekanntes Wort oder "
        "ein einfaches Muster wie 123456 oder qwerty. Bitte wählen Sie ein anderes, zum "
        "Beispiel einen Satz aus mehreren Wörtern."
    ),
    "passwort_falsch": N_("Das Passwort stimmt nicht. Bitte geben Sie Ihr jetziges Passwort ein."),
    "bestaetigung_fehlt": N_("Bitte bestätigen Sie, dass Sie Ihr Konto löschen wollen."),
    "unbekanntes_feld": N_("Dieses Feld kennen wir nicht. Bitte lassen Sie es weg."),
    "objekt_erwartet": N_("Bitte senden Sie ein JSON-Objekt."),
    "auswahl_ungueltig": N_("Bitte wählen Sie einen der angebotenen Werte."),
    "zeitpunkt_ungueltig": N_(
        "Bitte geben Sie Datum und Uhrzeit mit Zeitzone an, zum Beispiel 2027-01-12T09:00:00+01:00."
    ),
    "kennung_ungueltig": N_("Diese Kennung ist ungültig."),
    # services/termine's field codes (gateway.web.termine_api.FELDCODES)
    "angabe_ungueltig": N_("Bitte prüfen Sie diese Angabe."),
    "datum_ungueltig": N_("Bitte geben Sie ein gültiges Datum an."),
    "datum_ende_vor_beginn": N_("Der letzte Tag darf nicht vor dem ersten liegen."),
    "uhrzeit_ende_vor_beginn": N_(
        "Bitte geben Sie Beginn und Ende als Uhrzeit an, das Ende nach dem Beginn, zum Beispiel "
        "09:00 bis 12:00."
    ),
    "angabe_zu_lang": N_("Diese Angabe ist zu lang."),
    "termin_nicht_angeboten": N_(
        "Diese Zeit wird nicht angeboten. Bitte wählen Sie eine der freien Zeiten."
    ),
    "termin_vergangen": N_(
        "Diese Zeit ist vorbei oder zu kurzfristig. Bitte wählen Sie eine der freien Zeiten."
    ),
    "kontakt_fuer_zugang": N_(
        "Den Zugang zur Chat- oder Videoberatung schickt Ihnen die Beratungsstelle. Bitte geben "
        "Sie dafür Ihre E-Mail-Adresse oder Telefonnummer an."
    ),
    "zugang_nur_https": N_("Bitte geben Sie eine sichere Adresse an, die mit https:// beginnt."),
    "zugang_mit_zugangsdaten": N_(
        "Diese Adresse enthält einen Benutzernamen, ein Passwort oder einen Schlüssel. Bitte "
        "geben Sie nur die Adresse an, mit der Ratsuchende in den Raum kommen."
    ),
    "zugang_platzhalter_mehrfach": N_(
        "Der Platzhalter {raum} darf nur einmal in der Adresse stehen."
    ),
    "umkreis_ungueltig": N_("Bitte wählen Sie einen Umkreis von 1 bis 200 Kilometern."),
    "seite_ungueltig": N_("Diese Seite der Ergebnisse gibt es nicht."),
    "text_zu_lang": N_("Der Text ist zu lang. Bitte kürzen Sie ihn auf höchstens 10000 Zeichen."),
    "anlage_infiziert": N_(
        "Diese Datei enthält einen Virus oder Schadcode. Sie wurde nicht angenommen."
    ),
    "anlage_zu_gross": N_(
        "Diese Datei ist zu groß, um sie zu prüfen. Bitte schicken Sie eine kleinere."
    ),
    "anlage_pruefung_fehlgeschlagen": N_(
        "Diese Datei konnte gerade nicht auf Viren geprüft werden. Bitte versuchen Sie es in ein "
        "paar Minuten noch einmal."
    ),
    "anlage_ausstehend": N_(
        "Diese Datei wird noch geprüft. Bitte versuchen Sie es in ein paar Minuten noch einmal."
    ),
    "anlage_ungueltig": N_("Diese Datei ist kein PDF, JPEG oder PNG oder sie ist beschädigt."),
    "einwilligung_fehlt": N_("Bitte kreuzen Sie an, dass Sie einwilligen."),
    "dateiname_ungueltig": N_(
        "Der Name dieser Datei enthält Zeichen, die wir nicht übermitteln können. Bitte benennen "
        "Sie die Datei um."
    ),
    "wohnort_unbekannt": N_(
        "Zu dieser Postleitzahl und diesem Ort finden wir kein Jobcenter. Bitte prüfen Sie Ihre "
        "Angaben."
    ),
}


def einordnen(error: BaseException) -> Fehlerart:
    """The table's entry for an error; anything unknown is an internal error (500)."""
    if isinstance(error, RemoteError):
        name = error.exc_type or ""
        art = REMOTE.get(name)
        if art is None:
            return DIENST_FEHLER
        code = remote_inhalt(error).get("code")
        if code not in REMOTE_CODES.get(name, ()) or code not in REMOTE_MELDUNGEN:
            return art
        return _remote_fehlerart(name, code)
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
                    error.warten_sekunden,
                )
            if isinstance(error, MethodeNichtErlaubt):
                return Fehlerart(
                    art.status, art.code, art.titel, art.detail, {"Allow": ", ".join(error.erlaubt)}
                )
            return art
    return INTERNER_FEHLER


def detail_text(art: Fehlerart, uebersetzen: Callable[..., str], sprache: str) -> str:
    """The detail in the request's language; for a limit, with how long it lasts, rounded up
    to whole minutes from one minute on (never sooner than true)."""
    if art.warten_sekunden is None:
        return uebersetzen(art.detail)
    sekunden = art.warten_sekunden
    if sekunden >= 60:
        dauer = timedelta(minutes=math.ceil(sekunden / 60))
        dauer_text = format_timedelta(
            dauer, granularity="minute", threshold=10**6, locale=_locale(sprache)
        )
    else:
        dauer_text = format_timedelta(
            timedelta(seconds=sekunden),
            granularity="second",
            threshold=10**6,
            locale=_locale(sprache),
        )
    return uebersetzen(WARTEN_DETAIL, dauer=dauer_text)


def _locale(sprache: str) -> str:
    return "en" if sprache == "en" else "de"  # Leichte Sprache: German words


def remote_inhalt(error: RemoteError) -> dict[str, Any]:
    """What a service said besides its exception's name: ``{"code": text}`` for a plain code
    (zustaendigkeit), the object itself for a JSON value (antrag: code, ``felder``,
    ``details``); ``{}`` for anything else."""
    text = "" if error.value is None else str(error.value)
    if not text.startswith("{"):
        return {"code": text}
    try:
        inhalt = json.loads(text)
    except ValueError:
        return {}
    return inhalt if isinstance(inhalt, dict) else {}


def remote_fehlerart(code: str) -> Fehlerart:
    """What a remote error with this code becomes (for the OpenAPI document of an endpoint that
    calls the service, and for /api/v1/probleme/<code>)."""
    for name, codes in REMOTE_CODES.items():
        if code in codes:
            return _remote_fehlerart(name, code)
    raise KeyError(code)


def alle_fehlerarten() -> list[Fehlerart]:
    """Every entry, for the OpenAPI document and the tests."""
    seen: dict[str, Fehlerart] = {}
    remote = [remote_fehlerart(code) for codes in REMOTE_CODES.values() for code in codes]
    arten = [*TABELLE.values(), *REMOTE.values(), *remote, DIENST_FEHLER, INTERNER_FEHLER]
    for art in arten:
        seen.setdefault(art.code, art)
    return list(seen.values())


def _remote_fehlerart(name: str, code: str) -> Fehlerart:
    art = REMOTE[name]
    return Fehlerart(art.status, code, art.titel, REMOTE_MELDUNGEN.get(code, art.detail))
