import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..analytics.recognition import (
    ACHIEVEMENT_BY_KEY,
    ACHIEVEMENT_SELECTION,
    ACHIEVEMENTS,
    PROMOTION_WINDOW_DAYS,
    mentee_period,
    previous_quarter,
    top_rated,
)
from ..automation import insert_new_rows, process_in_batches
from ..pair_states import NOT_STARTED_PAIR_STATES

_logger = logging.getLogger(__name__)

# Pairs that count as completed for the badges and credits.
COMPLETED_PAIR_STATES = ("completed", "completed_early")
BADGE_MAIL_TEMPLATE = "gamification.email_template_badge_received"
INSERT_COLUMNS = (
    ("employee_id", "int4"),
    ("user_id", "int4"),
    ("company_id", "int4"),
    ("achievement", "varchar"),
    ("period", "varchar"),
    ("date", "date"),
)


class MentorshipAchievement(models.Model):
    """One achievement of a mentor, recorded once: the ledger behind the
    badges of Odoo's gamification that the program awards.

    The daily cron (:meth:`_cron_award_badges`) finds who reached what, in a
    fixed number of queries whatever the number of mentors, and records each
    new (employee, achievement, period) once, a unique key in the database:
    a rerun, or two servers running it at once, award nothing twice. Each
    new row grants its badge (``gamification.badge.user`` linked to the
    employee, so that it shows on the employee's *Received Badges* tab) and
    sends gamification's own "badge received" e-mail. Nobody writes or
    deletes a row: the person reads their own (portal profile), HR those of
    their companies.
    """

    _name = "mentorship.achievement"
    _description = "Mentorship Achievement"
    _inherit = ["mentorship.guarded.mixin"]
    _order = "date desc, id desc"
    _rec_name = "badge_id"

    employee_id = fields.Many2one(
        "hr.employee", required=True, readonly=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one("res.users", required=True, readonly=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    achievement = fields.Selection(ACHIEVEMENT_SELECTION, required=True, readonly=True)
    period = fields.Char(
        required=True,
        readonly=True,
        default="",
        help="What makes the achievement new again: empty for those awarded once, the "
        "quarter (2026-Q3) for the top-rated mentor, the mentee for a mentee promoted.",
    )
    date = fields.Date(string="Awarded On", required=True, readonly=True)
    badge_id = fields.Many2one("gamification.badge", compute="_compute_badge_id", readonly=True)

    _sql_constraints = [
        (
            "achievement_unique",
            "UNIQUE(employee_id, achievement, period)",
            "An achievement is awarded once per person and period.",
        ),
    ]

    @api.depends("achievement")
    def _compute_badge_id(self):
        badges = self._badges()
        for record in self:
            record.badge_id = badges.get(record.achievement, False)

    def _badges(self):
        """{achievement key: gamification.badge}"""
        Badge = self.env["gamification.badge"]
        return {
            a.key: self.env.ref(f"mentorship_program.{a.badge}", raise_if_not_found=False) or Badge
            for a in ACHIEVEMENTS
        }

    # ------------------------------------------------------------
    # WHO REACHED WHAT
    # ------------------------------------------------------------

    def _rows(self, query):
        self.env.cr.execute(query)
        return self.env.cr.fetchall()

    @api.model
    def _reached(self, today):
        """{employee id: {(achievement, period)}} of every mentor, whatever
        was awarded already: seven queries for any number of mentors."""
        self.env.flush_all()
        reached = defaultdict(set)
        once = {a.key: a for a in ACHIEVEMENTS if not a.periodic}
        # First pair completed; 5 different mentees in pairs that started.
        for employee_id, completed, mentees in self._rows(
            SQL(
                """
                SELECT mentor_employee_id,
                       count(*) FILTER (WHERE state IN %(completed)s),
                       count(DISTINCT mentee_employee_id)
                  FROM mentorship_pair
                 WHERE state NOT IN %(not_started)s AND mentor_employee_id IS NOT NULL
              GROUP BY mentor_employee_id
                """,
                completed=COMPLETED_PAIR_STATES,
                not_started=NOT_STARTED_PAIR_STATES,
            )
        ):
            if completed >= once["first_pair"].threshold:
                reached[employee_id].add(("first_pair", ""))
            if mentees >= once["five_mentees"].threshold:
                reached[employee_id].add(("five_mentees", ""))
        # Hours of the sessions done, as mentor.
        for (employee_id,) in self._rows(
            SQL(
                """
                SELECT p.mentor_employee_id
                  FROM mentorship_session s
                  JOIN mentorship_pair p ON p.id = s.pair_id
                 WHERE s.state = 'done'
              GROUP BY p.mentor_employee_id
                HAVING sum(coalesce(s.hours_spent, 0)) >= %(hours)s
                """,
                hours=once["hours_25"].threshold,
            )
        ):
            reached[employee_id].add(("hours_25", ""))
        # Facilitators of an active circle.
        for (employee_id,) in self._rows(
            SQL(
                "SELECT DISTINCT facilitator_id FROM mentorship_circle"
                " WHERE active AND facilitator_id IS NOT NULL"
            )
        ):
            reached[employee_id].add(("circle_facilitator", ""))
        # A former mentee promoted within a year after the pair completed.
        for employee_id, mentee_id in self._rows(
            SQL(
                """
                SELECT DISTINCT p.mentor_employee_id, p.mentee_employee_id
                  FROM mentorship_pair p
                  JOIN mentorship_career_event e ON e.employee_id = p.mentee_employee_id
                 WHERE p.state IN %(completed)s AND p.date_end IS NOT NULL
                   AND e.is_promotion
                   AND e.date > p.date_end AND e.date <= p.date_end + %(window)s
                   AND e.date <= %(today)s
                """,
                completed=COMPLETED_PAIR_STATES,
                window=PROMOTION_WINDOW_DAYS,
                today=today,
            )
        ):
            reached[employee_id].add(("mentee_promoted", mentee_period(mentee_id)))
        # The top-rated mentors of the previous quarter, program by program.
        start, end, quarter = previous_quarter(today)
        averages = defaultdict(list)
        for program_id, minimum, employee_id, average, raters in self._rows(
            SQL(
                """
                SELECT p.program_id, g.min_group_size, p.mentor_employee_id,
                       avg(r.rating), count(DISTINCT r.rater_user_id)
                  FROM mentorship_session_rating r
                  JOIN mentorship_session s ON s.id = r.session_id
                  JOIN mentorship_pair p ON p.id = s.pair_id
                  JOIN mentorship_program g ON g.id = p.program_id
                 WHERE r.side = 'mentee' AND s.state = 'done'
                   AND s.date_start >= %(start)s AND s.date_start < %(after)s
              GROUP BY p.program_id, g.min_group_size, p.mentor_employee_id
                """,
                start=start,
                after=end + timedelta(days=1),
            )
        ):
            averages[(program_id, minimum)].append((employee_id, float(average), raters))
        for (_program_id, minimum), rows in averages.items():
            for employee_id in top_rated(rows, minimum):
                reached[employee_id].add(("top_rated_quarter", quarter))
        return reached

    # ------------------------------------------------------------
    # AWARDING
    # ------------------------------------------------------------

    @api.model
    def _cron_award_badges(self):
        """Award every badge reached and not awarded yet, in batches of
        people (a fixed number of queries each)."""
        self = self.sudo()
        today = fields.Date.context_today(self)
        reached = self._reached(today)
        if not reached:
            return
        awarded = defaultdict(set)
        for employee_id, achievement, period in self._rows(
            SQL(
                "SELECT employee_id, achievement, period FROM mentorship_achievement"
                " WHERE employee_id = ANY(%s)",
                list(reached),
            )
        ):
            awarded[employee_id].add((achievement, period))
        new = {
            employee_id: keys - awarded[employee_id]
            for employee_id, keys in reached.items()
            if keys - awarded[employee_id]
        }
        # Badges go to users: a mentor without one (or archived) waits.
        employees = (
            self.env["hr.employee"]
            .browse(sorted(new))
            .exists()
            .filtered(lambda e: e.active and e.user_id)
        )
        process_in_batches(
            employees,
            lambda batch: self._award(batch, new, today),
            label="Mentorship: award badges",
        )

    def _award(self, employees, new, today):
        """Record the new achievements of ``employees`` (``new``: {employee
        id: {(achievement, period)}}) and grant their badges, once."""
        rows = [
            {
                "employee_id": employee.id,
                "user_id": employee.user_id.id,
                "company_id": employee.company_id.id,
                "achievement": achievement,
                "period": period,
                "date": today,
            }
            for employee in employees
            for achievement, period in sorted(new.get(employee.id, ()))
        ]
        records = self.browse(insert_new_rows(self, INSERT_COLUMNS, rows))
        if not records:
            return records
        badges = self._badges()
        badge_users = (
            self.env["gamification.badge.user"]
            .sudo()
            .create(
                [
                    {
                        "badge_id": badges[record.achievement].id,
                        "user_id": record.user_id.id,
                        "employee_id": record.employee_id.id,
                        "comment": ACHIEVEMENT_BY_KEY[record.achievement].label,
                    }
                    for record in records
                    if badges[record.achievement]
                ]
            )
        )
        template = self.env.ref(BADGE_MAIL_TEMPLATE, raise_if_not_found=False)
        if template and badge_users:
            template.sudo().send_mail_batch(badge_users.ids)
        return records

    # ------------------------------------------------------------
    # READING
    # ------------------------------------------------------------

    @api.model
    def _my_achievements(self):
        """The current user's achievements, newest first, with the user's
        rights (the record rules keep them to their own)."""
        return self.search([("user_id", "=", self.env.uid)])
