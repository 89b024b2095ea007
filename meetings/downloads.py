"""The names of downloaded files (the decision's calendar file, the answers' CSV): made of the
meeting's title, safe on every system, and the ``Content-Disposition`` header naming them.

No Django here: the faces pass in the title (or, untitled, the name to use) and set the header.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

MAX_FILENAME_STEM = 80  # characters of the title kept in a file name
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"*/:<>?\\|]+')


def title_filename(title: str, *, extension: str, default: str) -> str:
    """A file name made of the title, safe on every system: no path separators, reserved or
    control characters, no leading dots, at most ``MAX_FILENAME_STEM`` characters, then
    ``extension`` (with its dot); ``default`` + ``extension`` when nothing is left."""
    stem = _UNSAFE.sub(" ", unicodedata.normalize("NFC", title))
    stem = " ".join(stem.split())[:MAX_FILENAME_STEM].strip(" .")
    return f"{stem or default}{extension}"


def title_disposition(title: str, *, extension: str, default: str) -> str:
    """``Content-Disposition`` naming the file after the title (RFC 6266): an ASCII
    ``filename`` for old clients (``default`` when the title has no letter in ASCII, as a
    Korean one) and ``filename*=UTF-8''...`` (RFC 5987) with the whole title."""
    name = title_filename(title, extension=extension, default=default)
    ascii_stem = unicodedata.normalize("NFKD", name[: -len(extension)])
    ascii_stem = " ".join(ascii_stem.encode("ascii", "ignore").decode().split()).strip(" .")
    if not any(char.isalpha() for char in ascii_stem):  # a Korean title leaves only digits
        ascii_stem = default
    fallback = f"{ascii_stem}{extension}".replace("%", "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
