"""``antrag-nummer``: an application found by the number a person reads out on the phone
(docs/adr/0089), for the platform's support. Reads the same environment as the service
(SOZ_DATABASE_URL, ...).

    antrag-nummer "yzbc swn2"

Prints the internal id, the benefit, the status with its timeline and the Jobcenter; nothing
the person entered (no name, no answers), so a support call can be helped without seeing the
application. A number with a typing error is refused by its check character before any lookup.
"""

from __future__ import annotations

import sys

import click
from sqlalchemy import inspect, select

from antrag.bootstrap import bootstrap
from antrag.domain.antragsnummer import normalisieren
from antrag.projections import antraege, antrag_mit_nummer, verlauf_von
from kernel.application import Application
from kernel.config import Settings
from kernel.logs import configure_logging


def beschreiben(application: Application, nummer: str) -> list[str] | None:
    """The lines the command prints for the application with this (normalised) number, or
    None when there is none."""
    with application.database.read() as connection:
        antrag_id = antrag_mit_nummer(connection, nummer)
        if antrag_id is None:
            return None
        zeile = connection.execute(
            select(antraege).where(antraege.c.antrag_id == antrag_id)
        ).first()
        schritte = verlauf_von(connection, antrag_id)
    if zeile is None or zeile.geloescht:
        return [f"Antrag {nummer}: {antrag_id}", "gelöscht (Entwurf verworfen oder Konto gelöscht)"]
    zeilen = [
        f"Antrag {nummer}: {antrag_id}",
        f"Leistung: {zeile.leistung}{' (Kurzantrag)' if zeile.kurzantrag else ''}",
        f"Status: {zeile.status}",
        f"angelegt: {zeile.angelegt_am}",
        f"eingereicht: {zeile.eingereicht_am or '-'}",
        f"Jobcenter: {zeile.jobcenter_id or '-'} {zeile.jobcenter_name or ''}".rstrip(),
        "Verlauf:",
    ]
    for schritt in schritte:
        code = f" ({schritt['error_code']})" if schritt.get("error_code") else ""
        zeilen.append(f"  {schritt['zeitpunkt']}  {schritt['status']}{code}")
    return zeilen


@click.command()
@click.argument("eingabe")
@click.option("--service", default="antrag", show_default=True, help="service name (database)")
def main(eingabe: str, service: str) -> None:
    """Find the application with the number EINGABE (any case, blanks or hyphens)."""
    nummer = normalisieren(eingabe)
    if nummer is None:
        click.echo(
            "Das ist keine gültige Antragsnummer: acht Zeichen aus 2-9 und A-Z ohne I, L und O, "
            "das letzte ein Prüfzeichen. Bitte lassen Sie sie sich noch einmal vorlesen.",
            err=True,
        )
        sys.exit(2)
    settings = Settings.from_env(service)
    configure_logging(settings.service_name, settings.log_level, stream=sys.stderr)
    application = bootstrap(settings)
    try:
        engine = application.database.engine
        if not inspect(engine).has_table("antrag_nummer"):
            click.echo(
                f"Die Datenbank {engine.url.render_as_string(hide_password=True)} ist nicht die "
                "des Dienstes antrag (keine Antragsnummern). Stimmen SOZ_DATABASE_URL oder "
                "SOZ_DATA_DIR?",
                err=True,
            )
            sys.exit(1)
        zeilen = beschreiben(application, nummer)
    finally:
        application.close()
    if zeilen is None:
        click.echo(f"Kein Antrag mit der Nummer {nummer}.", err=True)
        sys.exit(1)
    click.echo("\n".join(zeilen))


if __name__ == "__main__":
    main()
