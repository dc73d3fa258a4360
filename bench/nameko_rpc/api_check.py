"""Smoke check of the extension API on this interpreter's nameko:
@event_handler, EventDispatcher, a custom Entrypoint (EventHandler subclass that
controls ack/requeue itself) and a custom DependencyProvider reading config.

    .venv/bin/python bench/nameko_rpc/api_check.py
    /tmp/venv-n2/bin/python bench/nameko_rpc/api_check.py
"""

import eventlet

eventlet.monkey_patch()  # must precede the nameko imports

from importlib.metadata import version  # noqa: E402

from nameko.containers import ServiceContainer  # noqa: E402
from nameko.events import EventDispatcher, EventHandler, event_handler  # noqa: E402
from nameko.extensions import DependencyProvider  # noqa: E402
from nameko.rpc import rpc  # noqa: E402

V3 = not version("nameko").startswith("2.")
CONFIG = {"AMQP_URI": "pyamqp://guest:guest@127.0.0.1:5672/", "GREETING": "hallo"}
SOURCE = "apicheck_src"  # fixed: its durable event queues are reused between runs
seen = []
done = eventlet.event.Event()


class Retry(Exception):
    pass


class RetryingHandler(EventHandler):
    """Custom entrypoint: requeue on Retry, ack everything else.

    Override point in both versions: handle_result(message, worker_ctx, result,
    exc_info), called after the worker finished. The broker handle differs:
    3.x -> self.consumer (one kombu consumer per entrypoint),
    2.x -> self.queue_consumer (shared QueueConsumer extension).
    """

    def handle_result(self, message, worker_ctx, result=None, exc_info=None):
        broker = self.consumer if V3 else self.queue_consumer
        if exc_info is not None and issubclass(exc_info[0], Retry):
            broker.requeue_message(message)
        else:
            broker.ack_message(message)
        return result, exc_info


class Greeting(DependencyProvider):
    """Custom dependency reading config: `nameko.config` in 3.x
    (container.config is deprecated), `self.container.config` in 2.x."""

    def setup(self):
        if V3:
            from nameko import config

            self.greeting = config["GREETING"]
        else:
            self.greeting = self.container.config["GREETING"]

    def get_dependency(self, worker_ctx):
        return self.greeting


class Source:
    name = SOURCE
    dispatch = EventDispatcher()

    @rpc
    def fire(self, payload):
        self.dispatch("ping", payload)


class Sink:
    name = "apicheck_sink"
    greeting = Greeting()
    attempts = {"n": 0}

    @event_handler(SOURCE, "ping")
    def on_ping(self, payload):
        seen.append(("event_handler", self.greeting, payload))
        self._maybe_done()

    @RetryingHandler.decorator(SOURCE, "ping")
    def on_ping_retrying(self, payload):
        Sink.attempts["n"] += 1
        if Sink.attempts["n"] == 1:
            raise Retry("first delivery: requeue me")
        seen.append(("custom_entrypoint", Sink.attempts["n"], payload))
        self._maybe_done()

    def _maybe_done(self):
        if len(seen) == 2 and not done.ready():
            done.send()


def main():
    if V3:
        import nameko

        nameko.config.setup(CONFIG)
        containers = [ServiceContainer(Source), ServiceContainer(Sink)]
    else:
        containers = [ServiceContainer(Source, CONFIG), ServiceContainer(Sink, CONFIG)]
    for c in containers:
        c.start()
    try:
        # dispatch through the service's EventDispatcher dependency
        if V3:
            from nameko.standalone.rpc import ServiceRpcClient

            with ServiceRpcClient(SOURCE) as client:
                client.fire({"n": 1})
        else:
            from nameko.standalone.rpc import ServiceRpcProxy

            with ServiceRpcProxy(SOURCE, CONFIG) as client:
                client.fire({"n": 1})
        with eventlet.Timeout(10):
            done.wait()
    finally:
        for c in containers:
            c.stop()
    print(f"nameko {version('nameko')}: OK", sorted(seen, key=str))
    assert ("event_handler", "hallo", {"n": 1}) in seen
    assert ("custom_entrypoint", 2, {"n": 1}) in seen  # requeued once, then acked


if __name__ == "__main__":
    main()
