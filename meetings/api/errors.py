"""One error shape for every API failure: ``{"detail": "..."}`` with the right status."""

from __future__ import annotations

import logging
from typing import Any

from django.db import InterfaceError, OperationalError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from meetings import domain

logger = logging.getLogger(__name__)

DOMAIN_ERROR_STATUS: dict[type[domain.DomainError], int] = {
    domain.MeetingNotFound: status.HTTP_404_NOT_FOUND,
    domain.ParticipantNotFound: status.HTTP_404_NOT_FOUND,
    domain.ParticipantDateNotFound: status.HTTP_404_NOT_FOUND,
    domain.DateRangeTooLong: status.HTTP_422_UNPROCESSABLE_ENTITY,
    domain.DateRangeInverted: status.HTTP_422_UNPROCESSABLE_ENTITY,
    domain.DateRangeAlreadySet: status.HTTP_422_UNPROCESSABLE_ENTITY,
    domain.DateRangeNotSet: status.HTTP_400_BAD_REQUEST,
    domain.ParticipantNameTaken: status.HTTP_409_CONFLICT,
    domain.InvalidName: status.HTTP_400_BAD_REQUEST,
    domain.InvalidText: status.HTTP_400_BAD_REQUEST,
    domain.StoreUnavailable: status.HTTP_503_SERVICE_UNAVAILABLE,
}

DATABASE_UNAVAILABLE = "database is not available, please retry shortly"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, domain.DomainError):
        code = DOMAIN_ERROR_STATUS.get(type(exc), status.HTTP_400_BAD_REQUEST)
        return Response({"detail": exc.message}, status=code)
    if isinstance(exc, OperationalError | InterfaceError):
        logger.warning("database unavailable: %s", exc)
        return Response(
            {"detail": DATABASE_UNAVAILABLE},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": "1"},
        )
    return exception_handler(exc, context)
