"""The models and the migrations agree, and stored meetings survive every schema change on both
stores."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from meetings import services
from meetings.domain import (
    DateAction,
    Editing,
    KeyRefused,
    KeyRequired,
    ParticipantNameTaken,
    key_new,
    participant_name_key,
)
from meetings.models import Participant, participant_name_key_digest
from meetings.repositories import MeetingRepository
from meetings.repositories.mysql import DjangoMeetingRepository
from meetings.tests.support import gel_server, gel_support

LEGACY_SCHEMA = Path(__file__).parents[1] / "support" / "gel_schema_before_keys.gel"


@pytest.mark.django_db
def test_no_missing_migrations() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:  # --check exits non-zero when a migration is missing
        pytest.fail(f"missing migrations (exit {exit_.code}):\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()


# --- meetings stored before keys existed (MySQL migration 0002, the Gel schema change) --------

BEFORE_KEYS = ("meetings", "0001_initial")
START, END = date(2026, 12, 1), date(2026, 12, 3)


def _legacy_meeting_checks(repo: MeetingRepository, code: str, names: list[str]) -> None:
    """What a meeting stored before keys (and before times of day) must be after the changes:
    all its rows there, open editing, no organizer key, dates only, and changeable without
    keys as before."""
    meeting = repo.meeting_get(url_code=code)
    assert (meeting.title, meeting.start_date, meeting.end_date) == ("Old dinner", START, END)
    assert [p.name for p in meeting.participants] == names
    # Answered came later: Ann, who marked a date busy, answered; Bob, free everywhere as
    # every newcomer is, reads unanswered (nothing tells him from someone who walked away).
    assert [p.answered for p in meeting.participants] == [True, False]
    assert meeting.best_dates == (START, END, date(2026, 12, 2))  # Ann alone: busy on Dec 2
    assert all(len(p.dates) == 3 for p in meeting.participants)
    assert meeting.participants[0].dates[1].enabled is False  # the stored mark survived
    # Times of day came later too: stored meetings stay dates-only, their marks untouched.
    assert meeting.window is None
    assert meeting.best_times is None
    assert {row.slots for p in meeting.participants for row in p.dates} == {None}
    assert meeting.editing is Editing.OPEN
    assert meeting.organizer_key_digest is None
    access = repo.meeting_access(url_code=code, participant_id=meeting.participants[0].id)
    assert access.participant_key_digest is None
    # Open: anyone with the link may still change the rows and the title, with no key.
    services.participant_date_mark(
        repo=repo,
        url_code=code,
        participant_date_id=meeting.participants[0].dates[0].id,
        action=DateAction.OFF,
    )
    assert services.meeting_set_title(repo=repo, url_code=code, title="Still open").title == (
        "Still open"
    )
    # Nobody holds an organizer key, so nobody can protect it (until staff issue one).
    with pytest.raises(KeyRequired):
        services.meeting_set_editing(repo=repo, url_code=code, editing=Editing.PROTECTED, key=None)
    with pytest.raises(KeyRefused):
        services.meeting_set_editing(
            repo=repo, url_code=code, editing=Editing.PROTECTED, key=key_new()
        )
    # Issued a key, its organizer may.
    key = key_new()
    services.meeting_organizer_key_issue(repo=repo, url_code=code, organizer_key=key)
    protected = services.meeting_set_editing(
        repo=repo, url_code=code, editing=Editing.PROTECTED, key=key
    )
    assert protected.editing is Editing.PROTECTED
    with pytest.raises(KeyRequired):
        services.meeting_set_title(repo=repo, url_code=code, title="Locked", key=None)


@pytest.mark.django_db(transaction=True)
def test_mysql_meetings_stored_before_keys_stay_open_and_whole() -> None:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("meetings")
    executor.migrate([BEFORE_KEYS])
    try:
        old = executor.loader.project_state([BEFORE_KEYS]).apps
        meeting = old.get_model("meetings", "Meeting").objects.create(
            url_code="A" * 22, title="Old dinner", start_date=START, end_date=END, version=3
        )
        names = ["Ann", "Bob"]
        for name in names:
            participant = old.get_model("meetings", "Participant").objects.create(
                meeting=meeting, name=name, name_key=participant_name_key_digest(name)
            )
            for offset in range(3):
                old.get_model("meetings", "ParticipantDate").objects.create(
                    participant=participant,
                    meeting=meeting,
                    date=date.fromordinal(START.toordinal() + offset),
                    enabled=not (name == "Ann" and offset == 1),
                )
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        _legacy_meeting_checks(DjangoMeetingRepository(), "A" * 22, names)
    finally:
        MigrationExecutor(connection).migrate(latest)


_LEGACY_INSERT = """
    with
        meeting := (insert Meeting {
            url_code := <str>$code,
            title := 'Old dinner',
            start_date := <cal::local_date>'2026-12-01',
            end_date := <cal::local_date>'2026-12-03',
            version := 3
        }),
        people := (
            for name in {'Ann', 'Bob'} union (
                insert Participant { meeting := meeting, name := name, name_key := str_lower(name) }
            )
        ),
        marks := (
            for person in people union (
                for day_number in {0, 1, 2} union (
                    insert ParticipantDate {
                        participant := person,
                        date := <cal::local_date>'2026-12-01'
                            + <cal::date_duration>(<str>day_number ++ ' days'),
                        enabled := not (person.name = 'Ann' and day_number = 1)
                    }
                )
            )
        )
    select count(marks)
"""


@pytest.mark.gel
def test_gel_meetings_stored_before_keys_stay_open_and_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The branch starts with the schema as it was before keys, holds a meeting with marks,
    then ``gel_migrate``'s migration brings it to today's schema."""
    import gel

    from meetings.management.commands.gel_migrate import schema_migrate, schema_read
    from meetings.repositories import gel as gel_store

    base = gel_support.require().base_dsn
    name, dsn, _ = gel_server.branch_create(base, prefix="legacy", schema=LEGACY_SCHEMA)
    client = gel.create_client(dsn=dsn)
    try:
        assert client.query_required_single(_LEGACY_INSERT, code="B" * 22) == 6
        assert schema_migrate(client, schema_read(gel_server.SCHEMA_FILE)) is True
        monkeypatch.setenv("GEL_DSN", dsn)
        gel_store.close_client()
        _legacy_meeting_checks(gel_store.GelMeetingRepository(), "B" * 22, ["Ann", "Bob"])
    finally:
        client.close()
        gel_store.close_client()
        gel_server.branch_drop(base, name)


# --- look-alike names (MySQL migration 0006, gel_migrate's name keys) -----------------------


def _key_before_look_alikes(name: str) -> str:
    """The name key as it was before look-alikes collided: the NFKC case fold."""
    return unicodedata.normalize("NFKC", name).casefold()


BEFORE_LOOK_ALIKES = ("meetings", "0005_participant_password")
CYRILLIC_TOM = "T\u043em"  # Cyrillic small o; Tom's key is "torn" now (m looks like rn)


@pytest.mark.django_db(transaction=True)
def test_mysql_name_keys_become_look_alike_keys() -> None:
    """Stored keys are computed again; a stored look-alike of an earlier name keeps its key (it
    stays in the meeting); a new look-alike is refused."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("meetings")
    executor.migrate([BEFORE_LOOK_ALIKES])
    try:
        old = executor.loader.project_state([BEFORE_LOOK_ALIKES]).apps
        meeting = old.get_model("meetings", "Meeting").objects.create(
            url_code="C" * 22, title="Old dinner", start_date=START, end_date=END
        )
        for name in ["Tom", CYRILLIC_TOM, "Bob"]:
            old_key = hashlib.sha256(_key_before_look_alikes(name).encode()).hexdigest()
            old.get_model("meetings", "Participant").objects.create(
                meeting=meeting, name=name, name_key=old_key
            )
        MigrationExecutor(connection).migrate(latest)
        keys = dict(Participant.objects.values_list("name", "name_key"))
        assert keys["Tom"] == participant_name_key_digest("Tom")
        assert keys["Bob"] == participant_name_key_digest("Bob")
        assert keys[CYRILLIC_TOM] == hashlib.sha256("t\u043em".encode()).hexdigest()  # kept
        repo = DjangoMeetingRepository()
        with pytest.raises(ParticipantNameTaken):
            services.participant_create(repo=repo, url_code="C" * 22, name="T\u03bfm")
    finally:
        MigrationExecutor(connection).migrate(latest)


@pytest.mark.gel
def test_gel_name_keys_become_look_alike_keys() -> None:
    """``gel_migrate``'s second step on participants stored with the keys of before."""
    from meetings.repositories import gel as gel_store
    from meetings.repositories.gel.maintenance import name_keys_renew

    repo = gel_store.GelMeetingRepository()
    meeting = services.meeting_create(repo=repo, start_date=START, end_date=END)
    client = gel_store.gel_client()
    for name in ["Tom", CYRILLIC_TOM, "Bob"]:
        client.query(
            """insert Participant {
                meeting := (select Meeting filter .url_code = <str>$code),
                name := <str>$name, name_key := <str>$key
            }""",
            code=meeting.url_code,
            name=name,
            key=_key_before_look_alikes(name),
        )
    assert name_keys_renew(client) >= 1
    stored = client.query(
        "select Participant { name, name_key } filter .meeting.url_code = <str>$code",
        code=meeting.url_code,
    )
    keys = {row.name: row.name_key for row in stored}
    assert keys == {
        "Tom": participant_name_key("Tom"),
        "Bob": participant_name_key("Bob"),
        CYRILLIC_TOM: "t\u043em",
    }
    assert name_keys_renew(client) == 0  # a second run finds nothing to do
    with pytest.raises(ParticipantNameTaken):
        services.participant_create(repo=repo, url_code=meeting.url_code, name="T\u03bfm")
