"""The appraisal's *Mentorship* page: the employee's mentorship summary over
the appraisal period, rendered by the core module's
``mentorship.employee.summary`` (nothing is computed here), and the
development areas that, once the appraisal is done, become target skills of
the employee's next mentee intake.

Who sees the page follows the appraisal: whoever may read the appraisal
under OCA's rules (the employee when the appraisal is visible to all, its
managers, the managers up the employee's chain, HR officers of appraisals).
The summary is loaded as the system for those appraisals only: checked with
the reader's own rights, then against OCA's audience itself, because OCA's
record rule binds its *Appraisal / User* group only and an employee outside
it reads every appraisal of the company.
"""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from odoo.addons.mentorship_program.models.hr_employee_base import _participation
from odoo.addons.mentorship_program.models.mentorship_guarded_mixin import refuse_module_fields

from .mentorship_appraisal_development_area import APPRAISAL_DONE

APPRAISAL_OFFICER_GROUP = "hr_appraisal_oca.group_appraisal_hr_officer"
SECTION_TEMPLATE = "mentorship_program_appraisal.appraisal_mentorship_section"
# OCA's visibility of an appraisal the employee reads too; one visible to
# managers only feeds nothing into the employee's own intake.
VISIBLE_TO_EMPLOYEE = "all"


def appraisal_audience_domain(uid):
    """OCA's record rule on appraisals (hr_appraisal_access_rule), for ``uid``."""
    return [
        "&",
        "|",
        "|",
        ("employee_id.user_id", "=", uid),
        ("employee_id.allowed_user_ids", "in", [uid]),
        ("manager_ids.user_id", "in", [uid]),
        "|",
        ("visibility", "=", "all"),
        ("manager_ids.user_id", "in", [uid]),
    ]


class HrAppraisal(models.Model):
    _inherit = "hr.appraisal"
    # The areas are written through their own model's rules and checks.
    _mentorship_client_write_fields = frozenset({"mentorship_development_area_ids"})
    _mentorship_system_fields = frozenset(
        {"mentorship_summary_readable", "mentorship_summary_html"}
    )

    mentorship_summary_readable = fields.Boolean(compute="_compute_mentorship_summary")
    mentorship_summary_html = fields.Html(
        compute="_compute_mentorship_summary", string="Mentorship", sanitize=False
    )
    mentorship_development_area_ids = fields.One2many(
        "mentorship.appraisal.development.area",
        "appraisal_id",
        string="Development Areas",
        help="Skills to develop, with the level to reach. When the appraisal is done they "
        "become suggested target skills of the employee's next mentee intake.",
    )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        refuse_module_fields(self, vals, self._mentorship_system_fields)
        closing = self.browse()
        if vals.get("state") == APPRAISAL_DONE:
            closing = self.filtered(lambda appraisal: appraisal.state != APPRAISAL_DONE)
        result = super().write(vals)
        if closing:
            closing._mentorship_suggest_development_areas()
        return result

    # ------------------------------------------------------------
    # THE MENTORSHIP PAGE
    # ------------------------------------------------------------

    def _mentorship_summary_appraisals(self):
        """The appraisals of ``self`` whose mentorship page the current user
        sees: those they may read, and that OCA's rule gives them."""
        if self.env.su:
            return self
        readable = self._filtered_access("read")
        if self.env.user.has_group(APPRAISAL_OFFICER_GROUP):
            return readable
        audience = readable.sudo().filtered_domain(appraisal_audience_domain(self.env.uid))
        return readable.browse(audience.ids)

    def _mentorship_period(self):
        """From the close of the employee's latest earlier appraisal (or the
        company's summary months before) to this one's close (or today)."""
        self.ensure_one()
        appraisal = self.sudo()
        date_to = appraisal.date_close or fields.Date.context_today(self)
        previous = appraisal.search(
            [
                ("employee_id", "=", appraisal.employee_id.id),
                ("id", "!=", appraisal._origin.id),
                ("date_close", "<", date_to),
            ],
            order="date_close desc, id desc",
            limit=1,
        )
        if previous:
            date_from = previous.date_close
        else:
            company = appraisal.company_id or self.env.company
            date_from = date_to - relativedelta(months=company.mentorship_summary_months)
        return self.env["mentorship.employee.summary"]._period(
            date_from, date_to, appraisal, self._fields["date_close"]._description_string(self.env)
        )

    @api.depends_context("uid")
    @api.depends("employee_id", "date_close", "state", "manager_ids", "visibility")
    def _compute_mentorship_summary(self):
        Summary = self.env["mentorship.employee.summary"]
        # In a form being edited (onchange) the records are new ones: the
        # rights are those of the stored appraisals they edit.
        shown_ids = set(self._origin._mentorship_summary_appraisals().ids)
        shown = self.filtered(lambda appraisal: appraisal._origin.id in shown_ids)
        for appraisal in self - shown:
            appraisal.mentorship_summary_readable = False
            appraisal.mentorship_summary_html = False
        if not shown:
            return
        shown_sudo = shown.sudo()
        periods = {appraisal.id: appraisal._mentorship_period() for appraisal in shown_sudo}
        # The reports (direct and indirect) of each appraised leader: counted, never named.
        reports = {
            employee.id: (
                employee.search([("id", "child_of", employee.id), ("id", "!=", employee.id)]).ids
            )
            for employee in shown_sudo.employee_id
        }
        # One load per distinct period, for the appraised and their reports.
        wanted = defaultdict(set)
        for appraisal in shown_sudo:
            employee_id = appraisal.employee_id.id
            wanted[periods[appraisal.id]].update([employee_id, *reports[employee_id]])
        loaded = {period: Summary._load(sorted(ids), period) for period, ids in wanted.items()}
        for appraisal in shown_sudo:
            summaries = loaded[periods[appraisal.id]]
            employee = appraisal.employee_id
            summary = summaries[employee.id]
            team = [summaries[report_id] for report_id in reports[employee.id]]
            taking_part = sum(1 for report in team if _participation(report) != "none")
            html = self.env["ir.qweb"]._render(
                SECTION_TEMPLATE,
                {
                    "summary_html": Summary._render(summary, employee),
                    "summary": summary,
                    "reports_total": len(team),
                    "reports_taking_part": taking_part,
                },
            )
            appraisal.with_env(self.env).update(
                {"mentorship_summary_readable": True, "mentorship_summary_html": html}
            )

    # ------------------------------------------------------------
    # DEVELOPMENT AREAS INTO THE NEXT INTAKE
    # ------------------------------------------------------------

    def _mentorship_suggest_development_areas(self):
        """The areas of these appraisals, just done, become target skills of
        their employees' mentee intakes still in draft (skills already
        targeted there are left as they are)."""
        appraisals = self.sudo().filtered(
            lambda a: a.visibility == VISIBLE_TO_EMPLOYEE and a.mentorship_development_area_ids
        )
        if not appraisals:
            return
        enrollments = (
            self.env["mentorship.enrollment"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", appraisals.employee_id.ids),
                    ("role", "=", "mentee"),
                    ("state", "=", "draft"),
                ]
            )
        )
        values = []
        for appraisal in appraisals:
            for enrollment in enrollments.filtered(
                lambda e, a=appraisal: e.employee_id == a.employee_id
            ):
                values += appraisal.mentorship_development_area_ids._target_skill_values(enrollment)
        if values:
            self.env["mentorship.enrollment.skill"].sudo().create(values)

    @api.model
    def _mentorship_latest_development_areas(self, employees):
        """{employee id: the development areas of their latest done
        appraisal visible to them}, for a new mentee intake."""
        appraisals = self.sudo().search(
            [
                ("employee_id", "in", employees.ids),
                ("state", "=", APPRAISAL_DONE),
                ("visibility", "=", VISIBLE_TO_EMPLOYEE),
            ],
            order="date_close desc, id desc",
        )
        latest = {}
        for appraisal in appraisals:
            latest.setdefault(appraisal.employee_id.id, appraisal)
        return {
            employee_id: appraisal.mentorship_development_area_ids
            for employee_id, appraisal in latest.items()
        }
