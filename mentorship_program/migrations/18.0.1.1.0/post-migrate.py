"""18.0.1.1.0: a session's agenda, notes and ratings leave the session.

Before, ``mentorship.session`` stored ``agenda``, ``notes``,
``mentor_rating`` and ``mentee_rating`` in its own table, readable by HR.
They now live on ``mentorship.session.content`` (the pair's mentor and
mentee only) and ``mentorship.session.rating`` (its rater only). Odoo keeps
the columns of fields that are gone: copy what they hold into the new
tables, then drop them, so that no copy stays readable on the session.
"""

from odoo.tools import SQL

OLD_COLUMNS = ("agenda", "notes", "mentor_rating", "mentee_rating")


def _columns(cr):
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'mentorship_session' AND column_name IN %s
        """,
        (OLD_COLUMNS,),
    )
    return {row[0] for row in cr.fetchall()}


def migrate(cr, version):
    columns = _columns(cr)
    if not columns:
        return
    if {"agenda", "notes"} <= columns:
        cr.execute(
            """
            INSERT INTO mentorship_session_content
                   (session_id, pair_id, company_id, mentor_user_id, mentee_user_id,
                    agenda, notes, create_uid, create_date, write_uid, write_date)
            SELECT s.id, s.pair_id, s.company_id, s.mentor_user_id, s.mentee_user_id,
                   s.agenda, s.notes, s.create_uid, s.create_date, s.write_uid, s.write_date
              FROM mentorship_session s
             WHERE COALESCE(s.agenda, '') != '' OR COALESCE(s.notes, '') != ''
            ON CONFLICT (session_id) DO NOTHING
            """
        )
    for side in ("mentor", "mentee"):
        if f"{side}_rating" not in columns:
            continue
        # Only what the model accepts: a rating of a done session, by the
        # side's own user, 1 to 5.
        cr.execute(
            SQL(
                """
                INSERT INTO mentorship_session_rating
                       (session_id, side, rater_user_id, rating, pair_id, program_id,
                        company_id, create_uid, create_date, write_uid, write_date)
                SELECT s.id, %(side)s, s.%(user)s, s.%(rating)s, s.pair_id, s.program_id,
                       s.company_id, s.%(user)s, s.write_date, s.%(user)s, s.write_date
                  FROM mentorship_session s
                 WHERE s.state = 'done'
                   AND s.%(user)s IS NOT NULL
                   AND s.%(rating)s BETWEEN 1 AND 5
                ON CONFLICT (session_id, side) DO NOTHING
                """,
                side=side,
                user=SQL.identifier(f"{side}_user_id"),
                rating=SQL.identifier(f"{side}_rating"),
            )
        )
    for column in sorted(columns):
        cr.execute(
            SQL("ALTER TABLE mentorship_session DROP COLUMN IF EXISTS %s", SQL.identifier(column))
        )
