from datetime import timedelta

from odoo import Command, fields

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ActivePairCase


class PrivacyCase(ActivePairCase):
    """One user per role around the active pair Alice (mentee) - Mona (mentor).

    * ``user_carl``: a colleague in no pair;
    * ``user_lena``: Alice's line manager;
    * ``user_hr_officer``: an Employees-app manager who is no Mentorship Manager;
    * ``user_surveys``: a Surveys officer;
    * ``user_hr``: a Mentorship Manager (the program's manager);
    * ``user_mentorship_admin``: a Mentorship Administrator;
    * ``user_admin``: Odoo's administrator;
    * ``user_paul``: a portal user, mentee of Max in another pair;
    * ``user_hr_2``: a Mentorship Manager of a second company.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_user = mail_new_test_user
        env = cls.env
        cls.user_lena = new_user(
            env, login="privacy_lena", name="Lena Line", groups="base.group_user"
        )
        cls.employee_lena = env["hr.employee"].create(
            {"name": "Lena Line", "user_id": cls.user_lena.id}
        )
        cls.employee_alice.parent_id = cls.employee_lena
        cls.user_hr_officer = new_user(
            env,
            login="privacy_hr_officer",
            name="Omar Employees Manager",
            groups="base.group_user,hr.group_hr_manager",
        )
        cls.user_surveys = new_user(
            env,
            login="privacy_surveys",
            name="Sofia Surveys",
            groups="base.group_user,survey.group_survey_manager",
        )
        cls.user_mentorship_admin = new_user(
            env,
            login="privacy_mentorship_admin",
            name="Ada Mentorship Admin",
            groups="base.group_user,mentorship_program.group_mentorship_admin",
        )
        cls.user_admin = env.ref("base.user_admin")
        cls.company_2 = env["res.company"].create({"name": "Privacy Subsidiary"})
        cls.user_hr_2 = new_user(
            env,
            login="privacy_hr_2",
            name="Hugo HR Subsidiary",
            groups="base.group_user,mentorship_program.group_mentorship_manager",
            company_id=cls.company_2.id,
            company_ids=[Command.set(cls.company_2.ids)],
        )
        cls.user_paul = new_user(
            env, login="privacy_paul", name="Paul Portal", groups="base.group_portal"
        )
        cls.employee_paul = env["hr.employee"].create(
            {"name": "Paul Portal", "user_id": cls.user_paul.id}
        )
        cls.mentee_paul = cls._approved_mentee(cls.employee_paul, cls.skill_strategy)
        cls.pair_paul = cls._active_pair(cls.mentee_paul, cls.mentor_max)
        # Everyone may export, so that the tests show what an export holds.
        export_group = env.ref("base.group_allow_export")
        users = cls.user_alice | cls.user_mona | cls.user_max | cls.user_paul
        users |= cls.user_carl | cls.user_lena | cls.user_hr_officer | cls.user_surveys
        users |= cls.user_hr | cls.user_mentorship_admin | cls.user_admin | cls.user_hr_2
        users.write({"groups_id": [Command.link(export_group.id)]})

    # Everyone who is not Alice or Mona, whatever their rights elsewhere.
    def _outsiders(self):
        return {
            "colleague": self.user_carl,
            "line manager": self.user_lena,
            "employees manager": self.user_hr_officer,
            "surveys manager": self.user_surveys,
            "mentorship manager": self.user_hr,
            "mentorship admin": self.user_mentorship_admin,
            "odoo admin": self.user_admin,
            "portal user in another pair": self.user_paul,
            "other company manager": self.user_hr_2,
        }

    def _done_session(self, pair=None, days_ago=1, user=None):
        """A session of ``pair`` (Alice-Mona) held and logged as done."""
        session = self._plan(user=user or (pair or self.pair).mentee_user_id, pair=pair)
        session.sudo().write(
            {"date_start": fields.Datetime.now() - timedelta(days=days_ago), "state": "done"}
        )
        return session
