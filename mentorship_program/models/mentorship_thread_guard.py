"""The chatter of the module's records answers like the rest of the guard.

Odoo's chatter methods (``message_post``, ``message_subscribe``,
``activity_schedule``...) are public: an RPC client calls them with any id.
On somebody else's record they refuse in their own words (a message or an
activity that may not be created), on an id that does not exist they raise
MissingError: two answers that tell the ids apart. Every model of the module
with a chatter lists this mixin first in ``_inherit``, so that these methods
first check that the caller may read the records, with the guard's one
answer for "missing" and "not yours" (``mentorship.guarded.mixin``).
"""

from odoo import models

# The record methods of mail.thread and mail.activity.mixin (and of the
# modules extending them) an RPC client can call.
THREAD_METHODS = (
    "activity_feedback",
    "activity_reschedule",
    "activity_schedule",
    "activity_send_mail",
    "activity_unlink",
    "message_change_thread",
    "message_get_followers",
    "message_mail_with_source",
    "message_notify",
    "message_post",
    "message_post_with_source",
    "message_subscribe",
    "message_unsubscribe",
    "message_update",
    "rating_apply",
    "rating_send_request",
)


def _read_first(name):
    def method(self, *args, **kwargs):
        if not self.env.su and self._ids:
            self.check_access("read")
        return getattr(super(MentorshipThreadGuard, self), name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"``{name}`` once the caller is known to read the records."
    return method


class MentorshipThreadGuard(models.AbstractModel):
    _name = "mentorship.thread.guard"
    _description = "Mentorship: chatter methods check access first"

    for _method_name in THREAD_METHODS:
        locals()[_method_name] = _read_first(_method_name)
    del _method_name
