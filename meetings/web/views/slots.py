"""A timed meeting's slots: a stroke of the page's script, the whole grid's checkboxes without
JavaScript, and the zone the times are shown in.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from meetings import services
from meetings.domain import (
    DomainError,
    Meeting,
    MeetingNotFound,
    Participant,
    StoreUnavailable,
)
from meetings.web.context import meeting_render
from meetings.web.forms.base import domain_error_message
from meetings.web.forms.slots import PaintForm, SlotsForm
from meetings.web.identity import me_get, row_key
from meetings.web.responses import (
    error_status,
    meeting_done,
    meeting_failed,
    page_errors,
    pages_repo,
    post_only,
)
from meetings.web.zones import meeting_zone_choose, meeting_zone_cookie_write


def my_row_or_error(
    request: HttpRequest, url_code: str
) -> tuple[Meeting, Participant | None, HttpResponse | None]:
    """The meeting and this browser's participant in it, or the 400 page saying to join."""
    meeting = services.meeting_get(repo=pages_repo(), url_code=url_code)
    me = me_get(request, meeting)
    if me is not None:
        return meeting, me, None
    message = gettext("Join this meeting, or choose your name, before marking dates.")
    return meeting, None, meeting_render(request, meeting, errors=[message], status=400)


def row_change_page(
    request: HttpRequest, url_code: str, me: Participant, change: Callable[[str | None], Meeting]
) -> HttpResponse:
    """One change of my row, ``change(key)`` with the key this browser holds for it: the
    fragment (or a redirect) after it, the meeting as stored with the reason when it was
    refused (403 without the key, 409 while closed, else 400)."""
    try:
        meeting = change(row_key(request, url_code, me.id))
    except (MeetingNotFound, StoreUnavailable):
        raise
    except DomainError as error:
        return meeting_failed(
            request,
            url_code,
            errors=[domain_error_message(error, value=me.name)],
            status=error_status(error),
        )
    return meeting_done(request, meeting, anchor="availability")


def marks_apply_page(
    request: HttpRequest, url_code: str, me: Participant, marks: list[services.MarkRequest]
) -> HttpResponse:
    """Paint ``marks`` on my row in one change (``row_change_page``)."""
    return row_change_page(
        request,
        url_code,
        me,
        lambda key: services.participant_marks(
            repo=pages_repo(), url_code=url_code, participant_id=me.id, marks=marks, key=key
        ),
    )


@page_errors
@post_only
def participant_paint_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    """One stroke of the page's script: every mark of it in one batch (``PaintForm``)."""
    form = PaintForm(request.POST)
    if not form.is_valid():
        return meeting_failed(
            request, url_code, errors=[str(e) for e in form.errors.get("marks", [])]
        )
    _meeting, me, refused = my_row_or_error(request, url_code)
    if me is None:
        assert refused is not None
        return refused
    return marks_apply_page(request, url_code, me, form.cleaned_data["marks"])


@page_errors
@post_only
def participant_slots_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    """The whole grid's checkboxes, without JavaScript: every slot changed on the page, on any
    date, in one change (``SlotsForm``); the slots left as the page showed them are not sent."""
    meeting, me, refused = my_row_or_error(request, url_code)
    if me is None:
        assert refused is not None
        return refused
    window = meeting.window
    impossible = gettext("That change is not possible.")
    if window is None:
        return meeting_render(request, meeting, errors=[impossible], status=400)
    form = SlotsForm(request.POST, window=window, dates=meeting.dates())
    if not form.is_valid():
        # Tampered or out of date: the page's checkboxes cannot send anything else. A form
        # that fits but asks for too much says so (its non-field error).
        errors = [str(error) for error in form.non_field_errors()] or [impossible]
        return meeting_render(request, meeting, errors=errors, status=400)
    marks = form.cleaned_data["marks"]
    if not marks:  # nothing changed on the page: nothing to store
        return meeting_done(request, meeting, anchor="availability")
    return marks_apply_page(request, url_code, me, marks)


@page_errors
@post_only
def meeting_zone_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    """Show a timed meeting's times in its own zone (``zone=meeting``) or the browser's
    (``zone=viewer``); kept in a cookie for the last few meetings. Changes nothing stored."""
    meeting = services.meeting_get(repo=pages_repo(), url_code=url_code)
    choice = request.POST.get("zone")
    if choice not in ("meeting", "viewer"):
        message = gettext("That change is not possible.")
        return meeting_render(request, meeting, errors=[message], status=400)
    codes = meeting_zone_choose(request, url_code, in_meeting_zone=choice == "meeting")
    response = meeting_done(request, meeting, anchor="availability")
    meeting_zone_cookie_write(response, codes)
    return response
