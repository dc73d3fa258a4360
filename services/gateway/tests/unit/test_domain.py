"""The session rules and the aggregates (gateway.domain): pure Python."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gateway.domain.konto import Konto
from gateway.domain.sitzung import Anmeldeart, Beendigungsgrund, Sitzung, SitzungsRegeln

REGELN = SitzungsRegeln(leerlauf=timedelta(minutes=30), hoechstdauer=timedelta(hours=12))
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_session_expires_at_the_earlier_of_idle_and_maximum_time() -> None:
    assert REGELN.laeuft_ab_um(T0, T0) == T0 + timedelta(minutes=30)
    spaet = T0 + timedelta(hours=11, minutes=50)
    assert REGELN.laeuft_ab_um(T0, spaet) == T0 + timedelta(hours=12)
    assert not REGELN.abgelaufen(T0, T0, T0 + timedelta(minutes=29))
    assert REGELN.abgelaufen(T0, T0, T0 + timedelta(minutes=30))
    assert REGELN.beruehren_nach == timedelta(minutes=1)
    kurz = SitzungsRegeln(leerlauf=timedelta(seconds=2), hoechstdauer=timedelta(seconds=4))
    assert kurz.beruehren_nach == timedelta(seconds=0.5)


def test_ending_a_session_twice_raises_one_event() -> None:
    sitzung = Sitzung.beginnen(
        sitzung_id="a" * 64, person_id="p", anmeldeart=Anmeldeart.PASSWORT, jetzt=T0
    )
    sitzung.beenden(Beendigungsgrund.ABGEMELDET)
    sitzung.beenden(Beendigungsgrund.ABGELAUFEN)

    assert [e.event_type for e in sitzung.collect_events()] == ["SitzungBegonnen", "SitzungBeendet"]


def test_accounts_get_a_random_person_id_as_their_identity() -> None:
    erstes = Konto.anlegen(
        kennung_schluessel="k" * 64, email="a@example.org", passwort_hash="$argon2id$x"
    )
    zweites = Konto.verknuepfen(kennung_schluessel="l" * 64, aussteller="https://id.example.org")

    assert erstes.person_id != zweites.person_id
    assert erstes.data_subject == erstes.person_id
    assert str(zweites.anmeldeart) == "oidc"
