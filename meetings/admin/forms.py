"""The admin's edit forms: titles, locations, names and date marks under the domain rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meetings.admin.versions import meeting_lock
from meetings.domain import (
    INVISIBLE_CHARACTERS,
    InvalidName,
    InvalidText,
    participant_name_clean,
    text_clean,
)
from meetings.models import Meeting, Participant, ParticipantDate, participant_name_key_digest


class MeetingAdminForm(forms.ModelForm[Meeting]):
    class Meta:
        model = Meeting
        fields = ("title", "location")

    def _text(self, field: str) -> str:
        value: str = self.cleaned_data[field]
        try:
            return text_clean(value, what=field)
        except InvalidText:
            # Blank and length are checked by the form field; what is left is control characters.
            raise ValidationError(
                _("Control characters are not allowed."), code="control_characters"
            ) from None

    def clean_title(self) -> str:
        return self._text("title")

    def clean_location(self) -> str:
        return self._text("location")


class ParticipantAdminForm(forms.ModelForm[Participant]):
    class Meta:
        model = Participant
        fields = ("name",)

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        try:
            name = participant_name_clean(name)
        except InvalidName as error:
            # Blank and length are checked by the form field; what is left is control or
            # invisible characters.
            if error.message == INVISIBLE_CHARACTERS:
                raise ValidationError(
                    _("Names may not contain invisible characters."),
                    code="invisible_characters",
                ) from None
            raise ValidationError(
                _("Names may not contain control characters."), code="control_characters"
            ) from None
        # Checked under the meeting's lock, which the admin's transaction then keeps until the
        # save: a join taking this name meanwhile (it locks the meeting first too) either
        # committed before this check, which sees it, or waits until after the save.
        meeting_lock(self.instance.meeting_id)
        taken = (
            Participant.objects.filter(
                meeting_id=self.instance.meeting_id, name_key=participant_name_key_digest(name)
            )
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if taken:
            raise ValidationError(
                _("Another participant of this meeting is already called %(name)s."),
                code="name_taken",
                params={"name": name},
            )
        return name


class ParticipantDateAdminForm(forms.ModelForm[ParticipantDate]):
    class Meta:
        model = ParticipantDate
        fields = ("enabled", "starred")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starred") and not data.get("enabled"):
            raise ValidationError(
                _("A busy date cannot be preferred: mark it free, or remove the star."),
                code="starred_busy",
            )
        if not data.get("enabled") or data.get("starred"):
            # Free if need be is a kind of free, never with a star: a date made busy or
            # preferred here is no longer if need be (as the date actions off and star do).
            self.instance.if_need_be = False
        return data
