"""The Korean catalog: complete, not fuzzy, compiled, and covering every translatable string."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "ko" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")

Entries = dict[tuple[str | None, str], tuple[str, tuple[tuple[int, str], ...]]]


def entries(catalog: polib.POFile | polib.MOFile) -> Entries:
    return {
        (entry.msgctxt, entry.msgid): (
            entry.msgstr,
            tuple(sorted((int(k), v) for k, v in entry.msgstr_plural.items())),
        )
        for entry in catalog
        if entry.msgid and not entry.obsolete
    }


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    return polib.pofile(str(CATALOG / "django.po"))


def test_korean_catalog_has_no_untranslated_or_fuzzy_entries(po: polib.POFile) -> None:
    assert len(po) > 100
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == "ko"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    for entry in po:
        if entry.msgid_plural:
            assert list(entry.msgstr_plural) == [0], entry.msgid
            assert entry.msgstr_plural[0].strip(), entry.msgid


def test_korean_translations_keep_every_placeholder(po: polib.POFile) -> None:
    for entry in po:
        wanted = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                assert set(PLACEHOLDER.findall(text)) == wanted, entry.msgid


def test_compiled_catalog_matches_the_po_file(po: polib.POFile) -> None:
    """The committed .mo is what Django loads: it must say exactly what the .po says."""
    mo = polib.mofile(str(CATALOG / "django.mo"))
    assert entries(mo) == entries(po)


def test_catalog_covers_every_translatable_string(po: polib.POFile, tmp_path: Path) -> None:
    """Extract the strings from the code and templates as they are now (Django's makemessages,
    on a copy of the project) and compare with the committed catalog."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("xgettext (Debian package gettext) is missing; .ci/run installs it")
        pytest.skip("xgettext (Debian package gettext) is not installed")
    base = Path(settings.BASE_DIR)
    ignore = shutil.ignore_patterns("__pycache__", "tests")
    for folder in ("meetifyr", "meetings", "templates"):
        shutil.copytree(base / folder, tmp_path / folder, ignore=ignore)
    shutil.copy(base / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale").mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "meetifyr.settings_test"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ko", "--no-location"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(tmp_path / "locale" / "ko" / "LC_MESSAGES" / "django.po"))
    extracted = {(e.msgctxt, e.msgid, e.msgid_plural) for e in fresh if e.msgid}
    committed = {(e.msgctxt, e.msgid, e.msgid_plural) for e in po if e.msgid}
    assert extracted - committed == set(), "strings missing from locale/ko (run makemessages)"
    assert committed - extracted == set(), "strings no longer used (run makemessages)"
