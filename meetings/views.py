"""The browser pages: thin views over ``meetings.services``, the same use cases the API calls.

Without JavaScript every control is a plain form: POST, then a 303 redirect, then a GET that
shows the meeting as stored. With JavaScript (``static/meetifyr.js``) the same forms are sent in
the background with a ``Meetifyr-Fragment: 1`` header, and the answer is the re-rendered meeting
fragment instead of a redirect. ``/meetings/<code>/grid`` answers the page's conditional polls:
304 after one indexed read while nothing changed.

Who "I" am in a meeting is kept server-side in the session (url_code -> participant id). The
keys this browser holds - the organizer key of meetings it created (or whose manage link it
opened), the participant keys of people who joined from it (or whose personal link it opened) -
are kept in the browser itself, in a signed cookie (``meetings.browser_keys``). The services
decide what a key allows; these views only pick the key to send.
Opening a manage or personal link (``?key=``, with ``&participant=<id>`` for a personal one)
stores its key and redirects to the plain meeting URL, so the key leaves the address bar and
history; Django's request log writes paths without their query, so no key reaches a log line.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from meetings import calendar, limits, services
from meetings import rendered as cache
from meetings.browser_keys import (
    keys_forget,
    keys_get,
    keys_remember,
    organizer_key,
    participant_key,
)
from meetings.conditional import meeting_etag, meeting_not_modified
from meetings.domain import (
    MAX_RANGE_DAYS,
    DomainError,
    Editing,
    KeyRefused,
    KeyRequired,
    Meeting,
    MeetingClosed,
    MeetingNotFound,
    NoFinalDate,
    Participant,
    ParticipantId,
    ParticipantNotFound,
    StoreUnavailable,
    is_organizer,
    key_digest,
    key_new,
    participant_find,
)
from meetings.repositories import MeetingRepository, repository_for
from meetings.slots import (
    InvalidTimeWindow,
    minutes_label,
    slots_marks_to,
    slots_target,
    time_zone_check,
    wall_time_in,
)
from meetings.web.forms.base import PageForm, domain_error_message
from meetings.web.forms.final import FinalForm, ReopenForm
from meetings.web.forms.meeting import (
    DateRangeForm,
    DeleteForm,
    EditingForm,
    LocationForm,
    MeetingCreateForm,
    TitleForm,
    quick_range_find,
    quick_ranges,
    time_window_typed,
)
from meetings.web.forms.participants import JoinForm, LeaveForm, MarkForm, SwitchForm
from meetings.web.forms.slots import PaintForm, SlotsForm
from meetings.web.presenters.grid import grid_build
from meetings.web.presenters.labels import date_short, date_with_year, zone_label
from meetings.web.presenters.slot_grid import SlotGrid, slot_grid_build

logger = logging.getLogger(__name__)

FRAGMENT_HEADER = "Meetifyr-Fragment"
NAVIGATE_HEADER = "Meetifyr-Navigate"  # a fragment request's answer: go to this page instead
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


# --- the keys this browser holds (meetings.browser_keys) ---------------------------------------


def row_key(request: HttpRequest, url_code: str, participant_id: ParticipantId) -> str | None:
    """The key to send for a change to this participant's row: its own key if this browser
    holds it, else the organizer key (which may change every row)."""
    return participant_key(request, url_code, participant_id) or organizer_key(request, url_code)


def link_with_key(
    request: HttpRequest, url_code: str, key: str, participant_id: ParticipantId | None = None
) -> str:
    """A manage link (organizer key) or a personal link (a participant's key)."""
    query = {"key": key}
    if participant_id is not None:
        query = {"participant": str(participant_id), "key": key}
    url = reverse("meeting_page", args=[url_code])
    return request.build_absolute_uri(f"{url}?{urlencode(query)}")


# --- rendering ----------------------------------------------------------------------------------


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


def page_errors(view: PageView) -> PageView:
    """Unknown meetings get the friendly 404 page, an unreachable store a 503 page, a client
    over a rate limit the 429 page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except limits.RateLimited as error:
            return too_many_requests(request, error)
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
    held_organizer_key = organizer_key(request, code)
    organizer = is_organizer(meeting, held_organizer_key)
    open_editing = meeting.editing is Editing.OPEN
    my_key = participant_key(request, code, me.id) if me else None
    # What this browser may change, for the controls it is shown (the services decide anyway).
    # A closed meeting (the final date is picked) takes no joins and no marks: every row is
    # read-only, though its people may still leave.
    can_remove_me = me is not None and (open_editing or organizer or my_key is not None)
    can_edit_me = can_remove_me and not meeting.closed
    can_edit_settings = open_editing or organizer
    can_pick = can_edit_settings and meeting.has_date_range and not meeting.closed
    errors.extend(str(message) for message in messages.get_messages(request))
    context: dict[str, Any] = {
        "meeting": meeting,
        "me": me,
        "can_edit_me": can_edit_me,
        "can_remove_me": can_remove_me,
        "can_edit_settings": can_edit_settings,
        "can_pick": can_pick,
        "decision": decision_build(request, meeting),
        "is_organizer": organizer,
        "protected": not open_editing,
        "manage_url": link_with_key(request, code, held_organizer_key)
        if organizer and held_organizer_key
        else "",
        "personal_url": link_with_key(request, code, my_key, me.id) if me and my_key else "",
        "editing_form": EditingForm(
            initial={"editing": (Editing.OPEN if not open_editing else Editing.PROTECTED).value}
        ),
        "grid": None if meeting.window else grid_build(meeting, me=me if can_edit_me else None),
        "slot_grid": slot_grid_render(request, meeting, me=me if can_edit_me else None),
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
        # Built only where it is shown (its time zone select has hundreds of choices).
        "dates_form": forms.get("dates") or (None if meeting.has_date_range else DateRangeForm()),
        "join_form": forms.get("join") or JoinForm(),
        "switch_form": forms.get("switch")
        or SwitchForm(meeting=meeting, initial={"participant": str(me.id) if me else ""}),
        "leave_form": forms.get("leave") or LeaveForm(),
        "final_form": forms.get("final") or (final_form_initial(meeting) if can_pick else None),
        "delete_form": forms.get("delete") or DeleteForm(),
    }
    fragment = is_fragment_request(request)
    template = "meetings/_meeting.html" if fragment else "meetings/meeting.html"
    response = render(request, template, context, status=status)
    response["ETag"] = meeting_etag(meeting.version)
    # The page may show this browser's manage or personal link: never stored by a cache.
    response["Cache-Control"] = "no-store, private"
    if fragment:
        response[FRAGMENT_HEADER] = "1"
    patch_vary_headers(response, [FRAGMENT_HEADER])
    return response


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


def meeting_done(request: HttpRequest, meeting: Meeting, *, anchor: str = "") -> HttpResponse:
    """After a successful change: the fragment for the script, else POST-redirect-GET."""
    if is_fragment_request(request):
        return meeting_render(request, meeting)
    url = reverse("meeting_page", args=[meeting.url_code])
    return see_other(f"{url}#{anchor}" if anchor else url)


def error_status(error: DomainError) -> int:
    """A refused change: 403 when it needed a key this browser does not hold, 409 when the
    meeting is closed (the final date is picked), else 400 (bad input)."""
    if isinstance(error, KeyRequired | KeyRefused):
        return 403
    if isinstance(error, MeetingClosed):
        return 409
    return 400


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
                **time_window_typed(request),
            }
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
                    window=data["window"],
                    organizer_key=new_key,
                ),
            )
            if meeting is not None:
                keys_remember(request, meeting.url_code, organizer=new_key)
                return see_other(reverse("meeting_page", args=[meeting.url_code]))
        status = 400
    context = {"form": form, "quick_ranges": quick_ranges(today), "max_dates": MAX_RANGE_DAYS + 1}
    return render(request, "meetings/create.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
@page_errors
def meeting_page(request: HttpRequest, url_code: str) -> HttpResponse:
    if "key" in request.GET:
        return meeting_link_open(request, url_code)
    return meeting_render(request, services.meeting_get(repo=pages_repo(), url_code=url_code))


def meeting_link_open(request: HttpRequest, url_code: str) -> HttpResponse:
    """A manage link (``?key=``) or a personal link (``?participant=<id>&key=``): keep its key
    in this browser, then go to the plain meeting URL. A key that does not fit is counted
    against the refused-keys limit (past it: the 429 page), and nothing is kept. A personal
    link opened where the browser is already someone else in this meeting keeps the key but
    does not switch who the browser is: choosing the name does (no link can make a browser
    answer as someone else unasked)."""
    repo = pages_repo()
    key = request.GET.get("key", "")
    raw_participant = request.GET.get("participant")
    meeting = services.meeting_get(repo=repo, url_code=url_code)
    participant = participant_find(meeting, raw_participant) if raw_participant else None
    try:
        fits = (raw_participant is None or participant is not None) and (
            services.meeting_key_holder(
                repo=repo,
                url_code=url_code,
                key=key,
                participant_id=participant.id if participant else None,
            )
        )
    except ParticipantNotFound:  # removed meanwhile
        fits = False
    if not fits:
        limits.limit_count(request, limits.KEY_FAILURES)
        messages.error(
            request,
            gettext(
                "That link does not work (any more). Ask the organizer for a new one, or "
                "check that you copied all of it."
            ),
        )
    elif participant is not None:
        keys_remember(request, url_code, participant=(participant.id, key))
        me = me_get(request, meeting)
        if me is None or str(me.id) == str(participant.id):
            me_set(request, url_code, participant.id)
        else:
            messages.info(
                request,
                gettext("You can now answer as %(name)s too: choose %(name)s under “Not %(me)s?”.")
                % {"name": participant.name, "me": me.name},
            )
    else:
        keys_remember(request, url_code, organizer=key)
    return see_other(reverse("meeting_page", args=[url_code]))


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
        version = services.meeting_version(repo=repo, url_code=url_code)
        if response := meeting_not_modified(if_none_match, version):
            response["Cache-Control"] = "no-cache, private"
            return response
    kept_key = fragment_key(request, url_code) if is_fragment_request(request) else None
    if kept_key is not None:
        if version is None:
            version = services.meeting_version(repo=repo, url_code=url_code)
        kept = fragment_kept(kept_key, version)
        if kept is not None:
            return fragment_response(request, url_code, kept, version)
    rendered = meeting_render(request, services.meeting_get(repo=repo, url_code=url_code))
    if kept_key is not None and rendered.status_code == 200:
        fragment_keep(request, url_code, kept_key, rendered)
    return rendered


# --- fragments kept for browsers that are nobody in the meeting ---------------------------------

CSRF_PLACEHOLDER = "\x00csrf\x00"


def fragment_held(request: HttpRequest, url_code: str) -> list[str]:
    """The keys this browser holds for the meeting, in a fixed order."""
    held = keys_get(request, url_code)
    people = held.get("p", {})
    keys = [held.get("o"), *(people.values() if isinstance(people, dict) else [])]
    return sorted(key for key in keys if isinstance(key, str))


def fragment_key(request: HttpRequest, url_code: str) -> str | None:
    """Where this request's fragment is kept: one per version (compared on use) and per
    viewer - language, zone cookies, site, who the browser is in the meeting and the digests
    of the keys it holds - or ``None`` while a message waits to be shown."""
    if "messages" in request.COOKIES:
        return None
    me = request.session.get(SESSION_KEY, {}).get(url_code)
    digests = [key_digest(key) for key in fragment_held(request, url_code)]
    zones = (request.COOKIES.get(ZONE_COOKIE, ""), url_code in meeting_zone_codes(request))
    site = (request.scheme, request.get_host())
    store = settings.MEETINGS_PAGES_STORE
    viewer = repr((store, url_code, get_language(), zones, site, me, digests))
    return "fragment:" + hashlib.sha256(viewer.encode()).hexdigest()


def fragment_kept(kept_key: str, version: int) -> bytes | None:
    entry = cache.kept_get(kept_key)
    if entry is None or entry[0] != version:
        return None
    return entry[1]


_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def _key_placeholder(index: int) -> bytes:
    return f"\x00key{index}\x00".encode()


def fragment_keep(
    request: HttpRequest, url_code: str, kept_key: str, response: HttpResponse
) -> None:
    """Keep the fragment with its CSRF token (one per render) and the keys its manage or
    personal link show swapped for placeholders: no key is ever kept."""
    body = response.content
    tokens = set(_CSRF_INPUT.findall(body))
    if len(tokens) > 1:
        return  # not one token per render: keep nothing rather than guess
    for token in tokens:
        body = body.replace(token, CSRF_PLACEHOLDER.encode())
    for index, key in enumerate(fragment_held(request, url_code)):
        body = body.replace(key.encode(), _key_placeholder(index))
    version = int(response["ETag"].strip('"m'))
    cache.kept_put(kept_key, version, body, max_bytes=settings.MEETINGS_FRAGMENT_MAX_BYTES)


def fragment_response(
    request: HttpRequest, url_code: str, body: bytes, version: int
) -> HttpResponse:
    body = body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    for index, key in enumerate(fragment_held(request, url_code)):
        body = body.replace(_key_placeholder(index), key.encode())
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["ETag"] = meeting_etag(version)
    response["Cache-Control"] = "no-store, private"
    response[FRAGMENT_HEADER] = "1"
    patch_vary_headers(response, [FRAGMENT_HEADER])
    return response


# --- meeting changes ----------------------------------------------------------------------------


@page_errors
@post_only
def meeting_dates_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    if pick := quick_range_find(request.POST.get("quick", ""), timezone.localdate()):
        form = DateRangeForm(
            initial={"start_date": pick.start, "end_date": pick.end, **time_window_typed(request)}
        )
        current = services.meeting_get(repo=pages_repo(), url_code=url_code)
        return meeting_render(request, current, forms={"dates": form})
    form = DateRangeForm(request.POST)
    if form.is_valid():
        start, end = form.cleaned_data["start_date"], form.cleaned_data["end_date"]
        window = form.cleaned_data["window"]
        meeting = attempt(
            form,
            lambda: services.meeting_set_date_range(
                repo=pages_repo(),
                url_code=url_code,
                start_date=start,
                end_date=end,
                window=window,
                key=organizer_key(request, url_code),
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


# --- the final date, the calendar file, deleting -------------------------------------------------


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
        decided = attempt(
            form,
            lambda: services.meeting_set_final(
                repo=repo,
                url_code=url_code,
                day=data["date"],
                start=data.get("start"),
                end=data.get("end"),
                note=data["note"],
                key=key,
            ),
        )
        if decided is not None:
            return meeting_done(request, decided, anchor="decision")
    return meeting_failed(request, url_code, forms={"final": form})


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
    cache.rendered_meeting_drop(store=settings.MEETINGS_PAGES_STORE, url_code=url_code)
    keys_forget(request, url_code)
    me_forget(request, url_code)
    messages.success(request, gettext("The meeting was deleted."))
    home = reverse("meeting_create_page")
    if is_fragment_request(request):  # the page's script goes there itself
        response = HttpResponse(status=204)
        response[NAVIGATE_HEADER] = home
        return response
    return see_other(home)


@require_http_methods(["GET", "HEAD"])
@page_errors
def meeting_event_page(request: HttpRequest, url_code: str) -> HttpResponse:
    """The decision as an iCalendar file (the API's ``event.ics``, with the page's link); the
    friendly 404 page while there is none."""
    meeting = services.meeting_get(repo=pages_repo(), url_code=url_code)
    try:
        event = meeting_calendar_event(request, meeting)
    except NoFinalDate:
        context = {"meeting": meeting}
        return render(request, "meetings/no_final.html", context, status=404)
    response = HttpResponse(calendar.ics_render(event), content_type=calendar.MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{calendar.ics_filename(url_code)}"'
    response["ETag"] = meeting_etag(meeting.version)
    response["Cache-Control"] = "no-cache, private"
    return response


# --- participants -------------------------------------------------------------------------------


@page_errors
@post_only
def participant_join_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    limits.limit_count(request, limits.JOIN)
    form = JoinForm(request.POST)
    if form.is_valid():
        new_key = key_new()
        try:
            participant, meeting = services.participant_create(
                repo=pages_repo(),
                url_code=url_code,
                name=form.cleaned_data["name"],
                participant_key=new_key,
            )
        except (MeetingNotFound, StoreUnavailable):
            raise
        except DomainError as error:
            form.add_domain_error(error)
        else:
            keys_remember(request, url_code, participant=(participant.id, new_key))
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
        # On a protected meeting, acting as someone needs their key (or the organizer's).
        try:
            services.participant_change_allowed(
                repo=pages_repo(),
                url_code=url_code,
                participant_id=participant_id,
                key=row_key(request, url_code, participant_id),
            )
        except (KeyRequired, KeyRefused) as error:
            chosen = participant_find(meeting, participant_id)
            form.add_domain_error(error, value=chosen.name if chosen else "")
            return meeting_render(request, meeting, forms={"switch": form}, status=403)
        except ParticipantNotFound as error:  # removed since the page was read
            form.add_domain_error(error)
            current = services.meeting_get(repo=pages_repo(), url_code=url_code)
            return meeting_render(request, current, forms={"switch": form}, status=400)
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
            repo=repo,
            url_code=url_code,
            participant_date_id=row.id,
            action=action,
            key=row_key(request, url_code, me.id),
        )
    except (MeetingNotFound, StoreUnavailable):
        raise
    except DomainError as error:  # no key for this row, closed, or removed meanwhile
        return meeting_failed(
            request,
            url_code,
            errors=[domain_error_message(error, value=me.name)],
            status=error_status(error),
        )
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
        meeting = services.participant_delete(
            repo=repo,
            url_code=url_code,
            participant_id=me.id,
            key=row_key(request, url_code, me.id),
        )
    except (MeetingNotFound, StoreUnavailable):
        raise
    except (KeyRequired, KeyRefused) as error:
        form.add_domain_error(error, value=me.name)
        return meeting_render(request, meeting, forms={"leave": form}, status=403)
    except DomainError:  # removed by someone else meanwhile: the outcome is the same
        meeting = services.meeting_get(repo=repo, url_code=url_code)
    me_forget(request, url_code)
    return meeting_done(request, meeting)


# --- times of day: painting slots, the zone the times are shown in -------------------------------

ZONE_COOKIE = "meetifyr_tz"  # the browser's IANA zone, written by meetifyr.js
MEETING_ZONE_COOKIE = "meetifyr_meeting_zone"  # url codes this browser reads in their own zone
MEETING_ZONE_KEPT = 20
ZONE_COOKIE_AGE = 400 * 24 * 3600


def viewer_zone(request: HttpRequest) -> str | None:
    """The browser's zone (from the cookie the page's script writes), if it names one."""
    raw = request.COOKIES.get(ZONE_COOKIE, "")
    if not raw:
        return None
    try:
        return time_zone_check(raw)
    except InvalidTimeWindow:
        return None


def meeting_zone_codes(request: HttpRequest) -> list[str]:
    """The meetings this browser chose to read in the meeting's own zone."""
    return request.COOKIES.get(MEETING_ZONE_COOKIE, "").split()[-MEETING_ZONE_KEPT:]


def slot_grid_render(
    request: HttpRequest, meeting: Meeting, *, me: Participant | None
) -> SlotGrid | None:
    """The two grids of a timed meeting, in the browser's zone unless it asked for the
    meeting's; the forms without JavaScript only on a whole page (the script asks for
    fragments, and paints instead)."""
    if meeting.window is None or not meeting.has_date_range:
        return None
    viewer = viewer_zone(request)
    zone = meeting.window.time_zone
    if viewer is not None and meeting.url_code not in meeting_zone_codes(request):
        zone = viewer
    return slot_grid_build(
        meeting, me=me, zone=zone, viewer_zone=viewer, forms=not is_fragment_request(request)
    )


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


def marks_apply_page(
    request: HttpRequest, url_code: str, me: Participant, marks: list[services.MarkRequest]
) -> HttpResponse:
    """Paint ``marks`` on my row in one change: the fragment (or a redirect) after it, the
    meeting as stored with the reason when it was refused (403 without the key, 409 while
    closed, else 400)."""
    try:
        meeting = services.participant_marks(
            repo=pages_repo(),
            url_code=url_code,
            participant_id=me.id,
            marks=marks,
            key=row_key(request, url_code, me.id),
        )
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
    """One date's checkboxes, without JavaScript: only the slots changed on the page."""
    meeting, me, refused = my_row_or_error(request, url_code)
    if me is None:
        assert refused is not None
        return refused
    window = meeting.window
    impossible = gettext("That change is not possible.")
    if window is None:
        return meeting_render(request, meeting, errors=[impossible], status=400)
    form = SlotsForm(request.POST, slot_count=window.slot_count)
    if not form.is_valid():
        return meeting_render(request, meeting, errors=[impossible], status=400)
    day = form.cleaned_data["day"]
    was = form.cleaned_data["was"]
    target = slots_target(
        window,
        day,
        was,
        free=set(form.cleaned_data["free"]),
        preferred=set(form.cleaned_data["preferred"]),
    )
    marks = [
        services.MarkRequest(day, action, minutes_label(begin), minutes_label(end))
        for action, begin, end in slots_marks_to(window, was, target)
    ]
    if not marks:  # nothing changed on the page: nothing to store
        if day not in meeting.dates():
            message = gettext("That date is not part of this meeting.")
            return meeting_render(request, meeting, errors=[message], status=400)
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
    codes = [code for code in meeting_zone_codes(request) if code != url_code]
    if choice == "meeting":
        codes.append(url_code)
    codes = codes[-MEETING_ZONE_KEPT:]
    request.COOKIES[MEETING_ZONE_COOKIE] = " ".join(codes)  # the answer shows the choice
    response = meeting_done(request, meeting, anchor="availability")
    if codes:
        response.set_cookie(
            MEETING_ZONE_COOKIE,
            " ".join(codes),
            max_age=ZONE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    else:
        response.delete_cookie(MEETING_ZONE_COOKIE, samesite="Lax")
    return response
