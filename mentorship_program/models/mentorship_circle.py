from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class MentorshipCircle(models.Model):
    """A mentor circle or peer group of one program: a small community of
    practice around a few skills, with its own group discussion.

    Managers create and staff circles; employees join or leave only
    themselves through action_join / action_leave, which check the rules on
    the server. The discussion channel follows the members: whoever is in the
    circle (facilitator included) is in the channel, nobody else.
    """

    _name = "mentorship.circle"
    _description = "Mentor Circle"
    _inherit = [
        "mentorship.thread.guard",
        "mail.thread",
        "mail.activity.mixin",
        "mentorship.guarded.mixin",
        "mentorship.portal.mixin",
    ]
    # Circles are listed on one page, each in its own card.
    _mentorship_portal_path = "/my/mentorship/circles#circle-{id}"
    _order = "name, id"
    _check_company_auto = True
    # HR staffs circles; the program is chosen once, the channel is the
    # circle's own.
    _client_create_fields = frozenset({"program_id"})
    _client_write_fields = frozenset(
        {
            "name",
            "active",
            "kind",
            "facilitator_id",
            "member_ids",
            "capacity",
            "description",
            "skill_ids",
            "is_open",
        }
    )

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    program_id = fields.Many2one(
        "mentorship.program", required=True, index=True, ondelete="cascade", tracking=True
    )
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    kind = fields.Selection(
        [("mentor_circle", "Mentor Circle"), ("peer_group", "Peer Group")],
        required=True,
        default="mentor_circle",
        tracking=True,
    )
    facilitator_id = fields.Many2one("hr.employee", check_company=True, tracking=True)
    member_ids = fields.Many2many(
        "hr.employee",
        "mentorship_circle_member_rel",
        "circle_id",
        "employee_id",
        string="Members",
        check_company=True,
    )
    member_count = fields.Integer(compute="_compute_member_count", store=True)
    capacity = fields.Integer(default=8, required=True, help="The most members the circle takes.")
    seats_left = fields.Integer(compute="_compute_seats_left")
    description = fields.Html()
    skill_ids = fields.Many2many("hr.skill", string="Topics")
    is_open = fields.Boolean(
        string="Open to Join", default=True, help="Employees of the program may join by themselves."
    )
    channel_id = fields.Many2one(
        "discuss.channel", string="Discussion", readonly=True, copy=False, ondelete="set null"
    )
    is_member = fields.Boolean(compute="_compute_is_member")
    discussion_url = fields.Char(
        compute="_compute_discussion_url",
        help="Where the circle's members and facilitator open its Discuss channel (portal "
        "users too); empty for everyone else.",
    )

    @api.depends("member_ids")
    def _compute_member_count(self):
        for circle in self:
            circle.member_count = len(circle.member_ids)

    @api.depends("member_count", "capacity")
    def _compute_seats_left(self):
        for circle in self:
            circle.seats_left = max(circle.capacity - circle.member_count, 0)

    @api.depends("member_ids.user_id")
    @api.depends_context("uid")
    def _compute_is_member(self):
        for circle in self:
            circle.is_member = self.env.user in circle.sudo().member_ids.user_id

    @api.depends("channel_id", "member_ids.user_id", "facilitator_id.user_id")
    @api.depends_context("uid")
    def _compute_discussion_url(self):
        # Odoo's public discussion page, which opens a "group" channel to its
        # members only, whether they have a backend account or not.
        user = self.env.user
        for circle in self:
            circle_sudo = circle.sudo()
            people = circle_sudo.member_ids.user_id | circle_sudo.facilitator_id.user_id
            channel = circle_sudo.channel_id
            circle.discussion_url = (
                f"/discuss/channel/{channel.id}" if channel and user in people else False
            )

    @api.constrains("capacity", "member_ids")
    def _check_capacity(self):
        for circle in self:
            if circle.capacity < 1:
                raise ValidationError(
                    self.env._(
                        "Capacity of circle %(circle)s must be at least 1 (it is %(capacity)s).",
                        circle=circle.name,
                        capacity=circle.capacity,
                    )
                )
            if len(circle.member_ids) > circle.capacity:
                raise ValidationError(
                    self.env._(
                        "Members of circle %(circle)s: %(count)s members, more than its "
                        "capacity of %(capacity)s.",
                        circle=circle.name,
                        count=len(circle.member_ids),
                        capacity=circle.capacity,
                    )
                )

    # -- Discussion channel -----------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        circles = super().create(vals_list)
        for circle in circles:
            # A "group" channel is visible to its members only, portal users
            # included, which an internal "channel" would not allow.
            channel = (
                self.env["discuss.channel"]
                .sudo()
                .create({"name": circle.name, "channel_type": "group"})
            )
            circle._system_write({"channel_id": channel.id})
        circles._sync_channel_members()
        return circles

    def write(self, vals):
        result = super().write(vals)
        if {"member_ids", "facilitator_id"} & vals.keys():
            self._sync_channel_members()
        if "name" in vals:
            self.channel_id.sudo().name = vals["name"]
        return result

    def unlink(self):
        # The discussion belongs to the circle: it goes with it.
        channels = self.sudo().channel_id
        result = super().unlink()
        channels.unlink()
        return result

    def _channel_partners(self):
        self.ensure_one()
        people = self.sudo().member_ids | self.sudo().facilitator_id
        return people.user_id.partner_id | people.filtered(lambda e: not e.user_id).work_contact_id

    def _sync_channel_members(self):
        for circle in self.sudo():
            channel = circle.channel_id
            if not channel:
                continue
            wanted = circle._channel_partners()
            current = channel.channel_member_ids.partner_id
            channel._add_members(partners=wanted - current, post_joined_message=False)
            channel.channel_member_ids.filtered(lambda m, w=wanted: m.partner_id not in w).unlink()

    # -- Joining and leaving ------------------------------------------------------------
    def _current_employee(self):
        self.ensure_one()
        return (
            self.env["hr.employee"]
            .sudo()
            .search(
                [("user_id", "=", self.env.uid), ("company_id", "=", self.company_id.id)], limit=1
            )
        )

    def action_join(self):
        """Add the current user's employee to the circle, when the circle is
        open, has a seat and the employee takes part in its program."""
        self.check_access("read")
        # Read as superuser once the caller may see the circle: members are
        # employees, which portal users cannot read.
        for circle in self.sudo():
            employee = circle._current_employee()
            if not employee:
                raise UserError(
                    self.env._(
                        "Members of circle %(circle)s are employees of %(company)s: your "
                        "account is not linked to one.",
                        circle=circle.name,
                        company=circle.company_id.name,
                    )
                )
            if employee in circle.member_ids:
                continue
            if not circle.is_open or not circle.active:
                raise UserError(
                    self.env._(
                        "Circle %(circle)s is not open to join: ask its facilitator.",
                        circle=circle.name,
                    )
                )
            if circle.seats_left <= 0:
                raise UserError(
                    self.env._(
                        "Circle %(circle)s is full (capacity %(capacity)s).",
                        circle=circle.name,
                        capacity=circle.capacity,
                    )
                )
            enrolled = circle.env["mentorship.enrollment"].search_count(
                [
                    ("program_id", "=", circle.program_id.id),
                    ("employee_id", "=", employee.id),
                    ("state", "not in", ("rejected", "withdrawn")),
                ],
                limit=1,
            )
            if not enrolled:
                raise UserError(
                    self.env._(
                        "Circle %(circle)s is for people enrolled in program %(program)s: "
                        "enroll in it first.",
                        circle=circle.name,
                        program=circle.program_id.name,
                    )
                )
            # Employees have no write access to circles: the checks above are
            # the whole permission, and only their own employee is added.
            circle.write({"member_ids": [Command.link(employee.id)]})
        return True

    def action_leave(self):
        """Remove the current user's employee from the circle."""
        self.check_access("read")
        for circle in self.sudo():
            employee = circle._current_employee()
            if not employee or employee not in circle.member_ids:
                raise UserError(
                    self.env._("You are not a member of circle %(circle)s.", circle=circle.name)
                )
            # As in action_join: only the caller's own employee is removed.
            circle.write({"member_ids": [Command.unlink(employee.id)]})
        return True
