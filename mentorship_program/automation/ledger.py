"""Insert ledger rows that a unique key makes idempotent: a row already
there (a rerun, or another server's run at the same moment) is skipped by
PostgreSQL itself, ``ON CONFLICT DO NOTHING``, and only the rows really
inserted are returned, so that whatever follows them (a badge, an e-mail)
happens once. One statement for any number of rows; SQL rather than
``create`` because a second server's ``create`` would fail its whole batch
on the unique key instead of skipping the row."""

from odoo.tools import SQL


def insert_new_rows(model, columns, rows, source=None):
    """Insert into ``model``'s table the ``rows`` (dicts keyed by the names
    of ``columns``, a tuple of ``(name, SQL type)``), or, with ``source``
    (an :class:`SQL` query returning those columns in order), the rows it
    selects. Returns the ids of the rows inserted; rows whose unique key
    exists already are skipped."""
    if source is None and not rows:
        return []
    model.flush_model()
    names = SQL(", ").join(SQL.identifier(name) for name, _type in columns)
    if source is None:
        arrays = SQL(", ").join(
            SQL("%s::" + sql_type + "[]", [row[name] for row in rows]) for name, sql_type in columns
        )
        source = SQL("SELECT * FROM unnest(%s)", arrays)
    model.env.cr.execute(
        SQL(
            """
            INSERT INTO %(table)s (%(names)s, create_uid, create_date, write_uid, write_date)
            SELECT src.*, %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM (%(source)s) AS src
                ON CONFLICT DO NOTHING
         RETURNING id
            """,
            table=SQL.identifier(model._table),
            names=names,
            uid=model.env.uid,
            source=source,
        )
    )
    ids = [row[0] for row in model.env.cr.fetchall()]
    model.invalidate_model()
    return ids
