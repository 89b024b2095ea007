"""The deadline for answers, as the settings form posts it: set, extend or clear (who may: as
for the title; the services decide)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from meetings import services
from meetings.web.forms.deadline import DeadlineForm
from meetings.web.identity import organizer_key
from meetings.web.responses import (
    attempt,
    meeting_done,
    meeting_failed,
    page_errors,
    pages_repo,
    post_only,
)


@page_errors
@post_only
def meeting_deadline_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    form = DeadlineForm(request.POST)
    if form.is_valid():
        deadline = form.cleaned_data["deadline"]
        meeting = attempt(
            form,
            lambda: services.meeting_set_deadline(
                repo=pages_repo(),
                url_code=url_code,
                deadline=deadline,
                key=organizer_key(request, url_code),
            ),
        )
        if meeting is not None:
            return meeting_done(request, meeting, anchor="deadline")
    return meeting_failed(request, url_code, forms={"deadline": form})
