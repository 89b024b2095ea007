"""Answering without marking anything: "I'm free on all of these" (a participant who has not
answered yet says their all-free row is meant)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from meetings import services
from meetings.web.responses import page_errors, pages_repo, post_only
from meetings.web.views.slots import my_row_or_error, row_change_page


@page_errors
@post_only
def participant_all_free_submit(request: HttpRequest, url_code: str) -> HttpResponse:
    """Every date (every slot of it) of my row free, stars kept, in one change that counts me
    as answered (``services.participant_all_free``); refused as a mark would be."""
    _meeting, me, refused = my_row_or_error(request, url_code)
    if me is None:
        assert refused is not None
        return refused
    return row_change_page(
        request,
        url_code,
        me,
        lambda key: services.participant_all_free(
            repo=pages_repo(), url_code=url_code, participant_id=me.id, key=key
        ),
    )
