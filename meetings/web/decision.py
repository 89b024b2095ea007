"""The organizer's decision as the page shows it: the final date in the zone the page shows its
times in (named), its calendar links, and the form to pick it, in that zone too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from meetings import calendar
from meetings.domain import (
    FinalDecision,
    Meeting,
    ShownSpan,
    TimeWindow,
    minutes_label,
    shown_span,
)
from meetings.web.forms.final import FinalForm, final_times_shown, weekly_final_form
from meetings.web.presenters.labels import date_long, date_short, zone_label
from meetings.web.zones import shown_zone


@dataclass(frozen=True)
class Decision:
    """The final date as the page shows it, with the ways to put it in a calendar."""

    label: str  # "Meeting on Tue Dec 8, 14:00–15:30 (Asia/Seoul)", in the zone the page shows
    note: str
    ics_url: str
    google_url: str
    # None for a weekly decision: Outlook's link cannot repeat an event (the page says to use
    # the calendar file instead).
    outlook_url: str | None
    weekly: bool = False


def meeting_link(request: HttpRequest, url_code: str) -> str:
    return request.build_absolute_uri(reverse("meeting_page", args=[url_code]))


def meeting_calendar_event(request: HttpRequest, meeting: Meeting) -> calendar.CalendarEvent:
    """The decision as a calendar event (``NoFinalDate`` while there is none)."""
    return calendar.calendar_event(
        meeting, link=meeting_link(request, meeting.url_code), untitled=gettext("Untitled meeting")
    )


def decision_label(
    final: FinalDecision, window: TimeWindow | None, zone: str, *, weekly: bool = False
) -> str:
    """ "Meeting on Tue Dec 8, 14:00–15:30 (Asia/Seoul)" in ``zone``; across its midnight
    "Meeting on Mon Dec 7, 23:00 – Tue Dec 8, 01:00 (Asia/Seoul)". A ``weekly`` decision
    recurs: "Every Wednesday, 18:00–19:00, from 6 January 2027 (Asia/Seoul)"."""
    if final.start is None or final.end is None or window is None:
        if weekly:
            return gettext("Every %(weekday)s, from %(date)s") % {
                "weekday": weekday_name(final.day),
                "date": date_full(final.day),
            }
        return gettext("Meeting on %(date)s") % {"date": date_short(final.day)}
    span = shown_span(window, final.day, final.start, final.end, zone)
    if span is None:  # no slot of it occurs on that clock: said on the meeting's own
        zone = window.time_zone
        span = ShownSpan(final.day, final.start, final.day, final.end)
    if weekly:
        return weekly_label(span, zone)
    if span.crosses_midnight:
        return gettext(
            "Meeting on %(start_date)s, %(start)s – %(end_date)s, %(end)s (%(zone)s)"
        ) % {
            "start_date": date_short(span.start_day),
            "start": minutes_label(span.start),
            "end_date": date_short(span.end_day),
            "end": minutes_label(span.end),
            "zone": zone_label(zone),
        }
    return gettext("Meeting on %(date)s, %(start)s–%(end)s (%(zone)s)") % {
        "date": date_short(span.start_day),
        "start": minutes_label(span.start),
        "end": minutes_label(span.end),
        "zone": zone_label(zone),
    }


def weekday_name(day: date) -> str:
    """The weekday of ``day`` in full: "Wednesday" / "수요일"."""
    return date_format(day, "l")


def date_full(day: date) -> str:
    """E.g. "6 January 2027" / "2027년 1월 6일": the day a weekly decision starts on."""
    return date_format(day, pgettext("date format: day, month and year", "j F Y"))


def weekly_label(span: ShownSpan, zone: str) -> str:
    """A weekly decision in ``zone`` (its first occurrence on that clock, ``span``: a weekday
    and times that may differ from the meeting's own in another zone): "Every Wednesday,
    18:00–19:00, from 6 January 2027 (Asia/Seoul)"; across its midnight "Every Wednesday,
    23:00 – Thursday, 01:00, from 6 January 2027 (Asia/Seoul)". The meeting's clock rules the
    series: on another zone's clock a later occurrence can move by the hour of a clock change
    only one of the zones has; the label says the first occurrence's times."""
    values = {
        "weekday": weekday_name(span.start_day),
        "start": minutes_label(span.start),
        "end": minutes_label(span.end),
        "date": date_full(span.start_day),
        "zone": zone_label(zone),
    }
    if span.crosses_midnight:
        return gettext(
            "Every %(weekday)s, %(start)s – %(end_weekday)s, %(end)s, from %(date)s (%(zone)s)"
        ) % {**values, "end_weekday": weekday_name(span.end_day)}
    return gettext("Every %(weekday)s, %(start)s–%(end)s, from %(date)s (%(zone)s)") % values


def page_zone(request: HttpRequest, meeting: Meeting) -> str:
    """The zone the meeting page shows times in (a dates-only meeting has none: "")."""
    if meeting.window is None:
        return ""
    return shown_zone(request, meeting.window.time_zone, meeting.url_code)


def decision_build(request: HttpRequest, meeting: Meeting) -> Decision | None:
    final = meeting.final
    if final is None:
        return None
    event = meeting_calendar_event(request, meeting)
    zone = page_zone(request, meeting)
    return Decision(
        label=decision_label(final, meeting.window, zone, weekly=meeting.weekly),
        note=final.note,
        ics_url=reverse("meeting_event", args=[meeting.url_code]),
        google_url=calendar.google_link(event),
        outlook_url=calendar.outlook_link(event),
        weekly=meeting.weekly,
    )


def final_choice_label(meeting: Meeting, data: dict[str, object]) -> str:
    """What a "Pick" would decide, said before it is confirmed: "Wednesday, December 2" or, on a
    timed meeting, "Wednesday, December 2, 10:00–11:00 (Asia/Seoul)": on the clock it was
    posted in (a Pick posts the meeting's), always named."""
    day = data["date"]
    assert isinstance(day, date)
    label = date_long(day)
    start, end, window = data.get("start"), data.get("end"), meeting.window
    if window is not None and start and end:
        label = gettext("%(date)s, %(start)s–%(end)s (%(zone)s)") % {
            "date": label,
            "start": start,
            "end": end,
            "zone": zone_label(str(data.get("zone") or window.time_zone)),
        }
    return label


def final_form_initial(request: HttpRequest, meeting: Meeting) -> FinalForm | None:
    """The organizer's own choice of the final date, in the zone the page shows, starting at
    the best date (or time)."""
    if not meeting.has_date_range or meeting.closed:
        return None
    if meeting.weekly:  # a weekday and its first date, on the meeting's clock
        return weekly_final_form(meeting)
    assert meeting.start_date is not None
    initial: dict[str, str] = {"date": meeting.start_date.isoformat()}
    window = meeting.window
    if window is None:
        if meeting.best_dates:
            initial["date"] = meeting.best_dates[0].isoformat()
        return FinalForm(meeting=meeting, initial=initial)
    zone = page_zone(request, meeting)
    best = next((run for run in meeting.best_times or () if run.free > 0), None)
    if best is not None:
        day, start, end = best.day, best.start, best.end
    else:
        day, start, end = meeting.start_date, window.start, window.start + window.slot_minutes
    initial.update(final_times_shown(meeting, day, start, end, zone))
    return FinalForm(meeting=meeting, zone=zone, initial=initial)
