"""Prometheus metrics of the xta-gateway. Labels: states, operations, codes and Träger-Nr."""

from prometheus_client import Counter, Gauge, Histogram

ZUSTELLUNGEN = Gauge(
    "xta_zustellungen", "Deliveries by state and Jobcenter (Träger-Nr)", ["status", "jobcenter"]
)
ABGESCHLOSSEN = Counter(
    "xta_zustellungen_abgeschlossen_total",
    "Deliveries that reached a final state",
    ["ergebnis", "jobcenter"],
)
ZUSTELLDAUER = Histogram(
    "xta_zustelldauer_seconds",
    "From opening a delivery to its final state",
    buckets=(0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 3600),
)
AUFRUFE = Counter(
    "xta_aufrufe_total", "XTA calls by operation and outcome", ["operation", "ergebnis"]
)
AUFRUF_DAUER = Histogram(
    "xta_aufruf_dauer_seconds",
    "Duration of XTA calls",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
EINGAENGE = Counter("xta_eingaenge_total", "Messages fetched from the MsgBox", ["ergebnis"])
