"""Settings for the test suite and type checking: the real settings with test defaults.

Tests run against real MySQL (MariaDB): DATABASE_URL defaults to the local server.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-a-secret")
os.environ.setdefault("DATABASE_URL", "mysql://root@127.0.0.1:3306/meetifyr")

from meetifyr.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast test logins
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Serve static files from the finders, as in development: no collectstatic needed for tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The test client and live servers speak plain HTTP: no redirect to HTTPS, cookies sent over it.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
