"""Participants get ``answered`` (False until their first change of their own marks).

Participants stored before it answered if their marks differ from a new participant's (free on
every date, no star, every slot free): they changed something. The others read unanswered:
nothing tells them apart from someone who joined and walked away."""

from typing import Any

from django.db import migrations, models
from django.db.models import Q


def answered_from_marks(apps: Any, schema_editor: Any) -> None:
    participant = apps.get_model("meetings", "Participant")
    participant_date = apps.get_model("meetings", "ParticipantDate")
    marked = participant_date.objects.filter(
        Q(enabled=False) | Q(starred=True) | Q(slots__contains="0") | Q(slots__contains="2")
    ).values("participant_id")
    participant.objects.filter(pk__in=marked).update(answered=True)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_decisions_and_tombstones"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="answered",
            field=models.BooleanField(default=False, editable=False, verbose_name="answered"),
        ),
        migrations.RunPython(answered_from_marks, migrations.RunPython.noop, elidable=True),
    ]
