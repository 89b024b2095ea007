"""Key checks a concurrent change invalidates (issue 19, item 1), on every store.

A keyed change reads the meeting's access, judges the key, then writes. What the judgement
relied on (the editing mode, the organizer key, the row's password) may change in between:
staff re-issue the organizer key, the organizer protects the meeting, the participant sets a
new password. The store is handed what the check saw (``AccessSeen``) and writes only while it
still holds; the services then judge again, so the answer is the one the new state gives.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from meetings import domain, services
from meetings.domain import AccessSeen, DateAction, Editing, Mark, Meeting
from meetings.repositories import MeetingRepository

START, END = date(2026, 3, 30), date(2026, 4, 2)
WINDOW = services.time_window(
    start_time="09:00", end_time="11:00", slot_minutes=30, time_zone="Asia/Seoul"
)
ORGANIZER_KEY = "organizer-key-" + "o" * 30
PARTICIPANT_KEY = "participant-key-" + "p" * 30
PASSWORD = "correct horse battery"

# One keyed write of the store, given the meeting, its participant and what the check saw.
Write = Callable[[MeetingRepository, Meeting, domain.Participant, AccessSeen], object]


def _setting_up(repo: MeetingRepository, *, timed: bool = False, ranged: bool = True) -> Meeting:
    meeting = services.meeting_create(
        repo=repo,
        title="Retro",
        start_date=START if ranged else None,
        end_date=END if ranged else None,
        window=WINDOW if timed else None,
        organizer_key=ORGANIZER_KEY,
    )
    if ranged:
        services.participant_create(
            repo=repo, url_code=meeting.url_code, name="Ann", participant_key=PARTICIPANT_KEY
        )
    return repo.meeting_get(url_code=meeting.url_code)


def _final(day: date) -> domain.FinalDecision:
    return domain.final_check(day=day, start=None, end=None, note="", dates=[day], window=None)


MEETING_WRITES: dict[str, Write] = {
    "title": lambda repo, m, p, seen: repo.meeting_set_title(
        url_code=m.url_code, title="Changed", seen=seen
    ),
    "location": lambda repo, m, p, seen: repo.meeting_set_location(
        url_code=m.url_code, location="Elsewhere", seen=seen
    ),
    "editing": lambda repo, m, p, seen: repo.meeting_set_editing(
        url_code=m.url_code, editing=Editing.OPEN, seen=seen
    ),
    "final": lambda repo, m, p, seen: repo.meeting_set_final(
        url_code=m.url_code, final=_final(START), seen=seen
    ),
    "delete": lambda repo, m, p, seen: repo.meeting_delete(url_code=m.url_code, seen=seen),
    "schedule": lambda repo, m, p, seen: repo.meeting_set_schedule(
        url_code=m.url_code, schedule=domain.Schedule(START, START), seen=seen
    ),
}
ROW_WRITES: dict[str, Write] = {
    "participant_delete": lambda repo, m, p, seen: repo.participant_delete(
        url_code=m.url_code, participant_id=p.id, seen=seen
    ),
    "marks": lambda repo, m, p, seen: repo.participant_marks(
        url_code=m.url_code,
        participant_id=p.id,
        marks=[Mark(START, DateAction.OFF, None)],
        seen=seen,
    ),
    "date_mark": lambda repo, m, p, seen: repo.participant_date_mark(
        url_code=m.url_code, participant_date_id=p.dates[0].id, action=DateAction.OFF, seen=seen
    ),
}


def _key_reissued(repo: MeetingRepository, meeting: Meeting, who: domain.Participant) -> None:
    repo.meeting_set_organizer_key(
        url_code=meeting.url_code, organizer_key_digest=domain.key_digest("staff-" + "s" * 30)
    )


def _opened(repo: MeetingRepository, meeting: Meeting, who: domain.Participant) -> None:
    repo.meeting_set_editing(url_code=meeting.url_code, editing=Editing.OPEN)


def _new_password(repo: MeetingRepository, meeting: Meeting, who: domain.Participant) -> None:
    repo.participant_set_password(
        url_code=meeting.url_code, participant_id=who.id, password_hash="pbkdf2_sha256$x$y$z"
    )


MEETING_CHANGES = {"key reissued": _key_reissued, "editing changed": _opened}
ROW_CHANGES = {**MEETING_CHANGES, "new password": _new_password}


def _seen_then_changed(
    repo: MeetingRepository, change: Callable[..., None], *, timed: bool = False
) -> tuple[Meeting, domain.Participant, AccessSeen, Meeting]:
    """A meeting, its participant, what a check saw of them, and the meeting after ``change``."""
    meeting = _setting_up(repo, timed=timed)
    who = meeting.participants[0]
    seen = repo.meeting_access(url_code=meeting.url_code, participant_id=who.id).seen()
    change(repo, meeting, who)
    return meeting, who, seen, repo.meeting_get(url_code=meeting.url_code)


@pytest.mark.parametrize("change", MEETING_CHANGES)
@pytest.mark.parametrize("write", MEETING_WRITES)
def test_a_meeting_change_writes_nothing_once_its_access_changed(
    repo: MeetingRepository, write: str, change: str
) -> None:
    meeting, who, seen, changed = _seen_then_changed(repo, MEETING_CHANGES[change])
    with pytest.raises(domain.AccessChanged):
        MEETING_WRITES[write](repo, meeting, who, seen)
    assert repo.meeting_get(url_code=meeting.url_code) == changed  # the version too


@pytest.mark.parametrize("change", ROW_CHANGES)
@pytest.mark.parametrize("write", ROW_WRITES)
@pytest.mark.parametrize("timed", [False, True], ids=["dates-only", "timed"])
def test_a_row_change_writes_nothing_once_its_access_changed(
    repo: MeetingRepository, write: str, change: str, timed: bool
) -> None:
    meeting, who, seen, changed = _seen_then_changed(repo, ROW_CHANGES[change], timed=timed)
    with pytest.raises(domain.AccessChanged):
        ROW_WRITES[write](repo, meeting, who, seen)
    assert repo.meeting_get(url_code=meeting.url_code) == changed


@pytest.mark.parametrize("write", [*MEETING_WRITES, *ROW_WRITES])
def test_a_change_whose_access_held_is_written(repo: MeetingRepository, write: str) -> None:
    meeting = _setting_up(repo)
    who = meeting.participants[0]
    seen = repo.meeting_access(url_code=meeting.url_code, participant_id=who.id).seen()
    services.meeting_set_title(
        repo=repo, url_code=meeting.url_code, title="Meanwhile", key=ORGANIZER_KEY
    )  # changes the version, not the access
    {**MEETING_WRITES, **ROW_WRITES}[write](repo, meeting, who, seen)
    if write == "delete":
        with pytest.raises(domain.MeetingNotFound):
            repo.meeting_get(url_code=meeting.url_code)
    else:
        assert repo.meeting_get(url_code=meeting.url_code).version > meeting.version + 1


def test_a_date_range_is_not_set_once_its_access_changed(repo: MeetingRepository) -> None:
    meeting = _setting_up(repo, ranged=False)
    seen = repo.meeting_access(url_code=meeting.url_code).seen()
    _key_reissued(repo, meeting, None)  # type: ignore[arg-type]
    with pytest.raises(domain.AccessChanged):
        repo.meeting_set_date_range(
            url_code=meeting.url_code, start_date=START, end_date=END, seen=seen
        )
    assert repo.meeting_get(url_code=meeting.url_code).start_date is None
    fresh = repo.meeting_access(url_code=meeting.url_code).seen()
    set_now = repo.meeting_set_date_range(
        url_code=meeting.url_code, start_date=START, end_date=END, seen=fresh
    )
    assert set_now.start_date == START
    with pytest.raises(domain.DateRangeAlreadySet):  # set: said so, as before
        repo.meeting_set_date_range(
            url_code=meeting.url_code, start_date=START, end_date=END, seen=fresh
        )


def test_a_password_is_not_changed_once_another_was_set(repo: MeetingRepository) -> None:
    meeting = _setting_up(repo)
    who = meeting.participants[0]
    seen = repo.meeting_access(url_code=meeting.url_code, participant_id=who.id).seen()
    _new_password(repo, meeting, who)
    with pytest.raises(domain.AccessChanged):
        repo.participant_set_password(
            url_code=meeting.url_code, participant_id=who.id, password_hash=None, seen=seen
        )
    access = repo.meeting_access(url_code=meeting.url_code, participant_id=who.id)
    assert access.participant_password_hash == "pbkdf2_sha256$x$y$z"


# --- through the services: the change is judged again --------------------------------------


class Interleaved:
    """A store that runs ``meanwhile`` once, right after the first access read: another
    request's change landing between a use case's key check and its write."""

    def __init__(self, repo: MeetingRepository, meanwhile: Callable[[], object]) -> None:
        self._repo = repo
        self._meanwhile: Callable[[], object] | None = meanwhile

    def meeting_access(self, **kwargs: Any) -> domain.MeetingAccess:
        access = self._repo.meeting_access(**kwargs)
        if self._meanwhile is not None:
            meanwhile, self._meanwhile = self._meanwhile, None
            meanwhile()
        return access

    def __getattr__(self, name: str) -> Any:
        return getattr(self._repo, name)


def test_a_delete_racing_staffs_new_organizer_key_is_refused(repo: MeetingRepository) -> None:
    meeting = _setting_up(repo)
    racing = Interleaved(repo, lambda: _key_reissued(repo, meeting, None))  # type: ignore[arg-type]
    with pytest.raises(domain.KeyRefused):
        services.meeting_delete(repo=racing, url_code=meeting.url_code, key=ORGANIZER_KEY)
    assert repo.meeting_get(url_code=meeting.url_code).title == "Retro"  # still there


def test_a_title_racing_staffs_new_organizer_key_is_refused(repo: MeetingRepository) -> None:
    meeting = _setting_up(repo)
    racing = Interleaved(repo, lambda: _key_reissued(repo, meeting, None))  # type: ignore[arg-type]
    with pytest.raises(domain.KeyRefused):
        services.meeting_set_title(
            repo=racing,
            url_code=meeting.url_code,
            title="Hijacked",
            key=ORGANIZER_KEY,
        )
    assert repo.meeting_get(url_code=meeting.url_code).title == "Retro"


def test_marks_without_a_key_racing_protection_ask_for_one(repo: MeetingRepository) -> None:
    meeting = _setting_up(repo)
    services.meeting_set_editing(
        repo=repo, url_code=meeting.url_code, editing=Editing.OPEN, key=ORGANIZER_KEY
    )
    who = meeting.participants[0]
    protect = lambda: services.meeting_set_editing(  # noqa: E731
        repo=repo, url_code=meeting.url_code, editing=Editing.PROTECTED, key=ORGANIZER_KEY
    )
    before = repo.meeting_get(url_code=meeting.url_code).participants[0]
    with pytest.raises(domain.KeyRequired):
        services.participant_marks(
            repo=Interleaved(repo, protect),
            url_code=meeting.url_code,
            participant_id=who.id,
            marks=[services.MarkRequest(START, DateAction.OFF)],
            key=None,
        )
    assert repo.meeting_get(url_code=meeting.url_code).participants[0] == before


def test_marks_with_an_old_passwords_key_racing_a_new_password_are_refused(
    repo: MeetingRepository,
) -> None:
    meeting = _setting_up(repo)
    who = meeting.participants[0]
    code = meeting.url_code
    services.participant_password_set(
        repo=repo, url_code=code, participant_id=who.id, password=PASSWORD, key=PARTICIPANT_KEY
    )
    old_key = services.participant_sign_in(
        repo=repo, url_code=code, participant_id=who.id, password=PASSWORD
    )
    renew = lambda: services.participant_password_set(  # noqa: E731
        repo=repo,
        url_code=code,
        participant_id=who.id,
        password="another one!",
        key=PARTICIPANT_KEY,
    )
    with pytest.raises(domain.KeyRefused):
        services.participant_marks(
            repo=Interleaved(repo, renew),
            url_code=code,
            participant_id=who.id,
            marks=[services.MarkRequest(START, DateAction.OFF)],
            key=old_key,
        )
    assert repo.meeting_get(url_code=code).participants[0].dates[0].enabled


def test_a_change_still_allowed_after_the_race_is_judged_again_and_made(
    repo: MeetingRepository,
) -> None:
    meeting = _setting_up(repo)
    protect_again = lambda: repo.meeting_set_editing(  # noqa: E731
        url_code=meeting.url_code, editing=Editing.OPEN
    )  # the organizer's key fits either way
    changed = services.meeting_set_title(
        repo=Interleaved(repo, protect_again),
        url_code=meeting.url_code,
        title="Still mine",
        key=ORGANIZER_KEY,
    )
    assert (changed.title, changed.editing) == ("Still mine", Editing.OPEN)


def test_an_access_changing_without_end_answers_503_and_writes_nothing(
    repo: MeetingRepository,
) -> None:
    meeting = _setting_up(repo)
    flips = iter(range(100))

    class EverChanging(Interleaved):
        def meeting_access(self, **kwargs: Any) -> domain.MeetingAccess:
            access = self._repo.meeting_access(**kwargs)
            editing = Editing.OPEN if next(flips) % 2 == 0 else Editing.PROTECTED
            self._repo.meeting_set_editing(url_code=meeting.url_code, editing=editing)
            return access

    with pytest.raises(domain.StoreUnavailable):
        services.meeting_set_title(
            repo=EverChanging(repo, lambda: None),
            url_code=meeting.url_code,
            title="Never",
            key=ORGANIZER_KEY,
        )
    assert repo.meeting_get(url_code=meeting.url_code).title == "Retro"
