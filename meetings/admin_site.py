"""The admin site: Django's, with refused logins limited per client address
(``limits.ADMIN_LOGIN``, ``MEETINGS_RATE_ADMIN_LOGIN``): past the limit a login is answered 429
before any password is checked, the right one included, until the window ends.

Outside the ``meetings.admin`` package on purpose: Django imports this class while it sets up
``admin.site``, and that package registers its model admins on ``admin.site`` as it loads."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from meetings import limits
from meetings.web.responses import too_many_requests


class MeetifyrAdminSite(admin.AdminSite):
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        if request.method != "POST":
            return super().login(request, extra_context)
        try:
            limits.limit_check(request, limits.ADMIN_LOGIN)
        except limits.RateLimited as refused:
            return too_many_requests(request, refused)
        response: HttpResponse = super().login(request, extra_context)
        if response.status_code == 200:  # the form again: refused (a login redirects)
            # This refusal is answered as such; the next attempt gets the 429.
            with contextlib.suppress(limits.RateLimited):
                limits.limit_count(request, limits.ADMIN_LOGIN)
        return response
