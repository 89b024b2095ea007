"""gunicorn settings, read from the project root by ``uv run gunicorn meetifyr.wsgi``.

The worker class is the faster one in ``make bench`` (docs/performance.md): sync workers, one
request at a time each, with no keep-alive, so put a buffering proxy (nginx, a load balancer) in
front, as gunicorn recommends for them. Environment: WEB_CONCURRENCY (worker processes, default
2), GUNICORN_WORKER_CLASS (e.g. gthread), GUNICORN_THREADS (threads per worker; more than one
means gthread). Command-line options override all of these.

Metrics (docs/operations.md, "Metrics"): with MEETINGS_METRICS_BIND=host:port the master also
listens there, whatever ``--bind`` says, and the app answers ``/metrics`` on that listener alone
(meetifyr/metrics.py). The workers' values are summed through files in PROMETHEUS_MULTIPROC_DIR
(a private temporary directory when unset): emptied when the master starts, and a worker that
exits is marked dead (its share of the live gauges forgotten; its counts stay in the sums).
"""

import os
import shutil
import tempfile

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# gunicorn's control socket has one default path per user: several servers would share it.
control_socket_disable = True

METRICS_BIND = os.environ.get("MEETINGS_METRICS_BIND", "").strip()
MADE_DIR = "MEETINGS_METRICS_MADE_DIR"  # the temporary directory this master made, if any
# Set before anything imports prometheus_client: its mode is chosen when it is imported.
if METRICS_BIND and not os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip():
    os.environ[MADE_DIR] = tempfile.mkdtemp(prefix="meetifyr-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = os.environ[MADE_DIR]


def _multiprocess_dir() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()


def on_starting(server):
    directory = _multiprocess_dir()
    if directory:  # the values of a previous run, whose processes are all gone
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.remove(os.path.join(directory, name))


def when_ready(server):
    """Listen on the metrics address too, before the first worker starts. Added to the master's
    listeners, not to its ``bind`` setting, so that a reload (SIGHUP), which reads the binds
    again, keeps it; a re-exec (SIGUSR2) hands it over with the others."""
    if not METRICS_BIND:
        return
    from gunicorn import sock, util

    address = util.parse_address(METRICS_BIND)
    bound = [listener.getsockname() for listener in server.LISTENERS]
    if any(isinstance(name, tuple) and name[1] == address[1] for name in bound):
        if server.master_pid or server.systemd:
            return  # handed over by the master before this one, or by systemd
        on_exit(server)  # gunicorn stops without calling it
        raise RuntimeError(f"MEETINGS_METRICS_BIND {METRICS_BIND}: its port is a public one too")
    server.LISTENERS.append(sock.TCPSocket(address, server.cfg, server.log))
    server.log.info("Metrics listening at: %s", server.LISTENERS[-1])


def child_exit(server, worker):
    if _multiprocess_dir():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    made = os.environ.get(MADE_DIR)
    if made:
        shutil.rmtree(made, ignore_errors=True)
