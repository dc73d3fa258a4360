"""/health/live, /health/ready and /metrics for every service (mix into the service class).

``OperationsEndpoints`` serves them on the service's HTTP port: right for a service nobody
outside reaches. A service with citizen traffic on its HTTP port (the gateway) mixes in
``SeparateOperationsEndpoints`` instead, which serves them on an operations port of their own
(SOZ_OPS_PORT), so that the public port never tells what runs inside (docs/adr/0073).
"""

from __future__ import annotations

import json
import os

from nameko import config
from nameko.constants import WEB_SERVER_CONFIG_KEY
from nameko.exceptions import ConfigurationError
from nameko.web.handlers import HttpRequestHandler, http
from nameko.web.server import BindAddress, WebServer, parse_address
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from werkzeug.wrappers import Response

from kernel.amqp_publisher import ConfirmingPublisher

OPS_WEB_SERVER_CONFIG_KEY = "OPS_WEB_SERVER_ADDRESS"


class OperationsEndpoints:
    """Readiness asks every ``EventSourcing`` dependency of the service and the broker; a
    service with more to check overrides ``readiness_checks``."""

    @http("GET", "/health/live")
    def health_live(self, request) -> Response:  # noqa: ANN001
        return Response(json.dumps({"status": "live"}), mimetype="application/json")

    @http("GET", "/health/ready")
    def health_ready(self, request) -> Response:  # noqa: ANN001
        checks = self.readiness_checks()
        ready = all(checks.values())
        return Response(
            json.dumps({"status": "ready" if ready else "not_ready", "checks": checks}),
            status=200 if ready else 503,
            mimetype="application/json",
        )

    @http("GET", "/metrics")
    def metrics(self, request) -> Response:  # noqa: ANN001
        return Response(generate_latest(), content_type=CONTENT_TYPE_LATEST)

    def readiness_checks(self) -> dict[str, bool]:
        from kernel.nameko.provider import ServiceContext

        checks: dict[str, bool] = {}
        for value in vars(self).values():
            if isinstance(value, ServiceContext):
                checks.update(value.readiness())
        checks["broker"] = _broker_reachable()
        return checks


class OperationsWebServer(WebServer):
    """A second web server of the service (nameko shares one server per class, so this is not
    the HTTP port's). Bound to OPS_WEB_SERVER_ADDRESS of the nameko config, else to SOZ_OPS_PORT
    on the HTTP port's host (127.0.0.1 under `make run`, all addresses in a pod)."""

    @property
    def bind_addr(self) -> BindAddress:
        address = config.get(OPS_WEB_SERVER_CONFIG_KEY)
        if address:
            return parse_address(address)
        port = os.environ.get("SOZ_OPS_PORT", "").strip()
        if not port.isdigit():
            raise ConfigurationError(
                "this service serves /health/* and /metrics on an operations port of their own: "
                f"set SOZ_OPS_PORT (a port number, got {port!r}) or {OPS_WEB_SERVER_CONFIG_KEY}"
            )
        host = parse_address(config.get(WEB_SERVER_CONFIG_KEY, "0.0.0.0:8000")).address
        return BindAddress(host, int(port))


class OperationsHttpRequestHandler(HttpRequestHandler):
    server = OperationsWebServer()


operations_http = OperationsHttpRequestHandler.decorator


class SeparateOperationsEndpoints(OperationsEndpoints):
    """The same endpoints, on the operations port only: the HTTP port answers them as any path
    it does not know."""

    @operations_http("GET", "/health/live")
    def health_live(self, request) -> Response:  # noqa: ANN001
        return super().health_live(request)

    @operations_http("GET", "/health/ready")
    def health_ready(self, request) -> Response:  # noqa: ANN001
        return super().health_ready(request)

    @operations_http("GET", "/metrics")
    def metrics(self, request) -> Response:  # noqa: ANN001
        return super().metrics(request)


def _broker_reachable() -> bool:
    publisher = ConfirmingPublisher(config.get("AMQP_URI", ""), confirm_timeout=2)
    try:
        publisher._ensure_channel()
        return True
    except Exception:  # noqa: BLE001 - reported as not ready
        return False
    finally:
        publisher.close()
