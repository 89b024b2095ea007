"""One error shape for every API failure: ``{"detail": "..."}`` with the right status."""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views import defaults
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from meetings import domain, limits

logger = logging.getLogger(__name__)

DOMAIN_ERROR_STATUS: dict[type[domain.DomainError], int] = {
    domain.MeetingNotFound: status.HTTP_404_NOT_FOUND,
    domain.ParticipantNotFound: status.HTTP_404_NOT_FOUND,
    domain.ParticipantDateNotFound: status.HTTP_404_NOT_FOUND,
    domain.DateRangeTooLong: status.HTTP_422_UNPROCESSABLE_ENTITY,
    domain.DateRangeInverted: status.HTTP_422_UNPROCESSABLE_ENTITY,
    domain.DateRangeOutOfBounds: status.HTTP_422_UNPROCESSABLE_ENTITY,
    domain.DateRangeAlreadySet: status.HTTP_422_UNPROCESSABLE_ENTITY,
    domain.DateRangeNotSet: status.HTTP_400_BAD_REQUEST,
    domain.ParticipantNameTaken: status.HTTP_409_CONFLICT,
    domain.MeetingClosed: status.HTTP_409_CONFLICT,
    domain.DeadlinePassed: status.HTTP_409_CONFLICT,
    domain.ScheduleDecided: status.HTTP_409_CONFLICT,
    domain.MeetingFull: status.HTTP_409_CONFLICT,
    domain.NoFinalDate: status.HTTP_404_NOT_FOUND,
    domain.InvalidFinal: status.HTTP_422_UNPROCESSABLE_ENTITY,
    domain.InvalidDeadline: status.HTTP_422_UNPROCESSABLE_ENTITY,
    domain.InvalidName: status.HTTP_400_BAD_REQUEST,
    domain.InvalidText: status.HTTP_400_BAD_REQUEST,
    domain.InvalidTimeWindow: status.HTTP_422_UNPROCESSABLE_ENTITY,
    domain.InvalidWeekdays: status.HTTP_422_UNPROCESSABLE_ENTITY,
    domain.InvalidMark: status.HTTP_422_UNPROCESSABLE_ENTITY,
    domain.InvalidCalendar: status.HTTP_400_BAD_REQUEST,
    domain.KeyRequired: status.HTTP_401_UNAUTHORIZED,
    domain.KeyRefused: status.HTTP_403_FORBIDDEN,
    domain.InvalidPassword: status.HTTP_400_BAD_REQUEST,
    domain.PasswordRefused: status.HTTP_403_FORBIDDEN,
    domain.StoreUnavailable: status.HTTP_503_SERVICE_UNAVAILABLE,
}

DATABASE_UNAVAILABLE = "database is not available, please retry shortly"
TOO_MANY_REQUESTS = "too many requests from this address, retry in {seconds} seconds"


def too_many_requests(error: limits.RateLimited) -> Response:
    return Response(
        {"detail": TOO_MANY_REQUESTS.format(seconds=error.retry_after)},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
        headers={"Retry-After": str(error.retry_after)},
    )


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, limits.RateLimited):
        return too_many_requests(exc)
    if isinstance(exc, domain.DomainError):
        code = DOMAIN_ERROR_STATUS.get(type(exc), status.HTTP_400_BAD_REQUEST)
        headers = {}
        if isinstance(exc, domain.KeyRequired):
            headers["WWW-Authenticate"] = "Bearer"
        elif isinstance(exc, domain.KeyRefused | domain.PasswordRefused) and "request" in context:
            # Refused keys and passwords count against the address; past the limit, 429.
            try:
                limits.limit_count(context["request"]._request, limits.KEY_FAILURES)
            except limits.RateLimited as limited:
                return too_many_requests(limited)
        return Response({"detail": exc.message}, status=code, headers=headers)
    if isinstance(exc, OperationalError | InterfaceError):
        logger.warning("database unavailable: %s", exc)
        return Response(
            {"detail": DATABASE_UNAVAILABLE},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": "1"},
        )
    return exception_handler(exc, context)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: what escapes every view and middleware (DEBUG off).

    A database that cannot be reached is a 503 wherever it shows up - in a page, in middleware,
    or in the session behind ``request.user`` - not a 500 error page. Under ``/v1/`` the answer
    is JSON like the API views' own errors.
    """
    error = sys.exc_info()[1]
    api = request.path.startswith("/v1/")
    if isinstance(error, OperationalError | InterfaceError):
        logger.warning("database unavailable: %s", error)
        if api:
            return JsonResponse(
                {"detail": DATABASE_UNAVAILABLE}, status=503, headers={"Retry-After": "1"}
            )
        return HttpResponse(
            gettext("The service is unavailable right now, please retry shortly."),
            status=503,
            content_type="text/plain; charset=utf-8",
            headers={"Retry-After": "1"},
        )
    if api:
        return JsonResponse({"detail": "internal server error"}, status=500)
    return defaults.server_error(request)
