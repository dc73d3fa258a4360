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
EINGAENGE_OFFEN = Gauge(
    "xta_eingaenge_offen",
    "Parked inbound messages an operator has not closed: geparkt (fetched, unreadable) and "
    "zurueckgehalten (not fetched, left in the MsgBox)",
    ["status"],
)
POSTFACH_ABRUFE = Counter("xta_postfach_abrufe_total", "MsgBox polls by outcome", ["ergebnis"])
POSTFACH_FEHLER_IN_FOLGE = Gauge(
    "xta_postfach_abrufe_fehlgeschlagen_in_folge",
    "MsgBox polls failed in a row (0 after a good one)",
)
POSTFACH_LETZTER_ERFOLG = Gauge(
    "xta_postfach_letzter_erfolg_timestamp_seconds", "Unix time of the last successful MsgBox poll"
)
ENDGUELTIG_FEHLGESCHLAGEN = Counter(
    "xta_zustellungen_endgueltig_fehlgeschlagen_total",
    "Deliveries that failed for a reason no retry can mend (invalid XÖV, rendering, no "
    "reader, content refused), by code and Jobcenter",
    ["code", "jobcenter"],
)
