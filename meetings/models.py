"""MySQL (ORM) rows. Only ``repositories/mysql/`` and the admin touch them; everything
else works with the domain snapshots in ``meetings.domain``."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.domain import WEEKDAY_NAMES, Editing, participant_name_key


class CaseSensitiveCharField(models.CharField[str, str]):
    """A CharField compared byte for byte on MySQL too.

    MySQL's default utf8mb4 collations ignore case (and accents), which would make url codes
    that differ only in case collide. SQLite compares binary by default already.
    """

    def db_parameters(self, connection: BaseDatabaseWrapper) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "mysql":
            params["collation"] = "utf8mb4_bin"
        return params


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def version_bump(self, *, note_change: bool = True, **changes: Any) -> int:
        """Bump the ``version`` of every meeting in this queryset, so that every client sees the
        change, and note when it changed (``changed_at``, which ``meetings_purge`` reads), with
        ``changes`` (other columns) in the same UPDATE; returns how many meetings matched.

        The one way the MySQL store and the admin change a meeting's version. The UPDATE takes
        each meeting's row lock, which is why mutations start with it. ``note_change=False``
        leaves ``changed_at`` alone (a meeting about to be deleted: the bump only locks it).
        """
        if note_change:
            changes = {"changed_at": timezone.now(), **changes}
        return self.update(version=models.F("version") + 1, **changes)


class Meeting(models.Model):
    url_code = CaseSensitiveCharField(_("url code"), max_length=22, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255, blank=True, default="")
    location = models.CharField(_("location"), max_length=255, blank=True, default="")
    start_date = models.DateField(_("start date"), null=True, blank=True)
    # Indexed for meetings_purge, which forgets meetings whose last date is long past.
    end_date = models.DateField(_("end date"), null=True, blank=True, db_index=True)
    version = models.PositiveBigIntegerField(_("version"), default=1, editable=False)
    # Who may change the meeting (meetings.domain.Editing). Meetings stored before keys existed
    # have no organizer key and stay open.
    editing = models.CharField(
        _("editing"),
        max_length=10,
        choices=[(Editing.OPEN.value, _("open")), (Editing.PROTECTED.value, _("protected"))],
        default=Editing.OPEN.value,
        editable=False,
    )
    # The daily time window of a timed meeting (meetings.domain.TimeWindow), set with the range:
    # minutes after midnight (end up to 1440, "24:00"), the slot length and an IANA zone. All
    # NULL (and the zone blank) on dates-only meetings.
    start_minute = models.PositiveSmallIntegerField(
        _("day starts (minute)"), null=True, editable=False
    )
    end_minute = models.PositiveSmallIntegerField(_("day ends (minute)"), null=True, editable=False)
    slot_minutes = models.PositiveSmallIntegerField(_("slot minutes"), null=True, editable=False)
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, default="", editable=False
    )
    # A weekly meeting's ISO weekdays (meetings.domain.weekdays_bits: bit w - 1 for weekday w);
    # NULL on dated meetings. A weekly meeting's start and end date are then its reference
    # week's (meetings.domain.weekly), and each participant date one weekday's entry.
    weekdays = models.PositiveSmallIntegerField(_("weekdays"), null=True, editable=False)
    # SHA-256 of the organizer key (meetings.domain.key_digest); the key itself is never stored.
    organizer_key_digest = models.CharField(max_length=64, null=True, editable=False)  # noqa: DJ001 (NULL: no key)
    # The organizer's decision (meetings.domain.FinalDecision): a date, on a timed meeting the
    # minutes it starts and ends at, a note, and when it was decided. All NULL (the note blank)
    # while the meeting is open.
    final_date = models.DateField(_("final date"), null=True, blank=True, editable=False)
    final_start_minute = models.PositiveSmallIntegerField(
        _("final start (minute)"), null=True, editable=False
    )
    final_end_minute = models.PositiveSmallIntegerField(
        _("final end (minute)"), null=True, editable=False
    )
    final_note = models.CharField(
        _("final note"), max_length=500, blank=True, default="", editable=False
    )
    final_at = models.DateTimeField(_("decided at"), null=True, editable=False)
    # The deadline for answers (meetings.domain.deadline): the moment, in UTC, after which the
    # meeting takes no joins and no marks; NULL: none. The organizer gives it as a wall time in
    # the meeting's zone; the moment is kept so that the check every write makes compares
    # instants (and stored meetings, which have none, stay as they were).
    deadline = models.DateTimeField(_("answers due"), null=True, editable=False)
    # How many times the final date was decided (never lowered, not even by reopening): the
    # calendar file's SEQUENCE is this minus one (meetings.domain.final_sequence).
    decisions = models.PositiveIntegerField(_("decisions"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    # Set by every change (with the version); NULL: unchanged since created_at. meetings_purge
    # forgets meetings without dates that nobody changed for MEETINGS_RETENTION_DAYS.
    changed_at = models.DateTimeField(_("changed at"), null=True, editable=False, db_index=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(start_date__isnull=True, end_date__isnull=True)
                    | models.Q(start_date__lte=models.F("end_date"))
                ),
                name="meeting_date_range_valid",
            ),
            # A window is whole (all four set) or absent, and only on a meeting with dates.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        start_minute__isnull=True,
                        end_minute__isnull=True,
                        slot_minutes__isnull=True,
                        time_zone="",
                    )
                    | models.Q(
                        start_minute__isnull=False,
                        end_minute__gt=models.F("start_minute"),
                        end_minute__lte=1440,
                        slot_minutes__in=[15, 30, 60],
                        start_date__isnull=False,
                    )
                    & ~models.Q(time_zone="")
                ),
                name="meeting_time_window_valid",
            ),
            # Only a meeting with an organizer can be protected: someone must hold the key.
            models.CheckConstraint(
                condition=(
                    models.Q(editing=Editing.OPEN.value)
                    | models.Q(editing=Editing.PROTECTED.value, organizer_key_digest__isnull=False)
                ),
                name="meeting_editing_valid",
            ),
            # A decision is a date of a meeting with dates, with both times or neither.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        final_date__isnull=True,
                        final_start_minute__isnull=True,
                        final_end_minute__isnull=True,
                    )
                    | models.Q(
                        final_date__isnull=False,
                        start_date__isnull=False,
                        final_start_minute__isnull=True,
                        final_end_minute__isnull=True,
                    )
                    | models.Q(
                        final_date__isnull=False,
                        start_date__isnull=False,
                        final_start_minute__isnull=False,
                        final_end_minute__isnull=False,
                        final_end_minute__gt=models.F("final_start_minute"),
                    )
                ),
                name="meeting_final_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url_code

    def get_absolute_url(self) -> str:
        """The meeting's public page; the admin links to it ("View on site")."""
        return reverse("meeting_page", kwargs={"url_code": self.url_code})


def participant_name_key_digest(name: str) -> str:
    """``participant_name_key(name)`` as 64 hex digits, the column the uniqueness rule indexes.

    A digest keeps the indexed width fixed: NFKC alone can turn one character into 18
    (U+FDFA), so the readable key of a 50-character name does not fit a bounded column."""
    return hashlib.sha256(participant_name_key(name).encode()).hexdigest()


class Participant(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    name = models.CharField(_("name"), max_length=50)
    # participant_name_key_digest(name): what must be unique within a meeting (ignoring case);
    # kept in step with ``name`` by save().
    name_key = CaseSensitiveCharField(max_length=64, editable=False)
    # SHA-256 of the participant's key; NULL for participants who joined before keys existed.
    key_digest = models.CharField(max_length=64, null=True, editable=False)  # noqa: DJ001 (NULL: no key)
    # The participant's optional password, hashed by Django's password hashers (the services'
    # make_password); NULL: none. Never shown: the admin says only whether one is set.
    password_hash = models.CharField(max_length=255, null=True, editable=False)  # noqa: DJ001 (NULL: none)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    # False from joining until the participant's first change of their own marks
    # (meetings.domain.Participant.answered): until then nothing counts their row.
    answered = models.BooleanField(_("answered"), default=False, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "name_key"], name="participant_name_unique_in_meeting"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = participant_name_key_digest(self.name)
        super().save(*args, **kwargs)


class ParticipantDate(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="dates", verbose_name=_("participant")
    )
    # Denormalised from the participant so that a toggle is one UPDATE ... WHERE id AND meeting
    # and a date of another meeting can never be touched.
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+", editable=False)
    date = models.DateField(_("date"))
    enabled = models.BooleanField(_("free"), default=True)
    starred = models.BooleanField(_("preferred"), default=False)
    # Free, but rather not (never with starred on a dates-only meeting).
    if_need_be = models.BooleanField(_("if need be"), default=False)
    # Timed meetings: one mark per slot, "0" busy, "1" free, "2" preferred, "3" free if need be
    # (meetings.domain.marks); enabled/starred/if_need_be then say "free / preferred / free if
    # need be on at least one slot". NULL on dates-only.
    slots = models.CharField(_("slots"), max_length=96, null=True, blank=True)  # noqa: DJ001

    class Meta:
        verbose_name = _("participant date")
        verbose_name_plural = _("participant dates")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "date"], name="participant_date_unique"),
        ]

    def __str__(self) -> str:
        # A weekly meeting's entry is a weekday: its reference date is never shown.
        if self.meeting.weekdays:
            return WEEKDAY_NAMES[self.date.isoweekday() - 1]
        return self.date.isoformat()

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The denormalised meeting always follows the participant's (bulk inserts set it too).
        self.meeting_id = self.participant.meeting_id
        super().save(*args, **kwargs)


class DeletedMeeting(models.Model):
    """A deleted meeting's tombstone: the SHA-256 of its url code (meetings.domain.url_code_digest),
    never the code, and when it went, so its link says "deleted" (410) instead of "not found".
    meetings_purge forgets tombstones older than MEETINGS_RETENTION_DAYS."""

    digest = models.CharField(_("url code digest"), max_length=64, primary_key=True)
    deleted_at = models.DateTimeField(_("deleted at"), db_index=True)

    class Meta:
        verbose_name = _("deleted meeting")
        verbose_name_plural = _("deleted meetings")

    def __str__(self) -> str:
        return self.digest
