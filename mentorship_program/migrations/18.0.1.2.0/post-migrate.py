"""18.0.1.2.0: the leaders' record rules on the reports resolve the
organisation in the report's own query; HR's enrollment rules leave out the
mentee intakes that wait for the employee's manager.

``security/mentorship_security.xml`` is ``noupdate``: an update keeps the
rules' old domain, ``('mentee_employee_id.parent_id', 'child_of', ...)``,
which costs one query per level of the organisation for every tile a
leader reads, and HR's enrollment rules would show HR the intakes waiting
for a manager's approval. Give those rules the domain the file now declares
(the line managers' new rules are created by the update itself).
"""

LEADER_RULES = (
    "mentorship_program.mentorship_pair_report_rule_leader",
    "mentorship_program.mentorship_session_report_rule_leader",
)
OLD_LEAF = "('mentee_employee_id.parent_id', 'child_of', user.employee_ids.ids)"
NEW_LEAF = "('mentee_reports_to_id', 'in', user.employee_ids.ids)"
HR_ENROLLMENT_RULES = {
    "mentorship_enrollment_rule_manager": (
        "['|', '|', ('state', '!=', 'manager_review'), "
        "('employee_id.parent_id.user_id', '=', False), "
        "('program_id.manager_approval', '=', False)]"
    ),
    "mentorship_enrollment_skill_rule_manager": (
        "['|', '|', ('enrollment_id.state', '!=', 'manager_review'), "
        "('enrollment_id.employee_id.parent_id.user_id', '=', False), "
        "('enrollment_id.program_id.manager_approval', '=', False)]"
    ),
}


def migrate(cr, version):
    for xmlid in LEADER_RULES:
        module, name = xmlid.split(".")
        cr.execute(
            """
            UPDATE ir_rule r SET domain_force = replace(r.domain_force, %s, %s)
              FROM ir_model_data d
             WHERE d.module = %s AND d.name = %s AND d.model = 'ir.rule' AND d.res_id = r.id
            """,
            (OLD_LEAF, NEW_LEAF, module, name),
        )
    for name, domain in HR_ENROLLMENT_RULES.items():
        cr.execute(
            """
            UPDATE ir_rule r SET domain_force = %s
              FROM ir_model_data d
             WHERE d.module = 'mentorship_program' AND d.name = %s AND d.model = 'ir.rule'
               AND d.res_id = r.id
            """,
            (domain, name),
        )
