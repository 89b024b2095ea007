"""The EdgeQL the Gel store runs: every read is one query returning the whole meeting shape,
every mutation one statement (or one transaction) that moves the meeting's version; a change
that fails leaves it alone.

The version a meeting is read with (``MEETING_VERSION_OF``) is its own ``version`` plus the sum
of its participants' ``version``s: a change of the meeting bumps the first, a change of one
participant's row bumps that participant's (joining adds one at 1, leaving moves its count to
the meeting's, plus one). Each committed change adds exactly one, so every state has its own
version (the ETag) and it never goes back; and changes of different participants write
different rows, so they do not conflict on one meeting row.

Values always travel as query parameters (``$name``); the f-strings below only splice in
constant shapes and names.
"""

from __future__ import annotations

# The version a meeting is read with (on a Meeting path): see above.
MEETING_VERSION_OF = "(.version + sum(.participants.version))"

# What every read and every change answers with: the whole meeting, participants in join order,
# each one's dates in calendar order.
MEETING_SHAPE = f"""
    url_code,
    title,
    location,
    start_date,
    end_date,
    version := {MEETING_VERSION_OF},
    editing,
    organizer_key_digest,
    start_minute,
    end_minute,
    slot_minutes,
    time_zone,
    weekdays,
    final_date,
    final_start_minute,
    final_end_minute,
    final_note,
    final_at,
    decisions,
    deadline,
    participants: {{
        id,
        name,
        answered,
        dates: {{ id, date, enabled, starred, if_need_be, slots }} order by .date
    }} order by .joined_at then .id
"""

MEETING_GET = f"""
    select Meeting {{ {MEETING_SHAPE} }}
    filter .url_code = <str>$url_code
"""

MEETING_VERSION = f"""
    select Meeting {{ version := {MEETING_VERSION_OF} }}
    filter .url_code = <str>$url_code
"""

# The permission read: the editing columns and the participant named by id, or owning the date.
MEETING_ACCESS = """
    select Meeting {
        editing,
        organizer_key_digest,
        start_date,
        end_date,
        start_minute,
        end_minute,
        slot_minutes,
        time_zone,
        weekdays,
        final_date,
        deadline,
        target := (
            select .participants
            filter .id ?= <optional uuid>$participant_id
                or ((<optional uuid>$participant_date_id in .dates.id) ?? false)
            limit 1
        ) { id, key_digest, password_hash }
    }
    filter .url_code = <str>$url_code
"""

MEETING_RANGE = """
    select Meeting {
        id, start_date, end_date, start_minute, end_minute, slot_minutes, time_zone, final_date,
        weekdays, deadline,
        participant_count := count(.<meeting[is Participant])
    }
    filter .url_code = <str>$url_code
"""

# Every change of a meeting's own settings bumps its version and notes when it changed
# (``meetings_purge`` reads ``changed_at``), in the same statement: this goes in the ``set`` of
# the meeting's update.
VERSION_BUMP = "version := .version + 1, changed_at := datetime_of_statement()"
# A participant's row changes (marks): that participant's version moves (the meeting's row is
# not written), and it answers; ``changed_at`` stays, so a link holder cannot keep a meeting
# from the purge by joining and leaving again. This goes in the ``set`` of the participant's.
ROW_VERSION_BUMP = "version := .version + 1, answered := true"

# ``AccessSeen`` in a statement: a keyed change matches only a meeting (``MEETING_HELD``, on a
# Meeting path) and a participant (``ROW_HELD``, on a Participant path) as its key check saw
# them. ``$guarded`` false (staff's changes, no check before): always held. The parameters come
# from ``rows.seen_values``.


def meeting_held(path: str = "") -> str:
    """``MEETING_HELD`` on the meeting that ``path`` leads to (empty: a Meeting path)."""
    return f"""(not <bool>$guarded or (
            {path}.editing = <str>$seen_editing
            and {path}.organizer_key_digest ?= <optional str>$seen_organizer_key_digest
        ))"""


MEETING_HELD = meeting_held()
ROW_HELD = "(not <bool>$guarded or .password_hash ?= <optional str>$seen_password_hash)"
DATE_ROW_HELD = (
    "(not <bool>$guarded or .participant.password_hash ?= <optional str>$seen_password_hash)"
)

# Why a guarded change matched nothing: no meeting, or (with the range) what the check saw.
MEETING_HELD_READ = """
    select Meeting { start_date, end_date, weekdays, editing, organizer_key_digest }
    filter .url_code = <str>$url_code
"""

# The window columns of MEETING_CREATE and MEETING_SET_DATE_RANGE.
WINDOW_SET = """
            start_minute := <optional int16>$start_minute,
            end_minute := <optional int16>$end_minute,
            slot_minutes := <optional int16>$slot_minutes,
            time_zone := <optional str>$time_zone"""

MEETING_CREATE = f"""
    select (
        insert Meeting {{
            url_code := <str>$url_code,
            title := <str>$title,
            location := <str>$location,
            start_date := <optional cal::local_date>$start_date,
            end_date := <optional cal::local_date>$end_date,
            weekdays := <optional int16>$weekdays,
            editing := <str>$editing,
            organizer_key_digest := <optional str>$organizer_key_digest,{WINDOW_SET}
        }}
    ) {{ {MEETING_SHAPE} }}
"""

# Set once: the update only matches a meeting whose range is still unset.
MEETING_SET_DATE_RANGE = f"""
    select (
        update Meeting
        filter .url_code = <str>$url_code and not exists .start_date and {MEETING_HELD}
        set {{
            start_date := <cal::local_date>$start_date,
            end_date := <cal::local_date>$end_date,
            weekdays := <optional int16>$weekdays,
            {VERSION_BUMP},{WINDOW_SET}
        }}
    ) {{ {MEETING_SHAPE} }}
"""  # noqa: S608 (splices in the constant shape only)


def meeting_set_query(prop: str) -> str:
    """Set one str property of a meeting (named by the constant ``prop``, sent as the
    parameter of the same name) and bump its version; answers with the whole meeting."""
    return f"""
    select (
        update Meeting
        filter .url_code = <str>$url_code and {MEETING_HELD}
        set {{
            {prop} := <str>${prop},
            {VERSION_BUMP}
        }}
    ) {{ {MEETING_SHAPE} }}
"""  # noqa: S608 (splices in constant names and the constant shape only)


MEETING_SET_TITLE = meeting_set_query("title")
MEETING_SET_LOCATION = meeting_set_query("location")
MEETING_SET_EDITING = meeting_set_query("editing")
MEETING_SET_ORGANIZER_KEY = meeting_set_query("organizer_key_digest")

# The organizer's decision, or (all empty) none: the meeting reopens.
MEETING_SET_FINAL = f"""
    select (
        update Meeting
        filter .url_code = <str>$url_code and {MEETING_HELD}
        set {{
            final_date := <optional cal::local_date>$final_date,
            final_start_minute := <optional int16>$final_start_minute,
            final_end_minute := <optional int16>$final_end_minute,
            final_note := <optional str>$final_note,
            final_at := <optional datetime>$final_at,
            decisions := .decisions + (1 if exists <optional cal::local_date>$final_date else 0),
            {VERSION_BUMP}
        }}
    ) {{ {MEETING_SHAPE} }}
"""  # noqa: S608 (splices in the constant shape only)

# The deadline for answers (a moment), or (empty) none.
MEETING_SET_DEADLINE = f"""
    select (
        update Meeting
        filter .url_code = <str>$url_code and {MEETING_HELD}
        set {{
            deadline := <optional datetime>$deadline,
            {VERSION_BUMP}
        }}
    ) {{ {MEETING_SHAPE} }}
"""  # noqa: S608 (splices in the constant shape only)

# Participants and their dates go with the meeting (``on target delete delete source``).
# The tombstone (the code's digest) is kept in the same statement.
MEETING_DELETE = f"""
    with
        deleted := (delete Meeting filter .url_code = <str>$url_code and {MEETING_HELD}),
        noted := (
            for gone in deleted union (
                insert DeletedMeeting {{ digest := <str>$digest }}
                unless conflict on .digest
                else (update DeletedMeeting set {{ deleted_at := datetime_of_statement() }})
            )
        )
    select count(deleted) + 0 * count(noted)
"""  # noqa: S608 (splices in the constant guard only)

MEETING_DELETED = """
    select exists (select DeletedMeeting filter .digest = <str>$digest)
"""

TOMBSTONES_FORGET = """
    select count((delete DeletedMeeting filter .deleted_at < <datetime>$deleted_before))
"""

# What meetings_purge forgets: no change (or, never changed, creation) since $changed_before,
# and the last date before $dated_before or no dates.
EXPIRED = """
    ((.end_date < <cal::local_date>$dated_before) ?? true)
    and ((.changed_at ?? .created_at) < <datetime>$changed_before)
"""

MEETINGS_EXPIRED_COUNT = f"""
    select count((select Meeting filter {EXPIRED}))
"""

# One batch, optionally only among $url_codes; a meeting changed meanwhile no longer matches
# (the transaction is serializable).
MEETINGS_EXPIRED_DELETE = f"""
    with
        codes := <optional array<str>>$url_codes,
        picked := (
            select Meeting
            filter {EXPIRED}
                and (not exists codes or .url_code in array_unpack(codes))
            order by .created_at
            limit <int64>$limit
        )
    select count((delete picked))
"""

# The participant (its version, 1, moves the meeting's) and one free date per day of the range:
# one statement.
PARTICIPANT_CREATE = """
    with
        joined_meeting := (select Meeting filter .id = <uuid>$meeting_id),
        new_participant := (
            insert Participant {
                meeting := joined_meeting,
                name := <str>$name,
                name_key := <str>$name_key,
                key_digest := <optional str>$key_digest
            }
        ),
        inserted_dates := (
            for day in array_unpack(<array<cal::local_date>>$dates) union (
                insert ParticipantDate {
                    participant := new_participant,
                    date := day,
                    slots := <optional str>$slots
                }
            )
        )
    select new_participant {
        id,
        name,
        new_dates := (
            select inserted_dates { id, date, enabled, starred, if_need_be, slots } order by .date
        )
    }
"""

# Only this meeting's participant; its dates go with it (``on target delete delete source``).
# The version moves only when one was removed (also not when the access seen changed): the
# meeting's takes the participant's count, plus one.
PARTICIPANT_DELETE = f"""
    with
        this_meeting := (select Meeting filter .url_code = <str>$url_code),
        held_meeting := (select this_meeting filter {MEETING_HELD}),
        target := (
            select Participant
            filter .id = <optional uuid>$participant_id and .meeting = this_meeting
        ),
        leaving := (select target filter .meeting = held_meeting and {ROW_HELD}),
        removed := (delete leaving),
        bumped := (
            update this_meeting
            filter exists leaving
            set {{ version := .version + sum(leaving.version) + 1 }}
        )
    select {{
        meeting_found := exists this_meeting,
        target_found := exists target,
        removed_count := count(removed),
        bumped_count := count(bumped)
    }}
"""  # noqa: S608 (splices in the constant version bump only)

# A participant's password hash (empty: none): nothing an answer shows, so no version bump.
PARTICIPANT_SET_PASSWORD = f"""
    with
        this_meeting := (select Meeting filter .url_code = <str>$url_code),
        target := (
            select Participant
            filter .id = <optional uuid>$participant_id and .meeting = this_meeting
        ),
        changed := (
            update target
            filter {ROW_HELD}
            set {{ password_hash := <optional str>$password_hash }}
        )
    select {{
        meeting_found := exists this_meeting,
        target_found := exists target,
        changed_count := count(changed)
    }}
"""  # noqa: S608 (a query, not a password; splices in the constant guard only)

# Timed meetings, and painting: one participant's dates (or one date) as stored, read, then
# written by DATES_WRITE in the same transaction.
DATES_READ_SHAPE = """
    id, date, enabled, starred, if_need_be, slots,
    closed := exists .participant.meeting.final_date,
    deadline := .participant.meeting.deadline,
    participant_id := .participant.id,
    editing := .participant.meeting.editing,
    organizer_key_digest := .participant.meeting.organizer_key_digest,
    password_hash := .participant.password_hash
"""

# One conditional update of one date of this meeting (as the key check saw it), open (not
# decided, not past its deadline at ``$now``, the store's clock); the date's participant's
# version moves, and it answers, only when it matched. It answers how many it marked; when none,
# the store reads the date as stored (``PARTICIPANT_DATE_AS_STORED``) to tell why not. (Reading
# it in this statement cost every toggle about 2 ms more: docs/performance.md.)
#
# Every path starts from the date, reached by its id: matched against a meeting found by its
# code instead, the date may be looked for among all of that meeting's dates, which
# PostgreSQL's serializable checks then count as read, so writers of different participants
# conflict (its planner does that in tables it thinks small: docs/performance.md).
PARTICIPANT_DATE_MARK = f"""
    with
        marked := (
            update ParticipantDate
            filter .id = <optional uuid>$participant_date_id
                and .participant.meeting.url_code = <str>$url_code
                and {meeting_held(".participant.meeting")}
                and {DATE_ROW_HELD}
                and not exists .slots
                and not exists .participant.meeting.final_date
                and not ((.participant.meeting.deadline <= <datetime>$now) ?? false)
            set {{
                enabled := <optional bool>$enabled ?? .enabled,
                starred := <optional bool>$starred ?? .starred,
                if_need_be := <optional bool>$if_need_be ?? .if_need_be
            }}
        ),
        bumped := (
            update Participant
            filter .id = marked.participant.id
            set {{ {ROW_VERSION_BUMP} }}
        )
    select {{
        marked_count := count(marked),
        bumped_count := count(bumped)
    }}
"""  # noqa: S608 (splices in the constant version bump and guards only)

# The date ``PARTICIPANT_DATE_MARK`` did not mark, as stored (none: no such date).
PARTICIPANT_DATE_AS_STORED = f"""
    select ParticipantDate {{
        url_code := .participant.meeting.url_code,
        has_slots := exists .slots,
        {DATES_READ_SHAPE}
    }}
    filter .id = <optional uuid>$participant_date_id
"""

# Each reached by its id first (an index lookup, never a scan of every date: a serializable
# transaction that scanned them would conflict with every other participant's change).
PARTICIPANT_DATES_READ = f"""
    with owner := (
        select Participant
        filter .id = <optional uuid>$participant_id and .meeting.url_code = <str>$url_code
    )
    select owner.dates {{ {DATES_READ_SHAPE} }}
"""
PARTICIPANT_DATE_READ = f"""
    select ParticipantDate {{ {DATES_READ_SHAPE} }}
    filter .id = <optional uuid>$participant_date_id
        and .participant.meeting.url_code = <str>$url_code
"""

# Each changed date as (id, enabled, starred, if_need_be, slots or ""), and one bump of the
# participant's version, which answers for it (also when no date changed): one statement, every
# path from a row reached by its id (see PARTICIPANT_DATE_MARK).
DATES_WRITE = f"""
    with
        written := (
            for row in array_unpack(<array<tuple<uuid, bool, bool, bool, str>>>$rows) union (
                update ParticipantDate
                filter .id = row.0 and .participant.meeting.url_code = <str>$url_code
                set {{
                    enabled := row.1,
                    starred := row.2,
                    if_need_be := row.3,
                    slots := (row.4 if row.4 != '' else <str>{{}})
                }}
            )
        ),
        bumped := (
            update Participant
            filter .id = <uuid>$participant_id and .meeting.url_code = <str>$url_code
            set {{ {ROW_VERSION_BUMP} }}
        )
    select {{
        written_count := count(written),
        bumped_count := count(bumped)
    }}
"""  # noqa: S608 (splices in the constant version bump only)

# Participants stored before ``answered`` existed answered if their marks differ from a
# newcomer's (free on every date, no star, every slot free): ``gel_migrate`` runs this after a
# change to a schema that has the property (``ANSWERED_EXISTS``). Running it again changes
# nothing: every change of a participant's own marks sets ``answered`` with it, so an
# unanswered participant's marks are always a newcomer's.
ANSWERED_EXISTS = """
    select exists (
        select schema::ObjectType
        filter .name = 'default::Participant' and 'answered' in .properties.name
    )
"""
ANSWERED_FROM_MARKS = """
    select count((
        update Participant
        filter not .answered and exists (
            select .dates
            filter not .enabled or .starred
                or (contains(.slots, '0') ?? false) or (contains(.slots, '2') ?? false)
        )
        set { answered := true }
    ))
"""
