"""What ``POST .../participants/{id}/calendar`` takes besides the file (``apply``,
``time_zone``) and what it answers: the busy spans, the marks applying makes (or made) and the
meeting, as plain dicts and as the documented shapes."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from rest_framework import serializers

from meetings.api.output import days_json, meeting_json
from meetings.api.serializers import MeetingOutput, StrictCharField
from meetings.api.serializers.outputs import DATE_HELP, WEEKDAY_HELP
from meetings.domain import CalendarApply, InvalidTimeWindow, minutes_label, time_zone_check
from meetings.services import CalendarBusy

APPLY_CHOICES = [choice.value for choice in CalendarApply]


class CalendarQuery(serializers.Serializer[Any]):
    apply = serializers.ChoiceField(
        choices=APPLY_CHOICES,
        required=False,
        help_text="busy: mark busy dates/slots busy; busy_and_free: and every other one free "
        "(preferred and if-need-be marks stay). Without it nothing changes (a preview).",
    )
    time_zone = StrictCharField(
        required=False,
        help_text="The viewer's IANA zone, for all-day events, floating times and the days of "
        "a dates-only meeting (default: the meeting's zone, else UTC).",
    )

    week = serializers.DateField(
        input_formats=["iso-8601"],
        required=False,
        help_text="Weekly meetings: any date of the week to read the calendar for (default: "
        "this week, on the meeting's clock). Dated meetings ignore it.",
    )

    def validate_time_zone(self, value: str) -> ZoneInfo:
        try:
            return ZoneInfo(time_zone_check(value))
        except InvalidTimeWindow as error:
            raise serializers.ValidationError(error.message) from error


class CalendarUrlInput(serializers.Serializer[Any]):
    url = StrictCharField(
        max_length=2000,
        help_text="The calendar's secret address: https:// or webcal:// (Google's, Outlook's or "
        "Apple Calendar's iCal address).",
    )


class BusySpanOutput(serializers.Serializer[Any]):
    date = serializers.DateField(allow_null=True, help_text=DATE_HELP)
    weekday = serializers.IntegerField(allow_null=True, help_text=WEEKDAY_HELP)
    from_ = serializers.CharField(help_text="HH:MM on that day's clock.")
    to = serializers.CharField(help_text="HH:MM; 24:00 is the day's end.")
    tentative = serializers.BooleanField(help_text="STATUS:TENTATIVE: maybe busy.")

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class CalendarMarkOutput(serializers.Serializer[Any]):
    date = serializers.DateField(allow_null=True, help_text=DATE_HELP)
    weekday = serializers.IntegerField(allow_null=True, help_text=WEEKDAY_HELP)
    action = serializers.ChoiceField(choices=["on", "off"])
    from_ = serializers.CharField(allow_null=True)
    to = serializers.CharField(allow_null=True)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class CalendarOutput(serializers.Serializer[Any]):
    busy = BusySpanOutput(many=True)
    marks = CalendarMarkOutput(many=True)
    week = serializers.DateField(
        allow_null=True,
        help_text="Weekly meetings: the Monday of the week read; null on dated meetings.",
    )
    meeting = MeetingOutput()


def calendar_json(read: CalendarBusy) -> dict[str, Any]:
    window = read.meeting.window
    days = days_json(read.meeting)
    marks = []
    for mark in read.marks:
        begin = end = None
        if window is not None and mark.slots is not None:
            begin = minutes_label(window.slot_start(mark.slots.start))
            end = minutes_label(window.slot_start(mark.slots.stop))
        day, weekday = days[mark.day]
        marks.append(
            {"date": day, "weekday": weekday, "action": mark.action.value, "from": begin, "to": end}
        )
    return {
        "busy": [
            {
                "date": days[span.day][0],
                "weekday": days[span.day][1],
                "from": minutes_label(span.start),
                "to": minutes_label(span.end),
                "tentative": span.tentative,
            }
            for span in read.busy
        ],
        "marks": marks,
        "week": None if read.week is None else read.week.isoformat(),
        "meeting": meeting_json(read.meeting),
    }
