"""Forms of the browser pages: parse what a browser posts and show friendly, translated errors.

The rules themselves live in ``meetings.domain``; these forms run the same checks the services
run (so the error lands next to its field) and turn domain errors into translated messages. The
domain's own messages are the API's exact English texts and are never shown on a page.
"""

from __future__ import annotations

import calendar
import json
import zoneinfo
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from meetings import domain
from meetings.domain import (
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_RANGE_DAYS,
    MAX_TEXT_LENGTH,
    DateAction,
    DomainError,
    Editing,
    Meeting,
)
from meetings.services import MarkRequest, time_window
from meetings.slots import (
    FINAL_NO_DATES,
    SLOT_LENGTHS,
    WINDOW_ALL_OR_NONE,
    InvalidMark,
    InvalidTimeWindow,
    TimeWindow,
    minutes_label,
)
from meetings.web.presenters.labels import date_long

ISO_DATE = "%Y-%m-%d"


# --- messages for domain errors ----------------------------------------------------------------


def text_problem(value: str, *, max_length: int) -> str:
    """Why ``value`` broke a text rule (too long or control characters), in the user's language."""
    if len(value.strip()) > max_length:
        return ngettext(
            "Use at most %(max)d character.", "Use at most %(max)d characters.", max_length
        ) % {"max": max_length}
    return gettext("Remove special characters such as tabs or line breaks.")


def domain_error_message(error: DomainError, *, value: str = "") -> str:
    """A translated, friendly message for a domain error (``value``: the input that caused it)."""
    if isinstance(error, domain.DateRangeInverted):
        return gettext("The end date cannot be before the start date.")
    if isinstance(error, domain.DateRangeTooLong):
        return ngettext(
            "The end date can be at most %(days)d day after the start date.",
            "The end date can be at most %(days)d days after the start date.",
            MAX_RANGE_DAYS,
        ) % {"days": MAX_RANGE_DAYS}
    if isinstance(error, domain.DateRangeAlreadySet):
        return gettext("The dates of this meeting have already been set.")
    if isinstance(error, domain.DateRangeOutOfBounds):
        return gettext("Pick dates between %(earliest)s and %(latest)s.") % {
            "earliest": formats.date_format(domain.EARLIEST_DATE, "DATE_FORMAT"),
            "latest": formats.date_format(domain.LATEST_DATE, "DATE_FORMAT"),
        }
    if isinstance(error, domain.DateRangeNotSet):
        return gettext("Set the meeting's dates before anyone joins.")
    if isinstance(error, domain.ParticipantNameTaken):
        return gettext(
            "Someone called “%(name)s” has already joined. Pick another name, or choose "
            "yours under “Already joined?”."
        ) % {"name": value.strip()}
    if isinstance(error, domain.InvalidName):
        if not value.strip():
            return gettext("Enter your name.")
        return text_problem(value, max_length=MAX_NAME_LENGTH)
    if isinstance(error, domain.InvalidText):
        return text_problem(value, max_length=MAX_TEXT_LENGTH)
    if isinstance(error, domain.KeyRequired | domain.KeyRefused):
        if error.message in (domain.ROW_KEY_REQUIRED, domain.ROW_KEY_REFUSED):
            if value.strip():
                return gettext(
                    "Only %(name)s or the organizer can change the answers of %(name)s. Open the "
                    "personal link %(name)s got when joining, on this device."
                ) % {"name": value.strip()}
            return gettext("Only that person or the organizer can change their answers.")
        return gettext(
            "Only the organizer can change this meeting. Open the manage link on this device "
            "to do so."
        )
    if isinstance(error, domain.ParticipantNotFound | domain.ParticipantDateNotFound):
        return gettext("That person or date is no longer part of this meeting.")
    if isinstance(error, domain.MeetingNotFound):
        return gettext("This meeting does not exist.")
    if isinstance(error, InvalidTimeWindow):
        return time_window_message(error)
    if isinstance(error, InvalidMark):
        return gettext("Those dates or times are not part of this meeting. Reload the page.")
    if isinstance(error, domain.MeetingClosed):
        return gettext("This meeting is closed: the organizer has picked the final date.")
    if isinstance(error, domain.InvalidFinal):
        return final_message(error)
    if isinstance(error, domain.NoFinalDate):
        return gettext("The organizer has not picked the final date yet.")
    return gettext("That did not work. Please check your input and try again.")


TIME_WINDOW_FIELDS = ("start_time", "end_time", "slot_minutes", "time_zone")


def time_window_field(error: InvalidTimeWindow) -> str | None:
    """The form field an ``InvalidTimeWindow`` is about: the one its message starts with."""
    if error.message == WINDOW_ALL_OR_NONE:
        return None  # about the four together: the form names the missing one
    first = error.message.split(" ", 1)[0]
    return first if first in TIME_WINDOW_FIELDS else None


def time_window_message(error: InvalidTimeWindow) -> str:
    """A translated message for a broken window rule (the domain's texts are the API's)."""
    field = time_window_field(error)
    message = error.message
    if message == WINDOW_ALL_OR_NONE:
        return gettext("Pick the start and end times, the slot length and the time zone.")
    if field == "slot_minutes":
        return gettext("Pick slots of 15, 30 or 60 minutes.")
    if field == "time_zone":
        return gettext("Pick a time zone from the list.")
    return time_rule_message(message)


def time_rule_message(message: str) -> str:
    """What the window's and the final date's messages share: a time off a slot boundary, an
    end not after the start, a time not written as HH:MM."""
    if "slot boundary" in message:
        minutes = int(message.rsplit(" on a ", 1)[1].split("-", 1)[0])
        return ngettext(
            "With slots of %(minutes)d minute, pick a time such as %(example)s.",
            "With slots of %(minutes)d minutes, pick a time such as %(example)s.",
            minutes,
        ) % {"minutes": minutes, "example": minutes_label(9 * 60 + 60 - minutes)}
    if "should be after" in message:
        return gettext("The end time must be after the start time.")
    return gettext("Pick a time such as 09:00.")


def final_field(error: domain.InvalidFinal) -> str | None:
    """The ``FinalForm`` field an ``InvalidFinal`` is about: the one its message starts with
    ("date 2026-12-20 is not...", "end 10:10 is not...", "note should..."), if any."""
    first = error.message.split(" ", 1)[0]
    if error.message.startswith("start and end "):  # about both (a dates-only meeting)
        return None
    return first if first in ("date", "start", "end", "note") else None


def final_message(error: domain.InvalidFinal) -> str:
    """A translated message for a broken rule of the final date (the domain's are the API's)."""
    message = error.message
    field = final_field(error)
    if message == FINAL_NO_DATES:
        return gettext("Set the meeting's dates before picking the final date.")
    if field == "date":
        return gettext("Pick one of the meeting's dates.")
    if field == "note":
        if "at most" in message:
            return ngettext(
                "Use at most %(max)d character.", "Use at most %(max)d characters.", MAX_NOTE_LENGTH
            ) % {"max": MAX_NOTE_LENGTH}
        return gettext("Remove special characters from the note.")
    if message.startswith("start and end are only"):
        return gettext("This meeting has no times of day: pick only a date.")
    if "needs start and end" in message:
        return gettext("Pick the start and end times.")
    if "is outside the window" in message:
        window = message.rsplit(" ", 1)[1]
        start, _sep, end = window.partition("-")
        return gettext("Pick a time from %(start)s to %(end)s.") % {"start": start, "end": end}
    return time_rule_message(message)


class PageForm(forms.Form):
    """A form that can show a domain error next to the field it is about."""

    #: The field a domain error type belongs to (``None``: shown above the form).
    error_fields: dict[type[DomainError], str | None] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domain_errors: list[DomainError] = []

    def add_domain_error(self, error: DomainError, *, value: str | None = None) -> None:
        """Show ``error``; ``value``: what the message is about, when not the field's input."""
        self.domain_errors.append(error)
        field = next(
            (name for kind, name in self.error_fields.items() if isinstance(error, kind)), None
        )
        if value is None:
            value = str(self.data.get(field, "")) if field else ""
        self.add_error(field, domain_error_message(error, value=value))


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


def default_time_zone() -> str:
    """The zone the form offers before the page's script picks the browser's."""
    known = {name for name, _label in time_zone_choices()}
    return settings.TIME_ZONE if settings.TIME_ZONE in known else "UTC"


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

    def time_window_init(self) -> None:
        slot = self.fields["slot_minutes"].widget
        zone = self.fields["time_zone"].widget
        assert isinstance(slot, forms.Select)
        assert isinstance(zone, forms.Select)
        slot.choices = slot_length_choices()
        zone.choices = time_zone_choices()
        self.fields["time_zone"].initial = default_time_zone()
        if not self.is_bound and "time_zone" not in self.initial:
            # Nothing chosen yet: the page's script may pick the browser's zone instead.
            zone.attrs["data-browser-zone"] = ""

    def time_window_clean(self, *, has_dates: bool) -> None:
        """``cleaned_data["window"]``: the window asked for (``None``: dates only)."""
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
            self.add_error("start_date", gettext("Pick the dates too, to ask about times of day."))
            return
        self.cleaned_data["window"] = window


class MeetingCreateForm(PageForm, DateRangeFormMixin, TimeWindowFormMixin):
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
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_date"].required = False
        self.fields["end_date"].required = False
        self.time_window_init()

    def clean_title(self) -> str:
        return text_field_clean(self.cleaned_data["title"], what="title")

    def clean_location(self) -> str:
        return text_field_clean(self.cleaned_data["location"], what="location")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.date_range_clean(required=False)
        has_dates = bool(cleaned.get("start_date") or cleaned.get("end_date")) or any(
            name in self.errors for name in ("start_date", "end_date")
        )
        self.time_window_clean(has_dates=has_dates)
        return cleaned


class DateRangeForm(PageForm, DateRangeFormMixin, TimeWindowFormMixin):
    start_date = date_field(_("First date"), _("Pick a start date."))
    end_date = date_field(_("Last date"), _("Pick an end date."))
    error_fields = {
        domain.DateRangeInverted: "end_date",
        domain.DateRangeTooLong: "end_date",
        domain.DateRangeAlreadySet: None,
        InvalidTimeWindow: None,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.time_window_init()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
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


# --- participants ---------------------------------------------------------------------------


class JoinForm(PageForm):
    name = forms.CharField(
        label=_("Your name"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_NAME_LENGTH, "autocomplete": "name"}),
    )
    error_fields = {
        domain.InvalidName: "name",
        domain.ParticipantNameTaken: "name",
        domain.DateRangeNotSet: None,
        domain.MeetingClosed: None,
    }

    def clean_name(self) -> str:
        value: str = self.cleaned_data["name"]
        try:
            return domain.participant_name_clean(value)
        except domain.InvalidName as error:
            raise forms.ValidationError(domain_error_message(error, value=value)) from error


class SwitchForm(PageForm):
    """Who this browser is in a meeting: one of its participants, or nobody ("")."""

    participant = forms.ChoiceField(label=_("I am"), required=False)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participant"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", gettext("Nobody yet (join with a new name)"))] + [
            (str(participant.id), participant.name) for participant in meeting.participants
        ]
        field.error_messages["invalid_choice"] = gettext(
            "That person is no longer part of this meeting."
        )


class MarkForm(PageForm):
    """One click on a cell or a star: ``<date>:<action>``, e.g. ``2026-12-01:off``."""

    mark = forms.CharField()
    error_fields = {domain.ParticipantDateNotFound: None, domain.ParticipantNotFound: None}

    def clean_mark(self) -> tuple[date, DateAction]:
        day, _sep, action = str(self.cleaned_data["mark"]).partition(":")
        try:
            return date.fromisoformat(day), DateAction(action)
        except ValueError as error:
            raise forms.ValidationError(gettext("That change is not possible.")) from error


class EditingForm(PageForm):
    """The organizer's switch: everyone with the link may edit, or only keys."""

    editing = forms.ChoiceField(
        choices=[
            (Editing.PROTECTED.value, _("Protected")),
            (Editing.OPEN.value, _("Open to everyone with the link")),
        ]
    )


class LeaveForm(PageForm):
    confirm = forms.BooleanField(
        error_messages={"required": _("Confirm that you want to leave this meeting.")},
    )
    error_fields = {domain.ParticipantNotFound: None}


# --- the final date, deleting ---------------------------------------------------------------

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


class DeleteForm(PageForm):
    """Deleting the meeting, after a confirmation step (the organizer's key decides)."""

    confirm = forms.BooleanField(
        error_messages={"required": _("Confirm that you want to delete this meeting.")},
    )


# --- painting slots ---------------------------------------------------------------------------


class PaintForm(PageForm):
    """One stroke of the page's script: ``marks``, a JSON list of ``{"date", "action"}`` with
    ``"from"``/``"to"`` (HH:MM) on timed meetings, as the API's marks endpoint takes them."""

    marks = forms.CharField()

    def clean_marks(self) -> list[MarkRequest]:
        impossible = forms.ValidationError(gettext("That change is not possible."))
        try:
            raw = json.loads(self.cleaned_data["marks"])
        except ValueError as error:
            raise impossible from error
        if not isinstance(raw, list):
            raise impossible
        marks = []
        for item in raw:
            if not isinstance(item, dict) or set(item) - {"date", "action", "from", "to"}:
                raise impossible
            day, action = item.get("date"), item.get("action")
            begin, end = item.get("from"), item.get("to")
            if not isinstance(day, str) or not isinstance(action, str):
                raise impossible
            if not all(value is None or isinstance(value, str) for value in (begin, end)):
                raise impossible
            try:
                marks.append(MarkRequest(date.fromisoformat(day), DateAction(action), begin, end))
            except ValueError as error:
                raise impossible from error
        return marks


class SlotsForm(PageForm):
    """One date of the slot grid without JavaScript: a checkbox per slot for free and one for
    preferred, and ``was`` (the marks the page showed) so only what was changed is applied."""

    day = forms.DateField(input_formats=[ISO_DATE])
    was = forms.RegexField(regex=r"^[012]{1,96}$")
    free = forms.TypedMultipleChoiceField(coerce=int, required=False)
    preferred = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args: Any, slot_count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(index), str(index)) for index in range(slot_count)]
        for name in ("free", "preferred"):
            field = self.fields[name]
            assert isinstance(field, forms.TypedMultipleChoiceField)
            field.choices = choices
        self.slot_count = slot_count

    def clean_was(self) -> str:
        was: str = self.cleaned_data["was"]
        if len(was) != self.slot_count:
            raise forms.ValidationError(gettext("That change is not possible."))
        return was
