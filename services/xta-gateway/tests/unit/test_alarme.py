"""deploy/monitoring/xta-gateway-alerts.yaml: a rule file Prometheus loads, on metrics this
service exports (docs/adr/0063, 0065)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from prometheus_client import REGISTRY
from prometheus_client.metrics import MetricWrapperBase

from xta_gateway import metriken

DATEI = Path(__file__).resolve().parents[4] / "deploy" / "monitoring" / "xta-gateway-alerts.yaml"


def _exportierte_namen() -> set[str]:
    """Every sample name the service's metrics can have (counters with _total, …)."""
    namen: set[str] = set()
    for metrik in vars(metriken).values():
        if isinstance(metrik, MetricWrapperBase):
            for familie in metrik.describe():
                namen.add(familie.name)
                namen.update(f"{familie.name}{s}" for s in ("_total", "_bucket", "_sum", "_count"))
    return namen


def test_the_alert_rules_parse_and_use_only_metrics_the_service_exports() -> None:
    regeln = yaml.safe_load(DATEI.read_text(encoding="utf-8"))
    alarme = [regel for gruppe in regeln["groups"] for regel in gruppe["rules"]]
    assert {regel["alert"] for regel in alarme} >= {
        "XtaPostfachAbrufFehlgeschlagen",
        "XtaPostfachOhneErfolgreichenAbruf",
        "XtaEingangGeparkt",
        "XtaZustellungEndgueltigFehlgeschlagen",
    }
    exportiert = _exportierte_namen()
    for regel in alarme:
        assert set(regel) <= {"alert", "expr", "for", "labels", "annotations"}, regel["alert"]
        assert regel["labels"]["severity"] in ("critical", "warning")
        assert regel["annotations"]["summary"]
        benutzt = set(re.findall(r"\bxta_[a-z_]+\b", regel["expr"]))
        assert benutzt and benutzt <= exportiert, (regel["alert"], benutzt - exportiert)
        if "for" in regel:
            assert re.fullmatch(r"\d+[smh]", regel["for"])


def test_the_poll_alert_fires_at_the_count_that_makes_the_replica_unready() -> None:
    from xta_gateway.adapters.xta2_v3 import XtaEinstellungen
    from xta_gateway.konfiguration import Konfiguration

    regeln = yaml.safe_load(DATEI.read_text(encoding="utf-8"))
    (regel,) = [
        r
        for g in regeln["groups"]
        for r in g["rules"]
        if r["alert"] == "XtaPostfachAbrufFehlgeschlagen"
    ]
    schwelle = int(re.search(r">=\s*(\d+)", regel["expr"]).group(1))
    standard = Konfiguration(xta=XtaEinstellungen.aus_umgebung({})).postfach_fehler_unbereit
    assert schwelle == standard
    assert REGISTRY.get_sample_value("xta_postfach_abrufe_fehlgeschlagen_in_folge") is not None
