"""The meeting admin: list, filters, the decision shown read-only, organizer keys, purge."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext

from meetings import metrics, services
from meetings.admin.days import days_text, weekday_name, weekdays_text
from meetings.admin.forms import MeetingAdminForm
from meetings.admin.versions import forms_changed, meeting_lock, meetings_touch
from meetings.domain import (
    MeetingNotFound,
    key_new,
    minutes_label,
)
from meetings.models import Meeting, Participant
from meetings.repositories.mysql import DjangoMeetingRepository, tombstones_add
from meetings.web.identity import link_with_key


class DateRangeSetFilter(admin.SimpleListFilter):
    title = _("dates set")
    parameter_name = "dates_set"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, Any]]:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(start_date__isnull=False)
        if self.value() == "no":
            return queryset.filter(start_date__isnull=True)
        return queryset


class DecidedFilter(admin.SimpleListFilter):
    """Closed meetings (the organizer decided a final date) or open ones."""

    title = _("final date")
    parameter_name = "decided"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, Any]]:
        return [("yes", _("decided (closed)")), ("no", _("not decided (open)"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(final_date__isnull=False)
        if self.value() == "no":
            return queryset.filter(final_date__isnull=True)
        return queryset


def final_text(meeting: Meeting, *, zone: bool = False) -> str | None:
    """The decision as ``2026-12-08`` or ``2026-12-08 14:00–15:30`` (with ``zone``, followed by
    the meeting's time zone); ``None`` while the meeting is open. From the row: no query."""
    if meeting.final_date is None:
        return None
    text = meeting.final_date.isoformat()
    if meeting.weekdays:  # a weekly decision recurs from its first date
        text = _("every %(weekday)s from %(date)s") % {
            "weekday": weekday_name(meeting.final_date.isoweekday()),
            "date": text,
        }
    start, end = meeting.final_start_minute, meeting.final_end_minute
    if start is not None and end is not None:
        text += f" {minutes_label(start)}–{minutes_label(end)}"
        if zone and meeting.time_zone:
            text += f" ({meeting.time_zone})"
    return text


class ParticipantInline(admin.TabularInline[Participant, Meeting]):
    """A meeting's participants with a summary of their dates. Django has no nested inlines:
    each row starts with the name linked to the participant's own page, where the name and the
    dates are edited."""

    model = Participant
    fields = ("joined_at", "availability")
    readonly_fields = ("joined_at", "availability")
    extra = 0
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Participant]:
        return super().get_queryset(request).select_related("meeting").prefetch_related("dates")

    def has_add_permission(self, request: HttpRequest, obj: Meeting | None) -> bool:  # type: ignore[override]
        return False

    @admin.display(description=_("dates"))
    def availability(self, participant: Participant) -> str:
        rows = list(participant.dates.all())  # prefetched: one query for all participants
        free = sum(row.enabled for row in rows)
        parts = [_("free on %(free)d of %(total)d") % {"free": free, "total": len(rows)}]
        preferred = [row.date for row in rows if row.starred]
        busy = [row.date for row in rows if not row.enabled]
        weekly = bool(participant.meeting.weekdays)
        if preferred:
            parts.append(_("preferred: %(dates)s") % {"dates": days_text(preferred, weekly=weekly)})
        if busy:
            parts.append(_("busy: %(dates)s") % {"dates": days_text(busy, weekly=weekly)})
        return " · ".join(str(part) for part in parts)


@dataclass(frozen=True)
class IssuedKey:
    """A meeting's new organizer key and its manage link, for the one page that shows them.

    Neither is in the repr: a template variable that does not resolve makes Django log (at
    DEBUG, ``django.template``) an exception holding the repr of the whole template context."""

    url_code: str
    title: str
    editing: str  # as staff read it: "open" or "protected", translated
    key: str = field(repr=False)
    manage_url: str = field(repr=False)


# The admin log's change message for an issued key: the field's name only, never the key. Stored
# untranslated like Django's own messages, and translated when the log is shown.
ORGANIZER_KEY_CHANGED = [{"changed": {"fields": [gettext_noop("organizer key")]}}]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    form = MeetingAdminForm
    list_display = (
        "url_code",
        "title",
        "location",
        "start_day",
        "end_day",
        "participant_count",
        "created_at",
        # Last, so that the sort indices (?o=) of the columns before them stay as they were.
        "editing",
        "has_organizer_key",
        "final",
    )
    search_fields = ("url_code", "title", "participants__name")
    list_filter = (DateRangeSetFilter, DecidedFilter, "created_at")
    ordering = ("-created_at",)
    fields = (
        "url_code",
        "title",
        "location",
        "start_day",
        "end_day",
        "editing",
        "has_organizer_key",
        "final_decided",
        "final_note",
        "final_at",
        "deadline",
        "version",
        "created_at",
        "changed_at",
    )
    readonly_fields = (
        "url_code",
        "start_day",
        "end_day",
        "editing",
        "has_organizer_key",
        "final_decided",
        "final_note",
        "final_at",
        "deadline",
        "version",
        "created_at",
        "changed_at",
    )
    inlines = (ParticipantInline,)
    actions = ("organizer_key_issue", "meetings_purge")
    empty_value_display = "—"  # an open meeting's final date, a note never written...

    def get_queryset(self, request: HttpRequest) -> QuerySet[Meeting]:
        # distinct: a search by participant name joins participants a second time.
        return (
            super()
            .get_queryset(request)
            .annotate(participant_count=Count("participants", distinct=True))
        )

    @admin.display(description=_("participants"), ordering="participant_count")
    def participant_count(self, meeting: Meeting) -> int:
        count: int = getattr(meeting, "participant_count", 0)
        return count

    @admin.display(description=_("start date"), ordering="start_date")
    def start_day(self, meeting: Meeting) -> str | None:
        """The first date, or on a weekly meeting its weekdays (never the reference week)."""
        if meeting.weekdays:
            return weekdays_text(meeting.weekdays)
        return None if meeting.start_date is None else date_format(meeting.start_date)

    @admin.display(description=_("end date"), ordering="end_date")
    def end_day(self, meeting: Meeting) -> str | None:
        if meeting.weekdays or meeting.end_date is None:
            return None
        return date_format(meeting.end_date)

    @admin.display(description=_("organizer key"), boolean=True)
    def has_organizer_key(self, meeting: Meeting) -> bool:
        """Whether the meeting has an organizer (meetings stored before keys existed do not).
        The digest is on the row already: no query, and it is never shown."""
        return meeting.organizer_key_digest is not None

    @admin.display(description=_("final date"), ordering="final_date")
    def final(self, meeting: Meeting) -> str | None:
        return final_text(meeting)

    @admin.display(description=_("final date"))
    def final_decided(self, meeting: Meeting) -> str:
        """On the change page, a timed decision names its zone too. (A read-only field shows
        ``None`` as "None", unlike a column.)"""
        return final_text(meeting, zone=True) or self.get_empty_value_display()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(
        permissions=["delete"], description=_("Purge the selected meetings past retention")
    )
    def meetings_purge(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> None:
        """Delete those of the selected meetings that ``manage.py meetings_purge`` would (past
        ``MEETINGS_RETENTION_DAYS``), at once and without a confirmation page: nothing that the
        nightly purge would keep can go. Says how many went and how many were kept."""
        rows = list(queryset.only("pk", "url_code", "title"))
        days: int = settings.MEETINGS_RETENTION_DAYS
        codes = [row.url_code for row in rows]
        deleted = services.meetings_purge(
            repo=DjangoMeetingRepository(), retention_days=days, url_codes=codes
        )
        metrics.purged("mysql", deleted, via="admin")
        stayed = set(Meeting.objects.filter(url_code__in=codes).values_list("url_code", flat=True))
        gone = [row for row in rows if row.url_code not in stayed]
        if gone:
            self.log_deletions(request, gone)  # type: ignore[arg-type]  # only iterated
        self.message_user(
            request,
            ngettext(
                "Deleted %(deleted)d meeting past retention (%(days)d days).",
                "Deleted %(deleted)d meetings past retention (%(days)d days).",
                deleted,
            )
            % {"deleted": deleted, "days": days},
            messages.SUCCESS if deleted else messages.INFO,
        )
        kept = len(rows) - len(gone)
        if kept:
            self.message_user(
                request,
                ngettext(
                    "Kept %(kept)d selected meeting: not past retention (its last date or its "
                    "last change is less than %(days)d days ago).",
                    "Kept %(kept)d selected meetings: not past retention (their last date or "
                    "their last change is less than %(days)d days ago).",
                    kept,
                )
                % {"kept": kept, "days": days},
                messages.WARNING,
            )

    @admin.action(permissions=["change"], description=_("Issue a new organizer key"))
    def organizer_key_issue(
        self, request: HttpRequest, queryset: QuerySet[Meeting]
    ) -> TemplateResponse:
        """For an organizer who lost the manage link, or a meeting stored before keys existed:
        first a confirmation page, then a new key for each selected meeting (the old one stops
        working), shown once with its manage link."""
        if not self.has_change_permission(request):  # the action is not offered without it
            raise PermissionDenied
        rows = list(queryset)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "media": self.media,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        if request.POST.get("post") != "yes":
            return TemplateResponse(
                request,
                "admin/meetings/organizer_keys_confirm.html",
                {**context, "title": _("Issue new organizer keys?"), "meetings": rows},
            )
        issued = self._organizer_keys_issue(request, rows)
        response = TemplateResponse(
            request,
            "admin/meetings/organizer_keys.html",
            {**context, "title": _("New organizer keys"), "issued": issued},
        )
        # The keys are on this page only: no cache (the browser's included) may keep it.
        patch_cache_control(response, no_store=True)
        return response

    def _organizer_keys_issue(self, request: HttpRequest, rows: list[Meeting]) -> list[IssuedKey]:
        """All or nothing: a key issued but never shown would only lock its organizer out."""
        repo = DjangoMeetingRepository()
        issued = []
        with transaction.atomic():
            for row in rows:
                key = key_new()
                try:
                    meeting = services.meeting_organizer_key_issue(
                        repo=repo, url_code=row.url_code, organizer_key=key
                    )
                except MeetingNotFound:  # deleted since it was selected
                    continue
                self.log_change(request, row, ORGANIZER_KEY_CHANGED)
                row.editing = meeting.editing.value  # the mode stays; as stored now
                issued.append(
                    IssuedKey(
                        url_code=meeting.url_code,
                        title=meeting.title,
                        editing=row.get_editing_display(),
                        key=key,
                        manage_url=link_with_key(request, meeting.url_code, key),
                    )
                )
        return issued

    def delete_model(self, request: HttpRequest, obj: Meeting) -> None:
        """Staff deletes leave a tombstone as the organizer's do (the link says "deleted")."""
        with transaction.atomic():
            code = obj.url_code
            super().delete_model(request, obj)
            tombstones_add([code])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> None:
        with transaction.atomic():
            codes = list(queryset.values_list("url_code", flat=True))
            super().delete_queryset(request, queryset)
            tombstones_add(codes)

    def save_model(
        self, request: HttpRequest, obj: Meeting, form: forms.ModelForm[Meeting], change: bool
    ) -> None:
        meeting_lock(obj.pk)
        obj.save(update_fields=form.changed_data)  # nothing changed: no write at all

    def save_related(
        self,
        request: HttpRequest,
        form: forms.ModelForm[Meeting],
        formsets: list[forms.BaseFormSet[Any]],
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        if forms_changed(form, formsets):
            meetings_touch([form.instance.pk])
