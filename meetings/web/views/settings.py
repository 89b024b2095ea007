"""The meeting's settings, as forms post them: its dates (and times of day), title, location,
who may edit it, the final date, and deleting it. Who may: the services decide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from meetings import rendered, services
from meetings.domain import DomainError, Editing, Meeting, MeetingNotFound, StoreUnavailable
from meetings.web.context import meeting_render
from meetings.web.daykeys import WEEKDAY_KEYS
from meetings.web.decision import final_choice_label
from meetings.web.forms.final import FinalForm, ReopenForm, weekly_choice_label
from meetings.web.forms.meeting import (
    DateRangeForm,
    DeleteForm,
    EditingForm,
    LocationForm,
    TitleForm,
    quick_days,
)
from meetings.web.fragments import is_fragment_request
from meetings.web.identity import keys_forget, me_forget, organizer_key
from meetings.web.responses import (
    NAVIGATE_HEADER,
    attempt,
    error_status,
    meeting_done,
    meeting_failed,
    page_errors,
    pages_repo,
    past_dates_warn,
    post_only,
    see_other,
)


@page_errors
@post_only
def meeting_dates_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    if picked := quick_days(request, timezone.localdate()):
        form = DateRangeForm(initial=picked)
        current = services.meeting_get(repo=pages_repo(), url_code=url_code)
        return meeting_render(request, current, forms={"dates": form})
    form = DateRangeForm(request.POST)
    if form.is_valid():
        start, end = form.cleaned_data["start_date"], form.cleaned_data["end_date"]
        weekdays, window = form.cleaned_data["weekdays"], form.cleaned_data["window"]
        meeting = attempt(
            form,
            lambda: services.meeting_set_date_range(
                repo=pages_repo(),
                url_code=url_code,
                start_date=start,
                end_date=end,
                weekdays=weekdays,
                window=window,
                key=organizer_key(request, url_code),
            ),
        )
        if meeting is not None:
            past_dates_warn(request, meeting)
            return meeting_done(request, meeting, anchor="you")
    return meeting_failed(request, url_code, forms={"dates": form})


@page_errors
@post_only
def meeting_title_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    form = TitleForm(request.POST)
    if form.is_valid():
        title = form.cleaned_data["title"]
        meeting = attempt(
            form,
            lambda: services.meeting_set_title(
                repo=pages_repo(),
                url_code=url_code,
                title=title,
                key=organizer_key(request, url_code),
            ),
        )
        if meeting is not None:
            return meeting_done(request, meeting)
    return meeting_failed(request, url_code, forms={"title": form})


@page_errors
@post_only
def meeting_location_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    form = LocationForm(request.POST)
    if form.is_valid():
        location = form.cleaned_data["location"]
        meeting = attempt(
            form,
            lambda: services.meeting_set_location(
                repo=pages_repo(),
                url_code=url_code,
                location=location,
                key=organizer_key(request, url_code),
            ),
        )
        if meeting is not None:
            return meeting_done(request, meeting)
    return meeting_failed(request, url_code, forms={"location": form})


@page_errors
@post_only
def meeting_editing_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    """The organizer opens the meeting to everyone with the link, or protects it again."""
    form = EditingForm(request.POST)
    if form.is_valid():
        editing = Editing(form.cleaned_data["editing"])
        meeting = attempt(
            form,
            lambda: services.meeting_set_editing(
                repo=pages_repo(),
                url_code=url_code,
                editing=editing,
                key=organizer_key(request, url_code),
            ),
        )
        if meeting is not None:
            return meeting_done(request, meeting, anchor="editing")
    return meeting_failed(request, url_code, forms={"editing": form})


@page_errors
@post_only
def meeting_final_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    """The final date: picked from the best dates (or times), or chosen in the form; or, with
    ``reopen``, cleared again. Who may: as for the title (the service decides)."""
    repo = pages_repo()
    key = organizer_key(request, url_code)
    if request.POST.get("reopen"):
        reopen = ReopenForm(request.POST)
        reopen.is_valid()
        reopened = attempt(
            reopen,
            lambda: services.meeting_set_final(repo=repo, url_code=url_code, day=None, key=key),
        )
        if reopened is not None:
            return meeting_done(request, reopened)
        return meeting_failed(request, url_code, forms={"reopen": reopen})
    meeting = services.meeting_get(repo=repo, url_code=url_code)
    form = FinalForm(request.POST, meeting=meeting)
    if form.is_valid():
        data = form.cleaned_data
        decision: dict[str, Any] = {
            "day": data["date"],
            "start": data.get("start"),
            "end": data.get("end"),
            "zone": data.get("zone"),
            "note": data["note"],
            "weekday": data.get("weekday"),  # a weekly meeting's: ``day`` is its first date
        }
        if request.POST.get("pick") and not request.POST.get("confirmed"):
            judged = attempt_judge(
                form,
                lambda: services.meeting_final_judge(
                    repo=repo, url_code=url_code, key=key, **decision
                ),
            )
            if judged:
                return final_confirm_page(request, meeting, data)
            return meeting_failed(request, url_code, forms={"final": form})
        decided = attempt(
            form,
            lambda: services.meeting_set_final(repo=repo, url_code=url_code, key=key, **decision),
        )
        if decided is not None:
            return meeting_done(request, decided, anchor="decision")
    return meeting_failed(request, url_code, forms={"final": form})


def attempt_judge(form: FinalForm, judge: Callable[[], object]) -> bool:
    """Whether a decision would be taken; if not, why is on ``form``."""
    try:
        judge()
    except (MeetingNotFound, StoreUnavailable):
        raise
    except DomainError as error:
        form.add_domain_error(error)
        return False
    return True


def final_confirm_page(
    request: HttpRequest, meeting: Meeting, data: dict[str, Any]
) -> HttpResponse:
    """A "Pick" asks first, as it closes the meeting for everyone: this page without the
    script (with it, a dialog asks and posts ``confirmed`` itself). Its form posts the same
    choice again, confirmed; "Cancel" goes back to the meeting, unchanged."""
    fields = {"pick": "1", "confirmed": "1", "date": data["date"].isoformat()}
    if data.get("weekday"):  # the weekday as the page writes it, and its first date
        fields["date"] = WEEKDAY_KEYS[data["weekday"] - 1]
        fields["starts_on"] = data["date"].isoformat()
    for name in ("start", "end", "zone", "note"):
        if data.get(name):
            fields[name] = data[name]
    context = {
        "meeting": meeting,
        "label": weekly_choice_label(data) if meeting.weekly else final_choice_label(meeting, data),
        "fields": sorted(fields.items()),
    }
    return render(request, "meetings/confirm_final.html", context)


@page_errors
@post_only
def meeting_delete_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    """The organizer deletes the meeting (after the confirmation step), and goes to the create
    page, which says so. The browser forgets its keys and who it was in that meeting."""
    repo = pages_repo()
    meeting = services.meeting_get(repo=repo, url_code=url_code)
    form = DeleteForm(request.POST)
    if not form.is_valid():
        return meeting_render(request, meeting, forms={"delete": form}, status=400)
    try:
        services.meeting_delete(repo=repo, url_code=url_code, key=organizer_key(request, url_code))
    except (MeetingNotFound, StoreUnavailable):
        raise
    except DomainError as error:  # not the organizer key: nothing was deleted
        form.add_domain_error(error)
        return meeting_render(request, meeting, forms={"delete": form}, status=error_status(error))
    rendered.rendered_meeting_drop(store=settings.MEETINGS_PAGES_STORE, url_code=url_code)
    keys_forget(request, url_code)
    me_forget(request, url_code)
    messages.success(request, gettext("The meeting was deleted."))
    home = reverse("meeting_create_page")
    if is_fragment_request(request):  # the page's script goes there itself
        response = HttpResponse(status=204)
        response[NAVIGATE_HEADER] = home
        return response
    return see_other(home)
