"""The meeting page: what its template is given (who the browser is and what it may change, the
links, the grids and the decision, the forms) and the page or fragment it renders.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import ngettext

from meetings import clock, services
from meetings.conditional import meeting_etag
from meetings.domain import (
    MAX_RANGE_DAYS,
    Editing,
    Meeting,
    Participant,
    deadline_zone,
    is_organizer,
)
from meetings.web.busy_kept import busy_kept
from meetings.web.decision import decision_build, final_form_initial
from meetings.web.forms.base import PageForm, error_links
from meetings.web.forms.calendar import CalendarForm
from meetings.web.forms.days import quick_weekdays
from meetings.web.forms.deadline import deadline_initial, deadline_label
from meetings.web.forms.links import LinkForm
from meetings.web.forms.meeting import (
    DateRangeForm,
    DeleteForm,
    EditingForm,
    LocationForm,
    TitleForm,
    quick_ranges,
)
from meetings.web.forms.participants import JoinForm, LeaveForm, PasswordForm, SwitchForm
from meetings.web.fragments import FRAGMENT_HEADER, is_fragment_request
from meetings.web.identity import link_with_key, me_get, organizer_key, participant_key
from meetings.web.presenters.busy import BusyPreview, busy_preview
from meetings.web.presenters.grid import grid_build
from meetings.web.presenters.labels import date_with_year, weekday_long, zone_label
from meetings.web.presenters.slot_grid import SlotGrid, slot_grid_build
from meetings.web.zones import shown_zone, viewer_zone

# Forms whose one field is the value of the button that sent them: the error summary links
# to that button.
BUTTON_FIELDS = {
    "leave": "leave-confirm",
    "delete": "delete-confirm",
    "editing": "editing",
    "reopen": "reopen",
}


@dataclass(frozen=True)
class Viewer:
    """This browser in a meeting: who it is, the keys it holds, and what it may change (for the
    controls it is shown; the services decide anyway)."""

    me: Participant | None
    organizer_key: str | None  # the organizer key this browser holds, whether it fits or not
    my_key: str | None  # the key of ``me`` this browser holds
    organizer: bool
    open_editing: bool
    can_remove_me: bool
    can_edit_me: bool
    can_edit_settings: bool
    can_pick: bool


def viewer_of(request: HttpRequest, meeting: Meeting) -> Viewer:
    me = me_get(request, meeting)
    code = meeting.url_code
    held_organizer_key = organizer_key(request, code)
    organizer = is_organizer(meeting, held_organizer_key)
    open_editing = meeting.editing is Editing.OPEN
    my_key = participant_key(request, code, me.id) if me else None
    # A closed meeting (the final date is picked, or the deadline for answers passed) takes no
    # joins and no marks: every row is read-only, though its people may still leave.
    can_remove_me = me is not None and (open_editing or organizer or my_key is not None)
    can_edit_settings = open_editing or organizer
    return Viewer(
        me=me,
        organizer_key=held_organizer_key,
        my_key=my_key,
        organizer=organizer,
        open_editing=open_editing,
        can_remove_me=can_remove_me,
        can_edit_me=can_remove_me and not meeting.answers_closed(clock.now()),
        can_edit_settings=can_edit_settings,
        can_pick=can_edit_settings and meeting.has_date_range and not meeting.closed,
    )


def viewer_context(viewer: Viewer) -> dict[str, Any]:
    return {
        "me": viewer.me,
        "can_edit_me": viewer.can_edit_me,
        "can_remove_me": viewer.can_remove_me,
        "can_edit_settings": viewer.can_edit_settings,
        "can_pick": viewer.can_pick,
        "is_organizer": viewer.organizer,
        "protected": not viewer.open_editing,
        # Only the row's own key sets its password (not the organizer's).
        "can_set_password": viewer.me is not None and viewer.my_key is not None,
    }


def links_context(request: HttpRequest, meeting: Meeting, viewer: Viewer) -> dict[str, Any]:
    """The manage and personal links this browser may show, the share link, the polls' URL."""
    code = meeting.url_code
    me = viewer.me
    return {
        "manage_url": link_with_key(request, code, viewer.organizer_key)
        if viewer.organizer and viewer.organizer_key
        else "",
        "personal_url": link_with_key(request, code, viewer.my_key, me.id)
        if me and viewer.my_key
        else "",
        "share_url": request.build_absolute_uri(reverse("meeting_page", args=[code])),
        "grid_url": reverse("meeting_grid", args=[code]),
    }


def range_label(meeting: Meeting) -> str:
    if meeting.start_date is None or meeting.end_date is None:
        return ""
    if meeting.weekly:  # its weekdays by name (after "Every week:"): its dates are never shown
        return ", ".join(weekday_long(day) for day in meeting.dates())
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


def slot_grid_render(
    request: HttpRequest,
    meeting: Meeting,
    *,
    me: Participant | None,
    preview: BusyPreview | None = None,
) -> SlotGrid | None:
    """The two grids of a timed meeting, in the browser's zone unless it asked for the
    meeting's; the forms without JavaScript only on a whole page (the script asks for
    fragments, and paints instead)."""
    if meeting.window is None or not meeting.has_date_range:
        return None
    return slot_grid_build(
        meeting,
        me=me,
        zone=shown_zone(request, meeting.window.time_zone, meeting.url_code),
        viewer_zone=viewer_zone(request),
        forms=not is_fragment_request(request),
        busy=preview.slots if preview is not None else None,
    )


def shown_context(
    request: HttpRequest, meeting: Meeting, viewer: Viewer, preview: BusyPreview | None = None
) -> dict[str, Any]:
    """The decision, the grid (dates only) or the slot grids (timed), the range of dates;
    ``preview``: my busy times from my calendar, hatched over my cells."""
    painted = viewer.me if viewer.can_edit_me else None
    now = clock.now()
    if painted is None:
        preview = None
    return {
        "decision": decision_build(request, meeting),
        "grid": None
        if meeting.window
        else grid_build(meeting, me=painted, busy=preview.dates if preview else None),
        "slot_grid": slot_grid_render(request, meeting, me=painted, preview=preview),
        "busy_preview": preview,
        "range_label": range_label(meeting),
        "answers_closed": meeting.answers_closed(now),
        "deadline_label": deadline_label(meeting, now),
        "deadline_zone": zone_label(deadline_zone(meeting.window)),
    }


def forms_context(
    request: HttpRequest, meeting: Meeting, viewer: Viewer, forms: dict[str, PageForm]
) -> dict[str, Any]:
    """Each control's form: the one posted (with its errors) if any, else a fresh one (the
    final date's in the zone the page shows its times in)."""
    me = viewer.me
    return {
        "editing_form": EditingForm(
            initial={
                "editing": (Editing.OPEN if not viewer.open_editing else Editing.PROTECTED).value
            }
        ),
        "quick_ranges": quick_ranges(timezone.localdate()),
        "quick_weekdays": quick_weekdays(),
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
        "password_form": forms.get("password") or PasswordForm(),
        "final_form": forms.get("final")
        or (final_form_initial(request, meeting) if viewer.can_pick else None),
        "delete_form": forms.get("delete") or DeleteForm(),
        "link_form": forms.get("link") or LinkForm(),
        "calendar_form": forms.get("calendar") or CalendarForm(),
        "deadline_form": forms.get("deadline") or deadline_initial(meeting),
    }


def kept_preview(request: HttpRequest, meeting: Meeting, viewer: Viewer) -> BusyPreview | None:
    """My calendar's busy times kept from a preview not applied yet (``busy_kept``), over the
    meeting as it is now: every render shows them, refreshes and polls too, until applied."""
    me = viewer.me
    if me is None or not viewer.can_edit_me:
        return None
    kept = busy_kept(request, meeting.url_code, me.id)
    if kept is None:
        return None
    intervals, zone, week = kept
    read = services.busy_shown(meeting, intervals, zone=zone, week=week)
    shown = (
        shown_zone(request, meeting.window.time_zone, meeting.url_code) if meeting.window else None
    )
    return busy_preview(read, meeting, shown)


def meeting_render(
    request: HttpRequest,
    meeting: Meeting,
    *,
    forms: dict[str, PageForm] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
    preview: BusyPreview | None = None,
) -> HttpResponse:
    """The meeting page, or only its fragment when the page's script asked for it; with
    ``preview``, my calendar's busy times over my grid and the buttons that apply them."""
    forms = forms or {}
    # Errors about the whole form (the dates were set meanwhile, nobody can join yet...) are
    # shown above the meeting: their form may not be on the page any more.
    errors = [
        *(errors or []),
        *(str(e) for form in forms.values() for e in form.non_field_errors()),
    ]
    viewer = viewer_of(request, meeting)
    if preview is None:
        preview = kept_preview(request, meeting, viewer)
    # What went right (a password saved) and notes (dates in the past, another row now held),
    # shown apart from the errors: a status, not an alert, and no "Error:" in the title.
    notices: list[str] = []
    notes: list[str] = []
    for message in messages.get_messages(request):
        if message.level >= messages.ERROR:
            errors.append(str(message))
        else:
            (notices if message.level == messages.SUCCESS else notes).append(str(message))
    # The fields' errors, linked from a summary at the top (the whole forms' are in ``errors``).
    error_summary = [
        link
        for key, form in forms.items()
        for link in error_links(form, anchor=BUTTON_FIELDS.get(key, ""), whole_form=False)
    ]
    fragment = is_fragment_request(request)
    context: dict[str, Any] = {
        "meeting": meeting,
        **viewer_context(viewer),
        **links_context(request, meeting, viewer),
        **shown_context(request, meeting, viewer, preview),
        "poll_seconds": settings.MEETINGS_POLL_SECONDS,
        "etag": meeting_etag(meeting.version),
        "errors": errors,
        "notices": notices,
        "notes": notes,
        "error_summary": error_summary,
        "full_page": not fragment,  # autofocus on what needs it (the script moves focus itself)
        **forms_context(request, meeting, viewer, forms),
    }
    template = "meetings/_meeting.html" if fragment else "meetings/meeting.html"
    response = render(request, template, context, status=status)
    response["ETag"] = meeting_etag(meeting.version)
    # The page may show this browser's manage or personal link: never stored by a cache.
    response["Cache-Control"] = "no-store, private"
    if fragment:
        response[FRAGMENT_HEADER] = "1"
    patch_vary_headers(response, [FRAGMENT_HEADER])
    return response
