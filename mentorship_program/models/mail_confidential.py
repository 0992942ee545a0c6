"""Who mentors whom does not leak through Odoo's mail and calendar tables.

Odoo lets every employee read ``mail.followers`` (no record rule at all),
``mail.notification`` (its rule restricts writes only), ``calendar.event``
and ``calendar.attendee``. Rows of those tables about the module's records
would tell any colleague who follows a pair, who was notified of a
request, who attends a session. This file decides, in one place, which
documents are confidential and who may see rows about them:

* every model of the module with a chatter (``mail.thread`` and the
  ``mentorship.guarded.mixin``): pairs, sessions, plans, requests,
  enrollments, match runs, reviews, programs, circles, and any added later;
* the calendar events of sessions (``res_model = 'mentorship.session'``).

A row about such a document is visible to the partner it names, and to
whoever may read the document itself (its record rules decide: the pair's
people, the HR managers of its company). Global record rules
(``security/mentorship_security.xml``) apply this to ``mail.followers`` and
``mail.notification`` through the searchable field ``mentorship_visible``
below, and to calendar events and attendees directly. A refusal names no
record (see ``ir.rule._make_access_error``).

A pair's conversation (what people write on it: messages and notes posted
in the chatter or on the portal page, e-mail replies; ``message_type``
``comment`` or ``email``) belongs to the pair: those ``mail.message`` rows
are visible to the pair's mentor and mentee and to the message's author
only, not to HR, who reads the rest of the pair's chatter (its tracked
changes and the system's notes, ``notification`` messages), nor to
administrators. The same holds for the files attached to a pair (what its
people upload in the chatter or the portal thread): ``ir.attachment``, which
Odoo opens to whoever reads the document, shows them to the pair's mentor
and mentee and to their uploader only (``IrAttachment`` below).

Group rules would not do: they add up, and a rule "Mentorship Managers read
all" would show one company's pairs to the managers of another.
"""

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.osv import expression

SESSION_MODEL = "mentorship.session"
PAIR_MODEL = "mentorship.pair"
# What people write (chatter, portal composer, e-mail replies), as opposed to
# the system's notifications (tracked changes, notes of the crons and actions).
CONVERSATION_MESSAGE_TYPES = ("comment", "email")


def confidential_models(env):
    """The module's models whose records have followers and messages."""
    return env["mail.followers"]._mentorship_confidential_models()


def hidden_documents_domain(env, model_field, id_field):
    """Domain on (``model_field``, ``id_field``) matching rows about a
    confidential document the current user may not read.

    ``env`` is the user's (not superuser): each model's own record rules
    say which documents they read.
    """
    user_env = env(su=False)
    Access = user_env["ir.model.access"]
    hidden = []
    for model in confidential_models(env):
        if Access.check(model, "read", raise_exception=False):
            readable = user_env[model].with_context(active_test=False)._search([])
            hidden.append([(model_field, "=", model), (id_field, "not in", readable)])
        else:
            hidden.append([(model_field, "=", model)])
    Event = user_env["calendar.event"].with_context(active_test=False)
    session_events = Event.sudo()._search([("res_model", "=", SESSION_MODEL)])
    if Access.check("calendar.event", "read", raise_exception=False):
        visible_events = Event._search([("res_model", "=", SESSION_MODEL)])
        hidden.append(
            [
                (model_field, "=", "calendar.event"),
                (id_field, "in", session_events),
                (id_field, "not in", visible_events),
            ]
        )
    else:
        hidden.append([(model_field, "=", "calendar.event"), (id_field, "in", session_events)])
    return expression.OR(hidden)


def own_pairs_query(env):
    """The pairs the current user is the mentor or the mentee of (a subquery)."""
    user = env.user
    return (
        env[PAIR_MODEL]
        .sudo()
        .with_context(active_test=False)
        ._search(["|", ("mentor_user_id", "=", user.id), ("mentee_user_id", "=", user.id)])
    )


def _visibility_search(operator, value, visible):
    if operator not in ("=", "!=") or not isinstance(value, bool):
        raise NotImplementedError(f"Unsupported search on mentorship_visible: {operator} {value!r}")
    return visible if (operator == "=") == value else ["!", *expression.normalize_domain(visible)]


class MailFollowers(models.Model):
    _name = "mail.followers"
    _inherit = ["mail.followers", "mentorship.system.fields.mixin"]
    # The module's one field here is a technical flag for the record rule.
    _mentorship_client_write_fields = frozenset()
    _mentorship_system_fields = frozenset({"mentorship_visible"})

    mentorship_visible = fields.Boolean(
        compute="_compute_mentorship_visible",
        search="_search_mentorship_visible",
        help="Technical: the row is not about a confidential mentorship record the user "
        "may not read (used by a record rule).",
    )

    @api.model
    @tools.ormcache()
    def _mentorship_confidential_models(self):
        Guarded = self.pool["mentorship.guarded.mixin"]
        Thread = self.pool["mail.thread"]
        return tuple(
            sorted(
                name
                for name, model_class in self.pool.items()
                if issubclass(model_class, Guarded)
                and issubclass(model_class, Thread)
                and not model_class._abstract
                and not model_class._transient
            )
        )

    def _visible_domain(self):
        partner_id = self.env.user.partner_id.id
        hidden = hidden_documents_domain(self.env, "res_model", "res_id")
        return expression.OR(
            [[("partner_id", "=", partner_id)], ["!", *expression.normalize_domain(hidden)]]
        )

    @api.depends_context("uid")
    def _compute_mentorship_visible(self):
        visible = self.sudo().search([("id", "in", self.ids), *self._visible_domain()])
        for follower in self:
            follower.mentorship_visible = follower in visible

    def _search_mentorship_visible(self, operator, value):
        return _visibility_search(operator, value, self._visible_domain())

    def _mentorship_hides(self):
        """Whether a refusal on these rows would be about confidential
        mentorship records (then it names none)."""
        models_ = set(confidential_models(self.env)) | {"calendar.event"}
        return any(model in models_ for model in self.sudo().mapped("res_model"))


class MailMessage(models.Model):
    _name = "mail.message"
    _inherit = ["mail.message", "mentorship.system.fields.mixin"]
    # The module's one field here is a technical flag for the record rule.
    _mentorship_client_write_fields = frozenset()
    _mentorship_system_fields = frozenset({"mentorship_visible"})

    mentorship_visible = fields.Boolean(
        compute="_compute_mentorship_visible",
        search="_search_mentorship_visible",
        help="Technical: the message is not part of the conversation of a mentorship pair "
        "the user is not in (used by a record rule).",
    )

    def _visible_domain(self):
        """Every message but a pair's conversation, which its mentor, its
        mentee and the message's author read."""
        user = self.env.user
        own_pairs = own_pairs_query(self.env)
        return [
            "|",
            "|",
            "|",
            ("model", "!=", PAIR_MODEL),
            ("message_type", "not in", CONVERSATION_MESSAGE_TYPES),
            ("author_id", "=", user.partner_id.id),
            ("res_id", "in", own_pairs),
        ]

    @api.depends_context("uid")
    def _compute_mentorship_visible(self):
        visible = self.sudo().search([("id", "in", self.ids), *self._visible_domain()])
        for message in self:
            message.mentorship_visible = message in visible

    def _search_mentorship_visible(self, operator, value):
        return _visibility_search(operator, value, self._visible_domain())

    def _mentorship_hides(self):
        return any(model == PAIR_MODEL for model in self.sudo().mapped("model"))


class MailMail(models.Model):
    """Outgoing e-mails carry their message's fields (``_inherits``), the
    flag above included: a technical field no client writes here either."""

    _name = "mail.mail"
    _inherit = ["mail.mail", "mentorship.system.fields.mixin"]
    _mentorship_client_write_fields = frozenset()
    _mentorship_system_fields = frozenset({"mentorship_visible"})


class MailNotification(models.Model):
    _name = "mail.notification"
    _inherit = ["mail.notification", "mentorship.system.fields.mixin"]
    _mentorship_client_write_fields = frozenset()
    _mentorship_system_fields = frozenset({"mentorship_visible"})

    mentorship_visible = fields.Boolean(
        compute="_compute_mentorship_visible",
        search="_search_mentorship_visible",
        help="Technical: the notification is the user's, or about a message that is not "
        "on a confidential mentorship record the user may not read (used by a record rule).",
    )

    def _visible_domain(self):
        partner_id = self.env.user.partner_id.id
        hidden_messages = (
            self.env["mail.message"]
            .sudo()
            ._search(hidden_documents_domain(self.env, "model", "res_id"))
        )
        return [
            "|",
            "|",
            ("res_partner_id", "=", partner_id),
            ("author_id", "=", partner_id),
            ("mail_message_id", "not in", hidden_messages),
        ]

    @api.depends_context("uid")
    def _compute_mentorship_visible(self):
        visible = self.sudo().search([("id", "in", self.ids), *self._visible_domain()])
        for notification in self:
            notification.mentorship_visible = notification in visible

    def _search_mentorship_visible(self, operator, value):
        return _visibility_search(operator, value, self._visible_domain())

    def _mentorship_hides(self):
        models_ = set(confidential_models(self.env)) | {"calendar.event"}
        return any(model in models_ for model in self.sudo().mail_message_id.mapped("model"))


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    def _mentorship_hides(self):
        return any(model == SESSION_MODEL for model in self.sudo().event_id.mapped("res_model"))


class IrAttachment(models.Model):
    """Files attached to a pair: its mentor's, its mentee's and their uploader's.

    Odoo decides attachments in Python (``check`` and ``_search``), from the
    document's access: HR, who reads the pair, would read every file of its
    conversation. Both are narrowed here for the pairs only."""

    _inherit = "ir.attachment"

    @api.model
    def _mentorship_visible_domain(self):
        return [
            "|",
            "|",
            ("res_model", "!=", PAIR_MODEL),
            ("create_uid", "=", self.env.uid),
            ("res_id", "in", own_pairs_query(self.env)),
        ]

    def _mentorship_hidden(self):
        """The attachments of ``self`` on a pair the user may not see."""
        on_pairs = self.sudo().filtered(lambda attachment: attachment.res_model == PAIR_MODEL)
        if not on_pairs:
            return self.browse()
        visible = on_pairs.search([("id", "in", on_pairs.ids), *self._mentorship_visible_domain()])
        return self.browse((on_pairs - visible).ids)

    def _mentorship_refusal(self):
        return AccessError(self.env._("Sorry, you are not allowed to access this document."))

    @api.model
    def check(self, mode, values=None):
        # Odoo's own check of attachments (downloads, writes, deletions).
        result = super().check(mode, values)
        if not self.env.su and self._mentorship_hidden():
            raise self._mentorship_refusal()
        return result

    def _check_access(self, operation):
        # Reading by id (read, web_read), which check() does not cover.
        result = super()._check_access(operation)
        if self.env.su or not self:
            return result
        hidden = (self - result[0] if result else self)._mentorship_hidden()
        if not hidden:
            return result
        if result:
            return (result[0] + hidden, result[1])
        return (hidden, hidden._mentorship_refusal)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            domain = expression.AND([domain or [], self._mentorship_visible_domain()])
        return super()._search(domain, offset, limit, order)
