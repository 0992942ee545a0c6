import pytz

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request
from odoo.tools.misc import format_datetime

from ..pair_states import ENDED_PAIR_STATES
from .portal import MentorshipPortal
from .portal_input import PortalForm

SUMMARY_REPORT = "mentorship_program.report_mentorship_pair_summary"
SUMMARY_FILE = "mentorship_summary.pdf"


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
    def portal_mentorship_pair(self, pair_id, **kwargs):
        try:
            pair_sudo = self._check_pair(pair_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._render_pair(pair_sudo)

    @http.route("/my/mentorship/pair/<int:pair_id>/summary", type="http", auth="user", website=True)
    def portal_mentorship_pair_summary(self, pair_id, report_type="pdf", download=False, **kw):
        """The ended pair's completion summary, as PDF (or HTML with
        ``report_type=html``, as Odoo's portal reports offer).

        Unlike Odoo's ``_show_report``, which renders in sudo, the summary is
        rendered as the current user: the record rules decide what it holds,
        and the report model who may print it."""
        try:
            pair_sudo = self._check_pair(pair_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if pair_sudo.state not in ENDED_PAIR_STATES or report_type not in ("pdf", "html"):
            return request.redirect(pair_sudo.access_url)
        Report = request.env["ir.actions.report"].with_company(pair_sudo.company_id)
        try:
            render = Report._render_qweb_pdf if report_type == "pdf" else Report._render_qweb_html
            content = render(SUMMARY_REPORT, pair_sudo.ids)[0]
        except AccessError:
            # Read by the pair's rules but not one of its people nor HR (an
            # administrator of another app): the same answer as an unknown id.
            return request.redirect("/my")
        headers = [("Content-Length", len(content))]
        if report_type == "pdf":
            disposition = "attachment" if download else "inline"
            headers += [
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", content_disposition(SUMMARY_FILE, disposition)),
            ]
        else:
            headers.append(("Content-Type", "text/html; charset=utf-8"))
        return request.make_response(content, headers=headers)

    def _render_pair(self, pair_sudo):
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
        values = self._page_values(
            "mentorship_pair",
            pair_sudo=pair_sudo,
            side=side,
            other_name=pair_sudo.mentee_name if side == "mentor" else pair_sudo.mentor_name,
            can_answer=pair_sudo.state == "pending" and not pair_sudo[f"{side}_accepted"],
            plan_sudo=plan_sudo,
            sessions_sudo=sessions_sudo,
            session_states=dict(sessions_sudo._fields["state"].selection),
            resources_by_goal=resources_by_goal,
            concerns=concerns,
            concern_states=dict(concerns._fields["state"].selection),
            now=fields.Datetime.now(),
            session_kinds=self._session_kinds(pair_sudo),
            format_when=self._format_when,
            local_input=self._local_input,
            summary_url=f"{pair_sudo.access_url}/summary"
            if pair_sudo.state in ENDED_PAIR_STATES
            else False,
        )
        return request.render("mentorship_program.portal_mentorship_pair", values)

    # -- Times in the reader's time zone ---------------------------------------------------
    def _format_when(self, value):
        """A session's time for the reader: their time zone, no seconds."""
        user = request.env.user
        return format_datetime(request.env, value, tz=user.tz or "UTC", dt_format="short")

    def _local_input(self, value):
        """``value`` (naive UTC) as a ``datetime-local`` input's value in the
        reader's time zone, the way PortalForm.local_datetime reads it back."""
        tz = pytz.timezone(request.env.user.tz or "UTC")
        return pytz.utc.localize(value).astimezone(tz).strftime("%Y-%m-%dT%H:%M")

    def _session_kinds(self, pair_sudo):
        """[(key, label)] of the kinds a session of this pair may be: the
        program's cadence, else every kind."""
        Session = request.env["mentorship.session"]
        labels = dict(Session._fields["kind"]._description_selection(request.env))
        cadence = pair_sudo.program_id.cadence_ids.mapped("session_type")
        keys = list(dict.fromkeys(cadence)) or list(labels)
        return [(key, labels[key]) for key in keys if key in labels]

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
            return request.redirect(pair_sudo.access_url)
        # Writes go through the user's environment: the record rules and the
        # models' own checks decide, exactly as in the backend.
        pair = request.env["mentorship.pair"].browse(pair_sudo.id)
        form = PortalForm(request.env["mentorship.session"], request.httprequest.form)
        return self._portal_operation(pair_sudo.access_url, lambda: handler(pair, form), form=form)

    # -- Operations: each returns the message shown on success -----------------------
    def _pair_op_accept(self, pair, form):
        pair.action_accept()
        if pair.state == "active":
            return request.env._("You both accepted: your mentorship starts today.")
        return request.env._("You accepted; the match starts when the other side accepts too.")

    def _pair_op_decline(self, pair, form):
        pair.action_decline(reason=form.text("decline_reason"))
        return request.env._("You declined this match. The program team is told.")

    def _pair_op_confirm_plan(self, pair, form):
        pair.plan_ids[:1].action_confirm()
        return request.env._("You confirmed the plan.")

    def _pair_op_milestone(self, pair, form):
        milestone = self._pair_record(pair, "mentorship.plan.milestone", form, "milestone_id")
        milestone.write({"done": form.text("done") == "1"})
        return request.env._("Milestone %(name)s updated.", name=milestone.name)

    def _pair_op_schedule(self, pair, form):
        date_start = form.local_datetime("date_start")
        if date_start is None:
            raise form.refuse("date_start", "", request.env._("a date and time"))
        vals = {"pair_id": pair.id, "date_start": date_start}
        kind = form.choice("kind", [key for key, _label in self._session_kinds(pair.sudo())])
        if kind:
            vals["kind"] = kind
        duration = form.number("duration")
        if duration is not None:
            vals["duration"] = duration
        if form.html("agenda"):
            vals["agenda"] = form.html("agenda")
        request.env["mentorship.session"].create(vals)
        return request.env._("The session is planned and in both your calendars.")

    def _pair_op_move(self, pair, form):
        """Move a planned session; the model updates the calendar event and
        tells the other side."""
        session = self._pair_record(pair, "mentorship.session", form, "session_id")
        date_start = form.local_datetime("date_start")
        if date_start is None:
            raise form.refuse("date_start", "", request.env._("a date and time"))
        if session.state != "planned":
            raise UserError(
                request.env._(
                    "Session %(session)s is no longer planned: only a planned session can "
                    "be moved.",
                    session=session.display_name,
                )
            )
        session.write({"date_start": date_start})
        return request.env._(
            "The session is moved to %(when)s; %(name)s is told.",
            when=self._format_when(session.date_start),
            name=pair.sudo().mentee_name
            if pair.sudo().mentor_user_id == request.env.user
            else pair.sudo().mentor_name,
        )

    def _pair_op_log(self, pair, form):
        session = self._pair_record(pair, "mentorship.session", form, "session_id")
        vals = {}
        if form.html("notes"):
            vals["notes"] = form.html("notes")
        hours_spent = form.number("hours_spent")
        if hours_spent is not None:
            vals["hours_spent"] = hours_spent
        if form.text("outcome") == "no_show":
            session.action_no_show()
            message = request.env._("The session is logged as a no-show.")
        else:
            session.action_done()
            message = request.env._("The session is logged as done. Thank you!")
        if vals:
            session.write(vals)
        return message

    def _pair_op_rate(self, pair, form):
        session = self._pair_record(pair, "mentorship.session", form, "session_id")
        rating = form.number("rating", "my_rating", integer=True)
        if rating is None:
            raise form.refuse("my_rating", "", request.env._("a whole number"))
        session.write({"my_rating": rating})
        return request.env._("Thank you for rating the session. Only you read your rating.")

    def _pair_op_concern(self, pair, form):
        """Raise a concern with HR: the concern is the user's and HR's only."""
        subject = form.text("subject")
        if not subject:
            raise ValueError(request.env._("Say in a few words what your concern is about."))
        vals = {"pair_id": pair.id, "subject": subject}
        if form.html("description"):
            vals["description"] = form.html("description")
        request.env["mentorship.concern"].create(vals)
        return request.env._(
            "Your concern is sent to the program's HR managers; only they and you read "
            "it. They will get back to you."
        )

    def _pair_op_cancel_session(self, pair, form):
        session = self._pair_record(pair, "mentorship.session", form, "session_id")
        session.action_cancel()
        return request.env._("The session is cancelled.")

    # -- The pair's own records -----------------------------------------------------------
    def _pair_record(self, pair, model, form, name):
        """The session or milestone of this pair whose id is in ``form[name]``,
        read with the user's rights: an id from another pair is refused even
        when the user could read it."""
        # Looked up in sudo so that an id of another pair, a deleted one and
        # one the user may not read all get the same answer.
        record_sudo = request.env[model].sudo().browse(form.record_id(name)).exists()
        if not record_sudo or record_sudo.pair_id != pair.sudo():
            raise MissingError(
                request.env._("%(pair)s has no such record.", pair=pair.sudo().display_name)
            )
        record = record_sudo.sudo(False)
        record.check_access("read")
        return record
