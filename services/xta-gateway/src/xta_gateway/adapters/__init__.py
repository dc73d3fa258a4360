"""Adapters to what lies outside the xta-gateway: the Land's XTA server (``xta.XtaTransport``,
implemented for XTA 2 Version 3 by ``xta2_v3.Xta2V3Transport``)."""
