"""One contract, every store (memory, MySQL, Gel): a deleted meeting's tombstone, and the
decision's sequence (the calendar file's SEQUENCE)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from meetings import domain, services
from meetings.domain import FinalDecision, Meeting
from meetings.repositories import MeetingRepository

DAY = date(2026, 3, 30)


def _ranged(repo: MeetingRepository) -> Meeting:
    return services.meeting_create(
        repo=repo, title="Retro", location="", start_date=DAY, end_date=DAY + timedelta(days=3)
    )


def test_a_deleted_meeting_leaves_a_tombstone_only_for_its_code(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    other = _ranged(repo)
    assert not repo.meeting_deleted(url_code=meeting.url_code)
    repo.meeting_delete(url_code=meeting.url_code)
    assert repo.meeting_deleted(url_code=meeting.url_code)
    with pytest.raises(domain.MeetingNotFound):  # still not found for every read
        repo.meeting_get(url_code=meeting.url_code)
    assert not repo.meeting_deleted(url_code=other.url_code)
    assert not repo.meeting_deleted(url_code=domain.url_code_new())  # never there
    assert not repo.meeting_deleted(url_code=meeting.url_code.swapcase())
    for bad in ("nope", "x" * 500, "a/b", "%00"):
        assert not repo.meeting_deleted(url_code=bad)


def test_tombstones_are_forgotten_after_the_cutoff(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    repo.meeting_delete(url_code=meeting.url_code)
    past = datetime.now(UTC) - timedelta(days=1)
    assert repo.tombstones_forget(deleted_before=past) == 0
    assert repo.meeting_deleted(url_code=meeting.url_code)
    assert repo.tombstones_forget(deleted_before=datetime.now(UTC) + timedelta(minutes=5)) >= 1
    assert not repo.meeting_deleted(url_code=meeting.url_code)


def test_the_purge_forgets_old_tombstones_only(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    repo.meeting_delete(url_code=meeting.url_code)
    services.meetings_purge(repo=repo, retention_days=90)  # deleted moments ago: kept
    assert repo.meeting_deleted(url_code=meeting.url_code)
    later = datetime.now(UTC) + timedelta(days=91)
    services.meetings_purge(repo=repo, retention_days=90, now=later, url_codes=["x" * 22])
    assert repo.meeting_deleted(url_code=meeting.url_code)  # a chosen purge keeps them
    services.meetings_purge(repo=repo, retention_days=90, now=later)
    assert not repo.meeting_deleted(url_code=meeting.url_code)


def test_each_decision_counts_in_the_sequence(repo: MeetingRepository) -> None:
    meeting = _ranged(repo)
    code = meeting.url_code
    first = repo.meeting_set_final(url_code=code, final=FinalDecision(DAY))
    assert first.final is not None
    assert first.final.sequence == 0
    assert repo.meeting_get(url_code=code).final == first.final
    moved = repo.meeting_set_final(url_code=code, final=FinalDecision(DAY + timedelta(days=1)))
    assert moved.final is not None
    assert moved.final.sequence == 1
    reopened = repo.meeting_set_final(url_code=code, final=None)
    assert reopened.final is None
    again = repo.meeting_set_final(url_code=code, final=FinalDecision(DAY))
    assert again.final is not None
    assert again.final.sequence == 2
    assert repo.meeting_get(url_code=code).final == again.final
    other = repo.meeting_set_final(url_code=_ranged(repo).url_code, final=FinalDecision(DAY))
    assert other.final is not None
    assert other.final.sequence == 0
