"""The participant admin: a participant's name and date marks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from meetings.admin.days import day_text
from meetings.admin.forms import ParticipantAdminForm, ParticipantDateAdminForm
from meetings.admin.versions import forms_changed, meeting_lock, meetings_touch
from meetings.models import Participant, ParticipantDate


class ParticipantDateInline(admin.TabularInline[ParticipantDate, Participant]):
    model = ParticipantDate
    form = ParticipantDateAdminForm
    fields = ("day", "enabled", "starred")
    readonly_fields = ("day",)
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ParticipantDate]:
        return super().get_queryset(request).select_related("meeting")

    @admin.display(description=_("date"))
    def day(self, row: ParticipantDate) -> str:
        """The date, or on a weekly meeting its weekday's name (never the reference week)."""
        return day_text(row.date, weekly=bool(row.meeting.weekdays))

    def has_add_permission(self, request: HttpRequest, obj: Participant | None) -> bool:  # type: ignore[override]
        return False


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin[Participant]):
    form = ParticipantAdminForm
    # Last, so that the sort indices (?o=) of the columns before it stay as they were.
    list_display = ("name", "meeting", "joined_at", "has_password")
    list_select_related = ("meeting",)
    search_fields = ("name", "meeting__url_code", "meeting__title")
    fields = ("name", "meeting", "joined_at", "has_password")
    readonly_fields = ("meeting", "joined_at", "has_password")
    inlines = (ParticipantDateInline,)

    @admin.display(description=_("password set"), boolean=True)
    def has_password(self, participant: Participant) -> bool:
        """Whether the participant set a password; the hash itself is never shown."""
        return participant.password_hash is not None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(
        self,
        request: HttpRequest,
        obj: Participant,
        form: forms.ModelForm[Participant],
        change: bool,
    ) -> None:
        meeting_lock(obj.meeting_id)
        if "name" in form.changed_data:
            obj.save(update_fields=["name", "name_key"])

    def save_related(
        self,
        request: HttpRequest,
        form: forms.ModelForm[Participant],
        formsets: list[forms.BaseFormSet[Any]],
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        if forms_changed(form, formsets):
            meetings_touch([form.instance.meeting_id])

    def delete_model(self, request: HttpRequest, obj: Participant) -> None:
        meeting_lock(obj.meeting_id)
        super().delete_model(request, obj)
        meetings_touch([obj.meeting_id])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Participant]) -> None:
        with transaction.atomic():
            meeting_ids = sorted(set(queryset.values_list("meeting_id", flat=True)))
            for meeting_id in meeting_ids:  # one order for every locker
                meeting_lock(meeting_id)
            super().delete_queryset(request, queryset)
            meetings_touch(meeting_ids)
