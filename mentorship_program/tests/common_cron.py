from contextlib import contextmanager
from datetime import datetime, time
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tools import mute_logger

from .common import ActivePairCase

NOTICE_ACTIVITY = "mentorship_program.mail_activity_type_mentorship_notice"
BATCH_LOGGER = "odoo.addons.mentorship_program.automation.batches"


class CronCase(ActivePairCase):
    """Helpers to run the crons on given days and count what they sent."""

    @classmethod
    def _internal_users(cls, prefix, counts):
        """Internal users ``<prefix> <side> <i>`` for each (side, count) of
        ``counts``, in that order."""
        group_user = cls.env.ref("base.group_user")
        slug = prefix.lower().replace(" ", "_")
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "name": f"{prefix} {side} {i}",
                        "login": f"{slug}_{side}_{i}",
                        "email": f"{slug.replace('_', '.')}.{side}.{i}@example.com",
                        "groups_id": [Command.set(group_user.ids)],
                    }
                    for side, count in counts
                    for i in range(count)
                ]
            )
        )

    def setUp(self):
        super().setUp()
        self.today = fields.Date.context_today(self.pair)
        self.notice_type = self.env.ref(NOTICE_ACTIVITY)
        # The crons work on every pair of the database: the ones of other
        # programs (demo data) are set aside, so that what a test counts
        # (notices, e-mails, queries) is its own pairs' doing.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE mentorship_pair SET state = 'cancelled' WHERE program_id != %s",
            [self.program.id],
        )
        self.env.invalidate_all()

    @contextmanager
    def on(self, day, at=time(12, 0)):
        """A new day (a date, or a datetime): fresh caches, frozen clock."""
        moment = day if isinstance(day, datetime) else datetime.combine(day, at)
        self.env.invalidate_all()
        with freeze_time(moment):
            yield
        self.env.invalidate_all()

    def run_cron(self, model, method, day):
        with self.on(day):
            return getattr(self.env[model], method)()

    def notices(self, records, user=None):
        domain = [
            ("activity_type_id", "=", self.notice_type.id),
            ("res_model", "=", records._name),
            ("res_id", "in", records.ids),
        ]
        if user:
            domain.append(("user_id", "=", user.id))
        return self.env["mail.activity"].search(domain)

    def outbox(self):
        """What people could receive: e-mails, messages, activities."""
        return (
            self.env["mail.mail"].search_count([]),
            self.env["mail.message"].search_count([]),
            self.env["mail.activity"].search_count([]),
        )

    def count_queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    @contextmanager
    def failing(self, model, method, bad):
        """``model.method`` raises whenever it is called on ``bad``."""
        cls = type(self.env[model])
        original = getattr(cls, method)

        def broken(records, *args, **kwargs):
            if bad & records:
                raise ValueError("broken record")
            return original(records, *args, **kwargs)

        with patch.object(cls, method, broken), mute_logger(BATCH_LOGGER):
            yield

    def new_pair(self, mentee=None, mentor=None, **values):
        """Another pair of the same people, with ``values`` written as superuser."""
        pair = self._active_pair(mentee or self.mentee_alice, mentor or self.mentor_mona)
        if values:
            pair.write(values)
        return pair
