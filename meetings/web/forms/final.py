"""The forms of the organizer's decision: the final date (picked or chosen), and clearing it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from meetings import domain
from meetings.domain import (
    MAX_NOTE_LENGTH,
    MINUTES_PER_DAY,
    DomainError,
    Meeting,
    SlotLayout,
    minutes_label,
    shown_span,
    shown_time_label,
    slot_layout,
    time_zone_check,
)
from meetings.web.forms.base import PageForm, final_field, final_message
from meetings.web.presenters.labels import date_long, days_after_label, zone_label

Day = date  # the field below is called ``date``, as the API's


def _time_text(days: int, minutes: int) -> str:
    """A time in a select: "09:00", or "00:30 (next day)" past its date's midnight."""
    if not days:
        return minutes_label(minutes)
    return pgettext("a time past midnight of the date picked", "%(time)s (%(day)s)") % {
        "time": minutes_label(minutes),
        "day": days_after_label(days),
    }


def final_time_choices(
    layout: SlotLayout, slot_minutes: int
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The starts and ends the form offers: the grid's rows in reading order, as
    ``shown_time_label`` writes them (days after the column's head date) and in words."""
    starts: dict[str, str] = {}
    ends: dict[str, str] = {}
    for (minutes, fold), days in zip(layout.rows, layout.row_days, strict=True):
        if fold:
            continue  # the second pass of a repeated hour: its first one is offered
        starts.setdefault(shown_time_label(days, minutes), _time_text(days, minutes))
        end_days, end = divmod(minutes + slot_minutes, MINUTES_PER_DAY)
        if end == 0:  # midnight: 24:00 of the day it ends
            end_days, end = end_days - 1, MINUTES_PER_DAY
        ends.setdefault(shown_time_label(days + end_days, end), _time_text(days + end_days, end))
    return list(starts.items()), list(ends.items())


def final_times_shown(
    meeting: Meeting, day: date, start: int, end: int, zone: str
) -> dict[str, str]:
    """The form's date, start and end for the meeting's ``start``..``end`` of ``day``, on the
    clock of ``zone``: the date that column is headed by there, times after it as "+N"."""
    window = meeting.window
    assert window is not None
    assert meeting.start_date is not None
    assert meeting.end_date is not None
    layout = slot_layout(window, meeting.start_date, meeting.end_date, zone)
    head = layout.heads[layout.columns.index(day)]
    span = shown_span(window, day, start, end, zone) or shown_span(
        window, day, start, end, window.time_zone
    )
    assert span is not None
    return {
        "date": head.isoformat(),
        "start": shown_time_label((span.start_day - head).days, span.start),
        "end": shown_time_label((span.end_day - head).days, span.end),
        "zone": zone,
    }


class FinalForm(PageForm):
    """The organizer's decision: one of the meeting's dates and, on a timed meeting, the start
    and end on the clock of ``zone`` (the zone the page shows; "HH:MM", "+N" for a time N days
    after the date, as the grid's rows go), with an optional note. The service takes them to
    the meeting's zone. The choices are only what the form offers: the service checks what is
    posted (a "Pick" button posts the meeting's own date and times, without a zone)."""

    date = forms.CharField(
        label=_("Date"),
        widget=forms.Select(),
        error_messages={"required": _("Pick a date.")},
    )
    start = forms.CharField(label=_("From"), required=False, widget=forms.Select())
    end = forms.CharField(label=_("To"), required=False, widget=forms.Select())
    zone = forms.CharField(required=False, widget=forms.HiddenInput())
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"maxlength": MAX_NOTE_LENGTH, "rows": 3}),
        help_text=_("For example where exactly, or what to bring. Everyone sees it."),
    )

    def __init__(
        self, *args: Any, meeting: Meeting, zone: str | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", "id_final_%s")
        super().__init__(*args, **kwargs)
        day = self.fields["date"].widget
        assert isinstance(day, forms.Select)
        day.choices = [(each.isoformat(), date_long(each)) for each in meeting.dates()]
        window = meeting.window
        self.zone_label = ""
        self.in_meeting_zone = True
        if window is None or meeting.start_date is None or meeting.end_date is None:
            del self.fields["start"]
            del self.fields["end"]
            del self.fields["zone"]
            return
        if self.is_bound:  # the zone the page showed, as posted (a Pick posts none)
            zone = str(self.data.get("zone") or "")
        try:
            shown = time_zone_check(zone or window.time_zone)
        except DomainError:
            shown = window.time_zone  # the field's error says so (``clean_zone``)
        self.zone_label = zone_label(shown)
        self.in_meeting_zone = shown == window.time_zone
        if not self.is_bound:
            self.initial.setdefault("zone", shown)
        layout = slot_layout(window, meeting.start_date, meeting.end_date, shown)
        day.choices = [(head.isoformat(), date_long(head)) for head in layout.heads]
        start, end = self.fields["start"].widget, self.fields["end"].widget
        assert isinstance(start, forms.Select)
        assert isinstance(end, forms.Select)
        start.choices, end.choices = final_time_choices(layout, window.slot_minutes)

    def clean_date(self) -> Day:
        try:
            return Day.fromisoformat(str(self.cleaned_data["date"]))
        except ValueError as error:
            raise forms.ValidationError(gettext("Enter a date such as 2026-12-01.")) from error

    def clean_start(self) -> str | None:
        return str(self.cleaned_data["start"]) or None

    def clean_end(self) -> str | None:
        return str(self.cleaned_data["end"]) or None

    def clean_zone(self) -> str | None:
        zone = str(self.cleaned_data["zone"]) or None
        if zone is not None:
            try:
                time_zone_check(zone)
            except DomainError:
                # A hidden field the page wrote: said above the form, which may be closed.
                self.add_error(None, gettext("Reload the page and pick again."))
                return None
        return zone

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
