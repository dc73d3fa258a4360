"""termine: counselling centres, offers, consultation hours and bookings; emits TerminGebucht, TerminStorniert, TerminVerschoben."""
