"""What each RPC of the termine service does, without nameko: the service class hands over its
arguments and a ``Kontext`` (the application, the person the gateway vouched for, the language,
the clock, how to resolve a place).

Who may do what:
- anyone searches, reads centres and free times, and books (anonymously or with an account);
- a booking is read, moved, cancelled and downloaded by its account (person_id) or with the
  secret of its link; anyone else gets NichtGefunden, never a hint that it exists;
- staff (an account bound to a centre by an operator) act on their own centre only: an id of
  another centre's booking is NichtGefunden to them.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import structlog
from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError

from kernel.errors import ConcurrencyConflict
from kernel.eventstore import NewEvent
from kernel.mail import Mail
from kernel.tables import events
from termine.adapters.projektion import belegung, buchungen, raeume, stellen, zugaenge
from termine.adapters.verzeichnis import belegte_einheiten
from termine.domain import kalender
from termine.domain.fernzugang import ZUGANG_WEGE, raum_url
from termine.domain.kalenderdatei import kalenderdatei as ics
from termine.domain.stelle import (
    ARTEN,
    BERLIN,
    THEMEN,
    Pruefung,
    Stelle,
    abwesenheit_aus,
    angebot_aus,
    sprechzeit_aus,
    stelle_aus_dokument,
    zeitpunkt,
)
from termine.domain.suche import Filter, Ort, Treffer
from termine.domain.termin import GEBUCHT, STORNIERT, Termin
from termine.domain.texte import mail_text, oeffnungszeiten
from termine.fehler import (
    KeinZugang,
    NichtAenderbar,
    NichtGefunden,
    OrtMehrdeutig,
    OrtUnbekannt,
    TerminVergeben,
    UngueltigeEingabe,
    ZuVieleBuchungen,
)

if TYPE_CHECKING:
    from termine.bootstrap import TermineApplication

log = structlog.get_logger("termine")

SEITENGROESSE = 10
NAECHSTE_FREIE = 5
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[A-Za-z]{2,}$")
_TELEFON = re.compile(r"^\+?[0-9 ()/\-]{3,40}$")
Ortsaufloesung = Callable[[str | None, str | None], dict[str, Any]]
# A booking with the (sealed) address of its chat or video room, if it has one.
_BUCHUNGEN = select(buchungen, raeume.c.zugang_url).select_from(
    buchungen.outerjoin(raeume, raeume.c.termin_id == buchungen.c.termin_id)
)


@dataclass
class Kontext:
    application: TermineApplication
    person_id: str | None = None
    sprache: str = "de"
    correlation_id: str | None = None
    uhr: Callable[[], float] = time.time
    orte: Ortsaufloesung | None = None

    def unit_of_work(self):  # noqa: ANN201
        return self.application.unit_of_work(correlation_id=self.correlation_id)

    def jetzt(self) -> int:
        return int(self.uhr())


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# The key of the abuse limits' hashes: a data key of the key store, apart from the events like
# every other key, under a name no person or booking has (docs/adr/0111, update). Forgetting it
# (``kernel forget --subject termine-grenzen``) rotates it: open bookings then stop counting.
GRENZEN_SCHLUESSEL = "termine-grenzen"


def grenzen_hashes(
    ctx: Kontext, client_adresse: str | None, kontakt: dict[str, str] | None
) -> tuple[str | None, str | None]:
    """HMAC-SHA-256 of the client address and of the contact under the instance's key: a plain
    hash of every IPv4 address or of a list of e-mail addresses is made in minutes, a keyed
    one needs the key store."""
    if not client_adresse and not kontakt:
        return None, None
    schluessel = ctx.application.key_store.key_for(GRENZEN_SCHLUESSEL)

    def keyed(text: str) -> str:
        return hmac.new(schluessel, text.encode(), hashlib.sha256).hexdigest()

    adresse_hash = keyed(f"termine-adresse:{client_adresse}") if client_adresse else None
    kontakt_hash = (
        keyed(
            "termine-kontakt:"
            + "|".join(sorted(v.lower().replace(" ", "") for v in kontakt.values()))
        )
        if kontakt
        else None
    )
    return adresse_hash, kontakt_hash


def _stelle(ctx: Kontext, stelle_id: object, *, frisch: bool = False) -> Stelle:
    if not isinstance(stelle_id, str) or len(stelle_id) > 40:
        raise NichtGefunden()
    stelle = ctx.application.verzeichnis.index(frisch=frisch).stelle(stelle_id.lower())
    if stelle is None:
        raise NichtGefunden()
    return stelle


def _wahrheitswert(wert: object, feld: str) -> bool | None:
    if wert is None or wert == "":
        return None
    if isinstance(wert, bool):
        return wert
    if isinstance(wert, str) and wert.lower() in ("true", "1", "ja"):
        return True
    if isinstance(wert, str) and wert.lower() in ("false", "0", "nein"):
        return False
    raise UngueltigeEingabe({feld: "ungueltig"})


# search ---------------------------------------------------------------------------------------


def _ort_eingabe(plz: object, ort: object) -> tuple[str | None, str | None]:
    felder = {}
    plz_text = plz.strip() if isinstance(plz, str) and plz.strip() else None
    ort_text = ort.strip() if isinstance(ort, str) and ort.strip() else None
    if (plz is not None and not isinstance(plz, str)) or (
        plz_text and not re.fullmatch(r"[0-9]{5}", plz_text)
    ):
        felder["plz"] = "ungueltig"
    if (ort is not None and not isinstance(ort, str)) or (ort_text and len(ort_text) > 100):
        felder["ort"] = "ungueltig"
    if not felder and plz_text is None and ort_text is None:
        felder["plz"] = "pflicht"
    if felder:
        raise UngueltigeEingabe(felder)
    return plz_text, ort_text


def _ort(ctx: Kontext, plz_text: str | None, ort_text: str | None) -> Ort:
    if ctx.orte is None:
        raise OrtUnbekannt()
    antwort = ctx.orte(plz_text, ort_text)
    orte = antwort["orte"]
    if not orte:
        raise OrtUnbekannt()
    if len(orte) > 1 and plz_text is None:
        raise OrtMehrdeutig(
            [
                {
                    "ort": o["ort"],
                    "plz": (o.get("plz") or [""])[0],
                    "ags": o["ags"],
                    "land": o["land"],
                }
                for o in orte
            ]
        )
    # A PLZ spanning several Gemeinden: their middle, weighted by nothing (they are neighbours).
    breite = sum(o["breite"] for o in orte) / len(orte)
    laenge = sum(o["laenge"] for o in orte) / len(orte)
    erster = orte[0]
    return Ort(
        name=erster["ort"],
        plz=plz_text or (erster.get("plz") or [""])[0],
        ags=erster["ags"],
        land=erster["land"],
        breite=breite,
        laenge=laenge,
    )


def _filter(thema, art, sprache, barrierefrei, anonym, umkreis_km) -> Filter:  # noqa: ANN001
    felder = {}
    if thema not in (None, "") and thema not in THEMEN:
        felder["thema"] = "ungueltig"
    if art not in (None, "") and art not in ARTEN:
        felder["art"] = "ungueltig"
    if sprache not in (None, "") and not (
        isinstance(sprache, str) and re.fullmatch(r"[a-z]{2}", sprache)
    ):
        felder["sprache"] = "ungueltig"
    try:
        umkreis = float(umkreis_km if umkreis_km not in (None, "") else 25)
        if not 1 <= umkreis <= 200:
            raise ValueError
    except (TypeError, ValueError):
        felder["umkreis_km"] = "ungueltig"
        umkreis = 25.0
    try:
        barrierefrei_wert = _wahrheitswert(barrierefrei, "barrierefrei")
        anonym_wert = _wahrheitswert(anonym, "anonym")
    except UngueltigeEingabe as fehler:
        felder.update(fehler.felder)
        barrierefrei_wert = anonym_wert = None
    if felder:
        raise UngueltigeEingabe(felder)
    return Filter(
        thema or None, art or None, sprache or None, barrierefrei_wert, anonym_wert, umkreis
    )


def _kurz(stelle: Stelle) -> dict[str, Any]:
    return {
        "id": stelle.id,
        "name": stelle.name,
        "traeger": stelle.traeger,
        "themen": stelle.themen,
        "arten": stelle.arten,
        "sprachen": list(stelle.sprachen),
        "barrierefrei": stelle.barrierefrei,
        "anonym_moeglich": stelle.anonym_moeglich,
        "kostenlos": stelle.kostenlos,
        "adresse": dict(stelle.adresse),
        "beispieldaten": stelle.beispieldaten,
    }


def suchen(
    ctx: Kontext,
    plz: object = None,
    ort: object = None,
    thema: object = None,
    art: object = None,
    sprache: object = None,
    barrierefrei: object = None,
    anonym: object = None,
    umkreis_km: object = 25,
    seite: object = 1,
) -> dict[str, Any]:
    felder: dict[str, str] = {}
    for pruefe in (
        lambda: _ort_eingabe(plz, ort),
        lambda: _filter(thema, art, sprache, barrierefrei, anonym, umkreis_km),
    ):
        try:
            pruefe()
        except UngueltigeEingabe as fehler:
            felder.update(fehler.felder)
    try:
        seite_nr = int(seite or 1)
        if not 1 <= seite_nr <= 1000:
            raise ValueError
    except (TypeError, ValueError):
        felder["seite"] = "ungueltig"
    if felder:
        raise UngueltigeEingabe(felder)
    filter = _filter(thema, art, sprache, barrierefrei, anonym, umkreis_km)
    wo = _ort(ctx, *_ort_eingabe(plz, ort))
    index = ctx.application.verzeichnis.index()
    alle = index.suchen(wo, filter)
    seite_treffer = alle[(seite_nr - 1) * SEITENGROESSE : seite_nr * SEITENGROESSE]
    naechste = _naechste_termine(ctx, seite_treffer, filter.art, filter.thema)
    return {
        "treffer": [
            {
                **_kurz(t.stelle),
                "entfernung_km": round(t.entfernung_km, 1),
                "landesweit": t.landesweit,
                "naechster_termin": naechste.get(t.stelle.id),
            }
            for t in seite_treffer
        ],
        "gesamt": len(alle),
        "seite": seite_nr,
        "seitengroesse": SEITENGROESSE,
        "ort": {"name": wo.name, "plz": wo.plz, "ags": wo.ags, "land": wo.land},
        "datenstand": f"verzeichnis@{index.stand}",
        "beispieldaten": any(t.stelle.beispieldaten for t in seite_treffer) or index.beispieldaten,
    }


def _naechste_termine(
    ctx: Kontext, treffer: list[Treffer], art: str | None, thema: str | None
) -> dict[str, str]:
    """Each hit's next free time for the asked way and theme (any of the theme's offers)."""
    jetzt = ctx.jetzt()
    with ctx.application.database.read() as connection:
        belegt = belegte_einheiten(
            connection, [t.stelle.id for t in treffer], jetzt, jetzt + 366 * 86400
        )
    ergebnis = {}
    for t in treffer:
        angebote = [a.id for a in t.stelle.angebote if thema is None or a.thema == thema]
        zeiten = [
            zeit
            for angebot_id in (angebote if thema is not None else [None])
            if (
                zeit := kalender.naechste(
                    t.stelle, belegt[t.stelle.id], jetzt, art=art, angebot_id=angebot_id
                )
            )
            is not None
        ]
        if zeiten:
            ergebnis[t.stelle.id] = kalender.rfc3339(min(zeiten).beginn)
    return ergebnis


# centre and free times ------------------------------------------------------------------------


def beratungsstelle(ctx: Kontext, stelle_id: object) -> dict[str, Any]:
    """The centre. ``zugang_fuer``: the ways (chat, video) for which it has stated its
    access, so a booking of another way asks for a contact beforehand. The addresses
    themselves only for its own staff (a fixed one is the room itself)."""
    stelle = _stelle(ctx, stelle_id)
    antwort = {
        **_kurz(stelle),
        "beschreibung": stelle.beschreibung,
        "kontakt": dict(stelle.kontakt),
        "angebote": [
            {"id": a.id, "thema": a.thema, "arten": list(a.arten), "dauer_minuten": a.dauer_minuten}
            for a in stelle.angebote
        ],
        "oeffnungszeiten": oeffnungszeiten(stelle, ctx.sprache),
        "mindestvorlauf_stunden": stelle.mindestvorlauf_stunden,
        "horizont_tage": stelle.horizont_tage,
        "zugang_fuer": [weg for weg in ZUGANG_WEGE if weg in stelle.fernzugang],
    }
    if ctx.person_id is not None and _eigene_stelle(ctx) == stelle.id:
        antwort["fernzugang"] = {weg: stelle.fernzugang.get(weg) for weg in ZUGANG_WEGE}
    return antwort


def _eigene_stelle(ctx: Kontext) -> str | None:
    try:
        return _zugang(ctx)[0]
    except KeinZugang:
        return None


def freie_termine(
    ctx: Kontext,
    stelle_id: object,
    angebot_id: object = None,
    art: object = None,
    von: object = None,
    bis: object = None,
) -> dict[str, Any]:
    stelle = _stelle(ctx, stelle_id)
    felder = {}
    if angebot_id not in (None, "") and stelle.angebot(str(angebot_id)) is None:
        felder["angebot_id"] = "ungueltig"
    if art not in (None, "") and art not in ARTEN:
        felder["art"] = "ungueltig"
    von_zeit = zeitpunkt(von) if von not in (None, "") else None
    bis_zeit = zeitpunkt(bis, tagesende=True) if bis not in (None, "") else None
    if von not in (None, "") and von_zeit is None:
        felder["von"] = "ungueltig"
    if bis not in (None, "") and bis_zeit is None:
        felder["bis"] = "ungueltig"
    if felder:
        raise UngueltigeEingabe(felder)
    zeiten = _frei(
        ctx,
        stelle,
        angebot_id=angebot_id or None,
        art=art or None,
        von=int(von_zeit.timestamp()) if von_zeit else None,
        bis=int(bis_zeit.timestamp()) if bis_zeit else None,
    )
    return {
        "beratungsstelle_id": stelle.id,
        "termine": [z.als_dict() for z in kalender.ohne_doppelte(zeiten)],
        "beispieldaten": stelle.beispieldaten,
    }


def _frei(
    ctx: Kontext, stelle: Stelle, *, ohne_termin: str | None = None, **filter: Any
) -> list[kalender.Zeitfenster]:
    jetzt = ctx.jetzt()
    with ctx.application.database.read() as connection:
        belegt = belegte_einheiten(connection, [stelle.id], jetzt, jetzt + 366 * 86400)[stelle.id]
        if ohne_termin is not None:
            eigene = _eigene_einheiten(connection, ohne_termin)
            belegt = {b: einheiten - eigene.get(b, set()) for b, einheiten in belegt.items()}
    return kalender.freie_zeiten(stelle, belegt, jetzt, **filter)


def _eigene_einheiten(connection, termin_id: str) -> dict[str, set[int]]:  # noqa: ANN001
    eigene: dict[str, set[int]] = {}
    for berater_id, einheit in connection.execute(
        select(belegung.c.berater_id, belegung.c.einheit).where(belegung.c.termin_id == termin_id)
    ):
        eigene.setdefault(berater_id, set()).add(einheit)
    return eigene


# booking --------------------------------------------------------------------------------------


def _anliegen(wert: object) -> str | None:
    if wert is None or wert == "":
        return None
    if not isinstance(wert, str):
        raise UngueltigeEingabe({"anliegen": "ungueltig"})
    text = wert.replace("\r\n", "\n").strip()
    if len(text) > 2000:
        raise UngueltigeEingabe({"anliegen": "zu_lang"})
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise UngueltigeEingabe({"anliegen": "ungueltig"})
    return text or None


def _kontakt(wert: object) -> dict[str, str] | None:
    if wert is None or wert == {}:
        return None
    if not isinstance(wert, dict) or set(wert) - {"email", "telefon"}:
        raise UngueltigeEingabe({"kontakt": "ungueltig"})
    kontakt = {}
    for name, muster in (("email", _EMAIL), ("telefon", _TELEFON)):
        eintrag = wert.get(name)
        if eintrag in (None, ""):
            continue
        if not isinstance(eintrag, str) or not muster.match(eintrag.strip()):
            raise UngueltigeEingabe({f"kontakt.{name}": "ungueltig"})
        kontakt[name] = eintrag.strip()
    return kontakt or None


def _beginn(wert: object, feld: str = "beginn") -> datetime:
    beginn = zeitpunkt(wert) if isinstance(wert, str) and len(wert) > 10 else None
    if beginn is None:
        raise UngueltigeEingabe({feld: "ungueltig" if wert not in (None, "") else "pflicht"})
    return beginn


def buchen(
    ctx: Kontext,
    stelle_id: object,
    angebot_id: object,
    beginn: object,
    art: object,
    anliegen: object = None,
    kontakt: object = None,
    client_adresse: object = None,
) -> dict[str, Any]:
    stelle = _stelle(ctx, stelle_id)
    felder = {}
    angebot = stelle.angebot(angebot_id) if isinstance(angebot_id, str) else None
    if angebot is None:
        felder["angebot_id"] = "ungueltig" if angebot_id not in (None, "") else "pflicht"
    if art not in ARTEN or (angebot is not None and art not in angebot.arten):
        felder["art"] = "ungueltig" if art not in (None, "") else "pflicht"
    try:
        beginn_zeit = _beginn(beginn)
    except UngueltigeEingabe as fehler:
        felder.update(fehler.felder)
    for pruefe in (lambda: _anliegen(anliegen), lambda: _kontakt(kontakt)):
        try:
            pruefe()
        except UngueltigeEingabe as fehler:
            felder.update(fehler.felder)
    if art == "telefon" and not felder and not (_kontakt(kontakt) or {}).get("telefon"):
        felder["kontakt.telefon"] = "pflicht"  # the centre calls: it needs the number
    vorlage = stelle.fernzugang.get(art) if isinstance(art, str) else None
    if art in ZUGANG_WEGE and vorlage is None and not felder and not _kontakt(kontakt):
        # No address of the centre's tool known: the centre sends its access, and needs a
        # way to reach the person for it (docs/adr/0121).
        felder["kontakt"] = "fuer_zugang_noetig"
    if felder:
        raise UngueltigeEingabe(felder)
    assert angebot is not None and isinstance(art, str)
    anliegen_text, kontakt_daten = _anliegen(anliegen), _kontakt(kontakt)
    anonym = ctx.person_id is None
    adresse_hash = kontakt_hash = geheimnis = geheimnis_hash = None
    if anonym:
        adresse_hash, kontakt_hash = grenzen_hashes(
            ctx,
            client_adresse.strip() if isinstance(client_adresse, str) else None,
            kontakt_daten,
        )
        _grenzen_pruefen(ctx, adresse_hash, kontakt_hash)
        geheimnis = secrets.token_urlsafe(32)  # 256 bits
        geheimnis_hash = _hash(geheimnis)
    sekunden = int(beginn_zeit.timestamp())
    kandidaten = _frei(ctx, stelle, angebot_id=angebot.id, art=art, von=sekunden, bis=sekunden + 1)
    kandidaten = [z for z in kandidaten if z.beginn == sekunden]
    if not kandidaten:
        _nicht_frei(ctx, stelle, angebot.id, art, sekunden)
    termin_id = str(uuid.uuid4())
    zugang_url = raum_url(vorlage) if vorlage else None
    for zeit in kandidaten:
        termin = Termin.buchen(
            termin_id,
            beratungsstelle_id=stelle.id,
            angebot_id=angebot.id,
            berater_id=zeit.berater_id,
            beginn=datetime.fromtimestamp(zeit.beginn, BERLIN),
            ende=datetime.fromtimestamp(zeit.ende, BERLIN),
            einheiten=kalender.einheiten(zeit.beginn, zeit.ende, angebot.puffer_minuten),
            art=art,
            person_id=ctx.person_id,
            anliegen=anliegen_text,
            kontakt=kontakt_daten,
            geheimnis_hash=geheimnis_hash,
            adresse_hash=adresse_hash,
            kontakt_hash=kontakt_hash,
            zugang_url=zugang_url,
        )
        try:
            with ctx.unit_of_work() as uow:
                uow.repository(Termin).add(termin)
                if kontakt_daten and kontakt_daten.get("email"):
                    _mail(
                        ctx,
                        uow.connection,
                        "gebucht",
                        kontakt_daten["email"],
                        stelle,
                        termin,
                        geheimnis,
                    )
                uow.commit()
        except IntegrityError:
            log.info("termin_zeit_vergeben", beratungsstelle_id=stelle.id)
            continue
        log.info("termin_gebucht", termin_id=termin_id, beratungsstelle_id=stelle.id, anonym=anonym)
        antwort = {
            "id": termin_id,
            "status": GEBUCHT,
            "beginn": kalender.rfc3339(zeit.beginn),
            "ende": kalender.rfc3339(zeit.ende),
            "art": art,
            "beratungsstelle_id": stelle.id,
            "angebot_id": angebot.id,
            "zugang_url": zugang_url,
            "beispieldaten": stelle.beispieldaten,
        }
        if geheimnis is not None:
            antwort["geheimnis"] = geheimnis
        return antwort
    raise TerminVergeben(_naechste_freie(ctx, stelle, angebot.id, art))


def _naechste_freie(
    ctx: Kontext, stelle: Stelle, angebot_id: str, art: str, ohne: str | None = None
) -> list[dict[str, str]]:
    """The next free times of the offer and way: a week ahead first (what a 409 usually
    needs, cheaply), the whole horizon only when that week has too few."""
    jetzt = ctx.jetzt()
    woche = jetzt + stelle.mindestvorlauf_stunden * 3600 + 7 * 86400
    for bis in (woche, None):
        zeiten = kalender.ohne_doppelte(
            _frei(ctx, stelle, ohne_termin=ohne, angebot_id=angebot_id, art=art, bis=bis)
        )
        if len(zeiten) >= NAECHSTE_FREIE or bis is None:
            return [z.als_dict() for z in zeiten[:NAECHSTE_FREIE]]
    return []


def _nicht_frei(
    ctx: Kontext, stelle: Stelle, angebot_id: str, art: str, sekunden: int, ohne: str | None = None
) -> None:
    """No counsellor is free then: a time the centre offers but someone took (409), or one it
    never offers (422)."""
    angeboten = kalender.freie_zeiten(
        stelle, {}, ctx.jetzt(), angebot_id=angebot_id, art=art, von=sekunden, bis=sekunden + 1
    )
    if any(z.beginn == sekunden for z in angeboten):
        raise TerminVergeben(_naechste_freie(ctx, stelle, angebot_id, art, ohne))
    raise UngueltigeEingabe({"beginn": "kein_angebotener_termin"})


def _grenzen_pruefen(ctx: Kontext, adresse_hash: str | None, kontakt_hash: str | None) -> None:
    konfiguration = ctx.application.konfiguration
    jetzt = ctx.jetzt()
    with ctx.application.database.read() as connection:
        for spalte, wert, grenze, code in (
            (buchungen.c.adresse_hash, adresse_hash, konfiguration.grenze_je_adresse, "je_adresse"),
            (buchungen.c.kontakt_hash, kontakt_hash, konfiguration.grenze_je_kontakt, "je_kontakt"),
        ):
            if wert is None:
                continue
            offen = connection.execute(
                select(func.count()).where(
                    spalte == wert, buchungen.c.status == GEBUCHT, buchungen.c.beginn > jetzt
                )
            ).scalar_one()
            if offen >= grenze:
                log.info("termin_grenze_erreicht", grenze=code)
                raise ZuVieleBuchungen(code, grenze)


def _mail(
    ctx: Kontext,
    connection,
    anlass: str,
    an: str,
    stelle: Stelle,
    termin: Termin,
    geheimnis: str | None,
    grund: str | None = None,
) -> None:  # noqa: ANN001, PLR0913
    basis = ctx.application.konfiguration.gateway_url
    link = f"{basis}/termine/buchung/{termin.id}"
    if geheimnis:
        link += f"?geheimnis={geheimnis}"
    assert termin.beginn is not None
    betreff, text = mail_text(
        anlass,
        stelle=stelle,
        beginn=termin.beginn,
        art=termin.art,
        link=link,
        grund=grund,
        zugang_url=termin.zugang_url,
    )
    ctx.application.postausgang.einreihen(connection, Mail(an=an, betreff=betreff, text=text))


# one booking: read, cancel, move, calendar file --------------------------------------------


def _zeile(ctx: Kontext, termin_id: object, geheimnis: object, *, aendert: bool = False) -> Any:
    if not isinstance(termin_id, str) or len(termin_id) > 40:
        raise NichtGefunden()
    with ctx.application.database.read() as connection:
        zeile = connection.execute(
            _BUCHUNGEN.where(buchungen.c.termin_id == termin_id.lower())
        ).first()
    if zeile is None or zeile.geloescht:
        raise NichtGefunden()
    if ctx.person_id is not None and zeile.person_id == ctx.person_id:
        return zeile
    if (
        isinstance(geheimnis, str)
        and 20 <= len(geheimnis) <= 100
        and zeile.geheimnis_hash is not None
        and hmac.compare_digest(_hash(geheimnis), zeile.geheimnis_hash)
    ):
        return zeile
    raise NichtGefunden()


def _oeffnen(ctx: Kontext, token: str | None) -> Any:
    if token is None:
        return None
    wert, _geloescht = ctx.application.cipher.open(token)
    return wert


def _buchung_antwort(ctx: Kontext, zeile: Any, *, mit_persoenlichem: bool = True) -> dict[str, Any]:
    stelle = ctx.application.verzeichnis.index().stelle(zeile.stelle_id)
    angebot = stelle.angebot(zeile.angebot_id) if stelle else None
    antwort = {
        "id": zeile.termin_id,
        "status": zeile.status,
        "beginn": kalender.rfc3339(zeile.beginn),
        "ende": kalender.rfc3339(zeile.ende),
        "art": zeile.art,
        "anonym": zeile.person_id is None,
        "beratungsstelle": {
            "id": zeile.stelle_id,
            "name": stelle.name if stelle else None,
            "adresse": dict(stelle.adresse) if stelle else None,
            "kontakt": dict(stelle.kontakt) if stelle else None,
            "beispieldaten": stelle.beispieldaten if stelle else False,
        },
        "angebot": {
            "id": zeile.angebot_id,
            "thema": angebot.thema if angebot else None,
            "dauer_minuten": angebot.dauer_minuten if angebot else None,
        },
        "storniert_durch": zeile.storniert_durch,
        "storno_grund": _oeffnen(ctx, zeile.grund),
        # The room of a chat or video appointment: the person's own, like the booking.
        "zugang_url": _oeffnen(ctx, zeile.zugang_url),
    }
    if mit_persoenlichem:
        antwort["anliegen"] = _oeffnen(ctx, zeile.anliegen)
        antwort["kontakt"] = _oeffnen(ctx, zeile.kontakt)
    return antwort


def buchung(ctx: Kontext, termin_id: object, geheimnis: object = None) -> dict[str, Any]:
    return _buchung_antwort(ctx, _zeile(ctx, termin_id, geheimnis))


def _aenderbar(ctx: Kontext, zeile: Any) -> None:
    if zeile.status != GEBUCHT:
        raise NichtAenderbar("storniert" if zeile.status == STORNIERT else zeile.status)
    if zeile.beginn <= ctx.jetzt():
        raise NichtAenderbar("vergangen")


def stornieren(ctx: Kontext, termin_id: object, geheimnis: object = None) -> dict[str, Any]:
    zeile = _zeile(ctx, termin_id, geheimnis)
    _aenderbar(ctx, zeile)
    _storno(ctx, zeile, "person", None)
    neu = _zeile_ohne_pruefung(ctx, zeile.termin_id)
    return {**_buchung_antwort(ctx, neu), "kalenderdatei": _ics(ctx, neu)["inhalt"]}


def _storno(ctx: Kontext, zeile: Any, durch: str, grund: str | None) -> None:
    stelle = ctx.application.verzeichnis.index().stelle(zeile.stelle_id)
    kontakt = _oeffnen(ctx, zeile.kontakt) or {}
    with _gleichzeitig(), ctx.unit_of_work() as uow:
        termin = uow.repository(Termin).get(zeile.termin_id)
        termin.stornieren(durch, grund)
        if kontakt.get("email") and stelle is not None:
            anlass = "storniert" if durch == "person" else "storniert_stelle"
            _mail(ctx, uow.connection, anlass, kontakt["email"], stelle, termin, None, grund)
        uow.commit()
    log.info("termin_storniert", termin_id=zeile.termin_id, durch=durch)


def _zeile_ohne_pruefung(ctx: Kontext, termin_id: str) -> Any:
    with ctx.application.database.read() as connection:
        return connection.execute(_BUCHUNGEN.where(buchungen.c.termin_id == termin_id)).one()


def verschieben(
    ctx: Kontext, termin_id: object, beginn: object, geheimnis: object = None
) -> dict[str, Any]:
    zeile = _zeile(ctx, termin_id, geheimnis)
    _aenderbar(ctx, zeile)
    neu_beginn = _beginn(beginn)
    stelle = _stelle(ctx, zeile.stelle_id)
    angebot = stelle.angebot(zeile.angebot_id)
    if angebot is None:
        raise NichtAenderbar("angebot_entfallen")
    sekunden = int(neu_beginn.timestamp())
    kandidaten = _frei(
        ctx,
        stelle,
        ohne_termin=zeile.termin_id,
        angebot_id=angebot.id,
        art=zeile.art,
        von=sekunden,
        bis=sekunden + 1,
    )
    kandidaten = [z for z in kandidaten if z.beginn == sekunden]
    # The same counsellor first: the person keeps whom they had, if that one is free.
    kandidaten.sort(key=lambda z: z.berater_id != zeile.berater_id)
    if not kandidaten:
        _nicht_frei(ctx, stelle, angebot.id, zeile.art, sekunden, zeile.termin_id)
    kontakt = _oeffnen(ctx, zeile.kontakt) or {}
    for zeit in kandidaten:
        try:
            with _gleichzeitig(), ctx.unit_of_work() as uow:
                termin = uow.repository(Termin).get(zeile.termin_id)
                termin.verschieben(
                    berater_id=zeit.berater_id,
                    beginn=datetime.fromtimestamp(zeit.beginn, BERLIN),
                    ende=datetime.fromtimestamp(zeit.ende, BERLIN),
                    einheiten=kalender.einheiten(zeit.beginn, zeit.ende, angebot.puffer_minuten),
                )
                if kontakt.get("email"):
                    _mail(
                        ctx,
                        uow.connection,
                        "verschoben",
                        kontakt["email"],
                        stelle,
                        termin,
                        geheimnis if isinstance(geheimnis, str) else None,
                    )
                uow.commit()
        except IntegrityError:
            continue
        log.info("termin_verschoben", termin_id=zeile.termin_id)
        return _buchung_antwort(ctx, _zeile_ohne_pruefung(ctx, zeile.termin_id))
    raise TerminVergeben(_naechste_freie(ctx, stelle, angebot.id, zeile.art, zeile.termin_id))


def _ics(ctx: Kontext, zeile: Any) -> dict[str, str]:
    stelle = _stelle(ctx, zeile.stelle_id)
    angebot = stelle.angebot(zeile.angebot_id)
    with ctx.application.database.read() as connection:
        erstellt = connection.execute(
            select(func.min(events.c.occurred_at)).where(
                events.c.stream_id == Termin.stream_id_for(zeile.termin_id)
            )
        ).scalar()
    inhalt = ics(
        termin_id=zeile.termin_id,
        stelle=stelle,
        thema=angebot.thema if angebot else "",
        art=zeile.art,
        beginn=datetime.fromtimestamp(zeile.beginn, BERLIN),
        ende=datetime.fromtimestamp(zeile.ende, BERLIN),
        sequenz=zeile.sequenz,
        storniert=zeile.status == STORNIERT,
        erstellt=datetime.fromisoformat(erstellt) if erstellt else datetime.now(UTC),
        zugang_url=_oeffnen(ctx, zeile.zugang_url),
    )
    return {
        "dateiname": f"termin-{zeile.termin_id}.ics",
        "inhalt": inhalt,
        "content_type": "text/calendar; charset=utf-8",
    }


def kalenderdatei(ctx: Kontext, termin_id: object, geheimnis: object = None) -> dict[str, str]:
    return _ics(ctx, _zeile(ctx, termin_id, geheimnis))


def meine_termine(ctx: Kontext) -> dict[str, Any]:
    if ctx.person_id is None:
        raise KeinZugang("anmeldung_noetig")
    with ctx.application.database.read() as connection:
        zeilen = connection.execute(
            _BUCHUNGEN.where(
                buchungen.c.person_id == ctx.person_id, buchungen.c.geloescht.is_(False)
            ).order_by(buchungen.c.beginn.desc())
        ).all()
    return {"termine": [_buchung_antwort(ctx, z, mit_persoenlichem=False) for z in zeilen]}


# staff ----------------------------------------------------------------------------------------


def _zugang(ctx: Kontext) -> tuple[str, str]:
    if ctx.person_id is None:
        raise KeinZugang("anmeldung_noetig")
    with ctx.application.database.read() as connection:
        zeile = connection.execute(
            select(zugaenge.c.stelle_id, zugaenge.c.rolle).where(
                zugaenge.c.mitarbeiter_id == ctx.person_id
            )
        ).first()
    if zeile is None:
        raise KeinZugang()
    return zeile.stelle_id, zeile.rolle


def mein_zugang(ctx: Kontext) -> dict[str, Any] | None:
    try:
        stelle_id, rolle = _zugang(ctx)
    except KeinZugang:
        return None
    stelle = ctx.application.verzeichnis.index().stelle(stelle_id)
    return {
        "beratungsstelle_id": stelle_id,
        "rolle": rolle,
        "name": stelle.name if stelle else None,
    }


@contextmanager
def _gleichzeitig() -> Iterator[None]:
    """Someone appended to the same stream first (optimistic concurrency): the caller reloads
    and tries again (409)."""
    try:
        yield
    except ConcurrencyConflict:
        raise NichtAenderbar("gleichzeitig_geaendert") from None


def _stelle_speichern(ctx: Kontext, stelle: Stelle, dokument: dict[str, Any]) -> Stelle:
    """Check the changed document and append it; the stream's version guards against two
    staff members overwriting each other's change unseen."""
    dokument["id"] = stelle.id
    neu = stelle_aus_dokument(dokument)
    stream = f"beratungsstelle-{stelle.id}"
    with _gleichzeitig(), ctx.unit_of_work() as uow:
        # Changed since this change was made on it (another staff member, an import)? Then
        # refuse rather than overwrite unseen. SQLite: writers are serial, so this check holds;
        # PostgreSQL: two writers past it meet at the stream version below.
        gespeichert = uow.connection.execute(
            select(stellen.c.dokument).where(stellen.c.stelle_id == stelle.id)
        ).scalar_one()
        if json.loads(gespeichert) != stelle.dokument():
            raise NichtAenderbar("gleichzeitig_geaendert")
        version = ctx.application.store.stream_version(stream, uow.connection)
        uow.append(
            stream,
            version,
            [
                NewEvent(
                    "BeratungsstelleGeaendert",
                    {
                        "beratungsstelle_id": stelle.id,
                        "dokument": neu.dokument(),
                        "quelle": "stelle",
                    },
                )
            ],
        )
        uow.commit()
    return ctx.application.verzeichnis.index(frisch=True).stelle(stelle.id) or neu


def _leitung(ctx: Kontext) -> str:
    """The entry and the offers are the management's (rolle leitung); counsellors (beratung)
    keep hours, absences and bookings."""
    stelle_id, rolle = _zugang(ctx)
    if rolle != "leitung":
        raise KeinZugang("nur_leitung")
    return stelle_id


def stelle_aendern(ctx: Kontext, daten: object) -> dict[str, Any]:
    stelle_id = _leitung(ctx)
    stelle = _stelle(ctx, stelle_id, frisch=True)
    if not isinstance(daten, dict):
        raise UngueltigeEingabe({"daten": "ungueltig"})
    erlaubt = {
        "name",
        "traeger",
        "beschreibung",
        "sprachen",
        "barrierefrei",
        "anonym_moeglich",
        "adresse",
        "kontakt",
        "fernzugang",
    }
    unbekannt = set(daten) - erlaubt
    if unbekannt:
        raise UngueltigeEingabe({name: "unbekannt" for name in sorted(unbekannt)[:10]})
    dokument = {**stelle.dokument(), **daten}
    if isinstance(daten.get("fernzugang"), dict):
        # Per way: an address sets it, null or "" removes it, a way not named stays.
        dokument["fernzugang"] = {**stelle.fernzugang, **daten["fernzugang"]}
    _stelle_speichern(ctx, stelle, dokument)
    return beratungsstelle(ctx, stelle.id)


def angebot_speichern(ctx: Kontext, daten: object) -> dict[str, Any]:
    stelle_id = _leitung(ctx)
    stelle = _stelle(ctx, stelle_id, frisch=True)
    pruefung = Pruefung()
    angebot = angebot_aus(daten, "angebot", pruefung)
    if pruefung.felder or angebot is None:
        raise UngueltigeEingabe({k.removeprefix("angebot."): v for k, v in pruefung.felder.items()})
    dokument = stelle.dokument()
    dokument["angebote"] = [a for a in dokument["angebote"] if a["id"] != angebot.id] + [
        angebot.dokument()
    ]
    _stelle_speichern(ctx, stelle, dokument)
    return beratungsstelle(ctx, stelle.id)


def berater_liste(ctx: Kontext) -> dict[str, Any]:
    stelle_id, _rolle = _zugang(ctx)
    stelle = _stelle(ctx, stelle_id, frisch=True)
    return {"berater": [b.dokument() for b in stelle.berater]}


def _berater_aendern(
    ctx: Kontext, berater_id: object, aendern: Callable[[dict], None]
) -> dict[str, Any]:
    stelle_id, _rolle = _zugang(ctx)
    stelle = _stelle(ctx, stelle_id, frisch=True)
    dokument = stelle.dokument()
    eintrag = next((b for b in dokument["berater"] if b["id"] == berater_id), None)
    if eintrag is None:
        raise NichtGefunden()
    aendern(eintrag)
    neu = _stelle_speichern(ctx, stelle, dokument)
    berater = neu.berater_mit_id(str(berater_id))
    return {"berater": berater.dokument() if berater else None, "konflikte": _konflikte(ctx, neu)}


def sprechzeiten_setzen(ctx: Kontext, berater_id: object, sprechzeiten: object) -> dict[str, Any]:
    if not isinstance(sprechzeiten, list) or len(sprechzeiten) > 50:
        raise UngueltigeEingabe({"sprechzeiten": "ungueltig"})
    pruefung = Pruefung()
    geprueft = [
        sprechzeit_aus(s, f"sprechzeiten[{i}]", pruefung) for i, s in enumerate(sprechzeiten)
    ]
    if pruefung.felder:
        raise UngueltigeEingabe(pruefung.felder)

    def setzen(eintrag: dict) -> None:
        eintrag["sprechzeiten"] = [s.dokument() for s in geprueft if s is not None]

    return _berater_aendern(ctx, berater_id, setzen)


def abwesenheit_eintragen(
    ctx: Kontext, berater_id: object, von: object, bis: object
) -> dict[str, Any]:
    pruefung = Pruefung()
    abwesenheit = abwesenheit_aus({"von": von, "bis": bis}, "abwesenheit", pruefung)
    if pruefung.felder or abwesenheit is None:
        raise UngueltigeEingabe(
            {k.removeprefix("abwesenheit."): v for k, v in pruefung.felder.items()}
        )

    def eintragen(eintrag: dict) -> None:
        eintrag["abwesenheiten"] = [*eintrag.get("abwesenheiten", []), abwesenheit.dokument()]

    return _berater_aendern(ctx, berater_id, eintragen)


def buchungen_der_stelle(ctx: Kontext, von: object = None, bis: object = None) -> dict[str, Any]:
    stelle_id, _rolle = _zugang(ctx)
    heute = datetime.fromtimestamp(ctx.jetzt(), BERLIN).date()
    von_zeit = (
        zeitpunkt(von)
        if von not in (None, "")
        else datetime.combine(heute, datetime.min.time(), tzinfo=BERLIN)
    )
    bis_zeit = zeitpunkt(bis, tagesende=True) if bis not in (None, "") else None
    if von_zeit is None:
        raise UngueltigeEingabe({"von": "ungueltig"})
    if bis not in (None, "") and bis_zeit is None:
        raise UngueltigeEingabe({"bis": "ungueltig"})
    von_s = int(von_zeit.timestamp())
    bis_s = int(bis_zeit.timestamp()) if bis_zeit else von_s + 7 * 86400
    with ctx.application.database.read() as connection:
        zeilen = connection.execute(
            _BUCHUNGEN.where(
                and_(
                    buchungen.c.stelle_id == stelle_id,
                    buchungen.c.beginn >= von_s,
                    buchungen.c.beginn < bis_s,
                )
            ).order_by(buchungen.c.beginn)
        ).all()
    return {
        "buchungen": [
            {
                "id": z.termin_id,
                "status": z.status,
                "beginn": kalender.rfc3339(z.beginn),
                "ende": kalender.rfc3339(z.ende),
                "art": z.art,
                "angebot_id": z.angebot_id,
                "berater_id": z.berater_id,
                "anonym": z.person_id is None,
                "anliegen": _oeffnen(ctx, z.anliegen),
                "kontakt": _oeffnen(ctx, z.kontakt),
                "zugang_url": _oeffnen(ctx, z.zugang_url),
            }
            for z in zeilen
        ]
    }


def _zeile_der_stelle(ctx: Kontext, termin_id: object) -> Any:
    stelle_id, _rolle = _zugang(ctx)
    if not isinstance(termin_id, str) or len(termin_id) > 40:
        raise NichtGefunden()
    zeile = None
    with ctx.application.database.read() as connection:
        zeile = connection.execute(
            _BUCHUNGEN.where(buchungen.c.termin_id == termin_id.lower())
        ).first()
    if zeile is None or zeile.stelle_id != stelle_id or zeile.geloescht:
        raise NichtGefunden()
    return zeile


def durch_stelle_stornieren(ctx: Kontext, termin_id: object, grund: object) -> dict[str, Any]:
    zeile = _zeile_der_stelle(ctx, termin_id)
    if not isinstance(grund, str) or not grund.strip():
        raise UngueltigeEingabe({"grund": "pflicht"})
    if len(grund) > 500 or any(ord(c) < 32 and c != "\n" for c in grund):
        raise UngueltigeEingabe({"grund": "ungueltig"})
    _aenderbar(ctx, zeile)
    _storno(ctx, zeile, "beratungsstelle", grund.strip())
    return _buchung_antwort(ctx, _zeile_ohne_pruefung(ctx, zeile.termin_id))


def nicht_erschienen(ctx: Kontext, termin_id: object) -> dict[str, Any]:
    zeile = _zeile_der_stelle(ctx, termin_id)
    if zeile.status != GEBUCHT:
        raise NichtAenderbar(zeile.status)
    if zeile.beginn > ctx.jetzt():
        raise NichtAenderbar("noch_nicht_begonnen")
    with _gleichzeitig(), ctx.unit_of_work() as uow:
        uow.repository(Termin).get(zeile.termin_id).nicht_erschienen()
        uow.commit()
    return _buchung_antwort(ctx, _zeile_ohne_pruefung(ctx, zeile.termin_id))


def konflikte(ctx: Kontext) -> dict[str, Any]:
    stelle_id, _rolle = _zugang(ctx)
    return {"konflikte": _konflikte(ctx, _stelle(ctx, stelle_id, frisch=True))}


def _konflikte(ctx: Kontext, stelle: Stelle) -> list[dict[str, Any]]:
    """Open bookings that the counsellor's present hours, absences or the holidays no longer
    cover: listed for the centre to settle, never dropped."""
    jetzt = ctx.jetzt()
    with ctx.application.database.read() as connection:
        zeilen = connection.execute(
            select(buchungen).where(
                buchungen.c.stelle_id == stelle.id,
                buchungen.c.status == GEBUCHT,
                buchungen.c.beginn > jetzt,
            )
        ).all()
    ergebnis = []
    for z in zeilen:
        grund = kalender.passt_nicht(stelle, z.berater_id, z.beginn, z.ende, z.art)
        if grund is not None:
            ergebnis.append(
                {
                    "buchung_id": z.termin_id,
                    "beginn": kalender.rfc3339(z.beginn),
                    "berater_id": z.berater_id,
                    "grund": grund,
                }
            )
    return sorted(ergebnis, key=lambda k: k["beginn"])


# operators and timers -------------------------------------------------------------------------


def zugang_erteilen(
    application: TermineApplication, mitarbeiter_id: str, stelle_id: str, rolle: str
) -> None:
    ctx = Kontext(application)
    _stelle(ctx, stelle_id, frisch=True)
    try:
        mitarbeiter = str(uuid.UUID(mitarbeiter_id))
    except ValueError:
        raise UngueltigeEingabe({"person": "ungueltig"}) from None
    if rolle not in ("leitung", "beratung"):
        raise UngueltigeEingabe({"rolle": "ungueltig"})
    stream = f"zugang-{mitarbeiter}"
    with application.unit_of_work() as uow:
        version = application.store.stream_version(stream, uow.connection)
        uow.append(
            stream,
            version,
            [
                NewEvent(
                    "MitarbeiterZugangErteilt",
                    {
                        "mitarbeiter_id": mitarbeiter,
                        "beratungsstelle_id": stelle_id,
                        "rolle": rolle,
                    },
                )
            ],
        )
        uow.commit()


def erinnern(ctx: Kontext) -> int:
    """Queue the reminder of every booking starting within 24 h that has an e-mail address."""
    jetzt = ctx.jetzt()
    with ctx.application.database.read() as connection:
        zeilen = connection.execute(
            select(buchungen).where(
                buchungen.c.status == GEBUCHT,
                buchungen.c.erinnert.is_(False),
                buchungen.c.beginn > jetzt,
                buchungen.c.beginn <= jetzt + 86400,
                buchungen.c.kontakt.is_not(None),
            )
        ).all()
    gesendet = 0
    for zeile in zeilen:
        kontakt = _oeffnen(ctx, zeile.kontakt) or {}
        stelle = ctx.application.verzeichnis.index().stelle(zeile.stelle_id)
        # Another replica's sweep may be at the same booking: the stream version lets one
        # of them record the reminder (and queue its mail); the other's rolls back.
        with contextlib.suppress(ConcurrencyConflict), ctx.unit_of_work() as uow:
            termin = uow.repository(Termin).get(zeile.termin_id)
            if termin.ist_erinnert or termin.status != GEBUCHT:
                continue
            if kontakt.get("email") and stelle is not None:
                _mail(ctx, uow.connection, "erinnerung", kontakt["email"], stelle, termin, None)
                gesendet += 1
            termin.erinnert()
            uow.commit()
    return gesendet


def aufbewahrung(ctx: Kontext) -> int:
    """Erase concern, contact, room link and the limits' hashes of bookings whose appointment
    ended more than the retention period ago: forget the booking's key, record that it
    happened."""
    grenze = ctx.jetzt() - ctx.application.konfiguration.aufbewahrung_tage * 86400
    with ctx.application.database.read() as connection:
        ids = (
            connection.execute(
                select(buchungen.c.termin_id).where(
                    buchungen.c.ende < grenze, buchungen.c.geloescht.is_(False)
                )
            )
            .scalars()
            .all()
        )
    for termin_id in ids:
        # The key first: if recording it fails, the next sweep finds the booking again.
        ctx.application.key_store.forget(termin_id)
        with contextlib.suppress(ConcurrencyConflict), ctx.unit_of_work() as uow:
            termin = uow.repository(Termin).get(termin_id)
            if termin.geloescht:
                continue
            termin.daten_geloescht(datetime.fromtimestamp(ctx.jetzt(), UTC))
            uow.commit()
    if ids:
        log.info("termine_geloescht", anzahl=len(ids))
    return len(ids)
