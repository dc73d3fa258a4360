"""The operator CLI against real RabbitMQ and a real store."""

from __future__ import annotations

import uuid

from click.testing import CliRunner
from kombu import Connection, Queue

from kernel.amqp_publisher import ConfirmingPublisher
from kernel.cli import main
from kernel.dead_letters import park_message, parking_queue_name


def test_dead_letters_list_and_redrive_one(amqp_uri, monkeypatch):
    monkeypatch.setenv("SOZ_AMQP_URI", amqp_uri)
    service = f"clitest-{uuid.uuid4().hex[:8]}"
    target = f"{service}.on_something"
    runner = CliRunner()
    assert (
        "no parked messages"
        in runner.invoke(main, ["dead-letters", "list", "--service", service]).output
    )
    with Connection(amqp_uri) as connection:
        channel = connection.channel()
        Queue(target, durable=True)(channel).declare()
        publisher = ConfirmingPublisher(amqp_uri)
        for message_id in ("m-1", "m-2"):
            park_message(
                publisher,
                service,
                body=b'{"x": 1}',
                content_type="application/json",
                headers={"event_type": "EtwasPassiert"},
                message_id=message_id,
                original_queue=target,
                reason="retries_exhausted",
                error_type="RuntimeError",
                error="RuntimeError at handlers.py:12 in etwas",
            )
        publisher.close()
        listing = runner.invoke(main, ["dead-letters", "list", "--service", service])
        assert listing.exit_code == 0
        assert "2 parked message(s)" in listing.output and "m-1" in listing.output
        assert "handlers.py:12" in listing.output and "EtwasPassiert" in listing.output

        missing = runner.invoke(
            main, ["dead-letters", "redrive", "--service", service, "--message-id", "nope"]
        )
        assert missing.exit_code == 1
        assert runner.invoke(main, ["dead-letters", "redrive", "--service", service]).exit_code == 2
        moved = runner.invoke(
            main, ["dead-letters", "redrive", "--service", service, "--message-id", "m-2"]
        )
        assert moved.exit_code == 0 and "re-drove 1" in moved.output

        redriven = Queue(target)(channel).get(no_ack=True)
        assert redriven.properties["message_id"] == "m-2" and redriven.headers["x-attempt"] == 0
        remaining = runner.invoke(main, ["dead-letters", "list", "--service", service]).output
        assert "1 parked message(s)" in remaining and "m-1" in remaining
        channel.queue_delete(target)
        channel.queue_delete(parking_queue_name(service))


def test_projections_rebuild_and_forget_commands(tmp_path, monkeypatch):
    monkeypatch.setenv("SOZ_DATA_DIR", str(tmp_path))
    monkeypatch.syspath_prepend(str(__import__("pathlib").Path(__file__).parent))
    runner = CliRunner()
    spec = "kernel_probe_service:bootstrap"
    from kernel_probe_service import bootstrap

    from kernel.config import Settings
    from kernel.eventstore import NewEvent

    application = bootstrap(Settings.from_env("clitest"))
    application.create_schema()
    with application.unit_of_work() as uow:
        uow.append(
            "tally-a",
            0,
            [
                NewEvent(
                    "ProbeCounted", {"key": "a", "person_id": "p1", "name": "Erika", "kanal": "v1"}
                )
            ],
        )
        uow.commit()
    application.close()
    rebuilt = runner.invoke(
        main, ["projections", "rebuild", "--service", "clitest", "--bootstrap", spec]
    )
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "from 1 events" in rebuilt.output
    forgot = runner.invoke(
        main, ["forget", "--service", "clitest", "--bootstrap", spec, "--subject", "p1"]
    )
    assert "erased" in forgot.output
    application = bootstrap(Settings.from_env("clitest"))
    assert application.store.read_stream("tally-a")[0].payload["name"] is None
