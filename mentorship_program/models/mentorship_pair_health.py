"""How each active pair is doing: the health HR watches (DESIGN.md, "Who uses it").

The band itself is plain date arithmetic (analytics/health.py); this file
feeds it what the cadence and inactivity crons already use, the program's
most frequent cadence interval and the start of the pair's current quiet
spell, so that the colour HR sees and the reminders people get never tell
different stories.

The value depends on today: it is stored (HR groups, filters and pivots on
it) and refreshed whenever a session, the pair or its program changes, and
by a daily cron for the days that pass.
"""

from collections import defaultdict

from odoo import api, fields, models

from ..analytics import pair_health

HEALTH_SELECTION = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("stalled", "Stalled"),
]
# Kanban card colours (Odoo's colour picker): green, orange, red.
HEALTH_COLORS = {"on_track": 10, "at_risk": 2, "stalled": 1}


class MentorshipPair(models.Model):
    # Same model, its own concern in its own file (see the module docstring).
    _inherit = "mentorship.pair"  # pylint: disable=consider-merging-classes-inherited

    health = fields.Selection(
        HEALTH_SELECTION,
        compute="_compute_health",
        store=True,
        index=True,
        help="Active pairs only. On Track: a session was done within the program's "
        "cadence (or, without a cadence, its inactivity days), counted from the last "
        "session done or the start. At Risk: overdue, within the program's grace "
        "after the nudge. Stalled: overdue beyond that grace.",
    )
    mentee_department_id = fields.Many2one(
        related="mentee_employee_id.department_id",
        string="Mentee Department",
        store=True,
        index=True,
    )
    mentor_department_id = fields.Many2one(
        related="mentor_employee_id.department_id", string="Mentor Department", store=True
    )

    @api.depends(
        "state",
        "date_start",
        "last_session_date",
        "program_id.inactivity_days",
        "program_id.inactivity_grace_days",
        "program_id.cadence_ids.interval_number",
        "program_id.cadence_ids.interval_unit",
    )
    def _compute_health(self):
        bands = self._health_on(fields.Date.context_today(self))
        for pair in self:
            pair.health = bands.get(pair, False)

    def _health_on(self, today):
        """{pair: band} of the active pairs of ``self`` on ``today``."""
        active = self.filtered(lambda p: p.state == "active")
        intervals = self._program_cadence_intervals(active.program_id)
        bands = {}
        for pair in active:
            reference = pair._activity_reference_date()
            if not reference:
                continue
            program = pair.program_id
            bands[pair] = pair_health(
                reference,
                today,
                intervals.get(program),
                program.inactivity_days,
                program.inactivity_grace_days,
            )
        return bands

    # A compute method returns nothing, whatever its parent does.
    @api.depends("health")
    def _compute_color(self):  # pylint: disable=missing-return
        super()._compute_color()
        for pair in self.filtered(lambda p: p.state == "active" and p.health):
            pair.color = HEALTH_COLORS[pair.health]

    @api.model
    def _cron_refresh_health(self):
        """Move the active pairs into today's band; a pair already there is not
        written, so a second run the same day changes nothing."""
        today = fields.Date.context_today(self)
        pairs = self._automation_env().search([("state", "=", "active")], order="id")
        return pairs._run_cron(lambda batch: batch._refresh_health(today), "health")

    def _refresh_health(self, today):
        bands = self._health_on(today)
        changed = defaultdict(list)
        for pair in self:
            band = bands.get(pair, False)
            if pair.health != band:
                changed[band].append(pair.id)
        for band, pair_ids in changed.items():
            self.browse(pair_ids).write({"health": band})
