from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..program_settings import COMPANY_PREFIX, COMPANY_SETTINGS, bound_problems, company_fields

COMPANY_SETTING_FIELDS = {s.name: COMPANY_PREFIX + s.name for s in COMPANY_SETTINGS}


class ResCompany(models.Model):
    """Defaults of the company's new mentorship programs (Settings > Mentorship).

    One field per setting marked ``company`` in program_settings.py, named
    ``mentorship_<setting>``, with the table's default and bounds.
    """

    _inherit = "res.company"
    # Defaults the company's administrators set (Settings > Mentorship).
    _mentorship_client_write_fields = frozenset(
        {*COMPANY_SETTING_FIELDS.values(), "mentorship_high_potential_tag_id"}
    )
    _mentorship_system_fields = frozenset()

    locals().update(company_fields())

    # A company setting, not a program's: the program_settings.py table
    # declares what a program carries (numbers, flags, choices with a
    # company default); which tag marks high-potential talent is the
    # company's alone.
    mentorship_high_potential_tag_id = fields.Many2one(
        "hr.employee.category",
        string="High-Potential Tag",
        help="The employee tag that marks high-potential talent, for the retention of "
        "high potentials in the program's outcomes.",
    )

    @api.constrains(*COMPANY_SETTING_FIELDS.values())
    def _check_mentorship_defaults(self):
        for company in self:
            problems = bound_problems(company, COMPANY_SETTING_FIELDS)
            if problems:
                field_name, minimum, maximum = problems[0]
                raise ValidationError(
                    self.env._(
                        "Company %(company)s, mentorship settings: %(field)s must be between "
                        "%(minimum)s and %(maximum)s (got %(value)s).",
                        company=company.display_name,
                        field=company._fields[field_name]._description_string(self.env),
                        minimum=minimum,
                        maximum=maximum,
                        value=company[field_name],
                    )
                )
            if company.mentorship_default_mentor_capacity > company.mentorship_max_mentor_capacity:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s, mentorship settings: Default Mentor Capacity "
                        "(%(default)s) cannot exceed the Maximum Mentor Capacity (%(max)s).",
                        company=company.display_name,
                        default=company.mentorship_default_mentor_capacity,
                        max=company.mentorship_max_mentor_capacity,
                    )
                )
