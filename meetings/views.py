"""The browser pages: thin views over ``meetings.services``, the same use cases the API calls.

Without JavaScript every control is a plain form: POST, then a 303 redirect, then a GET that
shows the meeting as stored. With JavaScript (``static/meetifyr.js``) the same forms are sent in
the background with a ``Meetifyr-Fragment: 1`` header, and the answer is the re-rendered meeting
fragment instead of a redirect. ``/meetings/<code>/grid`` answers the page's conditional polls:
304 after one indexed read while nothing changed.

Who "I" am in a meeting is kept server-side in the session (url_code -> participant id).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from meetings import services
from meetings.api.views import meeting_etag, meeting_not_modified
from meetings.domain import (
    MAX_RANGE_DAYS,
    DomainError,
    Meeting,
    MeetingNotFound,
    Participant,
    ParticipantId,
    StoreUnavailable,
    participant_find,
)
from meetings.forms import (
    DateRangeForm,
    JoinForm,
    LeaveForm,
    LocationForm,
    MarkForm,
    MeetingCreateForm,
    PageForm,
    SwitchForm,
    TitleForm,
    domain_error_message,
    quick_range_find,
    quick_ranges,
)
from meetings.grid import date_with_year, grid_build
from meetings.repositories import MeetingRepository, repository_for

logger = logging.getLogger(__name__)

FRAGMENT_HEADER = "Meetifyr-Fragment"
SESSION_KEY = "meetifyr_me"
SESSION_MEETINGS_KEPT = 100  # remembered identities per browser; the oldest are dropped

PageView = Callable[..., HttpResponse]


def pages_repo() -> MeetingRepository:
    return repository_for(settings.MEETINGS_PAGES_STORE)


def is_fragment_request(request: HttpRequest) -> bool:
    return request.headers.get(FRAGMENT_HEADER) == "1"


# --- who am I (per meeting, in this browser's session) ------------------------------------------


def me_get(request: HttpRequest, meeting: Meeting) -> Participant | None:
    """This browser's participant in ``meeting``; forgotten when it no longer exists."""
    known: dict[str, str] = request.session.get(SESSION_KEY, {})
    participant_id = known.get(meeting.url_code)
    if participant_id is None:
        return None
    participant = participant_find(meeting, participant_id)
    if participant is None:
        me_forget(request, meeting.url_code)
    return participant


def me_set(request: HttpRequest, url_code: str, participant_id: ParticipantId) -> None:
    known = {
        code: value
        for code, value in request.session.get(SESSION_KEY, {}).items()
        if code != url_code
    }
    known[url_code] = str(participant_id)
    request.session[SESSION_KEY] = dict(list(known.items())[-SESSION_MEETINGS_KEPT:])


def me_forget(request: HttpRequest, url_code: str) -> None:
    known: dict[str, str] = request.session.get(SESSION_KEY, {})
    if url_code in known:
        request.session[SESSION_KEY] = {k: v for k, v in known.items() if k != url_code}


# --- rendering ----------------------------------------------------------------------------------


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def see_other(url: str) -> HttpResponse:
    """The redirect after a successful POST (the GET shows the meeting as stored)."""
    return HttpResponseSeeOther(url)


def page_errors(view: PageView) -> PageView:
    """Unknown meetings get the friendly 404 page, an unreachable store a 503 page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except MeetingNotFound:
            return render(request, "meetings/not_found.html", status=404)
        except (StoreUnavailable, OperationalError, InterfaceError) as error:
            logger.warning("store unavailable for a page: %s", error)
            response = render(request, "meetings/unavailable.html", status=503)
            response["Retry-After"] = "1"
            return response

    return wrapper


def range_label(meeting: Meeting) -> str:
    if meeting.start_date is None or meeting.end_date is None:
        return ""
    count = len(meeting.dates())
    return ngettext(
        "%(start)s – %(end)s (%(count)d date)",
        "%(start)s – %(end)s (%(count)d dates)",
        count,
    ) % {
        "start": date_with_year(meeting.start_date),
        "end": date_with_year(meeting.end_date),
        "count": count,
    }


def meeting_render(
    request: HttpRequest,
    meeting: Meeting,
    *,
    forms: dict[str, PageForm] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The meeting page, or only its fragment when the page's script asked for it."""
    forms = forms or {}
    # Errors about the whole form (the dates were set meanwhile, nobody can join yet...) are
    # shown above the meeting: their form may not be on the page any more.
    errors = [
        *(errors or []),
        *(str(e) for form in forms.values() for e in form.non_field_errors()),
    ]
    me = me_get(request, meeting)
    code = meeting.url_code
    context: dict[str, Any] = {
        "meeting": meeting,
        "me": me,
        "grid": grid_build(meeting, me=me),
        "range_label": range_label(meeting),
        "share_url": request.build_absolute_uri(reverse("meeting_page", args=[code])),
        "grid_url": reverse("meeting_grid", args=[code]),
        "poll_seconds": settings.MEETINGS_POLL_SECONDS,
        "etag": meeting_etag(meeting.version),
        "errors": errors,
        "quick_ranges": quick_ranges(timezone.localdate()),
        "max_dates": MAX_RANGE_DAYS + 1,
        "title_form": forms.get("title") or TitleForm(initial={"title": meeting.title}),
        "location_form": forms.get("location")
        or LocationForm(initial={"location": meeting.location}),
        "dates_form": forms.get("dates") or DateRangeForm(),
        "join_form": forms.get("join") or JoinForm(),
        "switch_form": forms.get("switch")
        or SwitchForm(meeting=meeting, initial={"participant": str(me.id) if me else ""}),
        "leave_form": forms.get("leave") or LeaveForm(),
    }
    fragment = is_fragment_request(request)
    template = "meetings/_meeting.html" if fragment else "meetings/meeting.html"
    response = render(request, template, context, status=status)
    response["ETag"] = meeting_etag(meeting.version)
    response["Cache-Control"] = "no-cache, private"
    if fragment:
        response[FRAGMENT_HEADER] = "1"
    patch_vary_headers(response, [FRAGMENT_HEADER])
    return response


def meeting_done(request: HttpRequest, meeting: Meeting, *, anchor: str = "") -> HttpResponse:
    """After a successful change: the fragment for the script, else POST-redirect-GET."""
    if is_fragment_request(request):
        return meeting_render(request, meeting)
    url = reverse("meeting_page", args=[meeting.url_code])
    return see_other(f"{url}#{anchor}" if anchor else url)


def meeting_failed(
    request: HttpRequest,
    url_code: str,
    *,
    forms: dict[str, PageForm] | None = None,
    errors: list[str] | None = None,
) -> HttpResponse:
    """Bad input: the meeting as stored, with the errors next to their fields."""
    meeting = services.meeting_get(repo=pages_repo(), url_code=url_code)
    return meeting_render(request, meeting, forms=forms, errors=errors, status=400)


def attempt(form: PageForm, change: Callable[[], Meeting]) -> Meeting | None:
    """Run a change; a broken rule becomes an error on ``form``. A missing meeting or an
    unreachable store propagate (``page_errors`` answers them)."""
    try:
        return change()
    except (MeetingNotFound, StoreUnavailable):
        raise
    except DomainError as error:
        form.add_domain_error(error)
        return None


def post_only(view: PageView) -> PageView:
    """Form targets: a GET (a bookmarked or reloaded error page) goes to the meeting."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, url_code: str) -> HttpResponse:
        if request.method != "POST":
            return see_other(reverse("meeting_page", args=[url_code]))
        return view(request, url_code)

    return wrapper


# --- pages --------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@page_errors
def meeting_create_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    status = 200
    if request.method != "POST":
        form = MeetingCreateForm()
    elif pick := quick_range_find(request.POST.get("quick", ""), today):
        # A quick pick without JavaScript: fill the dates in, keep what was typed.
        form = MeetingCreateForm(
            initial={
                "title": request.POST.get("title", ""),
                "location": request.POST.get("location", ""),
                "start_date": pick.start,
                "end_date": pick.end,
            }
        )
    else:
        form = MeetingCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            meeting = attempt(
                form,
                lambda: services.meeting_create(
                    repo=pages_repo(),
                    title=data["title"],
                    location=data["location"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                ),
            )
            if meeting is not None:
                return see_other(reverse("meeting_page", args=[meeting.url_code]))
        status = 400
    context = {"form": form, "quick_ranges": quick_ranges(today), "max_dates": MAX_RANGE_DAYS + 1}
    return render(request, "meetings/create.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
@page_errors
def meeting_page(request: HttpRequest, url_code: str) -> HttpResponse:
    return meeting_render(request, services.meeting_get(repo=pages_repo(), url_code=url_code))


@require_GET
@page_errors
def meeting_grid(request: HttpRequest, url_code: str) -> HttpResponse:
    """The meeting fragment for the page's polls: 304 for one query while nothing changed."""
    repo = pages_repo()
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        version = services.meeting_version(repo=repo, url_code=url_code)
        if response := meeting_not_modified(if_none_match, version):
            response["Cache-Control"] = "no-cache, private"
            return response
    return meeting_render(request, services.meeting_get(repo=repo, url_code=url_code))


# --- meeting changes ----------------------------------------------------------------------------


@page_errors
@post_only
def meeting_dates_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    if pick := quick_range_find(request.POST.get("quick", ""), timezone.localdate()):
        form = DateRangeForm(initial={"start_date": pick.start, "end_date": pick.end})
        current = services.meeting_get(repo=pages_repo(), url_code=url_code)
        return meeting_render(request, current, forms={"dates": form})
    form = DateRangeForm(request.POST)
    if form.is_valid():
        start, end = form.cleaned_data["start_date"], form.cleaned_data["end_date"]
        meeting = attempt(
            form,
            lambda: services.meeting_set_date_range(
                repo=pages_repo(), url_code=url_code, start_date=start, end_date=end
            ),
        )
        if meeting is not None:
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
            lambda: services.meeting_set_title(repo=pages_repo(), url_code=url_code, title=title),
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
                repo=pages_repo(), url_code=url_code, location=location
            ),
        )
        if meeting is not None:
            return meeting_done(request, meeting)
    return meeting_failed(request, url_code, forms={"location": form})


# --- participants -------------------------------------------------------------------------------


@page_errors
@post_only
def participant_join_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            participant, meeting = services.participant_create(
                repo=pages_repo(), url_code=url_code, name=form.cleaned_data["name"]
            )
        except (MeetingNotFound, StoreUnavailable):
            raise
        except DomainError as error:
            form.add_domain_error(error)
        else:
            me_set(request, url_code, participant.id)
            return meeting_done(request, meeting, anchor="you")
    return meeting_failed(request, url_code, forms={"join": form})


@page_errors
@post_only
def participant_switch_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    """Choose which participant this browser is (or nobody). Changes nothing stored."""
    meeting = services.meeting_get(repo=pages_repo(), url_code=url_code)
    form = SwitchForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return meeting_render(request, meeting, forms={"switch": form}, status=400)
    participant_id = form.cleaned_data["participant"]
    if participant_id:
        me_set(request, url_code, participant_id)
    else:
        me_forget(request, url_code)
    return meeting_done(request, meeting, anchor="you")


@page_errors
@post_only
def participant_mark_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    """A click on one of my cells (free/busy) or stars."""
    repo = pages_repo()
    form = MarkForm(request.POST)
    if not form.is_valid():
        return meeting_failed(
            request, url_code, errors=[str(e) for e in form.errors.get("mark", [])]
        )
    day, action = form.cleaned_data["mark"]
    meeting = services.meeting_get(repo=repo, url_code=url_code)
    me = me_get(request, meeting)
    if me is None:
        message = gettext("Join this meeting, or choose your name, before marking dates.")
        return meeting_render(request, meeting, errors=[message], status=400)
    row = next((row for row in me.dates if row.date == day), None)
    if row is None:
        message = gettext("That date is not part of this meeting.")
        return meeting_render(request, meeting, errors=[message], status=400)
    try:
        meeting = services.participant_date_mark(
            repo=repo, url_code=url_code, participant_date_id=row.id, action=action
        )
    except (MeetingNotFound, StoreUnavailable):
        raise
    except DomainError as error:  # removed meanwhile (by another page or the API)
        return meeting_failed(request, url_code, errors=[domain_error_message(error)])
    return meeting_done(request, meeting, anchor=f"toggle-{day.isoformat()}")


@page_errors
@post_only
def participant_leave_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    """Remove myself (after the confirmation step) and forget who I was."""
    repo = pages_repo()
    meeting = services.meeting_get(repo=repo, url_code=url_code)
    me = me_get(request, meeting)
    if me is None:  # already gone: nothing left to remove
        return meeting_done(request, meeting)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        return meeting_render(request, meeting, forms={"leave": form}, status=400)
    try:
        meeting = services.participant_delete(repo=repo, participant_id=me.id)
    except (MeetingNotFound, StoreUnavailable):
        raise
    except DomainError:  # removed by someone else meanwhile: the outcome is the same
        meeting = services.meeting_get(repo=repo, url_code=url_code)
    me_forget(request, url_code)
    return meeting_done(request, meeting)
