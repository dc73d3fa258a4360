"""Deleting the account through the gateway, with the real antrag service behind it (issue 11,
item 13; docs/adr/0092): KontoGeloescht goes out through the gateway's outbox, antrag erases
the person's drafts and keeps the application the person filed."""

from __future__ import annotations

import time

from gateway_antrag_plattform import (
    EINSTIEGSGELD,
    AntragKlient,
    Plattform,
)
from gateway_test_support import PASSWORT, Klient
from nameko.standalone.rpc import ClusterRpcClient

from kernel.nameko.rpc import rpc_publish_options


def _meine_antraege(plattform: Plattform, person_id: str) -> list[dict]:
    """What antrag holds for the person, asked as the gateway asks (its broker user)."""
    uri = plattform.amqp_uri
    with ClusterRpcClient(
        context_data={"person_id": person_id}, uri=uri, **rpc_publish_options(uri)
    ) as rpc:
        return rpc.antrag.meine_antraege()


def test_deleting_the_account_erases_the_drafts_and_keeps_the_filed_application(
    antrag_plattform: Plattform,
) -> None:
    klient = AntragKlient(antrag_plattform.url).konto()
    entwurf = klient.anlegen("einstiegsgeld")
    klient.speichern(entwurf, "antragsteller", EINSTIEGSGELD["antragsteller"])
    gestellt = klient.anlegen("einstiegsgeld")
    klient.jobcenter_abwarten(gestellt)
    klient.ausfuellen(gestellt, {"antragsteller": EINSTIEGSGELD["antragsteller"]})
    assert klient.einreichen(gestellt, "kurzantrag").status_code == 202
    vorher = {antrag["id"] for antrag in _meine_antraege(antrag_plattform, klient.person_id)}
    assert vorher == {entwurf, gestellt}

    antwort = klient.mit_csrf("POST", "/api/v1/konto/loeschung", json={"passwort": PASSWORT})
    assert antwort.status_code == 204, antwort.text

    ende = time.monotonic() + 30
    while time.monotonic() < ende:
        uebrig = {a["id"] for a in _meine_antraege(antrag_plattform, klient.person_id)}
        if uebrig == {gestellt}:
            break
        time.sleep(0.2)
    assert uebrig == {gestellt}, antrag_plattform.antrag.log()[-3000:]
    neu = Klient(antrag_plattform.url)
    assert neu.get("/api/v1/antraege").status_code == 401
    assert klient.get(f"/api/v1/antraege/{gestellt}").status_code == 401
