"""Meetifyr settings, read from the environment (12-factor). Every variable, its meaning and
its default are listed in docs/operations.md, "Settings"."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from meetings.domain import (
    DEFAULT_MAX_PARTICIPANTS,
    DEFAULT_RETENTION_DAYS,
    MAX_RANGE_DAYS,
    SLOT_LENGTHS,
)

# Lets generic Django and DRF classes be subscripted at run time, as their type stubs expect.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}")
    return number


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "meetings.apps.MeetifyrAdminConfig",  # django.contrib.admin, logins limited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "meetings",
]

MIDDLEWARE = [
    # /metrics on the metrics listener alone; every other request counted (meetifyr/metrics.py)
    "meetifyr.metrics.MetricsMiddleware",
    # /healthz and /readyz, ahead of the host check and the HTTPS redirect (meetifyr/probes.py)
    "meetifyr.probes.ProbesMiddleware",
    # X-Request-ID, and with MEETINGS_LOG_FORMAT=json one line per request (meetifyr/request_log.py)
    "meetifyr.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "meetifyr.middleware.CSPMiddleware",  # django-csp's, building the policy once
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "meetings.web.identity.BrowserKeysMiddleware",  # the keys a browser holds, in its cookie
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "meetifyr.urls"
WSGI_APPLICATION = "meetifyr.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- database ------------------------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()


def database_from_url(url: str) -> dict[str, Any]:
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.mysql":
        config["OPTIONS"] = {
            "charset": "utf8mb4",
            "init_command": (
                "SET sql_mode='STRICT_TRANS_TABLES,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO'"
            ),
            "isolation_level": "read committed",
            "connect_timeout": 5,
        }
        config["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
    return config


DATABASES = {"default": database_from_url(DATABASE_URL)}

# A MariaDB replica of the default database (docs/operations.md, "Topology"): the polls'
# version reads (the API's 304 poll, the page's fragment poll) may go there (meetings.replica);
# nothing else does. Its user needs SELECT and SLAVE MONITOR (for Seconds_Behind_Master).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
# Seconds behind the primary past which the primary answers the polls instead.
DATABASE_REPLICA_MAX_LAG = env_int("DATABASE_REPLICA_MAX_LAG", 2, minimum=0)
# How often each process asks the replica its lag, and for how long it leaves a replica that
# failed alone (the primary answers meanwhile).
DATABASE_REPLICA_CHECK_SECONDS = 1.0
DATABASE_REPLICA_RETRY_SECONDS = env_int("DATABASE_REPLICA_RETRY_SECONDS", 5, minimum=1)
if DATABASE_REPLICA_URL:
    if not DATABASE_REPLICA_URL.startswith("mysql://"):
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a mysql:// URL (a replica)")
    DATABASES["replica"] = database_from_url(DATABASE_REPLICA_URL)
    # A replica that does not answer must cost a poll little: the primary answers it then.
    DATABASES["replica"]["OPTIONS"].update({"connect_timeout": 1, "read_timeout": 2})
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["meetings.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Gel (EdgeDB) store ----------------------------------------------------------------------
# The gel client reads its connection from the environment itself (GEL_DSN, or GEL_INSTANCE,
# GEL_HOST/GEL_PORT..., GEL_CLIENT_TLS_SECURITY); these settings only size and bound the one
# client each process keeps (meetings/repositories/gel/client.py).

SERVER_THREADS = env_int("SERVER_THREADS", 4, minimum=1)
# One connection per request thread, so no request waits for another's connection.
GEL_MAX_CONCURRENCY = max(env_int("GEL_MAX_CONCURRENCY", SERVER_THREADS, minimum=1), SERVER_THREADS)
GEL_CONNECT_TIMEOUT = env_int("GEL_CONNECT_TIMEOUT", 2, minimum=1)
# How long a request keeps retrying an unreachable server before answering 503 (the client's
# own default is 30 seconds).
GEL_CONNECT_WAIT = env_int("GEL_CONNECT_WAIT", 1)
# How long a change keeps retrying after serialization conflicts with concurrent changes of the
# same meeting before answering 503: a time budget, not a count, since every round of
# conflicting changes commits at least one of them (32 writers on one meeting need 32 rounds).
GEL_RETRY_SECONDS = env_int("GEL_RETRY_SECONDS", 10, minimum=1)

# --- i18n ------------------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ko", _("Korean"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- static files ----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "meetings.static_storage.StaticFilesStorage"
        )
    },
}

# --- REST API --------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["meetings.api.renderers.FastJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["meetings.api.parsers.NestingSafeJSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "meetings.api.errors.api_exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Meetifyr API",
    "DESCRIPTION": (
        "Group meeting scheduler. Create a meeting, share its url_code, let participants mark "
        "dates free, busy or starred, and read the best dates. Every change answers with the "
        "latest meeting."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "meetings.api.schema.store_operation_ids",  # unique ids for /v1/<store> twins
    ],
    # Our PATCH actions take whole bodies (no partial updates): keep their fields required.
    "COMPONENT_SPLIT_PATCH": False,
}

# --- meeting pages ---------------------------------------------------------------------------

# The store behind the server-rendered pages (a name ``repositories.repository_for`` knows).
MEETINGS_PAGES_STORE = os.environ.get("MEETINGS_PAGES_STORE", "").strip() or "mysql"
# Seconds between an open meeting page's conditional polls for other people's changes.
MEETINGS_POLL_SECONDS = float(os.environ.get("MEETINGS_POLL_SECONDS", "").strip() or 5)
# Without JavaScript a timed meeting's whole grid is one form, and each ticked checkbox is one
# field: up to three per slot (free, preferred, if need be) of the largest grid (63 dates of 96
# quarter hours), beyond Django's default 1,000. Still a bound, and the body stays far under
# DATA_UPLOAD_MAX_MEMORY_SIZE.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 3 * (MAX_RANGE_DAYS + 1) * (24 * 60 // min(SLOT_LENGTHS)) + 100

# --- forgetting meetings --------------------------------------------------------------------

# `python manage.py meetings_purge` (and the admin's purge action) deletes meetings nobody changed
# for this many days whose last date is as long past, or which have no dates.
MEETINGS_RETENTION_DAYS = env_int("MEETINGS_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)

# The most participants one meeting may have: the next join answers 409 (both faces, both stores).
MEETINGS_MAX_PARTICIPANTS = env_int(
    "MEETINGS_MAX_PARTICIPANTS", DEFAULT_MAX_PARTICIPANTS, minimum=1
)

# --- rendered meetings ------------------------------------------------------------------------

# A GET answers with the meeting's JSON as last rendered when its version is still the stored
# one (see meetings/rendered.py). Per process and bounded: at most MEETINGS_CACHE_ENTRIES
# meetings (least recently used go first), none larger than MEETINGS_CACHE_MAX_BODY_BYTES, so a
# process holds at most their product (128 MiB with the defaults; a 50 x 63 meeting is 200 KB).
MEETINGS_CACHE_ENTRIES = env_int("MEETINGS_CACHE_ENTRIES", 256)
MEETINGS_CACHE_MAX_BODY_BYTES = env_int("MEETINGS_CACHE_MAX_BODY_BYTES", 512 * 1024)
# The pages keep the meeting fragment they send browsers that are nobody in the meeting, in the
# same cache (meetings/web/fragments.py); a 50 x 63 meeting's fragment is about 540 KB.
MEETINGS_FRAGMENT_MAX_BYTES = env_int("MEETINGS_FRAGMENT_MAX_BYTES", 1024 * 1024)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "meetings": (
        {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "meetings",
            "TIMEOUT": 3600,  # also frees meetings nobody reads any more
            "OPTIONS": {"MAX_ENTRIES": MEETINGS_CACHE_ENTRIES},
        }
        if MEETINGS_CACHE_ENTRIES
        else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    ),
}

# --- abuse limits ----------------------------------------------------------------------------
# meetings/limits.py: django-ratelimit's counters per client address, in the "ratelimit" cache.
# Rates are "count/period" (s, m, h, d).

MEETINGS_RATE_CREATE = os.environ.get("MEETINGS_RATE_CREATE", "").strip() or "60/h"
MEETINGS_RATE_JOIN = os.environ.get("MEETINGS_RATE_JOIN", "").strip() or "120/h"
MEETINGS_RATE_KEY_FAILURES = os.environ.get("MEETINGS_RATE_KEY_FAILURES", "").strip() or "30/h"
# Refused admin logins per address; past it no password is checked until the window ends.
MEETINGS_RATE_ADMIN_LOGIN = os.environ.get("MEETINGS_RATE_ADMIN_LOGIN", "").strip() or "10/h"
# Calendar files read per address (each may take a second or two of CPU to expand).
MEETINGS_RATE_CALENDAR = os.environ.get("MEETINGS_RATE_CALENDAR", "").strip() or "60/h"
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_CACHE_URL = os.environ.get("RATELIMIT_CACHE_URL", "").strip()
CACHES["ratelimit"] = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": RATELIMIT_CACHE_URL,
        "KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "").strip() or "meetifyr",
        # A Redis that stopped answering holds a request up 0.1 s at most; limits.py then
        # counts in this process alone for a while (CACHES["ratelimit_fallback"]).
        "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
    }
    if RATELIMIT_CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"}
)
CACHES["ratelimit_fallback"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "ratelimit_fallback",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
# Behind proxies (meetings.limits.client_address): the header they append the address they
# saw to, and how many of them there are; unset, the connection's own address counts.
MEETINGS_CLIENT_IP_HEADER = os.environ.get("MEETINGS_CLIENT_IP_HEADER", "").strip()
MEETINGS_PROXY_HOPS = env_int("MEETINGS_PROXY_HOPS", 1, minimum=1)

# --- security --------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# With DEBUG off the app speaks HTTPS only (`make run`, DEBUG on, stays on plain HTTP). Behind a
# proxy that terminates TLS, name the header it sets to "https" (SECURE_PROXY_SSL_HEADER=
# X-Forwarded-Proto; only when the proxy always sets or strips it), or let the proxy redirect
# plain HTTP itself (SECURE_SSL_REDIRECT=0).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + os.environ["SECURE_PROXY_SSL_HEADER"].strip().upper().replace("-", "_"),
        "https",
    )

# Content-Security-Policy (django-csp): pages may load only our own files; no inline script or
# style, no other origin. Views that need more say so themselves (see /docs in meetifyr/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- metrics -------------------------------------------------------------------------------

# host:port of the listener gunicorn adds for Prometheus (gunicorn.conf.py): the only one that
# answers /metrics, and it answers nothing else (meetifyr/metrics.py). Unset: no metrics served.
MEETINGS_METRICS_BIND = os.environ.get("MEETINGS_METRICS_BIND", "").strip()


def metrics_port(bind: str) -> int | None:
    if not bind:
        return None
    host, _, port = bind.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ImproperlyConfigured(
            f"MEETINGS_METRICS_BIND must be host:port, e.g. 127.0.0.1:9464, not {bind!r}"
        )
    return int(port)


MEETINGS_METRICS_PORT = metrics_port(MEETINGS_METRICS_BIND)

# "text" (the default, and `make run`'s): the log as Django and gunicorn write it. "json": also
# one JSON line per request on stderr (meetifyr/request_log.py: method, route, status, ms, id).
MEETINGS_LOG_FORMAT = os.environ.get("MEETINGS_LOG_FORMAT", "").strip().lower() or "text"
if MEETINGS_LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("MEETINGS_LOG_FORMAT must be text or json")

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"bare": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "lines": {"class": "logging.StreamHandler", "formatter": "bare"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
if MEETINGS_LOG_FORMAT == "json":
    LOGGING["loggers"] = {
        "meetings.requests": {"handlers": ["lines"], "level": "INFO", "propagate": False}
    }
