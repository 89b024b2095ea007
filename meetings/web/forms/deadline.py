"""The deadline for answers on the page: the organizer's form (a date and time in the meeting's
zone, no JavaScript needed: the browser's own date-time field) and how the page says it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings import domain
from meetings.domain import Meeting
from meetings.web.forms.base import PageForm
from meetings.web.presenters.labels import date_short, zone_label


class DeadlineForm(PageForm):
    """``deadline``: ``YYYY-MM-DDTHH:MM`` (what a ``datetime-local`` field sends) in the
    meeting's zone; ``clear``: remove the deadline. The services judge the value."""

    deadline = forms.CharField(
        label=_("Answers due"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    clear = forms.BooleanField(required=False)
    error_fields = {domain.InvalidDeadline: "deadline"}

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        text = (cleaned.get("deadline") or "").strip()
        if not cleaned.get("clear") and not text:
            self.add_error("deadline", deadline_missing())
        # Some browsers send seconds ("18:00:00") or a space: the minute is what counts.
        if len(text) >= 16 and text[10] in " T":
            text = f"{text[:10]}T{text[11:16]}"
        cleaned["deadline"] = None if cleaned.get("clear") else text
        return cleaned


def deadline_missing() -> str:
    return gettext("Enter a date and a time, such as 2027-01-05 18:00.")


def deadline_initial(meeting: Meeting) -> DeadlineForm:
    """A fresh form showing the current deadline, as the field takes it."""
    value = ""
    if meeting.deadline is not None:
        value = domain.deadline_text(domain.deadline_wall(meeting.deadline, meeting.window))
    return DeadlineForm(initial={"deadline": value})


def deadline_label(meeting: Meeting, now: datetime) -> str:
    """ "Answers due Tue Jan 5, 18:00 (Asia/Seoul)", or once it passed "Answers closed on ...";
    "" without a deadline."""
    if meeting.deadline is None:
        return ""
    wall = domain.deadline_wall(meeting.deadline, meeting.window)
    when = {
        "date": date_short(wall.date()),
        "time": wall.strftime("%H:%M"),
        "zone": zone_label(domain.deadline_zone(meeting.window)),
    }
    if domain.deadline_passed(meeting.deadline, now):
        return gettext("Answers closed on %(date)s, %(time)s (%(zone)s)") % when
    return gettext("Answers due %(date)s, %(time)s (%(zone)s)") % when
