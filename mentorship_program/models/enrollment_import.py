"""Enrollments from an HR system's file: the Odoo side of the import.

:class:`EnrollmentRowImporter` checks every row of a file (rows as
``importing.read_file`` gives them) against one program, loading what the
rows name (employees, enrollments, jobs, the skill catalogue, languages,
career drivers, availability slots) in a fixed number of queries, and
returns either the errors, each naming its row and column, or the values of
every enrollment to create. It writes nothing: creating is
``mentorship.enrollment._import_enrollments``'s, after every row passed.

How a cell is read:

* ``employee``: a value with an "@" is a work e-mail, otherwise a name; both
  are compared without regard to case, among the employees of the companies
  the importing user works in, and must name exactly one active employee, of
  the program's company.
* ``role``: the enrollment's roles (``mentee``, ``mentor``, or their labels).
* ``target_role``: a job of the program's company (or of none), by name.
* ``target_skills`` (mentees): ``Skill:Level; Skill:Level``, each level one of
  that skill's type; ``expertise`` (mentors): the same, where a skill the
  employee already holds may come without its level (and, with one, must be
  at the level they hold); a skill they do not hold yet becomes one of their
  employee skills at that level, as on the portal intake.
* ``learning_style``: a key or a label of the enrollment's styles;
  ``career_drivers``, ``availability``: names, ``;``-separated;
  ``languages``: active languages by code (``fr_FR``), ISO code or name;
  ``time_zone``: a time zone of Odoo's list (``Europe/Brussels``).
* ``hours_per_month``, ``goals``: the enrollment's own input checks (a
  number, not negative; at most the text size limit); ``capacity``
  (mentors): a whole number from 1 to the program's maximum.
"""

from collections import defaultdict

from odoo import Command
from odoo.tools import SQL

from ..importing import (
    COLUMN_EMPLOYEE,
    COLUMN_ROLE,
    COLUMNS,
    MENTEE_COLUMNS,
    MENTOR_COLUMNS,
    REQUIRED_COLUMNS,
    cell_text,
    is_blank,
    normalise_column,
    split_list,
    split_skill_levels,
)

HEADER_ROW = 1
FIRST_DATA_ROW = 2


class EnrollmentRowImporter:
    """Checks rows of an enrollment file for ``program`` (a record in the
    importing user's environment)."""

    def __init__(self, program):
        self.program = program
        self.env = program.env
        self.Enrollment = self.env["mentorship.enrollment"]
        self.errors = []

    # ------------------------------------------------------------
    # The result
    # ------------------------------------------------------------

    def error(self, row, column, reason):
        self.errors.append({"row": row, "column": column, "reason": reason})

    def check(self, rows):
        """``(errors, rows to create)``: each row to create is
        ``(row number, enrollment values, new expertise)``, the new expertise
        a list of ``(skill, level)`` the employee does not hold yet. Rows to
        create are returned only when there is no error."""
        numbered = self._numbered_rows(rows)
        if self.errors:
            return self.errors, []
        self._load(numbered)
        checked = []
        seen = {}
        for number, row in numbered:
            result = self._check_row(number, row, seen)
            if result:
                checked.append(result)
        return self.errors, [] if self.errors else checked

    # ------------------------------------------------------------
    # Columns
    # ------------------------------------------------------------

    def _numbered_rows(self, rows):
        """[(row number, {column: text})], blank rows left out; the header's
        errors (missing or unknown columns) recorded on row 1."""
        env = self.env
        if not isinstance(rows, (list, tuple)):
            self.error(
                HEADER_ROW, "", env._("The rows must be a list of {column: value} mappings.")
            )
            return []
        numbered = []
        columns = set()
        for index, row in enumerate(rows):
            number = index + FIRST_DATA_ROW
            if not isinstance(row, dict):
                self.error(number, "", env._("This row is not a mapping of columns to values."))
                continue
            clean = {normalise_column(key): cell_text(value) for key, value in row.items()}
            columns.update(clean)
            if not is_blank(clean):
                numbered.append((number, clean))
        for column in REQUIRED_COLUMNS:
            if column not in columns:
                self.error(
                    HEADER_ROW,
                    column,
                    env._("Required column %(column)s is missing.", column=column),
                )
        for column in sorted(columns - set(COLUMNS) - {""}):
            self.error(
                HEADER_ROW,
                column,
                env._(
                    "Unknown column %(column)s; the columns are: %(columns)s.",
                    column=column,
                    columns=", ".join(COLUMNS),
                ),
            )
        if not numbered and not self.errors:
            self.error(HEADER_ROW, "", env._("The file has no rows to import."))
        return numbered

    # ------------------------------------------------------------
    # Loading, in bulk
    # ------------------------------------------------------------

    def _load(self, numbered):
        env = self.env
        program = self.program.sudo()
        self.company = program.company_id
        values = defaultdict(set)
        for _number, row in numbered:
            for column, text in row.items():
                if text:
                    values[column].add(text)
        self._load_employees(values[COLUMN_EMPLOYEE])
        self.taken = {
            (enrollment.employee_id.id, enrollment.role)
            for enrollment in self.Enrollment.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("program_id", "=", program.id),
                    ("employee_id", "in", list({e.id for e in self.employees_by_id.values()})),
                ]
            )
        }
        selection = self.Enrollment._fields["role"]._description_selection(env)
        self.roles = _vocabulary(selection)
        self.learning_styles = _vocabulary(
            self.Enrollment._fields["learning_style"]._description_selection(env)
        )
        self.time_zones = {
            key.lower(): key for key, _label in self.Enrollment._fields["tz"].selection(env)
        }
        self.jobs = {}
        if values["target_role"]:
            jobs_sudo = (
                env["hr.job"].sudo().search([("company_id", "in", [False, self.company.id])])
            )
            self.jobs = _by_names(jobs_sudo, env)
        self.skills, self.levels_by_type = {}, defaultdict(dict)
        if values["target_skills"] or values["expertise"]:
            self.skills = _by_names(env["hr.skill"].sudo().search([]), env)
            for level in env["hr.skill.level"].sudo().search([]):
                self.levels_by_type[level.skill_type_id.id][level.name.strip().lower()] = level
        self.languages = defaultdict(list)
        if values["languages"]:
            for lang in env["res.lang"].sudo().search([("active", "=", True)]):
                for key in {lang.code, lang.iso_code, lang.url_code, lang.name}:
                    if key and lang not in self.languages[key.lower()]:
                        self.languages[key.lower()].append(lang)
        self.drivers = (
            _by_names(env["mentorship.career.driver"].search([]), env)
            if values["career_drivers"]
            else {}
        )
        self.slots = (
            _by_names(env["mentorship.availability.slot"].search([]), env)
            if values["availability"]
            else {}
        )
        self.held_skills = {}
        if values["expertise"]:
            employee_skills_sudo = (
                env["hr.employee.skill"]
                .sudo()
                .search(
                    [("employee_id", "in", list({e.id for e in self.employees_by_id.values()}))]
                )
            )
            self.held_skills = {
                (held.employee_id.id, held.skill_id.id): held for held in employee_skills_sudo
            }

    def _load_employees(self, identifiers):
        """Employees (archived ones too, to say so) of the importing user's
        companies whose work e-mail or name is one of ``identifiers``."""
        env = self.env
        self.by_email, self.by_name, self.employees_by_id = (
            defaultdict(list),
            defaultdict(list),
            {},
        )
        if not identifiers:
            return
        emails = sorted({value.lower() for value in identifiers if "@" in value})
        names = sorted({value.lower() for value in identifiers if "@" not in value})
        # One query for any number of rows (a domain would be one OR per row).
        env["hr.employee"].flush_model(["company_id", "work_email", "name"])
        env.cr.execute(
            SQL(
                "SELECT id FROM hr_employee WHERE company_id = ANY(%s)"
                " AND (lower(work_email) = ANY(%s) OR lower(name) = ANY(%s))",
                env.user.company_ids.ids,
                emails,
                names,
            )
        )
        employees_sudo = env["hr.employee"].sudo().browse([row[0] for row in env.cr.fetchall()])
        for employee in employees_sudo:
            self.employees_by_id[employee.id] = employee
            if employee.work_email:
                self.by_email[employee.work_email.strip().lower()].append(employee)
            self.by_name[(employee.name or "").strip().lower()].append(employee)

    # ------------------------------------------------------------
    # One row
    # ------------------------------------------------------------

    def _check_row(self, number, row, seen):
        env = self.env
        errors_before = len(self.errors)
        if row.get(""):
            self.error(number, "", env._("This row has values beyond the file's columns."))
        employee = self._employee(number, row.get(COLUMN_EMPLOYEE, ""))
        role = self._choice(number, COLUMN_ROLE, row.get(COLUMN_ROLE, ""), self.roles, True)
        if employee and role:
            key = (employee.id, role)
            role_label = dict(self.Enrollment._fields["role"]._description_selection(env))[role]
            if key in self.taken:
                self.error(
                    number,
                    COLUMN_EMPLOYEE,
                    env._(
                        "%(employee)s is already enrolled in %(program)s as %(role)s.",
                        employee=employee.name,
                        program=self.program.sudo().name,
                        role=role_label,
                    ),
                )
            elif key in seen:
                self.error(
                    number,
                    COLUMN_EMPLOYEE,
                    env._(
                        "%(employee)s is enrolled as %(role)s by row %(row)s already: "
                        "each employee and role comes once.",
                        employee=employee.name,
                        role=role_label,
                        row=seen[key],
                    ),
                )
            else:
                seen[key] = number
        vals = {"program_id": self.program.id, "role": role or False}
        if employee:
            vals["employee_id"] = employee.id
        if role:
            role_labels = dict(self.Enrollment._fields["role"]._description_selection(env))
            other_role = "mentor" if role == "mentee" else "mentee"
            for column in MENTOR_COLUMNS if role == "mentee" else MENTEE_COLUMNS:
                if row.get(column):
                    self.error(
                        number,
                        column,
                        env._(
                            "Only a %(role)s's enrollment has this column; leave it empty for "
                            "a %(this_role)s.",
                            role=role_labels[other_role].lower(),
                            this_role=role_labels[role].lower(),
                        ),
                    )
        new_expertise = []
        self._intake(number, row, vals)
        if role == "mentee":
            self._mentee_intake(number, row, vals)
        elif role == "mentor":
            new_expertise = self._mentor_intake(number, row, vals, employee)
        if len(self.errors) > errors_before:
            return None
        return number, vals, new_expertise

    def _employee(self, number, text):
        env = self.env
        if not text:
            self.error(number, COLUMN_EMPLOYEE, env._("An employee is required."))
            return None
        by_email = "@" in text
        found = (self.by_email if by_email else self.by_name).get(text.lower(), [])
        active = [employee for employee in found if employee.active]
        if not found:
            reason = (
                env._("No employee of your companies has the work e-mail %(value)s.", value=text)
                if by_email
                else env._("No employee of your companies is named %(value)s.", value=text)
            )
            self.error(number, COLUMN_EMPLOYEE, reason)
            return None
        if not active:
            self.error(
                number,
                COLUMN_EMPLOYEE,
                env._("Employee %(value)s is archived and cannot be enrolled.", value=text),
            )
            return None
        if len(active) > 1:
            reason = (
                env._(
                    "%(count)s employees have the work e-mail %(value)s.",
                    count=len(active),
                    value=text,
                )
                if by_email
                else env._(
                    "%(count)s employees are named %(value)s: give the work e-mail instead.",
                    count=len(active),
                    value=text,
                )
            )
            self.error(number, COLUMN_EMPLOYEE, reason)
            return None
        employee = active[0]
        if employee.company_id != self.company:
            self.error(
                number,
                COLUMN_EMPLOYEE,
                env._(
                    "%(employee)s is an employee of %(company)s; program %(program)s is of "
                    "%(program_company)s.",
                    employee=employee.name,
                    company=employee.company_id.name,
                    program=self.program.sudo().name,
                    program_company=self.company.name,
                ),
            )
            return None
        return employee

    def _choice(self, number, column, text, vocabulary, required=False):
        """The key of ``text`` in ``vocabulary`` ({key or label, lower case: key})."""
        env = self.env
        if not text:
            if required:
                self.error(number, column, env._("A value is required."))
            return None
        key = vocabulary.get(text.lower())
        if key is None:
            self.error(
                number,
                column,
                env._(
                    "%(value)s is not one of: %(choices)s.",
                    value=text,
                    choices=", ".join(sorted(set(vocabulary.values()))),
                ),
            )
        return key

    def _checked_input(self, number, column, field_name, value):
        """``value`` unless the enrollment's own input checks refuse it."""
        field = self.Enrollment._fields[field_name]
        problem = self.Enrollment._input_problem(field, value)
        if problem:
            self.error(
                number,
                column,
                self.env._(
                    "%(field)s %(problem)s",
                    field=self.Enrollment._field_label(field_name),
                    problem=problem,
                ),
            )
            return None
        return value

    def _records(self, number, column, text, records_by_name):
        """The records ``text`` names (``;``-separated), each exactly one."""
        env = self.env
        found = []
        for name in split_list(text):
            candidates = records_by_name.get(name.lower(), [])
            if len(candidates) == 1:
                if candidates[0] not in found:
                    found.append(candidates[0])
            elif not candidates:
                self.error(number, column, env._("%(value)s is not known.", value=name))
            else:
                self.error(
                    number,
                    column,
                    env._("%(value)s names %(count)s records.", value=name, count=len(candidates)),
                )
        return found

    def _intake(self, number, row, vals):
        """The columns of both roles' intake."""
        if row.get("hours_per_month"):
            hours = self._checked_input(
                number, "hours_per_month", "hours_per_month", row["hours_per_month"]
            )
            if hours is not None:
                vals["hours_per_month"] = float(hours)
        if row.get("time_zone"):
            tz = self.time_zones.get(row["time_zone"].lower())
            if tz:
                vals["tz"] = tz
            else:
                self.error(
                    number,
                    "time_zone",
                    self.env._(
                        "%(value)s is not a time zone (write it as Europe/Brussels, UTC...).",
                        value=row["time_zone"],
                    ),
                )
        if row.get("languages"):
            langs = self._records(number, "languages", row["languages"], self.languages)
            vals["language_ids"] = [Command.set([lang.id for lang in langs])]
        if row.get("availability"):
            slots = self._records(number, "availability", row["availability"], self.slots)
            vals["availability_slot_ids"] = [Command.set([slot.id for slot in slots])]

    def _mentee_intake(self, number, row, vals):
        env = self.env
        if row.get("goals"):
            goals = self._checked_input(number, "goals", "goals", row["goals"])
            if goals is not None:
                vals["goals"] = goals
        if row.get("learning_style"):
            style = self._choice(
                number, "learning_style", row["learning_style"], self.learning_styles
            )
            if style:
                vals["learning_style"] = style
        if row.get("career_drivers"):
            drivers = self._records(number, "career_drivers", row["career_drivers"], self.drivers)
            vals["career_driver_ids"] = [Command.set([driver.id for driver in drivers])]
        if row.get("target_role"):
            jobs = self._records(number, "target_role", row["target_role"], self.jobs)
            if jobs:
                vals["target_job_id"] = jobs[0].id
        lines = []
        for skill, level in self._skill_levels(number, "target_skills", row.get("target_skills")):
            if not level:
                self.error(
                    number,
                    "target_skills",
                    env._("%(skill)s: give the target level as Skill:Level.", skill=skill.name),
                )
                continue
            lines.append(
                Command.create(
                    {
                        "skill_type_id": skill.skill_type_id.id,
                        "skill_id": skill.id,
                        "target_level_id": level.id,
                    }
                )
            )
        if lines:
            vals["target_skill_ids"] = lines

    def _mentor_intake(self, number, row, vals, employee):
        env = self.env
        program = self.program.sudo()
        if row.get("capacity"):
            text = row["capacity"]
            try:
                capacity = int(text)
            except ValueError:
                capacity = None
            if capacity is None or not 1 <= capacity <= program.max_mentor_capacity:
                self.error(
                    number,
                    "capacity",
                    env._(
                        "Capacity must be a whole number between 1 and the program maximum "
                        "of %(max)s (got %(value)s).",
                        max=program.max_mentor_capacity,
                        value=text,
                    ),
                )
            else:
                vals["capacity"] = capacity
        linked, new = [], []
        pairs = self._skill_levels(number, "expertise", row.get("expertise"), employee)
        for skill, level in pairs:
            held = self.held_skills.get((employee.id, skill.id)) if employee else None
            if held:
                if level and level != held.skill_level_id:
                    self.error(
                        number,
                        "expertise",
                        env._(
                            "%(employee)s holds %(skill)s at level %(held)s, not %(level)s: "
                            "correct the employee's skills first, or leave the level out.",
                            employee=employee.name,
                            skill=skill.name,
                            held=held.skill_level_id.name,
                            level=level.name,
                        ),
                    )
                linked.append(held.id)
            elif not level:
                self.error(
                    number,
                    "expertise",
                    env._(
                        "%(skill)s is not one of the employee's skills yet: give its level "
                        "as Skill:Level.",
                        skill=skill.name,
                    ),
                )
            else:
                new.append((skill, level))
        if linked:
            vals["expertise_skill_ids"] = [Command.set(linked)]
        return new

    def _skill_levels(self, number, column, text, employee=None):
        """``[(skill, level or None)]`` of a ``Skill:Level; ...`` cell. A name
        shared by skills of several types is the one whose type has the level
        (for a mentor's expertise, first the one the employee holds)."""
        env = self.env
        result = []
        seen = set()
        for skill_name, level_name in split_skill_levels(text):
            candidates = self.skills.get(skill_name.lower(), [])
            if not candidates:
                self.error(
                    number, column, env._("%(skill)s is not a known skill.", skill=skill_name)
                )
                continue
            if employee and len(candidates) > 1:
                held = [s for s in candidates if (employee.id, s.id) in self.held_skills]
                candidates = held or candidates
            if level_name:
                with_level = [
                    skill
                    for skill in candidates
                    if level_name.lower() in self.levels_by_type[skill.skill_type_id.id]
                ]
                if not with_level:
                    skill = candidates[0]
                    self.error(
                        number,
                        column,
                        env._(
                            "%(level)s is not a level of %(skill)s (%(type)s); its levels "
                            "are: %(levels)s.",
                            level=level_name,
                            skill=skill.name,
                            type=skill.skill_type_id.name,
                            levels=", ".join(
                                level.name
                                for level in self.levels_by_type[skill.skill_type_id.id].values()
                            ),
                        ),
                    )
                    continue
                candidates = with_level
            if len(candidates) > 1:
                self.error(
                    number,
                    column,
                    env._(
                        "%(skill)s is a skill of several types (%(types)s): give its level "
                        "to tell which.",
                        skill=skill_name,
                        types=", ".join(sorted({s.skill_type_id.name for s in candidates})),
                    ),
                )
                continue
            skill = candidates[0]
            if skill.id in seen:
                self.error(
                    number,
                    column,
                    env._("%(skill)s is listed twice.", skill=skill.name),
                )
                continue
            seen.add(skill.id)
            level = (
                self.levels_by_type[skill.skill_type_id.id][level_name.lower()]
                if level_name
                else None
            )
            result.append((skill, level))
        return result


def _vocabulary(selection):
    """{key or label, lower case: key} of a selection."""
    vocabulary = {}
    for key, label in selection:
        vocabulary[key.lower()] = key
        vocabulary[str(label).strip().lower()] = key
    return vocabulary


def _by_names(records, env):
    """{name, lower case: [records]}, by the name in the reader's language
    and in English (a translated catalogue is typed either way)."""
    by_name = defaultdict(list)
    langs = {env.lang or "en_US", "en_US"}
    for lang in langs:
        for record in records.with_context(lang=lang):
            key = (record.name or "").strip().lower()
            if record not in by_name[key]:
                by_name[key].append(record)
    return by_name
