"""OpenAPI schema hooks (drf-spectacular ``POSTPROCESSING_HOOKS``)."""

from __future__ import annotations

from typing import Any

from meetings.repositories import STORES


def store_operation_ids(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Give the operations of every store but the main one ids of their own.

    One set of viewsets serves every ``/v1/<store>/`` prefix, so without this ``/v1/edgedb``
    would repeat the ids of ``/v1/mysql`` (``meeting_get``); it gets ``edgedb_meeting_get``, and
    the main store's ids stay as they are.
    """
    main = STORES[0]
    for path, operations in result.get("paths", {}).items():
        parts = path.strip("/").split("/")
        if len(parts) < 2 or parts[0] != "v1" or parts[1] not in STORES or parts[1] == main:
            continue
        for operation in operations.values():
            if isinstance(operation, dict) and "operationId" in operation:
                operation["operationId"] = f"{parts[1]}_{operation['operationId']}"
    return result
