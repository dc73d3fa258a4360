"""A stand-in of the termine service for the gateway's tests: the RPC interface of
/work/briefs/h6-schnittstelle.md (services/termine) on two made-up centres held in memory,
with its named errors. It lets the gateway's tests play every answer (a time taken meanwhile,
an ambiguous town, a spent secret, another centre's booking) in a few milliseconds; the tests
against the real service are in test_termine_dienst.py."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from nameko.contextdata import ContextDataProvider
from nameko.rpc import rpc

from kernel.nameko import OperationsEndpoints

BERLIN = ZoneInfo("Europe/Berlin")
KOELN = "11111111-1111-4111-8111-111111111111"
BONN = "22222222-2222-4222-8222-222222222222"
ANGEBOT_KOELN = "33333333-3333-4333-8333-333333333333"
ANGEBOT_BONN = "44444444-4444-4444-8444-444444444444"


class Fehler(Exception):
    def __init__(self, **inhalt: Any) -> None:
        super().__init__(json.dumps(inhalt))

    def __str__(self) -> str:
        return self.args[0]


class UngueltigeEingabe(Fehler):
    pass


class OrtMehrdeutig(Fehler):
    pass


class OrtUnbekannt(Fehler):
    pass


class NichtGefunden(Fehler):
    pass


class TerminVergeben(Fehler):
    pass


class ZuVieleBuchungen(Fehler):
    pass


class NichtAenderbar(Fehler):
    pass


class KeinZugang(Fehler):
    pass


class PersonId(ContextDataProvider):
    context_key = "person_id"


def _stelle(stelle_id: str, angebot_id: str, name: str, plz: str, ort: str) -> dict[str, Any]:
    return {
        "id": stelle_id,
        "name": f"{name} (Beispiel)",
        "traeger": "Beispielträger e. V.",
        "themen": ["schuldnerberatung"],
        "arten": ["vor_ort", "telefon"],
        "sprachen": ["de", "tr"],
        "barrierefrei": True,
        "anonym_moeglich": True,
        "adresse": {"strasse": "Beispielweg 1", "plz": plz, "ort": ort},
        "beschreibung": "Erfundene Beratungsstelle für Tests.",
        "kontakt": {"telefon": "0221 000000", "email": "info@example.org", "website": None},
        "angebote": [
            {
                "id": angebot_id,
                "thema": "schuldnerberatung",
                "arten": ["vor_ort", "telefon"],
                "dauer_minuten": 45,
            }
        ],
        "oeffnungszeiten": ["Montag bis Freitag 9 bis 12 Uhr"],
        "kostenlos": True,
        "beispieldaten": True,
    }


STELLEN = {
    KOELN: _stelle(KOELN, ANGEBOT_KOELN, "Schuldnerberatung Köln-Mitte", "50667", "Köln"),
    BONN: _stelle(BONN, ANGEBOT_BONN, "Schuldnerberatung Bonn", "53111", "Bonn"),
}
# Bonn counsels by chat and video too: video in its own tool, a room per booking; chat without
# an address (the centre sends its access, so a chat booking needs a contact).
VIDEO_VORLAGE = "https://video.example.org/bonn/{raum}"
STELLEN[BONN]["arten"] = STELLEN[BONN]["angebote"][0]["arten"] = [
    "vor_ort",
    "telefon",
    "chat",
    "video",
]
STELLEN[BONN]["zugang_fuer"] = ["video"]
STELLEN[KOELN]["zugang_fuer"] = []
FERNZUGANG = {BONN: {"chat": None, "video": VIDEO_VORLAGE}, KOELN: {"chat": None, "video": None}}
ANGEBOT_DER_STELLE = {KOELN: ANGEBOT_KOELN, BONN: ANGEBOT_BONN}


def _zeiten(stelle_id: str, art: str | None) -> list[dict[str, str]]:
    """Monday to Friday 9:00, 10:00, 11:00 from the day after tomorrow on, two weeks."""
    heute = datetime.now(BERLIN).date()
    zeiten = []
    for tage in range(2, 16):
        tag = heute + timedelta(days=tage)
        if tag.weekday() >= 5:
            continue
        for stunde in (9, 10, 11):
            beginn = datetime(tag.year, tag.month, tag.day, stunde, tzinfo=BERLIN)
            for weg in [art] if art else ["vor_ort", "telefon"]:
                zeiten.append(
                    {
                        "beginn": beginn.isoformat(),
                        "ende": (beginn + timedelta(minutes=45)).isoformat(),
                        "art": weg,
                        "angebot_id": ANGEBOT_DER_STELLE[stelle_id],
                    }
                )
    return zeiten


class TermineAttrappe(OperationsEndpoints):
    name = os.environ.get("TERMINE_DIENSTNAME", "termine")
    person_id = PersonId()

    def __init__(self) -> None:
        super().__init__()

    buchungen: dict[str, dict[str, Any]] = {}
    geheimnisse: dict[str, str] = {}  # hash -> booking id
    zugaenge: dict[str, str] = {}  # person -> centre

    # test control
    @rpc
    def zugang_geben(self, person_id: str, beratungsstelle_id: str) -> None:
        self.zugaenge[person_id] = beratungsstelle_id

    @rpc
    def suchen(
        self,
        plz=None,
        ort=None,
        thema=None,
        art=None,
        sprache=None,
        barrierefrei=None,
        anonym=None,
        umkreis_km=25,
        seite=1,
    ) -> dict[str, Any]:  # noqa: ANN001
        if ort == "Neustadt":
            raise OrtMehrdeutig(
                optionen=[
                    {"ort": "Neustadt", "plz": "67433", "ags": "07316000", "land": "RP"},
                    {"ort": "Neustadt", "plz": "96465", "ags": "09473147", "land": "BY"},
                ]
            )
        if plz not in (None, "50667", "53111") or ort not in (None, "Köln", "Bonn"):
            raise OrtUnbekannt(code="ort_unbekannt")
        treffer = []
        for entfernung, stelle_id in ((0.4, KOELN), (24.6, BONN)):
            if entfernung > umkreis_km:
                continue
            stelle = STELLEN[stelle_id]
            frei = self._frei(stelle_id, None)
            treffer.append(
                {
                    **{k: stelle[k] for k in ("id", "name", "traeger", "themen", "arten")},
                    **{k: stelle[k] for k in ("sprachen", "barrierefrei", "anonym_moeglich")},
                    "adresse": stelle["adresse"],
                    "entfernung_km": entfernung,
                    "landesweit": False,
                    "naechster_termin": frei[0]["beginn"] if frei else None,
                    "beispieldaten": True,
                }
            )
        return {
            "treffer": treffer,
            "gesamt": len(treffer),
            "seite": seite,
            "seitengroesse": 10,
            "datenstand": "demo-1",
            "ort": {"name": "Köln", "plz": "50667", "ags": "05315000", "land": "NW"},
            "beispieldaten": True,
        }

    @rpc
    def beratungsstelle(self, id: str) -> dict[str, Any]:  # noqa: A002
        if id not in STELLEN:
            raise NichtGefunden(code="nicht_gefunden")
        if self.zugaenge.get(self.person_id or "") == id:  # the addresses for its staff only
            return {**STELLEN[id], "fernzugang": FERNZUGANG[id]}
        return STELLEN[id]

    @rpc
    def freie_termine(self, beratungsstelle_id, angebot_id=None, art=None, von=None, bis=None):  # noqa: ANN001, ANN201
        if beratungsstelle_id not in STELLEN:
            raise NichtGefunden(code="nicht_gefunden")
        return {
            "termine": self._frei(beratungsstelle_id, art),
            "beratungsstelle_id": beratungsstelle_id,
        }

    @rpc
    def buchen(
        self,
        beratungsstelle_id,
        angebot_id,
        beginn,
        art,
        anliegen=None,
        kontakt=None,
        client_adresse=None,
    ):  # noqa: ANN001, ANN201
        if (
            beratungsstelle_id not in STELLEN
            or ANGEBOT_DER_STELLE[beratungsstelle_id] != angebot_id
        ):
            raise NichtGefunden(code="nicht_gefunden")
        if kontakt and kontakt.get("email") == "kaputt":
            raise UngueltigeEingabe(felder={"kontakt.email": "ungueltig"})
        vorlage = FERNZUGANG[beratungsstelle_id].get(art)
        if art in ("chat", "video") and vorlage is None and not kontakt:
            raise UngueltigeEingabe(felder={"kontakt": "fuer_zugang_noetig"})
        frei = self._frei(beratungsstelle_id, art)
        if not any(zeit["beginn"] == beginn for zeit in _zeiten(beratungsstelle_id, art)):
            raise UngueltigeEingabe(felder={"beginn": "kein_angebotener_termin"})
        if not any(zeit["beginn"] == beginn for zeit in frei):
            raise TerminVergeben(naechste_freie=frei[:5])
        buchung_id = str(uuid.uuid4())
        ende = (datetime.fromisoformat(beginn) + timedelta(minutes=45)).isoformat()
        self.buchungen[buchung_id] = {
            "id": buchung_id,
            "status": "gebucht",
            "beginn": beginn,
            "ende": ende,
            "art": art,
            "stelle_id": beratungsstelle_id,
            "person_id": self.person_id,
            "anliegen": anliegen,
            "kontakt": kontakt,
            "berater_id": "b1",
            "zugang_url": vorlage.replace("{raum}", secrets.token_urlsafe(16)) if vorlage else None,
        }
        antwort = {
            k: self.buchungen[buchung_id][k]
            for k in ("id", "status", "beginn", "ende", "art", "zugang_url")
        }
        antwort.update(beratungsstelle_id=beratungsstelle_id, angebot_id=angebot_id)
        if self.person_id is None:
            geheimnis = secrets.token_urlsafe(32)
            self.geheimnisse[_hash(geheimnis)] = buchung_id
            antwort["geheimnis"] = geheimnis
        return antwort

    @rpc
    def buchung(self, id, geheimnis=None):  # noqa: A002, ANN001, ANN201
        return self._antwort(self._eigene(id, geheimnis))

    @rpc
    def stornieren(self, id, geheimnis=None):  # noqa: A002, ANN001, ANN201
        buchung = self._eigene(id, geheimnis)
        if buchung["status"] != "gebucht":
            raise NichtAenderbar(code="storniert")
        buchung["status"] = "storniert"
        if geheimnis:
            del self.geheimnisse[_hash(geheimnis)]
        return self._antwort(buchung)

    @rpc
    def verschieben(self, id, beginn, geheimnis=None):  # noqa: A002, ANN001, ANN201
        buchung = self._eigene(id, geheimnis)
        frei = self._frei(buchung["stelle_id"], buchung["art"])
        if not any(zeit["beginn"] == beginn for zeit in frei):
            raise TerminVergeben(naechste_freie=frei[:5])
        buchung["beginn"] = beginn
        buchung["ende"] = (datetime.fromisoformat(beginn) + timedelta(minutes=45)).isoformat()
        return self._antwort(buchung)

    @rpc
    def kalenderdatei(self, id, geheimnis=None):  # noqa: A002, ANN001, ANN201
        buchung = self._eigene(id, geheimnis)
        status = "CANCELLED" if buchung["status"] == "storniert" else "CONFIRMED"
        inhalt = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//attrappe//\r\nBEGIN:VEVENT\r\n"
            f"UID:{id}@sozialplattform\r\nSTATUS:{status}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        return {
            "dateiname": f"termin-{id}.ics",
            "inhalt": inhalt,
            "content_type": "text/calendar; charset=utf-8",
        }

    @rpc
    def meine_termine(self):  # noqa: ANN201
        if self.person_id is None:
            raise KeinZugang(code="anmeldung_noetig")
        eigene = [b for b in self.buchungen.values() if b["person_id"] == self.person_id]
        return {"termine": [self._antwort(b) for b in eigene]}

    # staff
    @rpc
    def mein_zugang(self):  # noqa: ANN201
        stelle_id = self.zugaenge.get(self.person_id or "")
        if stelle_id is None:
            return None
        return {"beratungsstelle_id": stelle_id, "rolle": "leitung", "name": "Leitung"}

    @rpc
    def buchungen_der_stelle(self, von=None, bis=None):  # noqa: ANN001, ANN201
        stelle_id = self._stelle_des_personals()
        return {
            "buchungen": [
                {
                    **self._antwort(b),
                    "anliegen": b["anliegen"],
                    "kontakt": b["kontakt"],
                    "berater_id": b["berater_id"],
                    "angebot_id": ANGEBOT_DER_STELLE[stelle_id],
                }
                for b in self.buchungen.values()
                if b["stelle_id"] == stelle_id
            ]
        }

    @rpc
    def durch_stelle_stornieren(self, id, grund):  # noqa: A002, ANN001, ANN201
        buchung = self._der_stelle(id)
        buchung["status"] = "storniert"
        return self._antwort(buchung)

    @rpc
    def nicht_erschienen(self, id):  # noqa: A002, ANN001, ANN201
        buchung = self._der_stelle(id)
        buchung["status"] = "nicht_erschienen"
        return self._antwort(buchung)

    @rpc
    def konflikte(self):  # noqa: ANN201
        self._stelle_des_personals()
        return {"konflikte": []}

    @rpc
    def berater_liste(self):  # noqa: ANN201
        self._stelle_des_personals()
        return {
            "berater": [
                {
                    "id": "b1",
                    "name": "Berater Eins (Beispiel)",
                    "sprechzeiten": [
                        {
                            "id": "s1",
                            "tage": ["MO", "DI"],
                            "von": "09:00",
                            "bis": "12:00",
                            "arten": ["vor_ort"],
                        }
                    ],
                    "abwesenheiten": [],
                }
            ]
        }

    @rpc
    def stelle_aendern(self, daten: dict) -> dict[str, Any]:
        stelle_id = self._stelle_des_personals()
        stelle = STELLEN[stelle_id]
        fernzugang = daten.get("fernzugang") or {}
        falsch = {
            f"fernzugang.{weg}": "nur_https"
            for weg, adresse in fernzugang.items()
            if adresse and not adresse.startswith("https://")
        }
        if falsch:
            raise UngueltigeEingabe(felder=falsch)
        FERNZUGANG[stelle_id].update(fernzugang)
        stelle["zugang_fuer"] = [weg for weg, adresse in FERNZUGANG[stelle_id].items() if adresse]
        stelle.update({k: v for k, v in daten.items() if k in stelle})
        return {**stelle, "fernzugang": FERNZUGANG[stelle_id]}

    @rpc
    def angebot_speichern(self, daten: dict) -> dict[str, Any]:
        stelle = STELLEN[self._stelle_des_personals()]
        angebot = stelle["angebote"][0]
        if daten.get("id") not in (None, angebot["id"]):
            raise NichtGefunden(code="nicht_gefunden")
        angebot.update({k: daten[k] for k in ("thema", "arten", "dauer_minuten")})
        return stelle

    @rpc
    def sprechzeiten_setzen(self, berater_id: str, sprechzeiten: list) -> dict[str, Any]:
        self._stelle_des_personals()
        if berater_id != "b1":
            raise NichtGefunden(code="nicht_gefunden")
        return {"berater": {"id": "b1", "sprechzeiten": sprechzeiten}, "konflikte": []}

    @rpc
    def abwesenheit_eintragen(self, berater_id: str, von: str, bis: str) -> dict[str, Any]:
        self._stelle_des_personals()
        if berater_id != "b1":
            raise NichtGefunden(code="nicht_gefunden")
        return {"berater": {"id": "b1"}, "konflikte": []}

    # helpers
    def _frei(self, stelle_id: str, art: str | None) -> list[dict[str, str]]:
        belegt = {
            b["beginn"]
            for b in self.buchungen.values()
            if b["stelle_id"] == stelle_id and b["status"] == "gebucht"
        }
        return [zeit for zeit in _zeiten(stelle_id, art) if zeit["beginn"] not in belegt]

    def _eigene(self, buchung_id: str, geheimnis: str | None) -> dict[str, Any]:
        buchung = self.buchungen.get(buchung_id)
        if buchung is not None:
            if geheimnis and self.geheimnisse.get(_hash(geheimnis)) == buchung_id:
                return buchung
            if not geheimnis and self.person_id and buchung["person_id"] == self.person_id:
                return buchung
        raise NichtGefunden(code="nicht_gefunden")

    def _stelle_des_personals(self) -> str:
        stelle_id = self.zugaenge.get(self.person_id or "")
        if stelle_id is None:
            raise KeinZugang(code="kein_zugang")
        return stelle_id

    def _der_stelle(self, buchung_id: str) -> dict[str, Any]:
        stelle_id = self._stelle_des_personals()
        buchung = self.buchungen.get(buchung_id)
        if buchung is None or buchung["stelle_id"] != stelle_id:
            raise NichtGefunden(code="nicht_gefunden")
        return buchung

    def _antwort(self, buchung: dict[str, Any]) -> dict[str, Any]:
        stelle = STELLEN[buchung["stelle_id"]]
        return {
            **{k: buchung[k] for k in ("id", "status", "beginn", "ende", "art")},
            "zugang_url": buchung["zugang_url"] if buchung["status"] == "gebucht" else None,
            "beratungsstelle": {
                k: stelle[k] for k in ("id", "name", "adresse", "kontakt", "beispieldaten")
            },
            "angebot": stelle["angebote"][0],
            "anonym": buchung["person_id"] is None,
        }


def _hash(geheimnis: str) -> str:
    return hashlib.sha256(geheimnis.encode()).hexdigest()
