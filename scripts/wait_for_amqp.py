"""Wait until an AMQP 0-9-1 broker answers on HOST:PORT, at most TIMEOUT seconds.

An open TCP port is not enough: the broker must answer the protocol header with a
Connection.Start frame. Exit code 0 when it does, 1 when time runs out. Stdlib only.

    python scripts/wait_for_amqp.py 127.0.0.1 5672 60
"""

import socket
import sys
import time

PROTOCOL_HEADER = b"AMQP\x00\x00\x09\x01"
FRAME_METHOD = 1


def broker_answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2) as connection:
            connection.settimeout(2)
            connection.sendall(PROTOCOL_HEADER)
            return connection.recv(1) == bytes([FRAME_METHOD])
    except OSError:
        return False


def main(host: str, port: str, timeout: str) -> int:
    deadline = time.monotonic() + float(timeout)
    while True:
        if broker_answers(host, int(port)):
            return 0
        if time.monotonic() >= deadline:
            return 1
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
