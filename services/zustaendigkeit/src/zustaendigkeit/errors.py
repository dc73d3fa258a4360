"""The errors the zustaendigkeit RPCs raise on purpose, each with a stable code.

Across nameko RPC an exception arrives as ``RemoteError(exc_type, value)``: ``exc_type`` is the
class name below and ``value`` is ``str(error)``, which is exactly the code. The gateway maps
the class to a status (``UngueltigeEingabe`` -> 422, the ``...Unbekannt`` ones -> 404) and the
code to its text; ``MELDUNGEN`` holds a German and an English text for every code. Neither the
code nor the texts ever quote what was typed: a PLZ or a town can be personal data.
"""

from __future__ import annotations

from typing import ClassVar

# code -> (Deutsch, English)
MELDUNGEN: dict[str, tuple[str, str]] = {
    "eingabe_fehlt": (
        "Bitte geben Sie eine Postleitzahl oder einen Ort ein.",
        "Please enter a postcode or a town.",
    ),
    "plz_ungueltig": (
        "Eine Postleitzahl hat genau fünf Ziffern.",
        "A postcode has exactly five digits.",
    ),
    "ort_ungueltig": (
        "Bitte geben Sie den Namen eines Ortes ein.",
        "Please enter the name of a town.",
    ),
    "strasse_ungueltig": (
        "Bitte prüfen Sie die Straße.",
        "Please check the street.",
    ),
    "suchtext_ungueltig": (
        "Bitte geben Sie einen Ortsnamen ein.",
        "Please enter a town name.",
    ),
    "eingabe_zu_lang": (
        "Die Eingabe ist zu lang.",
        "The input is too long.",
    ),
    "jobcenter_id_ungueltig": (
        "Eine Jobcenter-Nummer hat genau fünf Ziffern.",
        "A Jobcenter number has exactly five digits.",
    ),
    "plz_unbekannt": (
        "Diese Postleitzahl kennen wir nicht. Bitte prüfen Sie die Ziffern "
        "oder suchen Sie mit dem Namen Ihres Ortes.",
        "We do not know this postcode. Please check the digits or search by the name of your town.",
    ),
    "ort_unbekannt": (
        "Diesen Ort haben wir nicht gefunden. Bitte prüfen Sie die Schreibweise "
        "oder suchen Sie mit Ihrer Postleitzahl.",
        "We did not find this town. Please check the spelling or search by your postcode.",
    ),
    "jobcenter_unbekannt": (
        "Dieses Jobcenter kennen wir nicht.",
        "We do not know this Jobcenter.",
    ),
}


class ZustaendigkeitFehler(Exception):
    """Base of the errors above. ``args == (code,)``, so nameko can rebuild it from its
    serialised form (``deserialize_to_instance``) if a caller registers the class."""

    codes: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, code: str) -> None:
        if code not in self.codes:
            raise ValueError(f"{type(self).__name__} has no code {code!r}")
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return self.code

    @property
    def meldung_de(self) -> str:
        return MELDUNGEN[self.code][0]

    @property
    def meldung_en(self) -> str:
        return MELDUNGEN[self.code][1]


class UngueltigeEingabe(ZustaendigkeitFehler):
    """The input is malformed (gateway: 422)."""

    codes = frozenset(
        {
            "eingabe_fehlt",
            "plz_ungueltig",
            "ort_ungueltig",
            "strasse_ungueltig",
            "suchtext_ungueltig",
            "eingabe_zu_lang",
            "jobcenter_id_ungueltig",
        }
    )


class PlzUnbekannt(ZustaendigkeitFehler):
    """Five digits, but no such PLZ in the directory (gateway: 404)."""

    codes = frozenset({"plz_unbekannt"})

    def __init__(self, code: str = "plz_unbekannt") -> None:
        super().__init__(code)


class OrtUnbekannt(ZustaendigkeitFehler):
    """A town name (without PLZ) that matches no town, not even loosely (gateway: 404)."""

    codes = frozenset({"ort_unbekannt"})

    def __init__(self, code: str = "ort_unbekannt") -> None:
        super().__init__(code)


class JobcenterUnbekannt(ZustaendigkeitFehler):
    """A well-formed Träger-Nummer that is not in the directory (gateway: 404)."""

    codes = frozenset({"jobcenter_unbekannt"})

    def __init__(self, code: str = "jobcenter_unbekannt") -> None:
        super().__init__(code)


class ReferenzdatenFehlen(Exception):
    """Source files of the directory are missing; the message names each and its source."""


class ReferenzdatenFehlerhaft(Exception):
    """The source files fail the import checks; ``probleme`` lists every finding."""

    def __init__(self, probleme: list[str]) -> None:
        self.probleme = list(probleme)
        liste = "\n".join(f"  - {problem}" for problem in self.probleme)
        super().__init__(f"Die Referenzdaten bestehen die Prüfung nicht:\n{liste}")
