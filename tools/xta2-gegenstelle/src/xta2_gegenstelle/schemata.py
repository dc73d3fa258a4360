"""The official XTA 2 Version 3 schemas, loaded offline, and the payload (Fachnachricht) schemas.

The WSDL and XSDs are reference data outside the repository ($SOZ_REFERENCE_DATA/xta2-v3, else
``../shared/data/xta2-v3`` beside the repository). They are never copied into the repository,
and nothing is ever fetched from the network: the resolver serves files of that one folder and
refuses everything else, so a schema that names a URL fails loudly instead of hanging a request.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from lxml import etree

UMGEBUNGSVARIABLE = "SOZ_REFERENCE_DATA"
UNTERORDNER = "xta2-v3"

NS_SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
NS_XTA = "http://xoev.de/transport/xta/211"
NS_OSCI = "http://www.osci.eu/ws/2008/05/transport"
NS_OSCIMETA = "http://www.osci.eu/ws/2014/10/transport"
NS_WSA = "http://www.w3.org/2005/08/addressing"
NS_XOP = "http://www.w3.org/2004/08/xop/include"

# One schema document that pulls in every namespace a request or response of the platform's
# operations can carry. Validating a whole envelope with it checks each header block and body
# element that has a global declaration (the SOAP envelope schema is `lax`); the body element of
# an operation is in addition validated on its own, strictly (`Pruefer.validiere_element`).
_SAMMELSCHEMA = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  targetNamespace="{NS_XTA}">
  <xs:import namespace="{NS_SOAP12}" schemaLocation=".xsd"/>
  <xs:import namespace="{NS_OSCIMETA}" schemaLocation="OSCI_MessageMetaData_V2.02.xsd"/>
  <xs:import namespace="{NS_OSCI}" schemaLocation="OSCI2_02.xsd"/>
  <xs:import namespace="{NS_WSA}" schemaLocation="ws-addr.xsd"/>
  <xs:include schemaLocation="XTA-Webservice-Globale-Elemente.xsd"/>
  <xs:include schemaLocation="XTA-Webservice-Exceptions.xsd"/>
</xs:schema>"""

# Well-known schema URLs some XSDs name instead of a relative path, mapped to the local file.
_BEKANNTE_URLS = {
    "http://www.w3.org/2001/xml.xsd": "xml.xsd",
    "http://www.w3.org/2005/08/addressing/ws-addr.xsd": "ws-addr.xsd",
    "http://www.w3.org/2000/09/xmldsig#": "xmldsig-core-schema.xsd",
}


class ReferenzdatenFehlen(Exception):
    """The XTA schema folder is missing; the message names where it was looked for."""


class NurOrtsansaessig(etree.Resolver):
    """A catalog of one folder: local files inside it, known URLs mapped to its files, nothing
    else (no network, no file outside the folder)."""

    def __init__(self, ordner: Path) -> None:
        super().__init__()
        self.ordner = ordner.resolve()

    def resolve(self, url: str | None, pubid: str | None, context: object) -> object:
        if not url:
            return None
        if url in _BEKANNTE_URLS:
            return self.resolve_filename(str(self.ordner / _BEKANNTE_URLS[url]), context)
        adresse = urlparse(url)
        if adresse.scheme in ("", "file"):
            pfad = Path(adresse.path).resolve()
            if pfad.is_relative_to(self.ordner) and pfad.is_file():
                return self.resolve_filename(str(pfad), context)
        raise etree.XMLSchemaParseError(f"schema reference outside {self.ordner} refused: {url}")


def sicherer_parser(ordner: Path | None = None, huge_tree: bool = False) -> etree.XMLParser:
    """No DTDs loaded, no entities expanded, no network; optional local-only resolver."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=huge_tree,
        remove_blank_text=False,
    )
    if ordner is not None:
        parser.resolvers.add(NurOrtsansaessig(ordner))
    return parser


_parser_des_threads = threading.local()


def sicher_parsen(daten: bytes, huge_tree: bool = False) -> etree._Element:
    """``daten`` parsed with the safe parser (no resolver) of the calling thread: a parser is
    not for two threads at once, and building one for every request costs more than parsing a
    small request."""
    name = "gross" if huge_tree else "klein"
    parser = getattr(_parser_des_threads, name, None)
    if parser is None:
        parser = sicherer_parser(huge_tree=huge_tree)
        setattr(_parser_des_threads, name, parser)
    return etree.fromstring(daten, parser)


def referenzdaten_verzeichnis() -> Path:
    """$SOZ_REFERENCE_DATA, else ``../shared/data`` beside the repository root."""
    konfiguriert = os.environ.get(UMGEBUNGSVARIABLE, "").strip()
    if konfiguriert:
        return Path(konfiguriert)
    return _repository_root().parent / "shared" / "data"


def _repository_root() -> Path:
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for ordner in start.parents:
            if (ordner / "services").is_dir() and (ordner / "pyproject.toml").is_file():
                return ordner
    return Path.cwd().resolve()


def xta_schema_verzeichnis(referenzdaten: Path | None = None) -> Path:
    ordner = (referenzdaten or referenzdaten_verzeichnis()) / UNTERORDNER
    if not (ordner / "XTA.wsdl").is_file():
        raise ReferenzdatenFehlen(
            f"XTA 2 Version 3 schemas not found in {ordner} (XTA.wsdl and its XSDs). "
            f"Set ${UMGEBUNGSVARIABLE} to the folder that holds {UNTERORDNER}/."
        )
    return ordner


@dataclass(frozen=True)
class Befund:
    """One schema finding: line and message, as lxml reports it (no element content)."""

    zeile: int
    meldung: str

    def __str__(self) -> str:
        return f"line {self.zeile}: {self.meldung}"


class XtaSchemata:
    """Validates envelopes and single elements against the official XTA 2 V3 schema set."""

    def __init__(self, ordner: Path) -> None:
        self.ordner = ordner
        dokument = etree.fromstring(
            _SAMMELSCHEMA.encode(),
            sicherer_parser(ordner),
            base_url=str(ordner / "sammelschema.xsd"),
        )
        self.schema = etree.XMLSchema(etree.ElementTree(dokument))
        self._sperre = threading.Lock()

    def pruefe(self, element: etree._Element) -> list[Befund]:
        """Findings for ``element`` validated as a document of its own (empty: valid). lxml
        validates a subtree in place as the root of a document (no copy); line numbers are
        those of the request."""
        return _validiere(self.schema, self._sperre, element)


def _validiere(
    schema: etree.XMLSchema, sperre: threading.Lock, element: etree._Element
) -> list[Befund]:
    # An XMLSchema keeps one error log, cleared and filled by every validation: without the
    # lock another thread's validation could empty it between ours and the reading, and an
    # invalid request would pass with no findings.
    with sperre:
        try:
            if schema.validate(element):
                return []
        except etree.XMLSchemaValidateError:
            # libxml2 gives up on a tree it cannot validate (e.g. an unexpanded entity
            # reference): that is a finding about the request, not a failure of the server
            return [Befund(element.sourceline or 0, "the schema validator could not process it")]
        befunde = [Befund(fehler.line, fehler.message) for fehler in schema.error_log]
    return befunde or [Befund(0, "invalid (no detail reported)")]


class Fachschemata:
    """Payload schemas by target namespace: every ``*.xsd`` at the top of a folder. A message
    whose root namespace has a schema here is validated against it (fault 9050 when invalid)."""

    def __init__(self, ordner: Path | None) -> None:
        self.schemata: dict[str, etree.XMLSchema] = {}
        self._sperre = threading.Lock()
        if ordner is None or not ordner.is_dir():
            return
        for datei in sorted(ordner.glob("*.xsd")):
            dokument = etree.parse(str(datei), sicherer_parser(ordner))
            namensraum = dokument.getroot().get("targetNamespace")
            if namensraum:
                self.schemata[namensraum] = etree.XMLSchema(dokument)

    def pruefe(self, wurzel: etree._Element) -> list[Befund] | None:
        """Findings, or None when no schema is known for the root's namespace."""
        namensraum = etree.QName(wurzel).namespace
        schema = self.schemata.get(namensraum or "")
        if schema is None:
            return None
        return _validiere(schema, self._sperre, wurzel)
