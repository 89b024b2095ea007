"""The forms of a timed meeting's slots: a stroke of the page's script, one date's checkboxes
without JavaScript.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext

from meetings.domain import DateAction
from meetings.services import MarkRequest
from meetings.web.forms.base import ISO_DATE, PageForm


class PaintForm(PageForm):
    """One stroke of the page's script: ``marks``, a JSON list of ``{"date", "action"}`` with
    ``"from"``/``"to"`` (HH:MM) on timed meetings, as the API's marks endpoint takes them."""

    marks = forms.CharField()

    def clean_marks(self) -> list[MarkRequest]:
        impossible = forms.ValidationError(gettext("That change is not possible."))
        try:
            raw = json.loads(self.cleaned_data["marks"])
        except (ValueError, RecursionError):  # malformed, or nested beyond the parser
            raise impossible from None
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
