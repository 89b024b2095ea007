"""The Django admin as a logged-in superuser (``admin_client``), on MySQL."""

from __future__ import annotations

import logging
import re
import threading
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from meetings import models, services
from meetings.admin import meeting_lock
from meetings.domain import (
    DateAction,
    Editing,
    KeyRefused,
    Meeting,
    TimeWindow,
    key_digest,
    key_new,
)
from meetings.repositories.mysql import DjangoMeetingRepository

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/meetings/meeting/"
PARTICIPANTS = "/admin/meetings/participant/"
START, END = date(2026, 12, 1), date(2026, 12, 7)


@pytest.fixture
def repo() -> DjangoMeetingRepository:
    return DjangoMeetingRepository()


@pytest.fixture
def dinner(repo: DjangoMeetingRepository) -> Meeting:
    """A meeting with a range and three participants; Ann is busy on the 2nd and prefers the
    3rd."""
    meeting = services.meeting_create(
        repo=repo, title="Team dinner", location="Seoul", start_date=START, end_date=END
    )
    ann, _ = services.participant_create(repo=repo, url_code=meeting.url_code, name="Ann")
    for name in ["Annabel", "Bob"]:
        services.participant_create(repo=repo, url_code=meeting.url_code, name=name)
    services.participant_date_mark(
        repo=repo,
        url_code=meeting.url_code,
        participant_date_id=ann.dates[1].id,
        action=DateAction.OFF,
    )
    return services.participant_date_mark(
        repo=repo,
        url_code=meeting.url_code,
        participant_date_id=ann.dates[2].id,
        action=DateAction.STAR,
    )


@pytest.fixture
def undated(repo: DjangoMeetingRepository) -> Meeting:
    return services.meeting_create(repo=repo, title="Someday", location="Busan")


def _row(url_code: str) -> models.Meeting:
    return models.Meeting.objects.get(url_code=url_code)


def _listed(client: Client, query: str = "") -> dict[str, int]:
    """The changelist's meetings (url_code: participant count) for a query string."""
    response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    return {
        meeting.url_code: meeting.participant_count
        for meeting in response.context["cl"].result_list
    }


def _form_data(response: Any) -> dict[str, Any]:
    """What a browser would post back for a change page unchanged (form and inline formsets)."""
    data: dict[str, Any] = {}

    def add(form: Any) -> None:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is not None:
                data[form.add_prefix(name)] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def _date_form_prefix(response: Any, day: date) -> str:
    formset = response.context["inline_admin_formsets"][0].formset
    form = next(f for f in formset.forms if f.instance.date == day)
    prefix: str = form.prefix
    return prefix


# --- access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [CHANGELIST, PARTICIPANTS, "/admin/"])
def test_anonymous_is_sent_to_login(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={path}"


def test_meetings_and_participants_cannot_be_added_here(admin_client: Client) -> None:
    assert admin_client.get(CHANGELIST + "add/").status_code == 403
    assert admin_client.get(PARTICIPANTS + "add/").status_code == 403


# --- meeting changelist -------------------------------------------------------------------------


def test_changelist_shows_meetings_with_participant_counts(
    admin_client: Client, dinner: Meeting, undated: Meeting
) -> None:
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    content = response.content.decode()
    for text in [dinner.url_code, "Team dinner", "Seoul", undated.url_code, "Someday", "Busan"]:
        assert text in content
    assert "Dec. 1, 2026" in content
    assert "Dec. 7, 2026" in content
    for column in ["url_code", "title", "location", "start_day", "end_day", "created_at"]:
        assert f"column-{column}" in content
    assert "column-participant_count" in content
    assert ">Participants</a>" in content  # its header, sortable
    assert _listed(admin_client) == {dinner.url_code: 3, undated.url_code: 0}
    # Newest first.
    codes = [meeting.url_code for meeting in response.context["cl"].result_list]
    assert codes == [undated.url_code, dinner.url_code]


def test_changelist_sorts_by_participant_count(
    admin_client: Client, dinner: Meeting, undated: Meeting
) -> None:
    columns = list(admin_client.get(CHANGELIST).context["cl"].list_display)
    index = columns.index("participant_count")
    ascending = admin_client.get(f"{CHANGELIST}?o={index}").context["cl"].result_list
    assert [m.url_code for m in ascending] == [undated.url_code, dinner.url_code]
    descending = admin_client.get(f"{CHANGELIST}?o=-{index}").context["cl"].result_list
    assert [m.url_code for m in descending] == [dinner.url_code, undated.url_code]


def test_search_by_url_code(admin_client: Client, dinner: Meeting, undated: Meeting) -> None:
    assert _listed(admin_client, f"?q={dinner.url_code}") == {dinner.url_code: 3}
    assert _listed(admin_client, f"?q={undated.url_code[:10]}") == {undated.url_code: 0}


def test_search_by_title(admin_client: Client, dinner: Meeting, undated: Meeting) -> None:
    assert _listed(admin_client, "?q=dinner") == {dinner.url_code: 3}
    assert _listed(admin_client, "?q=SOMEDAY") == {undated.url_code: 0}
    assert _listed(admin_client, "?q=nothing+like+it") == {}


def test_search_by_participant_name_lists_each_meeting_once(
    admin_client: Client, repo: DjangoMeetingRepository, dinner: Meeting, undated: Meeting
) -> None:
    other = services.meeting_create(repo=repo, title="Other", start_date=START, end_date=START)
    services.participant_create(repo=repo, url_code=other.url_code, name="Bob")
    # "ann" matches Ann and Annabel, both of the dinner: one row, and its count stays 3.
    assert _listed(admin_client, "?q=ann") == {dinner.url_code: 3}
    assert _listed(admin_client, "?q=bob") == {dinner.url_code: 3, other.url_code: 1}
    response = admin_client.get(CHANGELIST + "?q=ann")
    assert response.context["cl"].result_count == 1


def test_filter_by_dates_set(admin_client: Client, dinner: Meeting, undated: Meeting) -> None:
    choices = _filter_choices(admin_client, "dates set")
    assert choices == {"All": "?", "Yes": "?dates_set=yes", "No": "?dates_set=no"}
    assert _listed(admin_client, "?dates_set=yes") == {dinner.url_code: 3}
    assert _listed(admin_client, "?dates_set=no") == {undated.url_code: 0}


def _filter_choices(client: Client, title: str) -> dict[str, str]:
    """A changelist filter's choices as the sidebar offers them: display text -> query."""
    changelist = client.get(CHANGELIST).context["cl"]
    spec = next(spec for spec in changelist.filter_specs if str(spec.title) == title)
    return {str(choice["display"]): choice["query_string"] for choice in spec.choices(changelist)}


def test_filter_by_created_date(admin_client: Client, dinner: Meeting, undated: Meeting) -> None:
    models.Meeting.objects.filter(url_code=undated.url_code).update(
        created_at=timezone.make_aware(datetime(2020, 5, 1, 12))
    )
    choices = _filter_choices(admin_client, "created at")
    assert set(choices) >= {"Any date", "Today", "Past 7 days", "This month", "This year"}
    assert _listed(admin_client, choices["Past 7 days"]) == {dinner.url_code: 3}
    assert _listed(admin_client, choices["Any date"]) == {dinner.url_code: 3, undated.url_code: 0}
    old = "?created_at__gte=2020-01-01+00:00:00%2B00:00&created_at__lt=2021-01-01+00:00:00%2B00:00"
    assert _listed(admin_client, old) == {undated.url_code: 0}
    assert _listed(admin_client, old + "&dates_set=yes") == {}


def _meetings_with_a_participant(repo: DjangoMeetingRepository, count: int) -> None:
    """Every other meeting protected with an organizer key, the rest open without one: both
    kinds of the editing and organizer-key columns."""
    for number in range(count):
        meeting = services.meeting_create(
            repo=repo,
            title=f"Meeting {number}",
            start_date=START,
            end_date=START,
            organizer_key=key_new() if number % 2 == 0 else None,
        )
        services.participant_create(repo=repo, url_code=meeting.url_code, name="Ann")


# Session, user, the filtered count, the full count, the page of meetings with their counts.
CHANGELIST_QUERIES = 5


def _changelist_queries(client: Client, query: str = "") -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    return len(queries), len(response.context["cl"].result_list)


@pytest.mark.parametrize("query", ["", "?q=ann", "?dates_set=yes&o=-6"])
def test_changelist_queries_do_not_grow_with_meetings(
    admin_client: Client, repo: DjangoMeetingRepository, query: str
) -> None:
    _meetings_with_a_participant(repo, 1)
    admin_client.get(CHANGELIST)  # the session and user are loaded once per request anyway
    with_one, listed = _changelist_queries(admin_client, query)
    assert listed == 1
    _meetings_with_a_participant(repo, 99)
    with_hundred, listed = _changelist_queries(admin_client, query)
    assert listed == 100
    assert with_hundred == with_one == CHANGELIST_QUERIES


def test_changelist_queries_include_the_editing_columns(
    admin_client: Client, repo: DjangoMeetingRepository
) -> None:
    """The count above is of a page that shows the editing and organizer-key columns."""
    _meetings_with_a_participant(repo, 2)
    admin_client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as queries:
        content = admin_client.get(CHANGELIST).content.decode()
    assert len(queries) == CHANGELIST_QUERIES
    assert "column-editing" in content
    assert "column-has_organizer_key" in content
    assert '<td class="field-editing">protected</td>' in content
    assert '<td class="field-editing">open</td>' in content


# --- meeting change page ------------------------------------------------------------------------


def test_meeting_change_page(admin_client: Client, dinner: Meeting) -> None:
    row = _row(dinner.url_code)
    response = admin_client.get(f"{CHANGELIST}{row.pk}/change/")
    assert response.status_code == 200
    content = response.content.decode()
    form = response.context["adminform"].form
    assert set(form.fields) == {"title", "location"}  # url_code, range and version read-only
    assert dinner.url_code in content
    for name in ["Ann", "Annabel", "Bob"]:
        participant = models.Participant.objects.get(meeting=row, name=name)
        assert f"{PARTICIPANTS}{participant.pk}/change/" in content
    assert "free on 6 of 7 · preferred: December 3 · busy: December 2" in content
    assert content.count("free on 7 of 7") == 2
    # "View on site" goes to the public meeting page.
    assert row.get_absolute_url() == f"/meetings/{dinner.url_code}/"
    assert "View on site" in content
    redirect = admin_client.get(f"/admin/r/{_content_type_id()}/{row.pk}/")
    assert redirect.status_code == 302
    assert redirect["Location"].endswith(f"/meetings/{dinner.url_code}/")


def _content_type_id() -> int:
    return ContentType.objects.get_for_model(models.Meeting).pk


def test_meeting_change_page_queries_do_not_grow_with_participants(
    admin_client: Client, repo: DjangoMeetingRepository, dinner: Meeting
) -> None:
    row = _row(dinner.url_code)
    url = f"{CHANGELIST}{row.pk}/change/"
    admin_client.get(url)
    with CaptureQueriesContext(connection) as three:
        admin_client.get(url)
    for number in range(10):
        services.participant_create(repo=repo, url_code=dinner.url_code, name=f"P{number}")
    with CaptureQueriesContext(connection) as thirteen:
        admin_client.get(url)
    assert len(thirteen) == len(three)


def test_edit_title_bumps_version_and_keeps_the_rest(admin_client: Client, dinner: Meeting) -> None:
    row = _row(dinner.url_code)
    url = f"{CHANGELIST}{row.pk}/change/"
    data = _form_data(admin_client.get(url))
    data.update(
        title="  Team lunch ",
        url_code="0" * 22,  # read-only fields are not taken from the post
        version=1,
        start_date="2027-01-01",
        end_date="2027-01-02",
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    after = _row(dinner.url_code)
    assert after.title == "Team lunch"
    assert (after.url_code, after.location, after.start_date, after.end_date) == (
        dinner.url_code,
        "Seoul",
        START,
        END,
    )
    assert after.version == row.version + 1


def test_saving_unchanged_keeps_the_version(admin_client: Client, dinner: Meeting) -> None:
    row = _row(dinner.url_code)
    url = f"{CHANGELIST}{row.pk}/change/"
    response = admin_client.post(url, _form_data(admin_client.get(url)))
    assert response.status_code == 302
    assert _row(dinner.url_code).version == row.version


def test_edit_keeps_versions_bumped_by_others_meanwhile(
    admin_client: Client, repo: DjangoMeetingRepository, dinner: Meeting
) -> None:
    row = _row(dinner.url_code)
    url = f"{CHANGELIST}{row.pk}/change/"
    data = _form_data(admin_client.get(url))
    # Someone marks a date between the admin loading the page and saving it.
    latest = services.participant_date_mark(
        repo=repo,
        url_code=dinner.url_code,
        participant_date_id=dinner.participants[1].dates[0].id,
        action=DateAction.OFF,
    )
    data["location"] = "Busan"
    assert admin_client.post(url, data).status_code == 302
    assert _row(dinner.url_code).version == latest.version + 1


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("title", "Din\x00ner", "Null characters are not allowed."),  # Django's own check
        ("title", "Din\x01ner", "Control characters are not allowed."),
        ("location", "Seo\x07ul", "Control characters are not allowed."),
        ("title", "x" * 256, "Ensure this value has at most 255 characters (it has 256)."),
    ],
)
def test_bad_text_is_refused(
    admin_client: Client, dinner: Meeting, field: str, value: str, error: str
) -> None:
    row = _row(dinner.url_code)
    url = f"{CHANGELIST}{row.pk}/change/"
    data = _form_data(admin_client.get(url))
    data[field] = value
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {field: [error]}
    after = _row(dinner.url_code)
    assert (after.title, after.location, after.version) == ("Team dinner", "Seoul", row.version)


def test_delete_participant_from_the_meeting_page(admin_client: Client, dinner: Meeting) -> None:
    row = _row(dinner.url_code)
    url = f"{CHANGELIST}{row.pk}/change/"
    page = admin_client.get(url)
    data = _form_data(page)
    formset = page.context["inline_admin_formsets"][0].formset
    ann_form = next(form for form in formset.forms if form.instance.name == "Ann")
    ann_id = ann_form.instance.pk
    data[ann_form.add_prefix("DELETE")] = "on"
    assert admin_client.post(url, data).status_code == 302
    after = DjangoMeetingRepository().meeting_get(url_code=dinner.url_code)
    assert [p.name for p in after.participants] == ["Annabel", "Bob"]
    assert not models.ParticipantDate.objects.filter(participant_id=ann_id).exists()
    assert after.version == row.version + 1


# --- editing mode and organizer keys --------------------------------------------------------------

ISSUE = "organizer_key_issue"


@pytest.fixture
def old_key() -> str:
    return key_new()


@pytest.fixture
def protected(repo: DjangoMeetingRepository, old_key: str) -> Meeting:
    """A protected meeting whose organizer holds ``old_key``."""
    return services.meeting_create(
        repo=repo,
        title="Board meeting",
        location="Daegu",
        start_date=START,
        end_date=END,
        organizer_key=old_key,
    )


def _changelist_row(content: str, url_code: str) -> str:
    """The changelist's table row of one meeting, as HTML."""
    match = re.search(rf"<tr>(?:(?!</tr>).)*{url_code}(?:(?!</tr>).)*</tr>", content, re.S)
    assert match, url_code
    return match.group(0)


def test_changelist_shows_whether_meetings_are_protected(
    admin_client: Client, protected: Meeting, undated: Meeting
) -> None:
    content = admin_client.get(CHANGELIST).content.decode()
    assert ">Editing</a>" in content  # the column's header, sortable
    assert "Organizer key" in content
    row = _changelist_row(content, protected.url_code)
    assert '<td class="field-editing">protected</td>' in row
    assert '<td class="field-has_organizer_key"><img src="/static/admin/img/icon-yes.svg"' in row
    row = _changelist_row(content, undated.url_code)  # stored without a key, as before keys
    assert '<td class="field-editing">open</td>' in row
    assert '<td class="field-has_organizer_key"><img src="/static/admin/img/icon-no.svg"' in row
    digest = _row(protected.url_code).organizer_key_digest
    assert digest is not None
    assert digest not in content


def test_change_page_shows_editing_read_only(
    admin_client: Client, protected: Meeting, undated: Meeting
) -> None:
    def readonly(url_code: str) -> dict[str, str]:
        response = admin_client.get(f"{CHANGELIST}{_row(url_code).pk}/change/")
        assert response.status_code == 200
        assert set(response.context["adminform"].form.fields) == {"title", "location"}
        content = response.content.decode()
        digest = _row(url_code).organizer_key_digest
        assert digest is None or digest not in content
        fields = {}
        for fieldset in response.context["adminform"]:
            for line in fieldset:
                for field in line:
                    if field.is_readonly:
                        fields[str(field.field["label"])] = str(field.contents())
        assert "<label>Editing:</label>" in content
        assert "<label>Organizer key:</label>" in content
        return fields

    shown = readonly(protected.url_code)
    assert shown["editing"] == "protected"
    assert "icon-yes.svg" in shown["organizer key"]
    shown = readonly(undated.url_code)
    assert shown["editing"] == "open"
    assert "icon-no.svg" in shown["organizer key"]


def test_change_page_post_cannot_change_the_editing_mode(
    admin_client: Client, protected: Meeting
) -> None:
    row = _row(protected.url_code)
    url = f"{CHANGELIST}{row.pk}/change/"
    data = _form_data(admin_client.get(url))
    data.update(editing="open", organizer_key_digest="0" * 64, has_organizer_key="")
    assert admin_client.post(url, data).status_code == 302
    after = _row(protected.url_code)
    assert (after.editing, after.organizer_key_digest) == ("protected", row.organizer_key_digest)


def _issue(client: Client, *meetings: Meeting, confirm: bool = True) -> Any:
    data: dict[str, Any] = {
        "action": ISSUE,
        "_selected_action": [_row(meeting.url_code).pk for meeting in meetings],
    }
    if confirm:
        data["post"] = "yes"
    return client.post(CHANGELIST, data)


def _holds(repo: DjangoMeetingRepository, meeting: Meeting, key: str) -> bool:
    return services.meeting_key_holder(repo=repo, url_code=meeting.url_code, key=key)


def test_the_action_is_offered(admin_client: Client, protected: Meeting) -> None:
    choices = dict(admin_client.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert str(choices[ISSUE]) == "Issue a new organizer key"


def test_the_action_asks_first_and_changes_nothing(
    admin_client: Client,
    repo: DjangoMeetingRepository,
    protected: Meeting,
    undated: Meeting,
    old_key: str,
) -> None:
    before = {code: _row(code) for code in (protected.url_code, undated.url_code)}
    response = _issue(admin_client, protected, undated, confirm=False)
    assert response.status_code == 200
    assert response.templates[0].name == "admin/meetings/organizer_keys_confirm.html"
    content = response.content.decode()
    assert "stop working at once" in content
    for meeting in (protected, undated):
        assert f'name="_selected_action" value="{_row(meeting.url_code).pk}"' in content
        assert meeting.url_code in content
    assert 'name="post" value="yes"' in content
    for code, row in before.items():
        after = _row(code)
        assert (after.organizer_key_digest, after.version) == (
            row.organizer_key_digest,
            row.version,
        )
    assert _holds(repo, protected, old_key)
    assert not LogEntry.objects.exists()


def test_the_action_issues_new_keys_and_shows_them_once(
    admin_client: Client,
    repo: DjangoMeetingRepository,
    protected: Meeting,
    undated: Meeting,
    old_key: str,
) -> None:
    response = _issue(admin_client, protected, undated)
    assert response.status_code == 200  # the page itself, not a redirect
    assert response.templates[0].name == "admin/meetings/organizer_keys.html"
    assert "no-store" in {part.strip() for part in response["Cache-Control"].split(",")}
    issued = {item.url_code: item for item in response.context["issued"]}
    assert set(issued) == {protected.url_code, undated.url_code}
    content = response.content.decode()
    for meeting in (protected, undated):
        key = issued[meeting.url_code].key
        assert len(key) == 32
        assert _holds(repo, meeting, key)
        assert _row(meeting.url_code).organizer_key_digest == key_digest(key)
        link = f"http://testserver/meetings/{meeting.url_code}/#{urlencode({'key': key})}"
        assert issued[meeting.url_code].manage_url == link
        assert content.count(key) == 2  # the key, and the key in its link
        assert content.count(link) == 1
    assert issued[protected.url_code].key != issued[undated.url_code].key
    assert not _holds(repo, protected, old_key)  # the old key stopped working
    # The editing mode stays as it was; the meeting stored without a key now has an organizer.
    assert _row(protected.url_code).editing == Editing.PROTECTED.value
    assert _row(undated.url_code).editing == Editing.OPEN.value
    assert "<td>protected</td>" in content
    assert "<td>open</td>" in content
    # The link works: opening it makes a browser the organizer's.
    browser = Client()
    opened = browser.post(
        f"/meetings/{protected.url_code}/link", {"link": issued[protected.url_code].manage_url}
    )
    assert opened.status_code == 303
    page = browser.get(f"/meetings/{protected.url_code}/").content.decode()
    assert issued[protected.url_code].key in page  # its manage link, for this browser only


def test_the_keys_page_itself_forbids_caching(
    admin_user: Any, rf: RequestFactory, protected: Meeting
) -> None:
    """The page says no-store itself, not only because the admin's views add never-cache."""
    request = rf.post(CHANGELIST, {"post": "yes"})
    request.user = admin_user
    model_admin = admin.site.get_model_admin(models.Meeting)
    queryset = models.Meeting.objects.filter(url_code=protected.url_code)
    response = model_admin.organizer_key_issue(request, queryset)  # type: ignore[attr-defined]
    assert "no-store" in {part.strip() for part in response["Cache-Control"].split(",")}
    assert len(response.context_data["issued"]) == 1


def test_the_old_key_no_longer_changes_the_meeting(
    admin_client: Client, repo: DjangoMeetingRepository, protected: Meeting, old_key: str
) -> None:
    new_key = _issue(admin_client, protected).context["issued"][0].key
    with pytest.raises(KeyRefused):
        services.meeting_set_title(
            repo=repo, url_code=protected.url_code, title="Taken over", key=old_key
        )
    services.meeting_set_title(repo=repo, url_code=protected.url_code, title="Renamed", key=new_key)
    assert _row(protected.url_code).title == "Renamed"


def test_the_key_appears_nowhere_else(
    admin_client: Client,
    protected: Meeting,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    row = _row(protected.url_code)
    with CaptureQueriesContext(connection):  # SQL is logged (django.db.backends) as well
        response = _issue(admin_client, protected)
    key = response.context["issued"][0].key
    digest = key_digest(key)
    # What a handler would write (the message, and any exception's traceback) and all else
    # a record holds. Django logs a template variable that does not resolve (``subtitle`` on
    # every admin page) with the repr of the whole template context, the keys' page included.
    formatter = logging.Formatter()
    logged = "\n".join(
        f"{formatter.format(record)} {record.__dict__!r}" for record in caplog.records
    )
    assert digest in logged  # the capture saw the update...
    assert "Exception while resolving variable" in logged  # ...and the keys' page context...
    assert key not in logged  # ...but never the key
    entry = LogEntry.objects.get()
    assert (entry.object_id, entry.action_flag) == (str(row.pk), CHANGE)
    assert entry.get_change_message() == "Changed organizer key."
    for text in (entry.change_message, entry.object_repr, entry.get_change_message()):
        assert key not in text
    pages = [
        CHANGELIST,
        f"{CHANGELIST}{row.pk}/change/",
        f"{CHANGELIST}{row.pk}/history/",
        "/admin/",  # its recent actions
        "/admin/meetings/",
        PARTICIPANTS,
    ]
    for page in pages:
        page_response = admin_client.get(page)
        assert page_response.status_code == 200, page
        content = page_response.content.decode()
        assert key not in content, page
        assert digest not in content, page
    assert (
        "Changed organizer key."
        in admin_client.get(f"{CHANGELIST}{row.pk}/history/").content.decode()
    )
    # Nothing kept the key for later: not the staff's session (messages included), not a column.
    assert key not in repr(dict(admin_client.session.items()))
    assert key not in str(response.cookies)
    assert not models.Meeting.objects.filter(organizer_key_digest=key).exists()


@pytest.fixture
def staff(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(
        username="staff", password="password", is_staff=True
    )


def _with_permissions(user: Any, *codenames: str) -> Client:
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("codenames", "status"),
    [
        (["view_meeting"], 200),  # no action at all: the POST shows the list again
        (["view_meeting", "delete_meeting"], 302),  # "No action selected.", back to the list
    ],
)
def test_staff_who_may_not_change_meetings_cannot_issue(
    staff: Any,
    repo: DjangoMeetingRepository,
    protected: Meeting,
    old_key: str,
    codenames: list[str],
    status: int,
) -> None:
    client = _with_permissions(staff, *codenames)
    changelist = client.get(CHANGELIST)
    assert changelist.status_code == 200
    action_form = changelist.context["action_form"]
    assert action_form is None or ISSUE not in dict(action_form.fields["action"].choices)
    before = _row(protected.url_code)
    for confirm in (False, True):
        response = _issue(client, protected, confirm=confirm)
        assert response.status_code == status
        if status == 302:
            assert response["Location"] == CHANGELIST
        else:
            assert "issued" not in response.context
            assert "meetings" not in response.context
    after = _row(protected.url_code)
    assert (after.organizer_key_digest, after.version) == (
        before.organizer_key_digest,
        before.version,
    )
    assert _holds(repo, protected, old_key)
    assert not LogEntry.objects.exists()


def test_staff_without_meeting_permissions_cannot_issue(
    staff: Any, repo: DjangoMeetingRepository, protected: Meeting, old_key: str
) -> None:
    client = _with_permissions(staff)
    assert _issue(client, protected).status_code == 403
    assert _holds(repo, protected, old_key)


def test_anonymous_cannot_issue(
    client: Client, repo: DjangoMeetingRepository, protected: Meeting, old_key: str
) -> None:
    response = _issue(client, protected)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert _holds(repo, protected, old_key)


def test_staff_who_may_change_can_issue(
    staff: Any, repo: DjangoMeetingRepository, protected: Meeting, old_key: str
) -> None:
    client = _with_permissions(staff, "change_meeting")
    response = _issue(client, protected)
    assert response.status_code == 200
    assert _holds(repo, protected, response.context["issued"][0].key)
    assert not _holds(repo, protected, old_key)


# --- the organizer's decision -------------------------------------------------------------------


@pytest.fixture
def decided(repo: DjangoMeetingRepository, dinner: Meeting) -> Meeting:
    """The dinner, closed: the organizer decided on December 3rd."""
    return services.meeting_set_final(
        repo=repo, url_code=dinner.url_code, day=date(2026, 12, 3), note="Table for 3"
    )


@pytest.fixture
def decided_timed(repo: DjangoMeetingRepository) -> Meeting:
    """A timed meeting (09:00-18:00 in Seoul) decided for 14:00-15:30 on December 8th."""
    meeting = services.meeting_create(
        repo=repo,
        title="Review",
        start_date=date(2026, 12, 7),
        end_date=date(2026, 12, 11),
        window=TimeWindow(540, 1080, 30, "Asia/Seoul"),
    )
    return services.meeting_set_final(
        repo=repo,
        url_code=meeting.url_code,
        day=date(2026, 12, 8),
        start="14:00",
        end="15:30",
        note="Room 4\nBring the draft",
    )


def test_changelist_shows_the_final_date(
    admin_client: Client, decided: Meeting, decided_timed: Meeting, undated: Meeting
) -> None:
    admin_client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as queries:
        content = admin_client.get(CHANGELIST).content.decode()
    assert len(queries) == CHANGELIST_QUERIES  # from the rows already read
    assert ">Final date</a>" in content  # the column's header, sortable
    row = _changelist_row(content, decided.url_code)
    assert '<td class="field-final">2026-12-03</td>' in row
    row = _changelist_row(content, decided_timed.url_code)
    assert '<td class="field-final">2026-12-08 14:00–15:30</td>' in row
    row = _changelist_row(content, undated.url_code)
    assert '<td class="field-final">—</td>' in row


def test_changelist_sorts_by_final_date(
    admin_client: Client, decided: Meeting, decided_timed: Meeting, undated: Meeting
) -> None:
    columns = list(admin_client.get(CHANGELIST).context["cl"].list_display)
    index = columns.index("final")
    listed = admin_client.get(f"{CHANGELIST}?o=-{index}").context["cl"].result_list
    assert [m.url_code for m in listed][:2] == [decided_timed.url_code, decided.url_code]


def test_filter_by_decided(
    admin_client: Client, repo: DjangoMeetingRepository, decided: Meeting, undated: Meeting
) -> None:
    still_open = services.meeting_create(repo=repo, title="Open", start_date=START, end_date=END)
    choices = _filter_choices(admin_client, "final date")
    assert choices == {
        "All": "?",
        "decided (closed)": "?decided=yes",
        "not decided (open)": "?decided=no",
    }
    assert _listed(admin_client, "?decided=yes") == {decided.url_code: 3}
    assert _listed(admin_client, "?decided=no") == {undated.url_code: 0, still_open.url_code: 0}
    reopened = services.meeting_set_final(repo=repo, url_code=decided.url_code, day=None)
    assert reopened.final is None
    assert _listed(admin_client, "?decided=yes") == {}


def _readonly_fields(response: Any) -> dict[str, str]:
    """The change page's read-only fields: label -> what it shows."""
    fields = {}
    for fieldset in response.context["adminform"]:
        for line in fieldset:
            for field in line:
                if field.is_readonly:
                    fields[str(field.field["label"])] = str(field.contents())
    return fields


def test_change_page_shows_the_decision_read_only(
    admin_client: Client, decided_timed: Meeting, undated: Meeting
) -> None:
    response = admin_client.get(f"{CHANGELIST}{_row(decided_timed.url_code).pk}/change/")
    assert response.status_code == 200
    assert set(response.context["adminform"].form.fields) == {"title", "location"}
    shown = _readonly_fields(response)
    assert shown["final date"] == "2026-12-08 14:00–15:30 (Asia/Seoul)"
    assert shown["final note"] == "Room 4<br>Bring the draft"
    decided_at = decided_timed.final.decided_at if decided_timed.final else None
    assert decided_at is not None
    assert shown["decided at"] == date_format(timezone.localtime(decided_at), "DATETIME_FORMAT")
    assert shown["changed at"] != "—"  # the decision changed the meeting
    content = response.content.decode()
    for label in ["Final date", "Final note", "Decided at", "Changed at"]:
        assert f"<label>{label}:</label>" in content

    shown = _readonly_fields(admin_client.get(f"{CHANGELIST}{_row(undated.url_code).pk}/change/"))
    assert shown["final date"] == "—"
    assert shown["final note"] == "—"
    assert shown["decided at"] == "—"
    assert shown["changed at"] == "—"  # never changed since it was made


def test_change_page_post_cannot_change_the_decision(
    admin_client: Client, decided: Meeting
) -> None:
    row = _row(decided.url_code)
    url = f"{CHANGELIST}{row.pk}/change/"
    data = _form_data(admin_client.get(url))
    data.update(final_date="2026-12-05", final_note="changed", final_at="2020-01-01 00:00:00")
    data["title"] = "Team dinner!"
    assert admin_client.post(url, data).status_code == 302
    after = _row(decided.url_code)
    assert (after.final_date, after.final_note, after.final_at) == (
        row.final_date,
        row.final_note,
        row.final_at,
    )
    assert after.title == "Team dinner!"


# --- admin changes count as changes for the purge -----------------------------------------------


def _long_quiet(meeting: Meeting, days: int = 200) -> None:
    """Make the meeting look created ``days`` ago and never changed since."""
    models.Meeting.objects.filter(url_code=meeting.url_code).update(
        created_at=timezone.now() - timedelta(days=days), changed_at=None
    )


def _purgeable(repo: DjangoMeetingRepository) -> int:
    return services.meetings_purge(repo=repo, retention_days=90, dry_run=True)


def test_an_admin_edit_of_a_meeting_sets_changed_at(
    admin_client: Client, repo: DjangoMeetingRepository, undated: Meeting
) -> None:
    _long_quiet(undated)
    assert _purgeable(repo) == 1
    row = _row(undated.url_code)
    url = f"{CHANGELIST}{row.pk}/change/"
    data = _form_data(admin_client.get(url))
    data["title"] = "Someday, maybe"
    before = timezone.now()
    assert admin_client.post(url, data).status_code == 302
    after = _row(undated.url_code)
    assert after.version == row.version + 1
    assert after.changed_at is not None
    assert before <= after.changed_at <= timezone.now()
    assert _purgeable(repo) == 0


def test_saving_unchanged_does_not_count_as_a_change(
    admin_client: Client, repo: DjangoMeetingRepository, undated: Meeting
) -> None:
    _long_quiet(undated)
    url = f"{CHANGELIST}{_row(undated.url_code).pk}/change/"
    assert admin_client.post(url, _form_data(admin_client.get(url))).status_code == 302
    assert _row(undated.url_code).changed_at is None
    assert _purgeable(repo) == 1


def test_an_admin_edit_of_a_participant_sets_changed_at(
    admin_client: Client, dinner: Meeting
) -> None:
    old = timezone.now() - timedelta(days=200)
    models.Meeting.objects.filter(url_code=dinner.url_code).update(changed_at=old)
    bob = _participant(dinner, "Bob")
    url = f"{PARTICIPANTS}{bob.pk}/change/"
    data = _form_data(admin_client.get(url))
    data["name"] = "Robert"
    assert admin_client.post(url, data).status_code == 302
    changed_at = _row(dinner.url_code).changed_at
    assert changed_at is not None
    assert changed_at > timezone.now() - timedelta(minutes=1)
    # Deleting one counts too.
    models.Meeting.objects.filter(url_code=dinner.url_code).update(changed_at=old)
    assert admin_client.post(f"{PARTICIPANTS}{bob.pk}/delete/", {"post": "yes"}).status_code == 302
    changed_at = _row(dinner.url_code).changed_at
    assert changed_at is not None
    assert changed_at > timezone.now() - timedelta(minutes=1)


# --- the purge action ---------------------------------------------------------------------------

PURGE = "meetings_purge"


def _ended(repo: DjangoMeetingRepository, days_ago: int, title: str) -> Meeting:
    """A meeting whose last date was ``days_ago`` days ago, with Ann (free on its 2 dates)."""
    end = timezone.now().date() - timedelta(days=days_ago)
    meeting = services.meeting_create(
        repo=repo, title=title, start_date=end - timedelta(days=1), end_date=end
    )
    services.participant_create(repo=repo, url_code=meeting.url_code, name="Ann")
    # As if Ann answered on the last date (a meeting changed recently stays).
    last_change = datetime.combine(end, clock(23, 59, 59), UTC)
    models.Meeting.objects.filter(url_code=meeting.url_code).update(changed_at=last_change)
    return repo.meeting_get(url_code=meeting.url_code)


def _purge_selected(client: Client, *meetings: Meeting) -> Any:
    return client.post(
        CHANGELIST,
        {"action": PURGE, "_selected_action": [_row(m.url_code).pk for m in meetings]},
        follow=True,
    )


def _messages(response: Any) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


def test_the_purge_action_is_offered_next_to_delete(admin_client: Client, dinner: Meeting) -> None:
    choices = dict(admin_client.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert str(choices[PURGE]) == "Purge the selected meetings past retention"
    assert str(choices["delete_selected"]) == "Delete selected meetings"  # Django's, as it was


def test_the_purge_action_deletes_only_selected_meetings_past_retention(
    admin_client: Client, repo: DjangoMeetingRepository
) -> None:
    old = _ended(repo, 100, "Old")
    quiet = services.meeting_create(repo=repo, title="Quiet")
    _long_quiet(quiet)
    recent = _ended(repo, 10, "Recent")
    changed = services.meeting_create(repo=repo, title="Changed")
    _long_quiet(changed)
    changed = services.meeting_set_title(repo=repo, url_code=changed.url_code, title="Changed!")
    unselected = _ended(repo, 100, "Old, not selected")
    old_ids = (_row(old.url_code).pk, _row(quiet.url_code).pk)

    response = _purge_selected(admin_client, old, quiet, recent, changed)

    assert response.status_code == 200
    assert response.redirect_chain == [(CHANGELIST, 302)]
    assert _messages(response) == [
        ("success", "Deleted 2 meetings past retention (90 days)."),
        (
            "warning",
            "Kept 2 selected meetings: not past retention (their last date or their last"
            " change is less than 90 days ago).",
        ),
    ]
    assert not models.Meeting.objects.filter(pk__in=old_ids).exists()
    assert not models.Participant.objects.filter(meeting_id__in=old_ids).exists()
    assert not models.ParticipantDate.objects.filter(meeting_id__in=old_ids).exists()
    for kept in (recent, changed, unselected):
        assert repo.meeting_get(url_code=kept.url_code) == kept
    logged = LogEntry.objects.filter(action_flag=DELETION).order_by("object_id")
    assert [(int(entry.object_id), entry.object_repr) for entry in logged] == [
        (old_ids[0], "Old"),
        (old_ids[1], "Quiet"),
    ]


def test_the_purge_action_follows_the_setting(
    admin_client: Client, repo: DjangoMeetingRepository, settings: Any
) -> None:
    settings.MEETINGS_RETENTION_DAYS = 5
    recent = _ended(repo, 10, "Recent")
    this_week = _ended(repo, 5, "This week")
    response = _purge_selected(admin_client, recent, this_week)
    assert _messages(response) == [
        ("success", "Deleted 1 meeting past retention (5 days)."),
        (
            "warning",
            "Kept 1 selected meeting: not past retention (its last date or its last change is"
            " less than 5 days ago).",
        ),
    ]
    assert not models.Meeting.objects.filter(url_code=recent.url_code).exists()
    assert repo.meeting_get(url_code=this_week.url_code) == this_week


def test_the_purge_action_with_nothing_past_retention(
    admin_client: Client, repo: DjangoMeetingRepository, dinner: Meeting
) -> None:
    response = _purge_selected(admin_client, dinner)
    assert _messages(response) == [
        ("info", "Deleted 0 meetings past retention (90 days)."),
        (
            "warning",
            "Kept 1 selected meeting: not past retention (its last date or its last change is"
            " less than 90 days ago).",
        ),
    ]
    assert repo.meeting_get(url_code=dinner.url_code) == dinner


@pytest.mark.parametrize(
    ("codenames", "allowed"),
    [
        (["view_meeting", "change_meeting"], False),
        (["view_meeting", "delete_meeting"], True),
    ],
)
def test_the_purge_action_needs_the_delete_permission(
    staff: Any, repo: DjangoMeetingRepository, codenames: list[str], allowed: bool
) -> None:
    old = _ended(repo, 100, "Old")
    client = _with_permissions(staff, *codenames)
    action_form = client.get(CHANGELIST).context["action_form"]
    offered = action_form is not None and PURGE in dict(action_form.fields["action"].choices)
    assert offered is allowed
    client.post(CHANGELIST, {"action": PURGE, "_selected_action": [_row(old.url_code).pk]})
    assert models.Meeting.objects.filter(url_code=old.url_code).exists() is not allowed


# --- participants -------------------------------------------------------------------------------


def _participant(dinner: Meeting, name: str) -> models.Participant:
    return models.Participant.objects.get(meeting__url_code=dinner.url_code, name=name)


def test_participant_changelist_and_search(admin_client: Client, dinner: Meeting) -> None:
    response = admin_client.get(PARTICIPANTS)
    assert response.status_code == 200
    assert [p.name for p in response.context["cl"].result_list] == ["Ann", "Annabel", "Bob"]
    found = admin_client.get(PARTICIPANTS + "?q=bob").context["cl"].result_list
    assert [p.name for p in found] == ["Bob"]
    by_meeting = admin_client.get(f"{PARTICIPANTS}?q={dinner.url_code}").context["cl"]
    assert by_meeting.result_count == 3


def test_participant_change_page_shows_its_dates(admin_client: Client, dinner: Meeting) -> None:
    ann = _participant(dinner, "Ann")
    response = admin_client.get(f"{PARTICIPANTS}{ann.pk}/change/")
    assert response.status_code == 200
    assert set(response.context["adminform"].form.fields) == {"name"}
    formset = response.context["inline_admin_formsets"][0].formset
    assert [(f.instance.date, f.instance.enabled, f.instance.starred) for f in formset.forms] == [
        (START + timedelta(days=n), n != 1, n == 2) for n in range(7)
    ]
    assert f"{CHANGELIST}{ann.meeting_id}/change/" in response.content.decode()


def test_edit_a_date_bumps_the_version(admin_client: Client, dinner: Meeting) -> None:
    ann = _participant(dinner, "Ann")
    before = _row(dinner.url_code).version
    url = f"{PARTICIPANTS}{ann.pk}/change/"
    page = admin_client.get(url)
    data = _form_data(page)
    prefix = _date_form_prefix(page, START)
    data[f"{prefix}-enabled"] = False
    data[f"{prefix}-starred"] = False
    assert admin_client.post(url, data).status_code == 302
    row = models.ParticipantDate.objects.get(participant=ann, date=START)
    assert (row.enabled, row.starred) == (False, False)
    assert _row(dinner.url_code).version == before + 1
    after = DjangoMeetingRepository().meeting_get(url_code=dinner.url_code)
    assert after.version == before + 1
    # The denormalised meeting still follows the participant's.
    mismatched = models.ParticipantDate.objects.exclude(meeting_id=F("participant__meeting_id"))
    assert not mismatched.exists()


def test_a_busy_date_cannot_be_preferred(admin_client: Client, dinner: Meeting) -> None:
    ann = _participant(dinner, "Ann")
    before = _row(dinner.url_code).version
    url = f"{PARTICIPANTS}{ann.pk}/change/"
    page = admin_client.get(url)
    data = _form_data(page)
    prefix = _date_form_prefix(page, START)
    data[f"{prefix}-enabled"] = False
    data[f"{prefix}-starred"] = True
    response = admin_client.post(url, data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "A busy date cannot be preferred: mark it free, or remove the star." in str(
        formset.errors
    )
    row = models.ParticipantDate.objects.get(participant=ann, date=START)
    assert (row.enabled, row.starred) == (True, False)
    assert _row(dinner.url_code).version == before


def test_a_date_made_busy_here_is_no_longer_if_need_be(
    admin_client: Client, dinner: Meeting
) -> None:
    ann = _participant(dinner, "Ann")
    models.ParticipantDate.objects.filter(participant=ann, date=START).update(if_need_be=True)
    url = f"{PARTICIPANTS}{ann.pk}/change/"
    page = admin_client.get(url)
    data = _form_data(page)
    data[f"{_date_form_prefix(page, START)}-enabled"] = False
    assert admin_client.post(url, data).status_code == 302
    row = models.ParticipantDate.objects.get(participant=ann, date=START)
    assert (row.enabled, row.starred, row.if_need_be) == (False, False, False)


def test_rename_participant(
    admin_client: Client, repo: DjangoMeetingRepository, dinner: Meeting
) -> None:
    ann = _participant(dinner, "Ann")
    before = _row(dinner.url_code).version
    url = f"{PARTICIPANTS}{ann.pk}/change/"
    data = _form_data(admin_client.get(url))
    data["name"] = "  Anne "
    assert admin_client.post(url, data).status_code == 302
    assert _participant(dinner, "Anne").pk == ann.pk
    assert _row(dinner.url_code).version == before + 1
    # The uniqueness key followed the name: "ann" is free again, "ANNE" is taken.
    services.participant_create(repo=repo, url_code=dinner.url_code, name="ann")
    with pytest.raises(Exception, match="participant with name: ANNE already exists"):
        services.participant_create(repo=repo, url_code=dinner.url_code, name="ANNE")


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("BOB", "Another participant of this meeting is already called BOB."),
        ("   ", "This field is required."),
        ("x" * 51, "Ensure this value has at most 50 characters (it has 51)."),
        ("A\tnn", "Names may not contain control characters."),
        ("A\u202enn", "Names may not contain control characters."),
        ("Ann\u2800", "Names may not contain invisible characters."),
    ],
)
def test_bad_names_are_refused(
    admin_client: Client, dinner: Meeting, name: str, error: str
) -> None:
    ann = _participant(dinner, "Ann")
    before = _row(dinner.url_code).version
    url = f"{PARTICIPANTS}{ann.pk}/change/"
    data = _form_data(admin_client.get(url))
    data["name"] = name
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"name": [error]}
    assert _participant(dinner, "Ann").pk == ann.pk
    assert _row(dinner.url_code).version == before


def test_delete_participant_page(admin_client: Client, dinner: Meeting) -> None:
    bob = _participant(dinner, "Bob")
    before = _row(dinner.url_code).version
    response = admin_client.post(f"{PARTICIPANTS}{bob.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    after = DjangoMeetingRepository().meeting_get(url_code=dinner.url_code)
    assert [p.name for p in after.participants] == ["Ann", "Annabel"]
    assert not models.ParticipantDate.objects.filter(participant_id=bob.pk).exists()
    assert after.version == before + 1


def test_delete_participants_in_bulk(
    admin_client: Client, repo: DjangoMeetingRepository, dinner: Meeting
) -> None:
    other = services.meeting_create(repo=repo, title="Other", start_date=START, end_date=START)
    services.participant_create(repo=repo, url_code=other.url_code, name="Eve")
    untouched = services.meeting_create(
        repo=repo, title="Untouched", start_date=START, end_date=END
    )
    services.participant_create(repo=repo, url_code=untouched.url_code, name="Zed")
    versions = {
        code: _row(code).version for code in (dinner.url_code, other.url_code, untouched.url_code)
    }
    chosen = [_participant(dinner, "Bob").pk, models.Participant.objects.get(name="Eve").pk]
    response = admin_client.post(
        PARTICIPANTS,
        {"action": "delete_selected", "_selected_action": chosen, "post": "yes"},
    )
    assert response.status_code == 302
    assert not models.Participant.objects.filter(pk__in=chosen).exists()
    assert not models.ParticipantDate.objects.filter(participant_id__in=chosen).exists()
    assert _row(dinner.url_code).version == versions[dinner.url_code] + 1
    assert _row(other.url_code).version == versions[other.url_code] + 1
    assert _row(untouched.url_code).version == versions[untouched.url_code]


def test_rename_racing_a_join_of_the_same_name_is_a_form_error(
    transactional_db: Any, admin_client: Client, repo: DjangoMeetingRepository
) -> None:
    """A join that commits the name while the admin's rename is being checked: the rename gets
    the name-taken error, not a 500 from the unique constraint."""
    meeting = services.meeting_create(
        repo=repo, title="Race", location="", start_date=START, end_date=END
    )
    ann, _ = services.participant_create(repo=repo, url_code=meeting.url_code, name="Ann")
    meeting_pk = _row(meeting.url_code).pk
    url = f"{PARTICIPANTS}{ann.id}/change/"
    data = _form_data(admin_client.get(url))
    data["name"] = "zed"
    locked = threading.Event()

    def join_holding_the_lock() -> None:
        # What the store's join does (lock the meeting, insert the participant), held open for
        # a moment so that the admin's check runs while the join is not yet committed.
        try:
            with transaction.atomic():
                meeting_lock(meeting_pk)
                models.Participant.objects.create(meeting_id=meeting_pk, name="Zed")
                locked.set()
                time.sleep(0.5)
        finally:
            locked.set()
            connection.close()

    joiner = threading.Thread(target=join_holding_the_lock)
    joiner.start()
    try:
        assert locked.wait(10)
        response = admin_client.post(url, data)
    finally:
        joiner.join(10)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "name": ["Another participant of this meeting is already called zed."]
    }
    names = sorted(p.name for p in repo.meeting_get(url_code=meeting.url_code).participants)
    assert names == ["Ann", "Zed"]
