"""The Postkorb end to end over RabbitMQ (`nameko run` processes, the XTA2 counterpart, a
clamd): an application submitted → "eingereicht" and "zugestellt" in the person's thread; the
Jobcenter writes a Bescheid with a file back at the counterpart → filed in the right mailbox,
the file fetched through the xta-gateway; the person replies with a photo → exactly one
postkorb.antwort.0201 at the counterpart naming the application, and the thread says
"zugestellt"; a file with the test signature is refused; another person sees none of it.
All names are this run's own (ADR 0017)."""

from __future__ import annotations

import base64
import sys
import uuid
from pathlib import Path

import pytest
from lxml import etree
from nameko.exceptions import RemoteError
from nameko.standalone.rpc import ClusterRpcClient

from kernel.nameko.rpc import rpc_publish_options
from kernel.testing import ServiceProcess
from postkorb.clamd_eingebettet import eicar

REPO = Path(__file__).resolve().parents[4]
sys.path.append(str(REPO / "services" / "xta-gateway" / "tests"))
import xta_testhilfen as hilfen  # noqa: E402

pytestmark = pytest.mark.rabbitmq
HIER = Path(__file__).resolve().parent
NS = {"soz": "urn:xoev-de:sozialplattform:schemata:antrag:1"}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def als_person(dienst: str, person_id: str) -> ClusterRpcClient:
    return ClusterRpcClient(
        context_data={"person_id": person_id},
        uri=hilfen.AMQP,
        timeout=30,
        **rpc_publish_options(hilfen.AMQP),
    )


def test_a_bescheid_in_and_one_reply_out_through_the_real_services(
    tmp_path: Path, clamd: str
) -> None:
    gegenstelle = hilfen.Gegenstelle(tmp_path / "gegenstelle", bericht_verzoegerung=0.1).starten()
    antrag, antrag_name = hilfen.attrappe(tmp_path, "antrag")
    quelle_antrag = hilfen.eigene_quelle()
    postkorb_name = f"postkorb_{uuid.uuid4().hex[:8]}"
    xta = hilfen.xta_gateway(
        tmp_path,
        gegenstelle,
        antrag_name,
        quelle=quelle_antrag,
        quelle_postkorb=postkorb_name,
        postkorb_dienst=postkorb_name,
    )
    postkorb = ServiceProcess(
        "postkorb_testdienst:PostkorbTestdienst",
        cwd=REPO,
        log_path=tmp_path / "postkorb.log",
        ready_timeout=60,
        env={
            "TEST_DIENSTNAME": postkorb_name,
            "TEST_QUELLE_ANTRAG": quelle_antrag,
            "TEST_QUELLE_XTA": xta.dienstname,
            "SOZ_XTA_GATEWAY_DIENST": xta.dienstname,
            "PYTHONPATH": str(HIER),
            "SOZ_DATA_DIR": str(tmp_path / "postkorb"),
            "SOZ_CLAMD_SOCKET": clamd,
            "SOZ_POSTKORB_TAKT_SEKUNDEN": "0.3",
            "SOZ_SMTP_PORT": "1",  # no relay: mails are retried, the test does not need them
            "SOZ_LOG_LEVEL": "WARNING",
        },
    )
    veroeffentlicher = hilfen.Veroeffentlicher(quelle_antrag)
    jobcenter_id = hilfen.zufalls_jobcenter()
    try:
        antrag.start()
        xta.start()
        postkorb.start()
        umschlag = hilfen.antrag_eingereicht(jobcenter_id)
        person, antrag_id = umschlag.payload["person_id"], umschlag.payload["antrag_id"]
        veroeffentlicher.senden(umschlag)
        with (
            als_person(postkorb_name, person) as erika,
            als_person(postkorb_name, str(uuid.uuid4())) as fremd,
        ):
            dienst = erika[postkorb_name]

            def arten() -> list[str]:
                threads = dienst.postfach()["threads"]
                if not threads:
                    return []
                return [n["art"] for n in dienst.thread(threads[0]["id"])["nachrichten"]]

            assert hilfen.warten_bis(lambda: arten() == ["eingereicht", "zugestellt"], 30), (
                arten(),
                postkorb.log()[-3000:],
            )

            # the Jobcenter writes a Bescheid with a file back
            bescheid_message_id = gegenstelle.antworten(
                leser="sozialplattform:test",
                autor=f"jobcenter:{jobcenter_id}",
                service="urn:xoev-de:sozialplattform:dienst:postkorb",
                postkorbnachricht={
                    "art": "bescheid",
                    "antrag_id": antrag_id,
                    "aktenzeichen": "BG-2026-1",
                    "antwortadresse": "team-1@jobcenter.example.org",
                    "betreff": "Bescheid über Bürgergeld",
                    "text": "Wir bewilligen Ihnen Bürgergeld.",
                },
                anlagen=[
                    {
                        "dateiname": "bescheid.png",
                        "mime": "image/png",
                        "daten_base64": base64.b64encode(PNG).decode(),
                    }
                ],
            )
            assert hilfen.warten_bis(lambda: arten()[-1:] == ["bescheid"], 30), (
                arten(),
                xta.log()[-3000:],
            )
            [thread] = dienst.postfach()["threads"]
            assert (thread["antrag_id"], thread["ungelesen"]) == (antrag_id, 3)
            bescheid_id = dienst.thread(thread["id"])["nachrichten"][-1]["id"]
            bescheid = dienst.nachricht(bescheid_id, "passwort")
            assert (bescheid["aktenzeichen"], bescheid["widerspruch_hinweis"]) == (
                "BG-2026-1",
                True,
            )
            [datei] = bescheid["anlagen"]
            geholt = dienst.anlage(bescheid_id, datei["id"])
            assert base64.b64decode(geholt["inhalt"]) == PNG

            # nobody else sees any of it, even with the ids
            fremder = fremd[postkorb_name]
            assert fremder.postfach() == {"ungelesen": 0, "threads": []}
            for aufruf in (
                lambda: fremder.thread(thread["id"]),
                lambda: fremder.nachricht(bescheid_id, "passwort"),
                lambda: fremder.anlage(bescheid_id, datei["id"]),
            ):
                with pytest.raises(RemoteError) as fehler:
                    aufruf()
                assert fehler.value.exc_type == "NichtGefunden"

            # a file with the test signature is refused
            verseucht = dienst.antwort_entwerfen(
                thread["id"],
                "Anbei",
                [{"dateiname": "x.png", "inhalt": base64.b64encode(PNG + eicar()).decode()}],
            )
            assert verseucht["anlagen"][0]["pruefung"] == "infiziert"
            with pytest.raises(RemoteError) as fehler:
                dienst.antwort_senden(verseucht["entwurf_id"])
            assert fehler.value.exc_type == "AnlageNichtSauber"

            # a reply with a photo: exactly one delivery, naming the application
            entwurf = dienst.antwort_entwerfen(
                thread["id"],
                "Danke, anbei ein Foto.",
                [{"dateiname": "foto.png", "inhalt": base64.b64encode(PNG).decode()}],
            )
            gesendet = dienst.antwort_senden(entwurf["entwurf_id"])

            def zustellstatus() -> str | None:
                for n in dienst.thread(thread["id"])["nachrichten"]:
                    if n["id"] == gesendet["nachricht_id"]:
                        return n.get("zustellstatus")
                return None

            assert hilfen.warten_bis(lambda: zustellstatus() == "zugestellt", 30), (
                zustellstatus(),
                xta.log()[-3000:],
            )

            def beim_jobcenter() -> dict[str, list[etree._Element]]:
                gefunden: dict[str, list[etree._Element]] = {}
                for eintrag in gegenstelle.nachrichten(f"jobcenter:{jobcenter_id}"):
                    dokument = etree.fromstring(gegenstelle.nachricht(eintrag["message_id"]))
                    gefunden.setdefault(etree.QName(dokument).localname, []).append(dokument)
                return gefunden

            # the reply; and for the Bescheid (no consent was given): the end of provision at
            # once, the retrieval receipt when the person opened it
            erwartet = {
                "antrag.einreichung.0101",
                "postkorb.antwort.0201",
                "postkorb.abrufbestaetigung.0204",
                "postkorb.bereitstellungsende.0205",
            }
            assert hilfen.warten_bis(lambda: set(beim_jobcenter()) == erwartet, 30), (
                set(beim_jobcenter()),
                xta.log()[-3000:],
            )
            gefunden = beim_jobcenter()
            assert {typ: len(d) for typ, d in gefunden.items()} == dict.fromkeys(erwartet, 1)
            [antwort] = gefunden["postkorb.antwort.0201"]
            assert antwort.findtext(".//soz:antragsID", namespaces=NS) == antrag_id
            assert len(antwort.findall(".//soz:anlage", NS)) == 1
            [quittung] = gefunden["postkorb.abrufbestaetigung.0204"]
            [ende] = gefunden["postkorb.bereitstellungsende.0205"]
            for meldung in (quittung, ende):
                assert meldung.findtext(".//soz:bezugMessageID", namespaces=NS) == (
                    bescheid_message_id
                )
            assert ende.findtext(".//soz:grund/code", namespaces=NS) == "keine_einwilligung"
        assert "Bürgergeld" not in postkorb.log()
    finally:
        postkorb.stop()
        xta.aufraeumen()
        antrag.aufraeumen()
        gegenstelle.stoppen()
        veroeffentlicher.schliessen()
        hilfen.queues_loeschen(
            *(
                f"{postkorb_name}.{methode}"
                for methode in (
                    "on_antrag_eingereicht",
                    "on_nachricht_empfangen",
                    "on_nachricht_zugestellt",
                    "on_zustellung_fehlgeschlagen",
                    "on_termin_gebucht",
                    "on_termin_verschoben",
                    "on_termin_storniert",
                    "on_konto_geloescht",
                )
            ),
            f"rpc-{postkorb_name}",
            exchanges=(f"{postkorb_name}.events",),
        )
