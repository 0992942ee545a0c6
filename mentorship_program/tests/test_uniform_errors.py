"""Point 9: an unknown id and somebody else's id get the same answer.

For every record of Alice and Mona's pair (the pair, a session, a note, the
mentee's enrollment, a request, the plan, an objective, a milestone) and
every call an RPC client can make on it (CRUD, export, copy, onchange, the
chatter, and every public method of the module's classes), each outsider
gets exactly the same exception, class and message, as for an id that does
not exist, modulo the id itself; and no message names anyone of the pair.
The same holds for the records a client links to (a session's pair...).
"""

import contextlib
import re
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .test_plan import PlanCase

PAIR_PEOPLE = ("Alice", "Mona")
# Arguments of the public methods that need some: the same for both ids.
METHOD_ARGS = {
    "action_hold": {"reason": "Leave"},
    "action_cancel": {"reason": "Reorganisation"},
    "action_complete_early": {"reason": "Goals met"},
    "action_request_mentor": {"mentor_enrollment_id": 0, "message": "Hello"},
}
# Called through their own generic calls below, or not callable over RPC.
SKIPPED_METHODS = {
    "create",
    "write",
    "unlink",
    "read",
    "copy",
    "export_data",
    "onchange",
    # A search, with no id to compare: the search calls below check what it finds.
    "name_search",
    "init",
    "message_subscribe",
    "mail_allowed_qweb_expressions",
}
# The parent a client may give when creating a record of these models.
CHILDREN = {
    "mentorship.session": ("pair_id", "mentorship.pair", lambda case: {"date_start": case.later}),
    "mentorship.note": ("pair_id", "mentorship.pair", lambda case: {"name": "Notes"}),
    "mentorship.goal": (
        "plan_id",
        "mentorship.plan",
        lambda case: {"name": "Present to the board"},
    ),
    "mentorship.plan.milestone": (
        "plan_id",
        "mentorship.plan",
        lambda case: {"name": "Day 45", "date_due": fields.Date.today()},
    ),
}


def add_outsiders(cls):
    """Everyone who may not read Alice and Mona's pair, one per role."""
    employee = "base.group_user"
    new_user = mail_new_test_user
    cls.user_line_manager = new_user(
        cls.env, login="mentorship_lina", name="Lina Line Manager", groups=employee
    )
    cls.employee_alice.parent_id = cls.env["hr.employee"].create(
        {"name": "Lina Line Manager", "user_id": cls.user_line_manager.id}
    )
    cls.user_hr_officer = new_user(
        cls.env,
        login="mentorship_hr_app",
        name="Hugo HR App Manager",
        groups=f"{employee},hr.group_hr_manager",
    )
    cls.user_sysadmin = new_user(
        cls.env,
        login="mentorship_sysadmin",
        name="Sid Sysadmin",
        groups=f"{employee},base.group_system",
    )
    cls.user_debug = new_user(
        cls.env, login="mentorship_debug", name="Dora Debug", groups=f"{employee},base.group_no_one"
    )
    cls.company_2 = cls.env["res.company"].create({"name": "Mentorship Subsidiary"})
    cls.user_hr_2 = new_user(
        cls.env,
        login="mentorship_hr_2",
        name="Hugo HR Subsidiary",
        groups=f"{employee},mentorship_program.group_mentorship_manager,base.group_no_one",
        company_id=cls.company_2.id,
        company_ids=[Command.set(cls.company_2.ids)],
    )
    cls.user_portal = new_user(
        cls.env, login="mentorship_paul", name="Paul Portal", groups="base.group_portal"
    )
    return (
        cls.user_carl,
        cls.user_line_manager,
        cls.user_hr_officer,
        cls.user_sysadmin,
        cls.user_debug,
        cls.user_hr_2,
        cls.user_portal,
        cls.user_bob,  # the other mentee of the program, in no pair with them
    )


class _RolledBack(Exception):
    pass


def outcome(env, call, record_id):
    """(exception class, message with the id written <id>), or ("returned",
    the result); whatever the call did is rolled back."""

    def anonymous(text):
        # The id asked for, then any other number (the id a refused new
        # message or activity would have had) are left out.
        return re.sub(r"\b\d+\b", "#", re.sub(rf"\b{record_id}\b", "<id>", text))

    with contextlib.suppress(_RolledBack), env.cr.savepoint():
        try:
            result = call()
            env.flush_all()
        except Exception as error:  # noqa: BLE001 - every answer is compared
            answer = type(error).__name__, anonymous(str(error))
        else:
            answer = "returned", anonymous(repr(result))
        raise _RolledBack
    env.invalidate_all()
    return answer


class UniformCase(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsiders = add_outsiders(cls)

    def setUp(self):
        super().setUp()
        self.later = fields.Datetime.now() + timedelta(days=1)
        sudo = self.env
        session = sudo["mentorship.session"].create(
            {"pair_id": self.pair.id, "date_start": self.later}
        )
        note = (
            sudo["mentorship.note"]
            .with_user(self.user_alice)
            .create({"pair_id": self.pair.id, "name": "Fears", "body": "<p>The board</p>"})
        )
        goal = sudo["mentorship.goal"].create({"plan_id": self.plan.id, "name": "Lead a meeting"})
        request = sudo["mentorship.request"].create(
            {
                "program_id": self.program.id,
                "mentee_enrollment_id": self.mentee_alice.id,
                "mentor_enrollment_id": self.mentor_max.id,
            }
        )
        self.records = {
            "mentorship.pair": self.pair,
            "mentorship.session": session,
            "mentorship.note": note.sudo(),
            "mentorship.enrollment": self.mentee_alice,
            "mentorship.request": request,
            "mentorship.plan": self.plan,
            "mentorship.goal": goal,
            "mentorship.plan.milestone": self.plan.milestone_ids[:1],
            "mentorship.profile": sudo["mentorship.profile"].search(
                [("employee_id", "=", self.employee_alice.id)]
            ),
        }
        for model, record in self.records.items():
            self.assertTrue(record, model)
        self.env.flush_all()

    def unknown_id(self, model):
        last = self.env[model].with_context(active_test=False).search([], order="id desc", limit=1)
        return last.id + 1000

    def calls(self, record):
        """(label, call) of everything an RPC client can do with ``record``."""
        Model = type(record)
        calls = [
            ("read", lambda r: r.read(["display_name"])),
            ("read all", lambda r: r.read()),
            ("web_read", lambda r: r.web_read({"display_name": {}})),
            ("export_data", lambda r: r.export_data(["display_name"])),
            ("copy", lambda r: r.copy()),
            ("unlink", lambda r: r.unlink()),
            ("get_metadata", lambda r: r.get_metadata()),
            (
                "onchange",
                lambda r: r.onchange({"id": r.id}, ["display_name"], {"display_name": {}}),
            ),
        ]
        writable = sorted(record._client_write_fields - {"sequence", "active"})
        if writable:
            field = record._fields[writable[0]]
            value = {"char": "x", "text": "x", "html": "<p>x</p>", "boolean": True}.get(
                field.type, False
            )
            calls.append(("write", lambda r, name=field.name, value=value: r.write({name: value})))
        calls.append(("write system field", lambda r: r.write({"create_date": False})))
        if "message_post" in dir(Model):
            calls += [
                ("message_post", lambda r: r.message_post(body="hello")),
                (
                    "message_subscribe",
                    lambda r: r.message_subscribe(partner_ids=r.env.user.partner_id.ids),
                ),
                (
                    "message_unsubscribe",
                    lambda r: r.message_unsubscribe(partner_ids=r.env.user.partner_id.ids),
                ),
            ]
        if "activity_schedule" in dir(Model):
            calls.append(("activity_schedule", lambda r: r.activity_schedule(summary="x")))
        for name in sorted(self.public_methods(Model)):
            kwargs = dict(METHOD_ARGS.get(name, {}))
            if name == "action_request_mentor":
                kwargs["mentor_enrollment_id"] = self.mentor_mona.id
            calls.append((name, lambda r, name=name, kwargs=kwargs: getattr(r, name)(**kwargs)))
        return calls

    @staticmethod
    def public_methods(Model):
        names = set()
        for cls in Model.__mro__:
            if not cls.__module__.startswith("odoo.addons.mentorship_program"):
                continue
            names.update(
                name
                for name, value in vars(cls).items()
                if not name.startswith("_") and callable(value) and name not in SKIPPED_METHODS
            )
        return names

    def assertSameAnswer(self, user, model, label, call, other_id, unknown_id):
        Model = self.env[model].with_user(user)
        answers = []
        for record_id in (other_id, unknown_id):
            self.env.invalidate_all()  # each RPC call starts with an empty cache
            answers.append(
                outcome(
                    self.env, lambda record_id=record_id: call(Model.browse(record_id)), record_id
                )
            )
        other, unknown = answers
        self.assertEqual(other, unknown, f"{model}.{label} as {user.login}")
        if other[0] == "returned":  # a polite no (message_subscribe's False) at most
            self.assertIn(other[1], ("False", "None"), f"{model}.{label} as {user.login} did it")
        for name in PAIR_PEOPLE:
            self.assertNotIn(name, other[1], f"{model}.{label} as {user.login}")


@tagged("post_install", "-at_install")
class TestUnknownAndOthersAlike(UniformCase):
    def test_every_call_on_every_record(self):
        for user in self.outsiders:
            for model, record in self.records.items():
                unknown_id = self.unknown_id(model)
                for label, call in self.calls(record):
                    with self.subTest(user=user.login, model=model, call=label):
                        self.assertSameAnswer(user, model, label, call, record.id, unknown_id)

    def test_searches_find_nothing(self):
        for user in self.outsiders:
            for model, record in self.records.items():
                ids = [record.id, self.unknown_id(model)]
                with self.subTest(user=user.login, model=model):
                    Model = self.env[model].with_user(user)
                    self.env.invalidate_all()
                    if not Model.has_access("read"):
                        continue  # no access to the model at all (portal users)
                    self.assertFalse(Model.search_read([("id", "in", ids)], ["display_name"]))
                    self.assertFalse(Model.search_count([("id", "in", ids)]))
                    self.assertFalse(
                        Model.read_group([("id", "in", ids)], ["id"], [])[0]["__count"]
                    )
                    found = Model.name_search("Alice") + Model.name_search("Mona")
                    self.assertNotIn(record.id, [record_id for record_id, _name in found])

    def test_linking_to_another_pairs_records(self):
        for user in self.outsiders:
            for model, (parent_field, parent_model, values) in CHILDREN.items():
                parent = self.records[parent_model]
                unknown_id = self.unknown_id(parent_model)

                def create(parent_record, model=model, parent_field=parent_field, values=values):
                    vals = {parent_field: parent_record.id, **values(self)}
                    return parent_record.env[model].create(vals)

                def form(parent_record, model=model, parent_field=parent_field):
                    Child = parent_record.env[model]
                    spec = {name: {} for name in Child._fields if name not in ("id",)}
                    spec[parent_field] = {"fields": {"display_name": {}}}
                    return Child.onchange({parent_field: parent_record.id}, [parent_field], spec)

                for label, call in (("create", create), ("onchange", form)):
                    with self.subTest(user=user.login, model=model, call=label):
                        self.assertSameAnswer(
                            user, parent_model, f"{model} {label}", call, parent.id, unknown_id
                        )

    def test_asking_a_mentor_by_id(self):
        """A mentee asking for a mentor gives an id too: a mentee's
        enrollment (not a mentor) and an unknown id are refused alike."""
        self.program.write({"matching_mode": "self_request"})
        enrollment = self.mentee_bob.with_user(self.user_bob)
        answers = [
            outcome(
                self.env,
                lambda record_id=record_id: enrollment.action_request_mentor(record_id, "Hi"),
                record_id,
            )
            for record_id in (self.mentee_alice.id, self.unknown_id("mentorship.enrollment"))
        ]
        self.assertEqual(answers[0], answers[1])
        for name in PAIR_PEOPLE:
            self.assertNotIn(name, answers[0][1])


@tagged("post_install", "-at_install")
class TestPortalRoutesAlike(UniformCase, HttpCase):
    def test_routes_answer_alike(self):
        unknown = {model: self.unknown_id(model) for model in self.records}
        routes = [
            ("mentorship.pair", "/my/mentorship/pair/{}"),
            ("mentorship.note", "/my/mentorship/journal/{}"),
            ("mentorship.enrollment", "/my/mentorship/enrollment/{}"),
            ("mentorship.enrollment", "/my/mentorship/enrollment/{}/suggestions"),
        ]
        posts = [
            ("mentorship.pair", "/my/mentorship/pair/{}/accept"),
            ("mentorship.request", "/my/mentorship/request/{}/accept"),
            ("mentorship.note", "/my/mentorship/journal/{}/delete"),
            ("mentorship.enrollment", "/my/mentorship/enrollment/{}/withdraw"),
        ]
        for login in ("mentorship_carl", "mentorship_paul", "mentorship_bob"):
            self.authenticate(login, login)
            home = self.url_open("/my")
            token = re.search(r'csrf_token: "([^"]+)"', home.text).group(1)
            for model, url in routes + posts:
                answers = []
                for record_id in (self.records[model].id, unknown[model]):
                    if (model, url) in posts:
                        response = self.url_open(url.format(record_id), data={"csrf_token": token})
                    else:
                        response = self.url_open(url.format(record_id))
                    body = re.sub(r'csrf_token[^,"]*["][^"]*"', "", response.text)
                    # A form's token carries its expiry second: two pages a
                    # second apart differ there.
                    body = re.sub(r"\b[0-9a-f]{40}o\d+\b", "<csrf>", body)
                    # Both ids read <id> in both pages (one may also be a
                    # number of the page, an image's height...).
                    ids = {self.records[model].id, unknown[model]}
                    alternatives = "|".join(map(str, ids))
                    body = re.sub(rf"\b({alternatives})\b", "<id>", body)
                    answers.append((response.status_code, response.url, body))
                with self.subTest(login=login, url=url):
                    self.assertEqual(answers[0][:2], answers[1][:2])
                    self.assertEqual(answers[0][2], answers[1][2])
                    for name in PAIR_PEOPLE:
                        self.assertNotIn(f"{name} M", answers[0][2])
