# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Mentorship Program Appraisals",
    "summary": "Mentorship in OCA appraisals: the employee's mentorship summary for the "
    "appraisal period, and development areas that become target skills of the next intake",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Mentorship",
    "website": "https://github.com/mentorship-program/mentorship_program",
    "author": "Mentorship Program contributors",
    "license": "AGPL-3",
    "depends": ["mentorship_program", "hr_appraisal_oca"],
    "data": [
        "security/ir.model.access.csv",
        "security/mentorship_appraisal_security.xml",
        "views/mentorship_appraisal_templates.xml",
        "views/hr_appraisal_views.xml",
        "views/mentorship_enrollment_views.xml",
        "views/portal_templates.xml",
    ],
    "auto_install": True,
}
