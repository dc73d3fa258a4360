"""The real XtaGatewayService under a run-specific name (ADR 0017): its queues, its RPC queue
and its exchange (`<name>.events`) are this run's own, so test runs on a shared broker cannot
take each other's work. Nothing on the measured path changes."""

from __future__ import annotations

import os

from xta_gateway.service import XtaGatewayService


class XtaGatewayTestdienst(XtaGatewayService):
    name = os.environ["TEST_DIENSTNAME"]
