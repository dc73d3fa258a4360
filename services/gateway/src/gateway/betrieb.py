"""Operator commands of the gateway (embedded mode's local accounts).

    python -m gateway.betrieb konto-anlegen --email beratung@stelle.example.org
    python -m gateway.betrieb person --email beratung@stelle.example.org

``konto-anlegen`` creates a local account and prints its person id; the password is read from
standard input (one line), or, with ``--passwort-erzeugen``, made up and printed once. A staff
account of a counselling centre is such an account, bound to its centre and role by the termine
service's command (``python -m termine.betrieb zugang --person PERSON_ID ...``). ``person``
prints the person id of an existing account. Both read the gateway's settings from the
environment like the service (SOZ_DATA_DIR, SOZ_DATABASE_URL, SOZ_KEYSTORE_URL,
SOZ_GATEWAY_SECRET). In production mode people log in through the identity provider; these
commands then refuse (exit 2). Exit 1: the input was refused (the reason is printed).
"""

from __future__ import annotations

import argparse
import secrets
import sys

from gateway.adapters.passwort import PasswortHasher
from gateway.bootstrap import bootstrap
from gateway.config import GatewaySettings
from gateway.fehler import EingabeUngueltig, ZuVieleVersuche
from gateway.konten import Konten
from gateway.sicherheit import Schluessel
from gateway.web import api_schemas
from gateway.web.kontext import laden
from kernel.config import Settings
from kernel.logs import configure_logging

BETRIEB = "betrieb"  # the "client" of the sign-up limit: the operator's console


def konten() -> Konten:
    kernel_settings = Settings.from_env("gateway")
    settings = GatewaySettings.from_env(kernel_settings.data_dir)
    application = bootstrap(kernel_settings)
    application.create_schema()
    verzeichnis = Konten(application, settings, Schluessel(settings.secret), PasswortHasher())
    verzeichnis.create_schema()
    return verzeichnis


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway.betrieb")
    befehle = parser.add_subparsers(dest="befehl", required=True)
    anlegen = befehle.add_parser("konto-anlegen", help="create a local account, print its id")
    anlegen.add_argument("--email", required=True)
    anlegen.add_argument("--passwort-erzeugen", action="store_true")
    person = befehle.add_parser("person", help="the person id of a local account")
    person.add_argument("--email", required=True)
    argumente = parser.parse_args(argv)

    configure_logging("gateway", stream=sys.stderr)  # standard output: the person id only
    verzeichnis = konten()
    if not verzeichnis.settings.local_accounts:
        print("production mode: accounts come from the identity provider", file=sys.stderr)
        return 2
    if argumente.befehl == "person":
        person_id = verzeichnis.person_zur_email(argumente.email)
        if person_id is None:
            print("no account with this address", file=sys.stderr)
            return 1
        print(person_id)
        return 0
    passwort = secrets.token_urlsafe(18) if argumente.passwort_erzeugen else sys.stdin.readline()
    passwort = passwort.rstrip("\n")
    try:
        daten = laden(api_schemas.Zugangsdaten(), {"email": argumente.email, "passwort": passwort})
        if verzeichnis.person_zur_email(daten["email"]) is not None:
            print("an account with this address exists already", file=sys.stderr)
            return 1
        verzeichnis.registrieren(daten["email"], daten["passwort"], client=BETRIEB)
    except EingabeUngueltig as error:
        print(f"refused: {error.felder}", file=sys.stderr)
        return 1
    except ZuVieleVersuche:
        print("too many sign-ups from the console; try again later", file=sys.stderr)
        return 1
    print(verzeichnis.person_zur_email(daten["email"]))
    if argumente.passwort_erzeugen:
        print(f"password (shown once): {passwort}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
