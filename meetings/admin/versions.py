"""Version discipline of admin saves: lock the meeting's row first, bump its version after."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from meetings.models import Meeting


def meeting_lock(meeting_id: int) -> None:
    """Take the meeting row's lock (inside the admin's transaction) before touching its rows."""
    list(Meeting.objects.select_for_update().filter(pk=meeting_id).values_list("pk", flat=True))


def meetings_touch(meeting_ids: Iterable[int]) -> None:
    """Bump the version of each meeting, so that every client sees the change, and note when
    it changed, as the stores do with every bump (``meetings_purge`` keeps changed meetings)."""
    Meeting.objects.filter(pk__in=list(meeting_ids)).version_bump()


def forms_changed(form: forms.ModelForm[Any], formsets: Iterable[forms.BaseFormSet[Any]]) -> bool:
    return form.has_changed() or any(formset.has_changed() for formset in formsets)
