"""The browser pages: ``/`` creates a meeting, ``/meetings/<url_code>/`` shows and edits one."""

from __future__ import annotations

from django.urls import path

from meetings.web.views import (
    answers,
    calendar,
    deadline,
    links,
    meeting,
    participants,
    passwords,
    schedule,
    settings,
    slots,
)

urlpatterns = [
    path("", meeting.meeting_create_page, name="meeting_create_page"),
    path("meetings/<str:url_code>/", meeting.meeting_page, name="meeting_page"),
    path("meetings/<str:url_code>/link", links.meeting_link_submit, name="meeting_link"),
    path("meetings/<str:url_code>/grid", meeting.meeting_grid, name="meeting_grid"),
    path("meetings/<str:url_code>/dates", settings.meeting_dates_submit, name="meeting_dates"),
    path(
        "meetings/<str:url_code>/schedule", schedule.meeting_schedule_page, name="meeting_schedule"
    ),
    path("meetings/<str:url_code>/title", settings.meeting_title_submit, name="meeting_title"),
    path(
        "meetings/<str:url_code>/location",
        settings.meeting_location_submit,
        name="meeting_location",
    ),
    path(
        "meetings/<str:url_code>/editing", settings.meeting_editing_submit, name="meeting_editing"
    ),
    path(
        "meetings/<str:url_code>/deadline",
        deadline.meeting_deadline_submit,
        name="meeting_deadline",
    ),
    path(
        "meetings/<str:url_code>/join",
        participants.participant_join_submit,
        name="participant_join",
    ),
    path(
        "meetings/<str:url_code>/switch",
        participants.participant_switch_submit,
        name="participant_switch",
    ),
    path(
        "meetings/<str:url_code>/mark",
        participants.participant_mark_submit,
        name="participant_mark",
    ),
    path(
        "meetings/<str:url_code>/leave",
        participants.participant_leave_submit,
        name="participant_leave",
    ),
    path(
        "meetings/<str:url_code>/password",
        passwords.participant_password_submit,
        name="participant_password",
    ),
    path(
        "meetings/<str:url_code>/all-free",
        answers.participant_all_free_submit,
        name="participant_all_free",
    ),
    path(
        "meetings/<str:url_code>/calendar",
        calendar.participant_calendar_submit,
        name="participant_calendar",
    ),
    path("meetings/<str:url_code>/paint", slots.participant_paint_submit, name="participant_paint"),
    path("meetings/<str:url_code>/slots", slots.participant_slots_submit, name="participant_slots"),
    path("meetings/<str:url_code>/zone", slots.meeting_zone_submit, name="meeting_zone"),
    path("meetings/<str:url_code>/final", settings.meeting_final_submit, name="meeting_final"),
    path("meetings/<str:url_code>/delete", settings.meeting_delete_submit, name="meeting_delete"),
    path("meetings/<str:url_code>/event.ics", meeting.meeting_event_page, name="meeting_event"),
    path(
        "meetings/<str:url_code>/answers.csv", meeting.meeting_answers_page, name="meeting_answers"
    ),
]
