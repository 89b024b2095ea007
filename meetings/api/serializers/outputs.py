"""The documented output shapes (OpenAPI only).

Responses are built by ``meetings.api.output.meeting_json`` (a plain function, several times
faster than nested serializers on a 50 x 63 meeting); the output serializers here describe the
same shape for the OpenAPI schema, and the schema conformance tests keep the two in step.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from meetings.api.serializers.inputs import EDITING_CHOICES, AnyIdField

WEEKDAY_HELP = "Weekly meetings: the ISO weekday (Monday = 1 .. Sunday = 7); null on dated."
DATE_HELP = "Dated meetings: the date; null on weekly ones (see weekday)."


class ParticipantDateOutput(serializers.Serializer[Any]):
    id = AnyIdField()
    date = serializers.DateField(allow_null=True, help_text=DATE_HELP)
    weekday = serializers.IntegerField(allow_null=True, help_text=WEEKDAY_HELP)
    enabled = serializers.BooleanField(help_text="Free (on a timed meeting: on some slot).")
    starred = serializers.BooleanField(help_text="Preferred (timed: on some slot).")
    slots = serializers.CharField(
        allow_null=True,
        help_text=(
            'Timed meetings: one character per slot from start_time on, "0" busy, "1" free, '
            '"2" preferred, "3" free if need be; null on dates-only meetings.'
        ),
    )
    if_need_be = serializers.BooleanField(
        help_text=(
            "Free if need be: free, but rather not (timed: on some slot). Counts as free; "
            "ranks below plain free."
        )
    )


class BestTimeOutput(serializers.Serializer[Any]):
    date = serializers.DateField(allow_null=True, help_text=DATE_HELP)
    weekday = serializers.IntegerField(allow_null=True, help_text=WEEKDAY_HELP)
    start = serializers.CharField(help_text='"HH:MM"')
    end = serializers.CharField(help_text='"HH:MM" ("24:00" at the end of the day)')
    free = serializers.IntegerField(help_text="Participants free on every slot of the run.")
    of = serializers.IntegerField(help_text="Participants who answered, in all.")


class ParticipantOutput(serializers.Serializer[Any]):
    id = AnyIdField()
    name = serializers.CharField()
    answered = serializers.BooleanField(
        help_text=(
            "false from joining until the participant's first change of their own marks (a "
            'date mark or painting; sending every date `on` says "free on all of these"). '
            "Until then the dates still read free, but nothing counts them: best_dates, "
            "best_times and their counts are of participants who answered."
        )
    )
    dates = ParticipantDateOutput(many=True)


class FinalOutput(serializers.Serializer[Any]):
    date = serializers.DateField(allow_null=True, help_text=DATE_HELP)
    weekday = serializers.IntegerField(
        allow_null=True, help_text="Weekly meetings: the weekday it recurs on; null on dated ones."
    )
    starts_on = serializers.DateField(
        allow_null=True,
        help_text="Weekly meetings: the first date it happens on; null on dated ones.",
    )
    start = serializers.CharField(
        allow_null=True, help_text='"HH:MM"; null on dates-only meetings.'
    )
    end = serializers.CharField(allow_null=True, help_text='"HH:MM" ("24:00" allowed).')
    note = serializers.CharField(allow_blank=True)
    decided_at = serializers.DateTimeField(allow_null=True)


class MeetingOutput(serializers.Serializer[Any]):
    url_code = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    location = serializers.CharField(allow_blank=True)
    start_date = serializers.DateField(allow_null=True, help_text="null on weekly meetings.")
    end_date = serializers.DateField(allow_null=True, help_text="null on weekly meetings.")
    weekdays = serializers.ListField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text=(
            "A weekly meeting's ISO weekdays, sorted (Monday = 1 .. Sunday = 7); null on dated "
            "meetings. Its participants' dates, best times and decision name weekdays."
        ),
    )
    participants = ParticipantOutput(many=True)
    best_dates = serializers.ListField(
        child=serializers.DateField(),
        help_text=(
            "The top 3 dates by how many participants who answered are free (if need be "
            "included), then fewer free if need be, then more preferred, then date; in date "
            "order while nobody answered; empty with no participants, and on weekly meetings "
            "(see best_weekdays)."
        ),
    )
    best_weekdays = serializers.ListField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text="Weekly meetings: the top 3 weekdays, ranked as best_dates; null on dated ones.",
    )
    start_time = serializers.CharField(allow_null=True, help_text='"HH:MM"; null: dates only.')
    end_time = serializers.CharField(allow_null=True, help_text='"HH:MM" ("24:00" allowed).')
    slot_minutes = serializers.IntegerField(allow_null=True)
    time_zone = serializers.CharField(allow_null=True, help_text="An IANA time zone name.")
    best_times = BestTimeOutput(
        many=True,
        allow_null=True,
        help_text=(
            "Timed meetings: the top 3 runs (consecutive slots of one date with the same number "
            "of free participants, and of them free if need be) by free count, then fewer "
            "if need be, then preferred marks, then length, then start; null on dates-only "
            "meetings."
        ),
    )
    editing = serializers.ChoiceField(
        choices=EDITING_CHOICES,
        help_text=(
            "`protected`: rows need their participant's key or the organizer key, settings "
            "the organizer key. `open`: anyone with the link may change everything."
        ),
    )
    final = FinalOutput(
        allow_null=True,
        help_text=(
            "The organizer's decision; while there is one, the meeting is closed to joins and "
            "marks. null while open."
        ),
    )
    deadline = serializers.CharField(
        allow_null=True,
        help_text=(
            'The deadline for answers, "YYYY-MM-DDTHH:MM" in the meeting\'s zone (UTC on a '
            "meeting without a time window); from it on, joins and marks are refused (409). "
            "null: none."
        ),
    )


KEY_HELP = "Shown only in this answer: keep it. Send it as `Authorization: Bearer <key>`."


class MeetingCreatedOutput(MeetingOutput):
    organizer_key = serializers.CharField(help_text=KEY_HELP)


class ParticipantCreatedOutput(serializers.Serializer[Any]):
    participant_id = AnyIdField()
    participant_key = serializers.CharField(help_text=KEY_HELP)
    participant_dates = ParticipantDateOutput(many=True)
    meeting = MeetingOutput()


class ParticipantSessionOutput(serializers.Serializer[Any]):
    participant_id = AnyIdField()
    participant_key = serializers.CharField(
        help_text=(
            "The key that this participant's password gives: send it as `Authorization: "
            "Bearer <key>`. The same for every sign-in while the password stands; it stops "
            "working when the password is changed or removed."
        )
    )


class ErrorOutput(serializers.Serializer[Any]):
    detail = serializers.CharField()


# DRF's validation errors: a list of messages per field (or ``non_field_errors``); or
# ``detail`` when the body is not JSON or breaks a domain rule. A raw schema, since a
# serializer cannot say "any other key holds a list of strings".
FIELD_ERRORS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
