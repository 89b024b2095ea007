"""gunicorn settings, read from the project root by ``uv run gunicorn meetifyr.wsgi``.

The worker class is the faster one in ``make bench`` (docs/performance.md): sync workers, one
request at a time each, with no keep-alive, so put a buffering proxy (nginx, a load balancer) in
front, as gunicorn recommends for them. Environment: WEB_CONCURRENCY (worker processes, default
2), GUNICORN_WORKER_CLASS (e.g. gthread), GUNICORN_THREADS (threads per worker; more than one
means gthread). Command-line options override all of these.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# gunicorn's control socket has one default path per user: several servers would share it.
control_socket_disable = True
