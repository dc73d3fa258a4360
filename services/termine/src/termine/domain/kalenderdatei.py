"""The calendar file of a booking (RFC 5545, the ``icalendar`` library).

- UID is the booking's id at this platform: the same for every version of the file, so a
  calendar replaces the entry instead of adding a second one;
- DTSTART/DTEND in Europe/Berlin with TZID, and the matching VTIMEZONE;
- SEQUENCE rises with every change (move, cancellation);
- after a cancellation METHOD:CANCEL and STATUS:CANCELLED;
- LOCATION is the address for an appointment on site, else the way of contact;
- a chat or video appointment with its room (docs/adr/0121): the room's address as LOCATION,
  as RFC 7986 CONFERENCE (VALUE=URI, FEATURE=VIDEO or CHAT) and in DESCRIPTION (calendars that
  know no CONFERENCE show that); not after a cancellation.
Never the person's concern or contact.
"""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar, Event

from termine.domain.stelle import BERLIN, Stelle

PRODID = "-//Sozialplattform//Termine//DE"
UID_DOMAIN = "termine.sozialplattform"

WEG = {
    "telefon": "Telefonberatung: die Beratungsstelle ruft Sie zur vereinbarten Zeit an.",
    "video": "Videoberatung: den Zugang schickt Ihnen die Beratungsstelle.",
    "chat": "Chatberatung: den Zugang schickt Ihnen die Beratungsstelle.",
}
# With the room's address: how the person joins.
RAUM = {
    "video": ("VIDEO", "Videoberatung", "Zugang zur Videoberatung"),
    "chat": ("CHAT", "Chatberatung", "Zugang zur Chatberatung"),
}
THEMA = {
    "schuldnerberatung": "Schuldnerberatung",
    "suchtberatung": "Suchtberatung",
    "wohnungslosenhilfe": "Wohnungslosenhilfe",
    "sozialberatung": "Sozialberatung",
}


def ort_oder_weg(stelle: Stelle, art: str) -> str:
    if art == "vor_ort":
        a = stelle.adresse
        return ", ".join(t for t in (stelle.name, a.get("strasse"), f"{a['plz']} {a['ort']}") if t)
    return WEG[art]


def kalenderdatei(
    *,
    termin_id: str,
    stelle: Stelle,
    thema: str,
    art: str,
    beginn: datetime,
    ende: datetime,
    sequenz: int,
    storniert: bool,
    erstellt: datetime,
    zugang_url: str | None = None,
) -> str:
    kalender = Calendar()
    kalender.add("prodid", PRODID)
    kalender.add("version", "2.0")
    kalender.add("method", "CANCEL" if storniert else "PUBLISH")
    termin = Event()
    termin.add("uid", f"{termin_id}@{UID_DOMAIN}")
    termin.add("dtstamp", datetime.now(UTC).replace(microsecond=0))
    termin.add("created", erstellt.astimezone(UTC))
    termin.add("dtstart", beginn.astimezone(BERLIN))
    termin.add("dtend", ende.astimezone(BERLIN))
    termin.add("sequence", sequenz)
    termin.add("status", "CANCELLED" if storniert else "CONFIRMED")
    termin.add("summary", f"{THEMA.get(thema, 'Beratung')}: {stelle.name}")
    raum = RAUM.get(art) if zugang_url and not storniert else None
    if raum is not None:
        merkmal, bezeichnung, _ = raum
        termin.add("location", zugang_url)
        termin.add(
            "conference",
            zugang_url,
            parameters={"VALUE": "URI", "FEATURE": merkmal, "LABEL": bezeichnung},
        )
    elif storniert and art in RAUM:  # no "the centre sends the access" for what is off
        termin.add("location", RAUM[art][1])
    else:
        termin.add("location", ort_oder_weg(stelle, art))
    beschreibung = [f"Beratungstermin bei {stelle.name}."]
    if raum is not None:
        beschreibung.append(f"{raum[2]} (zur vereinbarten Zeit öffnen): {zugang_url}")
    if stelle.kontakt.get("telefon"):
        beschreibung.append(f"Telefon der Beratungsstelle: {stelle.kontakt['telefon']}")
    if stelle.kontakt.get("email"):
        beschreibung.append(f"E-Mail der Beratungsstelle: {stelle.kontakt['email']}")
    if stelle.beispieldaten:
        beschreibung.append("Beispieldaten: diese Beratungsstelle gibt es nicht.")
    termin.add("description", "\n".join(beschreibung))
    kalender.add_component(termin)
    kalender.add_missing_timezones()
    return kalender.to_ical().decode("utf-8")
