"""The meeting as the API answers it: plain dicts for the JSON renderer, several times faster
than nested serializers; ``serializers.MeetingOutput`` documents the same shape."""

from __future__ import annotations

from datetime import date
from typing import Any

from meetings.domain import Meeting, Participant, deadline_text, deadline_wall, minutes_label


def participant_dates_json(participant: Participant, days: DayNames) -> list[dict[str, Any]]:
    """``days``: the meeting's ``days_json``."""
    out = []
    for row in participant.dates:
        text, weekday = days[row.date]
        out.append(
            {
                "id": row.id,
                "date": text,
                "weekday": weekday,
                "enabled": row.enabled,
                "starred": row.starred,
                "slots": row.slots,
                "if_need_be": row.if_need_be,
            }
        )
    return out


class DayNames(dict[date, tuple[str | None, int | None]]):
    """Each day of one meeting as the API names it, ``(date, weekday)``: an ISO date, or on a
    weekly meeting its weekday (the reference week's dates are never shown); worked out once
    per day, shared by all participants, who have the same dates."""

    def __init__(self, *, weekly: bool) -> None:
        super().__init__()
        self.weekly = weekly

    def __missing__(self, day: date) -> tuple[str | None, int | None]:
        names = (None, day.isoweekday()) if self.weekly else (day.isoformat(), None)
        self[day] = names
        return names


def days_json(meeting: Meeting) -> DayNames:
    return DayNames(weekly=meeting.weekly)


def meeting_json(meeting: Meeting) -> dict[str, Any]:
    days = days_json(meeting)
    weekly = meeting.weekly
    dated = not weekly and meeting.start_date is not None and meeting.end_date is not None
    return {
        "url_code": meeting.url_code,
        "title": meeting.title,
        "location": meeting.location,
        "start_date": meeting.start_date.isoformat() if dated and meeting.start_date else None,
        "end_date": meeting.end_date.isoformat() if dated and meeting.end_date else None,
        "weekdays": list(meeting.weekdays) if meeting.weekdays is not None else None,
        "participants": [
            {
                "id": p.id,
                "name": p.name,
                "answered": p.answered,
                "dates": participant_dates_json(p, days),
            }
            for p in meeting.participants
        ],
        "best_dates": [] if weekly else [day.isoformat() for day in meeting.best_dates],
        "best_weekdays": [day.isoweekday() for day in meeting.best_dates] if weekly else None,
        **window_json(meeting, days),
        "editing": meeting.editing.value,
        "final": final_json(meeting),
        "deadline": deadline_json(meeting),
    }


def deadline_json(meeting: Meeting) -> str | None:
    """The deadline for answers as the wall time of the meeting's zone (UTC without a window),
    as PATCH .../deadline takes it; ``None``: none."""
    if meeting.deadline is None:
        return None
    return deadline_text(deadline_wall(meeting.deadline, meeting.window))


def final_json(meeting: Meeting) -> dict[str, Any] | None:
    final = meeting.final
    if final is None:
        return None
    weekly = meeting.weekly
    return {
        "date": None if weekly else final.day.isoformat(),
        "weekday": final.day.isoweekday() if weekly else None,
        "starts_on": final.day.isoformat() if weekly else None,
        "start": None if final.start is None else minutes_label(final.start),
        "end": None if final.end is None else minutes_label(final.end),
        "note": final.note,
        "decided_at": (
            None
            if final.decided_at is None
            else final.decided_at.isoformat().replace("+00:00", "Z")
        ),
    }


def window_json(meeting: Meeting, days: DayNames) -> dict[str, Any]:
    window = meeting.window
    if window is None:
        return {
            "start_time": None,
            "end_time": None,
            "slot_minutes": None,
            "time_zone": None,
            "best_times": None,
        }
    return {
        "start_time": minutes_label(window.start),
        "end_time": minutes_label(window.end),
        "slot_minutes": window.slot_minutes,
        "time_zone": window.time_zone,
        "best_times": [
            {
                "date": days[best.day][0],
                "weekday": days[best.day][1],
                "start": minutes_label(best.start),
                "end": minutes_label(best.end),
                "free": best.free,
                "of": best.of,
            }
            for best in meeting.best_times or ()
        ],
    }
