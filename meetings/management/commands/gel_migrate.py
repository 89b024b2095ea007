"""``python manage.py gel_migrate``: bring the Gel server's schema to ``dbschema/default.gel``.

No Gel CLI needed: the schema goes to the server as ``START MIGRATION TO { ... }``, which
``POPULATE MIGRATION`` completes and ``COMMIT MIGRATION`` applies, all in one transaction. When
the server's schema is that schema already, the migration is aborted instead, so running the
command twice changes nothing the second time. Then stored data that the schema alone cannot
bring up to date is (``repositories/gel/maintenance.py``: participants' name keys).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import gel
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from meetings.domain import StoreUnavailable
from meetings.repositories.gel.client import gel_client
from meetings.repositories.gel.errors import store_unavailable
from meetings.repositories.gel.maintenance import name_keys_renew
from meetings.repositories.gel.queries import ANSWERED_EXISTS, ANSWERED_FROM_MARKS

SCHEMA_FILE = Path("dbschema") / "default.gel"


def schema_read(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot read the Gel schema {path}: {error.strerror}") from error
    if "module" not in text:
        raise CommandError(f"{path} holds no schema module")
    return text


def migration_start(schema: str) -> str:
    """The statement that opens a migration block towards ``schema`` (SDL)."""
    return f"start migration to {{\n{schema}\n}};"


def schema_migrate(client: gel.Client, schema: str) -> bool:
    """Apply ``schema`` in one transaction; ``False`` when there was nothing to change.

    The client may run the block again after a serialization conflict: it only talks to the
    server, and reports what it did through its return value.
    """
    changed = False
    for tx in client.transaction():
        with tx:
            tx.execute(migration_start(schema))
            described: Any = tx.query_single("describe current migration as json;")
            state = json.loads(described)
            if state.get("complete") and not state.get("confirmed"):
                tx.execute("abort migration;")
                changed = False
            else:
                tx.execute("populate migration;")
                tx.execute("commit migration;")
                changed = True
    if changed and client.query_required_single(ANSWERED_EXISTS):
        client.query(ANSWERED_FROM_MARKS)  # what the new schema derives from what was stored
    return changed


class Command(BaseCommand):
    help = "Apply dbschema/default.gel to the Gel server named by GEL_DSN (or GEL_INSTANCE...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schema",
            type=Path,
            default=Path(settings.BASE_DIR) / SCHEMA_FILE,
            help="the schema file to apply (default: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["schema"]
        schema = schema_read(path)
        try:
            client = gel_client()
            changed = schema_migrate(client, schema)
            renewed = name_keys_renew(client)
        except StoreUnavailable as error:
            raise CommandError(_with_cause(error.message, error)) from error
        except gel.EdgeDBError as error:
            unavailable = store_unavailable(error)
            if unavailable is not None:
                raise CommandError(_with_cause(unavailable.message, error)) from error
            raise CommandError(f"the Gel server refused the schema {path}: {error}") from error
        if changed:
            self.stdout.write(self.style.SUCCESS(f"Applied the Gel schema {path}."))
        else:
            self.stdout.write(f"The Gel schema is up to date with {path}; nothing to apply.")
        if renewed:
            self.stdout.write(f"Computed {renewed} participant name keys again.")


def _with_cause(message: str, error: BaseException) -> str:
    """The operator sees the client's own explanation too (host, port, attempts...)."""
    cause = error if isinstance(error, gel.EdgeDBError) else error.__cause__
    detail = " ".join(str(cause).split()) if cause is not None else ""
    return f"{message} ({detail})" if detail else message
