"""Debian's nginx as a load balancer in front of app servers: a private configuration in a
temporary directory, run in the foreground (``daemon off``) in its own process group."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

CONFIG = """\
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
{user}
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream app {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


@contextlib.contextmanager
def nginx_balancing(directory: Path, port: int, upstreams: Sequence[str]) -> Iterator[str]:
    """nginx on 127.0.0.1:``port`` sharing requests round-robin between ``upstreams``
    ("host:port"); yields its base URL once it listens, and stops it after. Every answer names
    the server that gave it in ``X-Upstream``."""
    directory.mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server {address};" for address in upstreams)
    # As root, nginx's workers would run as nobody, who may not write the temporary paths.
    user = "user root;" if os.geteuid() == 0 else ""
    config = directory / "nginx.conf"
    config.write_text(CONFIG.format(dir=directory, servers=servers, port=port, user=user))
    with (directory / "nginx.out").open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 - fixed command line
            [NGINX, "-p", str(directory), "-c", str(config), "-e", str(directory / "error.log")],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"nginx exited, see {directory / 'error.log'}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start, see {directory}") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
