"""The finder's rules: pure functions per benefit over dated legal parameters (docs/adr/0094).

No nameko, no database, no network: the parameters are read from ``finder/daten/parameter/*.yaml``
and the Mietenstufen from the reference data (``../shared/data/finder``).

Use::

    parameter = Parameterstand.laden()
    mietenstufen = Mietenstufen.laden()
    haushalt = HaushaltSchema().load(body)          # ValidationError: 422 with field errors
    antwort = auswerten(haushalt, stichtag=haushalt["stichtag"] or heute, ags=...,
                        parameter=parameter, mietenstufen=mietenstufen)   # KeinParameter: 422

The answer::

    {stichtag, parameterstand,
     ergebnisse: [{leistung, name, einschaetzung: wahrscheinlich|moeglich|unwahrscheinlich,
                   betrag_monatlich: {von, bis} | None, gruende: [{code, text, werte, parameter}],
                   rechtsgrundlagen: [str], vorrang?: {code, text, werte, parameter},
                   unsicher: [{code, text, werte}],
                   naechster_schritt: {art: antrag_hier|zustaendigkeit|stelle,
                                       code, text, werte, url?}}],
     wahlrecht?: {code, text, werte, parameter,
                  optionen: [{art, leistungen, betrag_monatlich, code, text, werte}]},
     hinweise: [{code, text, werte}]}

Texts: every text is ``{"code", "text", "werte"}`` (finder.regeln.texte). ``text`` is the German
source sentence; a translation looks up ``code`` and fills in ``werte`` (euros as numbers with
cents, counts, ISO dates), and never parses ``text``. ``parameter`` lists the names of the dated
parameters a reason's figures come from (``Parameterstand.wert(name, stichtag)`` gives value,
period and source), so every figure on a page can be traced to its rule and parameter.

Money: Decimal inside, rounded half up to cents (§ 41a Abs. 2 SGB II) or, for Wohngeld, to full
euros after ten-place intermediate steps (Anlage 3 WoGG); floats with cents in the answer.

Results are sorted: wahrscheinlich, moeglich, unwahrscheinlich, then in the order of LEISTUNGEN.
Every benefit of LEISTUNGEN is always in the answer (an unlikely one with its reason).
"""

from finder.regeln.auswertung import auswerten
from finder.regeln.haushalt import HaushaltSchema
from finder.regeln.mietenstufen import Mietenstufen, MietenstufenFehlen
from finder.regeln.namen import LEISTUNGEN, leistungsname
from finder.regeln.parameter import (
    KeinParameter,
    Parameter,
    ParameterFehlerhaft,
    Parameterstand,
    Quelle,
)

__all__ = [
    "LEISTUNGEN",
    "HaushaltSchema",
    "KeinParameter",
    "Mietenstufen",
    "MietenstufenFehlen",
    "Parameter",
    "ParameterFehlerhaft",
    "Parameterstand",
    "Quelle",
    "auswerten",
    "leistungsname",
]
