"""No key reaches a server's access log (issue 19, item 4): the app served by gunicorn with
``--access-logfile`` (its default format records each request line, query string included, and
the Referer), Chromium creates a meeting, then opens its manage link and a personal link, as the
page shows them, in fresh browsers. Each becomes the organizer, or that person; afterwards the
access log holds neither key, and no request any of these pages sent carried a key in its
Referer.

What this does not cover, and cannot: the browser that opens a link keeps it in its own history
(docs/pages.md, "Keys on the pages").
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from playwright.sync_api import Page, expect

from meetings.tests.support.browser import (
    DESKTOP,
    MANAGE_LINK,
    PERSONAL_LINK,
    NewContext,
    create_meeting,
    expect_organizer_controls,
    join,
)
from meetings.tests.support.serving import gunicorn_serving, production_env

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def served(tmp_path: Path) -> Any:
    """gunicorn (2 sync workers) on the test database, writing its access log: the test
    settings, so that static files come from the source tree and plain HTTP is spoken."""
    database = connection.settings_dict
    url = (
        f"mysql://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 3306}/{database['NAME']}"
    )
    env = production_env(
        url, DJANGO_SETTINGS_MODULE="meetifyr.settings_test", MEETINGS_POLL_SECONDS="1"
    )
    access_log = tmp_path / "access.log"
    options = ("--access-logfile", str(access_log))
    serving = gunicorn_serving(
        "meetifyr.wsgi", env, tmp_path / "gunicorn.out", worker_class="sync", threads=1,
        options=options,
    )  # fmt: skip
    return serving, access_log


def _referers(page: Page, seen: list[str]) -> None:
    page.on("request", lambda request: seen.append(request.headers.get("referer", "")))


def test_opening_links_leaves_no_key_in_the_access_log_or_a_referer(
    new_context: NewContext, served: Any
) -> None:
    serving, access_log = served
    referers: list[str] = []
    with serving as (base, _process):
        creator = new_context(viewport=DESKTOP, locale="en-US").new_page()
        create_meeting(creator, base, title="Logged", with_dates=True)
        join(creator, "Alice")
        manage_url = creator.locator("#manage-url").input_value()
        personal_url = creator.locator("#personal-url").input_value()
        share_url = creator.locator("#share-url").input_value()
        keys = {
            "organizer": manage_url.rsplit("key=", 1)[1],
            "participant": personal_url.rsplit("key=", 1)[1],
        }
        assert all(len(key) == 32 for key in keys.values()), keys

        helper = new_context(viewport=DESKTOP, locale="en-US").new_page()
        _referers(helper, referers)
        helper.goto(manage_url)
        expect(helper).to_have_url(share_url)  # the key left the address bar
        expect_organizer_controls(helper)
        expect(helper.locator("#manage-url")).to_have_value(manage_url)
        helper.reload()  # still the organizer: the key is kept in this browser
        expect_organizer_controls(helper)

        other = new_context(viewport=DESKTOP, locale="en-US").new_page()
        _referers(other, referers)
        other.goto(personal_url)
        expect(other).to_have_url(share_url)
        expect(other.get_by_role("heading", name="You are Alice")).to_be_visible()
        expect(other.locator("#personal-url")).to_have_value(personal_url)
        # The page's next requests (a change, then a poll) name the page, never a key.
        other.locator("#toggle-2026-12-01").click()
        expect(other.locator("#toggle-2026-12-01")).to_have_attribute("aria-pressed", "false")
        with other.expect_request(lambda request: "/grid" in request.url):
            pass
    logged = access_log.read_text()

    for who, key in keys.items():
        assert key not in logged, f"the {who} key is in the access log:\n{logged}"
    assert re.search(r'"POST /meetings/[0-9A-Za-z]{22}/link HTTP/1\.1" 200', logged), logged
    assert referers
    assert [r for r in referers if "key=" in r or any(key in r for key in keys.values())] == []
    assert re.search(MANAGE_LINK, manage_url), manage_url
    assert re.search(PERSONAL_LINK, personal_url), personal_url
