"""termine: the bounded context of

counselling centres, offers, consultation hours and bookings; emits TerminGebucht,
TerminStorniert, TerminVerschoben.
"""
