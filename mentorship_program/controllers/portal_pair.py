from datetime import datetime

import pytz

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import plaintext2html

from .portal import PORTAL_USER_ERRORS, MentorshipPortal

# Operations answered with a redirect to the page (post/redirect/get): a
# reload must never send them twice. {operation: notice shown after it}.
REDIRECTED_OPERATIONS = {"concern": "concern_sent"}


class MentorshipPairPortal(MentorshipPortal):
    """A pair's own page: answer the match, the 90-day plan, sessions and
    resources, for its mentor and its mentee only.

    Pairs are never shared by link, so no access token is accepted: a pair
    is shown to the people in it (record rules), whatever the URL says.
    """

    def _check_pair(self, pair_id):
        """The pair in sudo, once the current user's access is checked;
        raise AccessError/MissingError otherwise."""
        return self._document_check_access("mentorship.pair", pair_id)

    @http.route("/my/mentorship/pair/<int:pair_id>", type="http", auth="user", website=True)
    def portal_mentorship_pair(self, pair_id, notice=None, **kwargs):
        try:
            pair_sudo = self._check_pair(pair_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        notices = {
            "concern_sent": request.env._(
                "Your concern is sent to the program's HR managers; only they and you read "
                "it. They will get back to you."
            ),
        }
        return self._render_pair(pair_sudo, success=notices.get(notice))

    def _render_pair(self, pair_sudo, error=None, success=None):
        user = request.env.user
        side = "mentor" if pair_sudo.mentor_user_id == user else "mentee"
        plan_sudo = pair_sudo.plan_ids[:1]
        # One query for every suggested course of the pair, grouped here, so
        # the page costs the same whatever the number of objectives.
        resources_sudo = (
            request.env["mentorship.goal.resource"].sudo().search([("pair_id", "=", pair_sudo.id)])
        )
        resources_by_goal = {}
        for resource in resources_sudo:
            resources_by_goal.setdefault(resource.goal_id.id, []).append(resource)
        # In sudo as the current user (not as the superuser the checked pair
        # is read as): agenda, notes and "my rating" are read for this user.
        sessions_sudo = pair_sudo.session_ids.with_env(request.env(su=True))
        # Only the concerns this user raised, read with their own rights.
        concerns = request.env["mentorship.concern"].search(
            [("pair_id", "=", pair_sudo.id), ("raised_by_user_id", "=", user.id)]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "mentorship_pair",
                "pair_sudo": pair_sudo,
                "side": side,
                "other_name": pair_sudo.mentee_name if side == "mentor" else pair_sudo.mentor_name,
                "can_answer": pair_sudo.state == "pending" and not pair_sudo[f"{side}_accepted"],
                "plan_sudo": plan_sudo,
                "sessions_sudo": sessions_sudo,
                "session_states": dict(sessions_sudo._fields["state"].selection),
                "resources_by_goal": resources_by_goal,
                "concerns": concerns,
                "concern_states": dict(concerns._fields["state"].selection),
                "now": fields.Datetime.now(),
                "error": error,
                "success": success,
            }
        )
        return request.render("mentorship_program.portal_mentorship_pair", values)

    @http.route(
        "/my/mentorship/pair/<int:pair_id>/<string:operation>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_mentorship_pair_post(self, pair_id, operation, **post):
        try:
            pair_sudo = self._check_pair(pair_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        handler = getattr(self, f"_pair_op_{operation}", None)
        if handler is None:
            return request.redirect(f"/my/mentorship/pair/{pair_sudo.id}")
        # Writes go through the user's environment: the record rules and the
        # models' own checks decide, exactly as in the backend.
        pair = request.env["mentorship.pair"].browse(pair_sudo.id)
        try:
            message = handler(pair, post)
        except PORTAL_USER_ERRORS as exc:
            request.env.cr.rollback()
            request.env.invalidate_all()
            return self._render_pair(pair_sudo, error=str(exc))
        request.env.invalidate_all()
        if operation in REDIRECTED_OPERATIONS:
            return request.redirect(
                f"/my/mentorship/pair/{pair_sudo.id}?notice={REDIRECTED_OPERATIONS[operation]}"
            )
        return self._render_pair(pair_sudo, success=message)

    # -- Operations: each returns the message shown on success -----------------------
    def _pair_op_accept(self, pair, post):
        pair.action_accept()
        if pair.state == "active":
            return request.env._("You both accepted: your mentorship starts today.")
        return request.env._("You accepted; the match starts when the other side accepts too.")

    def _pair_op_decline(self, pair, post):
        pair.action_decline()
        return request.env._("You declined this match. The program team is told.")

    def _pair_op_confirm_plan(self, pair, post):
        pair.plan_ids[:1].action_confirm()
        return request.env._("You confirmed the plan.")

    def _pair_op_milestone(self, pair, post):
        milestone = self._pair_record(pair, "mentorship.plan.milestone", post.get("milestone_id"))
        milestone.write({"done": post.get("done") == "1"})
        return request.env._("Milestone %(name)s updated.", name=milestone.name)

    def _pair_op_schedule(self, pair, post):
        Session = request.env["mentorship.session"]
        vals = {
            "pair_id": pair.id,
            "date_start": self._parse_local_datetime(Session, "date_start", post.get("date_start")),
        }
        if post.get("duration", "").strip():
            vals["duration"] = self._parse_number(Session, "duration", post["duration"], float)
        if post.get("agenda", "").strip():
            vals["agenda"] = plaintext2html(post["agenda"].strip())
        Session.create(vals)
        return request.env._("The session is planned and in both your calendars.")

    def _pair_op_log(self, pair, post):
        session = self._pair_record(pair, "mentorship.session", post.get("session_id"))
        vals = {}
        if post.get("notes", "").strip():
            vals["notes"] = plaintext2html(post["notes"].strip())
        if post.get("hours_spent", "").strip():
            vals["hours_spent"] = self._parse_number(
                session, "hours_spent", post["hours_spent"], float
            )
        if post.get("outcome") == "no_show":
            session.action_no_show()
            message = request.env._("The session is logged as a no-show.")
        else:
            session.action_done()
            message = request.env._("The session is logged as done. Thank you!")
        if vals:
            session.write(vals)
        return message

    def _pair_op_rate(self, pair, post):
        session = self._pair_record(pair, "mentorship.session", post.get("session_id"))
        rating = self._parse_number(session, "my_rating", post.get("rating"), int)
        session.write({"my_rating": rating})
        return request.env._("Thank you for rating the session. Only you read your rating.")

    def _pair_op_concern(self, pair, post):
        """Raise a concern with HR: the concern is the user's and HR's only."""
        subject = (post.get("subject") or "").strip()
        if not subject:
            raise ValueError(request.env._("Say in a few words what your concern is about."))
        vals = {"pair_id": pair.id, "subject": subject}
        if (post.get("description") or "").strip():
            vals["description"] = plaintext2html(post["description"].strip())
        request.env["mentorship.concern"].create(vals)
        return None  # redirected to the page, which says it was sent

    def _pair_op_cancel_session(self, pair, post):
        session = self._pair_record(pair, "mentorship.session", post.get("session_id"))
        session.action_cancel()
        return request.env._("The session is cancelled.")

    # -- Parsing ------------------------------------------------------------------------------
    def _pair_record(self, pair, model, raw_id):
        """A session or milestone of this pair, read with the user's rights: an
        id from another pair is refused even when the user could read it."""
        try:
            record_id = int(raw_id or 0)
        except ValueError:
            record_id = 0
        # Looked up in sudo so that an id of another pair, a deleted one and
        # one the user may not read all get the same answer.
        record_sudo = request.env[model].sudo().browse(record_id).exists()
        if not record_sudo or record_sudo.pair_id != pair.sudo():
            raise MissingError(
                request.env._("%(pair)s has no such record.", pair=pair.sudo().display_name)
            )
        record = record_sudo.sudo(False)
        record.check_access("read")
        return record

    def _parse_value(self, records, fname, raw, parse, expected):
        """``parse(raw)``, or a ValueError naming the field and what was ``expected``."""
        try:
            return parse((raw or "").strip())
        except ValueError as exc:
            raise ValueError(
                request.env._(
                    "%(field)s: %(value)s is not %(expected)s.",
                    field=records._fields[fname]._description_string(request.env),
                    value=repr(raw or ""),
                    expected=expected,
                )
            ) from exc

    def _parse_number(self, records, fname, raw, parse):
        return self._parse_value(records, fname, raw, parse, request.env._("a number"))

    def _parse_local_datetime(self, records, fname, raw):
        """A ``datetime-local`` value in the user's time zone, as naive UTC."""
        local = self._parse_value(
            records, fname, raw, datetime.fromisoformat, request.env._("a date and time")
        )
        tz = pytz.timezone(request.env.user.tz or "UTC")
        return tz.localize(local.replace(tzinfo=None)).astimezone(pytz.utc).replace(tzinfo=None)
