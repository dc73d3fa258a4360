"""xta-gateway: the bounded context of

deliveries to Jobcenters over XTA2/OSCI and their life cycle; emits NachrichtZugestellt,
ZustellungFehlgeschlagen, NachrichtEmpfangen.
"""
