"""Access rights and record rules, checked over every model of the module as
the database lists them (``ir.model``), not over a hand-kept list: a new
model fails these tests until someone decides who may do what with it."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_roles import RolesCase, module_models

GROUPS = (
    "base.group_portal",
    "mentorship_program.group_mentorship_user",
    "mentorship_program.group_mentorship_manager",
    "mentorship_program.group_mentorship_admin",
)
# Models that belong to no company, and why: their records are shared by all.
COMPANY_FREE = {
    "mentorship.career.driver": "a catalogue of motivations, the same in every company",
    "mentorship.availability.slot": "the half-days of the week, the same in every company",
}


@tagged("post_install", "-at_install")
class TestAccessRules(RolesCase):
    def test_models_are_found_in_the_database(self):
        own, extended = module_models(self.env)
        # A sanity check of the enumeration itself, not a list to maintain.
        self.assertIn("mentorship.pair", own.mapped("model"))
        self.assertIn("mentorship.pair.close", own.mapped("model"))
        self.assertIn("hr.employee", extended.mapped("model"))
        self.assertNotIn("mentorship.guarded.mixin", own.mapped("model"))

    def test_every_model_has_an_acl_row_for_every_group(self):
        own, _extended = module_models(self.env)
        groups = self.env["res.groups"].union(*(self.env.ref(xmlid) for xmlid in GROUPS))
        missing = []
        for model in own:
            rows = self.env["ir.model.access"].search([("model_id", "=", model.id)])
            for group in groups - rows.group_id:
                missing.append(f"{model.model}: no row for {group.full_name}")
            if rows.filtered(lambda r: not r.group_id):
                missing.append(f"{model.model}: a row for everyone (no group)")
        self.assertFalse(missing, "\n".join(missing))

    def _reaches_company(self, model_name):
        """A company_id of its own, or a required many-to-one to a model that has one."""
        Model = self.env[model_name]
        if "company_id" in Model._fields:
            return True
        return any(
            field.type == "many2one"
            and field.required
            and "company_id" in self.env[field.comodel_name]._fields
            for field in Model._fields.values()
        )

    def test_every_model_of_a_company_has_a_company_rule(self):
        own, _extended = module_models(self.env)
        problems = []
        for model in own:
            reaches = self._reaches_company(model.model)
            if model.model in COMPANY_FREE:
                if reaches:
                    problems.append(f"{model.model} reaches a company: give it a company rule")
                continue
            if not reaches:
                problems.append(
                    f"{model.model}: belongs to no company; give it one, or say why in COMPANY_FREE"
                )
                continue
            rules = self.env["ir.rule"].search([("model_id", "=", model.id), ("global", "=", True)])
            if not rules.filtered(lambda r: "company_ids" in (r.domain_force or "")):
                problems.append(f"{model.model}: no global rule on the user's companies")
        self.assertFalse(problems, "\n".join(problems))

    def test_required_skills_of_jobs_stay_in_their_company(self):
        job_2 = self.env["hr.job"].create(
            {"name": "Subsidiary Lead", "company_id": self.company_2.id}
        )
        line_2 = self.env["mentorship.job.skill"].create(
            {
                "job_id": job_2.id,
                "skill_type_id": self.skill_type.id,
                "skill_id": self.skill_strategy.id,
                "skill_level_id": self.level_advanced.id,
            }
        )
        shared_job = self.env["hr.job"].create({"name": "Group Coach", "company_id": False})
        shared_line = self.env["mentorship.job.skill"].create(
            {
                "job_id": shared_job.id,
                "skill_type_id": self.skill_type.id,
                "skill_id": self.skill_strategy.id,
                "skill_level_id": self.level_advanced.id,
            }
        )
        JobSkill = self.env["mentorship.job.skill"].with_user(self.user_hr)
        visible = JobSkill.search([])
        self.assertIn(self.job.mentorship_required_skill_ids, visible)
        self.assertIn(shared_line, visible, "a job of no company is shared")
        self.assertNotIn(line_2, visible)
        with self.assertRefused(AccessError):
            line_2.with_user(self.user_hr).read(["skill_id"])
        with self.assertRefused(AccessError):
            line_2.with_user(self.user_hr).write({"skill_level_id": self.level_beginner.id})
        self.assertEqual(JobSkill.with_user(self.user_hr_2).search([]), line_2 | shared_line)


@tagged("post_install", "-at_install")
class TestWizardRecords(RolesCase):
    """Transient records (cancel reasons, suggestions, enrollment wizards) are
    their creator's: nobody else reads or writes them by id, HR and
    administrators included, and the creator only within their companies."""

    def _wizards(self):
        """{model: (creator, record)}, one for every transient model."""
        Close = self.env["mentorship.pair.close"].with_user(self.user_hr)
        close = Close.create(
            {"pair_ids": [Command.set(self.pair.ids)], "closure": "cancelled", "reason": "Tension"}
        )
        enroll = (
            self.env["mentorship.enrollment.enroll"]
            .with_user(self.user_hr)
            .create(
                {
                    "program_id": self.program_b.id,
                    "employee_ids": [Command.set(self.employee_carl.ids)],
                }
            )
        )
        enrollment_import = (
            self.env["mentorship.enrollment.import"]
            .with_user(self.user_hr)
            .create({"program_id": self.program_b.id})
        )
        action = self.mentee_alice.with_user(self.user_alice).action_find_mentor()
        suggestion = (
            self.env["mentorship.mentor.suggestion"]
            .with_user(self.user_alice)
            .browse(action["res_id"])
        )
        suggestion._system_write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "rank": 9,
                            "mentor_enrollment_ref": self.mentor_max.id,
                            "mentor_name": "Max",
                        }
                    )
                ]
            }
        )
        line = suggestion.sudo().line_ids[-1:].with_user(self.user_alice)
        erase = (
            self.env["mentorship.participant.erase"]
            .with_user(self.user_hr)
            .create({"employee_id": self.employee_carl.id})
        )
        credit = self.env["mentorship.credit"].create(
            {
                "employee_id": self.employee_mona.id,
                "company_id": self.company.id,
                "source": "session_hours",
                "amount": 2.0,
                "date": "2031-01-02",
                "year": 2031,
            }
        )
        reverse = (
            self.env["mentorship.credit.reverse"]
            .with_user(self.user_hr)
            .create({"credit_id": credit.id, "reason": "Probe"})
        )
        return {
            "mentorship.credit.reverse": (self.user_hr, reverse),
            "mentorship.participant.erase": (self.user_hr, erase),
            "mentorship.pair.close": (self.user_hr, close),
            "mentorship.enrollment.enroll": (self.user_hr, enroll),
            "mentorship.enrollment.import": (self.user_hr, enrollment_import),
            "mentorship.mentor.suggestion": (self.user_alice, suggestion),
            "mentorship.mentor.suggestion.line": (self.user_alice, line),
        }

    def test_every_transient_model_has_a_creator_rule(self):
        own, _extended = module_models(self.env)
        for model in own.filtered("transient"):
            rules = self.env["ir.rule"].search([("model_id", "=", model.id), ("global", "=", True)])
            self.assertTrue(
                rules.filtered(
                    lambda r: "create_uid" in r.domain_force and "company_ids" in r.domain_force
                ),
                f"{model.model}: no global rule keeping it to its creator and their companies",
            )

    def test_only_the_creator_reads_or_writes_a_wizard(self):
        own, _extended = module_models(self.env)
        wizards = self._wizards()
        self.assertEqual(
            set(own.filtered("transient").mapped("model")) - set(wizards),
            set(),
            "a transient model without a fixture: add one to _wizards()",
        )
        others = (
            self.user_alice,
            self.user_mona,
            self.user_carl,
            self.user_hr,
            self.user_ada,
            self.user_odoo_admin,
            self.user_hr_2,
        )
        for model_name, (creator, record) in wizards.items():
            fname = next(
                name
                for name in ("reason", "program_id", "message", "mentor_name", "employee_id")
                if name in record._fields
            )
            record.with_user(creator).read([fname])
            for user in others:
                if user == creator:
                    continue
                with self.subTest(model=model_name, user=user.login):
                    as_user = record.with_user(user)
                    if (
                        self.env["ir.model.access"]
                        .with_user(user)
                        .check(model_name, "read", raise_exception=False)
                    ):
                        domain = [("id", "=", record.id)]
                        self.assertFalse(as_user.search(domain))
                        self.assertFalse(as_user.search_read(domain, [fname]))
                        groups = as_user.read_group(domain, [], [])
                        self.assertEqual(sum(g["__count"] for g in groups), 0)
                    with self.assertRefused(AccessError):
                        as_user.read([fname])
                    # Refused as someone else's; to whoever may not export at
                    # all, as an export.
                    may_export = user.has_group("base.group_allow_export")
                    with self.assertRefused(AccessError if may_export else UserError):
                        as_user.export_data([fname])
                    with self.assertRefused(AccessError):
                        as_user.write({fname: record.sudo()[fname]})
                    with self.assertRefused(AccessError):
                        as_user.unlink()
            self.assertTrue(record.sudo().exists())

    def test_the_creator_only_within_their_companies(self):
        self.user_hr.company_ids = [Command.link(self.company_2.id)]
        close = (
            self.env["mentorship.pair.close"]
            .with_user(self.user_hr)
            .create({"pair_ids": [Command.set(self.pair.ids)], "reason": "Goals met"})
        )
        self.assertEqual(close.company_id, self.company)
        elsewhere = close.with_context(allowed_company_ids=self.company_2.ids)
        with self.assertRefused(AccessError):
            elsewhere.read(["reason"])
        with self.assertRefused(AccessError):
            elsewhere.write({"reason": "Changed"})
        self.assertEqual(close.reason, "Goals met")

    def test_nobody_opens_suggestions_for_someone_else(self):
        with self.assertRefused(AccessError):
            self.env["mentorship.mentor.suggestion"].with_user(self.user_carl).create(
                {"mentee_enrollment_id": self.mentee_alice.id}
            )
