"""Konto: the account of one person at the gateway, the only place that knows how they log in.

The person is known to every other service only by ``person_id``, a random UUID. The account
holds what login needs: the lookup key of the email address or of the identity provider's
subject (a keyed hash, docs/adr/0022), and, for a local account, the email and password hash.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from gateway.domain.sitzung import Anmeldeart
from kernel.aggregate import Aggregate, DomainEvent


@dataclass(frozen=True)
class KontoAngelegt(DomainEvent):
    """A local account was created (embedded mode): email and password."""

    person_id: str
    kennung_schluessel: str
    email: str
    passwort_hash: str


@dataclass(frozen=True)
class PasswortGeaendert(DomainEvent):
    """A new password, set through a reset link mailed to the account's address."""

    person_id: str
    passwort_hash: str


@dataclass(frozen=True)
class EmailGeaendert(DomainEvent):
    """The account's address changed; the new one was confirmed by a link mailed to it."""

    person_id: str
    kennung_schluessel: str
    email: str


@dataclass(frozen=True)
class KontoGeloescht(DomainEvent):
    """The person deleted the account (published: other services erase what is theirs)."""

    person_id: str
    geloescht_am: str


@dataclass(frozen=True)
class IdentitaetVerknuepft(DomainEvent):
    """A person logged in through the identity provider for the first time."""

    person_id: str
    kennung_schluessel: str
    aussteller: str


class Konto(Aggregate):
    stream_prefix = "konto"
    events = (
        KontoAngelegt,
        IdentitaetVerknuepft,
        PasswortGeaendert,
        EmailGeaendert,
        KontoGeloescht,
    )

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.anmeldeart: Anmeldeart | None = None
        self.kennung_schluessel: str | None = None
        self.email: str | None = None  # local accounts; None once the person is forgotten
        self.geloescht = False

    @property
    def person_id(self) -> str:
        return self.id

    @property
    def data_subject(self) -> str:
        return self.id

    @classmethod
    def anlegen(cls, *, kennung_schluessel: str, email: str, passwort_hash: str) -> Konto:
        konto = cls(str(uuid.uuid4()))
        konto._raise(
            KontoAngelegt(
                person_id=konto.id,
                kennung_schluessel=kennung_schluessel,
                email=email,
                passwort_hash=passwort_hash,
            )
        )
        return konto

    @classmethod
    def verknuepfen(cls, *, kennung_schluessel: str, aussteller: str) -> Konto:
        konto = cls(str(uuid.uuid4()))
        konto._raise(
            IdentitaetVerknuepft(
                person_id=konto.id, kennung_schluessel=kennung_schluessel, aussteller=aussteller
            )
        )
        return konto

    def passwort_aendern(self, passwort_hash: str) -> None:
        self._lebt()
        self._raise(PasswortGeaendert(person_id=self.id, passwort_hash=passwort_hash))

    def email_aendern(self, *, kennung_schluessel: str, email: str) -> None:
        self._lebt()
        self._raise(
            EmailGeaendert(person_id=self.id, kennung_schluessel=kennung_schluessel, email=email)
        )

    def loeschen(self, geloescht_am: str) -> None:
        self._lebt()
        self._raise(KontoGeloescht(person_id=self.id, geloescht_am=geloescht_am))

    def _lebt(self) -> None:
        if self.geloescht:
            raise ValueError("the account was deleted")

    def when_KontoAngelegt(self, event: KontoAngelegt) -> None:  # noqa: N802
        self.anmeldeart = Anmeldeart.PASSWORT
        self.kennung_schluessel = event.kennung_schluessel
        self.email = event.email

    def when_PasswortGeaendert(self, event: PasswortGeaendert) -> None:  # noqa: N802
        pass

    def when_EmailGeaendert(self, event: EmailGeaendert) -> None:  # noqa: N802
        self.kennung_schluessel = event.kennung_schluessel
        self.email = event.email

    def when_KontoGeloescht(self, event: KontoGeloescht) -> None:  # noqa: N802
        self.geloescht = True

    def when_IdentitaetVerknuepft(self, event: IdentitaetVerknuepft) -> None:  # noqa: N802
        self.anmeldeart = Anmeldeart.OIDC
        self.kennung_schluessel = event.kennung_schluessel
