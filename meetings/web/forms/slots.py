"""The forms of a timed meeting's slots: a stroke of the page's script, the whole grid's
checkboxes without JavaScript.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext

from meetings.domain import MAX_MARKS, DateAction, TimeWindow, minutes_label
from meetings.services import MarkRequest
from meetings.web.daykeys import day_from_key
from meetings.web.forms.base import PageForm
from meetings.web.presenters.layout import slots_marks_to, slots_target


class PaintForm(PageForm):
    """One stroke of the page's script: ``marks``, a JSON list of ``{"date", "action"}`` with
    ``"from"``/``"to"`` (HH:MM) on timed meetings, as the API's marks endpoint takes them; the
    date as the page wrote it (``daykeys``: ``wed`` on a weekly meeting)."""

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
                marks.append(MarkRequest(day_from_key(day), DateAction(action), begin, end))
            except ValueError as error:
                raise impossible from error
        return marks


_KEY = re.compile(r"[0-9]{1,5}")


class SlotKeysField(forms.Field):
    """The ticked checkboxes of one name: a set of slot keys, each below ``size``. Checked by
    hand rather than as choices: a whole grid has up to 6,048 slots, and a choice field would
    compare every value sent with every choice."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)
        self.size = 0

    def to_python(self, value: Any) -> set[int]:
        keys = set()
        for raw in value or ():
            if not isinstance(raw, str) or not _KEY.fullmatch(raw) or int(raw) >= self.size:
                raise forms.ValidationError(gettext("That change is not possible."))
            keys.add(int(raw))
        return keys


_TICKS = ("free", "preferred", "ifneedbe")  # a slot's checkboxes, by name


class SlotsForm(PageForm):
    """The whole slot grid without JavaScript, one Save for every date: a checkbox per slot for
    free, one for preferred and one for free if need be, each valued by its key (date index x
    slots a day + slot, the cells' ``data-k``), and ``was``: my marks of every date as the page
    showed them, so that only the slots changed on the page become marks
    (``cleaned_data["marks"]``) and whatever changed meanwhile elsewhere (someone else, another
    tab) on the others stays."""

    was = forms.RegexField(regex=r"^[0123]+$")
    free = SlotKeysField()
    preferred = SlotKeysField()
    ifneedbe = SlotKeysField()

    def __init__(self, *args: Any, window: TimeWindow, dates: list[date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.window, self.dates = window, dates
        self.size = len(dates) * window.slot_count
        for name in _TICKS:
            field = self.fields[name]
            assert isinstance(field, SlotKeysField)
            field.size = self.size

    def clean_was(self) -> str:
        was: str = self.cleaned_data["was"]
        if len(was) != self.size:
            raise forms.ValidationError(gettext("That change is not possible."))
        return was

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        was: str = cleaned["was"]
        count = self.window.slot_count
        ticked: dict[str, list[set[int]]] = {}
        for name in _TICKS:
            ticked[name] = [set() for _day in self.dates]
            for key in cleaned[name]:
                ticked[name][key // count].add(key % count)
        marks: list[MarkRequest] = []
        for position, day in enumerate(self.dates):
            day_was = was[position * count : (position + 1) * count]
            target = slots_target(
                self.window,
                day,
                day_was,
                free=ticked["free"][position],
                preferred=ticked["preferred"][position],
                if_need_be=ticked["ifneedbe"][position],
            )
            marks.extend(
                MarkRequest(day, action, minutes_label(begin), minutes_label(end))
                for action, begin, end in slots_marks_to(self.window, day_was, target)
            )
        if len(marks) > MAX_MARKS:
            raise forms.ValidationError(
                gettext("Too many separate changes to save at once: change fewer times, then save.")
            )
        cleaned["marks"] = marks
        return cleaned
