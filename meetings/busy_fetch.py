"""A calendar's secret address (the "iCal address" Google, Outlook and Apple Calendar publish)
fetched for the calendar use case, without letting anyone use the server to reach what only it
can reach (server-side request forgery).

- Only ``https://`` (and ``webcal://``, read as ``https://``) addresses, on port 443.
- The name is resolved once, every address it has must be a public one (not loopback,
  private, link-local such as 169.254.169.254, shared, reserved or multicast, IPv4-mapped IPv6
  included), and the connection goes to that checked address (no second lookup an attacker's
  DNS could answer differently), with the certificate checked for the name.
- Redirects are followed by hand, at most ``MAX_REDIRECTS``, each target checked the same way.
- Bounded: ``CONNECT_SECONDS`` to connect, ``TOTAL_SECONDS`` for all of it (connecting, the
  headers, the body), at most ``MAX_FETCH_BYTES`` (less than an uploaded file may be: an
  address is fetched by the server, for anyone who has a participant's key).

Tests reach a local server through ``settings.MEETINGS_CALENDAR_TEST_ORIGIN`` only (an
``http://127.0.0.1:PORT`` origin the test settings may name; production never sets it).
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from meetings.domain import InvalidCalendar

MAX_REDIRECTS = 3
CONNECT_SECONDS = 3.0
TOTAL_SECONDS = 10.0
MAX_FETCH_BYTES = 2 * 1024 * 1024  # a year of a busy person's Google calendar fits
MAX_URL_LENGTH = 2000
HEADERS = {"Accept": "text/calendar", "User-Agent": "Meetifyr (calendar import)"}

NOT_HTTPS = "the calendar address should start with https:// or webcal://"
UNREACHABLE = "the calendar address could not be reached"
# The same answer for a name that leads to a private address and one that does not resolve:
# nobody learns through it which names the server's own network knows.
NOT_PUBLIC = UNREACHABLE
TOO_MANY_REDIRECTS = "the calendar address redirects too often"
TOO_LARGE = f"the calendar is larger than {MAX_FETCH_BYTES // (1024 * 1024)} MB"


def calendar_fetch(url: str) -> bytes:
    """The calendar file at ``url``, or ``InvalidCalendar`` saying why not."""
    url = url.strip()
    if url[:9].lower() == "webcal://":  # before any redirect is joined to it
        url = "https://" + url[9:]
    for _ in range(MAX_REDIRECTS + 1):
        status, location, body = _get(url)
        if status in (301, 302, 303, 307, 308) and location:
            url = urljoin(url, location)
            continue
        if status != 200:
            raise InvalidCalendar(f"the calendar address answered {status}")
        return body
    raise InvalidCalendar(TOO_MANY_REDIRECTS)


def _get(url: str) -> tuple[int, str | None, bytes]:
    if len(url) > MAX_URL_LENGTH:
        raise InvalidCalendar(NOT_HTTPS)
    test_origin = getattr(settings, "MEETINGS_CALENDAR_TEST_ORIGIN", None)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        raise InvalidCalendar(NOT_HTTPS) from None
    host = parts.hostname or ""
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    origin = f"{scheme}://{host}:{port}" if port else None
    if test_origin and origin == test_origin:
        connection: http.client.HTTPConnection = http.client.HTTPConnection(
            host, port, timeout=CONNECT_SECONDS
        )
    else:
        if scheme != "https" or not host or port not in (None, 443) or "@" in parts.netloc:
            raise InvalidCalendar(NOT_HTTPS)
        connection = _PinnedHTTPS(host, _public_address(host))
    # One deadline for all of it: connecting, the headers, the body. At the deadline the
    # socket is shut, whatever the other side trickles (a timeout per read bounds nothing).
    cut = threading.Event()
    watchdog = threading.Timer(TOTAL_SECONDS, _shut, args=(connection, cut))
    watchdog.start()
    try:
        connection.request("GET", path, headers=HEADERS)
        answer = connection.getresponse()
        body = _read(answer) if answer.status == 200 else b""
        if cut.is_set():  # what was read ends where the socket was shut: not an answer
            raise InvalidCalendar(UNREACHABLE)
        return answer.status, answer.getheader("Location"), body
    except (OSError, ValueError, http.client.HTTPException, ssl.SSLError) as error:
        # ValueError: UnicodeEncodeError for a path no request line can carry, among others.
        raise InvalidCalendar(UNREACHABLE) from error
    finally:
        watchdog.cancel()
        connection.close()


def _shut(connection: http.client.HTTPConnection, cut: threading.Event) -> None:
    cut.set()
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):  # closed already
            sock.shutdown(socket.SHUT_RDWR)


def _read(answer: http.client.HTTPResponse) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := answer.read1(64 * 1024):
        size += len(chunk)
        if size > MAX_FETCH_BYTES:
            raise InvalidCalendar(TOO_LARGE)
        chunks.append(chunk)
    return b"".join(chunks)


# IPv6: global unicast only, without the ranges that carry (or reach) an IPv4 address the
# server's network may route privately: 6to4, Teredo, documentation. NAT64 (64:ff9b::/96 and
# 64:ff9b:1::/48), IPv4-compatible (::/96), IPv4-translated and site-local (fec0::/10)
# addresses lie outside 2000::/3 and are refused with everything else there.
IPV6_GLOBAL = ipaddress.ip_network("2000::/3")
IPV6_REFUSED = tuple(
    ipaddress.ip_network(net) for net in ("2002::/16", "2001::/32", "2001:db8::/32")
)


def address_is_public(address: str) -> bool:
    """Whether ``address`` is one anyone on the internet reaches the same (IPv4-mapped IPv6
    addresses judged as the IPv4 address they carry)."""
    parsed = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            parsed = parsed.ipv4_mapped
        elif parsed not in IPV6_GLOBAL or any(parsed in net for net in IPV6_REFUSED):
            return False
    return parsed.is_global and not parsed.is_multicast


def _public_address(host: str) -> str:
    """The address to connect to for ``host``: every address it resolves to must be public."""
    try:
        found = socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise InvalidCalendar(UNREACHABLE) from error
    addresses = [str(info[4][0]) for info in found]
    if not addresses or not all(address_is_public(address) for address in addresses):
        raise InvalidCalendar(NOT_PUBLIC)
    return addresses[0]


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to ``host`` through the already checked ``address``: the certificate is checked
    for ``host``, and no second name lookup happens."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(host, 443, timeout=CONNECT_SECONDS, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, 443), timeout=CONNECT_SECONDS)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]
