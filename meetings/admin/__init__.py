"""The Django admin: staff look into meetings and repair them, keeping the invariants the stores
keep (see docs/architecture.md, "The admin"). Importing this package registers the meeting and
participant admins."""

from meetings.admin import meetings, participants
from meetings.admin.versions import meeting_lock, meetings_touch

__all__ = ["meeting_lock", "meetings", "meetings_touch", "participants"]
