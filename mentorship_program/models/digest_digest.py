from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL

from ..analytics.career_events import KIND_PROMOTION


class DigestDigest(models.Model):
    """Mentorship KPIs in Odoo's periodic digest.

    The digest computes each KPI as its recipient (``with_user``), so every
    figure comes from the module's guarded reports within that person's
    rights: HR gets their companies' figures, a leader those of their
    organisation, someone else nothing. A figure the reports withhold (over
    fewer people than the minimum group size) or may not read is left out of
    that person's digest, as Odoo leaves out a KPI one has no access to: a 0
    would be a wrong number. The digest compares each period with the one
    before, so a KPI shows once both periods cover enough people.
    """

    _name = "digest.digest"
    _inherit = ["digest.digest", "mentorship.system.fields.mixin"]
    # Whoever may configure digests (Settings) picks the KPIs; the values are
    # computed when the digest is sent.
    _mentorship_client_write_fields = frozenset(
        {
            "kpi_mentorship_active_pairs",
            "kpi_mentorship_sessions_held",
            "kpi_mentorship_average_rating",
            "kpi_mentorship_pairs_at_risk",
            "kpi_mentorship_promotions",
        }
    )
    _mentorship_system_fields = frozenset(
        {
            "kpi_mentorship_active_pairs_value",
            "kpi_mentorship_sessions_held_value",
            "kpi_mentorship_average_rating_value",
            "kpi_mentorship_pairs_at_risk_value",
            "kpi_mentorship_promotions_value",
        }
    )

    kpi_mentorship_active_pairs = fields.Boolean("Active Mentorship Pairs")
    kpi_mentorship_active_pairs_value = fields.Integer(
        compute="_compute_kpi_mentorship_active_pairs_value"
    )
    kpi_mentorship_sessions_held = fields.Boolean("Mentorship Sessions Held")
    kpi_mentorship_sessions_held_value = fields.Integer(
        compute="_compute_kpi_mentorship_sessions_held_value"
    )
    kpi_mentorship_average_rating = fields.Boolean("Average Session Rating")
    kpi_mentorship_average_rating_value = fields.Float(
        compute="_compute_kpi_mentorship_average_rating_value"
    )
    kpi_mentorship_pairs_at_risk = fields.Boolean("Mentorship Pairs at Risk")
    kpi_mentorship_pairs_at_risk_value = fields.Integer(
        compute="_compute_kpi_mentorship_pairs_at_risk_value"
    )
    kpi_mentorship_promotions = fields.Boolean("Promotions of Mentorship Participants")
    kpi_mentorship_promotions_value = fields.Integer(
        compute="_compute_kpi_mentorship_promotions_value"
    )

    def _mentorship_guarded_figure(self, report, domain, aggregate):
        """One guarded figure of ``report`` over ``domain`` within the
        digest's companies, computed as the recipient (their record rules
        apply); an AccessError when it covers too few people to be shown."""
        _start, _end, companies = self._get_kpi_compute_parameters()
        domain = expression.AND([[("company_id", "in", companies.ids)], domain])
        [(value,)] = self.env[report]._read_group(domain, (), [aggregate])
        if value is None:
            raise AccessError(self.env._("This figure covers too few people to be shown."))
        return value

    def _set_mentorship_kpi(self, kpi, report, domain, aggregate):
        """Set ``<kpi>_value`` to one guarded figure of ``report`` over the
        digest's companies."""
        value = self._mentorship_guarded_figure(report, domain, aggregate)
        for digest in self:
            digest[f"{kpi}_value"] = value

    def _compute_kpi_mentorship_active_pairs_value(self):
        """Pairs running at the end of the period."""
        _start, end, _companies = self._get_kpi_compute_parameters()
        self._set_mentorship_kpi(
            "kpi_mentorship_active_pairs",
            "mentorship.pair.report",
            [
                ("date_start", "<", end),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", end),
            ],
            "accepted:sum",
        )

    def _compute_kpi_mentorship_sessions_held_value(self):
        start, end, _companies = self._get_kpi_compute_parameters()
        self._set_mentorship_kpi(
            "kpi_mentorship_sessions_held",
            "mentorship.session.report",
            [("state", "=", "done"), ("date", ">=", start), ("date", "<", end)],
            "done:sum",
        )

    def _compute_kpi_mentorship_average_rating_value(self):
        start, end, _companies = self._get_kpi_compute_parameters()
        self._set_mentorship_kpi(
            "kpi_mentorship_average_rating",
            "mentorship.rating.report",
            [("date", ">=", start), ("date", "<", end)],
            "rating:avg",
        )

    def _compute_kpi_mentorship_pairs_at_risk_value(self):
        """Running pairs at risk or stalled now."""
        self._set_mentorship_kpi(
            "kpi_mentorship_pairs_at_risk",
            "mentorship.pair.report",
            [("state", "in", ("active", "on_hold")), ("health", "in", ("at_risk", "stalled"))],
            "__count",
        )

    def _compute_kpi_mentorship_promotions_value(self):
        """Promotions in the period of the employees who took part in a pair
        as mentees (a pair that started before the period's end: the
        outcomes' participants), among the participants whose figures the
        recipient may see: HR their companies', a leader their
        organisation's, a sponsor or steering member their program's.

        Career events are HR's records: the recipient's rights choose the
        participants (the pairs' report read as the recipient, its record
        rules and minimum group size applying: a KPI over fewer
        participants than the minimum is left out), then the system counts
        those participants' promotions. Two queries, whatever the number of
        participants."""
        start, end, companies = self._get_kpi_compute_parameters()
        participants = [
            ("company_id", "in", companies.ids),
            ("date_start", "!=", False),
            ("date_start", "<", end),
        ]
        # Raises when the participants are too few for the recipient to see a figure.
        self._mentorship_guarded_figure("mentorship.pair.report", participants, "accepted:sum")
        Report = self.env["mentorship.pair.report"]
        visible_pairs = Report._search(participants)
        visible_mentees = visible_pairs.subselect(
            SQL.identifier(visible_pairs.table, "mentee_employee_id")
        )
        career_events_sudo = self.env["mentorship.career.event"].sudo()
        [(promotions,)] = career_events_sudo._read_group(
            [
                ("employee_id", "in", visible_mentees),
                ("kind", "=", KIND_PROMOTION),
                ("date", ">=", start),
                ("date", "<", end),
            ],
            (),
            ["__count"],
        )
        for digest in self:
            digest.kpi_mentorship_promotions_value = promotions

    def _compute_kpis_actions(self, company, user):
        res = super()._compute_kpis_actions(company, user)
        menu = self.env.ref("mentorship_program.mentorship_menu_root").id
        pairs = f"mentorship_program.mentorship_pair_report_action?menu_id={menu}"
        res["kpi_mentorship_active_pairs"] = pairs
        res["kpi_mentorship_pairs_at_risk"] = pairs
        res["kpi_mentorship_sessions_held"] = (
            f"mentorship_program.mentorship_session_report_action?menu_id={menu}"
        )
        res["kpi_mentorship_average_rating"] = (
            f"mentorship_program.mentorship_rating_report_action?menu_id={menu}"
        )
        # Single career events are HR's; the others see the pairs' figures.
        res["kpi_mentorship_promotions"] = (
            f"mentorship_program.mentorship_career_event_action?menu_id={menu}"
            if user.has_group("mentorship_program.group_mentorship_manager")
            else pairs
        )
        return res
