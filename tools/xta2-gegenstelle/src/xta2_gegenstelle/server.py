"""The HTTP server: cheroot (CherryPy's WSGI server) with HTTP/1.1 keep-alive (docs/adr/0056).

werkzeug's development server answers every request with ``Connection: close``, so a client
paid a TCP connection, a new server thread and a closing handshake for each of the three
calls a delivery makes. cheroot keeps connections open between requests, hands each request
to a fixed pool of worker threads (an idle kept-alive connection holds no thread) and reads a
request body it was not asked to read before the next request on the same connection.

The interface is the one of ``socketserver`` that the tests and ``__main__`` use:
``server_port``, ``serve_forever()``, ``shutdown()``, ``server_close()``.
"""

from __future__ import annotations

import email.utils
import logging
import socket
import ssl
import threading
import time
import traceback

from cheroot import wsgi
from cheroot.ssl import Adapter
from cheroot.ssl.builtin import BuiltinSSLAdapter

log = logging.getLogger("xta2_gegenstelle.http")

# The WSGI environ key under which the application finds the connection's socket: fault
# injection resets it (app.py), mutual TLS reads the client certificate from it.
SOCKET = "xta2_gegenstelle.socket"

# Worker threads: requests served at the same time. A latency fault sleeps in one of them, so
# this must exceed the calls a client makes at once (the xta-gateway: SOZ_XTA_PARALLEL, 16).
STANDARD_THREADS = 64
# Idle kept-alive connections beyond this are closed after their answer (Connection: close).
KEEP_ALIVE_HOECHSTENS = 256
# Seconds a connection may stay idle between requests, and the socket time-out within one.
LEERLAUF_SEKUNDEN = 60
LISTEN_WARTESCHLANGE = 128
# cheroot shakes hands (TLS) in its one selector thread: a client that stalls there holds up
# every other connection, so for no longer than this.
HANDSHAKE_SEKUNDEN = 5.0


class _HttpDatum:
    """The Date header's value, formatted once a second (cheroot formats it anew for every
    answer with email.utils, about a tenth of its own time per request)."""

    def __init__(self) -> None:
        self._sekunde_und_text = (0, "")

    def __call__(self) -> str:
        sekunde = int(time.time())
        gemerkt, text = self._sekunde_und_text
        if gemerkt != sekunde:
            text = email.utils.formatdate(sekunde, usegmt=True)
            self._sekunde_und_text = (sekunde, text)
        return text


_http_datum = _HttpDatum()


class _Gateway(wsgi.Gateway_10):
    """WSGI 1.0 as cheroot's, plus the connection's socket in the environ, the Date header
    from ``_http_datum`` and one debug line per request (path without query: no identifiers)."""

    def respond(self) -> None:
        super().respond()
        if log.isEnabledFor(logging.DEBUG):
            anfrage = self.req
            log.debug(
                "%s %s %s",
                anfrage.method.decode("latin-1"),
                anfrage.path.decode("latin-1"),
                anfrage.status.decode("latin-1")[:3],
            )

    def get_environ(self) -> dict:
        environ = super().get_environ()
        environ[SOCKET] = self.req.conn.socket
        return environ

    def start_response(self, status: str, headers: list, exc_info: object = None):  # noqa: ANN201
        if not any(name.lower() == "date" for name, _ in headers):
            headers = [*headers, ("Date", _http_datum())]
        return super().start_response(status, headers, exc_info)


class _TlsAdapter(BuiltinSSLAdapter):
    """cheroot's built-in TLS over a prepared ``ssl.SSLContext`` (``tls_kontext``: the
    certificate, the key and, for mutual TLS, the client CA and CERT_REQUIRED) instead of
    certificate files: the handshake, its error handling and the socket files are cheroot's."""

    def __init__(self, kontext: ssl.SSLContext) -> None:
        Adapter.__init__(self, None, None)
        self.context = kontext
        # what BuiltinSSLAdapter.get_environ adds about the server's certificate: nothing
        self._server_env: dict[str, str] = {}

    def wrap(self, sock: socket.socket) -> tuple[ssl.SSLSocket, dict]:
        sock.settimeout(HANDSHAKE_SEKUNDEN)  # cheroot sets its own time-out again afterwards
        return super().wrap(sock)


class _CherootServer(wsgi.Server):
    def error_log(self, msg: str = "", level: int = logging.INFO, traceback: bool = False) -> None:
        # cheroot writes to stderr; here through our logger (no request content in its texts)
        if traceback:
            msg = f"{msg}\n{_traceback_text()}"
        log.log(level, "%s", msg)


def _traceback_text() -> str:
    return traceback.format_exc().rstrip()


class HttpServer:
    """A bound server (port 0: a free one, see ``server_port``) serving ``app``. Stop it with
    ``shutdown()`` or ``server_close()``: cheroot's worker threads are not daemon threads.
    A request body over ``max_body_bytes`` is answered 413 and its connection closed before
    the application sees it."""

    def __init__(
        self,
        app: object,
        host: str,
        port: int,
        ssl_context: ssl.SSLContext | None = None,
        threads: int = STANDARD_THREADS,
        max_body_bytes: int = 0,
    ) -> None:
        self._server = _CherootServer(
            (host, port),
            app,
            numthreads=threads,
            server_name="xta2-gegenstelle",
            request_queue_size=LISTEN_WARTESCHLANGE,
            timeout=LEERLAUF_SEKUNDEN,
        )
        self._server.gateway = _Gateway
        self._server.keep_alive_conn_limit = KEEP_ALIVE_HOECHSTENS
        self._server.max_request_body_size = max_body_bytes
        if ssl_context is not None:
            self._server.ssl_adapter = _TlsAdapter(ssl_context)
        self._server.prepare()  # binds and listens now: server_port is known before serving
        self._laeuft = threading.Event()
        self._beendet = threading.Event()

    @property
    def server_port(self) -> int:
        return self._server.bind_addr[1]

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Serve until ``shutdown()`` (from another thread) or KeyboardInterrupt."""
        self._server.expiration_interval = poll_interval
        self._laeuft.set()
        try:
            self._server.serve()
        finally:
            self._beendet.set()

    def shutdown(self) -> None:
        """Stop serving: no new connections, running requests finish (cheroot waits for its
        workers); returns when ``serve_forever`` has returned."""
        self._server.stop()
        if self._laeuft.is_set():
            self._beendet.wait(10)

    def server_close(self) -> None:
        """Stop serving (as ``shutdown``) and close the listening socket."""
        self._server.stop()
