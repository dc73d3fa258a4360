"""The in-process index: PLZ or town -> Gemeinde -> Jobcenter, built once from the directory.

Every answer for a PLZ alone is computed when the index is built, so the common lookup is a
check of five digits and one dict access. Answers that involve a typed town name are computed
per call, on the few towns of that PLZ (or, for a town alone, on the whole name index).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any

from rapidfuzz import fuzz

from zustaendigkeit.domain import eingabe
from zustaendigkeit.domain.kontakte import Kontaktdaten, kontakt_auskunft
from zustaendigkeit.domain.lage import Lage
from zustaendigkeit.domain.model import (
    JOBCENTER_DIGITAL_URL,
    Anbindung,
    Ergebnis,
    Frage,
    Gemeinde,
    Jobcenter,
    JobcenterAuskunft,
    Kanal,
    Kandidat,
    OrtTreffer,
    PlzOrt,
    Referenzdaten,
    Rueckfrage,
)
from zustaendigkeit.domain.normalisierung import tokens
from zustaendigkeit.domain.ortssuche import OrtsSuche
from zustaendigkeit.errors import JobcenterUnbekannt, OrtUnbekannt, PlzUnbekannt, UngueltigeEingabe

# A town name alone ("Neustadt") can match dozens of towns; beyond this, ask for the PLZ.
MAX_KANDIDATEN = 20
MAX_VORSCHLAEGE = 20
# Within one PLZ there are only a handful of towns, so a looser match is still safe there.
MINDESTAEHNLICHKEIT_IN_PLZ = 75.0
MINDESTAEHNLICHKEIT_BEZIRK = 85.0


class Verzeichnis:
    def __init__(
        self,
        daten: Referenzdaten,
        anbindung: Anbindung,
        kontaktdaten: Kontaktdaten | None = None,
        lagen: Mapping[str, Lage] | None = None,
    ) -> None:
        self.datenstand = daten.datenstand
        self._lagen = dict(lagen or {})
        # Gemeinden newer than the GV extract (Eisenach, 2021) by their name in their Land.
        self._lagen_nach_name = {
            (lage.ags[:2], lage.name.split(",")[0].strip()): lage for lage in self._lagen.values()
        }
        self.quellen = daten.quellen
        self.anbindung = anbindung
        self.antwortstand = antwortstand(daten.datenstand, anbindung, kontaktdaten)
        kontakte = {k.jobcenter_id: k for k in (kontaktdaten.kontakte if kontaktdaten else ())}
        self._jobcenter = {
            j.id: _auskunft(j, anbindung.kanal(j), kontakt_auskunft(j, kontakte.get(j.id)))
            for j in daten.jobcenter
        }
        self._gemeinden = {g.ags: g for g in daten.gemeinden}
        self._kandidaten = {g.ags: self._kandidaten_der_gemeinde(g) for g in daten.gemeinden}

        plz_orte: dict[str, list[PlzOrt]] = defaultdict(list)
        plz_je_ags: dict[str, list[str]] = defaultdict(list)
        for eintrag in daten.plz_orte:
            plz_orte[eintrag.plz].append(eintrag)
            plz_je_ags[eintrag.ags].append(eintrag.plz)
        self._plz_orte = {plz: tuple(sorted(e, key=_ort_ordnung)) for plz, e in plz_orte.items()}
        self._plz_je_ags = {ags: tuple(sorted(set(p))) for ags, p in plz_je_ags.items()}
        self._suche_in_plz: dict[str, OrtsSuche] = {}
        self._nur_plz = {
            plz: self._entscheiden(
                self._kandidaten_der_orte(orte),
                partial(self._gemeinden_in_plz, plz),
                Frage.JOBCENTER,
            )
            for plz, orte in self._plz_orte.items()
        }

        # The town-name index covers every Gemeinde that has a PLZ (the PLZ file's names).
        self._orte = tuple(
            sorted(
                (self._gemeinden[ags] for ags in self._plz_je_ags),
                key=lambda g: (g.name, g.ags),
            )
        )
        self._suche = OrtsSuche([g.name for g in self._orte])
        # Bezirk offices, findable by their names alone ("Neukölln") without the city's name.
        self._bezirke = tuple(
            kandidat
            for gemeinde in self._orte
            if gemeinde.frage is Frage.BEZIRK
            for kandidat in self._kandidaten[gemeinde.ags]
        )

    # the three questions ----------------------------------------------------------------------

    def ermitteln(self, plz: object = None, ort: object = None, strasse: object = None) -> Ergebnis:
        """The responsible Jobcenter(s) for a PLZ, a PLZ and a town, or a town alone.

        ``strasse`` is checked but does not narrow the answer yet: the data has no streets
        (an open street -> Berlin Bezirk source would plug in here).
        """
        plz_text = eingabe.plz(plz)
        ort_text = eingabe.ort(ort)
        eingabe.strasse(strasse)
        if plz_text is None:
            if ort_text is None:
                raise UngueltigeEingabe("eingabe_fehlt")
            return self._nach_ort(ort_text)
        if ort_text is None:
            try:
                return self._nur_plz[plz_text]
            except KeyError:
                raise PlzUnbekannt() from None
        return self._nach_plz_und_ort(plz_text, ort_text)

    def orte(self, text: object) -> list[OrtTreffer]:
        """Towns for a search-as-you-type field, best first."""
        suchtext = eingabe.suchtext(text)
        treffer = []
        for index in self._suche.vorschlaege(suchtext, MAX_VORSCHLAEGE):
            gemeinde = self._orte[index]
            treffer.append(OrtTreffer(gemeinde.name, gemeinde.ags, self._plz_je_ags[gemeinde.ags]))
        return treffer

    def jobcenter(self, jobcenter_id: object) -> JobcenterAuskunft:
        try:
            return self._jobcenter[eingabe.jobcenter_id(jobcenter_id)]
        except KeyError:
            raise JobcenterUnbekannt() from None

    def lage(self, plz: object = None, ort: object = None) -> dict[str, Any]:
        """The Gemeinden a PLZ and/or town name stands for, with where they lie (coordinates,
        Land, population from the Destatis GV): for services that measure distances. Several
        when the PLZ spans Gemeinden or the town name is not unique; ``eindeutig`` then False.
        Raises as ``ermitteln`` does (UngueltigeEingabe, PlzUnbekannt, OrtUnbekannt)."""
        ergebnis = self.ermitteln(plz=plz, ort=ort)
        orte: dict[str, dict[str, Any]] = {}
        for kandidat in ergebnis.kandidaten:
            if kandidat.ags in orte:
                continue
            lage = self._lagen.get(kandidat.ags) or self._lagen_nach_name.get(
                (kandidat.ags[:2], self._gemeinden[kandidat.ags].name)
            )
            if lage is None:
                continue
            orte[kandidat.ags] = {
                "ort": kandidat.ort,
                "ags": kandidat.ags,
                "plz": list(self._plz_je_ags.get(kandidat.ags, ())),
                "land": lage.land,
                "breite": lage.breite,
                "laenge": lage.laenge,
                "einwohner": lage.einwohner,
            }
        if not orte:
            raise OrtUnbekannt()
        return {
            "orte": list(orte.values()),
            "eindeutig": len(orte) == 1,
            "datenstand": self.datenstand,
        }

    # for tests and the benchmark ----------------------------------------------------------------

    def alle_plz(self) -> list[str]:
        return sorted(self._nur_plz)

    def alle_jobcenter(self) -> list[JobcenterAuskunft]:
        return sorted(self._jobcenter.values(), key=lambda j: j.id)

    # how answers are made -----------------------------------------------------------------------

    def _nach_plz_und_ort(self, plz: str, ort: str) -> Ergebnis:
        orte = self._plz_orte.get(plz)
        if orte is None:
            raise PlzUnbekannt()
        treffer = self._ortssuche_in_plz(plz).finde(ort)
        gemeinden_in_plz = partial(self._gemeinden_in_plz, plz)
        if treffer is None:
            # Not one of this PLZ's towns (an Ortsteil, perhaps, or a Berlin Bezirk): the PLZ
            # still decides, and the typed words may still name a Bezirk.
            kandidaten = self._kandidaten_der_orte(orte)
            return self._entscheiden(
                self._nach_bezirk(kandidaten, tokens(ort)), gemeinden_in_plz, Frage.JOBCENTER
            )
        gewaehlt = [orte[index] for index in treffer.indizes]
        kandidaten = self._nach_bezirk(self._kandidaten_der_orte(gewaehlt), treffer.rest)
        return self._entscheiden(kandidaten, gemeinden_in_plz, Frage.JOBCENTER)

    def _ortssuche_in_plz(self, plz: str) -> OrtsSuche:
        suche = self._suche_in_plz.get(plz)
        if suche is None:
            suche = OrtsSuche(
                [e.ort for e in self._plz_orte[plz]],
                mindestaehnlichkeit=MINDESTAEHNLICHKEIT_IN_PLZ,
            )
            self._suche_in_plz[plz] = suche
        return suche

    def _gemeinden_in_plz(self, plz: str, ort: str) -> frozenset[str]:
        """The Gemeinden a town name sent back with this PLZ would select."""
        treffer = self._ortssuche_in_plz(plz).finde(ort)
        if treffer is None:
            return frozenset()
        return frozenset(self._plz_orte[plz][index].ags for index in treffer.indizes)

    def _gemeinden_ueberall(self, ort: str) -> frozenset[str]:
        """The Gemeinden a town name sent back alone would select."""
        treffer = self._suche.finde(ort)
        if treffer is None:
            return frozenset()
        return frozenset(self._orte[index].ags for index in treffer.indizes)

    def _nach_ort(self, ort: str) -> Ergebnis:
        treffer = self._suche.finde(ort)
        if treffer is None:
            woerter = tokens(ort)
            bezirke = [k for k in self._bezirke if _nennt_bezirk(k, woerter)]
            if not bezirke:
                raise OrtUnbekannt()
            return self._entscheiden(bezirke, self._gemeinden_ueberall, Frage.PLZ)
        kandidaten = [
            kandidat
            for index in treffer.indizes
            for kandidat in self._kandidaten[self._orte[index].ags]
        ]
        kandidaten = sorted(self._nach_bezirk(kandidaten, treffer.rest), key=_kandidat_ordnung)
        if len(kandidaten) > MAX_KANDIDATEN:
            return Ergebnis(
                eindeutig=False,
                kandidaten=tuple(kandidaten[:MAX_KANDIDATEN]),
                rueckfrage=Rueckfrage(Frage.PLZ, ()),
                datenstand=self.datenstand,
                quellen=self.quellen,
            )
        return self._entscheiden(kandidaten, self._gemeinden_ueberall, Frage.PLZ)

    def _nach_bezirk(
        self, kandidaten: Sequence[Kandidat], woerter: Sequence[str]
    ) -> list[Kandidat]:
        """The candidates of a Bezirk-split Gemeinde whose Bezirk the typed words name; when
        they name none, all candidates. Only there do candidates differ in Jobcenter but not
        in town, so only there can the office's name narrow the answer."""
        if woerter:
            genannt = [
                kandidat
                for kandidat in kandidaten
                if self._gemeinden[kandidat.ags].frage is Frage.BEZIRK
                and _nennt_bezirk(kandidat, woerter)
            ]
            if genannt:
                return genannt
        return list(kandidaten)

    def _kandidaten_der_gemeinde(self, gemeinde: Gemeinde) -> tuple[Kandidat, ...]:
        return tuple(
            sorted(
                (
                    Kandidat(gemeinde.name, gemeinde.ags, self._jobcenter[jobcenter_id])
                    for jobcenter_id in gemeinde.jobcenter_ids
                ),
                key=_kandidat_ordnung,
            )
        )

    def _kandidaten_der_orte(self, orte: Iterable[PlzOrt]) -> list[Kandidat]:
        # The PLZ file's town name for this PLZ, the Gemeinde's Jobcenter(s).
        kandidaten: dict[tuple[str, str], Kandidat] = {}
        for eintrag in orte:
            for kandidat in self._kandidaten[eintrag.ags]:
                key = (eintrag.ags, kandidat.jobcenter.id)
                kandidaten.setdefault(key, Kandidat(eintrag.ort, eintrag.ags, kandidat.jobcenter))
        return sorted(kandidaten.values(), key=_kandidat_ordnung)

    def _entscheiden(
        self,
        kandidaten: Sequence[Kandidat],
        waehlt: Callable[[str], frozenset[str]],
        sonst: Frage,
    ) -> Ergebnis:
        """``waehlt(ort)``: the Gemeinden the next call would select with that town name;
        ``sonst``: what to ask when town names cannot narrow (the PLZ, unless it was given)."""
        jobcenter_ids = {k.jobcenter.id for k in kandidaten}
        eindeutig = len(jobcenter_ids) == 1
        return Ergebnis(
            eindeutig=eindeutig,
            kandidaten=tuple(kandidaten),
            rueckfrage=None if eindeutig else self._rueckfrage(kandidaten, waehlt, sonst),
            datenstand=self.datenstand,
            quellen=self.quellen,
        )

    def _rueckfrage(
        self,
        kandidaten: Sequence[Kandidat],
        waehlt: Callable[[str], frozenset[str]],
        sonst: Frage,
    ) -> Rueckfrage:
        """What to ask so that the next call decides: the town, the Bezirk, or the PLZ.

        Town names are offered only if each, sent back as ``ort``, selects exactly its own
        Gemeinden and so narrows the answer. Two towns of the same name, or a name that is the
        beginning of another ("Neustadt", "Neustadt (Dosse)"), cannot be told apart by name:
        then ask for the PLZ, or, when the PLZ was given (two Gemeinden "Hamfelde" in 22929),
        let the person pick one of the candidates.
        """
        nach_ort: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for kandidat in kandidaten:
            nach_ort[kandidat.ort][kandidat.ags].add(kandidat.jobcenter.id)

        def nach_bezirk(ort: str) -> bool:
            gemeinden = nach_ort[ort]
            return len(gemeinden) == 1 and self._gemeinden[next(iter(gemeinden))].frage is (
                Frage.BEZIRK
            )

        def eindeutig(ort: str) -> bool:
            gemeinden = nach_ort[ort]
            return len({j for ids in gemeinden.values() for j in ids}) == 1

        def waehlbar(ort: str) -> bool:
            return (eindeutig(ort) or nach_bezirk(ort)) and waehlt(ort) == set(nach_ort[ort])

        if len(nach_ort) > 1:
            if all(waehlbar(ort) for ort in nach_ort):
                return Rueckfrage(Frage.ORT, tuple(sorted(nach_ort)))
            return Rueckfrage(sonst, ())
        [ort] = nach_ort
        if nach_bezirk(ort):
            return Rueckfrage(Frage.BEZIRK, tuple(sorted(k.jobcenter.name for k in kandidaten)))
        return Rueckfrage(sonst, ())


def antwortstand(
    datenstand: str, anbindung: Anbindung, kontaktdaten: Kontaktdaten | None = None
) -> str:
    """Names everything the answers of ``ermitteln``, ``orte`` and ``jobcenter`` depend on
    besides their arguments: the data version (which includes the rule set, ``REGELWERK``),
    which zkT this instance connects and the version of the Jobcenters' contact details.
    Callers may keep answers as long as it stays the same (the gateway does, docs/adr/0015)."""
    zkt = ",".join(sorted(anbindung.angebundene_zkt))
    kontakte = kontaktdaten.stand if kontaktdaten else "kontakte@keine"
    return f"{datenstand}+zkt@{hashlib.sha256(zkt.encode()).hexdigest()[:12]}+{kontakte}"


def _nennt_bezirk(kandidat: Kandidat, woerter: Sequence[str]) -> bool:
    """Whether the typed words name the candidate's Bezirk office ("Kreuzberg" ->
    Friedrichshain-Kreuzberg, "Neukoeln" -> Neukölln)."""
    gesucht = " ".join(woerter)
    name = tokens(kandidat.jobcenter.name)
    if " ".join(name) == gesucht or all(wort in name for wort in woerter):
        return True
    return len(gesucht) >= 4 and (
        fuzz.ratio(gesucht, " ".join(name)) >= MINDESTAEHNLICHKEIT_BEZIRK
        or any(fuzz.ratio(gesucht, teil) >= MINDESTAEHNLICHKEIT_BEZIRK for teil in name)
    )


def _auskunft(jobcenter: Jobcenter, kanal: Kanal, kontakt: dict[str, Any]) -> JobcenterAuskunft:
    return JobcenterAuskunft(
        id=jobcenter.id,
        name=jobcenter.name,
        traeger_art=jobcenter.traeger_art,
        kanal=kanal,
        url=JOBCENTER_DIGITAL_URL if kanal is Kanal.JOBCENTER_DIGITAL else None,
        bundesland=jobcenter.bundesland,
        kontakt=kontakt,
    )


def _ort_ordnung(eintrag: PlzOrt) -> tuple[str, str]:
    return (eintrag.ort, eintrag.ags)


def _kandidat_ordnung(kandidat: Kandidat) -> tuple[str, str, str]:
    return (kandidat.ort, kandidat.ags, kandidat.jobcenter.name)
