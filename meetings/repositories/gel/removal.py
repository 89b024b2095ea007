"""How the Gel store forgets meetings: whether a code's meeting was deleted (its tombstone),
forgetting old tombstones, and the purge's count and batches; ``GelMeetingRepository`` has
them from ``GelRemoval``."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from meetings.domain import url_code_digest, url_code_is_well_formed
from meetings.repositories.gel.client import conflicts_retried, gel_client, gel_reader
from meetings.repositories.gel.errors import store_errors
from meetings.repositories.gel.queries import (
    MEETING_DELETED,
    MEETINGS_EXPIRED_COUNT,
    MEETINGS_EXPIRED_DELETE,
    TOMBSTONES_FORGET,
)


class GelRemoval:
    def meeting_deleted(self, *, url_code: str) -> bool:
        if not url_code_is_well_formed(url_code):
            return False
        with store_errors():
            found: bool = gel_reader().query_required_single(
                MEETING_DELETED, digest=url_code_digest(url_code)
            )
        return found

    def tombstones_forget(self, *, deleted_before: datetime.datetime) -> int:
        with store_errors():
            count: int = conflicts_retried(
                lambda: gel_client().query_required_single(
                    TOMBSTONES_FORGET, deleted_before=deleted_before
                )
            )
        return count

    # --- forgetting -----------------------------------------------------------------------

    def meetings_expired_count(
        self, *, dated_before: datetime.date, changed_before: datetime.datetime
    ) -> int:
        with store_errors():
            count: int = gel_reader().query_required_single(
                MEETINGS_EXPIRED_COUNT, dated_before=dated_before, changed_before=changed_before
            )
        return count

    def meetings_expired_delete(
        self,
        *,
        dated_before: datetime.date,
        changed_before: datetime.datetime,
        limit: int,
        url_codes: Sequence[str] | None = None,
    ) -> int:
        with store_errors():
            count: int = conflicts_retried(
                lambda: gel_client().query_required_single(
                    MEETINGS_EXPIRED_DELETE,
                    dated_before=dated_before,
                    changed_before=changed_before,
                    limit=limit,
                    url_codes=None if url_codes is None else list(url_codes),
                )
            )
        return count
