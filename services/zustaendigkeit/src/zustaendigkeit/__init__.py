"""zustaendigkeit: the Jobcenter directory and PLZ -> Gemeinde -> Kreis -> Jobcenter; emits ZustaendigkeitErmittelt."""
