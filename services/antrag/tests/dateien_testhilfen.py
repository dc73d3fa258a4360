"""Files for the attachment tests, built here with Pillow and pikepdf (no binary fixtures):
PDFs with active content, highly compressible images, and a view of a PDF as a viewer reads it."""

from __future__ import annotations

import io

import pikepdf
from PIL import Image


def speichern(dokument: pikepdf.Pdf, **optionen: object) -> bytes:
    puffer = io.BytesIO()
    dokument.save(puffer, **optionen)
    return puffer.getvalue()


def entpackt(inhalt: bytes) -> bytes:
    """Every object of a PDF spelled out, every stream decoded: what a viewer sees."""
    with pikepdf.open(io.BytesIO(inhalt)) as dokument:
        return speichern(
            dokument,
            qdf=True,
            compress_streams=False,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            stream_decode_level=pikepdf.StreamDecodeLevel.all,
        )


def einfarbig_png(breite: int, hoehe: int) -> bytes:
    """A highly compressible PNG: a few kilobytes on the wire, megapixels when decoded."""
    puffer = io.BytesIO()
    Image.new("RGB", (breite, hoehe), (250, 250, 245)).save(puffer, "PNG", optimize=True)
    return puffer.getvalue()


SKRIPT = "app.launchURL('https://angreifer.example/'); this.exportDataObject({cName: 'x'})"


def aktives_pdf() -> bytes:
    """A PDF with every kind of active content a viewer may run or open, built here."""
    dokument = pikepdf.new()
    seite = dokument.add_blank_page(page_size=(595, 842))
    seite.obj.Contents = dokument.make_stream(b"BT 72 770 Td (Nebenkostenabrechnung) Tj ET")
    js = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String(SKRIPT))
    dokument.Root.OpenAction = js
    dokument.Root.AA = pikepdf.Dictionary(WC=js)
    anhang = dokument.make_stream(b"MZ\x90\x00 ein Programm", Type=pikepdf.Name.EmbeddedFile)
    dateispez = pikepdf.Dictionary(
        Type=pikepdf.Name.Filespec,
        F=pikepdf.String("rechnung.exe"),
        EF=pikepdf.Dictionary(F=anhang),
    )
    dokument.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(
            Names=pikepdf.Array([pikepdf.String("start"), dokument.make_indirect(js)])
        ),
        EmbeddedFiles=pikepdf.Dictionary(
            Names=pikepdf.Array([pikepdf.String("rechnung.exe"), dokument.make_indirect(dateispez)])
        ),
    )
    xfa = dokument.make_stream(b"<xdp:xdp><script>xfa.host.gotoURL('x')</script></xdp:xdp>")
    feld = dokument.make_indirect(
        pikepdf.Dictionary(
            FT=pikepdf.Name.Tx,
            T=pikepdf.String("betrag"),
            Subtype=pikepdf.Name.Widget,
            Rect=pikepdf.Array([72, 600, 300, 620]),
            AA=pikepdf.Dictionary(K=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=SKRIPT)),
        )
    )
    dokument.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([feld]), XFA=xfa)
    starten = pikepdf.Dictionary(
        S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"), Win=pikepdf.Dictionary(F="cmd.exe")
    )
    verweis = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=pikepdf.Array([72, 700, 300, 720]),
        A=pikepdf.Dictionary(
            S=pikepdf.Name.URI, URI=pikepdf.String("https://www.arbeitsagentur.de/"), Next=starten
        ),
    )
    webseite = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=pikepdf.Array([72, 650, 300, 670]),
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://www.bund.de/")),
    )
    datei_anmerkung = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.FileAttachment,
        Rect=pikepdf.Array([0, 0, 10, 10]),
        FS=dateispez,
    )
    medien = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.RichMedia, Rect=pikepdf.Array([0, 0, 1, 1])
    )
    seite.obj.Annots = pikepdf.Array(
        [dokument.make_indirect(a) for a in (verweis, webseite, datei_anmerkung, medien)] + [feld]
    )
    seite.obj.AA = pikepdf.Dictionary(O=js)
    # a PDF/HTML polyglot: HTML in a comment after the header and after the end of the file
    inhalt = speichern(
        dokument, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable
    )
    kopf, rest = inhalt.split(b"\n", 1)
    return kopf + b"\n%<html><script>alert(document.cookie)</script>\n" + rest + b"<html><body>"


AKTIV = (
    b"/JavaScript",
    b"/JS",
    b"app.launchURL",
    b"/Launch",
    b"cmd.exe",
    b"/EmbeddedFile",
    b"MZ\x90",
    b"/RichMedia",
    b"/XFA",
    b"xdp:xdp",
    b"/AA",
    b"<script",
    b"<html",
)
