"""The font of the platform's PDFs (the receipt, the Jobcenter's e-file): DejaVu Sans.

Names are written as the person writes them, and reportlab's standard fonts (and Bitstream
Vera, which it ships) know Latin-1 only: "Łukasz", "Şahin" or "Олександр" came out as black
boxes in the PDF a Jobcenter files. DejaVu Sans covers Latin with the diacritics of European
and Vietnamese names, Greek and Cyrillic; it is Debian's ``fonts-dejavu-core``, which
``scripts/setup.sh fonts`` installs for ``make run`` and ``make test`` (a container image
installs the same package). ``SOZ_SCHRIFTEN_DIR`` points elsewhere (default
``/usr/share/fonts/truetype/dejavu``). A missing file stops the service at start with this
message, never a PDF with boxes instead of a name. Scripts reportlab cannot shape (Arabic)
and CJK are not covered.

Only paths here: the services register the files with reportlab themselves.
"""

from __future__ import annotations

import os
from pathlib import Path

STANDARD_ORDNER = "/usr/share/fonts/truetype/dejavu"
NORMAL = "DejaVuSans"
FETT = "DejaVuSans-Bold"


class SchriftFehlt(RuntimeError):
    """The font file is not there; the message says what to install."""


def datei(name: str) -> Path:
    """The TTF file of ``NORMAL`` or ``FETT``."""
    ordner = Path(os.environ.get("SOZ_SCHRIFTEN_DIR", "").strip() or STANDARD_ORDNER)
    pfad = ordner / f"{name}.ttf"
    if not pfad.is_file():
        raise SchriftFehlt(
            f"{pfad} is missing: install Debian's fonts-dejavu-core (scripts/setup.sh fonts) "
            "or set SOZ_SCHRIFTEN_DIR to a folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf"
        )
    return pfad
