"""finder: the bounded context of

benefit rules with dated legal parameters and the information content (Sozialleistungsfinder);
emits FinderAusgewertet (anonymous).
"""
