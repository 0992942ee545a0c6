"""Load a program's mentees and mentors into the engine's column arrays.

Everything is read in bulk: a fixed number of queries whatever the number of
enrollments (one ``search`` or ``fetch`` per model and field group, plus one
query per level of the management chain), then the arrays are built in
memory. The caller has checked the user's rights; the loader reads as
superuser what a Mentorship Manager may not see field by field (an
employee's manager, gender or nationality), narrowed to the program's
enrollments.
"""

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pytz

from odoo.exceptions import UserError

from ..engine import MatchingSettings, MenteeProfiles, MentorProfiles
from ..pair_states import LIVE_PAIR_STATES, REMATCH_FIRST_CAUSES

GENDER_CODES = {"male": 1, "female": 2, "other": 3}
# The confidential attributes of the diversity blend, one engine column each:
# (name, employee fields read, the employee's code; 0 when unknown). Only HR
# reads them, compared, in a proposal's reasons; a reason that compares them
# never reaches the mentor or the mentee (matching/explanation.py), so an
# attribute added here is confidential by construction. Give it a label in
# attribute_labels() below.
ATTRIBUTES = (
    ("gender", ("gender",), lambda employee: GENDER_CODES.get(employee.gender, 0)),
    ("nationality", ("country_id",), lambda employee: employee.country_id.id or 0),
)
ATTRIBUTE_NAMES = [name for name, _fields, _code in ATTRIBUTES]
MAX_BITS = 64  # languages and half-days are uint64 bit masks in the engine


def attribute_labels(env):
    """{attribute name: its label in the reader's language}, for HR's reasons."""
    return {"gender": env._("gender"), "nationality": env._("nationality")}


@dataclass
class MatchInputs:
    """What the engine needs, and how to map its indexes back to records."""

    mentees: object  # mentorship.enrollment recordset, in profile order
    mentors: object
    mentee_profiles: MenteeProfiles
    mentor_profiles: MentorProfiles
    settings: MatchingSettings
    skill_ids: list  # hr.skill id of each skill column
    attribute_names: list  # code of each attribute column ("gender", ...)
    language_ids: list  # res.lang id of each language bit
    slot_ids: list  # mentorship.availability.slot id of each half-day bit
    warnings: list = field(default_factory=list)

    @property
    def priority_mentee_ids(self):
        return {
            enrollment_id
            for enrollment_id, priority in zip(self.mentees.ids, self.mentee_profiles.priority)
            if priority > 0
        }


class MatchInputLoader:
    """Build the matching inputs of one program.

    ``locked_proposals`` are proposals of the run being recomputed that HR
    locked: their mentees (for core proposals) leave the pool and their
    mentors' seats are taken before the engine runs.
    """

    def __init__(self, program, locked_proposals=None):
        self.program = program.sudo()
        self.env = self.program.env
        self.locked = (
            locked_proposals.sudo() if locked_proposals else self.env["mentorship.match.proposal"]
        )

    # -- Who takes part -------------------------------------------------------------
    def search_mentees(self):
        """Approved mentees of the program who are in no live core pair."""
        locked_core_mentees = self.locked.filtered(lambda p: p.kind == "core").mentee_enrollment_id
        return self.env["mentorship.enrollment"].search(
            [
                ("program_id", "=", self.program.id),
                ("role", "=", "mentee"),
                ("state", "=", "approved"),
                ("id", "not in", locked_core_mentees.ids),
                (
                    "mentee_pair_ids",
                    "not any",
                    [("kind", "=", "core"), ("state", "in", LIVE_PAIR_STATES)],
                ),
            ],
            order="id",
        )

    def search_mentors(self):
        """Approved mentors of the program who are ready to mentor."""
        return self.env["mentorship.enrollment"].search(
            [
                ("program_id", "=", self.program.id),
                ("role", "=", "mentor"),
                ("state", "=", "approved"),
                ("is_ready", "=", True),
            ],
            order="id",
        )

    def mentor_capacities(self, mentors):
        """Seats left per mentor: capacity - live pairs - locked proposals."""
        used = dict(
            self.env["mentorship.pair"]._read_group(
                [("mentor_enrollment_id", "in", mentors.ids), ("state", "in", LIVE_PAIR_STATES)],
                ["mentor_enrollment_id"],
                ["__count"],
            )
        )
        locked = {}
        for proposal in self.locked:
            locked[proposal.mentor_enrollment_id] = locked.get(proposal.mentor_enrollment_id, 0) + 1
        return np.array(
            [
                max(mentor.capacity - used.get(mentor, 0) - locked.get(mentor, 0), 0)
                for mentor in mentors
            ],
            dtype=np.int64,
        )

    def load(self):
        """Inputs of a full run; raise UserError when there is nothing to match."""
        program = self.program
        mentees = self.search_mentees()
        if not mentees:
            raise UserError(
                self.env._(
                    "Program %(program)s has no mentee to match: no approved mentee "
                    "enrollment is waiting for a mentor (mentees in a pending or "
                    "active pair, or in a locked proposal, are not matched again).",
                    program=program.display_name,
                )
            )
        mentors = self.search_mentors()
        if not mentors:
            raise UserError(
                self.env._(
                    "Program %(program)s has no ready mentor: approve mentor "
                    "enrollments whose readiness rubric, charter and onboarding "
                    "course are complete, then run the matching again.",
                    program=program.display_name,
                )
            )
        capacities = self.mentor_capacities(mentors)
        if not capacities.sum():
            raise UserError(
                self.env._(
                    "Program %(program)s: all %(count)s ready mentors are full "
                    "(their pending and active pairs, and locked proposals, use "
                    "their whole capacity). Raise a mentor's capacity or approve "
                    "more mentors.",
                    program=program.display_name,
                    count=len(mentors),
                )
            )
        return self.build(mentees, mentors, capacities)

    # -- Profiles ---------------------------------------------------------------------
    def build(self, mentees, mentors, capacities, use_history=True):
        """Profiles of ``mentees`` x ``mentors`` (enrollment recordsets)."""
        env = self.env
        program = self.program
        mentees, mentors = mentees.sudo(), mentors.sudo()
        common = ["employee_id", "user_id", "tz", "language_ids", "availability_slot_ids"]
        mentees.fetch(common + ["target_job_id"])
        mentors.fetch(common + ["expertise_skill_ids", "capacity"])
        employees = mentees.employee_id | mentors.employee_id
        employees.fetch(
            ["name", "department_id", "parent_id", "job_id"]
            + [fname for _name, fnames, _code in ATTRIBUTES for fname in fnames]
        )
        warnings = []
        without_user = (mentees | mentors).filtered(lambda e: not e.user_id)
        if without_user:
            warnings.append(
                self.env._(
                    "%(count)s participant(s) have no user (e.g. %(names)s): they get "
                    "the proposal by e-mail but cannot accept it in Odoo until HR "
                    "links a user to their employee.",
                    count=len(without_user),
                    names=", ".join(without_user[:5].employee_id.mapped("name")),
                )
            )

        # Skills: one column per skill that a mentee targets or a mentor offers.
        targets = env["mentorship.enrollment.skill"].search_fetch(
            [("enrollment_id", "in", mentees.ids)], ["enrollment_id", "skill_id", "target_level_id"]
        )
        expertise = mentors.expertise_skill_ids
        expertise.fetch(["employee_id", "skill_id", "skill_level_id"])
        skills = targets.skill_id | expertise.skill_id
        skill_column = {skill.id: column for column, skill in enumerate(skills)}
        current = env["hr.employee.skill"].search_fetch(
            [("employee_id", "in", mentees.employee_id.ids), ("skill_id", "in", skills.ids)],
            ["employee_id", "skill_id", "skill_level_id"],
        )
        level_rank = self._level_ranks()

        mentee_levels = np.zeros((len(mentees), len(skills)), dtype=np.int16)
        target_levels = np.zeros((len(mentees), len(skills)), dtype=np.int16)
        mentee_row_of_employee = {}
        for row, mentee in enumerate(mentees):
            mentee_row_of_employee.setdefault(mentee.employee_id.id, []).append(row)
        mentee_row = {mentee.id: row for row, mentee in enumerate(mentees)}
        for line in current:
            for row in mentee_row_of_employee.get(line.employee_id.id, ()):
                mentee_levels[row, skill_column[line.skill_id.id]] = level_rank.get(
                    line.skill_level_id.id, 0
                )
        for line in targets:
            target_levels[mentee_row[line.enrollment_id.id], skill_column[line.skill_id.id]] = (
                level_rank.get(line.target_level_id.id, 0)
            )
        mentor_levels = np.zeros((len(mentors), len(skills)), dtype=np.int16)
        for row, mentor in enumerate(mentors):
            for employee_skill in mentor.expertise_skill_ids:
                mentor_levels[row, skill_column[employee_skill.skill_id.id]] = level_rank.get(
                    employee_skill.skill_level_id.id, 0
                )

        # Languages and half-days as bit masks.
        languages = sorted(set((mentees | mentors).language_ids.ids))
        if len(languages) > MAX_BITS:
            warnings.append(
                self.env._(
                    "%(count)s languages are used; only the first %(max)s count for matching.",
                    count=len(languages),
                    max=MAX_BITS,
                )
            )
        language_bit = {lang_id: bit for bit, lang_id in enumerate(languages[:MAX_BITS])}
        slots = env["mentorship.availability.slot"].search_fetch([], ["sequence"])
        slot_bit = {slot.id: bit for bit, slot in enumerate(slots[:MAX_BITS])}

        def masks(enrollments, field_name, bit_of):
            values = np.zeros(len(enrollments), dtype=np.uint64)
            for row, enrollment in enumerate(enrollments):
                mask = 0
                for record_id in enrollment[field_name]._ids:
                    if record_id in bit_of:
                        mask |= 1 << bit_of[record_id]
                values[row] = mask
            return values

        offsets = self._utc_offsets(mentees | mentors)

        # Career path: the mentee's target role and its next roles, against
        # the mentor's current job and the past jobs named on their resume.
        target_jobs = mentees.target_job_id
        target_jobs.fetch(["next_job_ids"])
        roles = target_jobs | target_jobs.next_job_ids
        role_column = {job.id: column for column, job in enumerate(roles)}
        target_role_sets = np.zeros((len(mentees), len(roles)), dtype=bool)
        for row, mentee in enumerate(mentees):
            for job in mentee.target_job_id | mentee.target_job_id.next_job_ids:
                target_role_sets[row, role_column[job.id]] = True
        held_role_sets = np.zeros((len(mentors), len(roles)), dtype=bool)
        past_roles = self._past_roles(mentors.employee_id, roles) if roles else {}
        for row, mentor in enumerate(mentors):
            employee = mentor.employee_id
            for job_id in past_roles.get(employee.id, set()) | {employee.job_id.id}:
                if job_id in role_column:
                    held_role_sets[row, role_column[job_id]] = True

        chain_depth = program.match_chain_depth if program.match_block_reporting_line else 0
        ancestors = self._ancestors(mentees.employee_id, chain_depth)

        priority = np.zeros(len(mentees), dtype=np.float32)
        excluded = set()
        if use_history:
            priority_ids, excluded = self._history(mentees)
            priority = np.array(
                [1.0 if mentee.id in priority_ids else 0.0 for mentee in mentees], dtype=np.float32
            )
        for proposal in self.locked.filtered(lambda p: p.kind == "topic"):
            excluded.add(
                (
                    proposal.mentee_enrollment_id.employee_id.id,
                    proposal.mentor_enrollment_id.employee_id.id,
                )
            )

        def people(enrollments):
            return {
                "employee_ids": [e.employee_id.id for e in enrollments],
                "department_ids": [e.employee_id.department_id.id or 0 for e in enrollments],
                "language_masks": masks(enrollments, "language_ids", language_bit),
                "availability_masks": masks(enrollments, "availability_slot_ids", slot_bit),
                "utc_offsets": [offsets[e.tz or "UTC"] for e in enrollments],
                "attributes": np.array(
                    [
                        [code(e.employee_id) for _name, _fnames, code in ATTRIBUTES]
                        for e in enrollments
                    ],
                    dtype=np.int64,
                ).reshape(len(enrollments), len(ATTRIBUTES)),
                "names": [e.employee_id.name or str(e.employee_id.id) for e in enrollments],
            }

        mentee_profiles = MenteeProfiles(
            skill_levels=mentee_levels,
            target_levels=target_levels,
            target_role_sets=target_role_sets,
            ancestor_ids=[ancestors[e.employee_id.id] for e in mentees]
            if chain_depth
            else np.full((len(mentees), 0), -1, dtype=np.int64),
            priority=priority,
            **people(mentees),
        )
        mentor_profiles = MentorProfiles(
            skill_levels=mentor_levels,
            held_role_sets=held_role_sets,
            capacities=capacities,
            **people(mentors),
        )
        settings = MatchingSettings(
            weights=program._get_match_weights(),
            chain_depth=chain_depth,
            allow_same_department=program.match_allow_same_department,
            require_shared_language=program.match_require_shared_language,
            require_availability_overlap=program.match_require_availability_overlap,
            excluded_pairs=frozenset(excluded),
            topic_mentors_per_mentee=program.match_topic_mentors_per_mentee,
        )
        return MatchInputs(
            mentees=mentees,
            mentors=mentors,
            mentee_profiles=mentee_profiles,
            mentor_profiles=mentor_profiles,
            settings=settings,
            skill_ids=skills.ids,
            attribute_names=list(ATTRIBUTE_NAMES),
            language_ids=languages[:MAX_BITS],
            slot_ids=slots[:MAX_BITS].ids,
            warnings=warnings,
        )

    # -- Helpers (each one query) -----------------------------------------------------
    def _level_ranks(self):
        """{level id: rank}: 1 for the lowest level of its skill type, 2 next..."""
        levels = self.env["hr.skill.level"].search_fetch(
            [], ["skill_type_id", "level_progress"], order="skill_type_id, level_progress, id"
        )
        ranks, rank_in_type = {}, {}
        for level in levels:
            type_id = level.skill_type_id.id
            rank_in_type[type_id] = rank_in_type.get(type_id, 0) + 1
            ranks[level.id] = rank_in_type[type_id]
        return ranks

    @staticmethod
    def _utc_offsets(enrollments):
        """{tz name: UTC offset in hours, now}; unknown names count as UTC."""
        now = datetime.now(pytz.utc)
        offsets = {}
        for tz_name in set(enrollments.mapped("tz")) | {"UTC"}:
            try:
                delta = now.astimezone(pytz.timezone(tz_name or "UTC")).utcoffset()
            except pytz.UnknownTimeZoneError:
                delta = None
            offsets[tz_name or "UTC"] = delta.total_seconds() / 3600 if delta else 0.0
        return offsets

    def _past_roles(self, employees, roles):
        """{employee id: job ids} from resume lines named like one of ``roles``."""
        job_of_name = {job.name.strip().casefold(): job.id for job in roles if job.name}
        lines = self.env["hr.resume.line"].search_fetch(
            [("employee_id", "in", employees.ids)], ["employee_id", "name"]
        )
        past = {}
        for line in lines:
            job_id = job_of_name.get((line.name or "").strip().casefold())
            if job_id:
                past.setdefault(line.employee_id.id, set()).add(job_id)
        return past

    def _ancestors(self, employees, depth):
        """{employee id: [manager id, manager's manager id, ...]}, -1 padded.

        One query per level of the chain, never one per employee.
        """
        chains = {employee.id: [] for employee in employees}
        level = {employee.id: employee.parent_id for employee in employees}
        for index in range(depth):
            managers = self.env["hr.employee"].union(*level.values())
            for employee_id, manager in level.items():
                chains[employee_id].append(manager.id or -1)
            if index + 1 < depth:
                managers.fetch(["parent_id"])
                level = {employee_id: manager.parent_id for employee_id, manager in level.items()}
        return chains

    def _history(self, mentees):
        """Mentees whose last core pair ended through no fault of theirs
        (declined, unanswered, inactive, re-matched, cancelled by HR, or their
        mentor left: ``REMATCH_FIRST_CAUSES``), who go first; and the (mentee
        employee, mentor employee) pairs never to propose again."""
        pairs = self.env["mentorship.pair"].search_fetch(
            [
                ("mentee_enrollment_id", "in", mentees.ids),
                ("state", "not in", LIVE_PAIR_STATES),
            ],
            [
                "mentee_enrollment_id",
                "mentee_employee_id",
                "mentor_employee_id",
                "kind",
                "end_cause",
            ],
            order="id desc",
        )
        priority_ids, seen, excluded = set(), set(), set()
        for pair in pairs:
            rematch_first = pair.end_cause in REMATCH_FIRST_CAUSES
            if rematch_first:
                excluded.add((pair.mentee_employee_id.id, pair.mentor_employee_id.id))
            if pair.kind != "core" or pair.mentee_enrollment_id.id in seen:
                continue
            seen.add(pair.mentee_enrollment_id.id)
            if rematch_first:
                priority_ids.add(pair.mentee_enrollment_id.id)
        return priority_ids, excluded
