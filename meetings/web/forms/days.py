"""Which days a meeting asks about, on the create and dates forms: specific dates (a range,
``DateRangeFormMixin``) or days of the week (weekday checkboxes, with the quick picks "Mon–Fri"
and "Every day"). Without JavaScript both are shown and the radio button says which counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

KIND_DATES, KIND_WEEKLY = "dates", "weekly"
DATE_FIELDS = ("start_date", "end_date")


def weekday_choices() -> list[tuple[int, Any]]:
    """The seven ISO weekdays (Monday = 1) by their full names in the active language."""
    return [(number, WEEKDAYS[number - 1]) for number in range(1, 8)]


@dataclass(frozen=True)
class QuickWeekdays:
    key: str
    label: str
    weekdays: tuple[int, ...]


def quick_weekdays() -> list[QuickWeekdays]:
    """The quick picks next to the weekday checkboxes."""
    return [
        QuickWeekdays(
            "weekdays-mon-fri",
            pgettext("quick pick of weekdays", "Mon–Fri"),
            (1, 2, 3, 4, 5),
        ),
        QuickWeekdays(
            "weekdays-all", pgettext("quick pick of weekdays", "Every day"), (1, 2, 3, 4, 5, 6, 7)
        ),
    ]


def quick_weekdays_find(key: str) -> QuickWeekdays | None:
    return next((pick for pick in quick_weekdays() if pick.key == key), None)


def days_typed(request: HttpRequest) -> dict[str, Any]:
    """What was chosen of the days, kept when a quick pick fills part of the form in."""
    typed: dict[str, Any] = {}
    if isinstance(request.POST.get("days"), str):
        typed["days"] = request.POST["days"]
    weekdays = [value for value in request.POST.getlist("weekdays") if value.isdigit()]
    if weekdays:
        typed["weekdays"] = [int(value) for value in weekdays]
    return typed


class DaysFormMixin(forms.Form):
    """Specific dates or days of the week: ``cleaned_data["weekdays"]`` is the chosen weekdays
    (sorted) on a weekly meeting, else ``None``, and the dates are ``None`` then."""

    days = forms.ChoiceField(
        label=_("Which days"),
        choices=[(KIND_DATES, _("Specific dates")), (KIND_WEEKLY, _("Days of the week"))],
        initial=KIND_DATES,
        required=False,
        widget=forms.RadioSelect(attrs={"data-days-switch": ""}),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week"),
        coerce=int,
        choices=weekday_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"data-weekday": ""}),
        error_messages={"invalid_choice": _("Pick days of the week from the list.")},
    )

    def days_init(self) -> None:
        """On a weekly form the date fields are not asked for."""
        if self.is_bound and self.data.get("days") == KIND_WEEKLY:
            for name in DATE_FIELDS:
                self.fields[name].required = False

    @property
    def days_weekly(self) -> bool:
        return self.cleaned_data.get("days") == KIND_WEEKLY

    def weekdays_clean(self) -> bool:
        """On a weekly form: the weekdays checked (or an error), the dates dropped; whether
        days were asked for at all (for the times of day's check)."""
        if not self.days_weekly:
            self.cleaned_data["weekdays"] = None
            return False
        for name in DATE_FIELDS:  # whatever was typed there does not count
            self.cleaned_data[name] = None
            self.errors.pop(name, None)
        if "weekdays" in self.errors:
            return True
        chosen = sorted(set(self.cleaned_data.get("weekdays") or ()))
        if not chosen:
            self.add_error("weekdays", gettext("Pick at least one day of the week."))
            return True
        self.cleaned_data["weekdays"] = chosen
        return True
