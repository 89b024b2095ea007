"""Manage and personal links keep their key after ``#``, which no browser sends to a server:
the page's script (or, without JavaScript, a pasted link) posts it to ``/meetings/<code>/link``,
which keeps it in the keys cookie as opening a ``?key=`` link does (the refused-keys limit
included), so no key reaches an access log, a proxy or a Referer."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from django.test import Client, override_settings

from meetings import domain, services
from meetings.domain import Meeting
from meetings.repositories import repository_for
from meetings.tests.support.pages import field_errors, join, page_url, text
from meetings.web.identity import KEYS_COOKIE

pytestmark = pytest.mark.django_db

FRAGMENT = {"Meetifyr-Fragment": "1"}
REFUSED = "That link does not work (any more)."


@pytest.fixture
def organizer_key() -> str:
    return domain.key_new()


@pytest.fixture
def meeting(organizer_key: str) -> Meeting:
    return services.meeting_create(
        repo=repository_for("mysql"),
        title="Links",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 7),
        organizer_key=organizer_key,
    )


def _link_url(meeting: Meeting | str) -> str:
    return f"{page_url(meeting)}link"


def _shown(body: str, input_id: str) -> str:
    found = re.search(rf'id="{input_id}"[^>]*value="([^"]+)"', body)
    assert found is not None, f"no #{input_id} on the page"
    return html.unescape(found.group(1))


def _is_organizer(client: Client, meeting: Meeting) -> bool:
    return 'id="manage-url"' in text(client.get(page_url(meeting)))


def test_the_links_a_page_shows_carry_the_key_after_the_hash() -> None:
    creator = Client()
    created = creator.post(
        "/", {"title": "Hash", "start_date": "2026-12-01", "end_date": "2026-12-03"}
    )
    assert created.status_code == 303
    code = created["Location"].rstrip("/").rsplit("/", 1)[-1]
    join(creator, code, "Ann")
    body = text(creator.get(page_url(code)))
    manage = _shown(body, "manage-url")
    personal = _shown(body, "personal-url")
    assert re.fullmatch(rf"http://testserver/meetings/{code}/#key=[A-Za-z0-9_-]{{32}}", manage)
    assert re.fullmatch(
        rf"http://testserver/meetings/{code}/#participant=\d+&key=[A-Za-z0-9_-]{{32}}", personal
    )
    assert "?key=" not in body
    assert "&key=" not in body.replace("#participant=", "")  # no key in any query


@pytest.mark.parametrize(
    "pasted",
    [
        "#key={key}",
        "key={key}",
        "http://testserver/meetings/{code}/#key={key}",
        "  https://meet.example.com/meetings/{code}/#key={key}\n",
        "http://testserver/meetings/{code}/?key={key}",  # an old link, pasted
    ],
)
def test_a_right_organizer_key_is_kept_in_the_keys_cookie(
    meeting: Meeting, organizer_key: str, pasted: str
) -> None:
    browser = Client()
    assert not _is_organizer(browser, meeting)
    answer = browser.post(
        _link_url(meeting), {"link": pasted.format(key=organizer_key, code=meeting.url_code)}
    )
    assert answer.status_code == 303
    assert answer["Location"] == page_url(meeting)
    assert KEYS_COOKIE in answer.cookies
    page = text(browser.get(page_url(meeting)))
    assert 'id="manage-url"' in page
    assert REFUSED not in page


def test_a_personal_link_makes_the_browser_that_person(meeting: Meeting) -> None:
    ann_key = domain.key_new()
    ann, _ = services.participant_create(
        repo=repository_for("mysql"), url_code=meeting.url_code, name="Ann", participant_key=ann_key
    )
    browser = Client()
    answer = browser.post(_link_url(meeting), {"link": f"#participant={ann.id}&key={ann_key}"})
    assert answer.status_code == 303
    page = text(browser.get(page_url(meeting)))
    assert "You are Ann" in page
    assert _shown(page, "personal-url").endswith(f"#participant={ann.id}&key={ann_key}")
    assert 'id="manage-url"' not in page


def test_the_script_gets_the_fragment_with_the_organizers_controls(
    meeting: Meeting, organizer_key: str
) -> None:
    browser = Client()
    answer = browser.post(_link_url(meeting), {"link": f"#key={organizer_key}"}, headers=FRAGMENT)
    assert answer.status_code == 200
    assert answer["Meetifyr-Fragment"] == "1"
    assert 'id="manage-panel"' in text(answer)
    assert KEYS_COOKIE in answer.cookies
    assert _is_organizer(browser, meeting)


@pytest.mark.parametrize("which", ["wrong", "another meeting's", "another person's id"])
def test_a_key_that_does_not_fit_is_refused_and_nothing_is_kept(
    meeting: Meeting, which: str
) -> None:
    repo = repository_for("mysql")
    if which == "wrong":
        pasted = f"#key={domain.key_new()}"
    elif which == "another meeting's":  # replayed from meeting A on meeting B
        other_key = domain.key_new()
        other = services.meeting_create(repo=repo, title="A", organizer_key=other_key)
        assert services.meeting_key_holder(repo=repo, url_code=other.url_code, key=other_key)
        pasted = f"http://testserver/meetings/{other.url_code}/#key={other_key}"
    else:
        ann_key = domain.key_new()
        services.participant_create(
            repo=repo, url_code=meeting.url_code, name="Ann", participant_key=ann_key
        )
        bob, _ = services.participant_create(repo=repo, url_code=meeting.url_code, name="Bob")
        pasted = f"#participant={bob.id}&key={ann_key}"
    browser = Client()
    answer = browser.post(_link_url(meeting), {"link": pasted})
    assert answer.status_code == 303
    assert KEYS_COOKIE not in answer.cookies
    page = text(browser.get(page_url(meeting)))
    assert REFUSED in page
    assert 'id="manage-url"' not in page
    assert "You are" not in page


@override_settings(MEETINGS_RATE_KEY_FAILURES="2/h")
def test_refusals_count_toward_the_refused_keys_limit(meeting: Meeting) -> None:
    browser = Client()
    assert browser.get(page_url(meeting), {"key": "wrong"}).status_code == 303  # the old way
    assert browser.post(_link_url(meeting), {"link": "#key=wrong"}).status_code == 303
    over = browser.post(_link_url(meeting), {"link": "#key=wrong again"})
    assert over.status_code == 429
    assert "Too many tries" in text(over)
    assert int(over["Retry-After"]) >= 1


@pytest.mark.parametrize(
    "pasted",
    [
        "",
        "   ",
        "hello",
        "http://testserver/meetings/abc/",
        "#participant=1",
        "#key=",
        "#key=a&key=b",
        "#key=" + "a" * 3000,
        "#key=abc\x00",
        "#%zz=%zz&key",
    ],
)
def test_garbage_gets_a_clear_error_next_to_the_field(meeting: Meeting, pasted: str) -> None:
    browser = Client()
    answer = browser.post(_link_url(meeting), {"link": pasted})
    assert answer.status_code == 400
    page = text(answer)
    assert field_errors(answer, "id_link"), page
    assert 'id="link-paste"' in page
    assert KEYS_COOKIE not in answer.cookies


def test_garbage_is_not_counted_as_a_refused_key(meeting: Meeting, settings: Any) -> None:
    settings.MEETINGS_RATE_KEY_FAILURES = "1/h"
    browser = Client()
    for _ in range(3):
        assert browser.post(_link_url(meeting), {"link": "hello"}).status_code == 400
    assert browser.post(_link_url(meeting), {"link": "#key=wrong"}).status_code == 303


def test_without_javascript_the_page_offers_the_paste_form(
    meeting: Meeting, organizer_key: str
) -> None:
    browser = Client(enforce_csrf_checks=True)
    page = text(browser.get(page_url(meeting)))
    form = re.search(r'<details id="link-paste"[^>]*>.*?</details>', page, re.S)
    assert form is not None
    assert "no-js-only" in form.group(0)
    assert f'action="{_link_url(meeting)}"' in form.group(0)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0))
    assert token is not None
    answer = browser.post(
        _link_url(meeting),
        {
            "link": f"http://testserver{page_url(meeting)}#key={organizer_key}",
            "csrfmiddlewaretoken": token.group(1),
        },
    )
    assert answer.status_code == 303
    assert _is_organizer(browser, meeting)


def test_a_get_of_the_link_endpoint_goes_to_the_meeting(meeting: Meeting) -> None:
    answer = Client().get(_link_url(meeting))
    assert answer.status_code == 303
    assert answer["Location"] == page_url(meeting)


def test_an_unknown_meeting_is_the_friendly_404() -> None:
    answer = Client().post(_link_url(domain.url_code_new()), {"link": "#key=abc"})
    assert answer.status_code == 404


def test_old_query_links_keep_working(meeting: Meeting, organizer_key: str) -> None:
    browser = Client()
    opened = browser.get(page_url(meeting), {"key": organizer_key})
    assert opened.status_code == 303
    assert opened["Location"] == page_url(meeting)
    assert _is_organizer(browser, meeting)
