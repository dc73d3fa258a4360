"""Open Referral HSDS 3.0 as a tabular data package (CSV files + datapackage.json): export the
directory, and import one with every bad row reported by file, line and reason
(docs/adr/0109).

One centre is an ``organization`` with one ``location`` (and its ``address``), a ``service`` per
offer, a ``service_at_location`` for each, ``schedule`` rows for the weekly hours (RFC 5545 fields
freq/byday/interval/dtstart, opens_at/closes_at, timezone), ``phone``, ``language`` and
``accessibility`` rows. What HSDS has no place for is in columns and tables prefixed ``x_``
(extensions): the counsellors (``x_berater.csv``) and their absences
(``x_abwesenheit.csv``), the counsellor of a schedule row, an offer's theme, ways, length and
buffer, and the location's Land, Gemeinde key, anonymous counselling and sample-data flag, and
the address of the centre's own chat and video tool (``x_fernzugang_chat``,
``x_fernzugang_video``: an https URL, perhaps with ``{raum}`` for a room per booking; empty:
the centre sends its access itself, docs/adr/0121).

Import is per centre: a centre with a bad row is left out and reported; every valid centre
is taken.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from termine.domain.stelle import Stelle, stelle_aus_dokument
from termine.fehler import UngueltigeEingabe

TABELLEN: dict[str, tuple[str, ...]] = {
    "organization": ("id", "name", "description", "email", "website"),
    "location": (
        "id",
        "organization_id",
        "location_type",
        "name",
        "latitude",
        "longitude",
        "x_land",
        "x_ags",
        "x_anonym_moeglich",
        "x_beispieldaten",
        "x_mindestvorlauf_stunden",
        "x_horizont_tage",
        "x_fernzugang_chat",
        "x_fernzugang_video",
    ),
    "address": ("id", "location_id", "address_1", "city", "postal_code", "country", "address_type"),
    "service": (
        "id",
        "organization_id",
        "name",
        "status",
        "x_thema",
        "x_arten",
        "x_dauer_minuten",
        "x_puffer_minuten",
    ),
    "service_at_location": ("id", "service_id", "location_id"),
    "schedule": (
        "id",
        "location_id",
        "freq",
        "interval",
        "byday",
        "dtstart",
        "timezone",
        "opens_at",
        "closes_at",
        "x_berater_id",
        "x_arten",
    ),
    "phone": ("id", "location_id", "number", "type"),
    "language": ("id", "location_id", "code"),
    "accessibility": ("id", "location_id", "description"),
    "x_berater": ("id", "location_id", "name", "x_angebot_ids"),
    "x_abwesenheit": ("id", "x_berater_id", "von", "bis"),
}
PFLICHT = ("organization", "location", "address", "service", "schedule")


@dataclass
class Ergebnis:
    stellen: list[Stelle] = field(default_factory=list)
    fehler: list[str] = field(default_factory=list)  # "file line N: reason"


def _liste(text: str) -> list[str]:
    return [t for t in (text or "").replace(",", "|").split("|") if t]


def exportieren(stellen: list[Stelle], ordner: Path) -> None:
    zeilen: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in sorted(stellen, key=lambda s: s.id):
        zeilen["organization"].append(
            {
                "id": s.id,
                "name": s.traeger or s.name,
                "description": s.beschreibung,
                "email": s.kontakt.get("email", ""),
                "website": s.kontakt.get("website", ""),
            }
        )
        zeilen["location"].append(
            {
                "id": s.id,
                "organization_id": s.id,
                "location_type": "physical",
                "name": s.name,
                "latitude": s.breite,
                "longitude": s.laenge,
                "x_land": s.land,
                "x_ags": s.ags,
                "x_anonym_moeglich": str(s.anonym_moeglich).lower(),
                "x_beispieldaten": str(s.beispieldaten).lower(),
                "x_mindestvorlauf_stunden": s.mindestvorlauf_stunden,
                "x_horizont_tage": s.horizont_tage,
                "x_fernzugang_chat": s.fernzugang.get("chat", ""),
                "x_fernzugang_video": s.fernzugang.get("video", ""),
            }
        )
        zeilen["address"].append(
            {
                "id": s.id,
                "location_id": s.id,
                "address_1": s.adresse.get("strasse", ""),
                "city": s.adresse["ort"],
                "postal_code": s.adresse["plz"],
                "country": "DE",
                "address_type": "physical",
            }
        )
        for a in s.angebote:
            zeilen["service"].append(
                {
                    "id": a.id,
                    "organization_id": s.id,
                    "name": a.thema,
                    "status": "active",
                    "x_thema": a.thema,
                    "x_arten": "|".join(a.arten),
                    "x_dauer_minuten": a.dauer_minuten,
                    "x_puffer_minuten": a.puffer_minuten,
                }
            )
            zeilen["service_at_location"].append(
                {"id": a.id, "service_id": a.id, "location_id": s.id}
            )
        if s.kontakt.get("telefon"):
            zeilen["phone"].append(
                {"id": s.id, "location_id": s.id, "number": s.kontakt["telefon"], "type": "voice"}
            )
        for code in s.sprachen:
            zeilen["language"].append({"id": f"{s.id}-{code}", "location_id": s.id, "code": code})
        if s.barrierefrei:
            zeilen["accessibility"].append(
                {"id": s.id, "location_id": s.id, "description": "barrierefrei"}
            )
        for b in s.berater:
            zeilen["x_berater"].append(
                {
                    "id": b.id,
                    "location_id": s.id,
                    "name": b.name,
                    "x_angebot_ids": "|".join(b.angebot_ids),
                }
            )
            for z in b.sprechzeiten:
                teile = dict(t.split("=", 1) for t in z.rrule.split(";"))
                zeilen["schedule"].append(
                    {
                        "id": z.id,
                        "location_id": s.id,
                        "freq": teile.get("FREQ", "WEEKLY"),
                        "interval": teile.get("INTERVAL", "1"),
                        "byday": teile.get("BYDAY", ""),
                        "dtstart": z.ab.isoformat(),
                        "timezone": "Europe/Berlin",
                        "opens_at": z.von.strftime("%H:%M"),
                        "closes_at": z.bis.strftime("%H:%M"),
                        "x_berater_id": b.id,
                        "x_arten": "|".join(z.arten),
                    }
                )
            for ab in b.abwesenheiten:
                zeilen["x_abwesenheit"].append(
                    {
                        "id": ab.id,
                        "x_berater_id": b.id,
                        "von": ab.von.isoformat(),
                        "bis": ab.bis.isoformat(),
                    }
                )
    ordner.mkdir(parents=True, exist_ok=True)
    ressourcen = []
    for tabelle, spalten in TABELLEN.items():
        with (ordner / f"{tabelle}.csv").open("w", encoding="utf-8", newline="") as datei:
            schreiber = csv.DictWriter(datei, fieldnames=spalten, lineterminator="\n")
            schreiber.writeheader()
            schreiber.writerows(zeilen[tabelle])
        ressourcen.append(
            {
                "name": tabelle,
                "path": f"{tabelle}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": s, "type": "string"} for s in spalten],
                    "primaryKey": "id",
                },
            }
        )
    paket = {
        "name": "sozialplattform-beratungsstellen",
        "title": "Beratungsstellen (Open Referral HSDS 3.0)",
        "profile": "tabular-data-package",
        "version": "3.0",
        "resources": ressourcen,
    }
    (ordner / "datapackage.json").write_text(
        json.dumps(paket, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def _lesen(ordner: Path, tabelle: str, ergebnis: Ergebnis) -> list[tuple[int, dict[str, str]]]:
    datei = ordner / f"{tabelle}.csv"
    if not datei.is_file():
        if tabelle in PFLICHT:
            ergebnis.fehler.append(f"{tabelle}.csv: Datei fehlt")
        return []
    with datei.open(encoding="utf-8-sig", newline="") as handle:
        leser = csv.DictReader(handle)
        fehlend = [
            s
            for s in TABELLEN[tabelle]
            if s not in (leser.fieldnames or []) and not s.startswith("x_")
        ]
        if fehlend:
            ergebnis.fehler.append(f"{tabelle}.csv: Spalten fehlen: {', '.join(fehlend)}")
            return []
        return [
            (nummer, {k: (v or "").strip() for k, v in zeile.items() if k})
            for nummer, zeile in enumerate(leser, start=2)
        ]


def importieren(ordner: Path) -> Ergebnis:
    ergebnis = Ergebnis()
    if not (ordner / "datapackage.json").is_file():
        ergebnis.fehler.append("datapackage.json: Datei fehlt")
    t = {tabelle: _lesen(ordner, tabelle, ergebnis) for tabelle in TABELLEN}
    schlecht: set[str] = set()  # location ids with a bad row

    def melden(tabelle: str, zeile: int, grund: str, location_id: str | None) -> None:
        ergebnis.fehler.append(f"{tabelle}.csv Zeile {zeile}: {grund}")
        if location_id:
            schlecht.add(location_id)

    organisationen = {z["id"]: z for _, z in t["organization"]}
    orte = {}
    for nummer, z in t["location"]:
        if not z.get("id"):
            melden("location", nummer, "id fehlt", None)
        elif z["id"] in orte:
            melden("location", nummer, f"id {z['id']} doppelt", z["id"])
        elif z.get("organization_id") not in organisationen:
            melden("location", nummer, "organization_id unbekannt", z["id"])
        else:
            orte[z["id"]] = (nummer, z)

    je_ort: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for tabelle, schluessel in (
        ("address", "location_id"),
        ("phone", "location_id"),
        ("language", "location_id"),
        ("accessibility", "location_id"),
        ("x_berater", "location_id"),
        ("schedule", "location_id"),
        ("service_at_location", "location_id"),
    ):
        for nummer, z in t[tabelle]:
            if z.get(schluessel) not in orte:
                melden(tabelle, nummer, f"{schluessel} unbekannt", None)
            else:
                je_ort[z[schluessel]][tabelle].append((nummer, z))
    dienste = {}
    for nummer, z in t["service"]:
        if z.get("organization_id") not in organisationen:
            melden("service", nummer, "organization_id unbekannt", None)
        else:
            dienste[z["id"]] = (nummer, z)
    berater_ort = {
        z["id"]: z["location_id"] for _, z in t["x_berater"] if z.get("location_id") in orte
    }
    abwesenheiten: dict[str, list] = defaultdict(list)
    for nummer, z in t["x_abwesenheit"]:
        if z.get("x_berater_id") not in berater_ort:
            melden("x_abwesenheit", nummer, "x_berater_id unbekannt", None)
        else:
            abwesenheiten[z["x_berater_id"]].append((nummer, z))

    for location_id, (nummer, ort) in orte.items():
        teile = je_ort[location_id]
        org = organisationen[ort["organization_id"]]
        adressen = teile["address"]
        if len(adressen) != 1:
            melden("location", nummer, f"{len(adressen)} Adressen statt einer", location_id)
            continue
        angebote = []
        for sal_nummer, sal in teile["service_at_location"]:
            dienst = dienste.get(sal.get("service_id"))
            if dienst is None:
                melden("service_at_location", sal_nummer, "service_id unbekannt", location_id)
                continue
            d = dienst[1]
            angebote.append(
                {
                    "id": d["id"],
                    "thema": d.get("x_thema") or d.get("name"),
                    "arten": _liste(d.get("x_arten", "")) or ["vor_ort"],
                    "dauer_minuten": d.get("x_dauer_minuten") or 45,
                    "puffer_minuten": d.get("x_puffer_minuten") or 0,
                }
            )
        berater: dict[str, dict[str, Any]] = {}
        for _nummer, b in teile["x_berater"]:
            berater[b["id"]] = {
                "id": b["id"],
                "name": b.get("name"),
                "angebot_ids": _liste(b.get("x_angebot_ids", "")),
                "sprechzeiten": [],
                "abwesenheiten": [
                    {"id": a["id"], "von": a["von"], "bis": a["bis"]}
                    for _, a in abwesenheiten[b["id"]]
                ],
            }
        for s_nummer, s in teile["schedule"]:
            if s.get("x_berater_id") not in berater:
                melden("schedule", s_nummer, "x_berater_id unbekannt", location_id)
                continue
            if (s.get("freq") or "WEEKLY").upper() != "WEEKLY" or (
                s.get("timezone") or "Europe/Berlin"
            ) != "Europe/Berlin":
                melden("schedule", s_nummer, "nur freq WEEKLY in Europe/Berlin", location_id)
                continue
            regel = f"FREQ=WEEKLY;BYDAY={s.get('byday', '')}"
            if s.get("interval") not in ("", "1", None):
                regel = f"FREQ=WEEKLY;INTERVAL={s['interval']};BYDAY={s.get('byday', '')}"
            berater[s["x_berater_id"]]["sprechzeiten"].append(
                {
                    "id": s["id"],
                    "rrule": regel,
                    "von": s.get("opens_at"),
                    "bis": s.get("closes_at"),
                    "arten": _liste(s.get("x_arten", "")) or ["vor_ort"],
                    "ab": s.get("dtstart") or None,
                }
            )
        adresse = adressen[0][1]
        kontakt = {"email": org.get("email"), "website": org.get("website")}
        if teile["phone"]:
            kontakt["telefon"] = teile["phone"][0][1].get("number")
        dokument = {
            "id": location_id,
            "name": ort.get("name"),
            "traeger": org.get("name"),
            "beschreibung": org.get("description"),
            "sprachen": [z["code"] for _, z in teile["language"]] or ["de"],
            "barrierefrei": bool(teile["accessibility"]),
            "anonym_moeglich": ort.get("x_anonym_moeglich", "false"),
            "adresse": {
                "strasse": adresse.get("address_1"),
                "plz": adresse.get("postal_code"),
                "ort": adresse.get("city"),
            },
            "kontakt": {k: v for k, v in kontakt.items() if v},
            "land": ort.get("x_land"),
            "ags": ort.get("x_ags"),
            "breite": ort.get("latitude"),
            "laenge": ort.get("longitude"),
            "angebote": angebote,
            "berater": list(berater.values()),
            "beispieldaten": ort.get("x_beispieldaten", "false"),
            "mindestvorlauf_stunden": ort.get("x_mindestvorlauf_stunden") or 24,
            "horizont_tage": ort.get("x_horizont_tage") or 42,
            "fernzugang": {
                weg: ort[f"x_fernzugang_{weg}"]
                for weg in ("chat", "video")
                if ort.get(f"x_fernzugang_{weg}")
            },
        }
        if location_id in schlecht:
            continue
        try:
            ergebnis.stellen.append(stelle_aus_dokument(dokument))
        except UngueltigeEingabe as fehler:
            gruende = ", ".join(f"{feld} {code}" for feld, code in sorted(fehler.felder.items()))
            melden(
                "location",
                nummer,
                f"Beratungsstelle {location_id} ungültig: {gruende}",
                location_id,
            )
    return ergebnis
