"""The password of my row: set, change or remove it (``participant_password_submit``).
Signing in with it is part of choosing who this browser is (``participants``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters

from meetings import services
from meetings.domain import DomainError, MeetingNotFound, StoreUnavailable
from meetings.web.context import meeting_render
from meetings.web.forms.participants import PasswordForm
from meetings.web.identity import keys_forget_participant, keys_remember, me_get, participant_key
from meetings.web.responses import error_status, meeting_done, page_errors, pages_repo, post_only


@sensitive_post_parameters("password")  # never in an error report
@page_errors
@post_only
def participant_password_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    repo = pages_repo()
    meeting = services.meeting_get(repo=repo, url_code=url_code)
    me = me_get(request, meeting)
    if me is None:
        message = gettext("Join this meeting, or choose your name, before setting a password.")
        return meeting_render(request, meeting, errors=[message], status=400)
    form = PasswordForm(request.POST)
    if not form.is_valid():  # e.g. a NUL character, which no form field takes
        return meeting_render(request, meeting, forms={"password": form}, status=400)
    remove = form.cleaned_data["remove"]
    held = participant_key(request, url_code, me.id)
    try:
        kept = services.participant_password_set(
            repo=repo,
            url_code=url_code,
            participant_id=me.id,
            password=None if remove else form.cleaned_data["password"],
            key=held,
        )
    except (MeetingNotFound, StoreUnavailable):
        raise
    except DomainError as error:  # too short or long; no key of this row; removed meanwhile
        form.add_domain_error(error, value=me.name)
        return meeting_render(
            request, meeting, forms={"password": form}, status=error_status(error)
        )
    if kept is None:  # this browser held the key the removed password gave: it ends with it
        keys_forget_participant(request, url_code, me.id)
        messages.success(
            request,
            gettext(
                "Your password is removed. This device had used it, so open your personal "
                "link here to change your answers again."
            ),
        )
    else:
        if kept != held:  # signed in with the old password: the new one's key replaces it
            keys_remember(request, url_code, participant=(me.id, kept))
        if remove:
            messages.success(request, gettext("Your password is removed."))
        else:
            messages.success(
                request,
                gettext(
                    "Your password is saved. On another device, choose your name under "
                    "“Already joined?” and enter it."
                ),
            )
    return meeting_done(request, meeting, anchor="you")
