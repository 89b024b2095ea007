"""Changing a meeting's dates later: the "Change dates" page (the dates form filled in as
they are), its preview of what the change removes, and the change once confirmed. Works
without JavaScript; who may: as for the title (the services decide)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from meetings import services
from meetings.domain import (
    MAX_RANGE_DAYS,
    DomainError,
    Meeting,
    MeetingNotFound,
    ScheduleDecided,
    SchedulePreview,
    StoreUnavailable,
)
from meetings.web.context import range_label, viewer_of
from meetings.web.forms.days import quick_weekdays
from meetings.web.forms.meeting import quick_days, quick_ranges
from meetings.web.forms.schedule import SCHEDULE_FIELDS, ScheduleForm, schedule_initial
from meetings.web.identity import organizer_key
from meetings.web.presenters.labels import date_long
from meetings.web.responses import error_status, page_errors, pages_repo, past_dates_warn, see_other


@page_errors
def meeting_schedule_page(request: HttpRequest, url_code: str) -> HttpResponse:
    repo = pages_repo()
    meeting = services.meeting_get(repo=repo, url_code=url_code)
    if request.method != "POST":
        if not viewer_of(request, meeting).can_edit_settings:
            return see_other(reverse("meeting_page", args=[url_code]))
        return _page(request, meeting, ScheduleForm(initial=schedule_initial(meeting)))
    if picked := quick_days(request, timezone.localdate()):
        return _page(request, meeting, ScheduleForm(initial=picked))
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return _page(request, meeting, form, status=400)
    values: dict[str, Any] = {
        "start_date": form.cleaned_data["start_date"],
        "end_date": form.cleaned_data["end_date"],
        "weekdays": form.cleaned_data["weekdays"],
        "window": form.cleaned_data["window"],
    }
    try:
        if meeting.closed:
            raise ScheduleDecided()
        if not request.POST.get("confirmed"):
            preview = services.meeting_schedule_preview(meeting=meeting, **values)
            return _page(request, meeting, form, preview=preview)
        changed = services.meeting_change_schedule(
            repo=repo, url_code=url_code, key=organizer_key(request, url_code), **values
        )
    except (MeetingNotFound, StoreUnavailable):
        raise
    except DomainError as error:
        form.add_domain_error(error)
        return _page(request, meeting, form, status=error_status(error))
    messages.success(
        request, gettext("The dates were changed. The answers on the days you kept stay.")
    )
    past_dates_warn(request, changed)
    return see_other(reverse("meeting_page", args=[url_code]))


def _page(
    request: HttpRequest,
    meeting: Meeting,
    form: ScheduleForm,
    *,
    preview: SchedulePreview | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "meeting": meeting,
        "form": form,
        "range_label": range_label(meeting),
        "quick_ranges": quick_ranges(timezone.localdate()),
        "quick_weekdays": quick_weekdays(),
        "max_dates": MAX_RANGE_DAYS + 1,
        "errors": [str(error) for error in form.non_field_errors()],
    }
    if preview is not None:
        context.update(
            preview=preview,
            removed=[date_long(day) for day in preview.removed],
            added=[date_long(day) for day in preview.added],
            fields=[
                (name, value)
                for name in SCHEDULE_FIELDS
                for value in request.POST.getlist(name)
                if isinstance(value, str)
            ],
        )
    return render(request, "meetings/schedule.html", context, status=status)
