from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ActivePairCase


@tagged("post_install", "-at_install")
class TestSessionCalendar(ActivePairCase):
    def test_session_invites_both_people_in_a_private_event(self):
        start = (self.now + timedelta(days=2)).replace(hour=9, minute=0, second=0)
        session = self._plan(start=start, agenda="<p>My first 30 days</p>")
        self.assertEqual(session.state, "planned")
        self.assertEqual(session.kind, "check_in", "the program's only cadence kind")
        self.assertEqual(session.duration, 1.0, "the check-in cadence lasts one hour")
        event = session.event_id
        self.assertTrue(event)
        self.assertEqual(event.partner_ids, self.user_alice.partner_id | self.user_mona.partner_id)
        self.assertEqual(
            event.attendee_ids.partner_id, self.user_alice.partner_id | self.user_mona.partner_id
        )
        self.assertEqual(event.start, start)
        self.assertEqual(event.stop, start + timedelta(hours=1))
        self.assertEqual(event.user_id, self.user_mona, "the mentor organises")
        self.assertEqual(event.privacy, "private")
        self.assertEqual((event.res_model, event.res_id), ("mentorship.session", session.id))
        self.assertIn("Mona Mentor", event.name)
        self.assertNotIn("30 days", event.description or "", "the agenda stays on the session")
        self.assertFalse(session.activity_ids, "no extra 'Meeting' activity on the session")
        # Both people follow the session; a colleague cannot read the event
        # at all (test_discovery.py: not even as a "Busy" slot).
        self.assertLessEqual(
            self.user_alice.partner_id | self.user_mona.partner_id, session.message_partner_ids
        )
        self.env.invalidate_all()  # the record cache is shared by users
        with self.assertRefused(AccessError, "no such record, or not one you may see"):
            event.with_user(self.user_carl).read(["name", "description"])

    def test_cadence_gives_kind_and_duration(self):
        self.program.write(
            {
                "cadence_ids": [
                    Command.create({"session_type": "shadowing", "duration_hours": 6.0}),
                ]
            }
        )
        session = self._plan(kind="shadowing")
        self.assertEqual(session.duration, 6.0)
        self.assertEqual(session.event_id.stop, session.date_start + timedelta(hours=6))
        explicit = self._plan(kind="shadowing", duration=3.0)
        self.assertEqual(explicit.duration, 3.0)

    def test_reschedule_moves_the_event(self):
        session = self._plan()
        later = session.date_start + timedelta(days=3)
        session.with_user(self.user_mona).write({"date_start": later, "duration": 1.5})
        self.assertEqual(session.event_id.start, later)
        self.assertEqual(session.event_id.stop, later + timedelta(hours=1.5))
        self.assertEqual(self.pair.next_session_date, later)

    def test_cancel_archives_the_event(self):
        session = self._plan()
        event = session.event_id
        session.with_user(self.user_mona).action_cancel()
        self.assertEqual(session.state, "cancelled")
        self.assertFalse(event.active)
        self.assertEqual(session.event_id, event, "the link stays for history")
        self.assertFalse(self.pair.next_session_date)
        with self.assertRefused(UserError, "cannot be cancelled: it is cancelled"):
            session.with_user(self.user_alice).action_cancel()


@tagged("post_install", "-at_install")
class TestSessionLogging(ActivePairCase):
    def setUp(self):
        super().setUp()
        self.session = self._plan()
        self.after_start = self.session.date_start + timedelta(hours=2)

    def test_log_as_done(self):
        with freeze_time(self.after_start):
            self.session.with_user(self.user_mona).action_done()
        self.assertEqual(self.session.state, "done")
        self.assertEqual(self.session.hours_spent, 1.0, "the planned duration by default")
        self.assertTrue(self.session.event_id.active, "it happened: the event stays")
        self.assertEqual(self.pair.session_done_count, 1)
        self.assertEqual(self.pair.last_session_date, self.session.date_start)
        self.assertFalse(self.pair.next_session_date)

    def test_time_spent_is_kept_when_given(self):
        self.session.with_user(self.user_alice).write({"hours_spent": 1.75})
        with freeze_time(self.after_start):
            self.session.with_user(self.user_alice).action_done()
        self.assertEqual(self.session.hours_spent, 1.75)
        with self.assertRefused(ValidationError, "Time Spent"):
            self.session.with_user(self.user_alice).write({"hours_spent": -1})

    def test_no_show(self):
        with freeze_time(self.after_start):
            self.session.with_user(self.user_alice).action_no_show()
        self.assertEqual(self.session.state, "no_show")
        self.assertEqual(self.pair.session_done_count, 0)
        self.assertFalse(self.pair.last_session_date)
        with freeze_time(self.after_start), self.assertRefused(UserError, "is no-show"):
            self.session.with_user(self.user_alice).action_done()

    def test_logging_before_the_start_is_refused(self):
        with self.assertRefused(UserError, "once it has started"):
            self.session.with_user(self.user_mona).action_done()
        with self.assertRefused(UserError, "once it has started"):
            self.session.with_user(self.user_mona).action_no_show()
        self.assertEqual(self.session.state, "planned")
        self.assertEqual(self.session.hours_spent, 0)

    def test_logging_needs_an_active_pair(self):
        self.pair.write({"state": "on_hold"})
        with freeze_time(self.after_start), self.assertRefused(UserError, "is on hold, not active"):
            self.session.with_user(self.user_mona).action_done()
        self.assertEqual(self.session.state, "planned")

    def test_batch_stats_on_the_pair(self):
        second = self._plan(start=self.session.date_start + timedelta(days=7))
        third = self._plan(start=self.session.date_start + timedelta(days=14))
        self.assertEqual(self.pair.next_session_date, self.session.date_start)
        with freeze_time(second.date_start + timedelta(hours=1)):
            (self.session | second).with_user(self.user_alice).action_done()
        self.assertEqual(self.pair.session_done_count, 2)
        self.assertEqual(self.pair.last_session_date, second.date_start)
        self.assertEqual(self.pair.next_session_date, third.date_start)
        self.assertEqual(self.pair.session_count, 3)

    def test_stats_cost_the_same_queries_for_one_pair_or_many(self):
        pairs = self.pair
        for mentee, mentor in (
            (self.mentee_bob, self.mentor_max),
            (self.mentee_alice, self.mentor_max),
            (self.mentee_bob, self.mentor_mona),
        ):
            pair = self._active_pair(mentee, mentor)
            self._plan(user=self.user_hr, pair=pair)
            pairs |= pair

        def queries(records):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records._compute_session_stats()
            records._compute_session_count()
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(pairs), queries(self.pair))
        self.assertEqual(pairs.mapped("session_count"), [1, 1, 1, 1])


@tagged("post_install", "-at_install")
class TestSessionRatings(ActivePairCase):
    def setUp(self):
        super().setUp()
        self.session = self._plan()
        with freeze_time(self.session.date_start + timedelta(hours=1)):
            self.session.with_user(self.user_alice).action_done()

    def _ratings(self):
        return self.env["mentorship.session.rating"].search([("session_id", "=", self.session.id)])

    def test_each_side_rates_only_for_themselves(self):
        self.session.with_user(self.user_alice).write({"my_rating": 4})
        self.session.with_user(self.user_mona).write({"my_rating": 5})
        self.assertEqual(
            {(r.side, r.rater_user_id, r.rating) for r in self._ratings()},
            {("mentee", self.user_alice, 4), ("mentor", self.user_mona, 5)},
        )
        # Each reads their own rating only: not the other side's.
        self.env.invalidate_all()
        self.assertEqual(self.session.with_user(self.user_alice).my_rating, 4)
        self.assertEqual(self.session.with_user(self.user_mona).my_rating, 5)
        # Changing one's rating changes one's own only.
        self.session.with_user(self.user_alice).write({"my_rating": 3})
        self.assertEqual(self._ratings().filtered(lambda r: r.side == "mentor").rating, 5)
        # HR has no side: refused, like a session that does not exist.
        with self.assertRefused(AccessError, "no such record"):
            self.session.with_user(self.user_hr).write({"my_rating": 1})
        self.assertEqual(sorted(self._ratings().mapped("rating")), [3, 5])

    def test_rating_range(self):
        for bad in (6, -1, 42):
            with self.assertRefused(ValidationError, "must be between 1 and 5|cannot be negative"):
                self.session.with_user(self.user_alice).write({"my_rating": bad})
        self.assertFalse(self._ratings())
        self.session.with_user(self.user_alice).write({"my_rating": 2})
        with self.assertRefused(ValidationError, "must be between 1 and 5"):
            self.session.with_user(self.user_alice).write({"my_rating": 0})
        self.assertEqual(self._ratings().rating, 2)

    def test_rating_only_after_a_done_session(self):
        planned = self._plan()
        with self.assertRefused(ValidationError, "once it is logged as done"):
            planned.with_user(self.user_alice).write({"my_rating": 3})
        self.assertFalse(
            self.env["mentorship.session.rating"].search([("session_id", "=", planned.id)])
        )


@tagged("post_install", "-at_install")
class TestSessionBadInput(ActivePairCase):
    def _sessions(self):
        return self.env["mentorship.session"].search([("pair_id", "=", self.pair.id)])

    def _events(self):
        return self.env["calendar.event"].search([("res_model", "=", "mentorship.session")])

    def test_planned_session_in_the_past_is_refused(self):
        events = self._events()
        with self.assertRefused(UserError, "'Start' .* is in the past"):
            self._plan(start=self.now - timedelta(hours=1))
        self.assertFalse(self._sessions())
        self.assertEqual(self._events(), events, "no calendar event left behind")
        session = self._plan()
        start = session.date_start
        with self.assertRefused(UserError, "is in the past"):
            session.with_user(self.user_alice).write({"date_start": self.now - timedelta(days=1)})
        self.assertEqual(session.date_start, start)
        self.assertEqual(session.event_id.start, start)

    def test_session_on_a_pair_that_is_not_active_is_refused(self):
        for state in ("pending", "declined", "cancelled", "completed", "expired"):
            self.pair.write({"state": state})
            with self.assertRefused(UserError, "sessions can only be planned for an active pair"):
                self._plan()
        self.assertFalse(self._sessions())

    def test_rescheduling_only_while_planned(self):
        session = self._plan()
        with freeze_time(session.date_start + timedelta(hours=1)):
            session.with_user(self.user_alice).action_done()
            with self.assertRefused(UserError, "only a planned session of an active pair"):
                session.with_user(self.user_alice).write(
                    {"date_start": session.date_start + timedelta(days=1)}
                )

    def test_state_and_pair_are_not_edited_directly(self):
        session = self._plan()
        with self.assertRefused(AccessError, r"'Status' \(state\) cannot be written"):
            session.with_user(self.user_alice).write({"state": "done"})
        with self.assertRefused(AccessError, r"'Calendar Event' \(event_id\) cannot be written"):
            session.with_user(self.user_alice).write({"event_id": False})
        bob_pair = self._active_pair(self.mentee_bob, self.mentor_max)
        with self.assertRefused(AccessError, r"'Pair' \(pair_id\) cannot be written"):
            session.with_user(self.user_hr).write({"pair_id": bob_pair.id})
        # A default sent in the context fills no field a client may not set.
        created = (
            self.env["mentorship.session"]
            .with_user(self.user_alice)
            .with_context(default_state="done")
            .create({"pair_id": self.pair.id, "date_start": self.now + timedelta(days=1)})
        )
        self.assertEqual(created.state, "planned")
        self.assertEqual(session.state, "planned")
        self.assertEqual(session.pair_id, self.pair)

    def test_duration_range(self):
        with self.assertRefused(ValidationError, "Duration"):
            self._plan(duration=0)
        with self.assertRefused(ValidationError, "Duration"):
            self._plan(duration=25)


@tagged("post_install", "-at_install")
class TestSessionAccess(ActivePairCase):
    def setUp(self):
        super().setUp()
        self.session = self._plan(agenda="<p>Agenda</p>")
        self.session.with_user(self.user_mona).write({"notes": "<p>Shared notes</p>"})

    def test_pair_reads_the_content_and_hr_the_metadata(self):
        for user in (self.user_alice, self.user_mona):
            values = self.session.with_user(user).read(["agenda", "notes"])[0]
            self.assertIn("Shared notes", values["notes"], user.name)
            self.assertIn("Agenda", values["agenda"], user.name)
        for user in (self.user_alice, self.user_mona, self.user_hr):
            self.assertEqual(
                self.env["mentorship.session"]
                .with_user(user)
                .search([("pair_id", "=", self.pair.id)]),
                self.session,
                user.name,
            )
        values = self.session.with_user(self.user_hr).read(
            ["date_start", "kind", "duration", "state", "agenda", "notes"]
        )[0]
        self.assertEqual((values["kind"], values["state"]), ("check_in", "planned"))
        self.assertFalse(values["agenda"])
        self.assertFalse(values["notes"])

    def test_other_employees_and_line_managers_get_nothing(self):
        # Carl manages Alice: he sees her participation elsewhere, never the content.
        self.employee_alice.parent_id = self.employee_carl
        Session = self.env["mentorship.session"]
        for user in (self.user_carl, self.user_bob, self.user_max):
            self.assertFalse(Session.with_user(user).search([]), user.name)
            with self.assertRefused(AccessError):
                self.session.with_user(user).read(["notes"])
            with self.assertRefused(AccessError):
                self.session.with_user(user).write({"notes": "<p>overwritten</p>"})
            with self.assertRefused(AccessError):
                self.session.with_user(user).action_cancel()
            with self.assertRefused(AccessError):
                self._plan(user=user)
        self.env.invalidate_all()
        self.assertIn("Shared notes", self.session.notes)
        self.assertEqual(self.session.state, "planned")

    def test_employees_cannot_delete_sessions(self):
        with self.assertRefused(AccessError):
            self.session.with_user(self.user_alice).unlink()
        with self.assertRefused(AccessError):
            self.session.with_user(self.user_hr).unlink()

    def test_admin_delete_removes_the_event(self):
        event = self.session.event_id
        self.session.with_env(self.env).unlink()
        self.assertFalse(event.exists())

    def test_forms_open_for_the_pair_and_hr(self):
        for user in (self.user_alice, self.user_mona, self.user_hr):
            Form(self.session.with_user(user))
        with Form(self.env["mentorship.session"].with_user(self.user_alice)) as form:
            self.assertEqual(form.pair_id, self.pair, "her only active pair by default")
            form.agenda = "<p>Feedback on my presentation</p>"
        self.assertEqual(form.record.state, "planned")
        self.assertTrue(form.record.event_id)
        self.env.invalidate_all()
        self.assertIn("presentation", form.record.agenda)
        # HR's form of the same session shows no agenda to fill in.
        self.assertFalse(form.record.with_user(self.user_hr).agenda)

    def test_multi_company(self):
        company_2 = self.env["res.company"].create({"name": "Session Subsidiary"})
        user_hr_2 = mail_new_test_user(
            self.env,
            login="mentorship_session_hr_2",
            name="Hugo HR Subsidiary",
            groups="base.group_user,mentorship_program.group_mentorship_manager",
            company_id=company_2.id,
            company_ids=[(6, 0, company_2.ids)],
        )
        self.assertFalse(self.env["mentorship.session"].with_user(user_hr_2).search([]))
        with self.assertRefused(AccessError):
            self.session.with_user(user_hr_2).read(["notes"])
