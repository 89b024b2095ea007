"""The deadline for answers in the Django admin (MySQL): shown read-only on the change page; a
post of the form cannot change it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from meetings import services
from meetings.models import Meeting
from meetings.repositories.mysql import DjangoMeetingRepository

pytestmark = pytest.mark.django_db

DUE = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


def _readonly(response: Any) -> dict[str, str]:
    shown = {}
    for fieldset in response.context["adminform"]:
        for line in fieldset:
            for field in line:
                if field.is_readonly:
                    shown[str(field.field["label"])] = str(field.contents())
    return shown


def _form_data(response: Any) -> dict[str, Any]:
    """What a browser would post back for the change page unchanged (form and inlines)."""
    data: dict[str, Any] = {}

    def add(form: Any) -> None:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is not None:
                data[form.add_prefix(name)] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def test_the_change_page_shows_the_deadline_read_only(admin_client: Client) -> None:
    repo = DjangoMeetingRepository()
    code = services.meeting_create(
        repo=repo, title="Retro", start_date=date(2027, 1, 6), end_date=date(2027, 1, 8)
    ).url_code
    url = f"/admin/meetings/meeting/{Meeting.objects.get(url_code=code).pk}/change/"
    assert _readonly(admin_client.get(url))["answers due"] == "—"
    services.meeting_set_deadline(repo=repo, url_code=code, deadline="2027-01-05T09:00")
    response = admin_client.get(url)
    assert _readonly(response)["answers due"] == date_format(
        timezone.localtime(DUE), "DATETIME_FORMAT"
    )
    data = _form_data(response)
    data.update(deadline="2030-01-01 00:00:00", title="Retro!")
    assert admin_client.post(url, data).status_code == 302
    row = Meeting.objects.get(url_code=code)
    assert (row.deadline, row.title) == (DUE, "Retro!")
