from odoo import fields, models

from ..program_settings import config_fields


class ResConfigSettings(models.TransientModel):
    """Settings > Mentorship: the defaults of the company's new programs, one
    field per company setting of program_settings.py.

    Existing programs keep their own values; each program can still change
    any of them on its form.
    """

    _inherit = "res.config.settings"
    # The Settings page writes through to the company's defaults.
    _mentorship_client_write_fields = frozenset(
        {*config_fields(), "mentorship_high_potential_tag_id"}
    )
    _mentorship_system_fields = frozenset()

    locals().update(config_fields())

    mentorship_high_potential_tag_id = fields.Many2one(
        related="company_id.mentorship_high_potential_tag_id", readonly=False
    )
