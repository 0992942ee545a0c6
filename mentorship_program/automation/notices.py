"""Tell people what a scheduled action did, in bulk.

A notice is an activity of the "Mentorship Notice" type for each person
concerned (it shows in their to-do list, due today) and one note in the
record's chatter. The assignees who do not follow their record yet are made
followers in one ``create`` (``mail.activity.create`` would subscribe them
one user at a time), activities are created in one ``create`` without the
"assigned to you" e-mail, notes with ``_message_log_batch``: a fixed number
of queries whatever the number of notices.
"""

from markupsafe import Markup, escape

from odoo import fields

NOTICE_ACTIVITY = "mentorship_program.mail_activity_type_mentorship_notice"


def send_notices(model, notices):
    """``notices``: iterable of ``(record, users, summary, note)`` on records
    of ``model``; ``users`` may be empty (people without a user get the
    chatter note only). Returns the activities created."""
    env = model.env
    Activity = env["mail.activity"].sudo()
    notices = list(notices)
    if not notices:
        return Activity
    notice_type = env.ref(NOTICE_ACTIVITY)
    model_id = env["ir.model"]._get_id(model._name)
    today = fields.Date.context_today(model)
    activity_vals, bodies, partners = [], {}, {}
    for record, users, summary, note in notices:
        partners.setdefault(record.id, set()).update(users.partner_id.ids)
        body = escape(note)
        bodies[record.id] = (
            bodies[record.id] + Markup("<br/>") + body if record.id in bodies else body
        )
        activity_vals += [
            {
                "activity_type_id": notice_type.id,
                "summary": summary,
                "note": body,
                "automated": True,
                "res_model_id": model_id,
                "res_id": record.id,
                "user_id": user.id,
                "date_deadline": today,
            }
            for user in users
        ]
    # Odoo subscribes each assignee to the record, user by user: they follow
    # it already, in bulk (mentorship.followers.mixin).
    records = model.browse()._mentorship_add_followers(partners)
    activities = Activity.with_context(mail_activity_quick_update=True).create(activity_vals)
    records._message_log_batch(bodies=bodies)
    return activities
