from __future__ import annotations

import os
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.contrib.admin import apps as admin_apps
from django.core import checks
from django.utils.translation import gettext_lazy as _


class MeetifyrAdminConfig(admin_apps.AdminConfig):
    """Django's admin with ``meetings.admin_site.MeetifyrAdminSite`` (logins limited), named in
    INSTALLED_APPS by its path."""

    default = False  # Django's admin config is its app's default; this one is not "meetings"

    default_site = "meetings.admin_site.MeetifyrAdminSite"


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        checks.register(rate_limit_cache_check, checks.Tags.caches)
        checks.register(client_address_check, checks.Tags.security, deploy=True)


def rate_limit_cache_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The rate limits hold across worker processes only in a shared cache (Redis)."""
    backend: str = settings.CACHES[settings.RATELIMIT_USE_CACHE]["BACKEND"]  # type: ignore[index]
    if settings.DEBUG or not backend.endswith("LocMemCache"):
        return []
    return [
        checks.Warning(
            "rate limits are counted per process: each worker allows the full rate",
            hint="Set RATELIMIT_CACHE_URL=redis://host:port/db to share them.",
            id="meetings.W001",
        )
    ]


def client_address_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Behind a proxy every request comes from the proxy's address: the abuse limits must read
    the client's from the header the proxy writes, or every client shares one limit."""
    found: list[checks.CheckMessage] = []
    if settings.SECURE_PROXY_SSL_HEADER and not settings.MEETINGS_CLIENT_IP_HEADER:
        found.append(
            checks.Warning(
                "a proxy is in front (SECURE_PROXY_SSL_HEADER), but the rate limits count the "
                "connection's address: every client behind the proxy shares one limit",
                hint="Set MEETINGS_CLIENT_IP_HEADER to the header the proxy appends the client's "
                "address to, e.g. HTTP_X_FORWARDED_FOR (MEETINGS_PROXY_HOPS: how many proxies).",
                id="meetings.W002",
            )
        )
    if os.environ.get("RATELIMIT_IP_META_KEY", "").strip():
        found.append(
            checks.Warning(
                "RATELIMIT_IP_META_KEY is set but not read: the client's address comes from "
                "MEETINGS_CLIENT_IP_HEADER",
                hint="Rename it to MEETINGS_CLIENT_IP_HEADER (same value).",
                id="meetings.W003",
            )
        )
    return found
