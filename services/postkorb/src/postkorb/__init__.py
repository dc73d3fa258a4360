"""postkorb: the bounded context of

mailboxes, threads, messages and read state; emits PostkorbNachrichtEingegangen,
PostkorbAntwortVerfasst.
"""
