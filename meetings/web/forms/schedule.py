"""Changing a meeting's dates later (the "Change dates" page): the dates form, filled in with
the meeting's days and window as they are."""

from __future__ import annotations

from typing import Any

from meetings import domain
from meetings.domain import InvalidTimeWindow, Meeting, minutes_label
from meetings.web.forms.days import KIND_DATES, KIND_WEEKLY
from meetings.web.forms.meeting import DATES_ONLY, WITH_TIMES, DateRangeForm

# What the form posts, carried again (hidden) by the preview's confirmation.
SCHEDULE_FIELDS = (
    "days",
    "start_date",
    "end_date",
    "weekdays",
    "times",
    "start_time",
    "end_time",
    "slot_minutes",
    "time_zone",
)


class ScheduleForm(DateRangeForm):
    error_fields = {
        **DateRangeForm.error_fields,
        domain.ScheduleDecided: None,
        InvalidTimeWindow: None,
    }


def schedule_initial(meeting: Meeting) -> dict[str, Any]:
    """The form's values for the meeting's days and window as they are."""
    initial: dict[str, Any] = {"times": DATES_ONLY}
    if meeting.weekdays is not None:
        initial.update(days=KIND_WEEKLY, weekdays=list(meeting.weekdays))
    elif meeting.start_date is not None:
        initial.update(days=KIND_DATES, start_date=meeting.start_date, end_date=meeting.end_date)
    window = meeting.window
    if window is not None:
        initial.update(
            times=WITH_TIMES,
            start_time=minutes_label(window.start),
            end_time=minutes_label(window.end),
            slot_minutes=str(window.slot_minutes),
            time_zone=window.time_zone,
        )
    return initial
