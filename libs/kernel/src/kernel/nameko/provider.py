"""EventSourcing: the dependency provider that gives a nameko service its kernel Application.

It builds the Application once per container (database, key store, schema, projections), runs
the outbox relay beside the workers, and hands each worker a ServiceContext carrying the
correlation of the current citizen action and, for an RPC the gateway made, the person it acts
for.

The person comes from the context data ("person_id"), which any caller can write. It is taken
only when the request reached the kernel's RPC entrypoint with the broker-validated user of the
gateway (``kernel.nameko.rpc.BROKER_USER``, docs/adr/0074); from anyone else the claim is
dropped (and logged without the id): the call then acts for no person, and what needs one is
refused by the service as for a caller who is not logged in.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass

import structlog
from nameko import config
from nameko.extensions import DependencyProvider
from sqlalchemy import text

from kernel.amqp_publisher import ConfirmingPublisher
from kernel.application import Application
from kernel.config import Settings
from kernel.consuming import Handler, handle_once
from kernel.envelope import Envelope, new_id
from kernel.logs import bind_correlation, configure_logging
from kernel.nameko.rpc import BROKER_USER, LightRpc
from kernel.outbox import OutboxRelay
from kernel.unit_of_work import UnitOfWork

log = structlog.get_logger("kernel.nameko")

Bootstrap = Callable[[Settings], Application]


@dataclass
class ServiceContext:
    """What a worker gets: the application and the ids of the action it works for."""

    application: Application
    correlation_id: str
    causation_id: str | None
    readiness: Callable[[], dict[str, bool]]
    # The authenticated person the call is made for (pseudonymous id), as the gateway put it
    # into the nameko context data ("person_id"); None for calls on no one's behalf. Services
    # enforce ownership with it: a person reads and changes only their own data. Set only
    # when the gateway's broker user published the request (docs/adr/0074).
    person_id: str | None = None
    # The broker user that published the RPC request, as RabbitMQ validated it (None for
    # other entrypoints and for requests that named no user): who is asking.
    broker_user: str | None = None

    def unit_of_work(self) -> UnitOfWork:
        return self.application.unit_of_work(
            correlation_id=self.correlation_id, causation_id=self.causation_id
        )

    def handle_once(self, consumer: str, envelope: Envelope, handler: Handler) -> bool:
        return handle_once(self.application, consumer, envelope, handler)


class EventSourcing(DependencyProvider):
    def __init__(self, bootstrap: Bootstrap, *, run_relay: bool = True) -> None:
        self.bootstrap = bootstrap
        self.run_relay = run_relay
        self.application: Application | None = None
        self.relay: OutboxRelay | None = None
        self.gateway_broker_user = ""

    def setup(self) -> None:
        stop_promptly_on_sigterm()
        settings = Settings.from_env(self.container.service_name)
        configure_logging(settings.service_name, settings.log_level)
        if not settings.database_url.startswith("sqlite"):
            _make_psycopg_green()
        self.gateway_broker_user = settings.gateway_broker_user
        self.application = self.bootstrap(settings)
        self.application.create_schema()
        if self.run_relay:
            amqp_uri = config.get("AMQP_URI", settings.amqp_uri)
            self.relay = OutboxRelay(self.application.store, ConfirmingPublisher(amqp_uri))

    def start(self) -> None:
        if self.relay is not None:
            self.container.spawn_managed_thread(self.relay.run, identifier="outbox-relay")
            self.relay.wake()  # rows left from before a restart go out at once

    def stop(self) -> None:
        if self.relay is not None:
            self.relay.stop()

    def kill(self) -> None:
        self.stop()

    def get_dependency(self, worker_ctx) -> ServiceContext:  # noqa: ANN001
        data = worker_ctx.data
        correlation_id = data.get("correlation_id") or new_id()
        data["correlation_id"] = correlation_id  # travels on with every RPC this worker makes
        causation_id = data.get("causation_id")
        bind_correlation(correlation_id, causation_id)
        caller = data.get(BROKER_USER) if isinstance(worker_ctx.entrypoint, LightRpc) else None
        person_id = data.get("person_id")
        if person_id is not None and (caller is None or caller != self.gateway_broker_user):
            # Not the gateway: the claim goes, also from what this worker sends on.
            del data["person_id"]
            person_id = None
            log.warning(
                "person_ohne_gateway_verworfen",
                broker_user=caller or "unbekannt",
                entrypoint=worker_ctx.entrypoint.method_name,
            )
        return ServiceContext(
            self.application,
            correlation_id,
            causation_id,
            self.readiness,
            person_id,
            caller if isinstance(caller, str) else None,
        )

    def readiness(self) -> dict[str, bool]:
        """What /health/ready reports: the database answers, the relay can publish."""
        checks = {"database": False, "outbox_relay": self.relay is None or self.relay.healthy}
        try:
            with self.application.database.read() as connection:
                connection.execute(text("SELECT 1"))
            checks["database"] = True
        except Exception as error:  # noqa: BLE001 - reported as not ready
            log.warning("database_unreachable", error_type=type(error).__name__)
        return checks


def stop_promptly_on_sigterm() -> None:
    """Make SIGTERM (what Kubernetes sends) stop the service as SIGINT does.

    `nameko run` answers SIGTERM by scheduling a stop on the eventlet hub, which runs it only
    when the hub next wakes: an idle service took seconds. SIGINT raises KeyboardInterrupt in
    the main loop at once, and `nameko run` then stops the service gracefully. Called in
    setup, which runs after `nameko run` installed its own handler.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.default_int_handler)


_green_lock = threading.Lock()
_green_done = False


def _make_psycopg_green() -> None:
    """Under eventlet, let psycopg2 yield to other green threads while it waits on the socket
    (docs/adr/0002). Without monkey patching this is not needed and not done."""
    global _green_done
    import eventlet.patcher

    with _green_lock:
        if _green_done or not eventlet.patcher.is_monkey_patched("socket"):
            return
        from psycogreen.eventlet import patch_psycopg

        patch_psycopg()
        _green_done = True
