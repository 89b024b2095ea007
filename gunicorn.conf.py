"""gunicorn settings, read from the project root by ``uv run gunicorn meetifyr.wsgi``.

The worker class is the faster one in ``make bench`` (see README, Performance). Environment:
WEB_CONCURRENCY (worker processes, default 2), GUNICORN_THREADS (threads per gthread worker,
default 4). Command-line options override all of these.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Keep-alive lets a browser or proxy reuse its connection (gthread only; sync closes each).
keepalive = 5
# gunicorn's control socket has one default path per user: several servers would share it.
control_socket_disable = True
