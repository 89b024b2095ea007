"""Participants' name keys become the Unicode TS #39 skeleton of the name (look-alike names
collide, meetings.domain.participant_name_key): each stored key is computed again, meeting by
meeting (meetings.domain.name_keys_renewed keeps the stored key of a name that would now collide
with an earlier participant's). Backwards: nothing to undo (the keys stay as they are)."""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from typing import Any

from django.db import migrations

from meetings.domain import name_keys_renewed
from meetings.models import participant_name_key_digest


def name_keys_renew(apps: Any, schema_editor: Any) -> None:
    participant = apps.get_model("meetings", "Participant")
    rows = (
        participant.objects.order_by("meeting_id", "id")
        .values_list("meeting_id", "id", "name", "name_key")
        .iterator(chunk_size=2000)
    )
    for _meeting, of_meeting in groupby(rows, key=itemgetter(0)):
        renewed = name_keys_renewed(
            ((row_id, name, key) for _m, row_id, name, key in of_meeting),
            participant_name_key_digest,
        )
        for row_id, key in renewed.items():
            participant.objects.filter(id=row_id).update(name_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_participant_password"),
    ]

    operations = [
        migrations.RunPython(name_keys_renew, migrations.RunPython.noop, elidable=True),
    ]
