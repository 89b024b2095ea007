"""The forms of the organizer's decision: the final date (picked or chosen), and clearing it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
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
    weekday_on_or_after,
    weekly_slot_layout,
)
from meetings.web.daykeys import day_from_key, day_key
from meetings.web.forms.base import ISO_DATE, PageForm, final_field, final_message
from meetings.web.presenters.labels import (
    date_long,
    date_with_year,
    days_after_label,
    weekday_long,
    zone_label,
)
from meetings.web.presenters.slot_grid import meeting_today

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
    # A weekly meeting's: the first date the decision happens (by default the next one).
    starts_on = forms.DateField(
        label=_("First date"),
        required=False,
        input_formats=[ISO_DATE],
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
        help_text=_("Left empty: the next such day."),
        error_messages={"invalid": _("Enter a date such as 2026-12-01.")},
    )
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
        self.meeting = meeting
        day = self.fields["date"].widget
        assert isinstance(day, forms.Select)
        day.choices = [(day_key(each), date_long(each)) for each in meeting.dates()]
        window = meeting.window
        self.zone_label = ""
        self.in_meeting_zone = True
        if meeting.weekly:
            self.fields["date"].label = _("Day of the week")
            self.fields["date"].error_messages["required"] = _("Pick a day of the week.")
        else:
            del self.fields["starts_on"]
        if window is None or meeting.start_date is None or meeting.end_date is None:
            del self.fields["start"]
            del self.fields["end"]
            del self.fields["zone"]
            return
        if meeting.weekly:  # a weekly decision's times are on the meeting's own clock
            zone = window.time_zone
        elif self.is_bound:  # the zone the page showed, as posted (a Pick posts none)
            zone = str(self.data.get("zone") or "")
        try:
            shown = time_zone_check(zone or window.time_zone)
        except DomainError:
            shown = window.time_zone  # the field's error says so (``clean_zone``)
        self.zone_label = zone_label(shown)
        self.in_meeting_zone = shown == window.time_zone
        if not self.is_bound:
            self.initial.setdefault("zone", shown)
        if meeting.weekly:
            today = meeting_today(window)
            layout = weekly_slot_layout(window, tuple(meeting.dates()), shown, today)
        else:
            layout = slot_layout(window, meeting.start_date, meeting.end_date, shown)
            day.choices = [(head.isoformat(), date_long(head)) for head in layout.heads]
        start, end = self.fields["start"].widget, self.fields["end"].widget
        assert isinstance(start, forms.Select)
        assert isinstance(end, forms.Select)
        start.choices, end.choices = final_time_choices(layout, window.slot_minutes)

    def clean_date(self) -> Day:
        if self.meeting.weekly:
            try:
                return day_from_key(str(self.cleaned_data["date"]))
            except ValueError as error:
                raise forms.ValidationError(gettext("Pick a day of the week.")) from error
        try:
            return Day.fromisoformat(str(self.cleaned_data["date"]))
        except ValueError as error:
            raise forms.ValidationError(gettext("Enter a date such as 2026-12-01.")) from error

    def clean(self) -> dict[str, Any]:
        """On a weekly meeting: ``weekday`` (the day picked), and ``date`` the first date it
        happens, ``starts_on`` or else the next such date in the meeting's zone."""
        cleaned = super().clean() or {}
        picked = cleaned.get("date")
        if not self.meeting.weekly or not isinstance(picked, Day):
            return cleaned
        cleaned["weekday"] = picked.isoweekday()
        starts_on = cleaned.get("starts_on")
        if starts_on is None:
            window = self.meeting.window
            today = meeting_today(window) if window else timezone.localdate()
            starts_on = weekday_on_or_after(picked.isoweekday(), today)
        cleaned["date"] = starts_on
        cleaned["zone"] = None
        return cleaned

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


# --- weekly meetings ---------------------------------------------------------------------------


def weekly_final_form(meeting: Meeting) -> FinalForm:
    """The organizer's choice on a weekly meeting: the best day (or time) to start from, on the
    meeting's own clock; the first date is left to default to the next such day."""
    window = meeting.window
    dates = meeting.dates()
    if window is None:
        best_day = next(iter(meeting.best_dates), dates[0])
        return FinalForm(meeting=meeting, initial={"date": day_key(best_day)})
    best = next((run for run in meeting.best_times or () if run.free > 0), None)
    if best is not None:
        day, start, end = best.day, best.start, best.end
    else:
        day, start, end = dates[0], window.start, window.start + window.slot_minutes
    initial = {"date": day_key(day), "start": minutes_label(start), "end": minutes_label(end)}
    return FinalForm(meeting=meeting, zone=window.time_zone, initial=initial)


def weekly_choice_label(data: dict[str, Any]) -> str:
    """A weekly decision before it is confirmed: "Every Wednesday from January 6, 2027,
    18:00–19:00" (times on the meeting's clock, as the form takes them)."""
    day = data["date"]
    assert isinstance(day, Day)
    label = gettext("Every %(weekday)s from %(date)s") % {
        "weekday": weekday_long(day),
        "date": date_with_year(day),
    }
    if data.get("start") and data.get("end"):
        label = pgettext("a weekly decision with its times", "%(days)s, %(start)s–%(end)s") % {
            "days": label,
            "start": data["start"],
            "end": data["end"],
        }
    return label
