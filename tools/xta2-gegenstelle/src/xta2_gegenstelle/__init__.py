"""XTA 2 Version 3 counterpart (Gegenstelle): an XTA2 server for development, tests, the
embedded platform and Jobcenters testing their side. Run: ``python -m xta2_gegenstelle``."""

__version__ = "0.1.0"
