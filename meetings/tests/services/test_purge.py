"""Forgetting meetings (``manage.py meetings_purge``, ``services.meetings_purge``) on every store.

Each test runs the command through ``call_command`` against the real store (MariaDB, or the
run's Gel branch) and then looks at what is stored: the meetings, participants and participant
dates that went are gone row by row (ORM counts, EdgeQL counts), and what stays is exactly as it
was (same snapshot, same version). Ages are made by moving dates into the past, or by
backdating ``changed_at`` (and on MySQL ``created_at``; on Gel, where ``created_at`` is
read-only, by inserting the meeting with it).
"""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from meetings import domain, models, services
from meetings.domain import DateAction, Meeting
from meetings.repositories import MeetingRepository, repository_for
from meetings.repositories.memory import InMemoryMeetingRepository
from meetings.tests.support.stored import store_rows
from meetings.tests.support.system import closed_port

pytestmark = pytest.mark.django_db

DAYS = domain.DEFAULT_RETENTION_DAYS  # the setting's default, which the tests run with
SUMMARY = re.compile(
    r"^(?P<store>mysql|edgedb): (?P<verb>deleted|would delete) (?P<count>\d+) meetings? "
    r"\(unchanged since (?P<changed>\d{4}-\d\d-\d\d \d\d:\d\d) UTC, and last date "
    r"before (?P<dated>\d{4}-\d\d-\d\d) or no dates\)$"
)


def _today() -> date:
    return datetime.now(UTC).date()


@pytest.fixture
def repo(store: str) -> MeetingRepository:
    # The purge looks at every meeting of the store: the counts below need it to hold only the
    # test's own. On MySQL each test starts with empty tables; the Gel branch is this run's
    # own and every earlier test deleted what it created.
    assert store_rows(store) == (0, 0, 0), "the store holds meetings from before this test"
    return repository_for(store)


def _purge(store: str | None, *args: str) -> list[str]:
    """The command's output lines (``store=None``: the stores it picks itself)."""
    out = io.StringIO()
    stores = [] if store is None else ["--store", store]
    call_command("meetings_purge", *stores, *args, stdout=out)
    return out.getvalue().splitlines()


def _summary(lines: list[str], store: str) -> re.Match[str]:
    found = [match for line in lines if (match := SUMMARY.match(line)) and match["store"] == store]
    assert len(found) == 1, lines
    return found[0]


def _dated(
    repo: MeetingRepository, last_days_ago: int, *, names: tuple[str, ...] = ("Ann", "Bob")
) -> Meeting:
    """A meeting of three dates whose last is ``last_days_ago`` days before today (negative: in
    the future), with participants; the first is busy on the first date and prefers the last."""
    end = _today() - timedelta(days=last_days_ago)
    meeting = services.meeting_create(
        repo=repo, title="Retro", start_date=end - timedelta(days=2), end_date=end
    )
    for name in names:
        participant, meeting = services.participant_create(
            repo=repo, url_code=meeting.url_code, name=name
        )
        if name == names[0]:
            services.participant_date_mark(
                repo=repo,
                url_code=meeting.url_code,
                participant_date_id=participant.dates[0].id,
                action=DateAction.OFF,
            )
            services.participant_date_mark(
                repo=repo,
                url_code=meeting.url_code,
                participant_date_id=participant.dates[2].id,
                action=DateAction.STAR,
            )
    # As if the last answers came in on the last date (a meeting changed recently stays).
    store = "edgedb" if repo.id_kind == "uuid" else "mysql"
    _changed_at(store, meeting.url_code, datetime.combine(end, time(23, 59, 59), UTC))
    return repo.meeting_get(url_code=meeting.url_code)


def _dateless(repo: MeetingRepository) -> Meeting:
    return services.meeting_create(repo=repo, title="Someday", location="Busan")


def _changed_at(store: str, url_code: str, when: datetime) -> None:
    """Backdate a meeting's last change."""
    if store == "mysql":
        assert models.Meeting.objects.filter(url_code=url_code).update(changed_at=when) == 1
        return
    from meetings.repositories.gel.client import gel_client

    gel_client().query(
        "update Meeting filter .url_code = <str>$c set { changed_at := <datetime>$t }",
        c=url_code,
        t=when,
    )


def _aged_dateless(
    request: pytest.FixtureRequest,
    store: str,
    repo: MeetingRepository,
    *,
    created: datetime,
    changed: datetime | None,
) -> Meeting:
    """A meeting without dates created at ``created`` and last changed at ``changed`` (``None``:
    never changed)."""
    if store == "mysql":
        meeting = _dateless(repo)
        models.Meeting.objects.filter(url_code=meeting.url_code).update(
            created_at=created, changed_at=changed
        )
        return repo.meeting_get(url_code=meeting.url_code)
    from meetings.repositories.gel.client import gel_client

    code = domain.url_code_new()
    gel_client().query(
        "insert Meeting { url_code := <str>$c, title := 'Someday', created_at := <datetime>$t,"
        " changed_at := <optional datetime>$ch }",
        c=code,
        t=created,
        ch=changed,
    )
    # Created "before" the test, so the test window would not delete it.
    request.addfinalizer(
        lambda: gel_client().query("delete Meeting filter .url_code = <str>$c", c=code)
    )
    return repo.meeting_get(url_code=code)


def _gone(repo: MeetingRepository, *meetings: Meeting) -> bool:
    for meeting in meetings:
        with pytest.raises(domain.MeetingNotFound):
            repo.meeting_get(url_code=meeting.url_code)
    return True


def _kept(repo: MeetingRepository, *meetings: Meeting) -> bool:
    """Each meeting is stored exactly as it was: same version, participants and marks."""
    for meeting in meetings:
        assert repo.meeting_get(url_code=meeting.url_code) == meeting
    return True


# --- what goes and what stays --------------------------------------------------------------------


def test_old_meetings_go_with_their_participants_and_dates(
    store: str, repo: MeetingRepository
) -> None:
    old = _dated(repo, 100)
    old_alone = _dated(repo, 400, names=())
    old_decided = _dated(repo, 100, names=("Eve",))
    old_decided = services.meeting_set_final(
        repo=repo, url_code=old_decided.url_code, day=old_decided.end_date, note="closed long ago"
    )
    assert old_decided.end_date is not None
    decided_then = datetime.combine(old_decided.end_date, time(23, 59, 59), UTC)
    _changed_at(store, old_decided.url_code, decided_then)
    old_decided = repo.meeting_get(url_code=old_decided.url_code)
    recent = _dated(repo, 10)
    ends_today = _dated(repo, 0)
    future = _dated(repo, -30, names=("Zed",))
    dateless = _dateless(repo)
    # 7 meetings; 8 participants, of 3 dates each.
    assert store_rows(store) == (7, 8, 24)

    lines = _purge(store)

    summary = _summary(lines, store)
    assert (summary["verb"], summary["count"]) == ("deleted", "3")
    assert lines == [f"{store}: batch 1: deleted 3 meetings", summary.string]
    assert _gone(repo, old, old_alone, old_decided)
    # Their 3 participants and 9 participant dates went with them; nothing else did.
    assert store_rows(store) == (4, 5, 15)
    assert _kept(repo, recent, ends_today, future, dateless)


def test_every_row_of_a_purged_meeting_goes_on_mysql() -> None:
    """On MySQL, by the meeting's own id: no participant or date row of it is left behind."""
    repo = repository_for("mysql")
    old = _dated(repo, 100)
    meeting_id = models.Meeting.objects.get(url_code=old.url_code).pk
    assert models.ParticipantDate.objects.filter(meeting_id=meeting_id).count() == 6
    _purge("mysql")
    assert not models.Meeting.objects.filter(pk=meeting_id).exists()
    assert not models.Participant.objects.filter(meeting_id=meeting_id).exists()
    assert not models.ParticipantDate.objects.filter(meeting_id=meeting_id).exists()
    assert not models.ParticipantDate.objects.filter(
        participant_id__in=[int(p.id) for p in old.participants]
    ).exists()


def test_meetings_without_dates_go_when_nobody_changed_them_for_long(
    request: pytest.FixtureRequest, store: str, repo: MeetingRepository
) -> None:
    now = datetime.now(UTC)
    long_ago, recently = now - timedelta(days=100), now - timedelta(days=10)
    quiet = _dateless(repo)
    _changed_at(store, quiet.url_code, long_ago)
    never_changed = _aged_dateless(request, store, repo, created=long_ago, changed=None)
    old_but_changed = _aged_dateless(
        request, store, repo, created=now - timedelta(days=400), changed=recently
    )
    fresh = _dateless(repo)
    # Dates decide for a meeting with dates, not its last change.
    future = _dated(repo, -30)
    _changed_at(store, future.url_code, long_ago)
    future = repo.meeting_get(url_code=future.url_code)

    lines = _purge(store)

    assert _summary(lines, store)["count"] == "2"
    assert _gone(repo, quiet, never_changed)
    assert _kept(repo, old_but_changed, fresh, future)


@pytest.mark.parametrize("days", [None, 30, 0])
def test_the_boundary_is_the_retention_in_whole_days(
    store: str, repo: MeetingRepository, days: int | None
) -> None:
    """A last date exactly N days ago stays; N + 1 days ago goes (N: --days, or the setting)."""
    n = DAYS if days is None else days
    stays = _dated(repo, n, names=("Ann",))
    goes = _dated(repo, n + 1, names=("Ann",))
    lines = _purge(store, *([] if days is None else ["--days", str(days)]))
    summary = _summary(lines, store)
    assert summary["count"] == "1"
    assert summary["dated"] == (_today() - timedelta(days=n)).isoformat()
    changed = datetime.strptime(summary["changed"], "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert abs(changed - (datetime.now(UTC) - timedelta(days=n))) < timedelta(minutes=2)
    assert _gone(repo, goes)
    assert _kept(repo, stays)


def test_the_setting_sets_the_retention(store: str, repo: MeetingRepository, settings: Any) -> None:
    settings.MEETINGS_RETENTION_DAYS = 5
    stays = _dated(repo, 5)
    goes = _dated(repo, 6)
    assert _summary(_purge(store), store)["count"] == "1"
    assert _gone(repo, goes)
    assert _kept(repo, stays)
    # --days wins over the setting.
    assert _summary(_purge(store, "--days", "4"), store)["count"] == "1"
    assert _gone(repo, stays)


def test_a_dry_run_counts_and_changes_nothing(store: str, repo: MeetingRepository) -> None:
    old = [_dated(repo, 100 + number) for number in range(3)]
    recent = _dated(repo, 10)
    before = store_rows(store)
    lines = _purge(store, "--dry-run")
    summary = _summary(lines, store)
    assert (summary["verb"], summary["count"]) == ("would delete", "3")
    assert lines == [summary.string]  # no batch lines: nothing was deleted
    assert store_rows(store) == before
    assert _kept(repo, *old, recent)
    # The real run then deletes what the dry run counted.
    assert _summary(_purge(store), store)["count"] == "3"
    assert _gone(repo, *old)


def test_batches(store: str, repo: MeetingRepository) -> None:
    old = [_dated(repo, 100, names=("Ann",)) for _ in range(5)]
    recent = _dated(repo, 10)
    lines = _purge(store, "--batch-size", "2")
    assert lines[:3] == [
        f"{store}: batch 1: deleted 2 meetings",
        f"{store}: batch 2: deleted 2 meetings",
        f"{store}: batch 3: deleted 1 meeting",
    ]
    assert len(lines) == 4
    assert _summary(lines, store)["count"] == "5"
    assert _gone(repo, *old)
    assert _kept(repo, recent)
    assert store_rows(store) == (1, 2, 6)


def test_a_second_run_finds_nothing(store: str, repo: MeetingRepository) -> None:
    _dated(repo, 100)
    recent = _dated(repo, 10)
    assert _summary(_purge(store), store)["count"] == "1"
    lines = _purge(store)
    assert lines == [_summary(lines, store).string]
    assert _summary(lines, store)["count"] == "0"
    assert _kept(repo, recent)


def test_quiet_output_keeps_the_totals(store: str, repo: MeetingRepository) -> None:
    _dated(repo, 100)
    lines = _purge(store, "--verbosity", "0")
    assert lines == [_summary(lines, store).string]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--days", "-1"], "argument --days: should not be negative: -1"),
        (["--days", "soon"], "argument --days: not a whole number: 'soon'"),
        (["--batch-size", "0"], "argument --batch-size: should be at least 1: 0"),
        (["--store", "sqlite"], "argument --store: invalid choice: 'sqlite'"),
    ],
)
def test_bad_options_are_refused(args: list[str], error: str) -> None:
    models.Meeting.objects.create(
        url_code="A" * 22, start_date=date(2000, 1, 1), end_date=date(2000, 1, 1)
    )
    with pytest.raises(CommandError) as raised:
        call_command("meetings_purge", *args, stdout=io.StringIO())
    assert str(raised.value).startswith(f"Error: {error}")
    assert models.Meeting.objects.count() == 1


# --- which stores ------------------------------------------------------------------------------


@pytest.fixture
def fresh_gel_client() -> Iterator[None]:
    """No process-wide Gel client (nor remembered outage) before and after: the test's own
    environment decides where Gel is."""
    from meetings.repositories.gel.client import close_client

    close_client()
    yield
    close_client()


@pytest.fixture
def no_gel_config(fresh_gel_client: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No GEL_*/EDGEDB_* variables, and a working directory without a gel.toml above it."""
    for name in list(os.environ):
        if name.startswith(("GEL_", "EDGEDB_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.mark.usefixtures("no_gel_config")
def test_by_default_mysql_and_gel_skipped_when_not_configured(
    caplog: pytest.LogCaptureFixture,
) -> None:
    repo = repository_for("mysql")
    old, recent = _dated(repo, 100), _dated(repo, 10)
    with caplog.at_level(logging.WARNING):
        lines = _purge(None)
    assert lines == [
        "mysql: batch 1: deleted 1 meeting",
        _summary(lines, "mysql").string,
        "edgedb: skipped: no Gel server is configured (GEL_DSN, GEL_INSTANCE, GEL_HOST/GEL_PORT"
        " or GEL_CREDENTIALS_FILE)",
    ]
    assert caplog.records == []  # a site without Gel gets no warning every night
    assert _gone(repo, old)
    assert _kept(repo, recent)


@pytest.mark.usefixtures("no_gel_config")
def test_a_gel_project_directory_that_is_not_linked_is_not_configured(
    tmp_path: Path,
) -> None:
    (tmp_path / "gel.toml").write_text('[instance]\nserver-version = "6"\n')
    lines = _purge(None)
    assert lines[-1].startswith("edgedb: skipped: no Gel server is configured")


@pytest.mark.usefixtures("no_gel_config")
def test_gel_asked_for_but_not_configured_is_an_error() -> None:
    repo = repository_for("mysql")
    old = _dated(repo, 100)
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("meetings_purge", "--store", "mysql", "--store", "edgedb", stdout=out)
    assert str(raised.value).startswith(
        "edgedb: EdgeDB store is not available: no usable Gel connection is configured"
    )
    # The other store was purged all the same.
    assert _summary(out.getvalue().splitlines(), "mysql")["count"] == "1"
    assert _gone(repo, old)


@pytest.mark.parametrize(
    ("dsn", "reason"),
    [
        ("closed port", "cannot connect to the Gel server"),
        ("gel://admin:s3cret@db.internal:notaport/main", "no usable Gel connection"),
    ],
)
def test_a_named_gel_server_that_cannot_be_used_is_an_error(
    no_gel_config: None, monkeypatch: pytest.MonkeyPatch, settings: Any, dsn: str, reason: str
) -> None:
    """GEL_DSN names a server: the default run must purge it, so failing to is an error (and
    says why), after MySQL was purged."""
    if dsn == "closed port":
        dsn = f"gel://admin@127.0.0.1:{closed_port()}/main"
    monkeypatch.setenv("GEL_DSN", dsn)
    settings.GEL_CONNECT_WAIT = 0
    repo = repository_for("mysql")
    old = _dated(repo, 100)
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("meetings_purge", stdout=out)
    message = str(raised.value)
    assert message.startswith(f"edgedb: EdgeDB store is not available: {reason}"), message
    assert "s3cret" not in message
    assert _summary(out.getvalue().splitlines(), "mysql")["count"] == "1"
    assert _gone(repo, old)


@pytest.mark.gel
def test_by_default_both_stores_where_gel_is_configured(request: pytest.FixtureRequest) -> None:
    from meetings.tests.support import gel_support

    gel_support.window_open(request)
    assert os.environ.get("GEL_DSN")  # the run's branch
    mysql, gel = repository_for("mysql"), repository_for("edgedb")
    assert store_rows("edgedb") == (0, 0, 0)
    old = {name: _dated(repo, 100) for name, repo in (("mysql", mysql), ("edgedb", gel))}
    recent = {name: _dated(repo, 10) for name, repo in (("mysql", mysql), ("edgedb", gel))}
    lines = _purge(None)
    assert lines == [
        "mysql: batch 1: deleted 1 meeting",
        _summary(lines, "mysql").string,
        "edgedb: batch 1: deleted 1 meeting",
        _summary(lines, "edgedb").string,
    ]
    # Both stores use the same cutoffs.
    assert _summary(lines, "mysql")["dated"] == _summary(lines, "edgedb")["dated"]
    assert _summary(lines, "mysql")["changed"] == _summary(lines, "edgedb")["changed"]
    assert _gone(mysql, old["mysql"])
    assert _gone(gel, old["edgedb"])
    assert _kept(mysql, recent["mysql"])
    assert _kept(gel, recent["edgedb"])


def test_the_store_is_named_once_even_if_asked_twice() -> None:
    repo = repository_for("mysql")
    _dated(repo, 100)
    lines = _purge("mysql", "--store", "mysql")
    assert [line.split(":")[0] for line in lines] == ["mysql", "mysql"]


# --- the service ---------------------------------------------------------------------------------


def test_the_service_with_a_later_now_on_the_memory_store() -> None:
    """``now`` moves the cutoffs: 100 days from now, today's meetings are past retention."""
    repo = InMemoryMeetingRepository()
    today = _today()
    ended = services.meeting_create(repo=repo, start_date=today, end_date=today)
    later = services.meeting_create(
        repo=repo, start_date=today + timedelta(days=20), end_date=today + timedelta(days=21)
    )
    dateless = services.meeting_create(repo=repo)
    now, future = datetime.now(UTC), datetime.now(UTC) + timedelta(days=DAYS + 10)
    assert services.meetings_purge(repo=repo, retention_days=DAYS, now=now, dry_run=True) == 0
    assert services.meetings_purge(repo=repo, retention_days=DAYS, now=future, dry_run=True) == 2
    batches: list[int] = []
    assert (
        services.meetings_purge(
            repo=repo, retention_days=DAYS, now=future, batch_size=1, on_batch=batches.append
        )
        == 2
    )
    assert batches == [1, 1]
    assert _gone(repo, ended, dateless)
    assert repo.meeting_get(url_code=later.url_code) == later
    with pytest.raises(ValueError, match="batch_size"):
        services.meetings_purge(repo=repo, retention_days=DAYS, batch_size=0)
    with pytest.raises(ValueError, match="a dry run counts every meeting"):
        services.meetings_purge(repo=repo, retention_days=DAYS, dry_run=True, url_codes=[])


def test_a_meeting_set_up_now_with_past_dates_stays(store: str, repo: MeetingRepository) -> None:
    """Past dates alone do not make a meeting old: someone set it up (on an open meeting,
    anyone with the link may set the dates) or answered today."""
    long_ago = _today() - timedelta(days=DAYS + 50)
    fresh = services.meeting_create(
        repo=repo, title="Last year's trip", start_date=long_ago, end_date=long_ago
    )
    services.participant_create(repo=repo, url_code=fresh.url_code, name="Ann")
    fresh = repo.meeting_get(url_code=fresh.url_code)
    assert _summary(_purge(store), store)["count"] == "0"
    assert _kept(repo, fresh)
    # Once nobody changed it for the retention too, it goes.
    _changed_at(store, fresh.url_code, datetime.now(UTC) - timedelta(days=DAYS, minutes=5))
    assert _summary(_purge(store), store)["count"] == "1"
    assert _gone(repo, fresh)


def test_the_admin_log_entries_of_a_purged_meeting_go_with_it() -> None:
    """The admin's log names what staff changed (titles, people): a purged meeting takes its
    entries, and its participants', along; other meetings' entries stay."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    repo = repository_for("mysql")
    old, kept = _dated(repo, 100), _dated(repo, -30)
    staff = get_user_model().objects.create_superuser("staff", "staff@example.com", "pw-123456")

    def logged(obj: Any) -> None:
        LogEntry.objects.create(
            user=staff,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj),
            action_flag=CHANGE,
        )

    for code in (old.url_code, kept.url_code):
        meeting = models.Meeting.objects.get(url_code=code)
        logged(meeting)
        for participant in models.Participant.objects.filter(meeting=meeting):
            logged(participant)
    kept_entries = 1 + models.Participant.objects.filter(meeting__url_code=kept.url_code).count()
    assert LogEntry.objects.count() == 2 * kept_entries
    _purge("mysql")
    assert LogEntry.objects.count() == kept_entries
    kept_meeting = models.Meeting.objects.get(url_code=kept.url_code)
    assert LogEntry.objects.filter(object_repr=str(kept_meeting)).exists()


def test_joining_marking_and_leaving_do_not_keep_an_old_meeting(
    store: str, repo: MeetingRepository
) -> None:
    """A link holder cannot keep a meeting from the purge: a participant's changes (join,
    marks, leave) move its version, not its last change. A change of the meeting itself (its
    title, on an open meeting anyone's) still does."""
    quiet, retitled = _dated(repo, 100), _dated(repo, 100)
    key = domain.key_new()
    eve, _meeting = services.participant_create(
        repo=repo, url_code=quiet.url_code, name="Eve", participant_key=key
    )
    services.participant_date_mark(
        repo=repo,
        url_code=quiet.url_code,
        participant_date_id=eve.dates[0].id,
        action=DateAction.OFF,
        key=key,
    )
    services.participant_marks(
        repo=repo,
        url_code=quiet.url_code,
        participant_id=eve.id,
        marks=[services.MarkRequest(eve.dates[1].date, DateAction.OFF)],
        key=key,
    )
    services.participant_delete(repo=repo, url_code=quiet.url_code, participant_id=eve.id, key=key)
    assert repo.meeting_get(url_code=quiet.url_code).version == quiet.version + 4
    retitled = services.meeting_set_title(repo=repo, url_code=retitled.url_code, title="Again")
    assert _summary(_purge(store), store)["count"] == "1"
    assert _gone(repo, quiet)
    assert _kept(repo, retitled)
