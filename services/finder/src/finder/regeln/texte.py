"""The German source texts of the answer, one per stable code.

Every text the rules produce is ``{"code", "text", "werte"}``: ``text`` is the German sentence,
``werte`` the numbers (euros as floats with cents, counts, dates as ISO strings) it was filled
with. A translation (the gateway's catalogs) looks the code up and fills the same ``werte``; it
never parses ``text``. A new text is a new code here; a changed meaning is a new code too.
"""

# ruff: noqa: E501 (one sentence per line reads and diffs better than wrapped strings)

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

TEXTE: dict[str, str] = {
    # Grundsicherung für Arbeitsuchende (SGB II)
    "sgb2_regelbedarf": "Regelbedarf für {personen} Person(en) der Bedarfsgemeinschaft: zusammen {betrag}.",
    "sgb2_kindersofortzuschlag": "Kindersofortzuschlag für {kinder} Kind(er): {betrag}.",
    "sgb2_mehrbedarf_schwanger": "Mehrbedarf in der Schwangerschaft (ab der 13. Woche): {betrag}.",
    "sgb2_mehrbedarf_alleinerziehend": "Mehrbedarf für Alleinerziehende ({prozent} % des Regelbedarfs): {betrag}.",
    "sgb2_kdu": "Kosten der Unterkunft und Heizung: {betrag} (Ihr Anteil an der Warmmiete, so wie sie ist).",
    "sgb2_einkommen": "Angerechnetes Einkommen: {betrag} (nach Freibeträgen).",
    "sgb2_freibetrag": "Von Ihrem Lohn bleiben {betrag} anrechnungsfrei (Erwerbstätigenfreibetrag).",
    "sgb2_kindergeld_einkommen": "Kindergeld, Unterhalt und Unterhaltsvorschuss der Kinder zählen als deren Einkommen: {betrag}.",
    "sgb2_anspruch": "Bedarf {bedarf} minus Einkommen {einkommen} ergibt etwa {betrag} im Monat.",
    "sgb2_kein_bedarf": "Ihr Einkommen ({einkommen}) deckt den Bedarf ({bedarf}) der Bedarfsgemeinschaft.",
    "sgb2_nicht_erwerbsfaehig": "Niemand im Haushalt ist zwischen 15 Jahren und der Altersgrenze und erwerbsfähig: zuständig ist die Sozialhilfe.",
    "sgb2_bafoeg_ausschluss": "Wer eine dem Grunde nach BAföG-förderfähige Ausbildung macht, bekommt keine Grundsicherung (§ 7 Abs. 5 SGB II); nur Mehrbedarfe sind möglich.",
    "sgb2_vermoegen_karenz": "Vermögen {vermoegen} liegt über dem Freibetrag im ersten Jahr ({freibetrag}: {erste} für die erste und {weitere} für jede weitere Person).",
    "sgb2_vermoegen_alter": "Vermögen {vermoegen} liegt über dem Freibetrag ({freibetrag}, nach Alter gestaffelt, ab 01.07.2026).",
    "sgb2_vermoegen_ok": "Ihr Vermögen ({vermoegen}) liegt unter dem Freibetrag ({freibetrag}).",
    "sgb2_name_neu": "Seit dem 01.07.2026 heißt das Bürgergeld Grundsicherungsgeld.",
    # Unsicherheiten
    "unsicher_kdu_grenze": "Die örtliche Grenze für angemessene Miete kennt der Finder nicht. Im ersten Jahr zahlt das Jobcenter die tatsächliche Miete{deckel}; danach nur bis zur Grenze Ihrer Stadt oder Ihres Kreises.",
    "unsicher_kdu_deckel": " (seit 01.07.2026 höchstens das 1,5-Fache der Grenze)",
    "unsicher_netto_geschaetzt": "Den Nettolohn hat der Finder aus dem Bruttolohn geschätzt.",
    "unsicher_brutto_geschaetzt": "Den Bruttolohn hat der Finder aus dem Nettolohn geschätzt; die Freibeträge hängen vom Bruttolohn ab.",
    "unsicher_heizkosten": "Die Heizkosten fehlen: der Finder nimmt {von_prozent} bis {bis_prozent} % der Warmmiete an.",
    "unsicher_mietenstufe": "Ohne Ihre Gemeinde kennt der Finder die Mietenstufe nicht; der Betrag reicht von Stufe I bis VII.",
    "unsicher_mietenstufe_zweifel": "Die Mietenstufe Ihrer Gemeinde ist in den Daten zweifelhaft; bitte bei der Wohngeldbehörde erfragen.",
    "unsicher_reform_quelle": "Die Regeln ab 01.07.2026 stammen aus Berichten über das beschlossene Gesetz; der Gesetzestext im Bundesgesetzblatt ist noch nicht geprüft.",
    "unsicher_altersgrenze": "Mit 66 Jahren hängt es vom Geburtsmonat ab, ob die Regelaltersgrenze erreicht ist.",
    "unsicher_steuer": "Ob Einkommensteuer anfällt, schätzt der Finder; davon hängen 10 % des Abzugs beim Wohngeld ab.",
    "unsicher_grundrente": "Wer 33 Jahre Grundrentenzeiten hat, bekommt einen Freibetrag auf die Rente; das fragt der Finder nicht.",
    "unsicher_erwerbsminderung": "Ob die Erwerbsminderung dauerhaft ist, stellt die Rentenversicherung fest: dauerhaft heißt Grundsicherung, befristet Hilfe zum Lebensunterhalt.",
    "unsicher_gemischt": "Wer die Altersgrenze erreicht hat oder dauerhaft voll erwerbsgemindert ist, bekommt seinen Anteil als Grundsicherung vom Sozialamt, nicht vom Jobcenter.",
    "unsicher_kiz_anteil_2025": "Der Anteil der Eltern an der Miete ist mit den Werten für 2026 gerechnet.",
    "unsicher_kiz_vermoegen": "Auch beim Kinderzuschlag zählt Vermögen über den Freibeträgen der Grundsicherung.",
    "unsicher_uvg_unterhalt": "Zahlt der andere Elternteil Unterhalt, mindert er den Unterhaltsvorschuss.",
    "unsicher_bafoeg_hoehe": "Den BAföG-Höchstsatz ab Wintersemester 2026/27 kennt der Finder nicht.",
    # Wohngeld
    "wohngeld_miete": "Berücksichtigte Miete: {miete} (Bruttokaltmiete bis zum Höchstbetrag {hoechstbetrag} und der Klimakomponente {klima}, dazu {heizung} für die Heizkosten).",
    "wohngeld_mietenstufe": "Ihre Gemeinde hat die Mietenstufe {stufe}.",
    "wohngeld_einkommen": "Gesamteinkommen für das Wohngeld: {einkommen} im Monat (nach Pauschbeträgen und Abzügen; die Formel rechnet mit mindestens {mindest}).",
    "wohngeld_formel": "Wohngeld-Formel für {personen} Haushaltsmitglied(er): etwa {betrag} im Monat.",
    "wohngeld_bagatelle": "Unter {grenze} im Monat wird kein Wohngeld gezahlt.",
    "wohngeld_null": "Ihr Einkommen ist für das Wohngeld zu hoch.",
    "wohngeld_vermoegen": "Vermögen {vermoegen} gilt beim Wohngeld als erheblich (über {grenze}).",
    "wohngeld_alle_bafoeg": "Wenn alle im Haushalt BAföG-förderfähig studieren, gibt es kein Wohngeld (§ 20 Abs. 2 WoGG).",
    # Kinderzuschlag
    "kiz_keine_kinder": "Kinderzuschlag gibt es nur für Kinder unter 25 im Haushalt.",
    "kiz_mindesteinkommen": "Das Bruttoeinkommen der Eltern ({einkommen}) liegt unter der Mindestgrenze ({grenze}).",
    "kiz_hoechstbetrag": "Höchstens {betrag} je Kind, für {kinder} Kind(er).",
    "kiz_elternbedarf": "Bedarf der Eltern: {bedarf} (Regelbedarf, Mehrbedarfe, Anteil {anteil} % an der Warmmiete).",
    "kiz_minderung": "Elterneinkommen über dem Bedarf mindert den Zuschlag um 45 %: minus {minderung}.",
    "kiz_kindeseinkommen": "Unterhalt oder Unterhaltsvorschuss der Kinder mindert den Zuschlag um 45 %: minus {minderung}.",
    "kiz_betrag": "Kinderzuschlag: etwa {betrag} im Monat.",
    "kiz_null": "Das Einkommen der Eltern ist für den Kinderzuschlag zu hoch.",
    # Kindergeld
    "kindergeld_betrag": "{betrag} je Kind für {kinder} Kind(er): zusammen {summe}.",
    "kindergeld_keine": "Kindergeld gibt es für Kinder unter 18 oder bis 24 in Ausbildung.",
    # Unterhaltsvorschuss
    "uvg_betrag": "Unterhaltsvorschuss für {kinder} Kind(er) nach Alter: zusammen {betrag}.",
    "uvg_bezogen": "Sie bekommen bereits Unterhaltsvorschuss ({betrag}).",
    "uvg_nicht_allein": "Unterhaltsvorschuss gibt es nur für Kinder unter 18, die bei einem Elternteil allein leben.",
    "uvg_12_17": "Für Kinder von 12 bis 17 nur, wenn das Kind keine Grundsicherung braucht oder der Elternteil mindestens {grenze} brutto verdient.",
    "uvg_unterhalt_deckt": "Der Unterhalt des anderen Elternteils ist so hoch wie der Unterhaltsvorschuss oder höher.",
    # Bildung und Teilhabe
    "but_betrag": "Teilhabe {teilhabe} im Monat je Kind unter 18; Schulbedarf {erstes} im August und {zweites} im Februar je Schulkind; dazu Klassenfahrten, Mittagessen, Lernförderung nach tatsächlichen Kosten.",
    "but_traeger": "Bildung und Teilhabe gibt es zu Grundsicherung, Sozialhilfe, Kinderzuschlag oder Wohngeld.",
    "but_keine": "Bildung und Teilhabe gibt es nur für Kinder und junge Menschen unter 25 in Familien mit Grundsicherung, Sozialhilfe, Kinderzuschlag oder Wohngeld.",
    # SGB XII
    "sgb12_alter": "Sie haben die Regelaltersgrenze erreicht: Grundsicherung im Alter kommt vom Sozialamt.",
    "sgb12_em": "Wer dauerhaft voll erwerbsgemindert ist, bekommt Grundsicherung bei Erwerbsminderung.",
    "sgb12_hlu": "Wer befristet nicht erwerbsfähig ist, bekommt Hilfe zum Lebensunterhalt.",
    "sgb12_nicht": "Sie sind im erwerbsfähigen Alter und erwerbsfähig: zuständig ist das Jobcenter.",
    "sgb12_anspruch": "Bedarf {bedarf} minus Einkommen {einkommen} ergibt etwa {betrag} im Monat.",
    "sgb12_kein_bedarf": "Ihr Einkommen ({einkommen}) deckt den Bedarf ({bedarf}).",
    "sgb12_vermoegen": "Vermögen {vermoegen} liegt über dem Schonbetrag ({freibetrag}).",
    "sgb12_kinder_zahlen_nicht": "Ihre Kinder müssen in der Regel nichts zahlen, solange sie weniger als {grenze} im Jahr verdienen.",
    "sgb12_rente_netto": "Die Rente zählt ohne die Beiträge zur Kranken- und Pflegeversicherung: {betrag}.",
    # BAföG
    "bafoeg_hoechstsatz": "BAföG beträgt höchstens {betrag} im Monat (bei eigener Wohnung und eigener Versicherung).",
    "bafoeg_studium": "Wer studiert, bekommt in der Regel BAföG statt Grundsicherung.",
    "bafoeg_keine": "Niemand im Haushalt macht eine BAföG-förderfähige Ausbildung.",
    # Eingliederung, Einstiegsgeld
    "einstiegsgeld_erklaert": "Einstiegsgeld kann das Jobcenter zahlen, wenn Sie eine Arbeit oder Selbständigkeit aufnehmen und dadurch die Hilfebedürftigkeit überwinden können. Die Höhe legt das Jobcenter fest.",
    "eingliederung_erklaert": "Das Jobcenter kann Beratung, Weiterbildung, Bewerbungskosten und Coaching fördern. Ob und was, entscheidet es im Einzelfall.",
    "nur_sgb2": "Diese Förderung gibt es nur zur Grundsicherung für Arbeitsuchende.",
    # Vorrang und Wahlrecht
    "vorrang_wohngeld_kiz": "Wohngeld und Kinderzuschlag ({betrag}) decken zusammen mit Ihrem Einkommen Ihren Bedarf. Dann gehen sie der Grundsicherung vor: beantragen Sie sie bei der Wohngeldbehörde und der Familienkasse, nicht beim Jobcenter.",
    "vorrang_wohngeld": "Wohngeld ({betrag}) deckt zusammen mit Ihrem Einkommen Ihren Bedarf. Dann geht es der Grundsicherung vor: beantragen Sie es bei der Wohngeldbehörde.",
    "vorrang_nicht": "Wohngeld und Kinderzuschlag ({betrag}) reichen nicht, um Ihren Bedarf zu decken. Dann bekommen Sie Grundsicherung; Wohngeld gibt es daneben nicht.",
    "vorrang_grenzfall": "Wohngeld und Kinderzuschlag decken Ihren Bedarf nur mit den höheren Annahmen: beides ist möglich, die Behörden prüfen genau.",
    "wahlrecht": "Ihnen fehlen mit Kinderzuschlag und Wohngeld nur {fehlt} zum Bedarf. Sie dürfen wählen: Grundsicherung ({grundsicherung}) oder Kinderzuschlag und Wohngeld ({kiz_wohngeld}) ohne Jobcenter.",
    "wahlrecht_grundsicherung": "Grundsicherung vom Jobcenter: {betrag} im Monat, mit Bildung und Teilhabe.",
    "wahlrecht_kiz_wohngeld": "Kinderzuschlag {kiz} und Wohngeld {wohngeld}: {betrag} im Monat, ohne Jobcenter, mit Bildung und Teilhabe.",
    # Nächste Schritte
    "schritt_jobcenter": "Zuständiges Jobcenter finden und den Antrag hier online stellen.",
    "schritt_wohngeld": "Antrag bei der Wohngeldbehörde Ihrer Stadt oder Gemeinde (in kleinen Gemeinden beim Amt oder Landratsamt). Mitbringen: Mietvertrag, Mietbescheinigung, Einkommensnachweise aller Haushaltsmitglieder.",
    "schritt_familienkasse_kiz": "Antrag bei der Familienkasse der Bundesagentur für Arbeit. Mitbringen: Einkommensnachweise der letzten sechs Monate, Mietvertrag, Nachweise über Unterhalt.",
    "schritt_familienkasse_kg": "Antrag bei der Familienkasse der Bundesagentur für Arbeit. Mitbringen: Geburtsurkunde, Steuer-Identifikationsnummern von Ihnen und dem Kind.",
    "schritt_but_jobcenter": "Antrag auf Bildung und Teilhabe hier online stellen (bei Grundsicherung vom Jobcenter).",
    "schritt_but_kommune": "Antrag bei der Stadt oder dem Landkreis (Stelle für Bildung und Teilhabe). Mitbringen: Bescheid über Wohngeld oder Kinderzuschlag.",
    "schritt_uvg": "Antrag bei der Unterhaltsvorschussstelle des Jugendamts. Mitbringen: Geburtsurkunde des Kindes, Nachweise über Unterhalt.",
    "schritt_sozialamt": "Antrag beim Sozialamt Ihrer Stadt oder Ihres Landkreises. Mitbringen: Rentenbescheid, Mietvertrag, Kontoauszüge.",
    "schritt_bafoeg": "Antrag beim Amt für Ausbildungsförderung (Studierendenwerk) oder online über BAföG Digital.",
    "schritt_einstiegsgeld": "Einstiegsgeld hier online beim Jobcenter beantragen, bevor Sie die Arbeit aufnehmen.",
    "schritt_eingliederung": "Förderung zur Eingliederung hier online beim Jobcenter beantragen.",
    # Hinweise zur ganzen Auswertung
    "hinweis_keine_speicherung": "Ihre Angaben werden nicht gespeichert. Das Ergebnis ist eine Einschätzung, keine Entscheidung.",
    "hinweis_rechtsstand": "Gerechnet mit dem Recht vom {regelstand} (Stichtag {stichtag}).",
    "hinweis_mietenstufen_quelle": "Mietenstufen: Anlage zu § 1 Abs. 3 WoGV; Gemeindeschlüssel: © Statistisches Bundesamt (Destatis), GV-ISys.",
    "hinweis_reform": "Am 01.07.2026 wurde das Bürgergeld zum Grundsicherungsgeld; die Regeln zum Vermögen haben sich dabei geändert.",
}


_DEUTSCH = str.maketrans({",": ".", ".": ","})


def euro(betrag: Decimal) -> str:
    """German money: 1.234,56 €."""
    return format(betrag, ",.2f").translate(_DEUTSCH) + " €"


def text(code: str, **werte: Any) -> dict[str, Any]:
    """``{"code", "text", "werte"}``. Decimals are euros; plain numbers stay as they are."""
    if not werte:
        return {"code": code, "text": TEXTE[code], "werte": {}}
    anzeige: dict[str, str] = {}
    json: dict[str, Any] = {}
    for name, wert in werte.items():
        art = type(wert)
        if art is Decimal:
            # amounts reach here in cents (or whole euros): the float prints the same cents
            zahl = json[name] = float(wert)
            anzeige[name] = (
                ("%.2f €" % zahl).replace(".", ",")  # noqa: UP031 (the fastest of the three)
                if -999.995 < zahl < 999.995
                else format(zahl, ",.2f").translate(_DEUTSCH) + " €"
            )
        elif art is date:
            anzeige[name] = f"{wert:%d.%m.%Y}"
            json[name] = wert.isoformat()
        else:
            anzeige[name] = str(wert)
            json[name] = wert
    return {"code": code, "text": TEXTE[code].format_map(anzeige), "werte": json}


def grund(code: str, parameter: tuple[str, ...] | list[str] = (), **werte: Any) -> dict[str, Any]:
    """A reason: a text plus the names of the parameters its figures come from."""
    if not werte:
        return {"code": code, "text": TEXTE[code], "werte": {}, "parameter": list(parameter)}
    eintrag = text(code, **werte)
    eintrag["parameter"] = list(parameter)
    return eintrag
