"""Tell people what a scheduled action did, in bulk.

A notice is an activity of the "Mentorship Notice" type for each person
concerned (it shows in their to-do list, due today) and one note in the
record's chatter. The assignees who do not follow their record yet are made
followers in one ``create`` (``mail.activity.create`` would subscribe them
one user at a time), activities are created in one ``create`` without the
"assigned to you" e-mail (one ``message_notify`` per activity), notes with
``_message_log_batch``: a fixed number of queries whatever the number of
notices.
"""

from markupsafe import Markup, escape

from odoo import fields

NOTICE_ACTIVITY = "mentorship_program.mail_activity_type_mentorship_notice"


def create_activities(model, vals_list):
    """Activities on records of ``model`` (a model with the
    ``mentorship.followers.mixin``), in one ``create``; each assignee follows
    the record first, in bulk. No "assigned to you" e-mail: the activity is
    the notice. Returns ``(activities, records)``."""
    partners = {}
    users = model.env["res.users"].browse({vals["user_id"] for vals in vals_list})
    partner_of = {user.id: user.partner_id.id for user in users}
    for vals in vals_list:
        partners.setdefault(vals["res_id"], set()).add(partner_of[vals["user_id"]])
    # Odoo subscribes each assignee to the record, user by user: they follow
    # it already, in bulk (mentorship.followers.mixin).
    records = model.browse()._mentorship_add_followers(partners)
    activities = (
        model.env["mail.activity"]
        .sudo()
        .with_context(mail_activity_quick_update=True)
        .create(vals_list)
    )
    return activities, records


def send_notices(model, notices):
    """``notices``: iterable of ``(record, users, summary, note)`` on records
    of ``model``; ``users`` may be empty (people without a user get the
    chatter note only). Returns the activities created."""
    env = model.env
    notices = list(notices)
    if not notices:
        return env["mail.activity"]
    notice_type = env.ref(NOTICE_ACTIVITY)
    model_id = env["ir.model"]._get_id(model._name)
    today = fields.Date.context_today(model)
    activity_vals, bodies = [], {}
    for record, users, summary, note in notices:
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
    activities, _records = create_activities(model, activity_vals)
    # Every record gets its note, people with a user or not.
    model.browse(list(bodies)).sudo()._message_log_batch(bodies=bodies)
    return activities
