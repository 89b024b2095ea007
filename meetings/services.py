"""Meetifyr's use cases. The API and the pages call these and nothing below them.

Every function takes keyword arguments only, validates input against the domain rules before
the store is asked for anything, and every mutation answers with the latest stored meeting.
"""

from __future__ import annotations

from datetime import date

from meetings.domain import (
    DateAction,
    InvalidName,
    Meeting,
    Participant,
    ParticipantDateId,
    ParticipantId,
    UrlCodeTaken,
    date_range_check,
    participant_name_clean,
    text_clean,
    url_code_new,
)
from meetings.repositories import MeetingRepository

URL_CODE_ATTEMPTS = 5


def meeting_create(
    *,
    repo: MeetingRepository,
    title: str = "",
    location: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
) -> Meeting:
    title = text_clean(title, what="title")
    location = text_clean(location, what="location")
    if (start_date is None) != (end_date is None):
        raise ValueError("start_date and end_date go together")
    if start_date is not None and end_date is not None:
        date_range_check(start_date, end_date)
    for attempt in range(URL_CODE_ATTEMPTS):
        try:
            return repo.meeting_create(
                url_code=url_code_new(),
                title=title,
                location=location,
                start_date=start_date,
                end_date=end_date,
            )
        except UrlCodeTaken:
            # 128 random bits: a collision is all but impossible, but never the client's problem.
            if attempt == URL_CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def meeting_get(*, repo: MeetingRepository, url_code: str) -> Meeting:
    return repo.meeting_get(url_code=url_code)


def meeting_version(*, repo: MeetingRepository, url_code: str) -> int:
    return repo.meeting_version(url_code=url_code)


def meeting_set_date_range(
    *, repo: MeetingRepository, url_code: str, start_date: date, end_date: date
) -> Meeting:
    date_range_check(start_date, end_date)
    return repo.meeting_set_date_range(url_code=url_code, start_date=start_date, end_date=end_date)


def meeting_set_title(*, repo: MeetingRepository, url_code: str, title: str) -> Meeting:
    return repo.meeting_set_title(url_code=url_code, title=text_clean(title, what="title"))


def meeting_set_location(*, repo: MeetingRepository, url_code: str, location: str) -> Meeting:
    return repo.meeting_set_location(
        url_code=url_code, location=text_clean(location, what="location")
    )


def participant_create(
    *, repo: MeetingRepository, url_code: str, name: str
) -> tuple[Participant, Meeting]:
    try:
        name = participant_name_clean(name)
    except InvalidName:
        repo.meeting_version(url_code=url_code)  # a missing meeting is reported first
        raise
    return repo.participant_create(url_code=url_code, name=name)


def participant_delete(*, repo: MeetingRepository, participant_id: ParticipantId) -> Meeting:
    return repo.participant_delete(participant_id=participant_id)


def participant_date_mark(
    *,
    repo: MeetingRepository,
    url_code: str,
    participant_date_id: ParticipantDateId,
    action: DateAction,
) -> Meeting:
    return repo.participant_date_mark(
        url_code=url_code, participant_date_id=participant_date_id, action=action
    )
