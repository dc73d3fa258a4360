"""argon2id password hashes (RFC 9106 low-memory profile: t=3, m=64 MiB, p=4).

One hash takes about 0.1 s of CPU. Under eventlet that would stop every other request of the
process, so the work runs in eventlet's pool of OS threads when the process is green.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import eventlet.patcher
import eventlet.tpool
from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError

T = TypeVar("T")


class PasswortHasher:
    def __init__(self, argon2: Argon2 | None = None) -> None:
        self._argon2 = argon2 or Argon2()
        # Verified when an account does not exist, so a wrong email costs as much time as a
        # wrong password and response times do not tell which accounts exist.
        self._attrappe = self._argon2.hash("attrappe-fuer-gleiche-laufzeit")

    def hash(self, passwort: str) -> str:
        return _off_hub(self._argon2.hash, _bytes(passwort))

    def pruefen(self, passwort_hash: str | None, passwort: str) -> bool:
        """True when the password matches. ``None`` (no such account) costs the same time."""
        return _off_hub(self._verify, passwort_hash, passwort)

    def _verify(self, passwort_hash: str | None, passwort: str) -> bool:
        try:
            self._argon2.verify(passwort_hash or self._attrappe, _bytes(passwort))
        except (VerificationError, InvalidHashError):
            return False
        return passwort_hash is not None


def _bytes(passwort: str) -> bytes:
    """UTF-8, as argon2-cffi encodes a str, but a lone surrogate (JSON can carry "\\ud800")
    becomes bytes too instead of an error: such a password was never accepted at sign-up, so
    it is simply wrong at login."""
    return passwort.encode("utf-8", "surrogatepass")


def _off_hub(function: Callable[..., T], *args: object) -> T:
    if eventlet.patcher.is_monkey_patched("thread"):
        return eventlet.tpool.execute(function, *args)
    return function(*args)
