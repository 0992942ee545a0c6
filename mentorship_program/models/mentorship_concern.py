from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty

MANAGER_GROUP = "mentorship_program.group_mentorship_manager"
CONCERN_ACTIVITY = "mentorship_program.mail_activity_type_concern"
CONCERN_STATES = [("new", "New"), ("in_progress", "In Progress"), ("resolved", "Resolved")]


class MentorshipConcern(models.Model):
    """A concern raised with HR through the charter's escalation path.

    The mentor or the mentee of a pair raises it, from the pair (backend or
    portal), with whatever they choose to share. It is read by the person who
    raised it and by the Mentorship Managers of the company, nobody else: not
    the other person of the pair (even a Mentorship Manager), not the line
    managers, not the Employees app's managers (record rules, one of them
    global). The program's managers get an activity that says only that a
    concern was raised on the pair; the pair's own chatter says nothing.
    HR takes it in hand, talks with the person in its chatter and resolves it.
    """

    _name = "mentorship.concern"
    _description = "Mentorship Concern"
    _inherit = [
        "mentorship.thread.guard",
        "mail.thread",
        "mail.activity.mixin",
        "mentorship.guarded.mixin",
    ]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    # The person who raised it can reply in its chatter without write access.
    _mail_post_access = "read"
    # What the person shares is theirs, given once; HR writes the resolution.
    # The person raising it is always the caller (the field's default).
    _client_create_fields = frozenset({"pair_id", "subject", "description"})
    _client_write_fields = frozenset({"resolution"})
    _text_limits = {"subject": 200, "description": 50_000, "resolution": 50_000}

    pair_id = fields.Many2one(
        "mentorship.pair", required=True, index=True, ondelete="restrict", readonly=True
    )
    program_id = fields.Many2one(related="pair_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="pair_id.company_id", store=True, index=True)
    # Who is in the pair (ids, no content): the rules keep the other person out.
    mentor_user_id = fields.Many2one(related="pair_id.mentor_user_id", store=True, index=True)
    mentee_user_id = fields.Many2one(related="pair_id.mentee_user_id", store=True, index=True)
    raised_by_user_id = fields.Many2one(
        "res.users",
        string="Raised By",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        default=lambda self: self.env.user,
    )
    raised_by_side = fields.Selection(
        [("mentor", "Mentor"), ("mentee", "Mentee")],
        compute="_compute_raised_by_side",
        store=True,
        precompute=True,
        readonly=True,
    )
    subject = fields.Char(required=True, help="In a few words; only HR managers read it.")
    description = fields.Html(
        string="What I Want to Share",
        help="Whatever you choose to tell HR: only you and the Mentorship Managers read "
        "it, never the other person of the pair nor your manager.",
    )
    state = fields.Selection(
        CONCERN_STATES, default="new", required=True, readonly=True, copy=False, tracking=True
    )
    resolution = fields.Html(help="What HR did about it; read by the person who raised it.")
    date_resolved = fields.Date(string="Resolved On", readonly=True, copy=False)

    @api.depends("pair_id", "raised_by_user_id")
    def _compute_raised_by_side(self):
        for concern in self:
            pair = concern.pair_id.sudo()
            if concern.raised_by_user_id and concern.raised_by_user_id == pair.mentor_user_id:
                concern.raised_by_side = "mentor"
            elif concern.raised_by_user_id and concern.raised_by_user_id == pair.mentee_user_id:
                concern.raised_by_side = "mentee"
            else:
                concern.raised_by_side = False

    @api.depends("pair_id")
    def _compute_display_name(self):
        # Named by its number and pair, never by what the person wrote: the
        # name shows in activities and e-mails.
        for concern in self:
            concern.display_name = self.env._(
                "Concern #%(number)s on %(pair)s",
                number=concern.id or "",
                pair=concern.pair_id.sudo().display_name or "",
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            Pair = self.env["mentorship.pair"]
            user = self.env.user
            for vals in vals_list:
                # With the defaults (the pair's button gives default_pair_id).
                # (raised_by_user_id is the caller's: the guard refuses any
                # other value a client sends and drops a context default.)
                vals = self._add_missing_default_values(vals)
                pair = Pair.browse(vals.get("pair_id") or 0)
                pair_sudo = pair.sudo().exists()
                # Only on a pair one is in: anything else gets the answer a
                # pair that does not exist gets.
                if not pair_sudo or user not in pair_sudo.mentor_user_id | pair_sudo.mentee_user_id:
                    raise Pair._not_found_error(pair)
        concerns = super().create(vals_list)
        concerns_sudo = concerns.sudo()
        for concern in concerns_sudo:
            concern.message_subscribe(partner_ids=concern.raised_by_user_id.partner_id.ids)
        concerns_sudo._notify_managers()
        return concerns

    # ------------------------------------------------------------
    # HR
    # ------------------------------------------------------------

    def _manager_users(self):
        """The program's managers who may read the concern: Mentorship
        Managers of its company, never a person of the pair."""
        self.ensure_one()
        pair = self.pair_id.sudo()
        program = self.program_id.sudo()
        candidates = program.manager_user_ids or program.create_uid
        return candidates.filtered(
            lambda user: (
                user.active
                and not user._is_superuser()
                and user.has_group(MANAGER_GROUP)
                and self.company_id in user.company_ids
                and user not in pair.mentor_user_id | pair.mentee_user_id
            )
        )

    def _notify_managers(self):
        """An activity on the concern for the program's managers, saying no
        more than that a concern was raised on the pair."""
        activity_type = self.env.ref(CONCERN_ACTIVITY)
        model_id = self.env["ir.model"]._get_id(self._name)
        values = []
        for concern in self:
            for user in concern._manager_users()[:3]:
                values.append(
                    {
                        "activity_type_id": activity_type.id,
                        "summary": self.env._(
                            "A concern was raised on pair %(pair)s",
                            pair=concern.pair_id.display_name,
                        ),
                        "automated": True,
                        "res_model_id": model_id,
                        "res_id": concern.id,
                        "user_id": user.id,
                    }
                )
        if values:
            self.env["mail.activity"].sudo().create(values)

    def _check_manager(self):
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(self.env._("Only a Mentorship Manager can do this on a concern."))
        self.check_access("write")

    def action_start(self):
        """HR takes the concern in hand."""
        self._check_manager()
        self._check_state(("new",), self.env._("taken in hand"))
        self._system_write({"state": "in_progress"})
        return True

    def action_resolve(self):
        self._check_manager()
        self._check_state(("new", "in_progress"), self.env._("resolved"))
        for concern in self:
            if is_html_empty(concern.resolution):
                raise UserError(
                    self.env._(
                        "%(concern)s: write what was done in 'Resolution' before resolving it; "
                        "the person who raised it reads it.",
                        concern=concern.display_name,
                    )
                )
        self._system_write({"state": "resolved", "date_resolved": fields.Date.today()})
        self.activity_feedback([CONCERN_ACTIVITY])
        return True

    def action_reopen(self):
        self._check_manager()
        self._check_state(("resolved",), self.env._("reopened"))
        self._system_write({"state": "in_progress", "date_resolved": False})
        return True
