"""The limits every layer of the domain shares: lengths, the date range's size and bounds, how
many marks one request may carry, and the types of participant and date ids."""

from __future__ import annotations

from datetime import date

MAX_RANGE_DAYS = 62  # end - start may be at most this many days: 63 dates in all
MAX_TEXT_LENGTH = 255  # title and location
MAX_NAME_LENGTH = 50
MAX_NOTE_LENGTH = 500  # the organizer's note on the final date
MAX_MARKS = 500
DEFAULT_MAX_PARTICIPANTS = 200  # per meeting; settings.MEETINGS_MAX_PARTICIPANTS

EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(9000, 12, 31)

# A participant id is an integer on MySQL and a UUID string on Gel.
ParticipantId = int | str
ParticipantDateId = int | str
