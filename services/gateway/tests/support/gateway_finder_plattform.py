"""The part of the platform the Sozialleistungsfinder needs, for the gateway's finder tests (API
and browser): the real gateway, finder and zustaendigkeit services as `nameko run` processes in a
RabbitMQ virtual host of this run's own, so they run under their real names (the finder calls
"zustaendigkeit") without meeting any other run's services.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from kernel.testing import ServiceProcess, virtual_host

AMQP_URI = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")


@dataclass(frozen=True)
class FinderPlattform:
    gateway: ServiceProcess
    finder: ServiceProcess
    zustaendigkeit: ServiceProcess
    amqp_uri: str

    @property
    def url(self) -> str:
        return self.gateway.url


@contextmanager
def finder_plattform(ordner: Path) -> Iterator[FinderPlattform]:
    with ExitStack() as stack:
        amqp_uri = stack.enter_context(virtual_host(AMQP_URI, "gateway-finder"))

        def dienst(name: str, ziel: str, **env: str) -> ServiceProcess:
            (ordner / name).mkdir(parents=True, exist_ok=True)
            process = ServiceProcess(
                ziel,
                amqp_uri=amqp_uri,
                env={"SOZ_SERVICE_NAME": name, "SOZ_DATA_DIR": str(ordner / name), **env},
                log_path=ordner / f"{name}.log",
                ready_timeout=120,
            )
            stack.callback(process.stop)
            return process

        prozesse = [
            dienst("zustaendigkeit", "zustaendigkeit.service:ZustaendigkeitService"),
            dienst("finder", "finder.service:FinderService"),
            dienst(
                "gateway",
                "gateway.service:GatewayService",
                SOZ_GATEWAY_DOWNSTREAM="finder,zustaendigkeit",
            ),
        ]
        # started side by side: the gateway is ready once both services answer it
        with ThreadPoolExecutor(len(prozesse)) as pool:
            for gestartet in [pool.submit(process.start) for process in prozesse]:
                gestartet.result()
        zustaendigkeit, finder, gateway = prozesse
        yield FinderPlattform(gateway, finder, zustaendigkeit, amqp_uri)
