"""The people of a meeting: joining, choosing who this browser is, marking a date, leaving."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters

from meetings import limits, services
from meetings.domain import (
    DomainError,
    KeyRefused,
    KeyRequired,
    MeetingNotFound,
    ParticipantNotFound,
    PasswordRefused,
    StoreUnavailable,
    key_new,
    participant_find,
)
from meetings.web.context import meeting_render
from meetings.web.daykeys import day_key
from meetings.web.forms.base import domain_error_message
from meetings.web.forms.participants import JoinForm, LeaveForm, MarkForm, SwitchForm
from meetings.web.identity import keys_remember, me_forget, me_get, me_set, row_key
from meetings.web.responses import (
    error_status,
    meeting_done,
    meeting_failed,
    page_errors,
    pages_repo,
    post_only,
)


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
                max_participants=settings.MEETINGS_MAX_PARTICIPANTS,
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


@sensitive_post_parameters("password")  # never in an error report
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
        # On a protected meeting, acting as someone needs their key (or the organizer's), or
        # their password, which gives this browser a key for their row.
        try:
            _act_as(request, url_code, participant_id, form.cleaned_data["password"])
        except (KeyRequired, KeyRefused, PasswordRefused) as error:
            if isinstance(error, PasswordRefused):  # counted as a refused key; 429 past it
                limits.limit_count(request, limits.KEY_FAILURES)
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


def _act_as(request: HttpRequest, url_code: str, participant_id: str, password: str) -> None:
    """Whether this browser may answer as ``participant_id``: with a key it holds, else with
    the password given (past the refused-keys limit no password is tried: 429), which leaves
    the key it gives in this browser as opening the personal link would."""
    try:
        services.participant_change_allowed(
            repo=pages_repo(),
            url_code=url_code,
            participant_id=participant_id,
            key=row_key(request, url_code, participant_id),
        )
    except (KeyRequired, KeyRefused):
        if not password:
            raise
        limits.limit_check(request, limits.KEY_FAILURES)
        key = services.participant_sign_in(
            repo=pages_repo(), url_code=url_code, participant_id=participant_id, password=password
        )
        keys_remember(request, url_code, participant=(participant_id, key))


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
    return meeting_done(request, meeting, anchor=f"toggle-{day_key(day)}")


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
