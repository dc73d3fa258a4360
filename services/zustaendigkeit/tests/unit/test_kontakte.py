"""The Jobcenters' contact details: every bad row of the operators' file named by line and
reason, the answer's ``kontakt`` with the operators' details or an honest fallback."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from zustaendigkeit.adapters import kontaktdatei
from zustaendigkeit.domain.kontakte import SPALTEN, KontakteFehlerhaft, pruefen
from zustaendigkeit.domain.model import Anbindung
from zustaendigkeit.domain.verzeichnis import Verzeichnis

BEISPIEL = Path(__file__).resolve().parents[4] / "deploy" / "embedded" / "jobcenter-kontakte"
HEUTE = datetime.date(2026, 2, 1)
KOPF = ",".join(SPALTEN)
GUT = (
    "68410,Biberach,Beispielring 6,88400,Biberach an der Riß,069 90009 106,"
    "biberach@jobcenter.example.org,https://biberach.jobcenter.example.org,"
    "Mo–Fr 8–12 Uhr,Beispieldaten,2026-01-15"
)


def geprueft(text: str, referenzdaten):  # noqa: ANN001, ANN201
    roh = text.encode()
    return pruefen(
        kontaktdatei.zeilen(roh),
        {j.id: j for j in referenzdaten.jobcenter},
        pruefsumme=kontaktdatei.pruefsumme(roh),
        heute=HEUTE,
    )


def test_the_example_file_passes_and_is_marked_as_example(referenzdaten):
    daten = geprueft(kontaktdatei.inhalt(BEISPIEL).decode(), referenzdaten)
    assert {k.jobcenter_id for k in daten.kontakte} >= {"43102", "43106", "68410"}
    assert all("example.org" in k.website and "BEISPIEL" in k.quelle for k in daten.kontakte)


def test_every_bad_row_is_reported_by_line_and_reason(referenzdaten):
    zeilen = [
        KOPF,
        GUT,  # line 2: fine
        "99999,Nirgendwo,,,,069 1234567,,,,Quelle,2026-01-15",
        "68410,Biberach doppelt,,,,069 1234567,,,,Quelle,2026-01-15",
        "43102,Main-Kinzig-Kreis,Weg 1,6357,Gelnhausen,069 12,keine-mail,http://x.example.org,,,"
        "15.01.2026",
        "41110,Fulda,Beispielgasse 4,,,,,,,Quelle,2027-01-01",
        '41508,"Odenwald\u202ekreis",,,,,,,,Quelle,2026-01-15',
    ]
    with pytest.raises(KontakteFehlerhaft) as fehler:
        geprueft("\n".join(zeilen) + "\n", referenzdaten)
    probleme = fehler.value.probleme
    assert not any("Zeile 2:" in p for p in probleme)
    erwartet = {
        3: ["Jobcenter 99999 steht nicht im Verzeichnis"],
        4: ["Jobcenter 68410 steht schon in einer früheren Zeile"],
        5: [
            "plz: keine fünfstellige Postleitzahl",
            "telefon: keine Telefonnummer",
            "email: keine E-Mail-Adresse",
            "website: keine Adresse mit https://",
            "quelle: fehlt",
            "stand: kein Datum der Form JJJJ-MM-TT",
        ],
        6: ["Anschrift: strasse, plz und ort nur zusammen angeben", "stand: liegt in der Zukunft"],
        7: ["name: unzulässige Zeichen", "kein Weg zum Jobcenter"],
    }
    for zeile, gruende in erwartet.items():
        in_zeile = [p for p in probleme if p.startswith(f"jobcenter_kontakte.csv Zeile {zeile}:")]
        for grund in gruende:
            assert any(grund in p for p in in_zeile), (zeile, grund, in_zeile)
    assert "Odenwald" not in str(fehler.value)  # values are not echoed, only numbers


def test_a_file_without_its_columns_or_not_in_utf8_is_refused(referenzdaten):
    with pytest.raises(KontakteFehlerhaft, match="Spalten fehlen: .*quelle, stand"):
        geprueft("jobcenter_id,name,telefon\n68410,Biberach,069 1234567\n", referenzdaten)
    with pytest.raises(KontakteFehlerhaft, match="keine UTF-8-Datei"):
        pruefen(kontaktdatei.zeilen(b"\xff\xfe"), {}, pruefsumme="0" * 64, heute=HEUTE)


def test_the_answer_carries_the_contact_or_an_honest_fallback(referenzdaten):
    daten = geprueft(f"{KOPF}\n{GUT}\n", referenzdaten)
    verzeichnis = Verzeichnis(referenzdaten, Anbindung(), daten)
    [kandidat] = verzeichnis.ermitteln(plz="88400").to_dict()["kandidaten"]
    assert kandidat["jobcenter"]["kontakt"] == {
        "bekannt": True,
        "anschrift": {"strasse": "Beispielring 6", "plz": "88400", "ort": "Biberach an der Riß"},
        "telefon": "069 90009 106",
        "email": "biberach@jobcenter.example.org",
        "website": "https://biberach.jobcenter.example.org",
        "oeffnungszeiten": "Mo–Fr 8–12 Uhr",
        "traeger": "Biberach",
        "quelle": "Beispieldaten",
        "stand": "2026-01-15",
    }
    dueren = verzeichnis.jobcenter("31118").to_dict()["kontakt"]  # zkT without a row
    assert dueren["bekannt"] is False and dueren["traeger"] == "Düren"
    assert dueren["telefon"] is None and dueren["website"] is None
    frankfurt = verzeichnis.jobcenter("41920").to_dict()["kontakt"]  # gE without a row
    assert frankfurt["bekannt"] is False and frankfurt["traeger"] is None
    assert frankfurt["website"] == "https://jobcenter.digital"


def test_a_change_of_the_contacts_changes_the_answer_version(referenzdaten):
    ohne = Verzeichnis(referenzdaten, Anbindung())
    mit = Verzeichnis(referenzdaten, Anbindung(), geprueft(f"{KOPF}\n{GUT}\n", referenzdaten))
    anders = Verzeichnis(
        referenzdaten,
        Anbindung(),
        geprueft(f"{KOPF}\n{GUT.replace('106', '107')}\n", referenzdaten),
    )
    assert len({ohne.antwortstand, mit.antwortstand, anders.antwortstand}) == 3
    assert mit.antwortstand.startswith(referenzdaten.datenstand + "+zkt@")
