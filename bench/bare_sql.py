"""Every statement the bare baseline app (``bench/baseline_app.py``) sends, in one place.

The bare app is what a request would cost with nothing but the database driver and JSON around
the store's own statements, so each is the store's, not a guess:

- MySQL: the SQL Django sends for ``GET /v1/mysql/meetings/<code>`` and for the date toggle
  ``PATCH /v1/mysql/participant_dates/<on|off>`` on a dates-only meeting, copied from a run
  logged with ``CaptureQueriesContext`` (``bench/queries.py`` captures the real toggle's again
  on every bench run and says whether they still are these; the smoke test checks the read's).
- Gel: the store's own EdgeQL, imported from ``meetings/repositories/gel/queries.py``, in the
  order the store sends it.

The bare toggle, per store (``bench/bare_write.py``), does what the real one does:

MySQL (mysqlclient, autocommit on as Django's connection is; 9 statements the server counts):
  1. ``ACCESS_SQL``: the permission read (editing, the organizer's and the date owner's key
     digests, the range, whether decided); the key is checked against the digests;
  2. autocommit off (Django's ``atomic``), then ``version_bump_sql()``: the version bump, only
     while the editing mode and organizer key are those the check saw, which takes the
     meeting's row lock; ``LOCKED_SQL``: what the change needs, read under the lock (the date's
     participant, whether it answered, its password hash: still the one seen, or nothing is
     written); ``ANSWERED_SQL`` only the first time a participant's date changes;
     ``mark_sql(action)``: the date; COMMIT, autocommit on;
  3. ``MEETING_SQL`` and ``PARTICIPANTS_SQL``: the meeting read back and answered as JSON.

Gel (the ``gel`` client, one pool per process; 3 queries):
  1. ``GEL_ACCESS``: the permission read, the key checked as above;
  2. ``GEL_MARK``: the conditional update of the date (only while the meeting and the row are
     as the key check saw them), the version bump and the participant's ``answered``, one
     statement (its own transaction), run again after a serialization
     conflict as the store does (``conflicts_retried``: the same back-off, 10 s at most); when
     it marked nothing, ``GEL_AS_STORED`` tells why;
  3. ``GEL_READ``: the meeting read back and answered as JSON.
"""

from __future__ import annotations

from meetings.repositories.gel.queries import MEETING_ACCESS as GEL_ACCESS
from meetings.repositories.gel.queries import MEETING_GET as GEL_READ
from meetings.repositories.gel.queries import PARTICIPANT_DATE_AS_STORED as GEL_AS_STORED
from meetings.repositories.gel.queries import PARTICIPANT_DATE_MARK as GEL_MARK

# --- MySQL: the meeting read (GET, and every change's answer) --------------------------------

MEETING_SQL = (
    "SELECT `meetings_meeting`.`id` AS `id`, `meetings_meeting`.`url_code` AS `url_code`, "
    "`meetings_meeting`.`title` AS `title`, `meetings_meeting`.`location` AS `location`, "
    "`meetings_meeting`.`start_date` AS `start_date`, "
    "`meetings_meeting`.`end_date` AS `end_date`, `meetings_meeting`.`version` AS `version`, "
    "`meetings_meeting`.`editing` AS `editing`, "
    "`meetings_meeting`.`organizer_key_digest` AS `organizer_key_digest`, "
    "`meetings_meeting`.`start_minute` AS `start_minute`, "
    "`meetings_meeting`.`end_minute` AS `end_minute`, "
    "`meetings_meeting`.`slot_minutes` AS `slot_minutes`, "
    "`meetings_meeting`.`time_zone` AS `time_zone`, "
    "`meetings_meeting`.`weekdays` AS `weekdays`, "
    "`meetings_meeting`.`final_date` AS `final_date`, "
    "`meetings_meeting`.`final_start_minute` AS `final_start_minute`, "
    "`meetings_meeting`.`final_end_minute` AS `final_end_minute`, "
    "`meetings_meeting`.`final_note` AS `final_note`, `meetings_meeting`.`final_at` AS `final_at`, "
    "`meetings_meeting`.`decisions` AS `decisions`, "
    "`meetings_meeting`.`deadline` AS `deadline` "
    "FROM `meetings_meeting` WHERE `meetings_meeting`.`url_code` = %s ORDER BY 1 ASC LIMIT 1"
)
PARTICIPANTS_SQL = (
    "SELECT `meetings_participant`.`id` AS `id`, `meetings_participant`.`name` AS `name`, "
    "`meetings_participant`.`answered` AS `answered`, "
    "`meetings_participantdate`.`id` AS `dates__id`, "
    "CAST(`meetings_participantdate`.`date` AS char) AS `day`, "
    "`meetings_participantdate`.`enabled` AS `dates__enabled`, "
    "`meetings_participantdate`.`starred` AS `dates__starred`, "
    "`meetings_participantdate`.`slots` AS `dates__slots`, "
    "`meetings_participantdate`.`if_need_be` AS `dates__if_need_be` "
    "FROM `meetings_participant` LEFT OUTER JOIN `meetings_participantdate` "
    "ON (`meetings_participant`.`id` = `meetings_participantdate`.`participant_id`) "
    "WHERE `meetings_participant`.`meeting_id` = %s "
    "ORDER BY 1 ASC, `meetings_participantdate`.`date` ASC"
)

# --- MySQL: the date toggle ------------------------------------------------------------------

# Parameters: the date's id, the url code.
ACCESS_SQL = (
    "SELECT m.`editing`, m.`organizer_key_digest`, p.`id`, p.`key_digest`, m.`start_date`, "
    "m.`end_date`, m.`start_minute`, m.`end_minute`, m.`slot_minutes`, m.`time_zone`, "
    "m.`weekdays`, m.`final_date`, p.`password_hash`, m.`deadline` FROM `meetings_meeting` m "
    "LEFT JOIN `meetings_participantdate` d ON d.`meeting_id` = m.`id` AND d.`id` = %s "
    "LEFT JOIN `meetings_participant` p ON p.`id` = d.`participant_id` WHERE m.`url_code` = %s"
)


# The version bump, only while the meeting is as the key check saw it (another request may
# change the editing mode or the organizer key in between). Parameters: the url code, the
# editing mode and the organizer key's digest seen (``version_bump_sql(False)``: none seen).
def version_bump_sql(digest_seen: bool = True) -> str:
    digest = "= %s" if digest_seen else "IS NULL"
    return (
        "UPDATE `meetings_meeting` SET `version` = (`meetings_meeting`.`version` + 1) "  # noqa: S608 - constant text
        "WHERE (`meetings_meeting`.`url_code` = %s AND `meetings_meeting`.`editing` = %s "
        f"AND `meetings_meeting`.`organizer_key_digest` {digest})"
    )


# Parameters: the date's id, the url code.
LOCKED_SQL = (
    "SELECT m.`id`, m.`start_date`, m.`end_date`, m.`start_minute`, m.`end_minute`, "
    "m.`slot_minutes`, m.`time_zone`, m.`weekdays`, m.`final_date`, m.`deadline`, "
    "d.`participant_id`, "
    "p.`answered`, "
    "p.`password_hash` FROM `meetings_meeting` m "
    "LEFT JOIN `meetings_participantdate` d ON d.`meeting_id` = m.`id` AND d.`id` = %s "
    "LEFT JOIN `meetings_participant` p ON p.`id` = d.`participant_id` "
    "WHERE m.`url_code` = %s"
)
# Parameters: the participant's id. Only while it has not answered yet.
ANSWERED_SQL = (
    "UPDATE `meetings_participant` SET `answered` = 1 WHERE `meetings_participant`.`id` = %s"
)

# What each action sets (``meetings.domain.DateAction.changes``; the smoke test checks they
# still are these).
DATE_CHANGES: dict[str, dict[str, bool]] = {
    "on": {"enabled": True},
    "off": {"enabled": False, "starred": False, "if_need_be": False},
    "star": {"enabled": True, "starred": True, "if_need_be": False},
    "unstar": {"starred": False, "if_need_be": False},
    "ifneedbe": {"enabled": True, "starred": False, "if_need_be": True},
}


def mark_sql(action: str) -> str:
    """The date's UPDATE for ``action``; parameters: the changed columns' values in
    ``DATE_CHANGES`` order, the meeting's id, the date's id."""
    columns = ", ".join(f"`{column}` = %s" for column in DATE_CHANGES[action])
    return (
        f"UPDATE `meetings_participantdate` SET {columns} "  # noqa: S608 - constant names
        "WHERE (`meetings_participantdate`.`meeting_id` = %s "
        "AND `meetings_participantdate`.`id` = %s)"
    )


__all__ = [
    "ACCESS_SQL",
    "ANSWERED_SQL",
    "DATE_CHANGES",
    "GEL_ACCESS",
    "GEL_AS_STORED",
    "GEL_MARK",
    "GEL_READ",
    "LOCKED_SQL",
    "MEETING_SQL",
    "PARTICIPANTS_SQL",
    "mark_sql",
    "version_bump_sql",
]
