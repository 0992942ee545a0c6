from odoo import fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL


class MentorshipGoalResource(models.Model):
    """A course suggested for an objective, with the mentee's progress in it.

    One row per objective and per resource course of the program tagged with
    the objective's skill, read live from the program, the course tags and
    eLearning attendance (``slide.channel.partner``), so the suggestions
    follow any change of the program's courses without being copied.
    """

    _name = "mentorship.goal.resource"
    _description = "Mentorship Suggested Course"
    _inherit = ["mentorship.guarded.mixin"]
    _auto = False
    _order = "goal_id, channel_id"
    # Written but not yet flushed values of these fields are flushed before
    # the view is read, or a course tagged a moment ago would be missing.
    _depends = {
        "mentorship.goal": ["plan_id", "pair_id", "company_id", "skill_id"],
        "mentorship.pair": ["program_id", "mentee_user_id", "mentee_employee_id"],
        "mentorship.program": ["resource_channel_ids"],
        "slide.channel": ["active", "mentorship_skill_ids"],
        "res.users": ["partner_id"],
        "hr.employee": ["work_contact_id"],
        "slide.channel.partner": [
            "active",
            "channel_id",
            "partner_id",
            "member_status",
            "completion",
        ],
    }

    goal_id = fields.Many2one("mentorship.goal", string="Objective", readonly=True)
    plan_id = fields.Many2one("mentorship.plan", readonly=True)
    pair_id = fields.Many2one("mentorship.pair", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    channel_id = fields.Many2one("slide.channel", string="Course", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Mentee Contact", readonly=True)
    member_status = fields.Selection(
        [
            ("invited", "Invite Sent"),
            ("joined", "Joined"),
            ("ongoing", "Ongoing"),
            ("completed", "Finished"),
        ],
        string="Attendee Status",
        readonly=True,
    )
    is_member = fields.Boolean(string="Enrolled", readonly=True)
    completion = fields.Integer(string="Completion (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # The id packs the objective and the course (24 bits for the course)
        # so that a row keeps its id while suggestions come and go, and stays
        # below 2**53 for the web client.
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT
                        (goal.id::bigint << 24) + rel.channel_id AS id,
                        goal.id AS goal_id,
                        goal.plan_id AS plan_id,
                        goal.pair_id AS pair_id,
                        goal.company_id AS company_id,
                        rel.channel_id AS channel_id,
                        COALESCE(mentee_user.partner_id, mentee.work_contact_id) AS partner_id,
                        member.member_status AS member_status,
                        COALESCE(member.member_status IN ('joined', 'ongoing', 'completed'), FALSE)
                            AS is_member,
                        COALESCE(member.completion, 0) AS completion
                    FROM mentorship_goal goal
                    JOIN mentorship_pair pair ON pair.id = goal.pair_id
                    JOIN mentorship_program_resource_channel_rel rel
                        ON rel.program_id = pair.program_id
                    JOIN mentorship_slide_channel_skill_rel channel_skill
                        ON channel_skill.channel_id = rel.channel_id
                        AND channel_skill.skill_id = goal.skill_id
                    JOIN slide_channel channel ON channel.id = rel.channel_id AND channel.active
                    LEFT JOIN res_users mentee_user ON mentee_user.id = pair.mentee_user_id
                    LEFT JOIN hr_employee mentee ON mentee.id = pair.mentee_employee_id
                    LEFT JOIN slide_channel_partner member
                        ON member.channel_id = rel.channel_id
                        AND member.partner_id = COALESCE(
                            mentee_user.partner_id, mentee.work_contact_id
                        )
                        AND member.active
                )
                """,
                table=SQL.identifier(self._table),
            )
        )

    def action_enroll_mentee(self):
        """Enroll the mentee in the suggested course: one click for the mentor,
        the mentee or HR, whoever may edit the objective."""
        self.goal_id.check_access("write")
        for row in self.filtered(lambda r: not r.partner_id):
            raise UserError(
                self.env._(
                    "%(employee)s has neither a user nor a work contact: link one on the "
                    "employee before enrolling them in %(course)s.",
                    employee=row.goal_id.mentee_employee_id.name,
                    course=row.channel_id.name,
                )
            )
        for channel, rows in self.grouped("channel_id").items():
            # Joining a program resource is allowed even for invite-only
            # courses: HR chose them for the program.
            channel.sudo()._action_add_members(rows.partner_id)
        return True
