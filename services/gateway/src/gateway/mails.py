"""The mails of the account, in the language of the request that causes them (docs/adr/0091).

Each says what happened and what to do, links to the platform where needed, and names no
application, benefit, Jobcenter or health detail: a mail box is read by others, and mail
travels in the clear between relays. Texts are German msgids, translated like the pages'.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from gateway.i18n import N_
from gateway.sicherheit import email_maskieren
from kernel.mail import Mail

if TYPE_CHECKING:
    from gateway.web.kontext import RequestContext

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})

GRUSS = N_(
    "Ihre Sozialplattform\n\n"
    "Diese Nachricht wurde automatisch erstellt. Bitte antworten Sie nicht darauf."
)

ZURUECKSETZEN_BETREFF = N_("Neues Passwort für die Sozialplattform")
ZURUECKSETZEN_TEXT = N_(
    "Guten Tag,\n\n"
    "jemand hat für diese E-Mail-Adresse ein neues Passwort angefordert. Wenn Sie das waren, "
    "öffnen Sie bitte diesen Link und wählen Sie ein neues Passwort:\n\n"
    "%(link)s\n\n"
    "Der Link gilt %(minuten)s Minuten und nur einmal.\n\n"
    "Wenn Sie kein neues Passwort wollten, müssen Sie nichts tun. Ihr Passwort bleibt, wie es "
    "ist."
)
PASSWORT_GEAENDERT_BETREFF = N_("Ihr Passwort wurde geändert")
PASSWORT_GEAENDERT_TEXT = N_(
    "Guten Tag,\n\n"
    "das Passwort Ihres Kontos bei der Sozialplattform wurde eben geändert. Alle Anmeldungen "
    "wurden beendet.\n\n"
    "Wenn Sie das nicht waren, fordern Sie bitte sofort ein neues Passwort an:\n\n%(link)s"
)
REGISTRIERUNG_VORHANDEN_BETREFF = N_("Anmeldeversuch mit Ihrer E-Mail-Adresse")
REGISTRIERUNG_VORHANDEN_TEXT = N_(
    "Guten Tag,\n\n"
    "jemand wollte mit Ihrer E-Mail-Adresse ein neues Konto bei der Sozialplattform anlegen. "
    "Für diese Adresse gibt es aber schon ein Konto. Es wurde nichts geändert.\n\n"
    "Wenn Sie das waren: Melden Sie sich mit Ihrem Passwort an. Wenn Sie es vergessen haben, "
    "fordern Sie hier ein neues an:\n\n%(link)s\n\n"
    "Wenn Sie das nicht waren, müssen Sie nichts tun."
)
EMAIL_BESTAETIGEN_BETREFF = N_("Bitte bestätigen Sie Ihre neue E-Mail-Adresse")
EMAIL_BESTAETIGEN_TEXT = N_(
    "Guten Tag,\n\n"
    "jemand möchte diese E-Mail-Adresse für ein Konto bei der Sozialplattform nutzen. Wenn Sie "
    "das waren, öffnen Sie bitte diesen Link und bestätigen Sie die Adresse:\n\n"
    "%(link)s\n\n"
    "Der Link gilt %(stunden)s Stunden und nur einmal. Wenn Sie das nicht waren, müssen Sie "
    "nichts tun."
)
EMAIL_VERGEBEN_BETREFF = N_("Ihre E-Mail-Adresse bei der Sozialplattform")
EMAIL_VERGEBEN_TEXT = N_(
    "Guten Tag,\n\n"
    "jemand wollte diese E-Mail-Adresse für ein anderes Konto bei der Sozialplattform nutzen. "
    "Für diese Adresse gibt es aber schon ein Konto. Es wurde nichts geändert.\n\n"
    "Wenn Sie das nicht waren, müssen Sie nichts tun."
)
EMAIL_GEAENDERT_BETREFF = N_("Ihre E-Mail-Adresse wurde geändert")
EMAIL_GEAENDERT_TEXT = N_(
    "Guten Tag,\n\n"
    "die E-Mail-Adresse Ihres Kontos bei der Sozialplattform wurde eben geändert, in "
    "%(neu)s. Mails schicken wir ab jetzt nur noch an die neue Adresse.\n\n"
    "Wenn Sie das nicht waren, wenden Sie sich bitte an den Betreiber der Sozialplattform. "
    "Die Kontaktdaten stehen im Impressum:\n\n%(impressum)s"
)
KONTO_GELOESCHT_BETREFF = N_("Ihr Konto wurde gelöscht")
KONTO_GELOESCHT_TEXT = N_(
    "Guten Tag,\n\n"
    "Ihr Konto bei der Sozialplattform wurde gelöscht. Sie können sich nicht mehr anmelden. "
    "Ihre Entwürfe wurden gelöscht. Anträge, die Sie schon gestellt haben, hat das Jobcenter "
    "bekommen. Dort bleiben sie.\n\n"
    "Wenn Sie die Sozialplattform wieder nutzen wollen, legen Sie bitte ein neues Konto an."
)


class KontoMails:
    """Builds the mails for one request: its language (``uebersetzen``) and the portal's
    address (``basis_url``, no trailing slash)."""

    @classmethod
    def fuer_anfrage(cls, ctx: RequestContext) -> KontoMails:
        """The account's mails in this request's language. Their links point at
        SOZ_GATEWAY_PUBLIC_URL; without it, at this request's host only when that is this
        machine (the embedded default): links built from any Host header would let someone
        ask for a reset mail whose link leads to their own site, with a valid token in it."""
        basis = ctx.settings.public_url
        if basis is None:
            if urlsplit(ctx.request.host_url).hostname not in LOOPBACK:
                raise RuntimeError("SOZ_GATEWAY_PUBLIC_URL is needed for the links in mails")
            basis = ctx.request.host_url.rstrip("/")
        return cls(
            ctx._,
            basis,
            reset_link_seconds=ctx.settings.reset_link_seconds,
            email_link_seconds=ctx.settings.email_link_seconds,
        )

    def __init__(
        self,
        uebersetzen: Callable[..., str],
        basis_url: str,
        *,
        reset_link_seconds: float,
        email_link_seconds: float,
    ) -> None:
        self._ = uebersetzen
        self.basis_url = basis_url
        self.reset_minuten = int(reset_link_seconds // 60)
        self.email_stunden = int(email_link_seconds // 3600)

    def zuruecksetzen(self, an: str, token: str) -> Mail:
        link = self._link("/passwort-neu", token)
        return self._mail(
            an, ZURUECKSETZEN_BETREFF, ZURUECKSETZEN_TEXT, link=link, minuten=self.reset_minuten
        )

    def passwort_geaendert(self, an: str) -> Mail:
        link = f"{self.basis_url}/passwort-vergessen"
        return self._mail(an, PASSWORT_GEAENDERT_BETREFF, PASSWORT_GEAENDERT_TEXT, link=link)

    def registrierung_vorhanden(self, an: str) -> Mail:
        link = f"{self.basis_url}/passwort-vergessen"
        return self._mail(
            an, REGISTRIERUNG_VORHANDEN_BETREFF, REGISTRIERUNG_VORHANDEN_TEXT, link=link
        )

    def email_bestaetigen(self, an: str, token: str) -> Mail:
        link = self._link("/konto/email-bestaetigen", token)
        return self._mail(
            an,
            EMAIL_BESTAETIGEN_BETREFF,
            EMAIL_BESTAETIGEN_TEXT,
            link=link,
            stunden=self.email_stunden,
        )

    def email_vergeben(self, an: str) -> Mail:
        return self._mail(an, EMAIL_VERGEBEN_BETREFF, EMAIL_VERGEBEN_TEXT)

    def email_geaendert(self, an: str, neu: str) -> Mail:
        return self._mail(
            an,
            EMAIL_GEAENDERT_BETREFF,
            EMAIL_GEAENDERT_TEXT,
            neu=email_maskieren(neu),
            impressum=f"{self.basis_url}/impressum",
        )

    def konto_geloescht(self, an: str) -> Mail:
        return self._mail(an, KONTO_GELOESCHT_BETREFF, KONTO_GELOESCHT_TEXT)

    def _link(self, pfad: str, token: str) -> str:
        return f"{self.basis_url}{pfad}?token={quote(token, safe='')}"

    def _mail(self, an: str, betreff: str, text: str, **werte: object) -> Mail:
        inhalt = self._(text, **werte) if werte else self._(text)
        return Mail(an=an, betreff=self._(betreff), text=f"{inhalt}\n\n{self._(GRUSS)}\n")
