"""Use cases of accounts and sessions: sign up, log in (password or identity provider), find the
session of a request, log out, end expired sessions.

Called by the web handlers for pages and API alike, so both follow the same rules.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import structlog
from sqlalchemy import (
    Column,
    Connection,
    Float,
    MetaData,
    Row,
    String,
    Table,
    Text,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from gateway.adapters.begrenzer import Begrenzer
from gateway.adapters.passwort import PasswortHasher
from gateway.config import GatewaySettings
from gateway.domain.konto import Konto
from gateway.domain.sitzung import Anmeldeart, Beendigungsgrund, Sitzung, SitzungsRegeln
from gateway.fehler import AnmeldungFehlgeschlagen, EingabeUngueltig, EmailVergeben, LinkUngueltig
from gateway.mails import KontoMails
from gateway.projections import KontoVerzeichnis, Sitzungen
from gateway.sicherheit import (
    Schluessel,
    email_kontextwoerter,
    email_maskieren,
    email_normalisieren,
    neues_token,
    passwort_mangel,
    passwort_normalisieren,
    sitzung_id,
)
from kernel.application import Application
from kernel.errors import ConcurrencyConflict
from kernel.mail import Postausgang
from kernel.unit_of_work import load_aggregate

log = structlog.get_logger("gateway.konten")

# When each open session was last used: operational state beside the projection, not history
# (see gateway.domain.sitzung). A missing row counts as "idle since login": sessions end early,
# never late.
metadata = MetaData()
aktivitaet = Table(
    "sitzung_aktivitaet",
    metadata,
    Column("sitzung_id", String(64), primary_key=True),
    Column("zuletzt_aktiv", Float, nullable=False),
)
# Links mailed for the account (docs/adr/0091): only the SHA-256 of the token is kept, so a
# copy of the database opens no account; a row is deleted when the link is used, so it works
# once. ``neue_email`` (address changes) is sealed under the person's key.
konto_links = Table(
    "konto_links",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("zweck", String(20), nullable=False),  # passwort | email
    Column("person_id", String(36), nullable=False, index=True),
    Column("neue_email", Text, nullable=True),
    Column("gueltig_bis", Float, nullable=False, index=True),  # POSIX seconds
)
AUFRAEUMEN_HOECHSTENS = 500


class LinkZweck(StrEnum):
    PASSWORT = "passwort"
    EMAIL = "email"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class AktiveSitzung:
    sitzung_id: str
    person_id: str
    anmeldeart: Anmeldeart
    laeuft_ab_um: datetime


@dataclass(frozen=True)
class KontoAnsicht:
    """Who is logged in, for the account page: the address partly hidden."""

    person_id: str
    anmeldeart: Anmeldeart
    email_maskiert: str | None  # None: an identity provider's account


@dataclass(frozen=True)
class NeueSitzung:
    """A session just begun; ``token`` goes into the cookie and nowhere else."""

    token: str
    sitzung: AktiveSitzung


class Konten:
    def __init__(
        self,
        application: Application,
        settings: GatewaySettings,
        schluessel: Schluessel,
        hasher: PasswortHasher,
        uhr: Callable[[], datetime] = utc_now,
        schlafen: Callable[[float], None] = time.sleep,
    ) -> None:
        self.application = application
        self.settings = settings
        self.schluessel = schluessel
        self.hasher = hasher
        self.uhr = uhr
        self.schlafen = schlafen  # green under eventlet: a slowed login holds no OS thread
        self.regeln = SitzungsRegeln(
            leerlauf=timedelta(seconds=settings.session_idle_seconds),
            hoechstdauer=timedelta(seconds=settings.session_max_seconds),
        )
        self.begrenzer = Begrenzer(application.database, uhr=lambda: self.uhr().timestamp())
        self.postausgang = Postausgang(application, uhr=lambda: self.uhr().timestamp())

    def create_schema(self) -> None:
        metadata.create_all(self.application.database.engine)
        self.begrenzer.create_schema()
        self.postausgang.create_schema()

    # sign-up and login ------------------------------------------------------------------------

    def registrieren(
        self,
        email: str,
        passwort: str,
        *,
        client: str,
        mails: KontoMails | None = None,
        correlation_id: str | None = None,
    ) -> None:
        """Create a local account, unless the address has one already.

        Both end alike, in answer and (as far as practical) in time: the password is hashed
        either way, and nothing tells the caller which it was (docs/adr/0070). The person logs
        in next; with an address that had an account, only that account's password does.
        """
        email = email_normalisieren(email)
        kennung = self.schluessel.kennung("email", email)
        self.begrenzer.versuch(
            (f"registrierung:{client}", self.settings.limit_signup_ip),
            (f"registrierung-email:{kennung}", self.settings.limit_signup_email),
        )
        passwort_hash = self.hasher.hash(passwort_normalisieren(passwort))  # slow: before the write
        try:
            with self.application.unit_of_work(correlation_id=correlation_id) as uow:
                vorhanden = _konto_eintrag(uow.connection, kennung)
                if vorhanden is not None:
                    self._registrierung_fuer_vorhandenes_konto(
                        uow.connection, vorhanden.person_id, email, mails
                    )
                    uow.commit()
                    return
                konto = Konto.anlegen(
                    kennung_schluessel=kennung, email=email, passwort_hash=passwort_hash
                )
                uow.repository(Konto).add(konto)
                uow.commit()
        except IntegrityError:  # a concurrent sign-up with the same email committed first
            with self.application.database.write() as connection:
                vorhanden = _konto_eintrag(connection, kennung)
                self._registrierung_fuer_vorhandenes_konto(
                    connection, vorhanden.person_id, email, mails
                )
            return
        log.info("konto_angelegt", person_id=konto.person_id)

    def _registrierung_fuer_vorhandenes_konto(
        self, connection: Connection, person_id: str, email: str, mails: KontoMails | None
    ) -> None:
        """The owner learns by mail that someone tried to sign up with their address
        (docs/adr/0070, 0091); the one who tried gets the same answer as for a new address."""
        if mails is not None:
            self.postausgang.einreihen(connection, mails.registrierung_vorhanden(email))
        log.info("registrierung_fuer_vorhandenes_konto", person_id=person_id)

    def anmelden(
        self, email: str, passwort: str, *, client: str, correlation_id: str | None = None
    ) -> NeueSitzung:
        """Log in with email and password. Every failure looks the same from outside.

        Throttles the attacker, not the owner (docs/adr/0070): failures are limited per client
        address and per account and address (then 429 for that address), and failures on the
        account from every address only slow each further attempt down, so the right password
        from an address that has not failed always gets in.
        """
        kennung = self.schluessel.kennung("email", email_normalisieren(email))
        adresse = f"anmeldung:{client}"
        paar = "anmeldung-paar:" + hashlib.sha256(f"{kennung} {client}".encode()).hexdigest()
        konto = f"anmeldung-konto:{kennung}"
        fehlversuche = self.begrenzer.versuch(
            (adresse, self.settings.limit_login_ip),
            (paar, self.settings.limit_login_account_ip),
            bremse=(konto, self.settings.limit_login_account),
        )
        verzoegerung = self.verzoegerung(fehlversuche)
        if verzoegerung:
            self.schlafen(verzoegerung)
        with self.application.database.read() as connection:
            eintrag = _konto_eintrag(connection, kennung)
        passwort_hash = None
        if eintrag is not None and eintrag.passwort_hash is not None:
            passwort_hash, _ = self.application.cipher.open(eintrag.passwort_hash)
        if not self._passwort_stimmt(passwort_hash, passwort):
            log.info("anmeldung_fehlgeschlagen")
            raise AnmeldungFehlgeschlagen()
        self.begrenzer.zuruecksetzen(paar, konto)
        self.begrenzer.zurueckgeben(adresse)
        return self._beginnen(eintrag.person_id, Anmeldeart.PASSWORT, correlation_id)

    def person_zur_email(self, email: str) -> str | None:
        """The person id of the local account of ``email`` (operators: gateway.betrieb)."""
        kennung = self.schluessel.kennung("email", email_normalisieren(email))
        with self.application.database.read() as connection:
            eintrag = _konto_eintrag(connection, kennung)
        return None if eintrag is None else eintrag.person_id

    def verzoegerung(self, fehlversuche: int) -> float:
        """Seconds to wait before checking a password, after ``fehlversuche`` failures on the
        account from any address: none up to the limit, then 1, 2, 4, ... up to the maximum.
        The same for the right and a wrong password, and for unknown addresses too."""
        ueber = fehlversuche - self.settings.limit_login_account.count
        if ueber < 0:
            return 0.0
        return min(2.0 ** min(ueber, 32), self.settings.login_delay_max_seconds)

    def _passwort_stimmt(self, passwort_hash: str | None, passwort: str) -> bool:
        """Compared in NFKC. Hashes made before the rule normalised (docs/adr/0071) hold the
        password as typed: a password that NFKC changes is tried as typed too."""
        normalisiert = passwort_normalisieren(passwort)
        if self.hasher.pruefen(passwort_hash, normalisiert):
            return True
        return normalisiert != passwort and self.hasher.pruefen(passwort_hash, passwort)

    def ueber_anbieter_anmelden(
        self, aussteller: str, subjekt: str, *, correlation_id: str | None = None
    ) -> NeueSitzung:
        """Log in a person the identity provider vouched for; the first login links them to a
        new person id."""
        kennung = self.schluessel.kennung("oidc", f"{aussteller}\n{subjekt}")
        with self.application.database.read() as connection:
            eintrag = _konto_eintrag(connection, kennung)
        if eintrag is None:
            try:
                with self.application.unit_of_work(correlation_id=correlation_id) as uow:
                    konto = Konto.verknuepfen(kennung_schluessel=kennung, aussteller=aussteller)
                    uow.repository(Konto).add(konto)
                    uow.commit()
                person_id = konto.person_id
                log.info("identitaet_verknuepft", person_id=person_id)
            except IntegrityError:  # the same person's parallel first login won
                with self.application.database.read() as connection:
                    person_id = _konto_eintrag(connection, kennung).person_id
        else:
            person_id = eintrag.person_id
        return self._beginnen(person_id, Anmeldeart.OIDC, correlation_id)

    # the account by mail (docs/adr/0091) -------------------------------------------------------

    def ansicht(self, sitzung: AktiveSitzung) -> KontoAnsicht:
        konto = load_aggregate(self.application, Konto, sitzung.person_id)
        email = konto.email if konto is not None else None
        return KontoAnsicht(
            person_id=sitzung.person_id,
            anmeldeart=sitzung.anmeldeart,
            email_maskiert=email_maskieren(email) if email else None,
        )

    def zuruecksetzen_anfordern(
        self,
        email: str,
        *,
        client: str,
        mails: KontoMails,
        correlation_id: str | None = None,
    ) -> None:
        """Mail a reset link to ``email`` if it has a local account. The caller answers alike
        either way (docs/adr/0070): nothing here tells which it was. Limited per client address
        and per address."""
        email = email_normalisieren(email)
        kennung = self.schluessel.kennung("email", email)
        self.begrenzer.versuch(
            (f"zuruecksetzen:{client}", self.settings.limit_reset_ip),
            (f"zuruecksetzen-email:{kennung}", self.settings.limit_reset_email),
        )
        with self.application.database.write() as connection:
            eintrag = _konto_eintrag(connection, kennung)
            if eintrag is None or eintrag.passwort_hash is None:
                return
            token = self._link_anlegen(
                connection, LinkZweck.PASSWORT, eintrag.person_id, self.settings.reset_link_seconds
            )
            self.postausgang.einreihen(connection, mails.zuruecksetzen(email, token))
        log.info("zuruecksetzung_angefordert", person_id=eintrag.person_id)

    def link_gueltig(self, token: str, zweck: LinkZweck) -> bool:
        """Whether a mailed link can still be used (the page shows its form or says why not)."""
        with self.application.database.read() as connection:
            return self._link(connection, token, zweck) is not None

    def passwort_neu_setzen(
        self,
        token: str,
        passwort: str,
        *,
        mails: KontoMails,
        correlation_id: str | None = None,
    ) -> None:
        """Set a new password with a reset link: the link is used up in the same transaction,
        every session of the person ends, and the old password no longer works."""
        with self.application.database.read() as connection:
            link = self._link(connection, token, LinkZweck.PASSWORT)
        if link is None:
            raise LinkUngueltig()
        konto = load_aggregate(self.application, Konto, link.person_id)
        if konto is None or konto.email is None or konto.geloescht:
            raise LinkUngueltig()
        mangel = passwort_mangel(passwort, email_kontextwoerter(konto.email))
        if mangel is not None:
            raise EingabeUngueltig({"passwort": mangel})
        passwort_hash = self.hasher.hash(passwort_normalisieren(passwort))
        with self.application.unit_of_work(correlation_id=correlation_id) as uow:
            if not self._link_verbrauchen(uow.connection, token, LinkZweck.PASSWORT):
                raise LinkUngueltig()
            konto = uow.repository(Konto).get(link.person_id)
            konto.passwort_aendern(passwort_hash)
            self.postausgang.einreihen(uow.connection, mails.passwort_geaendert(konto.email))
            uow.commit()
        self._alle_sitzungen_beenden(link.person_id, correlation_id)
        log.info("passwort_zurueckgesetzt", person_id=link.person_id)

    def email_aendern_anfordern(
        self,
        sitzung: AktiveSitzung,
        neue_email: str,
        passwort: str,
        *,
        mails: KontoMails,
        correlation_id: str | None = None,
    ) -> None:
        """Mail a link to the new address; the change happens when it is opened. A new address
        that has an account already gets a notice instead, and the person's answer is the same
        (it tells nobody which addresses have accounts)."""
        konto = self._lokales_konto(sitzung)
        self.begrenzer.versuch(
            (f"email-aendern:{sitzung.person_id}", self.settings.limit_reset_email)
        )
        self._passwort_bestaetigen(sitzung.person_id, passwort)
        neue_email = email_normalisieren(neue_email)
        kennung = self.schluessel.kennung("email", neue_email)
        with self.application.database.write() as connection:
            if kennung == konto.kennung_schluessel:
                return  # the same address: nothing to change
            if _konto_eintrag(connection, kennung) is not None:
                self.postausgang.einreihen(connection, mails.email_vergeben(neue_email))
            else:
                token = self._link_anlegen(
                    connection,
                    LinkZweck.EMAIL,
                    sitzung.person_id,
                    self.settings.email_link_seconds,
                    neue_email=neue_email,
                )
                self.postausgang.einreihen(connection, mails.email_bestaetigen(neue_email, token))
        log.info("email_aenderung_angefordert", person_id=sitzung.person_id)

    def email_aendern_bestaetigen(
        self, token: str, *, mails: KontoMails, correlation_id: str | None = None
    ) -> None:
        """Make the confirmed address the account's; the old one is told by mail."""
        with self.application.database.read() as connection:
            link = self._link(connection, token, LinkZweck.EMAIL)
        if link is None:
            raise LinkUngueltig()
        neue_email, geloescht = self.application.cipher.open(link.neue_email)
        if geloescht or not neue_email:
            raise LinkUngueltig()
        kennung = self.schluessel.kennung("email", neue_email)
        try:
            with self.application.unit_of_work(correlation_id=correlation_id) as uow:
                if not self._link_verbrauchen(uow.connection, token, LinkZweck.EMAIL):
                    raise LinkUngueltig()
                konto = uow.repository(Konto).find(link.person_id)
                if konto is None or konto.geloescht or konto.email is None:
                    raise LinkUngueltig()
                alte_email = konto.email
                konto.email_aendern(kennung_schluessel=kennung, email=neue_email)
                self.postausgang.einreihen(
                    uow.connection, mails.email_geaendert(alte_email, neue_email)
                )
                uow.commit()
        except IntegrityError:  # the address got an account of its own meanwhile
            raise EmailVergeben() from None
        log.info("email_geaendert", person_id=link.person_id)

    def loeschen(
        self,
        sitzung: AktiveSitzung,
        passwort: str | None,
        *,
        mails: KontoMails,
        correlation_id: str | None = None,
    ) -> None:
        """Delete the account (docs/adr/0092): KontoGeloescht goes out through the outbox
        (antrag erases the drafts), every session ends, the mailed links go, and the person's
        key is forgotten: address, password hash and lookup key in the gateway's events can
        never be read again. A local account confirms with its password."""
        konto = load_aggregate(self.application, Konto, sitzung.person_id)
        if konto is None or konto.geloescht:
            raise AnmeldungFehlgeschlagen()
        if konto.anmeldeart is Anmeldeart.PASSWORT:
            self.begrenzer.versuch(
                (f"loeschen:{sitzung.person_id}", self.settings.limit_login_account_ip)
            )
            self._passwort_bestaetigen(sitzung.person_id, passwort or "")
        with self.application.unit_of_work(correlation_id=correlation_id) as uow:
            konto = uow.repository(Konto).get(sitzung.person_id)
            email = konto.email
            konto.loeschen(self.uhr().isoformat())
            uow.connection.execute(
                delete(konto_links).where(konto_links.c.person_id == sitzung.person_id)
            )
            if email:
                # sealed under the mail's own key: it still goes out after the forget below
                self.postausgang.einreihen(uow.connection, mails.konto_geloescht(email))
            uow.commit()
        self._alle_sitzungen_beenden(sitzung.person_id, correlation_id)
        self.application.forget(sitzung.person_id)
        log.info("konto_geloescht", person_id=sitzung.person_id)

    def _lokales_konto(self, sitzung: AktiveSitzung) -> Konto:
        konto = load_aggregate(self.application, Konto, sitzung.person_id)
        if konto is None or konto.geloescht or konto.email is None:
            raise AnmeldungFehlgeschlagen()
        return konto

    def _passwort_bestaetigen(self, person_id: str, passwort: str) -> None:
        """The person's current password, asked again before the account changes hands or
        goes; a wrong one is a field error and counts as a failed login of the account."""
        with self.application.database.read() as connection:
            row = connection.execute(
                select(KontoVerzeichnis.table.c.passwort_hash).where(
                    KontoVerzeichnis.table.c.person_id == person_id
                )
            ).first()
        passwort_hash = None
        if row is not None and row.passwort_hash is not None:
            passwort_hash, _ = self.application.cipher.open(row.passwort_hash)
        if not self._passwort_stimmt(passwort_hash, passwort):
            log.info("passwort_bestaetigung_fehlgeschlagen", person_id=person_id)
            raise EingabeUngueltig({"passwort": "passwort_falsch"})

    def _link_anlegen(
        self,
        connection: Connection,
        zweck: LinkZweck,
        person_id: str,
        gueltig_sekunden: float,
        *,
        neue_email: str | None = None,
    ) -> str:
        token = neues_token()
        connection.execute(
            insert(konto_links).values(
                token_hash=sitzung_id(token),
                zweck=str(zweck),
                person_id=person_id,
                neue_email=(
                    self.application.cipher.seal(person_id, neue_email) if neue_email else None
                ),
                gueltig_bis=self.uhr().timestamp() + gueltig_sekunden,
            )
        )
        return token

    def _link(self, connection: Connection, token: str, zweck: LinkZweck) -> Row | None:
        if not token:
            return None
        return connection.execute(
            select(konto_links.c.person_id, konto_links.c.neue_email).where(
                konto_links.c.token_hash == sitzung_id(token),
                konto_links.c.zweck == str(zweck),
                konto_links.c.gueltig_bis > self.uhr().timestamp(),
            )
        ).first()

    def _link_verbrauchen(self, connection: Connection, token: str, zweck: LinkZweck) -> bool:
        """Delete the link in the caller's transaction: of two requests with it, one wins."""
        result = connection.execute(
            delete(konto_links).where(
                konto_links.c.token_hash == sitzung_id(token),
                konto_links.c.zweck == str(zweck),
                konto_links.c.gueltig_bis > self.uhr().timestamp(),
            )
        )
        return result.rowcount == 1

    def _alle_sitzungen_beenden(self, person_id: str, correlation_id: str | None) -> None:
        with self.application.database.read() as connection:
            kennungen = (
                connection.execute(
                    select(Sitzungen.table.c.sitzung_id).where(
                        Sitzungen.table.c.person_id == person_id
                    )
                )
                .scalars()
                .all()
            )
        for kennung in kennungen:
            self._beenden(kennung, Beendigungsgrund.ZUGANG_GEAENDERT, correlation_id)

    # sessions ---------------------------------------------------------------------------------

    def sitzung(self, token: str | None) -> AktiveSitzung | None:
        """The open session of a token, or None. Ends an expired one; notes activity."""
        if not token:
            return None
        kennung = sitzung_id(token)
        with self.application.database.read() as connection:
            row = connection.execute(_SITZUNG_LESEN, {"kennung": kennung}).first()
        if row is None:
            return None
        jetzt = self.uhr()
        begonnen_am = _time(row.begonnen_am)
        zuletzt_aktiv = _time(row.zuletzt_aktiv or row.begonnen_am)
        if self.regeln.abgelaufen(begonnen_am, zuletzt_aktiv, jetzt):
            self._beenden(kennung, Beendigungsgrund.ABGELAUFEN)
            return None
        if jetzt - zuletzt_aktiv >= self.regeln.beruehren_nach:
            with self.application.database.write() as connection:
                _aktivitaet_beruehren(connection, kennung, jetzt)
            zuletzt_aktiv = jetzt
        return AktiveSitzung(
            sitzung_id=kennung,
            person_id=row.person_id,
            anmeldeart=Anmeldeart(row.anmeldeart),
            laeuft_ab_um=self.regeln.laeuft_ab_um(begonnen_am, zuletzt_aktiv),
        )

    def abmelden(self, sitzung: AktiveSitzung, *, correlation_id: str | None = None) -> None:
        self._beenden(sitzung.sitzung_id, Beendigungsgrund.ABGEMELDET, correlation_id)
        log.info("abgemeldet", person_id=sitzung.person_id)

    def abgelaufene_sitzung(self, token: str | None) -> tuple[str, str] | None:
        """(session id, person id) of a token whose session ended by expiry, else None
        (unknown, open, logged out). Read from the session's events: the projection forgets
        an ended session (docs/adr/0080)."""
        if not token:
            return None
        kennung = sitzung_id(token)
        with self.application.unit_of_work() as uow:
            sitzung = uow.repository(Sitzung).find(kennung)
        if sitzung is None or sitzung.grund is not Beendigungsgrund.ABGELAUFEN:
            return None
        return kennung, sitzung.person_id

    def aufraeumen(self) -> int:
        """End sessions that expired without being looked up again; returns how many."""
        jetzt = self.uhr().timestamp()
        leerlauf = self.regeln.leerlauf.total_seconds()
        hoechstdauer = self.regeln.hoechstdauer.total_seconds()
        sitzungen = Sitzungen.table
        zuletzt = func.coalesce(aktivitaet.c.zuletzt_aktiv, sitzungen.c.begonnen_am)
        with self.application.database.read() as connection:
            abgelaufen = (
                connection.execute(
                    select(sitzungen.c.sitzung_id)
                    .select_from(_mit_aktivitaet())
                    .where(
                        (sitzungen.c.begonnen_am <= jetzt - hoechstdauer)
                        | (zuletzt <= jetzt - leerlauf)
                    )
                    .limit(AUFRAEUMEN_HOECHSTENS)
                )
                .scalars()
                .all()
            )
        for kennung in abgelaufen:
            self._beenden(kennung, Beendigungsgrund.ABGELAUFEN)
        with self.application.database.write() as connection:
            connection.execute(delete(konto_links).where(konto_links.c.gueltig_bis <= jetzt))
        return len(abgelaufen)

    def _beginnen(
        self, person_id: str, anmeldeart: Anmeldeart, correlation_id: str | None
    ) -> NeueSitzung:
        token = neues_token()
        kennung = sitzung_id(token)
        jetzt = self.uhr()
        with self.application.unit_of_work(correlation_id=correlation_id) as uow:
            sitzung = Sitzung.beginnen(
                sitzung_id=kennung, person_id=person_id, anmeldeart=anmeldeart, jetzt=jetzt
            )
            uow.repository(Sitzung).add(sitzung)
            uow.connection.execute(
                aktivitaet.insert().values(sitzung_id=kennung, zuletzt_aktiv=jetzt.timestamp())
            )
            uow.commit()
        log.info("sitzung_begonnen", person_id=person_id, anmeldeart=str(anmeldeart))
        return NeueSitzung(
            token=token,
            sitzung=AktiveSitzung(
                sitzung_id=kennung,
                person_id=person_id,
                anmeldeart=anmeldeart,
                laeuft_ab_um=self.regeln.laeuft_ab_um(jetzt, jetzt),
            ),
        )

    def _beenden(
        self, kennung: str, grund: Beendigungsgrund, correlation_id: str | None = None
    ) -> None:
        try:
            with self.application.unit_of_work(correlation_id=correlation_id) as uow:
                sitzung = uow.repository(Sitzung).find(kennung)
                if sitzung is None:
                    return
                sitzung.beenden(grund)
                uow.connection.execute(delete(aktivitaet).where(aktivitaet.c.sitzung_id == kennung))
                uow.commit()
        except ConcurrencyConflict:  # ended at the same moment by another request: done
            return


def _mit_aktivitaet():  # noqa: ANN202 - a SQLAlchemy join
    sitzungen = Sitzungen.table
    return sitzungen.outerjoin(aktivitaet, aktivitaet.c.sitzung_id == sitzungen.c.sitzung_id)


# Asked on every request with a session cookie: built once, so SQLAlchemy reuses it compiled.
_SITZUNG_LESEN = (
    select(
        Sitzungen.table.c.person_id,
        Sitzungen.table.c.anmeldeart,
        Sitzungen.table.c.begonnen_am,
        aktivitaet.c.zuletzt_aktiv,
    )
    .select_from(_mit_aktivitaet())
    .where(Sitzungen.table.c.sitzung_id == bindparam("kennung"))
)


def _konto_eintrag(connection: Connection, kennung: str) -> Row | None:
    table = KontoVerzeichnis.table
    return connection.execute(
        select(table.c.person_id, table.c.passwort_hash).where(
            table.c.kennung_schluessel == kennung
        )
    ).first()


def _aktivitaet_beruehren(connection: Connection, kennung: str, jetzt: datetime) -> None:
    """Update only: a session ended meanwhile must not get its row back."""
    connection.execute(
        update(aktivitaet)
        .where(aktivitaet.c.sitzung_id == kennung)
        .values(zuletzt_aktiv=jetzt.timestamp())
    )


def _time(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
