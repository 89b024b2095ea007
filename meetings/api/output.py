"""The meeting as the API answers it: plain dicts for the JSON renderer, several times faster
than nested serializers; ``serializers.MeetingOutput`` documents the same shape."""

from __future__ import annotations

from datetime import date
from typing import Any

from meetings.domain import Meeting, Participant, minutes_label


def participant_dates_json(
    participant: Participant, iso: dict[date, str] | None = None
) -> list[dict[str, Any]]:
    """``iso`` memoizes ``date.isoformat`` across participants, who share the same dates."""
    if iso is None:
        iso = {}
    out = []
    for row in participant.dates:
        text = iso.get(row.date)
        if text is None:
            text = iso[row.date] = row.date.isoformat()
        out.append(
            {
                "id": row.id,
                "date": text,
                "enabled": row.enabled,
                "starred": row.starred,
                "slots": row.slots,
            }
        )
    return out


def meeting_json(meeting: Meeting) -> dict[str, Any]:
    iso: dict[date, str] = {}
    return {
        "url_code": meeting.url_code,
        "title": meeting.title,
        "location": meeting.location,
        "start_date": meeting.start_date.isoformat() if meeting.start_date else None,
        "end_date": meeting.end_date.isoformat() if meeting.end_date else None,
        "participants": [
            {
                "id": p.id,
                "name": p.name,
                "answered": p.answered,
                "dates": participant_dates_json(p, iso),
            }
            for p in meeting.participants
        ],
        "best_dates": [day.isoformat() for day in meeting.best_dates],
        **window_json(meeting),
        "editing": meeting.editing.value,
        "final": final_json(meeting),
    }


def final_json(meeting: Meeting) -> dict[str, Any] | None:
    final = meeting.final
    if final is None:
        return None
    return {
        "date": final.day.isoformat(),
        "start": None if final.start is None else minutes_label(final.start),
        "end": None if final.end is None else minutes_label(final.end),
        "note": final.note,
        "decided_at": (
            None
            if final.decided_at is None
            else final.decided_at.isoformat().replace("+00:00", "Z")
        ),
    }


def window_json(meeting: Meeting) -> dict[str, Any]:
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
                "date": best.day.isoformat(),
                "start": minutes_label(best.start),
                "end": minutes_label(best.end),
                "free": best.free,
                "of": best.of,
            }
            for best in meeting.best_times or ()
        ],
    }
