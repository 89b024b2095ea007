"""The form "Fill from your calendar" (issue 21): an iCalendar file, refused over
``busy_import.MAX_CALENDAR_BYTES`` before it is read whole; and the messages of a calendar that
cannot be read, in the user's language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext

from meetings.busy_import import MAX_CALENDAR_BYTES, MAX_OCCURRENCES
from meetings.domain import CalendarApply, DomainError, InvalidCalendar
from meetings.web.forms.base import PageForm

MAX_MEGABYTES = MAX_CALENDAR_BYTES // (1024 * 1024)


def calendar_message(error: InvalidCalendar) -> str:
    """Why a calendar file could not be read (the domain's texts are the API's English)."""
    if "larger than" in error.message:
        return too_large()
    if "events in these dates" in error.message:
        return gettext(
            "Your calendar has more than %(count)d events on these dates: export fewer."
        ) % {"count": MAX_OCCURRENCES}
    if "not an iCalendar" in error.message:
        return not_a_calendar()
    return gettext("Your calendar file could not be read: one of its events is broken.")


def not_a_calendar() -> str:
    return gettext("This is not a calendar file. Export your calendar as an .ics file.")


def too_large() -> str:
    return gettext("The calendar file is larger than %(size)d MB.") % {"size": MAX_MEGABYTES}


class CalendarForm(PageForm):
    """The file to preview; its bytes are in ``cleaned_data["data"]``. Every refusal (the key,
    a closed meeting) is shown next to the file field."""

    error_fields: dict[type[DomainError], str | None] = {DomainError: "calendar"}

    calendar = forms.FileField(
        label="",
        required=True,
        widget=forms.FileInput(attrs={"accept": "text/calendar,.ics"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["calendar"]
        field.label = gettext("Your calendar file (.ics)")
        field.error_messages = {
            "required": gettext("Choose your calendar file (.ics)."),
            "empty": not_a_calendar(),
            "invalid": not_a_calendar(),
        }

    def clean_calendar(self) -> object:
        upload = self.cleaned_data["calendar"]
        if upload.size > MAX_CALENDAR_BYTES:  # told before anything is read
            raise forms.ValidationError(too_large())
        self.cleaned_data["data"] = b"".join(upload.chunks())
        return upload


class CalendarApplyForm(PageForm):
    """Which of the two buttons applied the kept preview."""

    apply = forms.ChoiceField(choices=[(a.value, a.value) for a in CalendarApply])
