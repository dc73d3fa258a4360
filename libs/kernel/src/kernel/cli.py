"""The operator's command line: dead letters, projection rebuilds, forgetting a person.

    kernel dead-letters list --service antrag
    kernel dead-letters redrive --service antrag --message-id <id>   (or --all)
    kernel projections rebuild --service antrag --bootstrap antrag.bootstrap:bootstrap
    kernel forget --service antrag --bootstrap antrag.bootstrap:bootstrap --subject <person id>

Connection settings come from the same environment variables as the services (kernel.config).
"""

from __future__ import annotations

import importlib
import sys

import click

from kernel.config import Settings
from kernel.dead_letters import DeadLetters


def _load_bootstrap(spec: str):  # noqa: ANN202
    module_name, _, attribute = spec.partition(":")
    try:
        return getattr(importlib.import_module(module_name), attribute or "bootstrap")
    except (ImportError, AttributeError) as error:
        raise click.BadParameter(f"cannot load {spec!r}: {error}") from None


@click.group()
def main() -> None:
    """Operate a Sozialplattform service's event store and messages."""


@main.group("dead-letters")
def dead_letters() -> None:
    """Messages a service parked: list them, send them back."""


@dead_letters.command("list")
@click.option("--service", required=True, help="service name, e.g. antrag")
def list_parked(service: str) -> None:
    settings = Settings.from_env(service)
    parked = DeadLetters(settings.amqp_uri, service).list()
    if not parked:
        click.echo(f"no parked messages for {service}")
        return
    click.echo(f"{len(parked)} parked message(s) for {service}:")
    for item in parked:
        click.echo(
            f"- {item.message_id}  {item.event_type or '?'}  queue={item.original_queue}  "
            f"reason={item.reason}  attempts={item.attempts}  parked_at={item.parked_at}\n"
            f"    {item.error_type}: {item.error}"
        )


@dead_letters.command("redrive")
@click.option("--service", required=True)
@click.option("--message-id", help="re-drive this message only")
@click.option("--all", "everything", is_flag=True, help="re-drive every parked message")
def redrive(service: str, message_id: str | None, everything: bool) -> None:
    if bool(message_id) == everything:
        raise click.UsageError("give either --message-id ID or --all")
    settings = Settings.from_env(service)
    moved = DeadLetters(settings.amqp_uri, service).redrive(None if everything else message_id)
    if message_id and moved == 0:
        click.echo(f"no parked message {message_id} for {service}", err=True)
        sys.exit(1)
    click.echo(f"re-drove {moved} message(s) of {service} into their queues")


@main.group()
def projections() -> None:
    """Read models derived from the events."""


@projections.command("rebuild")
@click.option("--service", required=True)
@click.option("--bootstrap", "bootstrap_spec", required=True, help="module:function")
def rebuild_projections(service: str, bootstrap_spec: str) -> None:
    from kernel.projections import rebuild

    application = _load_bootstrap(bootstrap_spec)(Settings.from_env(service))
    application.create_schema()
    replayed = rebuild(application.store, application.projections)
    names = ", ".join(p.name for p in application.projections) or "none"
    click.echo(f"rebuilt projections ({names}) of {service} from {replayed} events")
    application.close()


@main.command()
@click.option("--service", required=True)
@click.option("--bootstrap", "bootstrap_spec", required=True, help="module:function")
@click.option("--subject", required=True, help="the person's pseudonymous id")
def forget(service: str, bootstrap_spec: str, subject: str) -> None:
    """Erase a person from this service: delete their data key (crypto-shredding)."""
    application = _load_bootstrap(bootstrap_spec)(Settings.from_env(service))
    deleted = application.forget(subject)
    click.echo("key deleted: the person's data is erased" if deleted else "no key for that subject")
    application.close()
