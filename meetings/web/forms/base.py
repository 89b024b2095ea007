"""The pages' form base: ``PageForm`` shows a domain error next to its field, in words of the
user's language. The domain's own messages are the API's exact English texts and are never shown
on a page; the rules themselves live in ``meetings.domain``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import formats
from django.utils.translation import gettext, ngettext

from meetings import domain
from meetings.domain import (
    FINAL_NO_DATES,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_PASSWORD_LENGTH,
    MAX_RANGE_DAYS,
    MAX_TEXT_LENGTH,
    MIN_PASSWORD_LENGTH,
    WINDOW_ALL_OR_NONE,
    DomainError,
    InvalidMark,
    InvalidTimeWindow,
    minutes_label,
)

ISO_DATE = "%Y-%m-%d"

# --- messages for domain errors ----------------------------------------------------------------


def text_problem(value: str, *, max_length: int) -> str:
    """Why ``value`` broke a text rule (too long or control characters), in the user's language."""
    if len(value.strip()) > max_length:
        return ngettext(
            "Use at most %(max)d character.", "Use at most %(max)d characters.", max_length
        ) % {"max": max_length}
    return gettext("Remove special characters such as tabs or line breaks.")


def domain_error_message(error: DomainError, *, value: str = "") -> str:
    """A translated, friendly message for a domain error (``value``: the input that caused it)."""
    if isinstance(error, domain.DateRangeInverted):
        return gettext("The end date cannot be before the start date.")
    if isinstance(error, domain.DateRangeTooLong):
        return ngettext(
            "The end date can be at most %(days)d day after the start date.",
            "The end date can be at most %(days)d days after the start date.",
            MAX_RANGE_DAYS,
        ) % {"days": MAX_RANGE_DAYS}
    if isinstance(error, domain.DateRangeAlreadySet):
        return gettext("The dates of this meeting have already been set.")
    if isinstance(error, domain.DateRangeOutOfBounds):
        return gettext("Pick dates between %(earliest)s and %(latest)s.") % {
            "earliest": formats.date_format(domain.EARLIEST_DATE, "DATE_FORMAT"),
            "latest": formats.date_format(domain.LATEST_DATE, "DATE_FORMAT"),
        }
    if isinstance(error, domain.InvalidWeekdays):
        return gettext("Pick at least one day of the week.")
    if isinstance(error, domain.DateRangeNotSet):
        return gettext("Set the meeting's dates before anyone joins.")
    if isinstance(error, domain.ParticipantNameTaken):
        return gettext(
            "Someone called “%(name)s” has already joined. Pick another name, or choose "
            "yours under “Already joined?”."
        ) % {"name": value.strip()}
    if isinstance(error, domain.InvalidName):
        if not value.strip():
            return gettext("Enter your name.")
        if error.message == domain.INVISIBLE_CHARACTERS:
            return gettext(
                "Remove invisible characters (such as zero-width spaces or blank fillers): "
                "they make a name look like another one."
            )
        return text_problem(value, max_length=MAX_NAME_LENGTH)
    if isinstance(error, domain.InvalidText):
        return text_problem(value, max_length=MAX_TEXT_LENGTH)
    if isinstance(error, domain.KeyRequired | domain.KeyRefused):
        if error.message in (domain.ROW_KEY_REQUIRED, domain.ROW_KEY_REFUSED):
            if value.strip():
                return gettext(
                    "Only %(name)s or the organizer can change the answers of %(name)s. Open the "
                    "personal link %(name)s got when joining, on this device."
                ) % {"name": value.strip()}
            return gettext("Only that person or the organizer can change their answers.")
        return gettext(
            "Only the organizer can change this meeting. Open the manage link on this device "
            "to do so."
        )
    if isinstance(error, domain.ParticipantNotFound | domain.ParticipantDateNotFound):
        return gettext("That person or date is no longer part of this meeting.")
    if isinstance(error, domain.MeetingNotFound):
        return gettext("This meeting does not exist.")
    if isinstance(error, InvalidTimeWindow):
        return time_window_message(error)
    if isinstance(error, InvalidMark):
        return gettext("Those dates or times are not part of this meeting. Reload the page.")
    if isinstance(error, domain.DeadlinePassed):
        return gettext("The deadline for answers has passed: nobody can join or change answers.")
    if isinstance(error, domain.ScheduleDecided):
        return gettext("The final date is picked: reopen the meeting before changing its dates.")
    if isinstance(error, domain.MeetingClosed):
        return gettext("This meeting is closed: the organizer has picked the final date.")
    if isinstance(error, domain.InvalidDeadline):
        if error.skipped_in:
            return gettext(
                "That time does not occur in %(zone)s: the clocks go forward over it. Pick "
                "another time."
            ) % {"zone": error.skipped_in}
        return gettext("Enter a date and a time, such as 2027-01-05 18:00.")
    if isinstance(error, domain.MeetingFull):
        return ngettext(
            "This meeting is full: it has %(count)d participant, the most a meeting may have.",
            "This meeting is full: it has %(count)d participants, the most a meeting may have.",
            error.limit,
        ) % {"count": error.limit}
    if isinstance(error, domain.InvalidFinal):
        return final_message(error)
    if isinstance(error, domain.NoFinalDate):
        return gettext("The organizer has not picked the final date yet.")
    if isinstance(error, domain.InvalidPassword):
        return password_message(error)
    if isinstance(error, domain.PasswordRefused):
        return gettext(
            "That name and password do not match. Check the password, or open your personal "
            "link on this device."
        )
    return gettext("That did not work. Please check your input and try again.")


def password_message(error: domain.InvalidPassword) -> str:
    if error.message == domain.PASSWORD_TOO_SHORT:
        return ngettext(
            "Use at least %(min)d character.",
            "Use at least %(min)d characters.",
            MIN_PASSWORD_LENGTH,
        ) % {"min": MIN_PASSWORD_LENGTH}
    return ngettext(
        "Use at most %(max)d character.", "Use at most %(max)d characters.", MAX_PASSWORD_LENGTH
    ) % {"max": MAX_PASSWORD_LENGTH}


TIME_WINDOW_FIELDS = ("start_time", "end_time", "slot_minutes", "time_zone")


def time_window_field(error: InvalidTimeWindow) -> str | None:
    """The form field an ``InvalidTimeWindow`` is about: the one its message starts with."""
    if error.message == WINDOW_ALL_OR_NONE:
        return None  # about the four together: the form names the missing one
    first = error.message.split(" ", 1)[0]
    return first if first in TIME_WINDOW_FIELDS else None


def time_window_message(error: InvalidTimeWindow) -> str:
    """A translated message for a broken window rule (the domain's texts are the API's)."""
    field = time_window_field(error)
    message = error.message
    if message == WINDOW_ALL_OR_NONE:
        return gettext("Pick the start and end times, the slot length and the time zone.")
    if field == "slot_minutes":
        return gettext("Pick slots of 15, 30 or 60 minutes.")
    if field == "time_zone":
        return gettext("Pick a time zone from the list.")
    return time_rule_message(message)


def time_rule_message(message: str) -> str:
    """What the window's and the final date's messages share: a time off a slot boundary, an
    end not after the start, a time not written as HH:MM."""
    if "slot boundary" in message:
        minutes = int(message.rsplit(" on a ", 1)[1].split("-", 1)[0])
        return ngettext(
            "With slots of %(minutes)d minute, pick a time such as %(example)s.",
            "With slots of %(minutes)d minutes, pick a time such as %(example)s.",
            minutes,
        ) % {"minutes": minutes, "example": minutes_label(9 * 60 + 60 - minutes)}
    if "should be after" in message:
        return gettext("The end time must be after the start time.")
    return gettext("Pick a time such as 09:00.")


def final_field(error: domain.InvalidFinal) -> str | None:
    """The ``FinalForm`` field an ``InvalidFinal`` is about: the one its message starts with
    ("date 2026-12-20 is not...", "end 10:10 is not...", "note should..."), if any."""
    first = error.message.split(" ", 1)[0]
    if error.message.startswith("start and end "):  # about both (a dates-only meeting)
        return None
    if first == "weekday":  # a weekly meeting's day: the form's "date"
        return "date"
    return first if first in ("date", "start", "end", "note", "starts_on") else None


def final_message(error: domain.InvalidFinal) -> str:
    """A translated message for a broken rule of the final date (the domain's are the API's)."""
    message = error.message
    field = final_field(error)
    if message == FINAL_NO_DATES:
        return gettext("Set the meeting's dates before picking the final date.")
    if field == "starts_on":
        if "should be between" in message:
            return gettext("Pick a date between %(earliest)s and %(latest)s.") % {
                "earliest": formats.date_format(domain.EARLIEST_DATE, "DATE_FORMAT"),
                "latest": formats.date_format(domain.LATEST_DATE, "DATE_FORMAT"),
            }
        return gettext("Pick a first date on that day of the week.")
    if field == "date" and message.startswith("weekday"):
        return gettext("Pick one of the meeting's days of the week.")
    if field == "date":
        return gettext("Pick one of the meeting's dates.")
    if field == "note":
        if "at most" in message:
            return ngettext(
                "Use at most %(max)d character.", "Use at most %(max)d characters.", MAX_NOTE_LENGTH
            ) % {"max": MAX_NOTE_LENGTH}
        return gettext("Remove special characters from the note.")
    if message.startswith("start and end are only"):
        return gettext("This meeting has no times of day: pick only a date.")
    if "needs start and end" in message:
        return gettext("Pick the start and end times.")
    if "is outside the window" in message:
        window = message.rsplit(" ", 1)[1]
        start, _sep, end = window.partition("-")
        return gettext("Pick a time from %(start)s to %(end)s.") % {"start": start, "end": end}
    if "is outside the meeting's times" in message:  # read on another zone's clock
        return gettext("Pick a time inside the meeting's times, as the grid shows them.")
    if "does not occur" in message:
        return gettext("That time does not occur on that date (the clocks change): pick another.")
    return time_rule_message(message)


class PageForm(forms.Form):
    """A form that can show a domain error next to the field it is about."""

    #: The field a domain error type belongs to (``None``: shown above the form).
    error_fields: dict[type[DomainError], str | None] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domain_errors: list[DomainError] = []

    def add_domain_error(self, error: DomainError, *, value: str | None = None) -> None:
        """Show ``error``; ``value``: what the message is about, when not the field's input."""
        self.domain_errors.append(error)
        field = next(
            (name for kind, name in self.error_fields.items() if isinstance(error, kind)), None
        )
        if value is None:
            value = str(self.data.get(field, "")) if field else ""
        self.add_error(field, domain_error_message(error, value=value))


def error_links(
    form: forms.Form | None, *, anchor: str = "", whole_form: bool = True
) -> list[tuple[str, str]]:
    """A posted form's errors for the error summary at the top of a page: (the id of the field
    each is about, the message), in the fields' order. ``anchor``: one id for all of them (a
    form whose field is a button's value); an error about the whole form gets "" unless so,
    and is left out unless ``whole_form``."""
    if form is None or not form.is_bound:
        return []
    links: list[tuple[str, str]] = []
    for name, messages in form.errors.items():
        if name == NON_FIELD_ERRORS:
            if not whole_form:
                continue
            target = anchor
        else:
            # A group of radio buttons or checkboxes: its first one.
            target = anchor or form[name].id_for_label or f"{form[name].auto_id}_0"
        links.extend((target, str(message)) for message in messages)
    return links
