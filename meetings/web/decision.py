"""The organizer's decision as the page shows it: the final date in the meeting's zone (and in
the browser's when it differs), its calendar links, and the form to pick it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from meetings import calendar
from meetings.domain import Meeting, minutes_label
from meetings.web.forms.final import FinalForm
from meetings.web.presenters.labels import date_short, zone_label
from meetings.web.presenters.layout import wall_time_in
from meetings.web.zones import viewer_zone


@dataclass(frozen=True)
class Decision:
    """The final date as the page shows it, with the ways to put it in a calendar."""

    label: str  # "Meeting on Tue Dec 8, 14:00–15:30 (Asia/Seoul)"
    viewer_label: str  # the same time on the browser's clock when its zone differs, else ""
    note: str
    ics_url: str
    google_url: str
    outlook_url: str


def meeting_link(request: HttpRequest, url_code: str) -> str:
    return request.build_absolute_uri(reverse("meeting_page", args=[url_code]))


def meeting_calendar_event(request: HttpRequest, meeting: Meeting) -> calendar.CalendarEvent:
    """The decision as a calendar event (``NoFinalDate`` while there is none)."""
    return calendar.calendar_event(
        meeting, link=meeting_link(request, meeting.url_code), untitled=gettext("Untitled meeting")
    )


def decision_build(request: HttpRequest, meeting: Meeting) -> Decision | None:
    final = meeting.final
    if final is None:
        return None
    event = meeting_calendar_event(request, meeting)
    window = meeting.window
    viewer_label = ""
    if final.start is None or final.end is None or window is None:
        label = gettext("Meeting on %(date)s") % {"date": date_short(final.day)}
    else:
        label = gettext("Meeting on %(date)s, %(start)s–%(end)s (%(zone)s)") % {
            "date": date_short(final.day),
            "start": minutes_label(final.start),
            "end": minutes_label(final.end),
            "zone": zone_label(window.time_zone),
        }
        viewer = viewer_zone(request)
        shown = wall_time_in(final.day, final.start, window, viewer) if viewer else None
        if viewer and viewer != window.time_zone and shown is not None:
            day, start = shown
            end = start + final.end - final.start
            while end > 24 * 60:  # ends on the next day of that clock
                end -= 24 * 60
            viewer_label = gettext("In your time zone (%(zone)s): %(date)s, %(start)s–%(end)s") % {
                "zone": zone_label(viewer),
                "date": date_short(day),
                "start": minutes_label(start),
                "end": minutes_label(end),
            }
    return Decision(
        label=label,
        viewer_label=viewer_label,
        note=final.note,
        ics_url=reverse("meeting_event", args=[meeting.url_code]),
        google_url=calendar.google_link(event),
        outlook_url=calendar.outlook_link(event),
    )


def final_form_initial(meeting: Meeting) -> FinalForm | None:
    """The organizer's own choice of the final date, starting at the best date (or time)."""
    if not meeting.has_date_range or meeting.closed:
        return None
    assert meeting.start_date is not None
    initial: dict[str, str] = {"date": meeting.start_date.isoformat()}
    window = meeting.window
    if window is None:
        if meeting.best_dates:
            initial["date"] = meeting.best_dates[0].isoformat()
    else:
        best = next((run for run in meeting.best_times or () if run.free > 0), None)
        if best is not None:
            initial["date"] = best.day.isoformat()
            start, end = best.start, best.end
        else:
            start, end = window.start, window.start + window.slot_minutes
        initial.update(start=minutes_label(start), end=minutes_label(end))
    return FinalForm(meeting=meeting, initial=initial)
