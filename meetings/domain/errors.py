"""Every rule violation the domain raises, with the exact message clients see."""

from __future__ import annotations

from datetime import date

from meetings.domain.constants import EARLIEST_DATE, LATEST_DATE, MAX_RANGE_DAYS


class DomainError(Exception):
    """Base of every rule violation; ``message`` is the exact text clients see."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MeetingNotFound(DomainError):
    def __init__(self, url_code: str) -> None:
        super().__init__(f"meeting with url_code: {url_code} not found")
        self.url_code = url_code


class DateRangeTooLong(DomainError):
    def __init__(self, start: date, end: date) -> None:
        super().__init__(f"start {start} and end {end} should be within {MAX_RANGE_DAYS} days")


class DateRangeInverted(DomainError):
    def __init__(self, start: date, end: date) -> None:
        super().__init__(f"start {start} should not be after end {end}")


class DateRangeOutOfBounds(DomainError):
    def __init__(self) -> None:
        super().__init__(f"dates should be between {EARLIEST_DATE} and {LATEST_DATE}")


class DateRangeAlreadySet(DomainError):
    def __init__(
        self,
        url_code: str,
        start: date | None,
        end: date | None,
        weekdays: tuple[int, ...] | None = None,
    ) -> None:
        if weekdays is not None:
            # A weekly meeting's stored start and end are its reference week's: never shown.
            days = ", ".join(str(day) for day in weekdays)
            super().__init__(f"meeting: {url_code} weekdays: {days} are already set")
        else:
            super().__init__(f"meeting: {url_code} start: {start} end: {end} are already set")


class DateRangeNotSet(DomainError):
    def __init__(self) -> None:
        super().__init__("start and end should be set.")


class ParticipantNotFound(DomainError):
    def __init__(self, participant_id: object) -> None:
        super().__init__(f"participant with id: {participant_id} not found")


class ParticipantDateNotFound(DomainError):
    def __init__(self, participant_date_id: object) -> None:
        super().__init__(f"participant_date with id: {participant_date_id} not found")


class ParticipantNameTaken(DomainError):
    def __init__(self, name: str) -> None:
        super().__init__(f"participant with name: {name} already exists")


class InvalidName(DomainError):
    pass


class InvalidText(DomainError):
    pass


MEETING_CLOSED = "this meeting is closed: the organizer has picked the final date"


class MeetingClosed(DomainError):
    """Joins and marks on a meeting whose final date is decided (409)."""

    def __init__(self) -> None:
        super().__init__(MEETING_CLOSED)


DEADLINE_PASSED = "the deadline for answers has passed"


class DeadlinePassed(MeetingClosed):
    """Joins and marks after the meeting's deadline for answers (409): closed for answers as
    a decided meeting is, with its own message."""

    def __init__(self) -> None:
        DomainError.__init__(self, DEADLINE_PASSED)


SCHEDULE_DECIDED = "this meeting is decided: reopen it before changing its dates"


class ScheduleDecided(MeetingClosed):
    """Changing the days or window of a meeting whose final date is decided (409): the
    organizer reopens it first, so a decision never names a day that went."""

    def __init__(self) -> None:
        DomainError.__init__(self, SCHEDULE_DECIDED)


class InvalidDeadline(DomainError):
    """A deadline that is not a wall time as written, or one the meeting's zone skips (422;
    ``skipped_in``: that zone)."""

    def __init__(self, message: str, *, skipped_in: str | None = None) -> None:
        super().__init__(message)
        self.skipped_in = skipped_in


class MeetingFull(DomainError):
    """A join past the most participants a meeting may have (409)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"this meeting is full: it has {limit} participants, the most allowed")
        self.limit = limit


class NoFinalDate(DomainError):
    """The calendar file of a meeting whose date is not decided yet (404)."""

    def __init__(self, url_code: str) -> None:
        super().__init__(f"meeting with url_code: {url_code} has no final date yet")


class InvalidFinal(DomainError):
    """A final date outside the range, off the slots, or with a note too long (422)."""


class InvalidWeekdays(DomainError):
    """A weekly meeting's weekdays that are not a set of ISO weekdays, or given with dates."""


class InvalidTimeWindow(DomainError):
    """The window, slot length or zone of a date range breaks a rule (422 / 400)."""


class InvalidMark(DomainError):
    """A mark outside the range or window, or off a slot boundary (422)."""


class KeyRequired(DomainError):
    """The change needs a key and the request carried none (401)."""


class KeyRefused(DomainError):
    """The request's key does not allow the change: another participant's, another meeting's,
    or no key at all (403)."""


PASSWORD_REFUSED = "the password does not fit this participant"  # noqa: S105 (a message)


class InvalidPassword(DomainError):
    """A password for a row that is too short or too long (400)."""


class PasswordRefused(DomainError):
    """Signing in as a participant with a password that does not fit: a wrong one, or a
    participant without one; the same answer either way (403)."""

    def __init__(self) -> None:
        super().__init__(PASSWORD_REFUSED)


class StoreUnavailable(DomainError):
    """The store behind a repository cannot be reached (connection refused, timed out...)."""


class UrlCodeTaken(Exception):
    """Internal: a freshly drawn url_code collided; services retry, clients never see it."""


class AccessChanged(Exception):
    """Internal: what a key check relied on (``AccessSeen``) changed before the store wrote;
    the store wrote nothing, and the services judge the change again. Clients never see it."""


class InvalidCalendar(DomainError):
    """A calendar file (or URL's answer) that cannot be read as busy times: not iCalendar, too
    large, a broken event, too many events (400)."""
