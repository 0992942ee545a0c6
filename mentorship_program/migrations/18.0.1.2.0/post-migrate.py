"""18.0.1.2.0: the leaders' record rules on the reports resolve the
organisation in the report's own query.

``security/mentorship_security.xml`` is ``noupdate``: an update keeps the
rules' old domain, ``('mentee_employee_id.parent_id', 'child_of', ...)``,
which costs one query per level of the organisation for every tile a
leader reads. Give the two rules the domain the file now declares.
"""

LEADER_RULES = (
    "mentorship_program.mentorship_pair_report_rule_leader",
    "mentorship_program.mentorship_session_report_rule_leader",
)
OLD_LEAF = "('mentee_employee_id.parent_id', 'child_of', user.employee_ids.ids)"
NEW_LEAF = "('mentee_reports_to_id', 'in', user.employee_ids.ids)"


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
