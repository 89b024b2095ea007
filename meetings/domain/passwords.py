"""A participant's optional password: what a password may be, and the key that signing in with
it gives. Hashing is the services' (Django's password hashers); the domain only judges the
text and derives the key.

Why these bounds: at least ``MIN_PASSWORD_LENGTH`` (8) characters, as NIST SP 800-63B asks of
chosen memorized secrets, with no rules on which characters: the limits (every refused attempt
counts against the address's refused-keys limit, and past it no password is even checked)
keep online guessing slow, and 8 characters keep a stolen database's salted, slow hashes from
falling to a short exhaustive search. At most ``MAX_PASSWORD_LENGTH`` (128): room for any
passphrase or manager-made password, while a megabyte "password" is refused before it is hashed.
The text is NFKC-normalized first, so the same password typed on another keyboard or input
method (full-width Latin, composed Hangul) still fits.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata

from meetings.domain.errors import InvalidPassword

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
PASSWORD_TOO_SHORT = f"password should have at least {MIN_PASSWORD_LENGTH} characters"
PASSWORD_TOO_LONG = f"password should have at most {MAX_PASSWORD_LENGTH} characters"
PASSWORD_KEY_SALT = b"meetifyr.participant-password-key"


def password_normalize(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw)


def password_candidate(raw: str) -> str | None:
    """What signing in compares with the stored hash: ``raw`` normalized, or ``None`` when it
    could not be a stored password at all (out of bounds: simply a wrong one, never hashed)."""
    try:
        return password_clean(raw)
    except InvalidPassword:
        return None


def password_clean(raw: str) -> str:
    """The password to hash, normalized; ``InvalidPassword`` when too short or too long.
    Spaces count, and nothing is stripped: a password is kept as typed."""
    if len(raw) > MAX_PASSWORD_LENGTH * 4:  # refused before normalizing a huge text
        raise InvalidPassword(PASSWORD_TOO_LONG)
    password = password_normalize(raw)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidPassword(PASSWORD_TOO_SHORT)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidPassword(PASSWORD_TOO_LONG)
    return password


def password_key(
    secret: str | bytes, *, url_code: str, participant_id: object, password_hash: str
) -> str:
    """The participant key that signing in with the password gives: an HMAC of the stored
    hash under the server's secret, 32 URL-safe characters like every key.

    The stores keep only key digests, so the participant's own key cannot be handed out again;
    issuing a fresh one instead would break the personal link and sign out every other device.
    This key is derived instead: every device that signs in with the password gets the same
    one, the personal link keeps working, and changing or removing the password (a new salted
    hash) ends every key the old password gave. Without the secret, a copy of the database
    reveals no key."""
    secret_bytes = secret.encode() if isinstance(secret, str) else secret
    message = f"{url_code}\x00{participant_id}\x00{password_hash}".encode()
    mac = hmac.new(
        hashlib.sha256(PASSWORD_KEY_SALT + secret_bytes).digest(), message, hashlib.sha256
    )
    return base64.urlsafe_b64encode(mac.digest()[:24]).decode()
