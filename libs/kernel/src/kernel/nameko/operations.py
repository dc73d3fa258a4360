"""/health/live, /health/ready and /metrics for every service (mix into the service class)."""

from __future__ import annotations

import json

from nameko.web.handlers import http
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from werkzeug.wrappers import Response

from kernel.amqp_publisher import ConfirmingPublisher


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


def _broker_reachable() -> bool:
    from nameko import config

    publisher = ConfirmingPublisher(config.get("AMQP_URI", ""), confirm_timeout=2)
    try:
        publisher._ensure_channel()
        return True
    except Exception:  # noqa: BLE001 - reported as not ready
        return False
    finally:
        publisher.close()
