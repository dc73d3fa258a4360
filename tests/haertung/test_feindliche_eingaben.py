"""The hostile-input corpus (issue #10, "The suite that keeps it so"; ADR 0077): what an attacker
or clumsy real life sends to the API and the pages, one parametrised test per class of finding,
each case asserting the exact answer: its status, its problem code, no 5xx, the security
headers.

The XTA inbound path (a Jobcenter's message in any encoding, size or content) is held by the
xta-gateway's own tests against the XTA2 counterpart (services/xta-gateway/tests), where the
counterpart writes back arbitrary bytes.
"""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import pytest
import requests
from feindlich import foto, png, problem, scan_pdf, seite, sicherheitsheader
from gateway_antrag_plattform import EINSTIEGSGELD, GELNHAUSEN, AntragKlient, Plattform

pytestmark = [pytest.mark.rabbitmq, pytest.mark.slow, pytest.mark.timeout(300)]

ANTRAEGE = "/api/v1/antraege"
ANTRAG = "/api/v1/antraege/{antrag_id}"
ABSCHNITT = "/api/v1/antraege/{antrag_id}/abschnitte/{abschnitt}"
ANLAGEN = "/api/v1/antraege/{antrag_id}/anlagen"
ZURUECKZIEHUNG = "/api/v1/antraege/{antrag_id}/zurueckziehung"
ZUSTAENDIGKEIT = "/api/v1/zustaendigkeit"
KONTO = "/api/v1/konto"
SITZUNG = "/api/v1/sitzung"
ANTRAGSTELLER = EINSTIEGSGELD["antragsteller"]


def abschnitt_mit(antrag_id: str, **aenderung: str) -> tuple[str, dict]:
    """The applicant's section, complete and valid but for ``aenderung``."""
    return ABSCHNITT.format(antrag_id=antrag_id, abschnitt="antragsteller"), {
        **ANTRAGSTELLER,
        **aenderung,
    }


# Control characters, per class: what XML 1.0 cannot carry at all (C0 but tab, LF, CR; the
# non-characters U+FFFE and U+FFFF) breaks the XÖV message and is refused in every text field.
NICHT_XML = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\ufffe", "\uffff"]
# What XML carries but a single line (a name) must not hold: tab, line breaks, DEL, C1, the
# Unicode line separators.
NUR_MEHRZEILIG = ["\t", "\n", "\r", "\x7f", "\x85", "\x9b", "\u2028", "\u2029"]
# Bidirectional formatting controls: "Erika\u202eannaM" shows as another name.
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def _name(zeichen: str) -> str:
    return f"U+{ord(zeichen):04X}"


@pytest.mark.parametrize("zeichen", NICHT_XML, ids=_name)
def test_text_xml_cannot_carry_is_refused_in_a_name_with_a_field_error(
    person: AntragKlient, antrag_id: str, zeichen: str
) -> None:
    pfad, daten = abschnitt_mit(antrag_id, vorname=f"Er{zeichen}ika")
    body = problem(
        person.mit_csrf("PUT", pfad, json=daten), 422, "felder_ungueltig", ("PUT", ABSCHNITT)
    )
    assert [(f["feld"], f["code"]) for f in body["felder"]] == [("vorname", "text_steuerzeichen")]
    assert zeichen not in json.dumps(body, ensure_ascii=False)


@pytest.mark.parametrize("zeichen", NICHT_XML, ids=_name)
def test_text_xml_cannot_carry_is_refused_in_free_text_too(
    person: AntragKlient, zeichen: str
) -> None:
    """A Begründung is multi-line text: line breaks pass, what XML cannot carry does not."""
    antrag_id = person.anlegen()
    pfad = ZURUECKZIEHUNG.format(antrag_id=antrag_id)
    body = problem(
        person.mit_csrf("POST", pfad, json={"begruendung": f"Ich habe\neine Stelle{zeichen}."}),
        422,
        "eingabe_ungueltig",
        ("POST", ZURUECKZIEHUNG),
    )
    assert [f["feld"] for f in body["felder"]] == ["begruendung"]
    assert person.antrag(antrag_id)["status"] == "entwurf"


@pytest.mark.parametrize("zeichen", NUR_MEHRZEILIG + BIDI, ids=_name)
def test_line_breaks_and_bidi_controls_are_refused_in_names(
    person: AntragKlient, antrag_id: str, zeichen: str
) -> None:
    pfad, daten = abschnitt_mit(antrag_id, nachname=f"Muster{zeichen}mann")
    body = problem(
        person.mit_csrf("PUT", pfad, json=daten), 422, "felder_ungueltig", ("PUT", ABSCHNITT)
    )
    assert [(f["feld"], f["code"]) for f in body["felder"]] == [("nachname", "text_einzeilig")]


@pytest.mark.parametrize("zeichen", ["\x00", "\x1b", "\u202e"], ids=_name)
def test_the_page_form_refuses_control_characters_in_a_name_with_the_field_marked(
    person: AntragKlient, antrag_id: str, zeichen: str
) -> None:
    antwort = person.request(
        "POST",
        f"/antraege/{antrag_id}/abschnitte/antragsteller",
        data={"csrf_token": person.csrf_token, **ANTRAGSTELLER, "vorname": f"Eri{zeichen}ka"},
    )
    assert 'aria-invalid="true"' in seite(antwort, 422)


def test_a_name_in_any_script_and_beyond_the_basic_multilingual_plane_is_kept(
    person: AntragKlient, antrag_id: str
) -> None:
    """The neighbours that must pass: letters of every script, combining marks, a name written
    with a character outside the BMP (𠀋, CJK Extension B), ZWJ and ZWNJ (Persian, Indic)."""
    namen = {"vorname": "Ἀφροδίτη Žofie 𠀋子", "nachname": "Nguyễn-Müller می\u200cخواهم"}
    pfad, daten = abschnitt_mit(antrag_id, **namen)
    antwort = person.mit_csrf("PUT", pfad, json=daten)
    assert antwort.status_code == 200, antwort.text
    sicherheitsheader(antwort)
    gespeichert = person.antrag(antrag_id)["abschnitte"]["antragsteller"]
    assert {k: gespeichert[k] for k in namen} == namen


# Deep and huge JSON ---------------------------------------------------------------------------


@pytest.mark.parametrize("tiefe", [33, 500, 1000, 100_000])
@pytest.mark.parametrize(
    ("methode", "pfad", "vorlage"),
    [
        ("PUT", ABSCHNITT, "antragsteller"),
        ("POST", ANTRAEGE, None),
        ("POST", KONTO, None),
    ],
)
def test_deeply_nested_json_is_refused_at_the_edge(
    person: AntragKlient,
    antrag_id: str,
    methode: str,
    pfad: str,
    vorlage: str | None,
    tiefe: int,
) -> None:
    koerper = '{"vorname": ' + "[" * tiefe + "]" * tiefe + "}"
    antwort = person.mit_csrf(
        methode,
        pfad.format(antrag_id=antrag_id, abschnitt=vorlage),
        data=koerper.encode(),
        headers={"Content-Type": "application/json"},
    )
    if len(koerper) > 64 * 1024:
        problem(antwort, 413, "anfrage_zu_gross", (methode, pfad))
    else:
        problem(antwort, 400, "json_zu_tief", (methode, pfad))


@pytest.mark.parametrize("groesse", [64 * 1024 + 1, 5 * 1024 * 1024])
def test_a_json_body_over_64_kib_is_refused_with_413(
    person: AntragKlient, antrag_id: str, groesse: int
) -> None:
    pfad, daten = abschnitt_mit(antrag_id)
    koerper = json.dumps({**daten, "vorname": "E" * groesse}).encode()
    antwort = person.mit_csrf(
        "PUT", pfad, data=koerper, headers={"Content-Type": "application/json"}
    )
    problem(antwort, 413, "anfrage_zu_gross", ("PUT", ABSCHNITT))


# Wrong content types, bodies that are no UTF-8 -----------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
        "multipart/form-data; boundary=x",
        "application/json-patch+json",
        None,
    ],
)
def test_a_json_operation_refuses_other_content_types_with_415(
    person: AntragKlient, antrag_id: str, content_type: str | None
) -> None:
    pfad, daten = abschnitt_mit(antrag_id)
    headers = {"Content-Type": content_type} if content_type else {}
    antwort = person.mit_csrf("PUT", pfad, data=json.dumps(daten).encode(), headers=headers)
    problem(antwort, 415, "medientyp_nicht_unterstuetzt", ("PUT", ABSCHNITT))


@pytest.mark.parametrize(
    "koerper",
    [
        '{"vorname": "Jürgen"}'.encode("latin-1"),
        '{"vorname": "Jürgen"}'.encode("utf-16"),
        '{"vorname": "Jürgen"}'.encode("cp1252"),
        b'{"vorname": "\xed\xa0\x80"}',  # a surrogate, encoded as if it were a character
        b'{"vorname": "\xc0\xaf"}',  # an overlong "/"
    ],
    ids=["latin-1", "utf-16", "cp1252", "surrogate", "overlong"],
)
def test_a_json_body_that_is_no_utf_8_is_refused_with_400(
    person: AntragKlient, antrag_id: str, koerper: bytes
) -> None:
    pfad = ABSCHNITT.format(antrag_id=antrag_id, abschnitt="antragsteller")
    antwort = person.mit_csrf(
        "PUT", pfad, data=koerper, headers={"Content-Type": "application/json"}
    )
    problem(antwort, 400, "json_ungueltig", ("PUT", ABSCHNITT))


def test_unknown_fields_are_refused_not_silently_stored(
    person: AntragKlient, antrag_id: str
) -> None:
    pfad, daten = abschnitt_mit(antrag_id, ist_admin="ja")
    body = problem(
        person.mit_csrf("PUT", pfad, json=daten), 422, "felder_ungueltig", ("PUT", ABSCHNITT)
    )
    assert [f["feld"] for f in body["felder"]] == ["ist_admin"]
    unbekannt_beim_anlegen = person.mit_csrf(
        "POST",
        ANTRAEGE,
        json={"leistung": "einstiegsgeld", "wohnort": GELNHAUSEN, "person_id": "jemand"},
    )
    body = problem(unbekannt_beim_anlegen, 422, "eingabe_ungueltig", ("POST", ANTRAEGE))
    assert [f["feld"] for f in body["felder"]] == ["person_id"]


# Methods and paths ---------------------------------------------------------------------------


def _methoden(antwort: requests.Response) -> set[str]:
    """The methods ``Allow`` names, but OPTIONS, which every path answers (204)."""
    return {m.strip() for m in antwort.headers["Allow"].split(",")} - {"OPTIONS"}


@pytest.mark.parametrize(
    ("methode", "pfad", "erlaubt"),
    [
        ("PATCH", "/api/v1/antraege", "GET, HEAD, OPTIONS, POST"),
        ("DELETE", "/api/v1/antraege/{antrag_id}", "GET, HEAD, OPTIONS"),
        ("PUT", "/api/v1/sitzung", "DELETE, GET, HEAD, OPTIONS, POST"),
        ("POST", "/api/v1/zustaendigkeit", "GET, HEAD, OPTIONS"),
        ("TRACE", "/api/v1/konto", "GET, HEAD, OPTIONS, POST"),
    ],
)
def test_an_undeclared_method_on_the_api_is_a_405_problem_naming_the_allowed_ones(
    person: AntragKlient, antrag_id: str, methode: str, pfad: str, erlaubt: str
) -> None:
    antwort = person.mit_csrf(methode, pfad.format(antrag_id=antrag_id), json={})
    problem(antwort, 405, "methode_nicht_erlaubt")
    assert _methoden(antwort) == set(erlaubt.split(", ")) - {"OPTIONS"}


@pytest.mark.parametrize(
    ("methode", "pfad", "erlaubt"),
    [
        ("PUT", "/anmelden", "GET, HEAD, OPTIONS, POST"),
        ("DELETE", "/antraege/{antrag_id}", "GET, HEAD, OPTIONS"),
        ("PATCH", "/impressum", "GET, HEAD, OPTIONS"),
    ],
)
def test_an_undeclared_method_on_a_page_is_a_405_page_naming_the_allowed_ones(
    person: AntragKlient, antrag_id: str, methode: str, pfad: str, erlaubt: str
) -> None:
    antwort = person.request(methode, pfad.format(antrag_id=antrag_id))
    seite(antwort, 405)
    assert _methoden(antwort) == set(erlaubt.split(", ")) - {"OPTIONS"}


TRAVERSIERUNG = [
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fconfig.yaml",
    "..%5C..%5Cwindows%5Cwin.ini",
    "%00",
    "antrag%00.json",
    "%252e%252e%252f",
    "%C0%AE%C0%AE%2F",
]


@pytest.mark.parametrize("teil", TRAVERSIERUNG)
@pytest.mark.parametrize(
    "vorlage",
    [
        "/api/v1/antraege/{teil}",
        "/api/v1/antraege/{teil}/quittung.pdf",
        "/api/v1/antraege/{antrag_id}/abschnitte/{teil}",
        "/api/v1/antraege/{antrag_id}/anlagen/{teil}",
        "/api/v1/formulare/{teil}",
        "/api/v1/probleme/{teil}",
    ],
)
def test_path_traversal_in_an_id_finds_nothing(
    person: AntragKlient, antrag_id: str, vorlage: str, teil: str
) -> None:
    pfad = vorlage.format(antrag_id=antrag_id, teil=teil)
    methode = "DELETE" if "/anlagen/" in vorlage else "PUT" if "/abschnitte/" in vorlage else "GET"
    antwort = person.mit_csrf(methode, pfad, json={} if methode == "PUT" else None)
    assert antwort.status_code in (404, 422) and antwort.status_code < 500, antwort.text
    code = problem(antwort, antwort.status_code, antwort.json()["code"])["code"]
    assert code in {
        "nicht_gefunden",
        "antrag_nicht_gefunden",
        "anlage_nicht_gefunden",
        "leistung_unbekannt",
        "abschnitt_unbekannt",
        "problem_unbekannt",
    }, code


@pytest.mark.parametrize("teil", TRAVERSIERUNG)
def test_path_traversal_in_static_files_and_pages_finds_nothing(
    person: AntragKlient, antrag_id: str, teil: str
) -> None:
    for pfad in (
        f"/static/{teil}",
        f"/antraege/{teil}",
        f"/antraege/{antrag_id}/abschnitte/{teil}",
    ):
        seite(person.get(pfad), 404)


@pytest.mark.parametrize(
    "abfrage",
    [
        "plz=%00",
        "plz=63571%00",
        "ort=Geln%00hausen",
        "plz=63571&ort=%00",
        "plz=63571&sprache=%00",
        "plz=63571&strasse=Bahnhofstra%C3%9Fe%001",
    ],
)
def test_a_nul_in_the_query_string_is_a_field_error(person: AntragKlient, abfrage: str) -> None:
    antwort = person.get(f"{ZUSTAENDIGKEIT}?{abfrage}")
    if "sprache=" in abfrage:
        # An unknown language is no error: the request's language is negotiated instead.
        assert antwort.status_code == 200, antwort.text
        sicherheitsheader(antwort)
        return
    problem(antwort, 422, "eingabe_ungueltig", ("GET", ZUSTAENDIGKEIT))
    if "strasse=" not in abfrage:  # the page asks for postcode and town only
        seite(person.get(f"/zustaendigkeit?{abfrage}"), 422)


# Uploads -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def phone_foto() -> bytes:
    return foto()


@pytest.fixture(scope="module")
def scan_10_mb() -> bytes:
    jpeg = foto(4960, 3508, 90)  # A4 at 420 dpi, as a document scanner app writes it
    pdf = scan_pdf(jpeg, 4960, 3508)
    assert 9_500_000 < len(pdf) < 11 * 1024 * 1024 - 4096, len(pdf)
    return pdf


def test_a_phone_photo_and_a_10_mb_scan_are_attached_through_the_api(
    person: AntragKlient, phone_foto: bytes, scan_10_mb: bytes
) -> None:
    antrag_id = person.anlegen()
    pfad = ANLAGEN.format(antrag_id=antrag_id)
    for name, inhalt, art in [
        ("IMG_20261207_091512.jpg", phone_foto, "image/jpeg"),
        ("Arbeitsvertrag.pdf", scan_10_mb, "application/pdf"),
    ]:
        antwort = person.mit_csrf(
            "POST", pfad, data={"abschnitt": "taetigkeit"}, files={"dateien": (name, inhalt, art)}
        )
        assert antwort.status_code == 201, (name, len(inhalt), antwort.text[:500])
        sicherheitsheader(antwort)
        assert antwort.json()["seiten"] == 1
    assert len(person.antrag(antrag_id)["anlagen"]) == 2


def test_a_phone_photo_is_attached_through_the_page(
    person: AntragKlient, phone_foto: bytes
) -> None:
    antrag_id = person.anlegen()
    antwort = person.request(
        "POST",
        f"/antraege/{antrag_id}/anlagen",
        data={"csrf_token": person.csrf_token, "abschnitt": "taetigkeit"},
        files={"dateien": ("IMG_20261207_091512.jpg", phone_foto, "image/jpeg")},
    )
    assert antwort.status_code == 303, antwort.text[:500]
    assert len(person.antrag(antrag_id)["anlagen"]) == 1


def test_an_upload_over_the_limit_is_refused_with_413_on_the_api_and_the_page(
    person: AntragKlient,
) -> None:
    antrag_id = person.anlegen()
    zu_gross = b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024 + 1)
    api = person.mit_csrf(
        "POST",
        ANLAGEN.format(antrag_id=antrag_id),
        data={"abschnitt": "taetigkeit"},
        files={"dateien": ("gross.pdf", zu_gross, "application/pdf")},
    )
    problem(api, 413, "anlagen_zu_gross", ("POST", ANLAGEN))
    page = person.request(
        "POST",
        f"/antraege/{antrag_id}/anlagen",
        data={"csrf_token": person.csrf_token, "abschnitt": "taetigkeit"},
        files={"dateien": ("gross.pdf", zu_gross, "application/pdf")},
    )
    seite(page, 413)
    assert person.antrag(antrag_id)["anlagen"] == []


def test_bidi_controls_are_removed_from_file_names(person: AntragKlient) -> None:
    antrag_id = person.anlegen()
    antwort = person.mit_csrf(
        "POST",
        ANLAGEN.format(antrag_id=antrag_id),
        data={"abschnitt": "taetigkeit"},
        files={"dateien": ("rechnung\u202efdp.exe.png", png(), "image/png")},
    )
    assert antwort.status_code == 201, antwort.text
    # The photo becomes a PDF, and its name says so.
    assert antwort.json()["dateiname"] == "rechnungfdp.exe.pdf"


def _multipart(grenze: str, teile: bytes) -> tuple[bytes, dict[str, str]]:
    return teile, {"Content-Type": f"multipart/form-data; boundary={grenze}"}


KAPUTTES_MULTIPART = {
    "ohne-boundary": (b"--x\r\n\r\n--x--\r\n", {"Content-Type": "multipart/form-data"}),
    "falsche-boundary": _multipart(
        "y",
        b'--x\r\nContent-Disposition: form-data; name="abschnitt"\r\n\r\ntaetigkeit\r\n--x--\r\n',
    ),
    "abgeschnitten": _multipart(
        "x",
        b'--x\r\nContent-Disposition: form-data; name="dateien"; filename="a.png"\r\n'
        b"Content-Type: image/png\r\n\r\n" + png()[:50],
    ),
    "ohne-kopf": _multipart("x", b"--x\r\n\r\ninhalt\r\n--x--\r\n"),
    "leer": _multipart("x", b""),
}


@pytest.mark.parametrize("fall", sorted(KAPUTTES_MULTIPART))
def test_a_malformed_multipart_body_is_a_clear_4xx(person: AntragKlient, fall: str) -> None:
    antrag_id = person.anlegen()
    koerper, headers = KAPUTTES_MULTIPART[fall]
    antwort = person.mit_csrf(
        "POST", ANLAGEN.format(antrag_id=antrag_id), data=koerper, headers=headers
    )
    problem(antwort, 422, "eingabe_ungueltig", ("POST", ANLAGEN))
    assert person.antrag(antrag_id)["anlagen"] == []


# Headers -----------------------------------------------------------------------------------


def _roh(plattform: Plattform, anfrage: bytes) -> bytes:
    """A request as bytes on its own connection; the whole answer (the server closes)."""
    adresse = urlsplit(plattform.url)
    with socket.create_connection((adresse.hostname, adresse.port), timeout=10) as verbindung:
        verbindung.sendall(anfrage)
        antwort = b""
        while block := verbindung.recv(65536):
            antwort += block
    return antwort


@pytest.mark.parametrize(
    "kopf",
    [
        b"X-Langer-Kopf: " + b"a" * 20_000,
        b"Cookie: soz_sitzung=" + b"b" * 20_000,
        b"".join(b"X-Kopf-%d: wert\r\n" % i for i in range(2000)).rstrip(b"\r\n"),
    ],
    ids=["header", "cookie", "viele"],
)
def test_oversize_headers_and_cookies_are_refused_without_a_server_error(
    plattform: Plattform, kopf: bytes
) -> None:
    try:
        antwort = _roh(
            plattform,
            b"GET /api/v1/antraege HTTP/1.1\r\nHost: 127.0.0.1\r\n" + kopf + b"\r\n"
            b"Connection: close\r\n\r\n",
        )
    except ConnectionResetError:
        antwort = b""  # closed while the request was still being sent: refused too
    if antwort:
        statuszeile = antwort.split(b"\r\n", 1)[0]
        assert statuszeile.split()[1] in (b"400", b"431"), statuszeile
    # and the gateway serves on
    assert requests.get(f"{plattform.url}/api/v1/angebote", timeout=10).status_code == 200


def test_a_session_cookie_at_the_limit_is_no_error(plattform: Plattform) -> None:
    """A cookie a browser may well send (4 KB) is read and simply not a session: 401."""
    antwort = requests.get(
        f"{plattform.url}/api/v1/antraege", cookies={"soz_sitzung": "c" * 4000}, timeout=10
    )
    problem(antwort, 401, "nicht_angemeldet", ("GET", ANTRAEGE))


def test_an_application_filled_with_the_corpus_s_neighbours_still_submits(
    person: AntragKlient,
) -> None:
    """What must pass does: names in many scripts, a Begründung with line breaks, a photo."""
    antrag_id = person.anlegen()
    person.jobcenter_abwarten(antrag_id)
    abschnitte = {
        **EINSTIEGSGELD,
        "antragsteller": {**ANTRAGSTELLER, "vorname": "Zoë Ἀφροδίτη", "nachname": "Øster"},
    }
    person.ausfuellen(antrag_id, abschnitte)
    antwort = person.einreichen(antrag_id)
    assert antwort.status_code == 202, antwort.text
    sicherheitsheader(antwort)
