"""nameko RPC bench: in-service RPC path (HTTP -> gateway -> RPC -> echo) and the
standalone client. Runs with whichever nameko the interpreter has installed:

    .venv/bin/python bench/nameko_rpc/run.py            # 3.0.0rc11
    /tmp/venv-n2/bin/python bench/nameko_rpc/run.py     # 2.14.1

Options: --seconds N (default 10), --concurrency C (default 10).
Needs RabbitMQ at 127.0.0.1:5672 (guest/guest). Uses wrk too if it is on PATH.
"""

import argparse
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from importlib.metadata import version

HERE = os.path.dirname(os.path.abspath(__file__))
PORT = 8765
AMQP_URI = "pyamqp://guest:guest@127.0.0.1:5672/"


def load(seconds, concurrency):
    """C threads, each with its own keep-alive connection, looping GETs."""
    lats, stop = [[] for _ in range(concurrency)], time.perf_counter() + seconds

    def client(out):
        conn = http.client.HTTPConnection("127.0.0.1", PORT)
        while time.perf_counter() < stop:
            t = time.perf_counter()
            conn.request("GET", "/echo/x")
            resp = conn.getresponse()
            resp_body = resp.read()
            assert resp.status == 200 and resp_body == b"x", (resp.status, resp_body)
            out.append(time.perf_counter() - t)
        conn.close()

    threads = [threading.Thread(target=client, args=(samples,)) for samples in lats]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    dt = time.perf_counter() - t0
    all_lat = sorted(x for samples in lats for x in samples)

    def pct(p: float) -> float:
        return all_lat[min(len(all_lat) - 1, int(len(all_lat) * p))] * 1000

    return len(all_lat) / dt, pct(0.50), pct(0.99)


def wait_http(timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/echo/ready")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gateway did not come up")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--concurrency", type=int, default=10)
    args = ap.parse_args()

    print(
        f"nameko {version('nameko')}, eventlet {version('eventlet')}, "
        f"kombu {version('kombu')}, werkzeug {version('werkzeug')}, "
        f"python {sys.version.split()[0]}"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as cfg:
        cfg.write(f"AMQP_URI: {AMQP_URI}\nWEB_SERVER_ADDRESS: 127.0.0.1:{PORT}\n")
    nameko_bin = os.path.join(os.path.dirname(sys.executable), "nameko")
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115 - kept open for the child
    # stderr carries the per-request access log: send it to a file, not a pipe
    svc = subprocess.Popen(
        [nameko_bin, "run", "--config", cfg.name, "services:Echo", "services:Gateway"],
        cwd=HERE,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_http()
        load(1, args.concurrency)  # warm-up
        for c in (1, args.concurrency):
            rps, p50, p99 = load(args.seconds, c)
            print(
                f"in-service RPC via HTTP, python loader, {c:>2} clients: "
                f"{rps:7.0f} req/s  p50={p50:6.2f}ms  p99={p99:6.2f}ms"
            )
        if shutil.which("wrk"):
            for c in (1, args.concurrency):
                out = subprocess.run(
                    [
                        "wrk",
                        "-t1",
                        f"-c{c}",
                        f"-d{int(args.seconds)}s",
                        "--latency",
                        f"http://127.0.0.1:{PORT}/echo/x",
                    ],
                    capture_output=True,
                    text=True,
                ).stdout
                rps = next(
                    line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec")
                )
                lat = {
                    line.split()[0]: line.split()[1]
                    for line in out.splitlines()
                    if line.strip().startswith(("50%", "99%"))
                }
                print(
                    f"in-service RPC via HTTP, wrk,           {c:>2} clients: "
                    f"{float(rps):7.0f} req/s  p50={lat['50%']:>8}  p99={lat['99%']:>8}"
                )
        subprocess.run(
            [sys.executable, os.path.join(HERE, "standalone_client.py"), str(args.seconds)],
            check=True,
        )
    finally:
        svc.terminate()
        try:
            svc.wait(10)
        except subprocess.TimeoutExpired:
            svc.kill()
        os.unlink(cfg.name)
        if svc.returncode not in (0, -15, None):
            log.seek(0)
            print(log.read()[-2000:], file=sys.stderr)
        os.unlink(log.name)


if __name__ == "__main__":
    main()
