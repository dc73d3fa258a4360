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

import structlog
from sqlalchemy import (
    Column,
    Connection,
    Float,
    MetaData,
    Row,
    String,
    Table,
    bindparam,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from gateway.adapters.begrenzer import Begrenzer
from gateway.adapters.passwort import PasswortHasher
from gateway.config import GatewaySettings
from gateway.domain.konto import Konto
from gateway.domain.sitzung import Anmeldeart, Beendigungsgrund, Sitzung, SitzungsRegeln
from gateway.fehler import AnmeldungFehlgeschlagen
from gateway.projections import KontoVerzeichnis, Sitzungen
from gateway.sicherheit import (
    Schluessel,
    email_normalisieren,
    neues_token,
    passwort_normalisieren,
    sitzung_id,
)
from kernel.application import Application
from kernel.errors import ConcurrencyConflict

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
AUFRAEUMEN_HOECHSTENS = 500


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class AktiveSitzung:
    sitzung_id: str
    person_id: str
    anmeldeart: Anmeldeart
    laeuft_ab_um: datetime


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

    def create_schema(self) -> None:
        metadata.create_all(self.application.database.engine)
        self.begrenzer.create_schema()

    # sign-up and login ------------------------------------------------------------------------

    def registrieren(
        self, email: str, passwort: str, *, client: str, correlation_id: str | None = None
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
                    self._registrierung_fuer_vorhandenes_konto(vorhanden.person_id)
                    return
                konto = Konto.anlegen(
                    kennung_schluessel=kennung, email=email, passwort_hash=passwort_hash
                )
                uow.repository(Konto).add(konto)
                uow.commit()
        except IntegrityError:  # a concurrent sign-up with the same email committed first
            with self.application.database.read() as connection:
                vorhanden = _konto_eintrag(connection, kennung)
            self._registrierung_fuer_vorhandenes_konto(vorhanden.person_id)
            return
        log.info("konto_angelegt", person_id=konto.person_id)

    def _registrierung_fuer_vorhandenes_konto(self, person_id: str) -> None:
        """The owner should learn by mail that someone tried to sign up with their address;
        the platform has no mail path yet (docs/adr/0070), so only the log says so, under the
        pseudonymous id."""
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
