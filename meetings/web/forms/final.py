"""The forms of the organizer's decision: the final date (picked or chosen), and clearing it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings import domain
from meetings.domain import MAX_NOTE_LENGTH, DomainError, Meeting, minutes_label
from meetings.web.forms.base import PageForm, final_field, final_message
from meetings.web.presenters.labels import date_long

Day = date  # the field below is called ``date``, as the API's


class FinalForm(PageForm):
    """The organizer's decision: one of the meeting's dates and, on a timed meeting, the start
    and end (HH:MM in the meeting's zone, on slot boundaries), with an optional note. The
    choices are only what the form offers: the service checks what is posted (a "Pick" button
    posts the same fields)."""

    date = forms.CharField(
        label=_("Date"),
        widget=forms.Select(),
        error_messages={"required": _("Pick a date.")},
    )
    start = forms.CharField(label=_("From"), required=False, widget=forms.Select())
    end = forms.CharField(label=_("To"), required=False, widget=forms.Select())
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"maxlength": MAX_NOTE_LENGTH, "rows": 3}),
        help_text=_("For example where exactly, or what to bring. Everyone sees it."),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_final_%s")
        super().__init__(*args, **kwargs)
        day = self.fields["date"].widget
        assert isinstance(day, forms.Select)
        day.choices = [(each.isoformat(), date_long(each)) for each in meeting.dates()]
        window = meeting.window
        if window is None:
            del self.fields["start"]
            del self.fields["end"]
            return
        bounds = [minutes_label(window.slot_start(i)) for i in range(window.slot_count + 1)]
        start, end = self.fields["start"].widget, self.fields["end"].widget
        assert isinstance(start, forms.Select)
        assert isinstance(end, forms.Select)
        start.choices = [(bound, bound) for bound in bounds[:-1]]
        end.choices = [(bound, bound) for bound in bounds[1:]]

    def clean_date(self) -> Day:
        try:
            return Day.fromisoformat(str(self.cleaned_data["date"]))
        except ValueError as error:
            raise forms.ValidationError(gettext("Enter a date such as 2026-12-01.")) from error

    def clean_start(self) -> str | None:
        return str(self.cleaned_data["start"]) or None

    def clean_end(self) -> str | None:
        return str(self.cleaned_data["end"]) or None

    def add_domain_error(self, error: DomainError, *, value: str | None = None) -> None:
        if isinstance(error, domain.InvalidFinal):  # next to the field it is about
            self.domain_errors.append(error)
            field = final_field(error)
            self.add_error(field if field in self.fields else None, final_message(error))
            return
        super().add_domain_error(error, value=value)


class ReopenForm(PageForm):
    """Clearing the final date (a button: its errors are shown above the meeting)."""

    reopen = forms.CharField(required=False)
