"""How a page answers: the store the pages use, the redirect after a POST, the error pages
(404, 429, 503) and the decorators that answer them, and the meeting after a change (the
fragment for the page's script, else a redirect) or after a refused one (with its status).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from meetings import limits, services
from meetings.domain import (
    DomainError,
    KeyRefused,
    KeyRequired,
    Meeting,
    MeetingClosed,
    MeetingFull,
    MeetingNotFound,
    StoreUnavailable,
    date_range_past,
)
from meetings.repositories import MeetingRepository, repository_for
from meetings.web.context import meeting_render
from meetings.web.forms.base import PageForm
from meetings.web.fragments import is_fragment_request
from meetings.web.presenters.labels import date_with_year

logger = logging.getLogger(__name__)

NAVIGATE_HEADER = "Meetifyr-Navigate"  # a fragment request's answer: go to this page instead

PageView = Callable[..., HttpResponse]


def pages_repo() -> MeetingRepository:
    """The store the pages read and write (``MEETINGS_PAGES_STORE``)."""
    return repository_for(settings.MEETINGS_PAGES_STORE)


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def see_other(url: str) -> HttpResponse:
    """The redirect after a successful POST (the GET shows the meeting as stored)."""
    return HttpResponseSeeOther(url)


def too_many_requests(request: HttpRequest, error: limits.RateLimited) -> HttpResponse:
    minutes = max(1, round(error.retry_after / 60))
    response = render(request, "meetings/too_many.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


def not_found(request: HttpRequest, url_code: str | None) -> HttpResponse:
    """No meeting at this link: 410 "deleted" when its organizer (or staff) deleted it, else the
    friendly 404 "check the link". Neither says anything else about the meeting."""
    deleted = False
    if url_code is not None:
        try:
            deleted = services.meeting_deleted(repo=pages_repo(), url_code=url_code)
        except (StoreUnavailable, OperationalError, InterfaceError) as error:
            logger.warning("tombstones unavailable: %s", error)
    if deleted:
        return render(request, "meetings/deleted.html", status=410)
    return render(request, "meetings/not_found.html", status=404)


def page_errors(view: PageView) -> PageView:
    """Unknown meetings get the friendly 404 page (410 once deleted), an unreachable store a
    503 page, a client over a rate limit the 429 page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except limits.RateLimited as error:
            return too_many_requests(request, error)
        except MeetingNotFound:
            return not_found(request, kwargs.get("url_code"))
        except (StoreUnavailable, OperationalError, InterfaceError) as error:
            logger.warning("store unavailable for a page: %s", error)
            response = render(request, "meetings/unavailable.html", status=503)
            response["Retry-After"] = "1"
            return response

    return wrapper


def post_only(view: PageView) -> PageView:
    """Form targets: a GET (a bookmarked or reloaded error page) goes to the meeting."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, url_code: str) -> HttpResponse:
        if request.method != "POST":
            return see_other(reverse("meeting_page", args=[url_code]))
        return view(request, url_code)

    return wrapper


def attempt(form: PageForm, change: Callable[[], Meeting]) -> Meeting | None:
    """Run a change; a broken rule (a missing key included) becomes an error on ``form``. A
    missing meeting or an unreachable store propagate (``page_errors`` answers them)."""
    try:
        return change()
    except (MeetingNotFound, StoreUnavailable):
        raise
    except DomainError as error:
        form.add_domain_error(error)
        return None


def error_status(error: DomainError) -> int:
    """A refused change: 403 when it needed a key this browser does not hold, 409 when the
    meeting is closed (the final date is picked) or full, else 400 (bad input)."""
    if isinstance(error, KeyRequired | KeyRefused):
        return 403
    if isinstance(error, MeetingClosed | MeetingFull):
        return 409
    return 400


def past_dates_warn(request: HttpRequest, meeting: Meeting) -> None:
    """A range set in the past is kept, with a warning on the page that follows."""
    start = meeting.start_date
    if meeting.weekly:  # its dates are the reference week's: there is no past to warn of
        return
    if start is not None and date_range_past(start, timezone.localdate()):
        messages.warning(
            request,
            gettext(
                "Note: the dates start in the past (%(date)s). The meeting was made with them; "
                "check that the year and month are right."
            )
            % {"date": date_with_year(start)},
        )


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
    status: int | None = None,
) -> HttpResponse:
    """Bad input: the meeting as stored, with the errors next to their fields (400; 403 when
    the change needed a key this browser does not hold, 409 when the meeting is closed)."""
    if status is None:
        refusals = [
            code
            for form in (forms or {}).values()
            for error in getattr(form, "domain_errors", [])
            if (code := error_status(error)) != 400
        ]
        status = refusals[0] if refusals else 400
    meeting = services.meeting_get(repo=pages_repo(), url_code=url_code)
    return meeting_render(request, meeting, forms=forms, errors=errors, status=status)
