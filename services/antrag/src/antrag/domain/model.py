"""The application (Antrag): an event-sourced aggregate and the events it raises.

Status: entwurf -> eingereicht -> zugestellt | zustellung_fehlgeschlagen; zurueckgezogen from
any of them. A short filing (Kurzantrag, § 37 SGB II) is a first submission that secures the
date; the sections stay open until the full application follows. The full application keeps
the date of the short filing as its legally relevant submission time.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar

from antrag.fehler import EingabeUngueltig, Konflikt
from kernel.aggregate import Aggregate, DomainEvent

ENTWURF = "entwurf"
EINGEREICHT = "eingereicht"
ZUGESTELLT = "zugestellt"
ZUSTELLUNG_FEHLGESCHLAGEN = "zustellung_fehlgeschlagen"
ZURUECKGEZOGEN = "zurueckgezogen"

KANAL_PLATTFORM = "sozialplattform"
JOBCENTER_DIGITAL = "https://jobcenter.digital"


@dataclass(frozen=True)
class AntragEreignis(DomainEvent):
    """Optional fields are left out of the payload, never sent as null (contracts)."""

    def to_payload(self) -> dict[str, Any]:
        return {k: v for k, v in super().to_payload().items() if v is not None}


@dataclass(frozen=True)
class AntragAngelegt(AntragEreignis):
    antrag_id: str
    person_id: str
    leistung: str
    wohnort: dict


@dataclass(frozen=True)
class AbschnittGespeichert(AntragEreignis):
    antrag_id: str
    abschnitt: str
    daten: dict
    definition_version: str


@dataclass(frozen=True)
class AnlageHinzugefuegt(AntragEreignis):
    antrag_id: str
    anlage_id: str
    abschnitt: str
    dateiname: str
    mime_type: str
    sha256: str
    groesse: int
    seiten: int
    # what was removed from the PDF, docs/adr/0069 (absent in events stored before)
    entschaerft: list | None = None


@dataclass(frozen=True)
class AnlageEntfernt(AntragEreignis):
    antrag_id: str
    anlage_id: str


@dataclass(frozen=True)
class ZustaendigkeitVermerkt(AntragEreignis):
    antrag_id: str
    eindeutig: bool
    kandidaten: int
    datenstand: str
    ermittelt_event_id: str
    jobcenter: dict | None = None
    ags: str | None = None
    # not eindeutig: the Gemeinden the place may be, each {ags, gemeinde, jobcenter}; the person
    # chooses one (GemeindeGewaehlt)
    gemeinden: list | None = None


@dataclass(frozen=True)
class GemeindeGewaehlt(AntragEreignis):
    """The person chose their Gemeinde among the candidates ZustaendigkeitErmittelt listed."""

    antrag_id: str
    ags: str
    gemeinde: str
    jobcenter: dict


@dataclass(frozen=True)
class GemeindeVorgewaehlt(AntragEreignis):
    """The person chose their Gemeinde among the candidates of their place of residence before
    the application was created (docs/adr/0082); it is taken once ZustaendigkeitErmittelt
    lists the same candidate."""

    antrag_id: str
    ags: str
    jobcenter_id: str


@dataclass(frozen=True)
class AntragEingereicht(AntragEreignis):
    antrag_id: str
    person_id: str
    leistung: str
    jobcenter_id: str
    eingereicht_am: str
    kurzantrag: bool
    antrag: dict
    anlagen: list
    definition_version: str


@dataclass(frozen=True)
class ZustellungVermerkt(AntragEreignis):
    antrag_id: str
    zustellung_id: str
    ergebnis: str
    zeitpunkt: str
    jobcenter_id: str
    error_code: str | None = None
    endgueltig: bool | None = None  # failed for good: no redelivery will help


@dataclass(frozen=True)
class AntragStatusGeaendert(AntragEreignis):
    antrag_id: str
    person_id: str
    vorheriger_status: str
    status: str


@dataclass(frozen=True)
class AntragZurueckgezogen(AntragEreignis):
    antrag_id: str
    person_id: str
    zurueckgezogen_am: str
    begruendung: str | None = None


@dataclass(frozen=True)
class EntwurfGeloescht(AntragEreignis):
    antrag_id: str
    grund: str
    geloescht_am: str


@dataclass(frozen=True)
class Anlage:
    anlage_id: str
    abschnitt: str
    dateiname: str
    mime_type: str
    sha256: str
    groesse: int
    seiten: int
    entschaerft: list | None = None

    def verweis(self) -> dict[str, Any]:
        """As contracts.common.Anlage (what AntragEingereicht lists)."""
        return {
            "anlage_id": self.anlage_id,
            "dateiname": self.dateiname,
            "mime_type": self.mime_type,
            "sha256": self.sha256,
            "groesse": self.groesse,
        }


class Antrag(Aggregate):
    stream_prefix = "antrag"
    events: ClassVar[tuple[type[DomainEvent], ...]] = (
        AntragAngelegt,
        AbschnittGespeichert,
        AnlageHinzugefuegt,
        AnlageEntfernt,
        ZustaendigkeitVermerkt,
        GemeindeGewaehlt,
        GemeindeVorgewaehlt,
        AntragEingereicht,
        ZustellungVermerkt,
        AntragStatusGeaendert,
        AntragZurueckgezogen,
        EntwurfGeloescht,
    )

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.person_id = ""
        self.leistung = ""
        self.wohnort: dict | None = None
        self.status = ENTWURF
        self.abschnitte: dict[str, dict] = {}
        self.anlagen: dict[str, Anlage] = {}
        self.zustaendigkeit: ZustaendigkeitVermerkt | None = None
        self.gemeinde_gewaehlt = False
        self.vorauswahl: GemeindeVorgewaehlt | None = None
        self.kurzantrag: AntragEingereicht | None = None
        self.einreichung: AntragEingereicht | None = None  # the full application
        self.zustellungen: dict[str, str] = {}  # zustellung_id -> zugestellt | fehlgeschlagen
        # the last failure can be mended by no redelivery: the person turns to the Jobcenter
        self.zustellung_endgueltig_gescheitert = False
        self.einreichungen = 0
        self.geloescht = False

    @property
    def data_subject(self) -> str | None:
        return self.person_id or None

    # commands --------------------------------------------------------------------------------

    @classmethod
    def anlegen(
        cls,
        antrag_id: str,
        person_id: str,
        leistung: str,
        wohnort: dict,
        gemeinde: dict | None = None,
    ) -> Antrag:
        """``gemeinde``: {ags, jobcenter_id} the person chose before (docs/adr/0082)."""
        antrag = cls(antrag_id)
        antrag._raise(AntragAngelegt(antrag_id, person_id, leistung, wohnort))
        if gemeinde is not None:
            antrag._raise(GemeindeVorgewaehlt(antrag_id, gemeinde["ags"], gemeinde["jobcenter_id"]))
        return antrag

    def abschnitt_speichern(self, abschnitt: str, daten: dict, definition_version: str) -> None:
        self.bearbeitung_pruefen()
        self._raise(AbschnittGespeichert(self.id, abschnitt, daten, definition_version))

    def anlage_hinzufuegen(self, anlage: Anlage) -> None:
        self.bearbeitung_pruefen()
        self._raise(AnlageHinzugefuegt(self.id, **dataclasses.asdict(anlage)))

    def anlage_entfernen(self, anlage_id: str) -> None:
        self.bearbeitung_pruefen()
        self._raise(AnlageEntfernt(self.id, anlage_id))

    def zustaendigkeit_vermerken(self, ermittelt: dict[str, Any], event_id: str) -> None:
        kandidaten = ermittelt.get("kandidaten", [])
        if self.gemeinde_gewaehlt and not ermittelt["eindeutig"]:
            return  # a later undecided answer does not undo the person's choice
        gemeinden = [
            {"ags": k["ags"], "gemeinde": k["gemeinde"], "jobcenter": k["jobcenter"]}
            for k in kandidaten
        ]
        self._raise(
            ZustaendigkeitVermerkt(
                antrag_id=self.id,
                eindeutig=ermittelt["eindeutig"],
                kandidaten=len(kandidaten),
                datenstand=ermittelt["datenstand"],
                ermittelt_event_id=event_id,
                jobcenter=ermittelt.get("jobcenter"),
                ags=ermittelt.get("ags"),
                gemeinden=gemeinden if not ermittelt["eindeutig"] and gemeinden else None,
            )
        )
        vorauswahl = self.vorauswahl
        if vorauswahl is not None and not ermittelt["eindeutig"]:
            for kandidat in gemeinden:
                if (kandidat["ags"], kandidat["jobcenter"]["id"]) == (
                    vorauswahl.ags,
                    vorauswahl.jobcenter_id,
                ):
                    self._raise(
                        GemeindeGewaehlt(
                            self.id, kandidat["ags"], kandidat["gemeinde"], kandidat["jobcenter"]
                        )
                    )
                    break

    def gemeinde_waehlen(self, ags: str, jobcenter_id: str) -> GemeindeGewaehlt:
        """The person says which of the candidates they live in; its Jobcenter is then the one
        to submit to (checked as any other: a gE is still refused at submission). A candidate
        is its Gemeinde and Jobcenter together: Berlin's twelve Bezirk offices share one ags."""
        self.bearbeitung_pruefen()
        zustaendigkeit = self.zustaendigkeit
        if zustaendigkeit is None:
            raise Konflikt("zustaendigkeit_ausstehend")
        if zustaendigkeit.eindeutig:
            raise Konflikt("zustaendigkeit_eindeutig")
        for kandidat in zustaendigkeit.gemeinden or ():
            if kandidat["ags"] == ags and kandidat["jobcenter"]["id"] == jobcenter_id:
                ereignis = GemeindeGewaehlt(
                    self.id, ags, kandidat["gemeinde"], kandidat["jobcenter"]
                )
                self._raise(ereignis)
                return ereignis
        raise EingabeUngueltig("gemeinde_unbekannt")

    def jobcenter_fuer_einreichung(self) -> dict[str, Any]:
        """The Jobcenter to submit to, or the reason why there is none (Konflikt)."""
        zustaendigkeit = self.zustaendigkeit
        if zustaendigkeit is None:
            raise Konflikt("zustaendigkeit_ausstehend")
        if not zustaendigkeit.eindeutig or zustaendigkeit.jobcenter is None:
            raise Konflikt("zustaendigkeit_unklar")
        jobcenter = zustaendigkeit.jobcenter
        if jobcenter["kanal"] != KANAL_PLATTFORM:
            details: dict[str, Any] = {
                "jobcenter": {"id": jobcenter["id"], "name": jobcenter["name"]},
                "kanal": jobcenter["kanal"],
            }
            # Only a joint Jobcenter (gE) takes applications at jobcenter.digital; a municipal
            # one that is not connected here takes them itself.
            if jobcenter["kanal"] == "jobcenter.digital":
                details["link"] = JOBCENTER_DIGITAL
            raise Konflikt("jobcenter_nicht_angebunden", details=details)
        return jobcenter

    def einreichen(
        self,
        *,
        zeitpunkt: str,
        antrag: dict,
        definition_version: str,
        kurzantrag: bool,
    ) -> AntragEingereicht:
        self._nicht_beendet()
        if self.einreichung is not None:
            raise Konflikt("bereits_eingereicht")
        if kurzantrag and self.kurzantrag is not None:
            raise Konflikt("kurzantrag_bereits_gestellt")
        jobcenter = self.jobcenter_fuer_einreichung()
        # The date a short filing secured stays the legally relevant one (§ 37 SGB II).
        eingereicht_am = self.kurzantrag.eingereicht_am if self.kurzantrag else zeitpunkt
        anlagen = [] if kurzantrag else [a.verweis() for a in self.anlagen.values()]
        ereignis = AntragEingereicht(
            antrag_id=self.id,
            person_id=self.person_id,
            leistung=self.leistung,
            jobcenter_id=jobcenter["id"],
            eingereicht_am=eingereicht_am,
            kurzantrag=kurzantrag,
            antrag=antrag,
            anlagen=anlagen,
            definition_version=definition_version,
        )
        self._raise(ereignis)
        return ereignis

    def zustellung_vermerken(
        self,
        *,
        zustellung_id: str,
        ergebnis: str,
        zeitpunkt: str,
        jobcenter_id: str,
        error_code: str | None = None,
        endgueltig: bool = False,
    ) -> None:
        if self.zustellungen.get(zustellung_id) == ergebnis:
            return  # the same outcome again (e.g. a repeated report): nothing new
        vorher = self.status
        self._raise(
            ZustellungVermerkt(
                self.id,
                zustellung_id,
                ergebnis,
                zeitpunkt,
                jobcenter_id,
                error_code,
                True if ergebnis == "fehlgeschlagen" and endgueltig else None,
            )
        )
        if self.status != vorher:
            self._raise(AntragStatusGeaendert(self.id, self.person_id, vorher, self.status))

    def zurueckziehen(self, zeitpunkt: str, begruendung: str | None) -> None:
        self._nicht_beendet()
        self._raise(AntragZurueckgezogen(self.id, self.person_id, zeitpunkt, begruendung))

    def entwurf_loeschen(self, zeitpunkt: str, grund: str = "aufbewahrungsfrist") -> None:
        """``grund``: aufbewahrungsfrist (the retention sweep) or konto_geloescht."""
        if self.status != ENTWURF or self.geloescht:
            raise Konflikt("nicht_loeschbar")
        self._raise(EntwurfGeloescht(self.id, grund, zeitpunkt))

    # queries ---------------------------------------------------------------------------------

    @property
    def sichtbar(self) -> bool:
        return not self.geloescht

    @property
    def bearbeitbar(self) -> bool:
        return self.status != ZURUECKGEZOGEN and self.einreichung is None and not self.geloescht

    @property
    def letzte_einreichung(self) -> AntragEingereicht | None:
        return self.einreichung or self.kurzantrag

    def bearbeitung_pruefen(self) -> None:
        """Raise the Konflikt that stops changes, if any."""
        self._nicht_beendet()
        if self.einreichung is not None:
            raise Konflikt("antrag_abgeschlossen")

    def _nicht_beendet(self) -> None:
        if self.status == ZURUECKGEZOGEN:
            raise Konflikt("antrag_zurueckgezogen")

    # applying events -------------------------------------------------------------------------

    def when_AntragAngelegt(self, event: AntragAngelegt) -> None:  # noqa: N802
        self.person_id = event.person_id
        self.leistung = event.leistung
        self.wohnort = event.wohnort

    def when_AbschnittGespeichert(self, event: AbschnittGespeichert) -> None:  # noqa: N802
        self.abschnitte[event.abschnitt] = event.daten

    def when_AnlageHinzugefuegt(self, event: AnlageHinzugefuegt) -> None:  # noqa: N802
        felder = {f.name: getattr(event, f.name) for f in dataclasses.fields(Anlage)}
        self.anlagen[event.anlage_id] = Anlage(**felder)

    def when_AnlageEntfernt(self, event: AnlageEntfernt) -> None:  # noqa: N802
        self.anlagen.pop(event.anlage_id, None)

    def when_ZustaendigkeitVermerkt(self, event: ZustaendigkeitVermerkt) -> None:  # noqa: N802
        self.zustaendigkeit = event
        self.gemeinde_gewaehlt = False

    def when_GemeindeGewaehlt(self, event: GemeindeGewaehlt) -> None:  # noqa: N802
        if self.zustaendigkeit is not None:
            self.zustaendigkeit = dataclasses.replace(
                self.zustaendigkeit, eindeutig=True, jobcenter=event.jobcenter, ags=event.ags
            )
        self.gemeinde_gewaehlt = True

    def when_GemeindeVorgewaehlt(self, event: GemeindeVorgewaehlt) -> None:  # noqa: N802
        self.vorauswahl = event

    def when_AntragEingereicht(self, event: AntragEingereicht) -> None:  # noqa: N802
        if event.kurzantrag:
            self.kurzantrag = event
        else:
            self.einreichung = event
        self.einreichungen += 1
        self.status = EINGEREICHT

    def when_ZustellungVermerkt(self, event: ZustellungVermerkt) -> None:  # noqa: N802
        self.zustellungen[event.zustellung_id] = event.ergebnis
        self.zustellung_endgueltig_gescheitert = bool(event.endgueltig)
        if self.status == ZURUECKGEZOGEN:
            return
        if event.ergebnis == "fehlgeschlagen":
            self.status = ZUSTELLUNG_FEHLGESCHLAGEN
        elif len(self.zustellungen) >= self.einreichungen:
            self.status = ZUGESTELLT  # every submission (short and full) has arrived
        else:
            self.status = EINGEREICHT

    def when_AntragStatusGeaendert(self, event: AntragStatusGeaendert) -> None:  # noqa: N802
        self.status = event.status

    def when_AntragZurueckgezogen(self, event: AntragZurueckgezogen) -> None:  # noqa: N802
        self.status = ZURUECKGEZOGEN

    def when_EntwurfGeloescht(self, event: EntwurfGeloescht) -> None:  # noqa: N802
        self.geloescht = True
        self.abschnitte = {}
        self.anlagen = {}
