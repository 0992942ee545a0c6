from odoo import fields, models


class MentorshipCareerDriver(models.Model):
    """What motivates a mentee's career (growth, expertise, leadership...)."""

    _name = "mentorship.career.driver"
    _description = "Mentorship Career Driver"
    _order = "sequence, name"
    _inherit = ["mentorship.guarded.mixin"]
    # Administrators keep the list of career drivers.
    _client_write_fields = frozenset({"name", "sequence", "color", "active"})

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "unique(name)", "A career driver with this name exists."),
    ]
