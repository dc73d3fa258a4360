"""python -m bench.finder: finder evaluations per second in process, on one core.

``auswerten`` (finder.regeln: every benefit's rules, the priority check, the texts) over a
rotation of households (single, families in the priority and the Wahlrecht case, pensioners,
a student, unknown Gemeinde), each already loaded by HaushaltSchema, as the finder service gets
them. In every round the reference is measured right before, in the same loop over the same
households, so both see the same load on the machine:

- reference ``HaushaltSchema().load``: validating the same request bodies (marshmallow), the
  cheapest thing the service does with a request anyway;
- ``auswerten``: the rules alone (the figure of issue 14, target >= 5,000/s on one core);
- ``load + auswerten``: what one RPC of the finder costs in rules and schema together.

The median of the rounds is reported. ``python -m bench.finder --gateway`` measures through the
gateway instead, beside the gateway's floor (bench/finder/gateway.py).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from importlib.metadata import version
from typing import Any

from finder.regeln import HaushaltSchema, Mietenstufen, Parameterstand, auswerten

ZIEL_PRO_SEKUNDE = 5_000
STICHTAG = date(2026, 12, 1)


def _person(rolle: str, alter: int, **mehr: Any) -> dict[str, Any]:
    return {"rolle": rolle, "alter": alter, **mehr}


def _lohn(brutto: str, netto: str) -> dict[str, Any]:
    return {"einkommen": {"erwerb_brutto": brutto, "erwerb_netto": netto}}


HAUSHALTE: list[dict[str, Any]] = [
    {  # single without income, Berlin
        "wohnort": {"plz": "10115", "ags": "11000000"},
        "personen": [_person("antragsteller", 35)],
        "wohnkosten": {"warmmiete": "600", "heizkosten": "80"},
    },
    {  # family, Wohngeld and Kinderzuschlag first, a Gemeinde of a Kreis
        "wohnort": {"plz": "24306", "ags": "01057057"},
        "personen": [
            _person("antragsteller", 40, **_lohn("2600", "1950")),
            _person("partner", 38),
            _person("kind", 8),
            _person("kind", 4),
        ],
        "wohnkosten": {"warmmiete": "1000", "heizkosten": "150"},
    },
    {  # family just below the line: Wahlrecht
        "wohnort": {"plz": "24306", "ags": "01057057"},
        "personen": [
            _person("antragsteller", 40, **_lohn("1500", "1200")),
            _person("partner", 38),
            _person("kind", 8),
            _person("kind", 4),
        ],
        "wohnkosten": {"warmmiete": "1000", "heizkosten": "150"},
    },
    {  # single parent, Unterhaltsvorschuss computed, Kiel
        "wohnort": {"plz": "24103", "ags": "01002000"},
        "personen": [
            _person("antragsteller", 32, **_lohn("1800", "1350")),
            _person("kind", 5),
            _person("kind", 10),
        ],
        "wohnkosten": {"warmmiete": "950", "heizkosten": "120"},
    },
    {  # pensioner couple, München
        "wohnort": {"plz": "80331", "ags": "09162000"},
        "personen": [
            _person("antragsteller", 72, einkommen={"rente_brutto": "1500"}),
            _person("partner", 70, einkommen={"rente_brutto": "900"}),
        ],
        "wohnkosten": {"warmmiete": "1100", "heizkosten": "120"},
    },
    {  # Minijob, Gemeinde unknown, heating unknown: Wohngeld as a range over 7 x 2 cases
        "wohnort": {"plz": "99423"},
        "personen": [_person("antragsteller", 30, einkommen={"erwerb_brutto": "603"})],
        "wohnkosten": {"warmmiete": "700"},
        "vermoegen": "8000",
    },
    {  # student with BAföG entitlement
        "wohnort": {"plz": "04109", "ags": "14713000"},
        "personen": [_person("antragsteller", 22, in_ausbildung="bafoeg")],
        "wohnkosten": {"warmmiete": "400", "heizkosten": "50"},
    },
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.finder", description=__doc__)
    parser.add_argument(
        "--gateway", action="store_true", help="through the gateway (bench/finder/gateway.py)"
    )
    parser.add_argument("--runden", type=int, default=5, help="rounds per figure (default 5)")
    parser.add_argument(
        "--durchlaeufe", type=int, default=600, help="passes over the households per round"
    )
    return parser.parse_args()


def messen(
    funktion: Callable[[Any], Any], eingaben: Sequence[Any], durchlaeufe: int
) -> tuple[float, float]:
    """(calls per CPU second of this process, calls per wall-clock second) of funktion over the
    inputs, ``durchlaeufe`` times. The process runs on one core; CPU time is what that core
    spent on it, wall-clock time includes waiting for the machine's other work."""
    start, start_cpu = time.perf_counter(), time.process_time()
    for _ in range(durchlaeufe):
        for eingabe in eingaben:
            funktion(eingabe)
    anzahl = durchlaeufe * len(eingaben)
    return anzahl / (time.process_time() - start_cpu), anzahl / (time.perf_counter() - start)


def in_process(runden: int, durchlaeufe: int) -> list[tuple[str, float, float]]:
    """(figure, median calls per CPU second, median calls per wall second) for the reference
    and the rules, measured back to back."""
    parameter = Parameterstand.laden()
    mietenstufen = Mietenstufen.laden()
    schema = HaushaltSchema()
    geladen = [schema.load(body) for body in HAUSHALTE]

    def regeln(haushalt: dict[str, Any]) -> Any:
        return auswerten(
            haushalt, stichtag=STICHTAG, ags=None, parameter=parameter, mietenstufen=mietenstufen
        )

    def beides(body: dict[str, Any]) -> Any:
        return regeln(schema.load(body))

    raten: dict[str, list[tuple[float, float]]] = {
        "load": [],
        "auswerten": [],
        "load + auswerten": [],
    }
    messen(regeln, geladen, 50)  # warm-up: parameter caches, code paths
    for _ in range(runden):
        raten["load"].append(messen(schema.load, HAUSHALTE, durchlaeufe))
        raten["auswerten"].append(messen(regeln, geladen, durchlaeufe))
        raten["load + auswerten"].append(messen(beides, HAUSHALTE, durchlaeufe))
    return [
        (
            name,
            statistics.median(cpu for cpu, _ in werte),
            statistics.median(wand for _, wand in werte),
        )
        for name, werte in raten.items()
    ]


def main() -> None:
    args = parse_args()
    figuren = {name: (cpu, wand) for name, cpu, wand in in_process(args.runden, args.durchlaeufe)}
    print("bench.finder: evaluations in process, one core (this process)")
    print(
        f"  Python {platform.python_version()}, marshmallow {version('marshmallow')}, "
        f"{len(HAUSHALTE)} households rotating, {args.runden} rounds x "
        f"{args.durchlaeufe * len(HAUSHALTE):,} calls, median; stichtag {STICHTAG}"
    )
    last = os.getloadavg()[0]
    print(f"  load average at the end {last:.1f} on {os.cpu_count()} cores")
    print(f"  {'figure':<42} {'per CPU s':>10} {'µs CPU':>8} {'per wall s':>11}")
    beschreibung = {
        "load": "reference: HaushaltSchema().load alone",
        "auswerten": "auswerten (all rules, priority, texts)",
        "load + auswerten": "load + auswerten (one RPC's rule work)",
    }
    for name, (cpu, wand) in figuren.items():
        print(f"  {beschreibung[name]:<42} {cpu:10,.0f} {1e6 / cpu:8.1f} {wand:11,.0f}")
    verhaeltnis = figuren["load"][0] / figuren["auswerten"][0]
    print(f"  auswerten costs {verhaeltnis:.1f}x a schema load of the same request")
    haupt = figuren["auswerten"][0]
    ergebnis = "PASS" if haupt >= ZIEL_PRO_SEKUNDE else "MISS"
    print()
    print(
        f"  target auswerten >= {ZIEL_PRO_SEKUNDE:,}/s on one core (per CPU second): "
        f"{haupt:,.0f}/s  {ergebnis}"
    )
    # Through the gateway: python -m bench.finder --gateway (bench/finder/gateway.py, H2).


if __name__ == "__main__":
    if "--gateway" in sys.argv[1:]:
        from bench.finder import gateway

        sys.exit(gateway.main([a for a in sys.argv[1:] if a != "--gateway"]))
    main()
