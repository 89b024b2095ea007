"""The bench's database: the server of ``DATABASE_URL`` and the meetings seeded in it.

Seeding runs Django in this process (after ``django_setup``), through the services, so the
meetings are what the API and the pages would have made: hence the imports inside functions.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from meetings.tests.support.serving import PROXY_HEADER

if TYPE_CHECKING:
    from meetings.repositories import MeetingRepository

ROOT = Path(__file__).resolve().parent.parent
TYPICAL = (10, 14)  # participants x dates
LARGE = (50, 63)
JOIN_POOL = 400  # meetings the join scenario spreads over, so none grows past typical size
# The quick run (a smoke check, no timings): its "large" meetings are typical, fewer to join.
QUICK_LARGE = TYPICAL
QUICK_JOIN_POOL = 40
SLOTS = 32  # timed meetings: 08:00-24:00 in 30-minute slots
# One-off events in the calendar point's file (issue 21), besides one weekly recurring event.
CALENDAR_EVENTS = 80
TIMED_WINDOW = {"start_time": "08:00", "end_time": "24:00", "slot_minutes": 30}


@dataclass
class Server:
    host: str
    port: int
    user: str
    password: str

    @classmethod
    def from_url(cls, url: str) -> Server:
        parts = urlsplit(url or "mysql://root@127.0.0.1:3306/meetifyr")
        if parts.scheme != "mysql":
            raise SystemExit("bench: DATABASE_URL must be a mysql:// URL")
        return cls(
            parts.hostname or "127.0.0.1",
            parts.port or 3306,
            parts.username or "root",
            parts.password or "",
        )

    def url(self, database: str) -> str:
        auth = self.user + (f":{self.password}" if self.password else "")
        return f"mysql://{auth}@{self.host}:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        import MySQLdb

        conn = MySQLdb.connect(
            host=self.host, port=self.port, user=self.user, password=self.password
        )
        try:
            conn.cursor().execute(sql)
        finally:
            conn.close()


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed(
    store: str = "mysql", large: tuple[int, int] = LARGE, join_pool: int = JOIN_POOL
) -> dict[str, Any]:
    """The meetings of every scenario in ``store`` (``mysql`` or ``edgedb``): their URL codes,
    organizer keys, participant and date ids, and the version of each as seeded (``large``:
    participants x dates). The Gel store gets what its points use: no timed meetings but the
    painted one."""
    from meetings import services
    from meetings.repositories import repository_for

    repo = repository_for(store)
    pool: list[str] = []
    seeded: dict[str, Any] = {
        "store": store,
        "typical": _meeting(repo, "Typical", *TYPICAL),
        "large": _meeting(repo, "Large", *large),
        "toggle": _meeting(repo, "Toggled", *TYPICAL),
        "stroke": _meeting(repo, "Painted", *TYPICAL, timed=True),
        "join_pool": pool,
    }
    if store == "mysql":
        seeded["timed_typical"] = _meeting(repo, "Timed", *TYPICAL, timed=True)
        seeded["timed_large"] = _meeting(repo, "Timed large", *large, timed=True)
        # A weekly timed meeting (every weekday) and a dated one of the same size (issue 20).
        seeded["timed_week"] = _meeting(repo, "Timed week", TYPICAL[0], 7, timed=True)
        seeded["weekly_timed"] = _meeting(repo, "Weekly", TYPICAL[0], 7, timed=True, weekly=True)
    start = date(2026, 4, 1)
    for number in range(join_pool):
        created = services.meeting_create(repo=repo, title=f"Join {number}")
        services.meeting_set_date_range(
            repo=repo,
            url_code=created.url_code,
            start_date=start,
            end_date=date.fromordinal(start.toordinal() + TYPICAL[1] - 1),
        )
        pool.append(created.url_code)
    return seeded


def _meeting(
    repo: MeetingRepository,
    title: str,
    participants: int,
    days: int,
    timed: bool = False,
    weekly: bool = False,
) -> dict[str, Any]:
    """A protected meeting, as every meeting made through the API or the pages is; its
    organizer key makes the marks (the organizer may change every row). ``weekly``: on the
    first ``days`` weekdays instead of dates."""
    from meetings import services
    from meetings.domain import DateAction, key_new

    start = date(2026, 3, 2)
    key = key_new()
    created = services.meeting_create(repo=repo, title=title, location="Seoul", organizer_key=key)
    end = date.fromordinal(start.toordinal() + days - 1)
    window = services.time_window(**TIMED_WINDOW, time_zone="Asia/Seoul") if timed else None
    if weekly:
        services.meeting_set_date_range(
            repo=repo,
            url_code=created.url_code,
            weekdays=list(range(1, days + 1)),
            window=window,
            key=key,
        )
    else:
        services.meeting_set_date_range(
            repo=repo,
            url_code=created.url_code,
            start_date=start,
            end_date=end,
            window=window,
            key=key,
        )
    last = None
    for number in range(participants):
        participant, last = services.participant_create(
            repo=repo,
            url_code=created.url_code,
            name=f"Person {number + 1}",
            participant_key=key_new(),
        )
        marks: list[services.MarkRequest] = []
        for index, row in enumerate(participant.dates):
            if timed:  # a realistic day: two busy stretches, a preferred one
                begin = 9 + (index + number) % 6
                marks += [
                    services.MarkRequest(row.date, DateAction.OFF, "08:00", f"{begin:02d}:00"),
                    services.MarkRequest(row.date, DateAction.OFF, "20:00", "22:30"),
                    services.MarkRequest(
                        row.date, DateAction.STAR, f"{begin + 2:02d}:00", f"{begin + 4:02d}:00"
                    ),
                ]
            elif (index + number) % 3 == 0:  # dates only: every third date busy,
                marks.append(services.MarkRequest(row.date, DateAction.OFF))
            elif (index + number) % 5 == 0:  # every fifth starred
                marks.append(services.MarkRequest(row.date, DateAction.STAR))
        # One change per participant (every participant answers).
        last = services.participant_marks(
            repo=repo, url_code=created.url_code, participant_id=participant.id, marks=marks,
            key=key,
        )  # fmt: skip
    assert last is not None
    return {
        "url_code": created.url_code,
        "organizer_key": key,
        "participant_ids": [p.id for p in last.participants],
        "version": last.version,
        "date_ids": [row.id for p in last.participants for row in p.dates],
    }


def member_cookie(url_code: str) -> str:
    """The Cookie header of a browser that joined the meeting on its page (its session says
    who it is, its keys cookie holds its key): what a participant's page sends."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", headers={PROXY_HEADER[0]: PROXY_HEADER[1]})
    response = client.post(f"/meetings/{url_code}/join", {"name": "Bench member"})
    assert response.status_code == 303, response.status_code
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def calendar_ics(events: int = CALENDAR_EVENTS) -> bytes:
    """A participant's calendar for the calendar point (issue 21): one weekly recurring event,
    and ``events`` one-off ones of an hour or two spread over the seeded meetings' dates and the
    weeks around them, in Seoul's zone."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Meetifyr bench//EN")
    calendar.add("version", "2.0")
    zone = ZoneInfo("Asia/Seoul")
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    weekly = icalendar.Event()
    weekly.add("uid", "weekly@bench")
    weekly.add("dtstamp", stamp)
    weekly.add("summary", "Weekly")
    weekly.add("dtstart", datetime(2026, 1, 7, 19, 0, tzinfo=zone))
    weekly.add("dtend", datetime(2026, 1, 7, 20, 0, tzinfo=zone))
    weekly.add("rrule", {"freq": "weekly"})
    calendar.add_component(weekly)
    first = datetime(2026, 2, 16, 8, 0, tzinfo=zone)
    for number in range(events):
        start = first + timedelta(hours=13 * number)  # across six weeks, at varying hours
        event = icalendar.Event()
        event.add("uid", f"e{number}@bench")
        event.add("dtstamp", stamp)
        event.add("summary", "Busy")
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=60 + 30 * (number % 3)))
        calendar.add_component(event)
    return bytes(calendar.to_ical())
