"""``antrag-bereinigen``: delete unused drafts past the retention period now, as the service's
timer does every hour. Reads the same environment as the service (SOZ_DATABASE_URL, ...)."""

from __future__ import annotations

import sys

import click

from antrag.bootstrap import bootstrap
from antrag.handlers import entwuerfe_bereinigen
from kernel.config import Settings
from kernel.logs import configure_logging


@click.command()
@click.option("--service", default="antrag", show_default=True, help="service name (database)")
def main(service: str) -> None:
    """Delete drafts nobody changed within SOZ_ANTRAG_AUFBEWAHRUNG_TAGE days."""
    settings = Settings.from_env(service)
    configure_logging(settings.service_name, settings.log_level, stream=sys.stderr)
    application = bootstrap(settings)
    try:
        application.create_schema()
        anzahl = entwuerfe_bereinigen(application)
    finally:
        application.close()
    click.echo(f"{anzahl} Entwürfe gelöscht")


if __name__ == "__main__":
    main()
