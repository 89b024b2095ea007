"""The pages of a meeting: the create page, the meeting page (old links with ``?key=`` open
through ``links``), the fragment its polls fetch, the decision as an iCalendar file, and the
answers as a CSV file.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from meetings import calendar, clock, downloads, limits, services, spreadsheet
from meetings.conditional import meeting_etag, meeting_poll
from meetings.domain import (
    MAX_RANGE_DAYS,
    NoFinalDate,
    key_new,
)
from meetings.web.context import meeting_render
from meetings.web.decision import meeting_calendar_event
from meetings.web.forms.base import error_links
from meetings.web.forms.days import quick_weekdays
from meetings.web.forms.meeting import (
    MeetingCreateForm,
    quick_days,
    quick_ranges,
    time_zone_names,
)
from meetings.web.fragments import (
    fragment_keep,
    fragment_kept,
    fragment_key,
    fragment_response,
    is_fragment_request,
)
from meetings.web.identity import keys_remember
from meetings.web.presenters.labels import answer_words
from meetings.web.responses import attempt, page_errors, pages_repo, past_dates_warn, see_other
from meetings.web.views.links import meeting_link_open
from meetings.web.zone_guess import zone_guess


@require_http_methods(["GET", "HEAD", "POST"])
@page_errors
def meeting_create_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    status = 200
    if request.method != "POST":
        form = MeetingCreateForm(zone_guess=zone_guess(request, offered=time_zone_names()))
    elif picked := quick_days(request, today):
        # A quick pick without JavaScript: fill the dates or weekdays in, keep what was typed.
        form = MeetingCreateForm(
            initial={
                "title": request.POST.get("title", ""),
                "location": request.POST.get("location", ""),
                **picked,
            },
            zone_guess=zone_guess(request, offered=time_zone_names()),
        )
    else:
        limits.limit_count(request, limits.CREATE)
        form = MeetingCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            new_key = key_new()
            meeting = attempt(
                form,
                lambda: services.meeting_create(
                    repo=pages_repo(),
                    title=data["title"],
                    location=data["location"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    weekdays=data["weekdays"],
                    window=data["window"],
                    organizer_key=new_key,
                ),
            )
            if meeting is not None:
                keys_remember(request, meeting.url_code, organizer=new_key)
                past_dates_warn(request, meeting)
                return see_other(reverse("meeting_page", args=[meeting.url_code]))
        status = 400
    context = {
        "form": form,
        "quick_ranges": quick_ranges(today),
        "quick_weekdays": quick_weekdays(),
        "max_dates": MAX_RANGE_DAYS + 1,
        "error_summary": error_links(form),
    }
    return render(request, "meetings/create.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
@page_errors
def meeting_page(request: HttpRequest, url_code: str) -> HttpResponse:
    if "key" in request.GET:  # an old link, made before keys went after "#"
        return meeting_link_open(request, url_code)
    return meeting_render(request, services.meeting_get(repo=pages_repo(), url_code=url_code))


@require_GET
@page_errors
def meeting_grid(request: HttpRequest, url_code: str) -> HttpResponse:
    """The meeting fragment for the page's polls: 304 for one query while nothing changed.

    After a change every open page refetches the fragment. A fragment depends only on the
    meeting's version and on the viewer (``fragment_key``), so it is kept and sent again for
    one indexed read, with this request's CSRF token and keys put in (``fragment_keep``)."""
    repo = pages_repo()
    if_none_match = request.headers.get("If-None-Match")
    version: int | None = None
    if if_none_match:
        version, response = meeting_poll(repo=repo, url_code=url_code, if_none_match=if_none_match)
        if response is not None:
            response["Cache-Control"] = "no-cache, private"
            return response
    kept_key = fragment_key(request, url_code) if is_fragment_request(request) else None
    if kept_key is not None:
        if version is None:
            version = services.meeting_version(repo=repo, url_code=url_code)
        kept = fragment_kept(kept_key, version)
        if kept is not None:
            return fragment_response(request, url_code, kept, version)
    meeting = services.meeting_get(repo=repo, url_code=url_code)
    rendered = meeting_render(request, meeting)
    # A meeting whose deadline is still ahead changes when it comes, not with its version:
    # its fragment is not kept (one kept before would offer the controls after it).
    due = meeting.deadline is not None and not meeting.answers_closed(clock.now())
    if kept_key is not None and rendered.status_code == 200 and not due:
        fragment_keep(request, url_code, kept_key, rendered)
    return rendered


@require_http_methods(["GET", "HEAD"])
@page_errors
def meeting_event_page(request: HttpRequest, url_code: str) -> HttpResponse:
    """The decision as an iCalendar file (the API's ``event.ics``, with the page's link), named
    after the title; the friendly 404 page while there is none."""
    meeting = services.meeting_get(repo=pages_repo(), url_code=url_code)
    try:
        event = meeting_calendar_event(request, meeting)
    except NoFinalDate:
        context = {"meeting": meeting}
        return render(request, "meetings/no_final.html", context, status=404)
    response = HttpResponse(calendar.ics_render(event), content_type=calendar.MEDIA_TYPE)
    response["Content-Disposition"] = calendar.title_disposition(event.title)
    response["ETag"] = meeting_etag(meeting.version)
    response["Cache-Control"] = "no-cache, private"
    return response


@require_http_methods(["GET", "HEAD"])
@page_errors
def meeting_answers_page(request: HttpRequest, url_code: str) -> HttpResponse:
    """The answers as a CSV file (the API's ``answers.csv``) in the viewer's language, named
    after the title; the friendly 404 (or 410) page for an unknown (or deleted) meeting."""
    table = services.meeting_answers_table(
        repo=pages_repo(), url_code=url_code, words=answer_words()
    )
    response = HttpResponse(spreadsheet.csv_render(table.rows), content_type=spreadsheet.MEDIA_TYPE)
    response["Content-Disposition"] = downloads.title_disposition(
        table.title, extension=spreadsheet.EXTENSION, default=spreadsheet.DEFAULT_STEM
    )
    response["Cache-Control"] = "no-cache, private"
    return response
