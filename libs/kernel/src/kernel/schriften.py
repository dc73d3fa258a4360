"""The font of the platform's PDFs (the receipt, a Postkorb message, the Jobcenter's e-file):
DejaVu Sans.

Names are written as the person writes them. PDF viewers' standard fonts (Helvetica) know
Latin-1 only: "Łukasz", "Şahin" or "Олександр" came out as black boxes. DejaVu Sans covers
Latin with the diacritics of European and Vietnamese names, Greek, Cyrillic and Arabic; it is
Debian's ``fonts-dejavu-core``, which ``scripts/setup.sh fonts`` installs for ``make run`` and
``make test`` (a container image installs the same package). ``SOZ_SCHRIFTEN_DIR`` points
elsewhere (default ``/usr/share/fonts/truetype/dejavu``). A missing file raises
``SchriftFehlt`` with this message, never a PDF with boxes instead of a name.

Only paths here. The tagged PDFs (receipt, Postkorb message) embed the files through
``kernel.pdf``, where WeasyPrint's HarfBuzz shapes Arabic; CJK has no glyphs and is drawn as
boxes that keep their characters in the text layer (docs/adr/0067, 0120, 0122). The e-file
(xta-gateway) registers them with reportlab, which does not shape Arabic.
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
