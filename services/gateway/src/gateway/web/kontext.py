"""RequestContext: everything a handler may use for one request, and nothing else.

Handlers read the request, the language, the session, and call ``konten`` (accounts and
sessions) or ``dienste`` (the other services by RPC). They never touch nameko.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from typing import Any

import orjson
from marshmallow import Schema, ValidationError
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.formparser import FormDataParser, MultiPartParser
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData
from werkzeug.wrappers import Request

from gateway.adapters.dienste import PERSON_ID, Downstream
from gateway.adapters.oidc import OidcAnbieter
from gateway.bewahrte_eingaben import BewahrteEingaben
from gateway.config import GatewaySettings
from gateway.fehler import (
    EingabeUngueltig,
    JsonUngueltig,
    JsonZuTief,
    MedientypNichtUnterstuetzt,
    NichtAngemeldet,
)
from gateway.i18n import Sprache
from gateway.konten import AktiveSitzung, Konten, NeueSitzung
from gateway.sicherheit import Schluessel, neues_token
from gateway.web.antworten import Cookie

MAX_BODY_BYTES = 64 * 1024
# A text field of a form (multipart or not) is held in memory: at most this much.
MAX_FORMULARFELD_BYTES = 64 * 1024
# werkzeug's multipart decoder refuses (413) once the bytes it still holds plus the next block
# it reads exceed max_form_memory_size, in file parts too. It keeps back the end of a block
# whenever a CR or LF there could begin the boundary; with blocks as large as the limit (64 KiB
# each), the next block then overflowed, and files over a few hundred KB were refused. Blocks of
# a quarter of the limit leave room for what is kept back (docs/adr/0061).
FORMULAR_BLOCK_BYTES = MAX_FORMULARFELD_BYTES // 4
# Objects and arrays inside each other: no form of the platform needs more than a few levels.
# Deeper bodies are refused here, before any RPC: the services' recursive code (validation,
# JSON encoding of the RPC) fails far below orjson's own limit of 1024 (docs/adr/0062).
MAX_JSON_TIEFE = 32
FELDNAME = re.compile(r"^[a-z_][a-z0-9_]{0,39}$")
SITZUNG_COOKIE = "soz_sitzung"
FORMULAR_COOKIE = "soz_formular"  # before login: the anchor of the forms' CSRF token
SPRACHE_COOKIE = "soz_sprache"
SPRACHE_PARAMETER = "sprache"
ANMELDUNG_COOKIE = "soz_anmeldung"  # the OpenID Connect login in flight (signed)
BEWAHRT_COOKIE = "soz_bewahrt"  # opens input kept after the session ended (docs/adr/0080)
FORMULAR_COOKIE_SEKUNDEN = 2 * 3600
SPRACHE_COOKIE_SEKUNDEN = 365 * 24 * 3600


@dataclass
class RequestContext:
    request: Request
    settings: GatewaySettings
    sprache: Sprache
    translations: gettext.NullTranslations
    secure: bool
    client: str  # keyed hash of the client address, for rate limits
    correlation_id: str
    schluessel: Schluessel
    konten: Konten
    oidc: OidcAnbieter | None
    dienste: Downstream
    worker_data: dict[str, Any]
    sitzung: AktiveSitzung | None = None
    sitzung_token: str | None = None
    cookies: list[Cookie] = field(default_factory=list)
    bewahrte: BewahrteEingaben | None = None  # input kept after a session ended
    # the session cookie's token when it names no open session (ended, expired, unknown)
    abgelaufenes_sitzung_token: str | None = None
    # files over the upload limit were left out of this form; its text fields are read
    dateien_zu_gross: bool = False

    # language ---------------------------------------------------------------------------------

    def _(self, message: str, **values: Any) -> str:
        text = self.translations.gettext(message)
        return text % values if values else text

    # session ----------------------------------------------------------------------------------

    @property
    def angemeldet(self) -> bool:
        return self.sitzung is not None

    def anmeldung_erforderlich(self) -> AktiveSitzung:
        if self.sitzung is None:
            raise NichtAngemeldet()
        return self.sitzung

    def sitzung_setzen(self, neue: NeueSitzung | None) -> None:
        """After login (a new token, so a planted one is worthless) or logout (None)."""
        if neue is None:
            self.sitzung, self.sitzung_token = None, None
            self.cookie_loeschen(SITZUNG_COOKIE)
            self.worker_data.pop(PERSON_ID, None)
            return
        self.sitzung, self.sitzung_token = neue.sitzung, neue.token
        self.cookie_setzen(SITZUNG_COOKIE, neue.token)
        self.cookie_loeschen(FORMULAR_COOKIE)
        self.worker_data[PERSON_ID] = neue.sitzung.person_id

    # CSRF -------------------------------------------------------------------------------------

    def csrf_token(self) -> str:
        """The token forms and API calls must send back: bound to the session, or before login
        to a random cookie set for the forms."""
        return self.schluessel.csrf_token(self._csrf_bezug(erzeugen=True))

    def csrf_gueltig(self, token: str | None) -> bool:
        bezug = self._csrf_bezug(erzeugen=False)
        return bezug is not None and self.schluessel.csrf_gueltig(bezug, token)

    def csrf_der_sitzung_gueltig(self, sitzung_token: str, token: str | None) -> bool:
        """Whether a form was made for the session of ``sitzung_token`` (one that has ended
        since, docs/adr/0080)."""
        return self.schluessel.csrf_gueltig(f"sitzung:{sitzung_token}", token)

    def _csrf_bezug(self, *, erzeugen: bool) -> str | None:
        if self.sitzung_token is not None:
            return f"sitzung:{self.sitzung_token}"
        formular = self.cookie(FORMULAR_COOKIE)
        if formular is None and erzeugen:
            formular = neues_token()
            self.cookie_setzen(FORMULAR_COOKIE, formular, FORMULAR_COOKIE_SEKUNDEN)
        return None if formular is None else f"formular:{formular}"

    # cookies ----------------------------------------------------------------------------------

    def cookie_name(self, name: str) -> str:
        """Over TLS, cookies get the __Host- prefix: Secure, path /, no domain, cannot be set
        by a sibling subdomain."""
        return f"__Host-{name}" if self.secure else name

    def cookie(self, name: str) -> str | None:
        for cookie in reversed(self.cookies):
            if cookie.name == name:
                return cookie.value or None
        return self.request.cookies.get(self.cookie_name(name)) or None

    def cookie_setzen(self, name: str, value: str, max_age: int | None = None) -> None:
        self.cookies.append(Cookie(name, value, max_age))

    def cookie_loeschen(self, name: str) -> None:
        self.cookies.append(Cookie(name, "", 0))

    # input ------------------------------------------------------------------------------------

    def json(self, schema: Schema) -> dict[str, Any]:
        """The request's JSON body, checked against ``schema``: 415, 413, 400 or 422 if not."""
        if self.request.mimetype != "application/json":
            raise MedientypNichtUnterstuetzt()
        try:
            data = orjson.loads(self.request.get_data(cache=True))
        except orjson.JSONDecodeError:
            raise JsonUngueltig() from None
        if verschachtelung(data) > MAX_JSON_TIEFE:
            raise JsonZuTief()
        return laden(schema, data)

    def abfrage(self, schema: Schema) -> dict[str, Any]:
        """The query parameters, checked against ``schema`` (422 if not). Empty ones count as
        absent (a form sends its empty fields); ``sprache`` belongs to every page and call."""
        werte = {
            name: wert
            for name, wert in self.request.args.items()
            if name != SPRACHE_PARAMETER and wert != ""
        }
        return laden(schema, werte)

    def formular(self, schema: Schema) -> dict[str, Any]:
        """The form's fields that ``schema`` knows, checked against it (422 if not)."""
        werte = {
            name: self.request.form[name] for name in schema.fields if name in self.request.form
        }
        return laden(schema, werte)


def grenzen_setzen(request: Request) -> None:
    """The limits of every request: the body (an upload route raises it to
    SOZ_GATEWAY_ANLAGE_MAX_BYTES), each text field of a form, and how forms are read."""
    request.max_content_length = MAX_BODY_BYTES
    request.max_form_memory_size = MAX_FORMULARFELD_BYTES
    request.form_data_parser_class = Formularleser


class Formularleser(FormDataParser):
    """werkzeug's form parser, reading multipart bodies in blocks smaller than the memory limit,
    so that the limit bounds each text field and no file (files go to temporary files; the
    request's max_content_length bounds them)."""

    def _parse_multipart(
        self,
        stream: Any,
        mimetype: str,
        content_length: int | None,
        options: dict[str, str],
    ) -> tuple[Any, Any, Any]:
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            raise ValueError("Missing boundary")
        parser = MultiPartParser(
            stream_factory=self.stream_factory,
            max_form_memory_size=self.max_form_memory_size,
            max_form_parts=self.max_form_parts,
            cls=self.cls,
            buffer_size=FORMULAR_BLOCK_BYTES,
        )
        form, files = parser.parse(stream, boundary, content_length)
        return stream, form, files


def textfelder_retten(request: Request, hoechstens: int) -> MultiDict | None:
    """The text fields of a multipart form whose files make it larger than the upload limit,
    the files read and dropped, so the page can come back with everything typed (docs/adr/0080).
    None when the body is larger than ``hoechstens``, not multipart, malformed, or its text
    fields exceed what a form may hold (MAX_BODY_BYTES together, each MAX_FORMULARFELD_BYTES):
    then the request ends as a plain 413."""
    boundary = request.mimetype_params.get("boundary", "").encode("latin-1")
    laenge = request.content_length
    if request.mimetype != "multipart/form-data" or not boundary or laenge is None:
        return None
    if laenge > hoechstens:
        return None
    request.max_content_length = hoechstens
    stream = request.stream
    decoder = MultipartDecoder(boundary, max_form_memory_size=MAX_FORMULARFELD_BYTES)
    felder: MultiDict = MultiDict()
    name, datei, wert, text = "", False, bytearray(), 0
    try:
        while True:
            block = stream.read(FORMULAR_BLOCK_BYTES)
            decoder.receive_data(block or None)
            while not isinstance(ereignis := decoder.next_event(), NeedData):
                if isinstance(ereignis, Field | File):
                    name, datei, wert = ereignis.name, isinstance(ereignis, File), bytearray()
                elif isinstance(ereignis, Data) and not datei:
                    wert += ereignis.data
                    text += len(ereignis.data)
                    if len(wert) > MAX_FORMULARFELD_BYTES or text > MAX_BODY_BYTES:
                        return None
                    if not ereignis.more_data:
                        felder.add(name, wert.decode("utf-8", "replace"))
                elif isinstance(ereignis, Epilogue):
                    return felder
            if not block:
                return None
    except (ValueError, HTTPException):  # malformed, too large, the client went away
        return None


def verschachtelung(data: Any) -> int:
    """How many objects and arrays lie inside each other at the deepest point (a scalar: 0).
    Without recursion, so that no input can exhaust the stack."""
    tiefste = 0
    offen: list[tuple[Any, int]] = [(data, 1)]
    while offen:
        wert, tiefe = offen.pop()
        if isinstance(wert, dict):
            kinder = wert.values()
        elif isinstance(wert, list):
            kinder = wert
        else:
            continue
        tiefste = max(tiefste, tiefe)
        offen.extend((kind, tiefe + 1) for kind in kinder)
    return tiefste


def laden(schema: Schema, data: Any) -> dict[str, Any]:
    try:
        return schema.load(data)
    except ValidationError as error:
        raise EingabeUngueltig(_feldcodes(error.normalized_messages())) from None


def _feldcodes(messages: dict[str, Any]) -> dict[str, str]:
    """{field: first message code}; the codes come from the schemas' error messages. An unknown
    field is named only if its name looks like a field name (a key can carry data too)."""
    codes: dict[str, str] = {}
    for feld, meldungen in messages.items():
        if isinstance(meldungen, dict):  # a nested field: name the outer one
            meldungen = next(iter(meldungen.values()), ["pflichtfeld"])
        name = feld if FELDNAME.match(feld) else "<unbekannt>"
        codes[name] = meldungen[0] if isinstance(meldungen, list) else str(meldungen)
    return codes
