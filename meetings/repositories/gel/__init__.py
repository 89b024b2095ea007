"""The Gel (EdgeDB) store, one module per concern: ``queries`` (EdgeQL), ``client`` (the
process-wide client and retries), ``errors`` (Gel errors as domain errors), ``rows`` (results
as domain values), ``removal`` (tombstones and the purge) and ``repository``
(``GelMeetingRepository``). What other modules use is
re-exported here.
"""

from meetings.repositories.gel.client import (
    ClientOptions,
    client_options,
    close_client,
    conflicts_retried,
    conflicts_seen,
    connection_check,
    connection_configured,
    gel_client,
)
from meetings.repositories.gel.errors import (
    NAME_TAKEN,
    REASON_BUSY,
    REASON_CONNECTION_LOST,
    REASON_CREDENTIALS,
    REASON_NO_BRANCH,
    REASON_NOT_CONFIGURED,
    REASON_OFFLINE,
    REASON_TIMEOUT,
    REASON_UNREACHABLE,
    UNAVAILABLE,
    URL_CODE_TAKEN,
    logger,
    store_errors,
    store_unavailable,
    unavailable_reason,
    violated,
)
from meetings.repositories.gel.repository import GelMeetingRepository
from meetings.repositories.gel.rows import (
    meeting_from_row,
    new_participant_from_row,
    uuid_or_none,
)

__all__ = [
    "NAME_TAKEN",
    "REASON_BUSY",
    "REASON_CONNECTION_LOST",
    "REASON_CREDENTIALS",
    "REASON_NOT_CONFIGURED",
    "REASON_NO_BRANCH",
    "REASON_OFFLINE",
    "REASON_TIMEOUT",
    "REASON_UNREACHABLE",
    "UNAVAILABLE",
    "URL_CODE_TAKEN",
    "ClientOptions",
    "GelMeetingRepository",
    "client_options",
    "close_client",
    "conflicts_retried",
    "conflicts_seen",
    "connection_check",
    "connection_configured",
    "gel_client",
    "logger",
    "meeting_from_row",
    "new_participant_from_row",
    "store_errors",
    "store_unavailable",
    "unavailable_reason",
    "uuid_or_none",
    "violated",
]
