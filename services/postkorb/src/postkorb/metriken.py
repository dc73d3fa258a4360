"""Prometheus metrics of the postkorb service: codes and counts only, never a person or a text."""

from prometheus_client import Counter, Gauge

PRUEFUNGEN = Counter(
    "postkorb_pruefungen_total",
    "clamd scans of files by result (sauber, infiziert, zu_gross, pruefung_fehlgeschlagen)",
    ["ergebnis"],
)
BENACHRICHTIGUNGEN = Counter(
    "postkorb_benachrichtigungen_total",
    "Notification mails by outcome (gesendet, wiederholt, aufgegeben)",
    ["ergebnis"],
)
KLAERUNGEN_OFFEN = Gauge(
    "postkorb_klaerungen_offen",
    "Jobcenter messages no person could be found for, waiting for an operator",
)
BEREITSTELLUNGEN_BEENDET = Counter(
    "postkorb_bereitstellungen_beendet_total",
    "Notices not given by retrieval, by reason (the Jobcenter must notify another way)",
    ["grund"],
)
