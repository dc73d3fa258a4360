"""Sequential round trips/s of the standalone RPC client (no eventlet patching,
as a script or test would use it). Usage: python standalone_client.py SECONDS"""

import sys
import time
from importlib.metadata import version

AMQP_URI = "pyamqp://guest:guest@127.0.0.1:5672/"
seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10

if version("nameko").startswith("2."):
    from nameko.standalone.rpc import ClusterRpcProxy

    client_cm = ClusterRpcProxy({"AMQP_URI": AMQP_URI})
else:
    from nameko.standalone.rpc import ClusterRpcClient

    client_cm = ClusterRpcClient(uri=AMQP_URI)

with client_cm as client:
    client.echo.echo("warmup")
    n, t0 = 0, time.perf_counter()
    lat = []
    while time.perf_counter() - t0 < seconds:
        t = time.perf_counter()
        assert client.echo.echo("x") == "x"
        lat.append(time.perf_counter() - t)
        n += 1
    dt = time.perf_counter() - t0
lat.sort()
print(
    f"standalone client: {n / dt:.0f} round trips/s "
    f"p50={lat[len(lat) // 2] * 1000:.2f}ms p99={lat[int(len(lat) * 0.99)] * 1000:.2f}ms"
)
