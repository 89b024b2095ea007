"""``python manage.py meetings_purge``: forget meetings past retention on every store, in
batches (``--dry-run``, ``--days``, ``--batch-size``, ``--store``). The rule and its options are
in docs/operations.md, "Forgetting old meetings"."""

from __future__ import annotations

import argparse
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import InterfaceError, OperationalError

from meetings import metrics, services
from meetings.domain import StoreUnavailable, purge_cutoffs
from meetings.repositories import STORES, repository_for

# The connection variables that name a Gel server (what the gel client resolves before it looks
# for a linked project), each also spelled EDGEDB_...
GEL_SERVER_VARIABLES = ("DSN", "INSTANCE", "CREDENTIALS_FILE", "HOST", "PORT")
GEL_NOT_CONFIGURED = (
    "no Gel server is configured (GEL_DSN, GEL_INSTANCE, GEL_HOST/GEL_PORT or GEL_CREDENTIALS_FILE)"
)


def non_negative(text: str) -> int:
    number = _whole(text)
    if number < 0:
        raise argparse.ArgumentTypeError(f"should not be negative: {text}")
    return number


def positive(text: str) -> int:
    number = _whole(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"should be at least 1: {text}")
    return number


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def meetings_text(count: int) -> str:
    return f"{count} meeting" if count == 1 else f"{count} meetings"


def cutoffs_text(dated_before: date, changed_before: datetime) -> str:
    """What the cutoffs mean, as the operator reads it."""
    return (
        f"unchanged since {changed_before.astimezone(UTC):%Y-%m-%d %H:%M} UTC, and last date "
        f"before {dated_before.isoformat()} or no dates"
    )


def gel_skip_reason() -> str | None:
    """Why a purge of every configured store leaves Gel out, or ``None`` when a server is named.

    A variable naming a server means Gel is meant to be there: then the purge runs, or fails
    saying why (a malformed ``GEL_DSN`` included). Without one, only a linked project names a
    server; whether there is one is what the client's own resolution says."""
    for prefix in ("GEL_", "EDGEDB_"):
        if any(os.environ.get(prefix + name, "").strip() for name in GEL_SERVER_VARIABLES):
            return None
    from meetings.repositories import gel

    try:
        with _quiet(gel.logger):  # the usual case of a MySQL-only site: no warning each night
            gel.connection_check(gel.client_options())
    except StoreUnavailable:
        return GEL_NOT_CONFIGURED
    return None


@contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    def drop(record: logging.LogRecord) -> bool:
        return False

    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)


class Command(BaseCommand):
    help = (
        "Delete meetings nobody changed for MEETINGS_RETENTION_DAYS days whose last date is "
        "as long past (or which have no dates), with their participants."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="only count the meetings that would be deleted; change nothing",
        )
        parser.add_argument(
            "--days",
            type=non_negative,
            metavar="N",
            help=(
                "keep meetings N days past their last date (or last change) "
                f"(default: MEETINGS_RETENTION_DAYS, {settings.MEETINGS_RETENTION_DAYS})"
            ),
        )
        parser.add_argument(
            "--batch-size",
            type=positive,
            default=services.PURGE_BATCH,
            metavar="N",
            help="meetings deleted per transaction (default: %(default)s)",
        )
        parser.add_argument(
            "--store",
            action="append",
            choices=STORES,
            dest="stores",
            help="a store to purge, repeatable (default: mysql, and edgedb where configured)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days: int = settings.MEETINGS_RETENTION_DAYS if options["days"] is None else options["days"]
        now = datetime.now(UTC)  # one pair of cutoffs for every store
        about = cutoffs_text(*purge_cutoffs(now, days))
        requested: list[str] | None = options["stores"]
        stores = list(dict.fromkeys(requested)) if requested else list(STORES)
        failures = []
        for store in stores:
            if not requested and store == "edgedb":
                reason = gel_skip_reason()
                if reason is not None:
                    self.stdout.write(f"{store}: skipped: {reason}")
                    continue
            try:
                count = self._purge(store, days, now, options)
            except StoreUnavailable as error:
                failures.append(f"{store}: {_with_cause(error.message, error)}")
                metrics.PURGE_FAILURES.labels(store).inc()
                continue
            except (OperationalError, InterfaceError) as error:
                failures.append(f"{store}: the {store} store cannot be used ({error})")
                metrics.PURGE_FAILURES.labels(store).inc()
                continue
            if not options["dry_run"]:
                metrics.PURGE_LAST_SUCCESS.labels(store).set(time.time())
            verb = "would delete" if options["dry_run"] else "deleted"
            self.stdout.write(f"{store}: {verb} {meetings_text(count)} ({about})")
        if failures:
            raise CommandError("\n".join(failures))

    def _purge(self, store: str, days: int, now: datetime, options: dict[str, Any]) -> int:
        batches = 0

        def batch_done(count: int) -> None:
            nonlocal batches
            batches += 1
            metrics.purged(store, count, via="command")
            if options["verbosity"] >= 1:
                self.stdout.write(f"{store}: batch {batches}: deleted {meetings_text(count)}")

        return services.meetings_purge(
            repo=repository_for(store),
            retention_days=days,
            now=now,
            dry_run=options["dry_run"],
            batch_size=options["batch_size"],
            on_batch=batch_done,
        )


def _with_cause(message: str, error: BaseException) -> str:
    """The operator sees the client's own explanation too (host, port, what is missing...)."""
    cause = error.__cause__
    detail = " ".join(str(cause).split()) if cause is not None else ""
    return f"{message} ({detail})" if detail else message
