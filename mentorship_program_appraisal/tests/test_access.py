"""The bridge's model keeps the module's access rules: an ACL row for every
group (none for everyone) and a company rule, as the core module's
test_access_rules.py demands of its own models."""

from odoo.tests import TransactionCase, tagged

from odoo.addons.mentorship_program.tests.test_access_rules import GROUPS

from .common import APPRAISAL_OFFICER

AREA = "mentorship.appraisal.development.area"


@tagged("post_install", "-at_install")
class TestBridgeAccessRules(TransactionCase):
    def test_the_development_area_has_a_row_for_every_group_and_a_company_rule(self):
        model = self.env["ir.model"]._get(AREA)
        rows = self.env["ir.model.access"].search([("model_id", "=", model.id)])
        groups = self.env["res.groups"].union(
            *(self.env.ref(xmlid) for xmlid in (*GROUPS, APPRAISAL_OFFICER))
        )
        self.assertFalse(groups - rows.group_id)
        self.assertFalse(rows.filtered(lambda r: not r.group_id))
        portal = rows.filtered(lambda r: r.group_id == self.env.ref("base.group_portal"))
        self.assertFalse(portal.perm_read or portal.perm_write or portal.perm_create)
        rules = self.env["ir.rule"].search([("model_id", "=", model.id), ("global", "=", True)])
        self.assertTrue(rules.filtered(lambda r: "company_ids" in r.domain_force))
