"""The database refuses changes to approved versions: triggers on SQLite and PostgreSQL.

Forms and services already refuse to edit a frozen version; these triggers
make the database refuse it too, so no code path (a shell, a bug, a raw
query) can alter what the board approved. They cover:

- the version row itself: its content columns cannot change once approved,
  its status may only move approved -> superseded, and it cannot be deleted;
- every "content" table whose rows belong to a version (registered with
  `freeze_with_version`): no row of a frozen version may be inserted,
  changed or deleted.

Triggers are (re)installed after every `migrate` (post_migrate), because
SQLite drops a table's triggers when a migration rebuilds the table.
"""

from dataclasses import dataclass
from threading import local

from django.db import models

FROZEN = "('approved', 'superseded')"
VERSION_TABLE = "approvals_documentversion"
# Columns of a version that are part of what the board approved.
VERSION_CONTENT_COLUMNS = [
    "organization_id",
    "document_id",
    "number",
    "title",
    "summary",
    "body",
    "change_note",
]
MESSAGE = "seam_scm: this row belongs to an approved document version and is frozen"


@dataclass(frozen=True)
class FrozenTable:
    table: str
    version_column: str


_frozen_tables: dict[str, FrozenTable] = {}


def freeze_with_version(model: type[models.Model], version_field: str = "version") -> None:
    """Declare that `model`'s rows are part of the version they point to."""
    field = model._meta.get_field(version_field)
    _frozen_tables[model._meta.db_table] = FrozenTable(model._meta.db_table, field.column)


def frozen_tables() -> list[FrozenTable]:
    return sorted(_frozen_tables.values(), key=lambda t: t.table)


# --- SQLite ---------------------------------------------------------------------------
# A test database is emptied with DELETE FROM (SQLite has no TRUNCATE), which the
# delete triggers would refuse. They therefore also ask seam_freeze_enforced(),
# a function every Django connection defines; only the test suite's flush turns
# it off. A connection without it (the sqlite3 shell) cannot delete at all.
_state = local()


def freeze_enforced() -> int:
    return 0 if getattr(_state, "flushing", False) else 1


def allow_deleting_frozen_rows(allowed: bool) -> None:
    """For the test suite only: let a transactional test's flush (DELETE FROM) empty the tables."""
    _state.flushing = allowed


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("seam_freeze_enforced", 0, freeze_enforced)


def _sqlite_refuse() -> str:
    return f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"


def _sqlite_sql() -> list[str]:
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in VERSION_CONTENT_COLUMNS)
    statements = [
        f"CREATE TRIGGER IF NOT EXISTS seam_frozen_version_update BEFORE UPDATE ON {VERSION_TABLE} "
        f"FOR EACH ROW WHEN OLD.status IN {FROZEN} AND ({changed} OR NOT (NEW.status = OLD.status "
        f"OR (OLD.status = 'approved' AND NEW.status = 'superseded'))) {_sqlite_refuse()}",
        f"CREATE TRIGGER IF NOT EXISTS seam_frozen_version_delete BEFORE DELETE ON {VERSION_TABLE} "
        f"FOR EACH ROW WHEN OLD.status IN {FROZEN} AND seam_freeze_enforced() {_sqlite_refuse()}",
    ]
    for frozen in frozen_tables():
        table, col = frozen.table, frozen.version_column

        def version_frozen(ref: str) -> str:
            return f"EXISTS (SELECT 1 FROM {VERSION_TABLE} WHERE id = {ref} AND status IN {FROZEN})"

        statements += [
            f"CREATE TRIGGER IF NOT EXISTS seam_frozen_{table}_insert BEFORE INSERT ON {table} "
            f"FOR EACH ROW WHEN {version_frozen('NEW.' + col)} {_sqlite_refuse()}",
            f"CREATE TRIGGER IF NOT EXISTS seam_frozen_{table}_update BEFORE UPDATE ON {table} "
            f"FOR EACH ROW WHEN {version_frozen('OLD.' + col)} OR {version_frozen('NEW.' + col)} "
            f"{_sqlite_refuse()}",
            f"CREATE TRIGGER IF NOT EXISTS seam_frozen_{table}_delete BEFORE DELETE ON {table} "
            f"FOR EACH ROW WHEN seam_freeze_enforced() AND {version_frozen('OLD.' + col)} "
            f"{_sqlite_refuse()}",
        ]
    return statements


# --- PostgreSQL -------------------------------------------------------------------------
# TRUNCATE (used to empty test databases) does not fire row triggers, so no switch is
# needed here. Error code 23000 makes Django raise IntegrityError, as on SQLite.
def _postgres_sql() -> list[str]:
    refuse = f"RAISE EXCEPTION USING MESSAGE = '{MESSAGE}', ERRCODE = '23000';"
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in VERSION_CONTENT_COLUMNS)
    statements = [
        "CREATE OR REPLACE FUNCTION seam_refuse_frozen_change() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN {refuse} END $$",
        f"""CREATE OR REPLACE FUNCTION seam_refuse_frozen_content() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE version_column text := TG_ARGV[0];
        BEGIN
          IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (SELECT 1 FROM {VERSION_TABLE}
              WHERE id = (to_jsonb(OLD) ->> version_column)::bigint AND status IN {FROZEN}) THEN
            {refuse}
          END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (SELECT 1 FROM {VERSION_TABLE}
              WHERE id = (to_jsonb(NEW) ->> version_column)::bigint AND status IN {FROZEN}) THEN
            {refuse}
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$""",
        f"CREATE OR REPLACE TRIGGER seam_frozen_version_update BEFORE UPDATE ON {VERSION_TABLE} "
        f"FOR EACH ROW WHEN (OLD.status IN {FROZEN} AND ({changed} OR NOT (NEW.status = OLD.status "
        f"OR (OLD.status = 'approved' AND NEW.status = 'superseded')))) "
        "EXECUTE FUNCTION seam_refuse_frozen_change()",
        f"CREATE OR REPLACE TRIGGER seam_frozen_version_delete BEFORE DELETE ON {VERSION_TABLE} "
        f"FOR EACH ROW WHEN (OLD.status IN {FROZEN}) EXECUTE FUNCTION seam_refuse_frozen_change()",
    ]
    for frozen in frozen_tables():
        statements.append(
            f"CREATE OR REPLACE TRIGGER seam_frozen_{frozen.table} "
            f"BEFORE INSERT OR UPDATE OR DELETE ON {frozen.table} FOR EACH ROW "
            f"EXECUTE FUNCTION seam_refuse_frozen_content('{frozen.version_column}')"
        )
    return statements


def install_freeze_triggers(connection) -> None:
    statements = {"sqlite": _sqlite_sql, "postgresql": _postgres_sql}[connection.vendor]()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install_after_migrate(sender, using, **kwargs) -> None:
    from django.db import connections

    install_freeze_triggers(connections[using])
