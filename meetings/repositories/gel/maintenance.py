"""Work on stored data that a schema change alone cannot do, run by ``gel_migrate`` after the
schema is applied (idempotent: a second run finds nothing to do)."""

from __future__ import annotations

from itertools import groupby
from typing import Any

import gel

from meetings.domain import name_keys_renewed, participant_name_key

_PARTICIPANTS = """
select Participant { id, name, name_key, meeting_id := .meeting.id }
order by .meeting.id then .joined_at then .id
"""
_NAME_KEY_SET = """
update Participant filter .id = <uuid>$id set { name_key := <str>$name_key }
"""


def name_keys_renew(client: gel.Client) -> int:
    """Compute every participant's name key again with today's rule
    (``participant_name_key``: look-alike names collide), meeting by meeting, keeping a key
    that would now collide with an earlier participant's (``name_keys_renewed``); returns how
    many keys changed. One update per key, each to a key nobody holds at that moment, so the
    uniqueness constraint holds after every statement."""
    rows: Any = client.query(_PARTICIPANTS)
    changed = 0
    for _meeting, of_meeting in groupby(rows, key=lambda row: row.meeting_id):
        renewed = name_keys_renewed(
            ((row.id, row.name, row.name_key) for row in of_meeting), participant_name_key
        )
        for row_id, key in renewed.items():
            client.query(_NAME_KEY_SET, id=row_id, name_key=key)
            changed += 1
    return changed
