from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        checks.register(rate_limit_cache_check, checks.Tags.caches)


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
