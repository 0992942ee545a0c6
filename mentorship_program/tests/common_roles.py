"""The ten roles of the access matrix, around two active pairs with every
record of the module hanging off them.

Alice (internal user) is mentored by Mona; Bob, a portal user, by Max. Both
pairs were published from a match run and accepted by both people, so each
has its 90-day plan; a second run of the same program is left proposed (its
proposals are still editable). The roles:

=========================  ===================================================
mentee                     Alice
mentor                     Mona
colleague                  Carl, an employee in no pair
line_manager               Lina, Alice's manager in the Employees app
employees_manager          Emil, Employees administrator, no Mentorship role
mentorship_manager         Hana (HR), Mentorship Manager
mentorship_admin           Ada, Mentorship Administrator
odoo_admin                 Odoo's administrator (base.user_admin)
portal_member              Bob, portal user, mentee of the portal pair
other_company_manager      Hugo, Mentorship Manager of a second company only
=========================  ===================================================
"""

from datetime import timedelta

from odoo import Command, fields

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MatchingCase

MODULE = "mentorship_program"


def module_models(env):
    """The models of the module, read from the database: those it defines
    (``ir.model`` rows with its external ids, whose original module it is)
    and those it extends with fields of its own (``ir.model.fields`` rows
    with its external ids; a model it only overrides methods of adds
    nothing to write). Returns ``(own, extended)``, two ``ir.model``
    recordsets; abstract models are left out (no table, nothing to write)."""
    Data = env["ir.model.data"].sudo()
    model_ids = Data.search([("module", "=", MODULE), ("model", "=", "ir.model")]).mapped("res_id")
    field_ids = Data.search([("module", "=", MODULE), ("model", "=", "ir.model.fields")]).mapped(
        "res_id"
    )
    with_fields = env["ir.model.fields"].sudo().browse(field_ids).model_id
    models = (env["ir.model"].sudo().browse(model_ids) | with_fields).filtered(
        lambda m: m.model in env and not env[m.model]._abstract
    )
    own = models.filtered(lambda m: env[m.model]._original_module == MODULE)
    return own, (models - own) & with_fields


def module_fields(env, model_name):
    """The ``ir.model.fields`` rows of ``model_name`` the module defines or
    redefines (its external ids)."""
    field_ids = (
        env["ir.model.data"]
        .sudo()
        .search([("module", "=", MODULE), ("model", "=", "ir.model.fields")])
        .mapped("res_id")
    )
    return env["ir.model.fields"].sudo().browse(field_ids).filtered(lambda f: f.model == model_name)


class RolesCase(MatchingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_bob.groups_id = [Command.set(env.ref("base.group_portal").ids)]
        Employee = env["hr.employee"]
        cls.user_lina = mail_new_test_user(
            env, login="mentorship_lina", name="Lina Line Manager", groups="base.group_user"
        )
        cls.employee_lina = Employee.create(
            {"name": "Lina Line Manager", "user_id": cls.user_lina.id}
        )
        cls.user_emil = mail_new_test_user(
            env,
            login="mentorship_emil",
            name="Emil Employees Admin",
            groups="base.group_user,hr.group_hr_manager",
        )
        cls.employee_emil = Employee.create(
            {"name": "Emil Employees Admin", "user_id": cls.user_emil.id}
        )
        cls.user_ada = mail_new_test_user(
            env,
            login="mentorship_ada",
            name="Ada Mentorship Admin",
            groups="base.group_user,mentorship_program.group_mentorship_admin",
        )
        cls.employee_ada = Employee.create(
            {"name": "Ada Mentorship Admin", "user_id": cls.user_ada.id}
        )
        cls.user_odoo_admin = env.ref("base.user_admin")
        cls.company_2 = env["res.company"].create({"name": "Mentorship Subsidiary"})
        cls.user_hr_2 = mail_new_test_user(
            env,
            login="mentorship_hr_2",
            name="Hugo HR Subsidiary",
            groups="base.group_user,mentorship_program.group_mentorship_manager",
            company_id=cls.company_2.id,
            company_ids=[Command.set(cls.company_2.ids)],
        )
        cls.employee_hugo = Employee.create(
            {
                "name": "Hugo HR Subsidiary",
                "user_id": cls.user_hr_2.id,
                "company_id": cls.company_2.id,
            }
        )
        cls.roles = {
            "mentee": cls.user_alice,
            "mentor": cls.user_mona,
            "colleague": cls.user_carl,
            "line_manager": cls.user_lina,
            "employees_manager": cls.user_emil,
            "mentorship_manager": cls.user_hr,
            "mentorship_admin": cls.user_ada,
            "odoo_admin": cls.user_odoo_admin,
            "portal_member": cls.user_bob,
            "other_company_manager": cls.user_hr_2,
        }

        # -- Program: a second kind of meeting, courses tagged with skills ------------
        cls.skill_type_2 = env["hr.skill.type"].create(
            {
                "name": "Mentorship Languages",
                "skill_ids": [Command.create({"name": "Spanish"})],
                "skill_level_ids": [Command.create({"name": "B2", "level_progress": 60})],
            }
        )
        cls.resource_course = env["slide.channel"].create(
            {
                "name": "Coaching in Practice",
                "is_published": True,
                "enroll": "public",
                "mentorship_skill_ids": [
                    Command.set((cls.skill_coaching | cls.skill_strategy).ids)
                ],
            }
        )
        cls.survey = env["survey.survey"].create({"title": "Mentorship pulse"})
        cls.job = env["hr.job"].create(
            {
                "name": "Head of Coaching",
                "is_critical_role": True,
                "mentorship_required_skill_ids": [
                    Command.create(
                        {
                            "skill_type_id": cls.skill_type.id,
                            "skill_id": cls.skill_coaching.id,
                            "skill_level_id": cls.level_advanced.id,
                        }
                    )
                ],
            }
        )
        cls.program.write(
            {
                "cadence_ids": [Command.create({"session_type": "feedback", "interval_number": 3})],
                "resource_channel_ids": [Command.link(cls.resource_course.id)],
                "milestone_ids": [Command.create({"name": "Ten active pairs"})],
            }
        )
        cls.mentor_max.capacity = 4
        cls.employee_mona_strategy = env["hr.employee.skill"].create(
            {
                "employee_id": cls.employee_mona.id,
                "skill_type_id": cls.skill_type.id,
                "skill_id": cls.skill_strategy.id,
                "skill_level_id": cls.level_advanced.id,
            }
        )
        # An open program nobody is enrolled in yet, for enrollments made in tests.
        cls.program_b = env["mentorship.program"].create(
            cls._program_values(name="Women in Leadership")
        )
        cls.program_b.action_open_enrollment()

        # -- Two runs: one published, one left proposed --------------------------------
        Run = env["mentorship.match.run"].with_user(cls.user_hr)
        cls.match_run = Run.create({"program_id": cls.program.id})
        cls.match_run.action_run()
        cls.run_proposed = Run.create({"program_id": cls.program.id})
        cls.run_proposed.action_run()
        cls.match_run.action_publish()
        pairs = cls.match_run.pair_ids.sudo()
        cls.pair = pairs.filtered(lambda p: p.mentee_enrollment_id == cls.mentee_alice)
        cls.pair_portal = pairs.filtered(lambda p: p.mentee_enrollment_id == cls.mentee_bob)
        for pair, users in (
            (cls.pair, (cls.user_alice, cls.user_mona)),
            (cls.pair_portal, (cls.user_bob, cls.user_max)),
        ):
            for user in users:
                pair.with_user(user).action_accept()
        cls.employee_alice.parent_id = cls.employee_lina
        cls.main = cls._pair_fixtures(cls.pair, cls.user_alice, cls.mentee_alice)
        cls.portal = cls._pair_fixtures(cls.pair_portal, cls.user_bob, cls.mentee_bob)

    @classmethod
    def _pair_fixtures(cls, pair, mentee_user, mentee):
        """The records hanging off ``pair``: its plan, a milestone, an
        objective, a session planned and one done, the mentee's note."""
        env = cls.env
        plan = pair.plan_ids
        now = fields.Datetime.now().replace(microsecond=0)
        Session = env["mentorship.session"]
        session = Session.create({"pair_id": pair.id, "date_start": now + timedelta(days=2)})
        session_done = Session.create({"pair_id": pair.id, "date_start": now + timedelta(days=3)})
        session_done.write({"date_start": now - timedelta(days=1), "state": "done"})
        note = (
            env["mentorship.note"]
            .with_user(mentee_user)
            .create({"pair_id": pair.id, "name": "My reflections", "body": "<p>Private.</p>"})
        )
        goal = plan.goal_ids.filtered("skill_id")[:1]
        return {
            "pair": pair,
            "mentee_enrollment": mentee,
            "mentor_enrollment": pair.mentor_enrollment_id,
            "plan": plan,
            "milestone": plan.milestone_ids[:1],
            "goal": goal,
            "goal_resource": env["mentorship.goal.resource"].search([("goal_id", "=", goal.id)])[
                :1
            ],
            "session": session,
            "session_done": session_done,
            "note": note,
            "target_skill": mentee.target_skill_ids[:1],
        }
