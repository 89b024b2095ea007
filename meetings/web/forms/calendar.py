"""The form "Fill from your calendar" (issue 21): an iCalendar file, refused over
``busy_import.MAX_CALENDAR_BYTES`` before it is read whole; and the messages of a calendar that
cannot be read, in the user's language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext

from meetings import busy_fetch
from meetings.busy_import import MAX_CALENDAR_BYTES, MAX_OCCURRENCES
from meetings.domain import CalendarApply, DomainError, InvalidCalendar
from meetings.web.forms.base import PageForm

MAX_MEGABYTES = MAX_CALENDAR_BYTES // (1024 * 1024)


def calendar_message(error: InvalidCalendar) -> str:
    """Why a calendar file, or the one at its address, could not be read (the domain's texts
    are the API's English)."""
    if error.message == busy_fetch.NOT_HTTPS:
        return gettext("A calendar's address starts with https:// or webcal://.")
    if error.message in (busy_fetch.UNREACHABLE, busy_fetch.TOO_MANY_REDIRECTS) or (
        error.message.startswith("the calendar address answered")
    ):
        return gettext(
            "Your calendar's address could not be read: check it, or export the file instead."
        )
    if error.message == busy_fetch.TOO_LARGE:
        return gettext("The calendar at that address is larger than %(size)d MB.") % {
            "size": busy_fetch.MAX_FETCH_BYTES // (1024 * 1024)
        }
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
    """The file to preview, or its secret address (the file's bytes are in
    ``cleaned_data["data"]``, the address in ``cleaned_data["url"]``); on a weekly meeting, the
    week to read (any date of it; none: this week). Every refusal (the key, a closed meeting,
    an address that cannot be read) is shown next to the file field."""

    error_fields: dict[type[DomainError], str | None] = {DomainError: "calendar"}

    calendar = forms.FileField(
        label="",
        required=False,
        widget=forms.FileInput(attrs={"accept": "text/calendar,.ics"}),
    )
    url = forms.CharField(
        label="",
        required=False,
        max_length=2000,
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    week = forms.DateField(label="", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["calendar"]
        field.label = gettext("Your calendar file (.ics)")
        field.error_messages = {
            "empty": not_a_calendar(),
            "invalid": not_a_calendar(),
        }
        self.fields["url"].label = gettext("Or its secret address (https:// or webcal://)")
        self.fields["url"].error_messages = {
            "max_length": gettext("This address is too long for a calendar's.")
        }
        self.fields["week"].label = gettext("The week to read it for")
        self.fields["week"].error_messages = {"invalid": gettext("Enter a date of that week.")}

    def clean_calendar(self) -> object:
        upload = self.cleaned_data["calendar"]
        if upload is None:
            return upload
        if upload.size > MAX_CALENDAR_BYTES:  # told before anything is read
            raise forms.ValidationError(too_large())
        self.cleaned_data["data"] = b"".join(upload.chunks())
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_file, has_url = bool(data.get("calendar")), bool((data.get("url") or "").strip())
        if "calendar" in self.errors or "url" in self.errors:
            return data
        if not has_file and not has_url:
            self.add_error(
                "calendar", gettext("Choose your calendar file (.ics), or give its address.")
            )
        elif has_file and has_url:
            self.add_error("calendar", gettext("Give your calendar file or its address, not both."))
        data["url"] = (data.get("url") or "").strip() or None
        return data


class CalendarApplyForm(PageForm):
    """Which of the two buttons applied the kept preview."""

    apply = forms.ChoiceField(choices=[(a.value, a.value) for a in CalendarApply])
