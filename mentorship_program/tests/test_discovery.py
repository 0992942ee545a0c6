"""Point 9: who mentors whom is not discoverable by colleagues.

Alice (mentee) and Mona (mentor) are an active pair with a planned session;
Bob (a portal user) and Max are another pair. Everyone else asks Odoo's
tables (calendar events and attendees, followers, messages, notifications,
activities) through the calls an RPC client makes, and learns nothing.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ActivePairCase

NAMES = ("Alice", "Mona")  # the people of the pair everyone else asks about


class DiscoveryCase(ActivePairCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        employee = "base.group_user"
        cls.user_line_manager = mail_new_test_user(
            cls.env, login="mentorship_lina", name="Lina Line Manager", groups=employee
        )
        cls.employee_alice.parent_id = cls.env["hr.employee"].create(
            {"name": "Lina Line Manager", "user_id": cls.user_line_manager.id}
        )
        cls.user_hr_officer = mail_new_test_user(
            cls.env,
            login="mentorship_hr_app",
            name="Hugo HR App Manager",
            groups=f"{employee},hr.group_hr_manager",
        )
        cls.user_sysadmin = mail_new_test_user(
            cls.env,
            login="mentorship_sysadmin",
            name="Sid Sysadmin",
            groups=f"{employee},base.group_system",
        )
        cls.user_debug = mail_new_test_user(
            cls.env,
            login="mentorship_debug",
            name="Dora Debug",
            groups=f"{employee},base.group_no_one",
        )
        cls.user_mentorship_admin = mail_new_test_user(
            cls.env,
            login="mentorship_admin",
            name="Ada Mentorship Admin",
            groups=f"{employee},mentorship_program.group_mentorship_admin",
        )
        cls.company_2 = cls.env["res.company"].create({"name": "Mentorship Subsidiary"})
        cls.user_hr_2 = mail_new_test_user(
            cls.env,
            login="mentorship_hr_2",
            name="Hugo HR Subsidiary",
            groups=f"{employee},mentorship_program.group_mentorship_manager",
            company_id=cls.company_2.id,
            company_ids=[Command.set(cls.company_2.ids)],
        )
        # Bob is a portal user, mentored by Max: in a pair, not in this one.
        cls.user_bob.groups_id = [Command.set([cls.env.ref("base.group_portal").id])]
        cls.pair_bob = cls._active_pair(cls.mentee_bob, cls.mentor_max)

    def setUp(self):
        super().setUp()
        self.session = self._plan()
        self.event = self.session.event_id
        self.pair.with_user(self.user_alice).message_post(
            body="See you on Monday", message_type="comment", subtype_xmlid="mail.mt_comment"
        )

    def outsiders(self):
        """Everyone who is not in Alice and Mona's pair and may not read it."""
        return (
            self.user_carl,  # a colleague in no pair
            self.user_line_manager,  # Alice's line manager
            self.user_hr_officer,  # Employees app manager
            self.user_sysadmin,  # Odoo administrator (Settings), not in Mentorship
            self.user_debug,  # an employee in debug mode
            self.user_hr_2,  # Mentorship Manager of another company
            self.user_bob,  # a portal user in another pair
            self.user_max,  # a mentor of another pair
        )

    def assertNothingNamed(self, value, where):
        for name in NAMES:
            self.assertNotIn(name, str(value), where)

    def assertRefusedNeutrally(self, call, where):
        with self.assertRaises(AccessError) as caught, self.env.cr.savepoint():
            call()
        self.assertNothingNamed(caught.exception, where)
        return str(caught.exception)


@tagged("post_install", "-at_install")
class TestSessionEvents(DiscoveryCase):
    def _calendar_fields(self, Event):
        views = Event.get_views([(False, "calendar")])
        return list(views["models"]["calendar.event"]["fields"])

    def test_outsiders_never_find_a_session_event(self):
        window = [
            ("start", "<=", fields.Datetime.now() + timedelta(days=7)),
            ("stop", ">=", fields.Datetime.now() - timedelta(days=1)),
        ]
        alice, mona = self.user_alice.partner_id, self.user_mona.partner_id
        for user in self.outsiders():
            # Each RPC call starts with an empty cache: nothing read as
            # superuser in the set-up may answer for the user.
            self.env.invalidate_all()
            with self.subTest(user=user.login):
                Event = self.env["calendar.event"].with_user(user).with_context(active_test=False)
                # Portal users have no calendar view; employees ask as the view does.
                fnames = (
                    self._calendar_fields(Event) if not user.share else ["name", "start", "stop"]
                )
                seen = Event.search_read(window, fnames)
                self.assertNotIn(self.event.id, [row["id"] for row in seen])
                for domain in (
                    [("res_model", "=", "mentorship.session")],
                    [("res_id", "=", self.session.id)],
                    [("partner_ids", "in", alice.ids)],
                    [("user_id", "=", self.user_mona.id)],
                    [("id", "=", self.event.id)],
                    [("name", "ilike", "Mentorship")],
                ):
                    self.assertFalse(Event.search_count(domain), domain)
                    self.assertFalse(
                        Event.read_group(domain, ["user_id"], ["user_id"]), f"read_group {domain}"
                    )
                self.assertFalse(Event.name_search("Mentorship"))
                event = Event.browse(self.event.id)
                self.assertRefusedNeutrally(
                    lambda event=event, fnames=fnames: event.read(fnames), user.login
                )
                self.assertRefusedNeutrally(
                    lambda event=event: event.write({"name": "x"}), user.login
                )
                if user.share:
                    continue  # portal users read neither partners nor the calendar
                # The calendar view's attendee details: nothing, or a refusal.
                Partner = self.env["res.partner"].with_user(user)
                try:
                    with self.env.cr.savepoint():
                        details = Partner.browse((alice | mona).ids).get_attendee_detail(
                            [self.event.id]
                        )
                except AccessError as error:
                    details = []
                    self.assertNothingNamed(error, user.login)
                self.assertFalse(details)
                self.env.invalidate_all()
                partners = Partner.browse((alice | mona).ids).read(["meeting_ids", "meeting_count"])
                self.assertEqual([p["meeting_ids"] for p in partners], [[], []])
                self.assertEqual([p["meeting_count"] for p in partners], [0, 0])

    def test_outsiders_never_read_its_attendees(self):
        for user in self.outsiders():
            if user.share:
                continue  # portal users have no access to attendees at all
            self.env.invalidate_all()
            with self.subTest(user=user.login):
                Attendee = self.env["calendar.attendee"].with_user(user)
                self.assertFalse(Attendee.search_read([("event_id", "=", self.event.id)]))
                self.assertFalse(
                    Attendee.search([("partner_id", "=", self.user_alice.partner_id.id)])
                )
                groups = Attendee.read_group([], ["partner_id"], ["partner_id"])
                self.assertNothingNamed(groups, user.login)
                attendees = self.event.attendee_ids.with_user(user)
                message = self.assertRefusedNeutrally(
                    lambda attendees=attendees: attendees.read(["partner_id", "state"]),
                    user.login,
                )
                self.assertNotIn("Busy", message)
                self.assertRefusedNeutrally(
                    lambda attendees=attendees: attendees.write({"state": "declined"}),
                    user.login,
                )

    def test_a_cancelled_session_event_stays_hidden(self):
        self.session.with_user(self.user_alice).action_cancel()
        self.assertFalse(self.event.active)
        Event = self.env["calendar.event"].with_user(self.user_carl)
        self.assertFalse(Event.with_context(active_test=False).search([("id", "=", self.event.id)]))
        self.assertFalse(
            self.env["calendar.attendee"]
            .with_user(self.user_carl)
            .search([("event_id", "=", self.event.id)])
        )

    def test_the_pair_reads_its_event_and_attendees(self):
        for user in (self.user_alice, self.user_mona):
            with self.subTest(user=user.login):
                event = self.event.with_user(user)
                self.assertIn("Mona Mentor / Alice Mentee", event.read(["name"])[0]["name"])
                self.assertEqual(
                    event.attendee_ids.with_user(user).read(["partner_id"])[0]["partner_id"][0]
                    in (self.user_alice.partner_id | self.user_mona.partner_id).ids,
                    True,
                )
                self.assertEqual(len(event.attendee_ids), 2)
        # The mentee moves the session: the event follows for both.
        self.session.with_user(self.user_alice).write(
            {"date_start": fields.Datetime.now() + timedelta(days=2)}
        )
        self.assertEqual(self.event.start, self.session.date_start)

    def test_other_events_are_untouched(self):
        """Odoo's own rules for every other event: a colleague still reads a
        private meeting of others as 'Busy', and its attendee rows."""
        meeting = (
            self.env["calendar.event"]
            .with_user(self.user_max)
            .create(
                {
                    "name": "Budget review",
                    "start": fields.Datetime.now() + timedelta(days=3),
                    "stop": fields.Datetime.now() + timedelta(days=3, hours=1),
                    "privacy": "private",
                    "partner_ids": [Command.set(self.user_line_manager.partner_id.ids)],
                }
            )
        )
        self.env.invalidate_all()
        Event = self.env["calendar.event"].with_user(self.user_carl)
        self.assertEqual(Event.search([("id", "=", meeting.id)]), meeting)
        self.assertEqual(meeting.with_user(self.user_carl).read(["name"])[0]["name"], "Busy")
        attendees = self.env["calendar.attendee"].with_user(self.user_carl)
        self.assertEqual(len(attendees.search([("event_id", "=", meeting.id)])), 1)


@tagged("post_install", "-at_install")
class TestFollowersAndMessages(DiscoveryCase):
    def test_outsiders_read_no_follower_message_notification_or_activity(self):
        documents = [
            (self.pair._name, self.pair.id),
            (self.session._name, self.session.id),
            ("calendar.event", self.event.id),
            (self.mentee_alice._name, self.mentee_alice.id),
        ]
        follower_ids = self.env["mail.followers"].search(
            [("res_model", "in", [m for m, _ in documents])]
        )
        self.assertTrue(follower_ids)
        notification = self.env["mail.notification"].search(
            [("mail_message_id.model", "=", self.pair._name)]
        )
        self.assertTrue(notification, "Mona was notified of Alice's message")
        for user in self.outsiders():
            own = user.partner_id
            self.env.invalidate_all()
            with self.subTest(user=user.login):
                if not user.share:  # portal users may not read followers at all
                    Followers = self.env["mail.followers"].with_user(user)
                    rows = Followers.search_read(
                        [("res_model", "in", [m for m, _ in documents])],
                        ["res_model", "res_id", "partner_id"],
                    )
                    self.assertFalse(
                        [
                            row
                            for row in rows
                            if (row["res_model"], row["res_id"]) in documents
                            and row["partner_id"][0] != own.id
                        ]
                    )
                    self.assertFalse(
                        Followers.search([("partner_id", "=", self.user_alice.partner_id.id)])
                    )
                    groups = Followers.read_group(
                        [("res_model", "like", "mentorship")], ["partner_id"], ["partner_id"]
                    )
                    self.assertNothingNamed(groups, user.login)
                    self.assertRefusedNeutrally(
                        lambda Followers=Followers: Followers.browse(follower_ids.ids).read(
                            ["partner_id"]
                        ),
                        user.login,
                    )
                Notification = self.env["mail.notification"].with_user(user)
                self.assertFalse(
                    Notification.search([("id", "in", notification.ids)]), "notifications"
                )
                self.assertNothingNamed(
                    Notification.search_read([], ["mail_message_id", "res_partner_id"]), user.login
                )
                for model, res_id in documents:
                    domain = [("model", "=", model), ("res_id", "=", res_id)]
                    self.assertFalse(
                        self.env["mail.message"].with_user(user).search_read(domain, ["body"]),
                        f"messages of {model}",
                    )
                    if not user.share:
                        self.assertFalse(
                            self.env["mail.activity"]
                            .with_user(user)
                            .search_read(
                                [("res_model", "=", model), ("res_id", "=", res_id)], ["res_name"]
                            ),
                            f"activities of {model}",
                        )

    def test_members_and_hr_keep_their_chatter(self):
        pair_followers = self.env["mail.followers"].search(
            [("res_model", "=", self.pair._name), ("res_id", "=", self.pair.id)]
        )
        for user in (self.user_alice, self.user_mona, self.user_hr, self.user_mentorship_admin):
            with self.subTest(user=user.login):
                pair = self.pair.with_user(user)
                self.assertEqual(
                    set(pair.read(["message_follower_ids"])[0]["message_follower_ids"]),
                    set(pair_followers.ids),
                )
                self.assertEqual(
                    self.env["mail.followers"]
                    .with_user(user)
                    .search([("res_model", "=", self.pair._name), ("res_id", "=", self.pair.id)]),
                    pair_followers,
                )
        # Mona answers in the chatter; Alice is notified and reads the notification.
        message = self.pair.with_user(self.user_mona).message_post(
            body="Monday works", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        notification = message.notification_ids.filtered(
            lambda n: n.res_partner_id == self.user_alice.partner_id
        )
        self.assertTrue(notification)
        self.assertEqual(
            self.env["mail.notification"]
            .with_user(self.user_alice)
            .search([("id", "in", notification.ids)]),
            notification,
        )
        self.assertEqual(
            self.env["mail.notification"]
            .with_user(self.user_mona)
            .search([("mail_message_id", "=", message.id)]),
            message.notification_ids,
            "the author sees who was notified",
        )
        self.assertEqual(
            self.env["mail.notification"]
            .with_user(self.user_hr)
            .search([("mail_message_id", "=", message.id)]),
            message.notification_ids,
        )
        # HR logs a note on the pair; members and HR read it, nobody else.
        note = self.pair.with_user(self.user_hr).message_post(
            body="Calibration call booked", subtype_xmlid="mail.mt_note"
        )
        for user in (self.user_alice, self.user_hr):
            self.assertIn(
                note,
                self.env["mail.message"]
                .with_user(user)
                .search([("model", "=", self.pair._name), ("res_id", "=", self.pair.id)]),
            )
        self.assertFalse(
            self.env["mail.message"].with_user(self.user_carl).search([("id", "=", note.id)])
        )
        # Alice unfollows her pair, then follows it again.
        pair = self.pair.with_user(self.user_alice)
        pair.message_unsubscribe(partner_ids=self.user_alice.partner_id.ids)
        self.assertNotIn(self.user_alice.partner_id, self.pair.message_partner_ids)
        pair.message_subscribe(partner_ids=self.user_alice.partner_id.ids)
        self.assertIn(self.user_alice.partner_id, self.pair.message_partner_ids)
        self.assertTrue(pair.message_is_follower)

    def test_a_manager_of_another_company_reads_none_of_them(self):
        Followers = self.env["mail.followers"].with_user(self.user_hr_2)
        self.assertFalse(Followers.search([("res_model", "like", "mentorship.")]))
        self.assertTrue(
            self.env["mail.followers"]
            .with_user(self.user_hr)
            .search([("res_model", "=", self.pair._name), ("res_id", "=", self.pair.id)])
        )

    def test_other_documents_are_untouched(self):
        partner = self.env["res.partner"].create({"name": "Some Customer"})
        partner.message_subscribe(partner_ids=self.user_max.partner_id.ids)
        Followers = self.env["mail.followers"].with_user(self.user_carl)
        self.assertEqual(
            Followers.search([("res_model", "=", "res.partner"), ("res_id", "=", partner.id)]),
            partner.message_follower_ids,
        )


@tagged("post_install", "-at_install")
class TestConfidentialByConstruction(DiscoveryCase):
    def test_every_module_model_with_a_chatter_is_covered(self):
        Guarded = self.env.registry["mentorship.guarded.mixin"]
        Thread = self.env.registry["mail.thread"]
        with_chatter = {
            name
            for name, cls in self.env.registry.items()
            if issubclass(cls, Guarded) and issubclass(cls, Thread) and not cls._abstract
        }
        self.assertLessEqual(
            {"mentorship.pair", "mentorship.session", "mentorship.plan", "mentorship.request"},
            with_chatter,
        )
        self.assertEqual(
            set(self.env["mail.followers"]._mentorship_confidential_models()), with_chatter
        )
        ThreadGuard = self.env.registry["mentorship.thread.guard"]
        for name in with_chatter:
            with self.subTest(model=name):
                mro = type(self.env[name]).__mro__
                self.assertLess(
                    mro.index(ThreadGuard),
                    mro.index(Thread),
                    "the chatter checks access first: list mentorship.thread.guard first in _inherit",
                )
