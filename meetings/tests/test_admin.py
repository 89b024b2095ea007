"""The Django admin as a logged-in superuser (``admin_client``), on MySQL."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import models, services
from meetings.admin import meeting_lock
from meetings.domain import DateAction, Meeting
from meetings.repositories.django_orm import DjangoMeetingRepository

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
    for column in ["url_code", "title", "location", "start_date", "end_date", "created_at"]:
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
    for number in range(count):
        meeting = services.meeting_create(
            repo=repo, title=f"Meeting {number}", start_date=START, end_date=START
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
