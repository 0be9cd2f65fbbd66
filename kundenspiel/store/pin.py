"""The trainer PIN of a workshop group, stored only as a slow salted hash (scrypt).

A PIN is short, so the hash has to be slow to guess offline: scrypt with n=2**14, r=8, p=1 costs
about 16 MiB and tens of milliseconds per try. The stored form names its parameters, so they can
be raised later without breaking groups created before.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PIN_MIN_LENGTH = 4
PIN_MAX_LENGTH = 64
_N, _R, _P = 2**14, 8, 1
_PREFIX = "scrypt"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def pin_problem(pin: str) -> str | None:
    """What is wrong with a PIN a trainer chose (German), or None when it can be used."""
    if len(pin) < PIN_MIN_LENGTH:
        return f"Die PIN ist zu kurz: mindestens {PIN_MIN_LENGTH} Zeichen."
    if len(pin) > PIN_MAX_LENGTH:
        return f"Die PIN ist zu lang: höchstens {PIN_MAX_LENGTH} Zeichen."
    if any(not character.isprintable() for character in pin):
        return "Die PIN darf keine Steuerzeichen enthalten."
    return None


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """The stored form of a PIN: ``scrypt$n$r$p$salt$hash`` (salt and hash in base64). A fresh
    random salt unless one is given (tests)."""
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = _derive(pin, salt, _N, _R, _P)
    return "$".join((_PREFIX, str(_N), str(_R), str(_P), _b64(salt), _b64(digest)))


def verify_pin(stored: str, pin: str) -> bool:
    """Whether ``pin`` is the PIN behind ``stored``; False for a damaged stored form."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != _PREFIX:
        return False
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
        # Bounded: a hand-edited groups.json must not make verification allocate gigabytes.
        if not (2 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16 and n * r * 128 <= 64 * 1024 * 1024):
            return False
        actual = _derive(pin, salt, n, r, p)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)
