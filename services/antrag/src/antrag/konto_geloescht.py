"""When a person deletes their account (KontoGeloescht from the gateway, docs/adr/0092): their
drafts are erased, their submitted applications stay.

A draft is the person's alone: its data key is forgotten (answers and files can never be read
again, backups included), its files removed, and EntwurfGeloescht (grund konto_geloescht)
hides it from every view, as the retention sweep does (docs/adr/0036). A submitted, delivered
or withdrawn application is the Jobcenter's record and the platform's proof of the date
(§ 37 SGB II): it is kept under its own key, unchanged; nobody can log in as the person any
more to see it. Erasing those too is an operator's decision after the retention duty ends
(`kernel forget --subject <person id>`).
"""

from __future__ import annotations

import structlog

from antrag.domain.model import ENTWURF, Antrag
from antrag.projections import antraege_von
from kernel.envelope import Envelope
from kernel.unit_of_work import UnitOfWork

log = structlog.get_logger("antrag.konto_geloescht")
GRUND = "konto_geloescht"


def entwuerfe_loeschen(event: Envelope, uow: UnitOfWork) -> None:
    """In the consumer's transaction (kernel.consuming.handle_once). The keys are forgotten
    first: a retry after a failed commit finds the drafts again and finishes them."""
    person_id = str(event.payload["person_id"])
    application = uow.application
    geloescht = 0
    for antrag_id in antraege_von(uow.connection, person_id):
        antrag = uow.repository(Antrag).find(antrag_id)
        if antrag is None or antrag.status != ENTWURF or antrag.geloescht:
            continue
        application.antrag_vergessen(antrag_id)
        antrag.entwurf_loeschen(event.payload["geloescht_am"], grund=GRUND)
        geloescht += 1
    log.info("entwuerfe_des_kontos_geloescht", person_id=person_id, anzahl=geloescht)
