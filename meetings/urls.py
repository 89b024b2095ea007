"""The browser pages: ``/`` creates a meeting, ``/meetings/<url_code>/`` shows and edits one."""

from __future__ import annotations

from django.urls import path

from meetings import views

urlpatterns = [
    path("", views.meeting_create_page, name="meeting_create_page"),
    path("meetings/<str:url_code>/", views.meeting_page, name="meeting_page"),
    path("meetings/<str:url_code>/grid", views.meeting_grid, name="meeting_grid"),
    path("meetings/<str:url_code>/dates", views.meeting_dates_submit, name="meeting_dates"),
    path("meetings/<str:url_code>/title", views.meeting_title_submit, name="meeting_title"),
    path(
        "meetings/<str:url_code>/location",
        views.meeting_location_submit,
        name="meeting_location",
    ),
    path("meetings/<str:url_code>/editing", views.meeting_editing_submit, name="meeting_editing"),
    path("meetings/<str:url_code>/join", views.participant_join_submit, name="participant_join"),
    path(
        "meetings/<str:url_code>/switch",
        views.participant_switch_submit,
        name="participant_switch",
    ),
    path("meetings/<str:url_code>/mark", views.participant_mark_submit, name="participant_mark"),
    path("meetings/<str:url_code>/leave", views.participant_leave_submit, name="participant_leave"),
    path("meetings/<str:url_code>/paint", views.participant_paint_submit, name="participant_paint"),
    path("meetings/<str:url_code>/slots", views.participant_slots_submit, name="participant_slots"),
    path("meetings/<str:url_code>/zone", views.meeting_zone_submit, name="meeting_zone"),
    path("meetings/<str:url_code>/final", views.meeting_final_submit, name="meeting_final"),
    path("meetings/<str:url_code>/delete", views.meeting_delete_submit, name="meeting_delete"),
    path("meetings/<str:url_code>/event.ics", views.meeting_event_page, name="meeting_event"),
]
