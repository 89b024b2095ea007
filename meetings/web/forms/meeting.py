"""The forms about the meeting itself: creating it, its dates and times of day, its title and
location, who may edit it, deleting it. They run the domain's checks too, so an error lands next
to its field.
"""

from __future__ import annotations

import calendar
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as datetime_time
from functools import cache, lru_cache
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from meetings import domain
from meetings.domain import (
    MAX_TEXT_LENGTH,
    SLOT_LENGTHS,
    DomainError,
    Editing,
    InvalidTimeWindow,
    TimeWindow,
    minutes_label,
)
from meetings.services import time_window
from meetings.web.forms.base import (
    ISO_DATE,
    TIME_WINDOW_FIELDS,
    PageForm,
    domain_error_message,
    time_window_field,
    time_window_message,
)
from meetings.web.forms.days import (
    DATE_FIELDS,
    KIND_DATES,
    KIND_WEEKLY,
    DaysFormMixin,
    days_typed,
    quick_weekdays_find,
)
from meetings.web.zone_guess import ZoneGuess, zone_browser_said

# --- date ranges -------------------------------------------------------------------------------


def date_field(label: StrOrPromise, required_message: StrOrPromise) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=[ISO_DATE],
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
        error_messages={
            "required": required_message,
            "invalid": _("Enter a date such as 2026-12-01."),
        },
    )


@dataclass(frozen=True)
class QuickRange:
    key: str
    label: str
    start: date
    end: date


def quick_ranges(today: date) -> list[QuickRange]:
    """The quick picks next to the date inputs: next 4 weeks, the rest of this month, next month."""
    last_this_month = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    first_next_month = last_this_month + timedelta(days=1)
    last_next_month = first_next_month.replace(
        day=calendar.monthrange(first_next_month.year, first_next_month.month)[1]
    )
    return [
        QuickRange("next-4-weeks", gettext("Next 4 weeks"), today, today + timedelta(days=27)),
        QuickRange("this-month", gettext("This month"), today, last_this_month),
        QuickRange("next-month", gettext("Next month"), first_next_month, last_next_month),
    ]


def quick_range_find(key: str, today: date) -> QuickRange | None:
    return next((pick for pick in quick_ranges(today) if pick.key == key), None)


class DateRangeFormMixin(forms.Form):
    def date_range_clean(self, *, required: bool) -> None:
        start = self.cleaned_data.get("start_date")
        end = self.cleaned_data.get("end_date")
        if "start_date" in self.errors or "end_date" in self.errors:
            return
        if start is None and end is None and not required:
            return
        if start is None or end is None:
            missing = "start_date" if start is None else "end_date"
            self.add_error(missing, gettext("Pick both a start and an end date, or neither."))
            return
        try:
            domain.date_range_check(start, end)
        except DomainError as error:
            self.add_error("end_date", domain_error_message(error))


# --- times of day ----------------------------------------------------------------------------

DATES_ONLY, WITH_TIMES = "dates", "times"
START_TIMES = [minutes_label(minutes) for minutes in range(0, 24 * 60, 15)]
END_TIMES = [minutes_label(minutes) for minutes in range(15, 24 * 60 + 1, 15)]
_ZONE_PREFIXES_LEFT_OUT = ("Etc/", "SystemV/", "posix/", "right/")


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """The IANA zones a meeting may use (``tzdata``), by name; legacy names without a region
    ("EST5EDT") left out, but "UTC" kept."""
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if ("/" in name and not name.startswith(_ZONE_PREFIXES_LEFT_OUT)) or name == "UTC"
    )
    return [(name, name.replace("_", " ")) for name in names]


@lru_cache(maxsize=2)
def _zone_labels(day: date) -> list[tuple[str, str]]:
    """Each zone with its UTC offset at noon (UTC) of ``day``: "Asia/Seoul (UTC+09:00)"."""
    noon = datetime.combine(day, datetime_time(12), tzinfo=UTC)
    labelled = []
    for name, label in time_zone_choices():
        offset = noon.astimezone(zoneinfo.ZoneInfo(name)).strftime("%z")
        labelled.append((name, f"{label} (UTC{offset[:3]}:{offset[3:]})"))
    return labelled


def time_zone_grouped(first: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The zones for the select: ``first`` (the viewer's, or what is chosen) on top under "Your
    zone", then all of them, each with today's UTC offset (the script adds a search box)."""
    labelled = _zone_labels(timezone.now().date())
    mine = [choice for choice in labelled if choice[0] == first]
    return [(gettext("Your zone"), mine), (gettext("All zones"), labelled)]


@cache
def time_zone_names() -> frozenset[str]:
    return frozenset(name for name, _label in time_zone_choices())


def default_time_zone() -> str:
    """The zone the form offers before the page's script picks the browser's, unless the
    request gave a guess (``zone_guess``)."""
    return settings.TIME_ZONE if settings.TIME_ZONE in time_zone_names() else "UTC"


ZONE_GUESS_ID = "time-zone-guess"  # the words next to the field saying where its zone came from


def slot_length_choices() -> list[tuple[str, str]]:
    return [
        (
            str(minutes),
            ngettext("%(minutes)d minute", "%(minutes)d minutes", minutes) % {"minutes": minutes},
        )
        for minutes in SLOT_LENGTHS
    ]


class TimeWindowFormMixin(forms.Form):
    """Dates only, or dates and times of day: the daily window, slot length and time zone."""

    times = forms.ChoiceField(
        label=_("What to ask"),
        choices=[(DATES_ONLY, _("Dates only")), (WITH_TIMES, _("Dates and times of day"))],
        initial=DATES_ONLY,
        required=False,
        widget=forms.RadioSelect(attrs={"data-times-switch": ""}),
    )
    start_time = forms.CharField(
        label=_("From"),
        required=False,
        initial="09:00",
        widget=forms.Select(choices=[(time, time) for time in START_TIMES]),
    )
    end_time = forms.CharField(
        label=_("To"),
        required=False,
        initial="17:00",
        widget=forms.Select(choices=[(time, time) for time in END_TIMES]),
    )
    slot_minutes = forms.CharField(
        label=_("Slot length"), required=False, initial="30", widget=forms.Select()
    )
    time_zone = forms.CharField(label=_("Time zone"), required=False, widget=forms.Select())

    def time_window_init(self, guess: ZoneGuess | None = None) -> None:
        """``guess``: the zone to start at when nothing is chosen yet, said next to the field
        (``zone_guess_said``); without one, the server's."""
        slot = self.fields["slot_minutes"].widget
        zone = self.fields["time_zone"].widget
        assert isinstance(slot, forms.Select)
        assert isinstance(zone, forms.Select)
        slot.choices = slot_length_choices()
        zone.attrs["data-zone-search"] = gettext("Search time zones")
        self.fields["time_zone"].initial = default_time_zone()
        self.zone_guess_said = self.zone_browser_said = ""
        if not self.is_bound and "time_zone" not in self.initial:
            # Nothing chosen yet: the page's script may pick the browser's zone instead.
            zone.attrs["data-browser-zone"] = ""
            if guess is not None:
                self.fields["time_zone"].initial = guess.zone
                self.zone_guess_said = guess.said()
                self.zone_browser_said = zone_browser_said()
                zone.attrs["aria-describedby"] = ZONE_GUESS_ID
        chosen = self.data.get("time_zone") if self.is_bound else None
        zone.choices = time_zone_grouped(
            str(chosen or self.initial.get("time_zone") or self.fields["time_zone"].initial)
        )

    def time_window_clean(self, *, has_dates: bool, days_field: str = "start_date") -> None:
        """``cleaned_data["window"]``: the window asked for (``None``: dates only);
        ``days_field``: where to ask for the days when none are picked."""
        self.cleaned_data["window"] = None
        if self.cleaned_data.get("times") != WITH_TIMES:
            return
        values: dict[str, object] = {
            name: self.cleaned_data.get(name) or None for name in TIME_WINDOW_FIELDS
        }
        slot = values["slot_minutes"]
        if isinstance(slot, str) and slot.isdigit():
            values["slot_minutes"] = int(slot)
        try:
            window: TimeWindow | None = time_window(**values)
        except InvalidTimeWindow as error:
            field = time_window_field(error)
            if field is None:  # some of the four are missing
                field = next(name for name, value in values.items() if value is None)
            self.add_error(field, time_window_message(error))
            return
        if not has_dates:
            if days_field == "weekdays":
                message = gettext("Pick the days of the week too, to ask about times of day.")
            else:
                message = gettext("Pick the dates too, to ask about times of day.")
            self.add_error(days_field, message)
            return
        self.cleaned_data["window"] = window


def time_window_typed(request: HttpRequest) -> dict[str, str]:
    """What was chosen in a form's times of day, kept when a quick pick fills the dates in."""
    return {
        name: request.POST[name]
        for name in ("times", *TIME_WINDOW_FIELDS)
        if isinstance(request.POST.get(name), str)
    }


def quick_days(request: HttpRequest, today: date) -> dict[str, Any] | None:
    """A quick pick posted without JavaScript (dates or weekdays): the form's new initial
    values, with what was chosen of the days and times kept; ``None`` when none was pressed."""
    key = request.POST.get("quick", "")
    if weekly := quick_weekdays_find(key):
        picked: dict[str, Any] = {
            "days": KIND_WEEKLY,
            **{name: request.POST[name] for name in DATE_FIELDS if name in request.POST},
            "weekdays": list(weekly.weekdays),
        }
    elif dates := quick_range_find(key, today):
        picked = {**days_typed(request), "start_date": dates.start, "end_date": dates.end}
        picked["days"] = KIND_DATES
    else:
        return None
    return {**picked, **time_window_typed(request)}


class MeetingCreateForm(PageForm, DaysFormMixin, DateRangeFormMixin, TimeWindowFormMixin):
    title = forms.CharField(
        label=_("Title"),
        required=False,
        widget=forms.TextInput(
            attrs={"maxlength": MAX_TEXT_LENGTH, "placeholder": _("Team dinner")}
        ),
    )
    location = forms.CharField(
        label=_("Location"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_TEXT_LENGTH}),
    )
    start_date = date_field(_("First date"), _("Pick a start date."))
    end_date = date_field(_("Last date"), _("Pick an end date."))
    error_fields = {
        domain.DateRangeInverted: "end_date",
        domain.DateRangeTooLong: "end_date",
        domain.InvalidWeekdays: "weekdays",
    }

    def __init__(self, *args: Any, zone_guess: ZoneGuess | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.days_init()
        self.time_window_init(zone_guess)

    def clean_title(self) -> str:
        return text_field_clean(self.cleaned_data["title"], what="title")

    def clean_location(self) -> str:
        return text_field_clean(self.cleaned_data["location"], what="location")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The page asks for the days before it makes a meeting (the API may leave them).
        if self.weekdays_clean():
            has_days = bool(cleaned.get("weekdays")) or "weekdays" in self.errors
            self.time_window_clean(has_dates=has_days, days_field="weekdays")
            return cleaned
        self.date_range_clean(required=True)
        has_dates = bool(cleaned.get("start_date") or cleaned.get("end_date")) or any(
            name in self.errors for name in ("start_date", "end_date")
        )
        self.time_window_clean(has_dates=has_dates)
        return cleaned


class DateRangeForm(PageForm, DaysFormMixin, DateRangeFormMixin, TimeWindowFormMixin):
    start_date = date_field(_("First date"), _("Pick a start date."))
    end_date = date_field(_("Last date"), _("Pick an end date."))
    error_fields = {
        domain.DateRangeInverted: "end_date",
        domain.DateRangeTooLong: "end_date",
        domain.InvalidWeekdays: "weekdays",
        domain.DateRangeAlreadySet: None,
        InvalidTimeWindow: None,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.days_init()
        self.time_window_init()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.weekdays_clean():
            self.time_window_clean(has_dates=True)
            return cleaned
        self.date_range_clean(required=True)
        self.time_window_clean(has_dates=True)
        return cleaned


# --- title, location ------------------------------------------------------------------------


def text_field_clean(value: str, *, what: str) -> str:
    try:
        return domain.text_clean(value, what=what)
    except domain.InvalidText as error:
        raise forms.ValidationError(domain_error_message(error, value=value)) from error


class TitleForm(PageForm):
    title = forms.CharField(
        label=_("Title"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_TEXT_LENGTH}),
    )
    error_fields = {domain.InvalidText: "title"}

    def clean_title(self) -> str:
        return text_field_clean(self.cleaned_data["title"], what="title")


class LocationForm(PageForm):
    location = forms.CharField(
        label=_("Location"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_TEXT_LENGTH}),
    )
    error_fields = {domain.InvalidText: "location"}

    def clean_location(self) -> str:
        return text_field_clean(self.cleaned_data["location"], what="location")


# --- who may edit, deleting -----------------------------------------------------------------


class EditingForm(PageForm):
    """The organizer's switch: everyone with the link may edit, or only keys."""

    editing = forms.ChoiceField(
        choices=[
            (Editing.PROTECTED.value, _("Protected")),
            (Editing.OPEN.value, _("Open to everyone with the link")),
        ]
    )


class DeleteForm(PageForm):
    """Deleting the meeting, after a confirmation step (the organizer's key decides)."""

    confirm = forms.BooleanField(
        error_messages={"required": _("Confirm that you want to delete this meeting.")},
    )
