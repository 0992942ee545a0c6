# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Mentorship Program Dashboard",
    "summary": "A Mentorship dashboard in Odoo's Dashboards app, built on the program's "
    "guarded reporting models",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Mentorship",
    "website": "https://github.com/mentorship-program/mentorship_program",
    "author": "Mentorship Program contributors",
    "license": "AGPL-3",
    "depends": ["mentorship_program", "spreadsheet_dashboard"],
    "data": ["data/dashboards.xml"],
    "assets": {
        "web.assets_tests": [
            "mentorship_program_spreadsheet_dashboard/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
}
