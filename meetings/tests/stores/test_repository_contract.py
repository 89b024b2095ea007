"""One contract, every store: each test runs against every entry of REPOSITORY_FACTORIES."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from meetings import domain, services
from meetings.domain import DateAction, Mark, Meeting, TimeWindow
from meetings.repositories import MeetingRepository

START, END = date(2026, 3, 30), date(2026, 4, 2)  # four dates across a month boundary


def _meeting(repo: MeetingRepository, **kwargs: object) -> Meeting:
    return services.meeting_create(repo=repo, title="Retro", location="Room 1", **kwargs)  # type: ignore[arg-type]


def _ranged(repo: MeetingRepository) -> Meeting:
    return _meeting(repo, start_date=START, end_date=END)


def _missing_id(repo: MeetingRepository) -> int | str:
    """An id of the store's kind that names nothing."""
    return "00000000-0000-4000-8000-000000000000" if repo.id_kind == "uuid" else 987654321


def test_create_then_get(repo: MeetingRepository) -> None:
    created = _meeting(repo)
    assert domain.url_code_is_well_formed(created.url_code)
    got = repo.meeting_get(url_code=created.url_code)
    assert got == created
    assert (got.title, got.location, got.start_date, got.end_date) == (
        "Retro",
        "Room 1",
        None,
        None,
    )
    assert got.participants == ()
    assert got.best_dates == ()


def test_url_code_taken(repo: MeetingRepository) -> None:
    created = _meeting(repo)
    with pytest.raises(domain.UrlCodeTaken):
        repo.meeting_create(url_code=created.url_code, title="", location="")


def test_url_codes_are_case_sensitive(repo: MeetingRepository) -> None:
    created = _meeting(repo)
    swapped = created.url_code.swapcase()
    if swapped == created.url_code:  # all digits: vanishingly unlikely
        pytest.skip("url code has no letters")
    with pytest.raises(domain.MeetingNotFound):
        repo.meeting_get(url_code=swapped)
    other = repo.meeting_create(url_code=swapped, title="other", location="")
    assert repo.meeting_get(url_code=swapped) == other


@pytest.mark.parametrize("code", ["nope", "0" * 22, "x" * 500, "a/b", "%00", " " * 22])
def test_unknown_meeting(repo: MeetingRepository, code: str) -> None:
    with pytest.raises(domain.MeetingNotFound):
        repo.meeting_get(url_code=code)
    with pytest.raises(domain.MeetingNotFound):
        repo.meeting_version(url_code=code)
    with pytest.raises(domain.MeetingNotFound):
        repo.meeting_set_title(url_code=code, title="x")
    with pytest.raises(domain.MeetingNotFound):
        repo.meeting_set_date_range(url_code=code, start_date=START, end_date=END)


def test_version_increases_with_every_change(repo: MeetingRepository) -> None:
    meeting = _meeting(repo)
    versions = [meeting.version]
    meeting = repo.meeting_set_title(url_code=meeting.url_code, title="New")
    versions.append(meeting.version)
    meeting = repo.meeting_set_title(url_code=meeting.url_code, title="New")  # same value
    versions.append(meeting.version)
    meeting = repo.meeting_set_location(url_code=meeting.url_code, location="There")
    versions.append(meeting.version)
    meeting = repo.meeting_set_date_range(url_code=meeting.url_code, start_date=START, end_date=END)
    versions.append(meeting.version)
    participant, meeting = repo.participant_create(url_code=meeting.url_code, name="Ann")
    versions.append(meeting.version)
    meeting = repo.participant_date_mark(
        url_code=meeting.url_code,
        participant_date_id=participant.dates[0].id,
        action=DateAction.OFF,
    )
    versions.append(meeting.version)
    meeting = repo.participant_delete(url_code=meeting.url_code, participant_id=participant.id)
    versions.append(meeting.version)
    assert versions == sorted(set(versions))
    assert repo.meeting_version(url_code=meeting.url_code) == meeting.version


def test_title_and_location_answer_with_latest(repo: MeetingRepository) -> None:
    meeting = _meeting(repo)
    changed = repo.meeting_set_title(url_code=meeting.url_code, title="Planning")
    changed = repo.meeting_set_location(url_code=meeting.url_code, location="Busan")
    assert (changed.title, changed.location) == ("Planning", "Busan")
    assert repo.meeting_get(url_code=meeting.url_code) == changed


def test_date_range_is_set_once(repo: MeetingRepository) -> None:
    meeting = _meeting(repo)
    changed = repo.meeting_set_date_range(url_code=meeting.url_code, start_date=START, end_date=END)
    assert (changed.start_date, changed.end_date) == (START, END)
    with pytest.raises(domain.DateRangeAlreadySet) as error:
        repo.meeting_set_date_range(
            url_code=meeting.url_code, start_date=date(2027, 1, 1), end_date=date(2027, 1, 2)
        )
    assert error.value.message == (
        f"meeting: {meeting.url_code} start: 2026-03-30 end: 2026-04-02 are already set"
    )
    assert repo.meeting_get(url_code=meeting.url_code) == changed


def test_join_needs_date_range(repo: MeetingRepository) -> None:
    meeting = _meeting(repo)
    with pytest.raises(domain.DateRangeNotSet):
        repo.participant_create(url_code=meeting.url_code, name="Ann")
    assert repo.meeting_get(url_code=meeting.url_code) == meeting


def test_join_gives_one_free_row_per_date(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    participant, latest = repo.participant_create(url_code=meeting.url_code, name="Ann")
    assert participant.name == "Ann"
    assert [row.date for row in participant.dates] == domain.dates_between(START, END)
    assert all(row.enabled and not row.starred for row in participant.dates)
    assert latest.participants == (participant,)
    assert latest.best_dates == (date(2026, 3, 30), date(2026, 3, 31), date(2026, 4, 1))
    assert repo.meeting_get(url_code=meeting.url_code) == latest


def test_join_with_the_longest_range(repo: MeetingRepository) -> None:
    meeting = _meeting(repo, start_date=date(2026, 1, 1), end_date=date(2026, 3, 4))
    participant, _ = repo.participant_create(url_code=meeting.url_code, name="Ann")
    assert len(participant.dates) == 63


def test_participants_in_join_order(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    for name in ["Zed", "amy", "Bob"]:
        _, latest = repo.participant_create(url_code=meeting.url_code, name=name)
    assert [p.name for p in latest.participants] == ["Zed", "amy", "Bob"]


@pytest.mark.parametrize("taken", ["ANN", "ann", "Ann"])
def test_names_are_unique_ignoring_case(repo: MeetingRepository, taken: str) -> None:
    meeting = _ranged(repo)
    _, before = repo.participant_create(url_code=meeting.url_code, name="Ann")
    with pytest.raises(domain.ParticipantNameTaken) as error:
        repo.participant_create(url_code=meeting.url_code, name=taken)
    assert error.value.message == f"participant with name: {taken} already exists"
    assert repo.meeting_get(url_code=meeting.url_code) == before


def test_names_whose_key_grows_under_nfkc(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    name = "\ufdfa" * 50  # each character is 18 once NFKC-normalised
    participant, _ = repo.participant_create(url_code=meeting.url_code, name=name)
    assert participant.name == name
    with pytest.raises(domain.ParticipantNameTaken):
        repo.participant_create(url_code=meeting.url_code, name=name)
    _, latest = repo.participant_create(url_code=meeting.url_code, name="\ufdfa" * 49)
    assert len(latest.participants) == 2


def test_names_differing_in_accents_are_different(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    repo.participant_create(url_code=meeting.url_code, name="José")
    _, latest = repo.participant_create(url_code=meeting.url_code, name="Jose")
    assert [p.name for p in latest.participants] == ["José", "Jose"]


def test_same_name_in_two_meetings(repo: MeetingRepository) -> None:
    first, second = _ranged(repo), _ranged(repo)
    repo.participant_create(url_code=first.url_code, name="Ann")
    _, latest = repo.participant_create(url_code=second.url_code, name="Ann")
    assert [p.name for p in latest.participants] == ["Ann"]


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        ([DateAction.OFF], (False, False)),
        ([DateAction.STAR], (True, True)),
        ([DateAction.STAR, DateAction.OFF], (False, False)),
        ([DateAction.OFF, DateAction.STAR], (True, True)),
        ([DateAction.STAR, DateAction.UNSTAR], (True, False)),
        ([DateAction.STAR, DateAction.ON], (True, True)),
        ([DateAction.OFF, DateAction.ON], (True, False)),
        ([DateAction.ON, DateAction.ON], (True, False)),
    ],
)
def test_marking_dates(
    repo: MeetingRepository, actions: list[DateAction], expected: tuple[bool, bool]
) -> None:
    meeting = _ranged(repo)
    participant, _ = repo.participant_create(url_code=meeting.url_code, name="Ann")
    target = participant.dates[1]
    for action in actions:
        latest = repo.participant_date_mark(
            url_code=meeting.url_code, participant_date_id=target.id, action=action
        )
    rows = {row.id: row for row in latest.participants[0].dates}
    assert (rows[target.id].enabled, rows[target.id].starred) == expected
    others = [row for row in latest.participants[0].dates if row.id != target.id]
    assert all(row.enabled and not row.starred for row in others)
    assert repo.meeting_get(url_code=meeting.url_code) == latest


def test_marking_updates_best_dates(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    ann, _ = repo.participant_create(url_code=meeting.url_code, name="Ann")
    bob, _ = repo.participant_create(url_code=meeting.url_code, name="Bob")
    repo.participant_date_mark(
        url_code=meeting.url_code, participant_date_id=ann.dates[0].id, action=DateAction.OFF
    )
    latest = repo.participant_date_mark(
        url_code=meeting.url_code, participant_date_id=bob.dates[3].id, action=DateAction.STAR
    )
    assert latest.best_dates == (date(2026, 4, 2), date(2026, 3, 31), date(2026, 4, 1))


# --- unanswered is its own state ----------------------------------------------------------


def _answer(
    repo: MeetingRepository, meeting: Meeting, who: domain.Participant, how: str
) -> Meeting:
    """One change of ``who``'s own marks, the way ``how`` names."""
    if how == "date_mark":
        return repo.participant_date_mark(
            url_code=meeting.url_code, participant_date_id=who.dates[1].id, action=DateAction.OFF
        )
    if how == "marks":
        return repo.participant_marks(
            url_code=meeting.url_code,
            participant_id=who.id,
            marks=[Mark(who.dates[1].date, DateAction.STAR, None)],
        )
    assert how == "all_free"  # marks that change nothing answer all the same
    return repo.participant_marks(
        url_code=meeting.url_code,
        participant_id=who.id,
        marks=domain.all_free_marks(meeting.dates()),
    )


@pytest.mark.parametrize("timed", [False, True], ids=["dates-only", "timed"])
@pytest.mark.parametrize("how", ["date_mark", "marks", "all_free"])
def test_a_participant_answers_with_its_first_change_of_its_marks(
    repo: MeetingRepository, how: str, timed: bool
) -> None:
    meeting = _meeting(repo, start_date=START, end_date=END, window=WINDOW if timed else None)
    ann, _ = repo.participant_create(url_code=meeting.url_code, name="Ann")
    bob, joined = repo.participant_create(url_code=meeting.url_code, name="Bob")
    assert (ann.answered, bob.answered) == (False, False)
    assert [p.answered for p in joined.participants] == [False, False]
    # Unanswered rows still read free everywhere, but nothing counts them.
    assert all(row.enabled for row in joined.participants[0].dates)
    assert joined.best_dates == (START, date(2026, 3, 31), date(2026, 4, 1))  # date order
    assert joined.best_times == (() if timed else None)
    answered = _answer(repo, joined, ann, how)
    assert answered.version == joined.version + 1  # the ETag moves, also when no mark changed
    assert [p.answered for p in answered.participants] == [True, False]
    assert repo.meeting_get(url_code=meeting.url_code) == answered
    assert domain.free_counts(answered)[START] == 1  # Ann only: Bob has not answered
    if how == "all_free":
        assert answered.participants[0].dates == joined.participants[0].dates
        assert answered.best_dates == (START, date(2026, 3, 31), date(2026, 4, 1))
    if timed and answered.best_times:
        assert {run.of for run in answered.best_times} == {1}
    again = _answer(repo, answered, ann, how)  # answered stays answered
    assert [p.answered for p in again.participants] == [True, False]


def test_answered_participants_alone_rank_the_best_dates(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    ann, _ = repo.participant_create(url_code=meeting.url_code, name="Ann")
    repo.participant_create(url_code=meeting.url_code, name="Bob")  # joins, walks away
    latest = repo.participant_marks(
        url_code=meeting.url_code,
        participant_id=ann.id,
        marks=[Mark(START, DateAction.OFF, None), Mark(END, DateAction.STAR, None)],
    )
    # Bob would make every date "free" for one more: he counts nowhere.
    assert latest.best_dates == (END, date(2026, 3, 31), date(2026, 4, 1))
    assert domain.free_counts(latest) == {
        START: 0,
        date(2026, 3, 31): 1,
        date(2026, 4, 1): 1,
        END: 1,
    }


def test_a_refused_change_does_not_answer(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    ann, joined = repo.participant_create(url_code=meeting.url_code, name="Ann")
    with pytest.raises(domain.InvalidMark):
        repo.participant_marks(
            url_code=meeting.url_code,
            participant_id=ann.id,
            marks=[Mark(START, DateAction.OFF, None), Mark(date(2027, 1, 1), DateAction.ON, None)],
        )
    after = repo.meeting_get(url_code=meeting.url_code)
    assert [p.answered for p in after.participants] == [False]
    assert after.version == joined.version


def test_date_of_another_meeting_is_not_found(repo: MeetingRepository) -> None:
    mine, theirs = _ranged(repo), _ranged(repo)
    repo.participant_create(url_code=mine.url_code, name="Ann")
    other, before = repo.participant_create(url_code=theirs.url_code, name="Eve")
    with pytest.raises(domain.ParticipantDateNotFound) as error:
        repo.participant_date_mark(
            url_code=mine.url_code, participant_date_id=other.dates[0].id, action=DateAction.OFF
        )
    assert error.value.message == f"participant_date with id: {other.dates[0].id} not found"
    assert repo.meeting_get(url_code=theirs.url_code) == before


def test_mark_unknown_meeting_is_reported_before_the_date(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    participant, _ = repo.participant_create(url_code=meeting.url_code, name="Ann")
    with pytest.raises(domain.MeetingNotFound):
        repo.participant_date_mark(
            url_code="0" * 22, participant_date_id=participant.dates[0].id, action=DateAction.OFF
        )


def test_delete_participant_removes_its_dates(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    ann, _ = repo.participant_create(url_code=meeting.url_code, name="Ann")
    bob, _ = repo.participant_create(url_code=meeting.url_code, name="Bob")
    latest = repo.participant_delete(url_code=meeting.url_code, participant_id=ann.id)
    assert [p.name for p in latest.participants] == ["Bob"]
    assert latest.participants[0] == bob
    with pytest.raises(domain.ParticipantNotFound):
        repo.participant_delete(url_code=meeting.url_code, participant_id=ann.id)
    with pytest.raises(domain.ParticipantDateNotFound):
        repo.participant_date_mark(
            url_code=meeting.url_code, participant_date_id=ann.dates[0].id, action=DateAction.ON
        )
    # The name is free again.
    _, again = repo.participant_create(url_code=meeting.url_code, name="ann")
    assert [p.name for p in again.participants] == ["Bob", "ann"]


def test_failed_changes_leave_version_alone(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    repo.participant_create(url_code=meeting.url_code, name="Ann")
    version = repo.meeting_version(url_code=meeting.url_code)
    with pytest.raises(domain.ParticipantNameTaken):
        repo.participant_create(url_code=meeting.url_code, name="ann")
    with pytest.raises(domain.ParticipantDateNotFound):
        repo.participant_date_mark(
            url_code=meeting.url_code, participant_date_id=_missing_id(repo), action=DateAction.ON
        )
    with pytest.raises(domain.DateRangeAlreadySet):
        repo.meeting_set_date_range(url_code=meeting.url_code, start_date=START, end_date=END)
    assert repo.meeting_version(url_code=meeting.url_code) == version


# --- keys and access (issue "who may change what") ---------------------------------------------


def test_access_names_the_participant_and_its_key(repo: MeetingRepository) -> None:
    meeting = _meeting(repo, start_date=START, end_date=END, organizer_key="o" * 32)
    ann, _ = repo.participant_create(
        url_code=meeting.url_code, name="Ann", key_digest=domain.key_digest("a" * 32)
    )
    access = repo.meeting_access(url_code=meeting.url_code, participant_id=ann.id)
    assert access.editing is domain.Editing.PROTECTED
    assert access.organizer_key_digest == domain.key_digest("o" * 32)
    assert str(access.participant_id) == str(ann.id)
    assert access.participant_key_digest == domain.key_digest("a" * 32)
    by_date = repo.meeting_access(url_code=meeting.url_code, participant_date_id=ann.dates[2].id)
    assert str(by_date.participant_id) == str(ann.id)
    assert (by_date.start_date, by_date.end_date, by_date.window) == (START, END, None)
    with pytest.raises(domain.ParticipantNotFound):
        repo.meeting_access(url_code=meeting.url_code, participant_id=_missing_id(repo))
    with pytest.raises(domain.ParticipantDateNotFound):
        repo.meeting_access(url_code=meeting.url_code, participant_date_id=_missing_id(repo))
    other = _ranged(repo)
    with pytest.raises(domain.ParticipantNotFound):  # another meeting's participant
        repo.meeting_access(url_code=other.url_code, participant_id=ann.id)
    with pytest.raises(domain.MeetingNotFound):
        repo.meeting_access(url_code="Q" * 22, participant_id=ann.id)


def test_delete_is_scoped_to_its_meeting(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    other = _ranged(repo)
    ann, _ = repo.participant_create(url_code=meeting.url_code, name="Ann")
    with pytest.raises(domain.ParticipantNotFound):
        repo.participant_delete(url_code=other.url_code, participant_id=ann.id)
    assert [p.name for p in repo.meeting_get(url_code=meeting.url_code).participants] == ["Ann"]


# --- timed meetings ----------------------------------------------------------------------------

WINDOW = TimeWindow(540, 660, 30, "Asia/Seoul")  # 09:00-11:00: 4 slots


def test_a_timed_range_and_its_participants(repo: MeetingRepository) -> None:
    meeting = _meeting(repo)
    timed = repo.meeting_set_date_range(
        url_code=meeting.url_code, start_date=START, end_date=END, window=WINDOW
    )
    assert timed.window == WINDOW
    ann, joined = repo.participant_create(url_code=meeting.url_code, name="Ann")
    assert [row.slots for row in ann.dates] == ["1111"] * 4
    assert repo.meeting_get(url_code=meeting.url_code) == joined
    assert joined.best_times == ()  # nobody answered yet: no best times
    marked = repo.participant_marks(
        url_code=meeting.url_code, participant_id=ann.id, marks=[Mark(END, DateAction.OFF, None)]
    )
    assert marked.best_times is not None
    assert marked.best_times[0].day == START
    assert (marked.best_times[0].free, marked.best_times[0].of) == (1, 1)
    access = repo.meeting_access(url_code=meeting.url_code)
    assert access.window == WINDOW
    created = _meeting(repo, start_date=START, end_date=END, window=WINDOW)
    assert repo.meeting_get(url_code=created.url_code).window == WINDOW


def test_marks_are_one_change_on_timed_meetings(repo: MeetingRepository) -> None:
    meeting = _meeting(repo)
    repo.meeting_set_date_range(
        url_code=meeting.url_code, start_date=START, end_date=END, window=WINDOW
    )
    ann, before = repo.participant_create(url_code=meeting.url_code, name="Ann")
    after = repo.participant_marks(
        url_code=meeting.url_code,
        participant_id=ann.id,
        marks=[
            Mark(START, DateAction.OFF, range(0, 2)),
            Mark(START, DateAction.STAR, range(3, 4)),
            Mark(END, DateAction.OFF, None),
        ],
    )
    assert after.version == before.version + 1
    rows = after.participants[0].dates
    assert [row.slots for row in rows] == ["0012", "1111", "1111", "0000"]
    assert [(row.enabled, row.starred) for row in rows] == [
        (True, True),
        (True, False),
        (True, False),
        (False, False),
    ]
    # The per-date action marks every slot of the date.
    whole = repo.participant_date_mark(
        url_code=meeting.url_code, participant_date_id=rows[1].id, action=DateAction.STAR
    )
    assert whole.participants[0].dates[1].slots == "2222"
    assert repo.meeting_get(url_code=meeting.url_code) == whole


def test_marks_on_dates_only_meetings(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    ann, _ = repo.participant_create(url_code=meeting.url_code, name="Ann")
    after = repo.participant_marks(
        url_code=meeting.url_code,
        participant_id=ann.id,
        marks=[Mark(START, DateAction.OFF, None), Mark(END, DateAction.STAR, None)],
    )
    rows = after.participants[0].dates
    assert [(row.enabled, row.starred, row.slots) for row in rows] == [
        (False, False, None),
        (True, False, None),
        (True, False, None),
        (True, True, None),
    ]


def test_marks_of_another_meetings_participant_change_nothing(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    other = _ranged(repo)
    ann, stored = repo.participant_create(url_code=meeting.url_code, name="Ann")
    with pytest.raises(domain.ParticipantNotFound):
        repo.participant_marks(
            url_code=other.url_code,
            participant_id=ann.id,
            marks=[Mark(START, DateAction.OFF, None)],
        )
    with pytest.raises(domain.MeetingNotFound):
        repo.participant_marks(
            url_code="Q" * 22, participant_id=ann.id, marks=[Mark(START, DateAction.OFF, None)]
        )
    assert repo.meeting_get(url_code=meeting.url_code) == stored


# --- the decision, deleting and forgetting ------------------------------------------------------


def test_a_decision_is_stored_and_closes_the_meeting(repo: MeetingRepository) -> None:
    window = TimeWindow(540, 720, 30, "Asia/Seoul")
    meeting = _meeting(repo, start_date=START, end_date=END, window=window)
    assert not repo.meeting_access(url_code=meeting.url_code).closed
    decided_at = datetime(2026, 12, 3, 10, 30, 5, tzinfo=UTC)
    final = domain.FinalDecision(date(2026, 3, 31), 600, 690, "두 줄\nnote", decided_at)
    closed = repo.meeting_set_final(url_code=meeting.url_code, final=final)
    assert closed.final == final
    assert closed.version == meeting.version + 1
    assert repo.meeting_get(url_code=meeting.url_code) == closed
    assert repo.meeting_access(url_code=meeting.url_code).closed
    reopened = repo.meeting_set_final(url_code=meeting.url_code, final=None)
    assert reopened.final is None
    assert reopened.version == closed.version + 1
    assert not repo.meeting_access(url_code=meeting.url_code).closed
    all_day = domain.FinalDecision(START, note="", decided_at=decided_at)
    dates_only = _ranged(repo)
    assert repo.meeting_set_final(url_code=dates_only.url_code, final=all_day).final == all_day
    with pytest.raises(domain.MeetingNotFound):
        repo.meeting_set_final(url_code="Z" * 22, final=all_day)


@pytest.mark.parametrize("timed", [False, True], ids=["dates-only", "timed"])
def test_a_closed_meeting_refuses_joins_and_marks_in_the_store(
    repo: MeetingRepository, timed: bool
) -> None:
    """The store itself refuses, under its lock or in its statement, what a decision made after
    the services' check closed (issue 19, item 1): nothing changes, the version stays."""
    window = TimeWindow(540, 660, 30, "Asia/Seoul") if timed else None
    meeting = _meeting(repo, start_date=START, end_date=END, window=window)
    ann, _ = repo.participant_create(url_code=meeting.url_code, name="Ann")
    final = domain.FinalDecision(START, 540, 600) if timed else domain.FinalDecision(START)
    closed = repo.meeting_set_final(url_code=meeting.url_code, final=final)
    row = closed.participants[0].dates[1]
    with pytest.raises(domain.MeetingClosed):
        repo.participant_create(url_code=meeting.url_code, name="Bob")
    with pytest.raises(domain.MeetingClosed):
        repo.participant_marks(
            url_code=meeting.url_code,
            participant_id=ann.id,
            marks=[Mark(END, DateAction.OFF, None)],
        )
    with pytest.raises(domain.MeetingClosed):
        repo.participant_date_mark(
            url_code=meeting.url_code, participant_date_id=row.id, action=DateAction.OFF
        )
    assert repo.meeting_get(url_code=meeting.url_code) == closed
    # Reopened, the same changes go through.
    repo.meeting_set_final(url_code=meeting.url_code, final=None)
    repo.participant_create(url_code=meeting.url_code, name="Bob")
    marked = repo.participant_date_mark(
        url_code=meeting.url_code, participant_date_id=row.id, action=DateAction.OFF
    )
    assert not marked.participants[0].dates[1].enabled


def test_a_full_meeting_refuses_the_next_join(repo: MeetingRepository) -> None:
    """The cap on participants is counted by the store with the insert (issue 19, item 11)."""
    meeting = _ranged(repo)
    for name in ("Ann", "Bob"):
        repo.participant_create(url_code=meeting.url_code, name=name, max_participants=2)
    full = repo.meeting_get(url_code=meeting.url_code)
    with pytest.raises(domain.MeetingFull) as refused:
        repo.participant_create(url_code=meeting.url_code, name="Cy", max_participants=2)
    assert refused.value.message == "this meeting is full: it has 2 participants, the most allowed"
    assert repo.meeting_get(url_code=meeting.url_code) == full
    repo.participant_create(url_code=meeting.url_code, name="Cy", max_participants=3)
    assert len(repo.meeting_get(url_code=meeting.url_code).participants) == 3


def test_meeting_delete_removes_it_and_nothing_else(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    repo.participant_create(url_code=meeting.url_code, name="Ann")
    other = _ranged(repo)
    repo.participant_create(url_code=other.url_code, name="Ann")
    other_before = repo.meeting_get(url_code=other.url_code)
    repo.meeting_delete(url_code=meeting.url_code)
    with pytest.raises(domain.MeetingNotFound):
        repo.meeting_get(url_code=meeting.url_code)
    with pytest.raises(domain.MeetingNotFound):
        repo.meeting_delete(url_code=meeting.url_code)
    with pytest.raises(domain.MeetingNotFound):
        repo.meeting_delete(url_code="bad code")
    assert repo.meeting_get(url_code=other.url_code) == other_before


def test_expired_meetings_are_quiet_and_past_or_dateless(repo: MeetingRepository) -> None:
    """With cutoffs in the future, meetings made now count as old once their last change is
    before the second cutoff: with dates, only when the last one is before the first cutoff."""
    now = datetime.now(UTC)
    soon = (now + timedelta(days=30)).date()
    ended = _meeting(repo, start_date=now.date(), end_date=now.date())
    later = _meeting(repo, start_date=soon, end_date=soon + timedelta(days=1))
    dateless = _meeting(repo)
    repo.participant_create(url_code=ended.url_code, name="Ann")
    dated_before = now.date() + timedelta(days=1)
    ours = sorted({ended.url_code, later.url_code, dateless.url_code})
    # Changed after the cutoff: nothing goes, past dates or not.
    recent = {"dated_before": dated_before, "changed_before": now - timedelta(minutes=5)}
    assert repo.meetings_expired_delete(**recent, limit=10, url_codes=ours) == 0  # type: ignore[arg-type]
    quiet = {"dated_before": dated_before, "changed_before": now + timedelta(minutes=5)}
    assert repo.meetings_expired_count(**quiet) >= 2  # type: ignore[arg-type]
    assert repo.meetings_expired_delete(**quiet, limit=10, url_codes=ours) == 2  # type: ignore[arg-type]
    for gone in (ended, dateless):
        with pytest.raises(domain.MeetingNotFound):
            repo.meeting_get(url_code=gone.url_code)
    assert repo.meeting_get(url_code=later.url_code).title == "Retro"  # its dates are ahead
    assert repo.meetings_expired_delete(**quiet, limit=10, url_codes=[]) == 0  # type: ignore[arg-type]


def test_expired_deletes_at_most_the_limit(repo: MeetingRepository) -> None:
    past = date(2020, 1, 1)
    codes = [_meeting(repo, start_date=past, end_date=past).url_code for _ in range(3)]
    soon = datetime.now(UTC) + timedelta(minutes=5)
    cutoffs = {"dated_before": date(2020, 1, 2), "changed_before": soon}
    assert repo.meetings_expired_delete(**cutoffs, limit=2, url_codes=codes) == 2  # type: ignore[arg-type]
    assert repo.meetings_expired_delete(**cutoffs, limit=2, url_codes=codes) == 1  # type: ignore[arg-type]
    assert repo.meetings_expired_delete(**cutoffs, limit=2, url_codes=codes) == 0  # type: ignore[arg-type]


def _hash_of(repo: MeetingRepository, code: str, participant_id: object) -> str | None:
    access = repo.meeting_access(url_code=code, participant_id=participant_id)  # type: ignore[arg-type]
    return access.participant_password_hash


def test_a_password_hash_is_kept_for_its_row_only(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    code = meeting.url_code
    ann, _ = repo.participant_create(url_code=code, name="Ann", key_digest="a" * 64)
    bob, before = repo.participant_create(url_code=code, name="Bob", key_digest="b" * 64)
    assert _hash_of(repo, code, ann.id) is None

    repo.participant_set_password(url_code=code, participant_id=ann.id, password_hash="hash:ann")
    access = repo.meeting_access(url_code=code, participant_id=ann.id)
    assert access.participant_password_hash == "hash:ann"
    by_date = repo.meeting_access(url_code=code, participant_date_id=ann.dates[0].id)
    assert by_date.participant_password_hash == "hash:ann"
    assert _hash_of(repo, code, bob.id) is None
    assert repo.meeting_access(url_code=code).participant_password_hash is None
    # Nothing an answer shows changed: the version stays, the snapshot is the same.
    assert repo.meeting_get(url_code=code) == before
    assert "hash:ann" not in repr(repo.meeting_get(url_code=code))
    assert "hash:ann" not in repr(access)

    repo.participant_set_password(url_code=code, participant_id=ann.id, password_hash="hash:new")
    assert _hash_of(repo, code, ann.id) == "hash:new"
    repo.participant_set_password(url_code=code, participant_id=ann.id, password_hash=None)
    assert _hash_of(repo, code, ann.id) is None


def test_a_password_goes_only_to_this_meetings_participant(repo: MeetingRepository) -> None:
    one, other = _ranged(repo), _ranged(repo)
    theirs, _ = repo.participant_create(url_code=other.url_code, name="Cy", key_digest="c" * 64)
    with pytest.raises(domain.ParticipantNotFound):
        repo.participant_set_password(
            url_code=one.url_code, participant_id=theirs.id, password_hash="hash:x"
        )
    for missing in (_missing_id(repo), "garbage", -1):
        with pytest.raises(domain.ParticipantNotFound):
            repo.participant_set_password(
                url_code=one.url_code, participant_id=missing, password_hash="hash:x"
            )
    with pytest.raises(domain.MeetingNotFound):
        repo.participant_set_password(
            url_code="0" * 22, participant_id=theirs.id, password_hash="hash:x"
        )
    access = repo.meeting_access(url_code=other.url_code, participant_id=theirs.id)
    assert access.participant_password_hash is None


def test_a_removed_participant_takes_its_password_along(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    code = meeting.url_code
    ann, _ = repo.participant_create(url_code=code, name="Ann", key_digest="a" * 64)
    repo.participant_set_password(url_code=code, participant_id=ann.id, password_hash="hash:ann")
    repo.participant_delete(url_code=code, participant_id=ann.id)
    again, _ = repo.participant_create(url_code=code, name="Ann", key_digest="d" * 64)
    access = repo.meeting_access(url_code=code, participant_id=again.id)
    assert access.participant_password_hash is None
