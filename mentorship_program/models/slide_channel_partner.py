from odoo import models


class SlideChannelPartner(models.Model):
    _inherit = "slide.channel.partner"

    def _post_completion_update_hook(self, completed=True):
        # A mentor finishing the onboarding course may have cleared their
        # last readiness blocker: tell them now, not at the next match run.
        result = super()._post_completion_update_hook(completed=completed)
        # Readiness is computed on read from eLearning, not stored: what was
        # read before the course changed is stale now.
        self.flush_recordset(["member_status", "completion"])
        self.env["mentorship.enrollment"].invalidate_model(
            ["onboarding_completed", "onboarding_progress", "is_ready", "readiness_blockers"]
        )
        if completed:
            self.env["mentorship.enrollment"].sudo().search(
                [
                    ("role", "=", "mentor"),
                    ("ready_notice_sent", "=", False),
                    ("program_id.onboarding_channel_id", "in", self.channel_id.ids),
                    "|",
                    ("user_id.partner_id", "in", self.partner_id.ids),
                    ("employee_id.work_contact_id", "in", self.partner_id.ids),
                ]
            )._notify_if_ready()
        return result
