"""Operators: the clarification list on the service's database (the same environment as the
service: SOZ_DATABASE_URL, SOZ_KEYSTORE_URL, …).

    python -m postkorb.cli klaerung list
    python -m postkorb.cli klaerung zuordnen NACHRICHT_ID PERSON_ID
    python -m postkorb.cli benachrichtigung unzustellbar NACHRICHT_ID [--grund TEXT]
"""

from __future__ import annotations

import json
import sys

import click

from kernel.config import Settings
from kernel.logs import configure_logging
from postkorb import handlers
from postkorb.bootstrap import bootstrap
from postkorb.fehler import PostkorbFehler


@click.group()
@click.option("--service", default="postkorb", show_default=True, help="service name (database)")
@click.pass_context
def main(ctx: click.Context, service: str) -> None:
    settings = Settings.from_env(service)
    configure_logging(settings.service_name, settings.log_level, stream=sys.stderr)
    application = bootstrap(settings)
    application.create_schema()
    ctx.obj = application
    ctx.call_on_close(application.close)


@main.group()
def klaerung() -> None:
    """Messages of a Jobcenter that no person could be found for."""


@klaerung.command("list")
@click.pass_obj
def liste(application) -> None:  # noqa: ANN001
    """Waiting messages: id, Jobcenter, application, when, why (no content)."""
    for eintrag in handlers.klaerungsliste(application):
        click.echo(json.dumps(eintrag, ensure_ascii=False))


@klaerung.command("zuordnen")
@click.argument("nachricht_id")
@click.argument("person_id")
@click.pass_obj
def zuordnen(application, nachricht_id: str, person_id: str) -> None:  # noqa: ANN001
    """File the message in this person's mailbox."""
    try:
        ergebnis = handlers.klaerung_zuordnen(application, nachricht_id, person_id)
    except PostkorbFehler as fehler:
        click.echo(str(fehler), err=True)
        sys.exit(1)
    click.echo(json.dumps(ergebnis))


@main.group()
def benachrichtigung() -> None:
    """The notification mails ("Sie haben eine neue Nachricht")."""


@benachrichtigung.command("unzustellbar")
@click.argument("nachricht_id")
@click.option("--grund", default="bounce", show_default=True, help="a code, never the mail")
@click.pass_obj
def unzustellbar(application, nachricht_id: str, grund: str) -> None:  # noqa: ANN001
    """Record that the notification of this message bounced (after the relay took it)."""
    try:
        ergebnis = handlers.unzustellbar_vermerken(application, nachricht_id, grund)
    except PostkorbFehler as fehler:
        click.echo(str(fehler), err=True)
        sys.exit(1)
    click.echo(json.dumps(ergebnis))


if __name__ == "__main__":
    main()
