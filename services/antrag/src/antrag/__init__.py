"""antrag: application aggregates and form definitions; emits AntragAngelegt, AntragEingereicht, AntragZurueckgezogen, AntragStatusGeaendert."""
