"""Fill my availability from my calendar (issue 21): an .ics file previewed over my grid (its
busy intervals kept in my session for a day, see ``busy_kept``), then "Mark these busy" or
"Mark these busy, and the rest free" applied from what was kept, as one change."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, ngettext

from meetings import limits, services
from meetings.domain import (
    CalendarApply,
    DomainError,
    InvalidCalendar,
    Meeting,
    MeetingNotFound,
    Participant,
    StoreUnavailable,
)
from meetings.web.busy_kept import busy_forget, busy_keep, busy_kept
from meetings.web.context import meeting_render
from meetings.web.forms.calendar import CalendarApplyForm, CalendarForm, calendar_message
from meetings.web.identity import row_key
from meetings.web.presenters.busy import busy_preview
from meetings.web.responses import (
    error_status,
    meeting_done,
    meeting_failed,
    page_errors,
    pages_repo,
    post_only,
)
from meetings.web.views.slots import my_row_or_error
from meetings.web.zones import shown_zone, viewer_zone


def _zone(request: HttpRequest, meeting: Meeting) -> ZoneInfo | None:
    """The zone the page shows times in (all-day events and a dates-only meeting's days are
    read on its clock): the browser's, or the meeting's when it chose so; none known: the
    service's default."""
    if meeting.window is not None:
        return ZoneInfo(shown_zone(request, meeting.window.time_zone, meeting.url_code))
    name = viewer_zone(request)
    return ZoneInfo(name) if name else None


def _failed(
    request: HttpRequest, url_code: str, form: CalendarForm, error: DomainError, me: Participant
) -> HttpResponse:
    if isinstance(error, InvalidCalendar):
        form.add_error("calendar", calendar_message(error))
    else:
        form.add_domain_error(error, value=me.name)
    status = error_status(error)
    return meeting_failed(request, url_code, forms={"calendar": form}, status=status)


@page_errors
@post_only
def participant_calendar_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    """ "Show my busy times" (a file: the preview, nothing changes) or one of the two apply
    buttons (``apply``: what was kept from the preview, one change)."""
    meeting, me, refused = my_row_or_error(request, url_code)
    if me is None:
        assert refused is not None
        return refused
    limits.limit_count(request, limits.CALENDAR)  # reading a calendar costs CPU: counted first
    if "apply" in request.POST:
        return _apply(request, url_code, me)
    form = CalendarForm(request.POST, request.FILES)
    if not form.is_valid():
        return meeting_failed(request, url_code, forms={"calendar": form})
    zone = _zone(request, meeting)
    try:
        read = services.participant_calendar_busy(
            repo=pages_repo(),
            url_code=url_code,
            participant_id=me.id,
            calendar=form.cleaned_data.get("data"),
            calendar_url=form.cleaned_data["url"],
            zone=zone,
            week=form.cleaned_data.get("week"),
            key=row_key(request, url_code, me.id),
        )
    except (MeetingNotFound, StoreUnavailable):
        raise
    except DomainError as error:
        return _failed(request, url_code, form, error, me)
    kept_zone = zone or (
        read.meeting.window.zone() if read.meeting.window is not None else ZoneInfo("UTC")
    )
    if not busy_keep(request, url_code, me.id, read.intervals, kept_zone, read.week):
        form.add_error(
            "calendar",
            gettext(
                "Your calendar has too many separate busy times on these dates to keep until "
                "you apply them: export a shorter stretch of it."
            ),
        )
        return meeting_failed(request, url_code, forms={"calendar": form}, status=422)
    # A timed meeting was read on the clock the page shows (``_zone``): its busy times are
    # listed on it too.
    shown = zone.key if zone is not None and meeting.window is not None else None
    return meeting_render(request, read.meeting, preview=busy_preview(read, read.meeting, shown))


def _blank_form() -> CalendarForm:
    """The form bound to nothing and without its "choose a file" error: for the apply buttons'
    errors, shown next to the file field."""
    form = CalendarForm(data={}, files={})
    form.is_valid()
    form.errors.pop("calendar", None)
    return form


def _apply(request: HttpRequest, url_code: str, me: Participant) -> HttpResponse:
    form = _blank_form()
    choice = CalendarApplyForm(request.POST)
    kept = busy_kept(request, url_code, me.id)
    if not choice.is_valid() or kept is None:
        form.add_error(
            "calendar",
            gettext("Choose your calendar file again: its busy times are no longer kept."),
        )
        return meeting_failed(request, url_code, forms={"calendar": form})
    intervals, zone, week = kept
    try:
        read = services.participant_busy_apply(
            repo=pages_repo(),
            url_code=url_code,
            participant_id=me.id,
            intervals=intervals,
            zone=zone,
            week=week,
            apply=CalendarApply(choice.cleaned_data["apply"]),
            key=row_key(request, url_code, me.id),
        )
    except (MeetingNotFound, StoreUnavailable):
        raise
    except DomainError as error:
        return _failed(request, url_code, form, error, me)
    busy_forget(request, url_code, me.id)
    count = busy_preview(read, read.meeting).busy_count
    if read.meeting.window is None:
        said = ngettext("Marked %(count)d date busy.", "Marked %(count)d dates busy.", count)
    else:
        said = ngettext("Marked %(count)d time busy.", "Marked %(count)d times busy.", count)
    messages.success(request, said % {"count": count})
    return meeting_done(request, read.meeting, anchor="availability")
