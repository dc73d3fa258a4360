"""zustaendigkeit: the Jobcenter directory, PLZ -> Gemeinde -> Kreis -> Jobcenter.

Answers ermitteln/orte/jobcenter over RPC and emits ZustaendigkeitErmittelt for AntragAngelegt.
"""
