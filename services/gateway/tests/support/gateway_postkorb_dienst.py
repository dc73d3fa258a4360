"""A stand-in for the postkorb service in the gateway's tests, run as a real `nameko run` process.

It answers the RPC interface of services/postkorb (/work/briefs/h4-schnittstelle.md, the
errors of postkorb/fehler.py: class name + JSON value) from memory, so the gateway's pages and
API can be tested in seconds without clamd and the event flow; the real service is tested with
the gateway in tests/platform. What the gateway must rely on is kept: the person comes from the
context data only; a foreign, unknown or malformed id answers ``NichtGefunden`` exactly like a
missing one; a file is refused by content; a file carrying the test marker is ``infiziert``; a
draft with a file that is not clean is never sent.

Tests fill a mailbox with ``einliefern`` (no person needed, like the events the real service
consumes) and read what was sent with ``gesendet``.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from datetime import UTC, datetime
from typing import Any

from nameko.contextdata import ContextDataProvider
from nameko.rpc import rpc

from kernel.nameko import OperationsEndpoints

TEXTVERSION = "2026-12"
KEINE_AENDERUNG: Any = "<keine Änderung>"  # a keyword left out of the call
# Assembled, never written whole in the repository: a file containing it counts as infected.
TESTSIGNATUR = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!").encode()
SIGNATUREN = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG": "image/png"}


class PersonId(ContextDataProvider):
    context_key = "person_id"


class _Fehler(Exception):
    def __init__(self, code: str, **mehr: Any) -> None:
        super().__init__(json.dumps({"code": code, **mehr}))


class NichtAngemeldet(_Fehler):
    pass


class NichtGefunden(_Fehler):
    pass


class Konflikt(_Fehler):
    pass


class EingabeUngueltig(_Fehler):
    pass


class AnlageNichtSauber(_Fehler):
    pass


def _jetzt() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class PostkorbAttrappe(OperationsEndpoints):
    name = os.environ.get("POSTKORB_DIENSTNAME", "postkorb")

    person_id = PersonId()

    threads: dict[str, dict[str, Any]] = {}
    nachrichten: dict[str, dict[str, Any]] = {}
    entwuerfe: dict[str, dict[str, Any]] = {}
    einwilligungen: dict[str, dict[str, Any]] = {}
    ausgang: list[dict[str, Any]] = []

    # for the tests -----------------------------------------------------------------------------

    @rpc
    def einliefern(self, person_id: str, nachricht: dict[str, Any]) -> dict[str, str]:
        """A message into the person's thread of ``betreff`` (made when missing)."""
        thread = next(
            (
                t
                for t in self.threads.values()
                if t["person_id"] == person_id and t["betreff"] == nachricht["thread_betreff"]
            ),
            None,
        )
        if thread is None:
            thread = {
                "id": str(uuid.uuid4()),
                "person_id": person_id,
                "betreff": nachricht["thread_betreff"],
                "antrag_id": nachricht.get("antrag_id"),
                "art": "antrag" if nachricht.get("antrag_id") else "allgemein",
                "archiviert": False,
                "antwort_moeglich": nachricht.get("antwort_moeglich", True),
            }
            self.threads[thread["id"]] = thread
        nachricht_id = str(uuid.uuid4())
        anlagen = [
            {
                "id": str(uuid.uuid4()),
                "dateiname": anlage["dateiname"],
                "medientyp": anlage["medientyp"],
                "inhalt": anlage["inhalt"],
                "groesse": len(base64.b64decode(anlage["inhalt"])),
                "pruefung": "beim_abruf",  # a Jobcenter's file: scanned at each download
            }
            for anlage in nachricht.get("anlagen", [])
        ]
        self.nachrichten[nachricht_id] = {
            "id": nachricht_id,
            "thread_id": thread["id"],
            "art": nachricht["art"],
            "absender": nachricht.get("absender", "jobcenter"),
            "betreff": nachricht["betreff"],
            "text": nachricht["text"],
            "am": _jetzt(),
            "gelesen": False,
            "abrufe": [],
            "aktenzeichen": nachricht.get("aktenzeichen"),
            "frist": nachricht.get("frist"),
            "bekanntgabe_am": nachricht.get("bekanntgabe_am"),
            "frist_ende": nachricht.get("frist_ende"),
            "bekanntgabe": nachricht.get("bekanntgabe"),
            "anlagen": anlagen,
            **{k: nachricht[k] for k in ("zustellstatus", "endgueltig") if k in nachricht},
        }
        return {"thread_id": thread["id"], "nachricht_id": nachricht_id}

    @rpc
    def gesendet(self) -> list[dict[str, Any]]:
        """The replies sent (what PostkorbAntwortVerfasst would carry)."""
        return self.ausgang

    @rpc
    def abrufe(self, nachricht_id: str) -> list[str]:
        return self.nachrichten[nachricht_id]["abrufe"]

    # the interface ---------------------------------------------------------------------------

    @rpc
    def ungelesen(self) -> int:
        person = self._person()
        return sum(
            1
            for n in self.nachrichten.values()
            if not n["gelesen"] and self.threads[n["thread_id"]]["person_id"] == person
        )

    @rpc
    def postfach(self, archiv: bool = False) -> dict[str, Any]:
        person = self._person()
        threads = []
        for thread in self.threads.values():
            if thread["person_id"] != person or thread["archiviert"] != archiv:
                continue
            eigene = [n for n in self.nachrichten.values() if n["thread_id"] == thread["id"]]
            threads.append(
                {
                    "id": thread["id"],
                    "betreff": thread["betreff"],
                    "antrag_id": thread["antrag_id"],
                    "art": thread["art"],
                    "archiviert": thread["archiviert"],
                    "letzte_nachricht_am": max(n["am"] for n in eigene),
                    "ungelesen": sum(1 for n in eigene if not n["gelesen"]),
                }
            )
        threads.sort(key=lambda t: t["letzte_nachricht_am"], reverse=True)
        return {"ungelesen": self.ungelesen(), "threads": threads}

    @rpc
    def thread(self, thread_id: str) -> dict[str, Any]:
        thread = self._thread(thread_id)
        return {
            "id": thread["id"],
            "betreff": thread["betreff"],
            "antrag_id": thread["antrag_id"],
            "art": thread["art"],
            "archiviert": thread["archiviert"],
            "antwort_moeglich": thread["antwort_moeglich"],
            "nachrichten": [
                {
                    "id": n["id"],
                    "art": n["art"],
                    "absender": n["absender"],
                    "betreff": n["betreff"],
                    "am": n["am"],
                    "gelesen": n["gelesen"],
                    **({"zustellstatus": n["zustellstatus"]} if "zustellstatus" in n else {}),
                    "anlagen_anzahl": len(n["anlagen"]),
                }
                for n in self.nachrichten.values()
                if n["thread_id"] == thread["id"]
            ],
        }

    @rpc
    def nachricht(self, nachricht_id: str, anmeldung: str) -> dict[str, Any]:
        if anmeldung not in ("passwort", "oidc", "sitzung"):
            raise EingabeUngueltig("anmeldung_ungueltig")
        nachricht = self._nachricht(nachricht_id)
        nachricht["abrufe"].append(anmeldung)  # the real service keeps the first one
        nachricht["gelesen"] = True
        antwort = {
            key: value
            for key, value in nachricht.items()
            if key not in ("abrufe", "anlagen") and value is not None
        }
        antwort["widerspruch_hinweis"] = nachricht["art"] == "bescheid"
        antwort["anlagen"] = [
            {key: a[key] for key in ("id", "dateiname", "groesse", "medientyp", "pruefung")}
            for a in nachricht["anlagen"]
        ]
        return antwort

    @rpc
    def anlage(self, nachricht_id: str, anlage_id: str) -> dict[str, Any]:
        nachricht = self._nachricht(nachricht_id)
        for anlage in nachricht["anlagen"]:
            if anlage["id"] == anlage_id:
                return {k: anlage[k] for k in ("dateiname", "medientyp", "inhalt")}
        raise NichtGefunden("anlage_nicht_gefunden")

    @rpc
    def nachricht_pdf(self, nachricht_id: str) -> dict[str, Any]:
        nachricht = self._nachricht(nachricht_id)
        inhalt = b"%PDF-1.7\n% " + nachricht["id"].encode() + b"\n%%EOF\n"
        return {"dateiname": "nachricht.pdf", "inhalt": base64.b64encode(inhalt).decode()}

    @rpc
    def antwort_entwerfen(
        self, thread_id: str, text: str, dateien: list[dict[str, str]] | None = None
    ) -> dict[str, Any]:
        thread = self._thread(thread_id)
        if not thread["antwort_moeglich"]:
            raise Konflikt("antwort_nicht_moeglich")
        felder = []
        if not text.strip():
            felder.append({"feld": "text", "code": "leer"})
        anlagen = []
        for nummer, datei in enumerate(dateien or []):
            inhalt = base64.b64decode(datei["inhalt"])
            medientyp = next((m for s, m in SIGNATUREN.items() if inhalt.startswith(s)), None)
            if medientyp is None:
                felder.append({"feld": f"dateien[{nummer}]", "code": "dateityp_nicht_erlaubt"})
                continue
            anlagen.append(
                {
                    "id": str(uuid.uuid4()),
                    "dateiname": datei["dateiname"],
                    "groesse": len(inhalt),
                    "medientyp": medientyp,
                    "pruefung": "infiziert" if TESTSIGNATUR in inhalt else "sauber",
                    "inhalt": datei["inhalt"],
                }
            )
        if felder:
            raise EingabeUngueltig("datei_ungueltig", felder=felder)
        entwurf_id = str(uuid.uuid4())
        self.entwuerfe[entwurf_id] = {
            "person_id": self._person(),
            "thread_id": thread_id,
            "text": text,
            "anlagen": anlagen,
            "gesendet": False,
        }
        return self._entwurf(entwurf_id)

    @rpc
    def antwort_senden(self, entwurf_id: str) -> dict[str, Any]:
        entwurf = self.entwuerfe.get(entwurf_id)
        if entwurf is None or entwurf["person_id"] != self._person():
            raise NichtGefunden("entwurf_nicht_gefunden")
        if entwurf["gesendet"]:
            raise Konflikt("entwurf_bereits_gesendet")
        nicht_sauber = [
            {"id": a["id"], "pruefung": a["pruefung"]}
            for a in entwurf["anlagen"]
            if a["pruefung"] != "sauber"
        ]
        if nicht_sauber:
            raise AnlageNichtSauber("anlage_nicht_sauber", details={"anlagen": nicht_sauber})
        entwurf["gesendet"] = True
        nachricht_id = str(uuid.uuid4())
        self.nachrichten[nachricht_id] = {
            "id": nachricht_id,
            "thread_id": entwurf["thread_id"],
            "art": "antwort",
            "absender": "person",
            "betreff": "Ihre Antwort",
            "text": entwurf["text"],
            "am": _jetzt(),
            "gelesen": True,
            "abrufe": [],
            "zustellstatus": "gesendet",
            "anlagen": entwurf["anlagen"],
        }
        thread = self.threads[entwurf["thread_id"]]
        self.ausgang.append(
            {
                "nachricht_id": nachricht_id,
                "antrag_id": thread["antrag_id"],
                "text": entwurf["text"],
                "dateinamen": [a["dateiname"] for a in entwurf["anlagen"]],
            }
        )
        return {
            "nachricht_id": nachricht_id,
            "thread_id": thread["id"],
            "zustellstatus": "gesendet",
        }

    @rpc
    def archivieren(self, thread_id: str, archiviert: bool) -> dict[str, Any]:
        thread = self._thread(thread_id)
        thread["archiviert"] = bool(archiviert)
        return {"id": thread_id, "archiviert": thread["archiviert"]}

    @rpc
    def einwilligung(self) -> dict[str, Any]:
        stand = self.einwilligungen.get(self._person(), {"erteilt": False})
        return {**stand, "aktuelle_textversion": TEXTVERSION}

    @rpc
    def einwilligung_setzen(
        self, erteilt: bool, textversion: str, benachrichtigung_email: Any = KEINE_AENDERUNG
    ) -> dict[str, Any]:
        """The address: left out, unchanged; None or "", removed. Consent needs one."""
        person = self._person()
        if erteilt and textversion != TEXTVERSION:
            raise EingabeUngueltig("textversion_ungueltig")
        stand = self.einwilligungen.setdefault(person, {"erteilt": False})
        if benachrichtigung_email is not KEINE_AENDERUNG:
            if benachrichtigung_email:
                stand["benachrichtigung_email"] = benachrichtigung_email
            else:
                stand.pop("benachrichtigung_email", None)
        if erteilt and not stand.get("benachrichtigung_email"):
            raise EingabeUngueltig(
                "email_ungueltig", felder=[{"feld": "benachrichtigung_email", "code": "fehlt"}]
            )
        if erteilt:
            stand.update(erteilt=True, erteilt_am=_jetzt(), textversion=textversion)
            stand.pop("widerrufen_am", None)
        elif stand["erteilt"]:
            stand.update(erteilt=False, widerrufen_am=_jetzt())
        return self.einwilligung()

    # helpers ---------------------------------------------------------------------------------

    def _person(self) -> str:
        if not self.person_id:
            raise NichtAngemeldet("nicht_angemeldet")
        return self.person_id

    def _thread(self, thread_id: str) -> dict[str, Any]:
        thread = self.threads.get(thread_id) if isinstance(thread_id, str) else None
        if thread is None or thread["person_id"] != self._person():
            raise NichtGefunden("thread_nicht_gefunden")
        return thread

    def _nachricht(self, nachricht_id: str) -> dict[str, Any]:
        nachricht = self.nachrichten.get(nachricht_id) if isinstance(nachricht_id, str) else None
        if nachricht is None or self.threads[nachricht["thread_id"]]["person_id"] != self._person():
            raise NichtGefunden("nachricht_nicht_gefunden")
        return nachricht

    def _entwurf(self, entwurf_id: str) -> dict[str, Any]:
        entwurf = self.entwuerfe[entwurf_id]
        thread = self.threads[entwurf["thread_id"]]
        return {
            "entwurf_id": entwurf_id,
            "thread_id": entwurf["thread_id"],
            "text": entwurf["text"],
            "anlagen": [{k: v for k, v in a.items() if k != "inhalt"} for a in entwurf["anlagen"]],
            "widerspruch_hinweis": any(
                n["art"] == "bescheid"
                for n in self.nachrichten.values()
                if n["thread_id"] == thread["id"]
            ),
        }
