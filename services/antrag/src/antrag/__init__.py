"""antrag: the bounded context of

application aggregates and form definitions; emits AntragAngelegt, AntragEingereicht,
AntragZurueckgezogen, AntragStatusGeaendert.
"""
