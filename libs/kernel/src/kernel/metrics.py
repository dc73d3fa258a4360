"""Prometheus metrics of the kernel. Labels are service, event type or handler names, never data."""

from prometheus_client import Counter, Gauge, Histogram

EVENTS_APPENDED = Counter(
    "kernel_events_appended_total", "Events appended to the event store", ["service"]
)
OUTBOX_PUBLISHED = Counter(
    "kernel_outbox_published_total", "Outbox messages published and confirmed", ["service"]
)
OUTBOX_PENDING = Gauge(
    "kernel_outbox_pending", "Outbox rows not yet confirmed by the broker", ["service"]
)
OUTBOX_LAG = Gauge(
    "kernel_outbox_lag_seconds",
    "Age of the oldest outbox row at the relay's last pass (0 when empty)",
    ["service"],
)
HANDLER_LATENCY = Histogram(
    "kernel_handler_duration_seconds",
    "Time an event handler took",
    ["service", "handler"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
HANDLER_RETRIES = Counter(
    "kernel_handler_retries_total",
    "Failed handler runs scheduled for retry",
    ["service", "handler"],
)
DEAD_LETTERS = Counter(
    "kernel_dead_letters_total",
    "Messages parked in the dead-letter queue",
    ["service", "handler", "reason"],
)
DUPLICATES_SKIPPED = Counter(
    "kernel_duplicates_skipped_total",
    "Redelivered events acknowledged and skipped",
    ["service", "handler"],
)
