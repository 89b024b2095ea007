"""How the MySQL store forgets meetings: which ones the purge picks, deleting them with what
names them in the admin's log, and the tombstones deletes leave (the admin's deletes too)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from meetings import models
from meetings.domain import url_code_digest


def expired_filter(dated_before: date, changed_before: datetime) -> Q:
    """Meetings last changed (or, never changed, created) before ``changed_before`` whose last
    date is before ``dated_before`` or which have no dates. Both, for a meeting with dates: one
    set up today with past dates (by anyone, on an open meeting) is not forgotten tonight."""
    quiet = Q(changed_at__lt=changed_before) | Q(
        changed_at__isnull=True, created_at__lt=changed_before
    )
    return (Q(end_date__lt=dated_before) | Q(start_date__isnull=True)) & quiet


def meetings_delete(ids: list[int]) -> int:
    """Delete the meetings ``ids`` with their participants and dates, and the admin's log
    entries about them (which name them: titles, people); how many meetings went."""
    participant_ids = models.Participant.objects.filter(meeting_id__in=ids).values_list(
        "id", flat=True
    )
    types = ContentType.objects.get_for_models(models.Meeting, models.Participant)
    LogEntry.objects.filter(
        Q(content_type=types[models.Meeting], object_id__in=[str(pk) for pk in ids])
        | Q(
            content_type=types[models.Participant],
            object_id__in=[str(pk) for pk in participant_ids],
        )
    ).delete()
    _, counts = models.Meeting.objects.filter(pk__in=ids).delete()
    return counts.get(models.Meeting._meta.label, 0)


def tombstones_add(url_codes: Sequence[str]) -> None:
    """Keep the tombstones of meetings just deleted (the admin's deletes too): their codes'
    digests, at this moment (again, should a code ever come back)."""
    now = timezone.now()
    digests = [url_code_digest(code) for code in url_codes]
    with transaction.atomic():
        models.DeletedMeeting.objects.filter(digest__in=digests).delete()
        models.DeletedMeeting.objects.bulk_create(
            [models.DeletedMeeting(digest=digest, deleted_at=now) for digest in digests]
        )
