"""A participant's mentorship profile: what they tell the other side.

One profile per employee, created with their first enrollment. It owns only
what the enrollment does not hold: a short "about me" and the sharing
choices. Everything else it shows is read where it lives: the photo, the
job and the department from the employee, the languages, time zone and
availability from the enrollment of the program concerned, the expertise
(mentor) or target skills (mentee) from that enrollment too.

Who reads what:

* the owner (the employee's user when the profile was made) reads and
  writes it; HR of the company reads it; nobody else reads the record;
* the other side of a pair, a mentee looking at suggested mentors or at
  their requests, a mentor at a request, reads the *card* only: name, job,
  department, photo, the "about me", and of the rest what the owner chose
  to share (``SHARING_CHOICES``). The cards are rendered as the system by
  ``_cards_for`` for records the reader was already allowed to read (a
  pair, a request, a suggestion); they never hold a diversity attribute,
  the intake's goals or anything HR scored.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

# The parts of an enrollment a participant may share on their card, with
# the profile field that says whether they do. Nothing is shared until the
# owner ticks it: only name, job, department and photo go without asking,
# being what Odoo's public employee card shows colleagues anyway.
SHARING_CHOICES = {
    "share_languages": "languages",
    "share_tz": "tz",
    "share_availability": "availability",
    "share_skills": "skills",
}
ABOUT_ME_LIMIT = 2_000
CARD_TEMPLATE = "mentorship_program.profile_card"
# Context key: render the cards without the photo (e-mails).
CARD_WITHOUT_PHOTO = "mentorship_card_without_photo"


class MentorshipProfile(models.Model):
    _name = "mentorship.profile"
    _description = "Mentorship Profile"
    _inherit = ["mentorship.guarded.mixin"]
    _order = "name, id"
    _rec_name = "name"
    # Made by the system with the first enrollment (or when the owner first
    # opens it); the owner then writes the "about me" and the choices.
    _client_create_fields = frozenset()
    _client_write_fields = frozenset({"about_me", *SHARING_CHOICES})
    _text_limits = {"about_me": ABOUT_ME_LIMIT}

    employee_id = fields.Many2one(
        "hr.employee", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="employee_id.company_id", store=True, index=True)
    # The owner: the employee's user when the profile was made. Re-linking
    # the employee to another user hands nothing over (as for enrollments).
    user_id = fields.Many2one(
        "res.users", compute="_compute_user_id", store=True, index=True, ondelete="set null"
    )
    name = fields.Char(related="employee_id.name", store=True)
    job_title = fields.Char(compute="_compute_public_part", string="Job")
    department_name = fields.Char(compute="_compute_public_part", string="Department")
    image_128 = fields.Image(compute="_compute_public_part", string="Photo")
    about_me = fields.Text(
        help="A few sentences for the other side of your pairs: who you are, what you "
        "bring or look for. Everyone you are matched with reads it.",
    )
    share_languages = fields.Boolean(
        string="Share My Languages", help="Show the languages of your intake."
    )
    share_tz = fields.Boolean(string="Share My Time Zone")
    share_availability = fields.Boolean(
        string="Share My Availability", help="Show the half-days you are free for sessions."
    )
    share_skills = fields.Boolean(
        string="Share My Skills",
        help="As a mentor, the expertise you offer with its levels; as a mentee, the "
        "skills you want to learn with the levels you aim at.",
    )
    card_preview = fields.Html(
        compute="_compute_card_preview",
        sanitize=False,
        string="What the Other Side Reads",
        help="Your card as a person you are matched with reads it, for your latest enrollment.",
    )

    _sql_constraints = [
        ("employee_unique", "unique(employee_id)", "An employee has one mentorship profile."),
    ]

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("employee_id")
    def _compute_user_id(self):
        # Only on employee_id, never on employee_id.user_id: see the field.
        for profile in self:
            profile.user_id = profile.employee_id.sudo().user_id

    @api.depends("employee_id")
    def _compute_public_part(self):
        # What hr.employee.public shows every colleague, read as the system:
        # a portal owner cannot read employees.
        for profile in self:
            employee = profile.employee_id.sudo()
            profile.job_title = employee.job_title or employee.job_id.name or False
            profile.department_name = employee.department_id.name or False
            profile.image_128 = employee.image_128

    @api.depends("about_me", "share_languages", "share_tz", "share_availability", "share_skills")
    @api.depends_context("lang")
    def _compute_card_preview(self):
        for profile in self:
            enrollment = profile._latest_enrollment()
            if enrollment:
                profile.card_preview = self._cards_for(enrollment, profiles=profile)[enrollment.id]
            else:
                profile.card_preview = self._render_card(profile._card_values(profile, None))

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.model
    def action_export_personal_data(self):
        """Download everything the module holds about the profile's
        employee: the owner's own data (or HR's export of it)."""
        self.ensure_one()
        self.check_access("read")
        employee = self.env["hr.employee"].browse(self.sudo().employee_id.id)
        return employee.action_mentorship_export_personal_data()

    def action_open_my_profile(self):
        """The current user's profile in a form (made on first opening)."""
        if self._ids:
            # Called on records over RPC: they answer as any record of the guard.
            self.check_access("read")
        profile = self._my_profile()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("My Profile"),
            "res_model": self._name,
            "res_id": profile.id,
            "view_mode": "form",
            "views": [(self.env.ref("mentorship_program.mentorship_profile_view_form").id, "form")],
            "target": "current",
        }

    @api.model
    def _my_profile(self):
        """The profile of the current user's employee in the current
        company, made if it does not exist yet; refused without one."""
        employee = self.env.user.sudo().employee_id
        if not employee:
            raise UserError(
                self.env._(
                    "%(user)s has no employee in %(company)s: a mentorship profile belongs "
                    "to an employee.",
                    user=self.env.user.name,
                    company=self.env.company.name,
                )
            )
        profile = self.sudo()._ensure_for_employees(employee)
        # Read back as the user: the owner's record rule decides.
        return self.browse(profile.id)

    # ------------------------------------------------------------
    # TOOLING
    # ------------------------------------------------------------

    @api.model
    def _ensure_for_employees(self, employees):
        """The profiles of ``employees``, making the missing ones (system only)."""
        employees = employees.sudo().exists()
        Profile = self.sudo()
        existing = Profile.search([("employee_id", "in", employees.ids)])
        missing = employees - existing.employee_id
        if missing:
            existing |= Profile.create([{"employee_id": employee.id} for employee in missing])
        return existing

    def _latest_enrollment(self):
        self.ensure_one()
        return (
            self.env["mentorship.enrollment"]
            .sudo()
            .search(
                [("employee_id", "=", self.employee_id.id), ("state", "!=", "withdrawn")],
                order="id desc",
                limit=1,
            )
        )

    @api.model
    def _cards_for(self, enrollments, profiles=None):
        """``{enrollment id: card}``: each participant's card as the other side
        of ``enrollments`` reads it, honouring its owner's sharing choices.

        Read as the system: callers pass only enrollments the reader sees
        the other side of (their pair, their request, their suggestions)."""
        enrollments = enrollments.sudo()
        if profiles is None:
            profiles = (
                self.sudo().search([("employee_id", "in", enrollments.employee_id.ids)])
                if enrollments
                else self.browse()
            )
        by_employee = {profile.employee_id.id: profile.sudo() for profile in profiles}
        return {
            enrollment.id: self._render_card(
                self._card_values(by_employee.get(enrollment.employee_id.id), enrollment)
            )
            for enrollment in enrollments
        }

    @api.model
    def _card_values(self, profile, enrollment):
        """Plain values of one card: the public part always, the rest as shared."""
        employee = (enrollment.employee_id if enrollment else profile.employee_id).sudo()
        shared = {
            part: bool(profile and profile[choice]) for choice, part in SHARING_CHOICES.items()
        }
        values = {
            "name": employee.name,
            "job": employee.job_title or employee.job_id.name or "",
            "department": employee.department_id.name or "",
            "image": not self.env.context.get(CARD_WITHOUT_PHOTO) and employee.image_128,
            "about_me": (profile.about_me or "") if profile else "",
            "role": enrollment.role if enrollment else False,
            "languages": [],
            "tz": "",
            "availability": [],
            "skills": [],
        }
        if not enrollment:
            return values
        if shared["languages"]:
            values["languages"] = enrollment.language_ids.mapped("name")
        if shared["tz"]:
            values["tz"] = enrollment.tz or ""
        if shared["availability"]:
            values["availability"] = enrollment.availability_slot_ids.mapped("display_name")
        if shared["skills"]:
            if enrollment.role == "mentor":
                values["skills"] = [
                    (skill.skill_id.name, skill.skill_level_id.name)
                    for skill in enrollment.expertise_skill_ids
                ]
            else:
                values["skills"] = [
                    (target.skill_id.name, target.target_level_id.name)
                    for target in enrollment.target_skill_ids
                ]
        return values

    @api.model
    def _render_card(self, values):
        return self.env["ir.qweb"]._render(CARD_TEMPLATE, {"card": values})
