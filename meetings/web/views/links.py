"""Opening a manage or personal link: its key is kept in this browser (the keys cookie).

Links carry the key after ``#`` (``/meetings/<code>/#key=...``, ``#participant=<id>&key=...``),
which no browser sends to a server, so no access log, proxy or Referer sees it: the page's
script posts it here (``static/js/linkkey.js``), and without JavaScript the link is pasted into
a form that posts here too. Links made before carry it in the query (``?key=``): the meeting
page still opens them (``link_key_keep``), but their keys reach the logs of whatever serves
them.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters

from meetings import limits, services
from meetings.domain import Meeting, ParticipantNotFound, participant_find
from meetings.web.forms.links import LinkForm
from meetings.web.identity import keys_remember, me_get, me_set
from meetings.web.responses import (
    meeting_done,
    meeting_failed,
    page_errors,
    pages_repo,
    post_only,
    see_other,
)


def link_key_keep(
    request: HttpRequest, url_code: str, key: str, raw_participant: str | None
) -> Meeting:
    """Keep a manage link's key (``raw_participant`` ``None``) or a personal link's in this
    browser. A key that does not fit is counted against the refused-keys limit (past it:
    ``RateLimited``, the 429 page), said in a message, and nothing is kept. A personal link
    opened where the browser is already someone else in this meeting keeps the key but does not
    switch who the browser is: choosing the name does (no link can make a browser answer as
    someone else unasked). Returns the meeting as read."""
    repo = pages_repo()
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
    return meeting


def meeting_link_open(request: HttpRequest, url_code: str) -> HttpResponse:
    """An old link (``?key=``, ``?participant=<id>&key=``): keep its key, then go to the plain
    meeting URL."""
    link_key_keep(request, url_code, request.GET.get("key", ""), request.GET.get("participant"))
    return see_other(reverse("meeting_page", args=[url_code]))


@sensitive_post_parameters("link")  # never in an error report
@page_errors
@post_only
def meeting_link_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    """A link's part after ``#`` (from the page's script) or the whole link (pasted): keep its
    key, then the meeting (the fragment for the script, else a redirect to the plain URL). What
    names no key is a 400 next to the field, and counts against no limit."""
    form = LinkForm(request.POST)
    if not form.is_valid():
        return meeting_failed(request, url_code, forms={"link": form}, status=400)
    key, raw_participant = form.cleaned_data["link"]
    return meeting_done(request, link_key_keep(request, url_code, key, raw_participant))
