from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from ..models.mentorship_profile import SHARING_CHOICES
from .portal import MentorshipPortal
from .portal_input import PortalForm

PROFILE_URL = "/my/mentorship/profile"


class MentorshipProfilePortal(MentorshipPortal):
    """The participant's own profile: what the other side of their pairs,
    requests and suggestions reads about them. Always the current user's:
    the URL takes no id."""

    @http.route(PROFILE_URL, type="http", auth="user", website=True)
    def portal_mentorship_profile(self, **kwargs):
        try:
            profile = request.env["mentorship.profile"]._my_profile()
        except UserError as exc:
            self._set_flash(error=self._error_text(exc))
            return request.redirect("/my/mentorship")
        env = request.env
        # (field, label, help) of each sharing choice, in the reader's language.
        choices = [
            (
                name,
                profile._fields[name]._description_string(env),
                profile._fields[name]._description_help(env),
            )
            for name in SHARING_CHOICES
        ]
        values = self._page_values(
            "mentorship_profile",
            profile=profile,
            sharing_choices=choices,
            **self._recognition_values(),
        )
        return request.render("mentorship_program.portal_mentorship_profile", values)

    def _recognition_values(self):
        """The person's own badges and this year's development credits, read
        with their rights (the record rules keep both to their own)."""
        env = request.env
        year = fields.Date.context_today(env.user).year
        # The user's own employees (a portal user reads no employee).
        own_employee_ids = env.user.sudo().employee_ids.ids
        credits = env["mentorship.credit"].search(
            [("employee_id", "in", own_employee_ids), ("year", "=", year)]
        )
        return {
            "achievements": env["mentorship.achievement"]._my_achievements(),
            "credit_total": sum(credits.mapped("amount")),
        }

    @http.route(f"{PROFILE_URL}/save", type="http", auth="user", website=True, methods=["POST"])
    def portal_mentorship_profile_save(self, **post):
        form = PortalForm(request.env["mentorship.profile"], request.httprequest.form)

        def save():
            # Written as the owner: the record rules and the model's checks
            # (the about-me's size) decide, as in the backend.
            profile = request.env["mentorship.profile"]._my_profile()
            vals = {"about_me": form.text("about_me") or False}
            vals.update({choice: form.text(choice) == "1" for choice in SHARING_CHOICES})
            profile.write(vals)
            return request.env._("Your profile is saved.")

        return self._portal_operation(PROFILE_URL, save, form=form)
