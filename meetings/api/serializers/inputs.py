"""Plain DRF serializers of what clients send: input validation, with the strict fields it
uses (also in the documented outputs, ``outputs.py``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.settings import api_settings

from meetings.domain import (
    MAX_MARKS,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_TEXT_LENGTH,
    DateAction,
    Editing,
)

ID_SCHEMA = {"oneOf": [{"type": "integer"}, {"type": "string", "format": "uuid"}]}


@extend_schema_field(ID_SCHEMA)
class AnyIdField(serializers.Field[Any, Any, Any, Any]):
    """An integer on /v1/mysql, a UUID string on /v1/edgedb (documentation only)."""

    def to_representation(self, value: Any) -> Any:
        return value


# --- input -----------------------------------------------------------------------------------


class StrictCharField(serializers.CharField):
    """A string field that takes only what the schema says: a JSON string (DRF's CharField
    would turn ``0`` into ``"0"``) of at most ``max_length`` characters as sent (DRF checks
    the length after trimming, and not at all for blank text)."""

    def run_validation(self, data: Any = empty) -> Any:
        if data is not empty and data is not None:
            if not isinstance(data, str):
                self.fail("invalid")
            if self.max_length is not None and len(data) > self.max_length:
                self.fail("max_length", max_length=self.max_length)
        return super().run_validation(data)


class WeekdayField(serializers.IntegerField):
    """An ISO weekday, 1 (Monday) to 7 (Sunday), as a JSON integer only."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=7, **kwargs)

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        value: int = super().to_internal_value(data)
        return value


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "integer", "minimum": 1, "maximum": 7},
        "minItems": 1,
        "maxItems": 7,
        "uniqueItems": True,
        "description": (
            "A weekly meeting: its ISO weekdays (Monday = 1 .. Sunday = 7), distinct, at least "
            "one; instead of start_date and end_date."
        ),
    }
)
class WeekdaysField(serializers.Field[Any, Any, Any, Any]):
    """Any JSON value, as sent: the rules of weekdays live in the domain
    (``domain.weekdays_check``), which answers 422 with their exact messages."""

    def to_internal_value(self, data: Any) -> Any:
        return data

    def to_representation(self, value: Any) -> Any:
        return value


# A missing date keeps DRF's message, as before weekly meetings (the API's wire contract); the
# schema says weekdays may stand in for the dates.
DAYS_REQUIRED = "This field is required."


class MeetingCreateInput(serializers.Serializer[Any]):
    title = StrictCharField(
        max_length=MAX_TEXT_LENGTH, required=False, allow_blank=True, default=""
    )
    location = StrictCharField(
        max_length=MAX_TEXT_LENGTH, required=False, allow_blank=True, default=""
    )


class DateRangeInput(serializers.Serializer[Any]):
    # A date range, or weekdays (the rules, and the 422 for both: meetings.domain.weekly).
    start_date = serializers.DateField(input_formats=["iso-8601"], required=False)
    end_date = serializers.DateField(input_formats=["iso-8601"], required=False)
    weekdays = WeekdaysField(required=False, allow_null=True)
    # A timed meeting: all four, or none for dates only (the rules: meetings.domain.window).
    start_time = StrictCharField(
        required=False,
        max_length=5,
        help_text='The daily window\'s start, "HH:MM" on a slot boundary.',
    )
    end_time = StrictCharField(
        required=False,
        max_length=5,
        help_text='The window\'s end, "HH:MM" after start_time ("24:00" allowed).',
    )
    slot_minutes = serializers.ChoiceField(
        choices=[15, 30, 60], required=False, help_text="The length of a slot."
    )
    time_zone = StrictCharField(
        required=False,
        max_length=64,
        help_text="An IANA time zone name, e.g. Asia/Seoul: slots are wall-clock times there.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("weekdays") is None:
            missing = {
                field: [DAYS_REQUIRED] for field in ("start_date", "end_date") if field not in attrs
            }
            if missing:
                raise serializers.ValidationError(missing)
        return attrs


ACTION_CHOICES = [action.value for action in DateAction]


MARK_DAY = "This field is required."  # as before weekly meetings: see DAYS_REQUIRED
MARK_DAY_ONE = "send date or weekday, not both"


class MarkInput(serializers.Serializer[Any]):
    date = serializers.DateField(
        input_formats=["iso-8601"], required=False, help_text="The date (dated meetings)."
    )
    weekday = WeekdayField(required=False, help_text="The weekday (weekly meetings), 1-7.")
    action = serializers.ChoiceField(choices=ACTION_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: declared here rather than in the class body.
        self.fields["from"] = StrictCharField(
            required=False,
            max_length=5,
            help_text='Timed meetings: the first slot\'s start, "HH:MM" (omitted: the window).',
        )
        self.fields["to"] = StrictCharField(
            required=False,
            max_length=5,
            help_text='Timed meetings: the last slot\'s end, "HH:MM" (omitted: the window).',
        )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "date" in attrs and "weekday" in attrs:
            raise serializers.ValidationError(MARK_DAY_ONE)
        if "date" not in attrs and "weekday" not in attrs:
            raise serializers.ValidationError({"date": [MARK_DAY]})
        return attrs


class MarksInput(serializers.Serializer[Any]):
    marks = MarkInput(many=True, allow_empty=False, max_length=MAX_MARKS)


def errors_flat(errors: Any) -> Any:
    """DRF's errors with those of list items (``{0: {"date": [...]}}``) turned into messages
    that name the item (``marks[0].date: This field is required.``), so that every 400 body
    is a list of messages per field."""
    if not isinstance(errors, dict):
        return errors
    return {
        field: [f"{field}{where}: {text}" if where else text for where, text in _walk(detail, "")]
        for field, detail in errors.items()
    }


def _walk(detail: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(detail, dict):
        for key, inner in detail.items():
            if isinstance(key, int):
                yield from _walk(inner, f"{where}[{key}]")
            elif key == api_settings.NON_FIELD_ERRORS_KEY:  # the list's own errors
                yield from _walk(inner, where)
            else:
                yield from _walk(inner, f"{where}.{key}")
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        for index, inner in enumerate(detail):
            if inner:
                yield from _walk(inner, f"{where}[{index}]")
    elif isinstance(detail, list):
        for item in detail:
            yield where, str(item)
    else:
        yield where, str(detail)


class TitleInput(serializers.Serializer[Any]):
    title = StrictCharField(max_length=MAX_TEXT_LENGTH, allow_blank=True)


class LocationInput(serializers.Serializer[Any]):
    location = StrictCharField(max_length=MAX_TEXT_LENGTH, allow_blank=True)


class DeadlineInput(serializers.Serializer[Any]):
    # Judged by the domain (422 with the reason); the bound here only stops oversized bodies.
    deadline = StrictCharField(
        allow_null=True,
        max_length=16,
        help_text=(
            '"YYYY-MM-DDTHH:MM", a wall time in the meeting\'s zone (UTC on a meeting without '
            "a time window); null clears it."
        ),
    )


EDITING_CHOICES = [mode.value for mode in Editing]


class EditingInput(serializers.Serializer[Any]):
    editing = serializers.ChoiceField(choices=EDITING_CHOICES)


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "enum": [None],
        "description": 'Send `{"final": null}` alone to reopen the meeting.',
    }
)
class NullOnlyField(serializers.Field[Any, Any, Any, Any]):
    """A field whose one valid value is JSON null."""

    default_error_messages = {"invalid": "send null to reopen the meeting"}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        self.fail("invalid")

    def to_representation(self, value: Any) -> Any:
        return None


FINAL_EITHER = (
    "send date (with start and end on a timed meeting, and a note) to decide, "
    "or only final: null to reopen"
)


FINAL_STARTS_ON = "send starts_on, the first date the weekly decision happens on"
FINAL_ONE_DAY = "send date or starts_on, not both"


class FinalInput(serializers.Serializer[Any]):
    date = serializers.DateField(
        input_formats=["iso-8601"],
        required=False,
        help_text="The decided date, in the range (dated meetings).",
    )
    weekday = WeekdayField(
        required=False, help_text="Weekly meetings: the decided weekday (optional: starts_on's)."
    )
    starts_on = serializers.DateField(
        input_formats=["iso-8601"],
        required=False,
        help_text="Weekly meetings: the first date it happens on, on one of the weekdays.",
    )
    start = StrictCharField(
        required=False,
        max_length=5,
        help_text='Timed meetings: "HH:MM", a slot boundary inside the window.',
    )
    end = StrictCharField(
        required=False,
        max_length=5,
        help_text='Timed meetings: "HH:MM" after start ("24:00" allowed).',
    )
    # Judged by the domain once surrounding white space is dropped (at most 500 characters);
    # the bound here only stops oversized bodies.
    note = StrictCharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=4 * MAX_NOTE_LENGTH,
        help_text=(
            "Shown with the decision and in the calendar event; "
            f"at most {MAX_NOTE_LENGTH} characters."
        ),
    )
    final = NullOnlyField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "final" in attrs:
            if len(attrs) > 1:
                raise serializers.ValidationError(FINAL_EITHER)
        elif "date" in attrs and "starts_on" in attrs:
            raise serializers.ValidationError(FINAL_ONE_DAY)
        elif "weekday" in attrs and "starts_on" not in attrs:
            raise serializers.ValidationError({"starts_on": [FINAL_STARTS_ON]})
        elif "date" not in attrs and "starts_on" not in attrs:
            raise serializers.ValidationError(FINAL_EITHER)
        return attrs


@extend_schema_field(
    {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_NAME_LENGTH,
        "description": (
            f"1 to {MAX_NAME_LENGTH} characters once surrounding white space is removed, no "
            "control characters; unique in the meeting, ignoring case."
        ),
    }
)
class ParticipantNameField(StrictCharField):
    """Any JSON string, as sent: the name rules live in the domain, which answers with their exact
    messages, and only after a missing meeting has been reported (that is checked first)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(trim_whitespace=False, **kwargs)
        # NUL is one of the control characters the domain rejects with its own message.
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]

    def run_validation(self, data: Any = empty) -> Any:
        # Blank goes to the domain too (not allow_blank, which the schema would show as valid).
        if data == "":
            return data
        return super().run_validation(data)


class ParticipantCreateInput(serializers.Serializer[Any]):
    meeting_url_code = StrictCharField(trim_whitespace=False)
    name = ParticipantNameField()


_DIGITS = re.compile(r"-?[0-9]+")


class StrictIntegerField(serializers.IntegerField):
    """An integer as the schema writes it: a JSON integer, or a path segment of digits. DRF's
    IntegerField also reads ``1.0``, ``"1.0"``, ``" 1"`` and ``true`` as 1."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not (
            isinstance(data, int) or (isinstance(data, str) and _DIGITS.fullmatch(data))
        ):
            self.fail("invalid")
        value: int = super().to_internal_value(data)
        return value


class StrictUUIDField(serializers.UUIDField):
    """A UUID as the schema writes it: a string. DRF's UUIDField also reads the integer ``12``
    as ``UUID(int=12)``."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


def id_field(id_kind: str) -> serializers.Field[Any, Any, Any, Any]:
    """How ids are written for a store: integers on MySQL, UUIDs on Gel."""
    if id_kind == "uuid":
        return StrictUUIDField()
    return StrictIntegerField(min_value=-(2**63), max_value=2**63 - 1)


class ParticipantDateInput(serializers.Serializer[Any]):
    participant_date_id = AnyIdField()
    meeting_url_code = StrictCharField(trim_whitespace=False)

    def __init__(self, *args: Any, id_kind: str = "int", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant_date_id"] = id_field(id_kind)


class PasswordInput(serializers.Serializer[Any]):
    password = StrictCharField(
        trim_whitespace=False,
        allow_blank=True,
        help_text="8 to 128 characters, kept as typed (spaces count); stored only as a hash.",
    )
