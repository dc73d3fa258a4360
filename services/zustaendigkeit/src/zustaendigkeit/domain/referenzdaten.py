"""From the rows of the source files to the checked, resolved directory (``Referenzdaten``).

Pure: the rows come in as dicts (adapters.quelldateien reads the CSV files). Every problem is
collected, not just the first, so one run of the importer shows everything to fix.

How a Gemeinde finds its Jobcenter: its Kreis is the first five digits of its AGS (not the PLZ
file's ``landkreis`` column, which is empty for Eisenach and for every kreisfreie Stadt), and the
Jobcenter file says which Jobcenter covers that Kreis. Two Kreise have more than one Jobcenter,
and the file's notes say how they split; the notes are read with strict patterns and a Kreis
whose split cannot be read fails the import:

- "only Gemeinde … (AGS 06435014)": that Gemeinde goes to that Jobcenter (Hanau, gE), the rest
  of the Kreis to the one Jobcenter without such a note (Main-Kinzig-Kreis, zkT).
- "Bezirk NN …" on every Jobcenter of the Kreis: the split goes by Bezirk, and nothing in the
  data says which PLZ lies in which Bezirk (Berlin). The Gemeinde keeps all of them as
  candidates and the answer asks for the Bezirk (``Frage.BEZIRK``); nothing is guessed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from zustaendigkeit.domain.model import (
    Datei,
    Frage,
    Gemeinde,
    Jobcenter,
    PlzOrt,
    Quelle,
    Referenzdaten,
    TraegerArt,
)
from zustaendigkeit.errors import ReferenzdatenFehlerhaft

JOBCENTER_DATEI = "jobcenters_einglmv2026_with_kreis.csv"
KREIS_JOBCENTER_DATEI = "kreis_to_jobcenter_2026.csv"
KOMTRZV_DATEI = "komtrzv_anlage_zkt.csv"
PLZ_DATEI = "zuordnung_plz_ort.csv"
GEMEINDEVERZEICHNIS_DATEI = "destatis_auszug_gv_2020q4.csv"

DATENSTAND_PRAEFIX = "einglmv2026+plz-osm+gv2020q4"
# Part of the data version: raise it when the way the sources are resolved changes, so that
# every instance imports again although the files stayed the same.
REGELWERK = "1"

_FUENF_ZIFFERN = re.compile(r"[0-9]{5}")
_ACHT_ZIFFERN = re.compile(r"[0-9]{8}")
_NUR_GEMEINDE = re.compile(r"\bonly Gemeinde\b[^(]*\(AGS ([0-9]{8})\)")
_BEZIRK = re.compile(r"\bBezirk [0-9]{2}\b")
_SATZART_KREIS = "40"
_SATZART_GEMEINDE = "60"
_MAX_PROBLEME_JE_ART = 20  # a broken file should not print 12,000 lines


@dataclass(frozen=True)
class Quelldaten:
    """The rows of the five source files, as read, plus what identifies them."""

    jobcenter: Sequence[dict[str, str]]
    kreis_jobcenter: Sequence[dict[str, str]]
    komtrzv: Sequence[dict[str, str]]
    plz_orte: Sequence[dict[str, str]]
    gemeindeverzeichnis: Sequence[dict[str, str]]
    dateien: tuple[Datei, ...]
    pruefsumme: str
    quellen: tuple[Quelle, ...]


@dataclass(frozen=True)
class _Kreisregel:
    jobcenter_ids: tuple[str, ...]
    ausnahmen: dict[str, str]  # AGS -> Jobcenter, for "only Gemeinde …"
    nach_bezirk: bool


class _Befunde:
    def __init__(self) -> None:
        self.probleme: list[str] = []
        self.hinweise: list[str] = []
        self._je_art: Counter[str] = Counter()

    def problem(self, art: str, text: str) -> None:
        self._je_art[art] += 1
        if self._je_art[art] <= _MAX_PROBLEME_JE_ART:
            self.probleme.append(text)
        elif self._je_art[art] == _MAX_PROBLEME_JE_ART + 1:
            self.probleme.append(f"… weitere Probleme der Art {art!r} ausgelassen")


def aufloesen(quellen: Quelldaten) -> Referenzdaten:
    """Check the sources and resolve every PLZ -> Gemeinde -> Jobcenter.

    Raises ReferenzdatenFehlerhaft listing every problem found.
    """
    befunde = _Befunde()
    jobcenter, notizen = _jobcenter(quellen.jobcenter, befunde)
    kreise, gv_gemeinden = _gemeindeverzeichnis(quellen.gemeindeverzeichnis, befunde)
    _kreis_jobcenter_abgleichen(quellen.kreis_jobcenter, jobcenter, befunde)
    _komtrzv_abgleichen(quellen.komtrzv, jobcenter, befunde)

    jobcenter_je_kreis: dict[str, list[str]] = defaultdict(list)
    for eintrag in jobcenter.values():
        for kreis in eintrag.kreise:
            jobcenter_je_kreis[kreis].append(eintrag.id)
            if kreise and kreis not in kreise:
                befunde.problem(
                    "kreis_unbekannt",
                    f"{JOBCENTER_DATEI}: Jobcenter {eintrag.id} deckt Kreis {kreis} ab, den das "
                    f"Gemeindeverzeichnis nicht kennt",
                )
    for kreis, name in sorted(kreise.items()):
        if kreis not in jobcenter_je_kreis:
            befunde.problem(
                "kreis_ohne_jobcenter",
                f"Kreis {kreis} ({name}) hat kein Jobcenter (kein Eintrag in {JOBCENTER_DATEI})",
            )
    regeln = {
        kreis: _kreisregel(kreis, ids, notizen, befunde)
        for kreis, ids in sorted(jobcenter_je_kreis.items())
    }

    plz_orte, gemeinden = _plz_orte(quellen.plz_orte, regeln, befunde)
    _neue_gemeinden_pruefen(gemeinden, gv_gemeinden, regeln, befunde)
    _erreichbarkeit_pruefen(jobcenter, gemeinden, befunde)

    if befunde.probleme:
        raise ReferenzdatenFehlerhaft(befunde.probleme)
    return Referenzdaten(
        datenstand=f"{DATENSTAND_PRAEFIX}@{quellen.pruefsumme[:12]}",
        pruefsumme=quellen.pruefsumme,
        dateien=quellen.dateien,
        quellen=quellen.quellen,
        jobcenter=tuple(sorted(jobcenter.values(), key=lambda j: j.id)),
        gemeinden=tuple(sorted(gemeinden.values(), key=lambda g: g.ags)),
        plz_orte=tuple(sorted(plz_orte, key=lambda p: (p.plz, p.ags))),
        hinweise=tuple(befunde.hinweise),
    )


# the files one by one ------------------------------------------------------------------------


def _jobcenter(
    rows: Sequence[dict[str, str]], befunde: _Befunde
) -> tuple[dict[str, Jobcenter], dict[str, str]]:
    jobcenter: dict[str, Jobcenter] = {}
    notizen: dict[str, str] = {}
    for zeile, row in enumerate(rows, start=2):
        wo = f"{JOBCENTER_DATEI} Zeile {zeile}"
        traeger_nr = row["traeger_nr"].strip()
        name = row["jobcenter_name"].strip()
        kreise = tuple(k.strip() for k in row["kreis_keys"].split("|") if k.strip())
        if not _FUENF_ZIFFERN.fullmatch(traeger_nr):
            befunde.problem("jobcenter", f"{wo}: Träger-Nr {traeger_nr!r} hat nicht fünf Ziffern")
            continue
        if traeger_nr in jobcenter:
            befunde.problem("jobcenter", f"{wo}: Träger-Nr {traeger_nr} kommt doppelt vor")
            continue
        try:
            art = TraegerArt(row["traeger_form"].strip())
        except ValueError:
            befunde.problem("jobcenter", f"{wo}: Träger-Form ist weder gE noch zkT")
            continue
        if not name:
            befunde.problem("jobcenter", f"{wo}: Jobcenter {traeger_nr} hat keinen Namen")
        if not kreise:
            befunde.problem(
                "jobcenter_ohne_kreis", f"{wo}: Jobcenter {traeger_nr} deckt keinen Kreis ab"
            )
        for kreis in kreise:
            if not _FUENF_ZIFFERN.fullmatch(kreis):
                befunde.problem("jobcenter", f"{wo}: Kreisschlüssel {kreis!r} ist ungültig")
        jobcenter[traeger_nr] = Jobcenter(traeger_nr, name, art, row["bundesland"].strip(), kreise)
        notizen[traeger_nr] = row.get("note") or ""
    return jobcenter, notizen


def _gemeindeverzeichnis(
    rows: Sequence[dict[str, str]], befunde: _Befunde
) -> tuple[dict[str, str], dict[str, str]]:
    """Kreise (key -> name) and Gemeinden (AGS -> name) of the Destatis extract."""
    kreise: dict[str, str] = {}
    gemeinden: dict[str, str] = {}
    for row in rows:
        satzart = row["satzart"].strip()
        kreis = row["land"] + row["rb"] + row["kreis"]
        if satzart == _SATZART_KREIS:
            kreise[kreis] = row["gemeindename"].strip()
        elif satzart == _SATZART_GEMEINDE:
            gemeinden[kreis + row["gemeinde"]] = row["gemeindename"].strip()
    if not kreise or not gemeinden:
        befunde.problem(
            "gemeindeverzeichnis",
            f"{GEMEINDEVERZEICHNIS_DATEI}: keine Kreise (Satzart 40) oder Gemeinden (Satzart 60)",
        )
    return kreise, gemeinden


def _kreis_jobcenter_abgleichen(
    rows: Sequence[dict[str, str]], jobcenter: dict[str, Jobcenter], befunde: _Befunde
) -> None:
    """The Kreis -> Jobcenter file is derived from the Jobcenter file: both must agree."""
    aus_kreisdatei = {(r["kreis_key"].strip(), r["traeger_nr"].strip()) for r in rows}
    aus_jobcenterdatei = {(k, j.id) for j in jobcenter.values() for k in j.kreise}
    for kreis, traeger_nr in sorted(aus_kreisdatei ^ aus_jobcenterdatei):
        datei = KREIS_JOBCENTER_DATEI if (kreis, traeger_nr) in aus_kreisdatei else JOBCENTER_DATEI
        befunde.problem(
            "kreis_jobcenter",
            f"Kreis {kreis} -> Jobcenter {traeger_nr} steht nur in {datei}",
        )
    for row in rows:
        eintrag = jobcenter.get(row["traeger_nr"].strip())
        if eintrag is not None and row["traeger_form"].strip() != eintrag.traeger_art.value:
            befunde.problem(
                "kreis_jobcenter",
                f"{KREIS_JOBCENTER_DATEI}: Träger-Form von {eintrag.id} weicht von "
                f"{JOBCENTER_DATEI} ab",
            )


def _komtrzv_abgleichen(
    rows: Sequence[dict[str, str]], jobcenter: dict[str, Jobcenter], befunde: _Befunde
) -> None:
    """The zkT of the EinglMV list and of the KomtrZV annex, counted per Land. The two name
    the Träger differently ("Landkreis Biberach" / "Biberach"), so the count is what can be
    checked without guessing."""
    komtrzv = Counter(row["bundesland"].strip() for row in rows)
    einglmv = Counter(j.bundesland for j in jobcenter.values() if j.traeger_art is TraegerArt.ZKT)
    for land in sorted(set(komtrzv) | set(einglmv)):
        if komtrzv[land] != einglmv[land]:
            befunde.problem(
                "komtrzv",
                f"{land}: {komtrzv[land]} zkT in {KOMTRZV_DATEI}, {einglmv[land]} in "
                f"{JOBCENTER_DATEI}",
            )


def _kreisregel(
    kreis: str, jobcenter_ids: list[str], notizen: dict[str, str], befunde: _Befunde
) -> _Kreisregel:
    ids = tuple(sorted(jobcenter_ids))
    if len(ids) == 1:
        return _Kreisregel(ids, {}, nach_bezirk=False)
    ausnahmen: dict[str, str] = {}
    for jobcenter_id in ids:
        treffer = _NUR_GEMEINDE.search(notizen[jobcenter_id])
        if treffer:
            ausnahmen[treffer.group(1)] = jobcenter_id
    if all(_BEZIRK.search(notizen[j]) for j in ids):
        return _Kreisregel(ids, {}, nach_bezirk=True)
    uebrige = [j for j in ids if j not in ausnahmen.values()]
    if ausnahmen and len(uebrige) == 1 and all(ags[:5] == kreis for ags in ausnahmen):
        return _Kreisregel(tuple(uebrige), ausnahmen, nach_bezirk=False)
    befunde.problem(
        "kreis_mehrdeutig",
        f"Kreis {kreis} hat die Jobcenter {', '.join(ids)}, aber die Notizen in "
        f"{JOBCENTER_DATEI} sagen nicht, wie sie sich den Kreis teilen "
        "('only Gemeinde … (AGS nnnnnnnn)' oder 'Bezirk nn' bei jedem)",
    )
    return _Kreisregel(ids, {}, nach_bezirk=False)


def _zustaendig(ags: str, regel: _Kreisregel) -> tuple[tuple[str, ...], Frage | None]:
    if ags in regel.ausnahmen:
        return (regel.ausnahmen[ags],), None
    if regel.nach_bezirk:
        return regel.jobcenter_ids, Frage.BEZIRK
    return regel.jobcenter_ids, None


def _plz_orte(
    rows: Sequence[dict[str, str]], regeln: dict[str, _Kreisregel], befunde: _Befunde
) -> tuple[list[PlzOrt], dict[str, Gemeinde]]:
    plz_orte: list[PlzOrt] = []
    gemeinden: dict[str, Gemeinde] = {}
    gesehen: set[tuple[str, str]] = set()
    for zeile, row in enumerate(rows, start=2):
        wo = f"{PLZ_DATEI} Zeile {zeile}"
        plz, ags, ort = row["plz"].strip(), row["ags"].strip(), row["ort"].strip()
        if not _FUENF_ZIFFERN.fullmatch(plz) or not _ACHT_ZIFFERN.fullmatch(ags) or not ort:
            befunde.problem("plz_zeile", f"{wo}: PLZ, AGS oder Ort fehlt oder ist ungültig")
            continue
        regel = regeln.get(ags[:5])
        if regel is None:
            befunde.problem(
                "plz_ohne_jobcenter",
                f"{wo}: PLZ {plz} führt zu keinem Jobcenter (Kreis {ags[:5]} von AGS {ags} "
                "hat keines)",
            )
            continue
        if (plz, ags) in gesehen:
            continue
        gesehen.add((plz, ags))
        plz_orte.append(PlzOrt(plz, ags, ort))
        if ags not in gemeinden:
            ids, frage = _zustaendig(ags, regel)
            gemeinden[ags] = Gemeinde(ags, ort, ags[:5], ids, frage)
            if not row.get("landkreis", "").strip() and not ags.endswith("000"):
                befunde.hinweise.append(
                    f"{ort} (AGS {ags}): Kreisfeld in {PLZ_DATEI} leer; Kreis {ags[:5]} aus "
                    "dem AGS genommen"
                )
    return plz_orte, gemeinden


def _neue_gemeinden_pruefen(
    gemeinden: dict[str, Gemeinde],
    gv_gemeinden: dict[str, str],
    regeln: dict[str, _Kreisregel],
    befunde: _Befunde,
) -> None:
    """Gemeinden newer than the GV extract (mergers after 2020, e.g. Eisenach into the
    Wartburgkreis in 2021): if the extract knows a Gemeinde of the same name in the same Land
    under its old key, both keys must lead to the same Jobcenter."""
    gv_nach_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ags, name in gv_gemeinden.items():
        gv_nach_name[(ags[:2], name.split(",")[0].strip())].append(ags)
    for ags, gemeinde in sorted(gemeinden.items()):
        if ags in gv_gemeinden:
            continue
        alte = [a for a in gv_nach_name.get((ags[:2], gemeinde.name), []) if a[:5] in regeln]
        if not alte:
            befunde.hinweise.append(
                f"{gemeinde.name} (AGS {ags}) fehlt im Gemeindeverzeichnis 2020-Q4; "
                f"Kreis {ags[:5]} aus dem AGS"
            )
            continue
        for alt in alte:
            frueher, _ = _zustaendig(alt, regeln[alt[:5]])
            if frueher != gemeinde.jobcenter_ids:
                befunde.problem(
                    "gemeinde_widerspruch",
                    f"{gemeinde.name}: AGS {ags} führt zu Jobcenter "
                    f"{', '.join(gemeinde.jobcenter_ids)}, das Gemeindeverzeichnis (AGS {alt}) "
                    f"zu {', '.join(frueher)}",
                )
            else:
                befunde.hinweise.append(
                    f"{gemeinde.name} (AGS {ags}) fehlt im Gemeindeverzeichnis 2020-Q4, das sie "
                    f"als AGS {alt} führt; beide führen zu Jobcenter "
                    f"{', '.join(gemeinde.jobcenter_ids)}"
                )


def _erreichbarkeit_pruefen(
    jobcenter: dict[str, Jobcenter], gemeinden: dict[str, Gemeinde], befunde: _Befunde
) -> None:
    erreichbar = {j for g in gemeinden.values() for j in g.jobcenter_ids}
    for jobcenter_id in sorted(set(jobcenter) - erreichbar):
        befunde.problem(
            "jobcenter_unerreichbar",
            f"Jobcenter {jobcenter_id} ({jobcenter[jobcenter_id].name}) ist über keine PLZ "
            "erreichbar",
        )
