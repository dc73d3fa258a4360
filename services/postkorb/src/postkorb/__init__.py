"""postkorb: mailboxes, threads, messages and read state; emits PostkorbNachrichtEingegangen, PostkorbAntwortVerfasst."""
