"""The forms about the people of a meeting: joining, choosing who this browser is, one click on
a date, leaving.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings import domain
from meetings.domain import (
    MAX_NAME_LENGTH,
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    DateAction,
    Meeting,
)
from meetings.web.daykeys import day_from_key
from meetings.web.forms.base import PageForm, domain_error_message


class JoinForm(PageForm):
    name = forms.CharField(
        label=_("Your name"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_NAME_LENGTH, "autocomplete": "name"}),
    )
    error_fields = {
        domain.InvalidName: "name",
        domain.ParticipantNameTaken: "name",
        domain.DateRangeNotSet: None,
        domain.MeetingClosed: None,  # a passed deadline too (``DeadlinePassed``)
    }

    def clean_name(self) -> str:
        value: str = self.cleaned_data["name"]
        try:
            return domain.participant_name_clean(value)
        except domain.InvalidName as error:
            raise forms.ValidationError(domain_error_message(error, value=value)) from error


class SwitchForm(PageForm):
    """Who this browser is in a meeting: one of its participants, or nobody (""); with the
    participant's password when the browser holds no key for that row."""

    participant = forms.ChoiceField(label=_("I am"), required=False)
    password = forms.CharField(
        label=_("Password, if you set one"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(
            attrs={"maxlength": MAX_PASSWORD_LENGTH, "autocomplete": "current-password"}
        ),
    )
    error_fields = {domain.PasswordRefused: "password"}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participant"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", gettext("Nobody yet (join with a new name)"))] + [
            (str(participant.id), participant.name) for participant in meeting.participants
        ]
        field.error_messages["invalid_choice"] = gettext(
            "That person is no longer part of this meeting."
        )


class PasswordForm(PageForm):
    """Set, change (``password``) or remove (the ``remove`` button) the password of my row."""

    min_length = MIN_PASSWORD_LENGTH
    password = forms.CharField(
        label=_("New password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(
            attrs={
                "minlength": MIN_PASSWORD_LENGTH,
                "maxlength": MAX_PASSWORD_LENGTH,
                "autocomplete": "new-password",
            }
        ),
    )
    remove = forms.BooleanField(required=False)
    error_fields = {
        domain.InvalidPassword: "password",
        domain.KeyRequired: None,
        domain.KeyRefused: None,
        domain.ParticipantNotFound: None,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the "Not you?" form beside it has a password field of its own.
        kwargs.setdefault("auto_id", "id_row_%s")
        super().__init__(*args, **kwargs)


class MarkForm(PageForm):
    """One click on a cell or a star: ``<day>:<action>``, e.g. ``2026-12-01:off`` (``wed:off``
    on a weekly meeting: ``daykeys``)."""

    mark = forms.CharField()
    error_fields = {domain.ParticipantDateNotFound: None, domain.ParticipantNotFound: None}

    def clean_mark(self) -> tuple[date, DateAction]:
        day, _sep, action = str(self.cleaned_data["mark"]).partition(":")
        try:
            return day_from_key(day), DateAction(action)
        except ValueError as error:
            raise forms.ValidationError(gettext("That change is not possible.")) from error


class LeaveForm(PageForm):
    confirm = forms.BooleanField(
        error_messages={"required": _("Confirm that you want to leave this meeting.")},
    )
    error_fields = {domain.ParticipantNotFound: None}
