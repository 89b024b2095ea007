"""What a meeting's links carry: url codes, organizer and participant keys (kept only as
digests), and the editing mode that says whether changes need a key."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from enum import Enum

URL_CODE_LENGTH = 22
URL_CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
KEY_BYTES = 24  # organizer and participant keys: 192 random bits, 32 URL-safe characters
MAX_KEY_LENGTH = 128  # longer "keys" are refused without being hashed


class Editing(Enum):
    """Who may change a meeting. ``PROTECTED``: each participant's row needs that participant's
    key or the organizer key; the settings need the organizer key. ``OPEN``: anyone with the
    link may change everything (trusted groups; and every meeting stored before keys existed,
    which has no organizer key)."""

    OPEN = "open"
    PROTECTED = "protected"


def key_new() -> str:
    """A fresh organizer or participant key: 192 random bits, URL-safe. Shown once, stored only
    as ``key_digest(key)``."""
    return secrets.token_urlsafe(KEY_BYTES)


def key_digest(key: str) -> str:
    """What a store keeps of a key: its SHA-256 as 64 hex digits. Keys are random, so a plain
    digest cannot be reversed by guessing; no salt or slow hash is needed."""
    return hashlib.sha256(key.encode()).hexdigest()


def key_matches(key: str | None, digest: str | None) -> bool:
    """Whether ``key`` is the one ``digest`` was made of, compared in constant time."""
    if key is None or digest is None or len(key) > MAX_KEY_LENGTH or not key.isascii():
        return False
    return hmac.compare_digest(key_digest(key), digest)


def url_code_new() -> str:
    """22 base62 characters carrying 128 random bits (62**22 > 2**128)."""
    number = secrets.randbits(128)
    chars = []
    for _ in range(URL_CODE_LENGTH):
        number, digit = divmod(number, 62)
        chars.append(URL_CODE_ALPHABET[digit])
    return "".join(reversed(chars))


def url_code_is_well_formed(url_code: str) -> bool:
    return len(url_code) == URL_CODE_LENGTH and all(c in URL_CODE_ALPHABET for c in url_code)


def url_code_digest(url_code: str) -> str:
    """What a store keeps of a deleted meeting's code (its tombstone): the SHA-256 as 64 hex
    digits, so the list of deleted meetings names none of them. Codes carry 128 random bits."""
    return hashlib.sha256(url_code.encode()).hexdigest()
