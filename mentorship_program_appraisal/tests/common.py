"""Appraisals of the mentorship fixtures' people, with OCA's roles: the
appraisal's manager, an HR officer of appraisals, a colleague."""

from odoo import Command

from odoo.addons.mail.tests.common import mail_new_test_user

APPRAISAL_USER = "hr_appraisal_oca.group_appraisal_user"
APPRAISAL_OFFICER = "hr_appraisal_oca.group_appraisal_hr_officer"


class AppraisalRolesMixin:
    """Lina manages Alice and Rex; Olga is an HR officer of appraisals; Carl
    (an appraisal user) and Dora (no appraisal group at all) are colleagues;
    Pat is a portal user."""

    @classmethod
    def _setup_appraisal_roles(cls):
        env = cls.env
        Employee = env["hr.employee"]

        def person(login, name, groups="base.group_user," + APPRAISAL_USER):
            user = mail_new_test_user(env, login=login, name=name, groups=groups)
            return user, Employee.create({"name": name, "user_id": user.id})

        cls.user_lina, cls.employee_lina = person("appraisal_lina", "Lina Line Manager")
        cls.user_olga, cls.employee_olga = person(
            "appraisal_olga", "Olga Officer", groups="base.group_user," + APPRAISAL_OFFICER
        )
        cls.user_dora, cls.employee_dora = person(
            "appraisal_dora", "Dora Plain Employee", groups="base.group_user"
        )
        cls.user_pat, cls.employee_pat = person(
            "appraisal_pat", "Pat Portal", groups="base.group_portal"
        )
        cls.employee_rex = Employee.create({"name": "Rex Report"})
        (cls.employee_alice | cls.employee_rex).write({"parent_id": cls.employee_lina.id})
        (cls.user_alice | cls.user_carl | cls.user_mona | cls.user_max).write(
            {"groups_id": [Command.link(env.ref(APPRAISAL_USER).id)]}
        )

    @classmethod
    def _appraisal(cls, employee, date_close, manager=None, **values):
        return (
            cls.env["hr.appraisal"]
            .sudo()
            .create(
                {
                    "employee_id": employee.id,
                    "manager_ids": [Command.set((manager or cls.employee_lina).ids)],
                    "date_close": date_close,
                    **values,
                }
            )
            .sudo(False)
        )
