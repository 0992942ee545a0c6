import logging
import time

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..automation import TIME_BUDGET, commit_progress
from ..engine import MatchingError, match
from ..matching import MatchInputLoader, shared_reasons, stored_reasons
from ..pair_states import LIVE_PAIR_STATES
from .mentorship_match_proposal import COMPONENT_FIELDS
from .window_action import window_action

_logger = logging.getLogger(__name__)

BACKGROUND_CRON = "mentorship_program.ir_cron_mentorship_match_run_background"
# The states of a run whose work goes on in the background, and the state it
# comes from.
BACKGROUND_STATES = ("matching", "publishing")


class MentorshipMatchRun(models.Model):
    """One bulk matching of a program: draft -> proposed -> published.

    Running it loads the program's eligible mentees and ready mentors in
    bulk, asks the engine for an optimal assignment and stores one proposal
    per (mentee, mentor). HR reviews, edits, locks and re-runs around the
    locked proposals, then publishes: the proposals become pending pairs.

    A run or a publication larger than the company's *Background Runs
    above* setting goes through *matching* or *publishing* instead: the
    scheduled action *Mentorship: large match runs* does the work in
    committed batches, shows its progress on the run (``job_done`` of
    ``job_total``) and tells the user who started it when it is done. The
    proposals and the pairs already written are its marks: a rerun after a
    crash writes only the missing ones.
    """

    _name = "mentorship.match.run"
    _description = "Mentorship Match Run"
    _inherit = ["mentorship.thread.guard", "mail.thread", "mentorship.guarded.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # HR picks the program once, at creation (the proposals HR adds by hand
    # are checked against it), and edits the proposals (their own model says
    # which of their fields); running and publishing set everything else.
    _client_create_fields = frozenset({"program_id"})
    _client_write_fields = frozenset({"proposal_ids"})
    # Proposals written, or published, per committed batch of a background run.
    _background_batch_size = 1000

    name = fields.Char(
        required=True, readonly=True, copy=False, default=lambda self: self.env._("New")
    )
    program_id = fields.Many2one(
        "mentorship.program",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        domain="[('state', 'in', ('open', 'running'))]",
    )
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("matching", "Matching"),
            ("proposed", "Proposed"),
            ("publishing", "Publishing"),
            ("published", "Published"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Run By", readonly=True, copy=False, default=lambda self: self.env.user
    )
    date_run = fields.Datetime(string="Last Run", readonly=True, copy=False)
    duration = fields.Float(string="Duration (s)", readonly=True, copy=False, digits=(16, 2))
    published_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_published = fields.Datetime(string="Published On", readonly=True, copy=False)

    candidate_mentee_ids = fields.Many2many(
        "mentorship.enrollment",
        "mentorship_match_run_mentee_rel",
        "run_id",
        "enrollment_id",
        string="Mentees Considered",
        readonly=True,
        copy=False,
    )
    mentee_count = fields.Integer(
        string="Mentees", compute="_compute_mentee_count", store=True, copy=False
    )
    mentor_count = fields.Integer(string="Ready Mentors", readonly=True, copy=False)
    proposal_ids = fields.One2many("mentorship.match.proposal", "run_id", string="Proposals")
    pair_ids = fields.One2many("mentorship.pair", "run_id", string="Pairs")
    proposal_count = fields.Integer(compute="_compute_scores", store=True)
    core_count = fields.Integer(string="Core Proposals", compute="_compute_scores", store=True)
    unmatched_count = fields.Integer(string="Unmatched", compute="_compute_scores", store=True)
    coverage = fields.Float(
        string="Coverage (%)",
        compute="_compute_scores",
        store=True,
        digits=(16, 1),
        help="Share of the mentees considered who have a core mentor.",
    )
    total_score = fields.Float(compute="_compute_scores", store=True, digits=(16, 1))
    average_score = fields.Float(
        compute="_compute_scores",
        store=True,
        digits=(16, 1),
        help="Average score (0-100) of the core proposals.",
    )
    unmatched_mentee_ids = fields.Many2many(
        "mentorship.enrollment",
        compute="_compute_unmatched_mentee_ids",
        string="Unmatched Mentees",
    )
    pair_count = fields.Integer(compute="_compute_pair_count")
    warnings = fields.Text(readonly=True, copy=False)
    # A background run or publication: what it has written of what it will.
    job_done = fields.Integer(string="Done", readonly=True, copy=False)
    job_total = fields.Integer(string="To Do", readonly=True, copy=False)
    job_progress = fields.Float(string="Progress (%)", compute="_compute_job_progress")
    job_started = fields.Datetime(string="Started On", readonly=True, copy=False)

    @api.depends("job_done", "job_total")
    def _compute_job_progress(self):
        for run in self:
            run.job_progress = (
                min(100.0, 100.0 * run.job_done / run.job_total) if run.job_total else 0.0
            )

    @api.depends("candidate_mentee_ids")
    def _compute_mentee_count(self):
        for run in self:
            run.mentee_count = len(run.candidate_mentee_ids)

    @api.depends("mentee_count", "proposal_ids.score", "proposal_ids.kind")
    def _compute_scores(self):
        stats = {
            (run.id, kind): (count, total)
            for run, kind, count, total in self.env["mentorship.match.proposal"]._read_group(
                [("run_id", "in", self.ids)], ["run_id", "kind"], ["__count", "score:sum"]
            )
        }
        for run in self:
            core_count, core_total = stats.get((run.id, "core"), (0, 0.0))
            topic_count = stats.get((run.id, "topic"), (0, 0.0))[0]
            run.proposal_count = core_count + topic_count
            run.core_count = core_count
            run.unmatched_count = max(run.mentee_count - core_count, 0)
            run.coverage = 100.0 * core_count / run.mentee_count if run.mentee_count else 0.0
            run.total_score = core_total
            run.average_score = core_total / core_count if core_count else 0.0

    @api.depends("candidate_mentee_ids", "proposal_ids.mentee_enrollment_id", "proposal_ids.kind")
    def _compute_unmatched_mentee_ids(self):
        for run in self:
            matched = run.proposal_ids.filtered(lambda p: p.kind == "core").mentee_enrollment_id
            run.unmatched_mentee_ids = run.candidate_mentee_ids - matched

    def _compute_pair_count(self):
        counts = dict(
            self.env["mentorship.pair"]._read_group(
                [("run_id", "in", self.ids)], ["run_id"], ["__count"]
            )
        )
        for run in self:
            run.pair_count = counts.get(run, 0)

    @api.depends("name", "program_id")
    def _compute_display_name(self):
        for run in self:
            run.display_name = self.env._(
                "%(name)s — %(program)s", name=run.name, program=run.program_id.name or ""
            )

    # -- ORM ------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        runs = super().create(vals_list)
        sequence = self.env["ir.sequence"].sudo()
        for run in runs.filtered(lambda r: r.name == self.env._("New")):
            run._system_write({"name": sequence.next_by_code("mentorship.match.run") or run.name})
        return runs

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        published = self.filtered(lambda run: run.state == "published")
        if published:
            raise UserError(
                self.env._(
                    "Match run %(run)s is published and cannot be deleted; its pairs "
                    "live on in the program.",
                    run=published[0].display_name,
                )
            )

    # -- Checks -----------------------------------------------------------------------------
    def _check_manager(self):
        if not (
            self.env.su or self.env.user.has_group("mentorship_program.group_mentorship_manager")
        ):
            raise AccessError(self.env._("Only a Mentorship Manager can run or publish matching."))
        self.check_access("write")

    def _check_editable(self):
        """Proposals change only while their run is not published, and only
        its background job changes them while it runs."""
        for run in self:
            if run.state in BACKGROUND_STATES and not self.env.su:
                raise UserError(
                    self.env._(
                        "Match run %(run)s is %(state)s in the background: its proposals "
                        "cannot change until it is done.",
                        run=run.display_name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            run.state
                        ].lower(),
                    )
                )
            if run.state == "published":
                raise UserError(
                    self.env._(
                        "Match run %(run)s is published: its proposals can no longer change.",
                        run=run.display_name,
                    )
                )

    # -- Actions -----------------------------------------------------------------------------
    def action_run(self):
        """(Re-)compute the proposals; locked proposals are kept as they are.
        Above the company's background threshold, the work is left to the
        background job."""
        self._check_manager()
        self._check_state(("draft", "proposed"), self.env._("run"))
        for run in self:
            if run.program_id.state not in ("open", "running"):
                raise UserError(
                    self.env._(
                        "Program %(program)s is not open or running: matching is only "
                        "possible once enrollment has opened.",
                        program=run.program_id.display_name,
                    )
                )
            mentees = MatchInputLoader(
                run.program_id, locked_proposals=run.proposal_ids.filtered("locked")
            ).search_mentees()
            if run._goes_to_background(len(mentees)):
                run._start_background("matching", len(mentees))
            else:
                run._run_matching()
        return True

    def _match(self):
        """(inputs, engine result, proposal values, locked proposals) of a run
        now; raise UserError when the program cannot be matched."""
        self.ensure_one()
        program = self.program_id
        locked = self.proposal_ids.filtered("locked")
        inputs = MatchInputLoader(program, locked_proposals=locked).load()
        try:
            result = match(inputs.mentee_profiles, inputs.mentor_profiles, inputs.settings)
        except MatchingError as error:
            raise UserError(
                self.env._(
                    "Program %(program)s cannot be matched: %(reason)s",
                    program=program.display_name,
                    reason=str(error),
                )
            ) from error
        if not result.core:
            raise UserError(
                self.env._(
                    "Program %(program)s: no eligible mentor for any of the %(count)s "
                    "mentees. Every mentee-mentor pair breaks a hard rule of the "
                    "program (never self, management chain, same department, shared "
                    "language, common availability, or an earlier declined match); "
                    "relax the rules on the program's Matching tab.",
                    program=program.display_name,
                    count=len(inputs.mentees),
                )
            )
        mentee_ids, mentor_ids = inputs.mentees.ids, inputs.mentors.ids
        priority_ids = inputs.priority_mentee_ids
        vals_list = []
        for proposal in result.proposals:
            mentee_id = mentee_ids[proposal.mentee_index]
            vals = {
                "run_id": self.id,
                "mentee_enrollment_id": mentee_id,
                "mentor_enrollment_id": mentor_ids[proposal.mentor_index],
                "kind": proposal.kind,
                "score": 100.0 * proposal.score,
                "match_reasons": stored_reasons(proposal.reasons, inputs),
                "priority": mentee_id in priority_ids,
            }
            for component, field_name in COMPONENT_FIELDS.items():
                vals[field_name] = 100.0 * proposal.components.get(component, 0.0)
            vals_list.append(vals)
        return inputs, result, vals_list, locked

    def _run_matching(self):
        self.ensure_one()
        start = time.perf_counter()
        inputs, result, vals_list, locked = self._match()
        # The engine's proposals are created as superuser: a proposal created
        # by a client is HR's own choice, locked and rescored.
        (self.proposal_ids - locked).unlink()
        self.env["mentorship.match.proposal"].sudo().create(vals_list)
        self._finish_matching(inputs, result, locked, time.perf_counter() - start)

    def _finish_matching(self, inputs, result, locked, duration):
        locked_mentees = locked.filtered(lambda p: p.kind == "core").mentee_enrollment_id
        self._system_write(
            {
                "state": "proposed",
                "candidate_mentee_ids": [Command.set((inputs.mentees | locked_mentees).ids)],
                "mentor_count": len(inputs.mentors),
                "warnings": "\n".join(inputs.warnings + list(result.warnings)) or False,
                "date_run": fields.Datetime.now(),
                "user_id": self._acting_user_id("user_id"),
                "duration": duration,
            }
        )

    def action_publish(self):
        """Turn every proposal into a pending pair and tell both people; above
        the company's background threshold, in the background."""
        self._check_manager()
        self._check_state(("proposed",), self.env._("published"))
        for run in self:
            proposals = run.proposal_ids
            if not proposals:
                raise UserError(
                    self.env._(
                        "Match run %(run)s has no proposal to publish.", run=run.display_name
                    )
                )
            run._check_publishable(proposals)
            if run._goes_to_background(len(proposals)):
                run._start_background("publishing", len(proposals))
            else:
                run._publish()
        return True

    def _publish(self):
        self.ensure_one()
        pairs = self._publish_proposals(self.proposal_ids)
        self._finish_publishing(len(pairs))
        return pairs

    def _publish_proposals(self, proposals):
        """Pending pairs for ``proposals`` of this run, their people told (the
        e-mails of more than a few hundred pairs left to the mail cron)."""
        self.ensure_one()
        program = self.program_id
        today = fields.Date.context_today(self)
        deadline = fields.Date.add(today, days=program.acceptance_days)
        vals_list = [
            {
                "program_id": program.id,
                "run_id": self.id,
                "mentee_enrollment_id": proposal.mentee_enrollment_id.id,
                "mentor_enrollment_id": proposal.mentor_enrollment_id.id,
                "kind": proposal.kind,
                "score": proposal.score,
                "match_reasons": shared_reasons(proposal.match_reasons),
                "state": "pending",
                "date_proposed": today,
                "date_deadline": deadline,
            }
            for proposal in proposals
        ]
        pairs = (
            self.env["mentorship.pair"]
            .sudo()
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True)
            .create(vals_list)
        )
        pairs._notify_proposed()
        pairs._close_superseded_requests()
        return pairs

    def _finish_publishing(self, count):
        self._system_write(
            {
                "state": "published",
                "published_by_id": self._acting_user_id("published_by_id"),
                "date_published": fields.Datetime.now(),
            }
        )
        self.message_post(
            body=self.env._("%(count)s pairs published.", count=count),
            subtype_xmlid="mail.mt_note",
        )

    def _acting_user_id(self, field_name):
        """Who ran or published the run: the user who started a background
        job (kept in ``field_name`` while the job runs as the system), else
        the current user (the system itself, for the demo data)."""
        if self.env.su and self[field_name]:
            return self[field_name].id
        return self.env.user.id

    def _check_publishable(self, proposals):
        """No mentee twice, no mentor beyond capacity, given today's pairs
        (and no other run of the program publishing in the background, whose
        pairs are not all there yet)."""
        busy = self.sudo().search_count(
            [
                ("program_id", "=", self.program_id.id),
                ("state", "=", "publishing"),
                ("id", "!=", self.id),
            ]
        )
        if busy:
            raise UserError(
                self.env._(
                    "Match run %(run)s cannot be published while another run of program "
                    "%(program)s is being published in the background; try again once it "
                    "is done.",
                    run=self.display_name,
                    program=self.program_id.display_name,
                )
            )
        Pair = self.env["mentorship.pair"]
        taken = Pair._read_group(
            [
                ("mentee_enrollment_id", "in", proposals.mentee_enrollment_id.ids),
                ("kind", "=", "core"),
                ("state", "in", LIVE_PAIR_STATES),
            ],
            ["mentee_enrollment_id"],
        )
        core_mentees = proposals.filtered(lambda p: p.kind == "core").mentee_enrollment_id
        already = core_mentees.browse([mentee.id for (mentee,) in taken]) & core_mentees
        if already:
            raise UserError(
                self.env._(
                    "Match run %(run)s cannot be published: %(names)s already have a "
                    "pending or active mentor (published from another run?). Remove "
                    "their proposals or run the matching again.",
                    run=self.display_name,
                    names=", ".join(already[:10].employee_id.mapped("name")),
                )
            )
        used = dict(
            Pair._read_group(
                [
                    ("mentor_enrollment_id", "in", proposals.mentor_enrollment_id.ids),
                    ("state", "in", LIVE_PAIR_STATES),
                ],
                ["mentor_enrollment_id"],
                ["__count"],
            )
        )
        wanted = {}
        for proposal in proposals:
            wanted[proposal.mentor_enrollment_id] = wanted.get(proposal.mentor_enrollment_id, 0) + 1
        over = [
            mentor
            for mentor, count in wanted.items()
            if count + used.get(mentor, 0) > mentor.capacity
        ]
        if over:
            raise UserError(
                self.env._(
                    "Match run %(run)s cannot be published: %(names)s would mentor "
                    "more mentees than their capacity allows. Run the matching again.",
                    run=self.display_name,
                    names=", ".join(mentor.employee_id.name for mentor in over[:10]),
                )
            )

    # -- Background runs ----------------------------------------------------------------
    def _goes_to_background(self, size):
        """Whether ``size`` mentees or proposals are more than the company lets
        a request handle (Settings > Mentorship, *Background Runs above*)."""
        self.ensure_one()
        return size > self.company_id.sudo().mentorship_background_threshold

    def _start_background(self, state, size):
        """Leave the run's work to the background job, started at once."""
        who = "user_id" if state == "matching" else "published_by_id"
        self._system_write(
            {
                "state": state,
                who: self.env.user.id,
                "job_done": 0,
                "job_total": size,
                "job_started": fields.Datetime.now(),
            }
        )
        if state == "matching":
            body = self.env._(
                "Matching of %(count)s mentees started in the background: this form shows "
                "its progress, and you will be told when the proposals are ready.",
                count=size,
            )
        else:
            body = self.env._(
                "Publication of %(count)s proposals started in the background: this form "
                "shows its progress, and you will be told when every pair is published.",
                count=size,
            )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        self.env.ref(BACKGROUND_CRON).sudo()._trigger()

    def _tell_author(self, user, body):
        """A message on the run that notifies ``user`` (their inbox or e-mail)."""
        self.message_post(
            body=body,
            partner_ids=user.partner_id.ids,
            subtype_xmlid="mail.mt_note",
            message_type="comment",
        )

    @api.model
    def _cron_background_jobs(self, batch_size=None, time_budget=TIME_BUDGET):
        """Match and publish the runs waiting in the background, in committed
        batches, until done or the time budget is spent (the rest is reported
        to the cron as remaining, and Odoo runs the job again at once)."""
        runs = self.sudo().search([("state", "in", BACKGROUND_STATES)], order="id")
        deadline = time.monotonic() + time_budget
        batch_size = batch_size or self._background_batch_size
        for run in runs:
            if run.state == "matching":
                finished = run._background_match(batch_size, deadline)
            else:
                finished = run._background_publish(batch_size, deadline)
            if not finished:
                commit_progress(self.env, done=run.job_done, remaining=run._job_remaining())
                return False
        return True

    def _job_remaining(self):
        return max(self.job_total - self.job_done, 1) if self.state in BACKGROUND_STATES else 0

    def _background_match(self, batch_size, deadline):
        """Run the matching; write the proposals missing (those of an earlier,
        interrupted pass are kept) in committed batches. True when done."""
        self.ensure_one()
        env = self.env
        started = time.perf_counter()
        try:
            inputs, result, vals_list, locked = self.with_user(self.user_id)._match()
        except UserError as error:
            # Nothing to match: back where it was, and the author is told why.
            self._system_write(
                {"state": "proposed" if self.proposal_ids else "draft", "job_total": 0}
            )
            self._tell_author(
                self.user_id,
                env._("The background matching stopped: %(reason)s", reason=error.args[0]),
            )
            commit_progress(env, done=1, remaining=0)
            return True
        Proposal = env["mentorship.match.proposal"].sudo()

        def key(vals):
            return vals["mentee_enrollment_id"], vals["mentor_enrollment_id"], vals["kind"]

        wanted = {key(vals) for vals in vals_list}
        # The proposals an earlier pass wrote: kept when the engine makes them
        # again, removed when it no longer does (the program changed since).
        existing = {
            (p.mentee_enrollment_id.id, p.mentor_enrollment_id.id, p.kind): p.id
            for p in (self.proposal_ids - locked).sudo()
        }
        stale = Proposal.browse([pid for k, pid in existing.items() if k not in wanted])
        todo = [vals for vals in vals_list if key(vals) not in existing]
        if stale:
            stale.unlink()
        done = len(vals_list) - len(todo)
        self._system_write({"job_total": len(vals_list), "job_done": done})
        commit_progress(env, done=done, remaining=len(todo))
        for start in range(0, len(todo), batch_size):
            if start and time.monotonic() > deadline:
                return False
            Proposal.create(todo[start : start + batch_size])
            done += len(todo[start : start + batch_size])
            self._system_write({"job_done": done})
            commit_progress(env, done=done, remaining=max(len(todo) - start - batch_size, 0))
        self.with_user(self.user_id)._finish_matching(
            inputs, result, locked, self._job_duration(started)
        )
        self._tell_author(
            self.user_id,
            env._(
                "The background matching is done: %(count)s proposals for %(mentees)s "
                "mentees (coverage %(coverage)s %%). Review them, then publish.",
                count=self.proposal_count,
                mentees=self.mentee_count,
                coverage=round(self.coverage, 1),
            ),
        )
        commit_progress(env, done=done, remaining=0)
        return True

    def _job_duration(self, started):
        """Seconds of the background job from its start, or of this pass."""
        if self.job_started:
            return (fields.Datetime.now() - self.job_started).total_seconds()
        return time.perf_counter() - started

    def _background_publish(self, batch_size, deadline):
        """Publish the proposals that have no pair yet, in committed batches.
        True when done."""
        self.ensure_one()
        env = self.env
        proposals = self.proposal_ids.sudo().sorted("id")
        published = {
            (row["mentee_enrollment_id"][0], row["mentor_enrollment_id"][0], row["kind"])
            for row in env["mentorship.pair"]
            .sudo()
            .search_read(
                [("run_id", "=", self.id)], ["mentee_enrollment_id", "mentor_enrollment_id", "kind"]
            )
        }
        todo = proposals.filtered(
            lambda p: (
                (p.mentee_enrollment_id.id, p.mentor_enrollment_id.id, p.kind) not in published
            )
        )
        done = len(proposals) - len(todo)
        self._system_write({"job_total": len(proposals), "job_done": done})
        run = self.with_user(self.published_by_id).sudo()
        for start in range(0, len(todo), batch_size):
            if start and time.monotonic() > deadline:
                return False
            batch = todo[start : start + batch_size]
            with env.cr.savepoint():
                run._publish_proposals(batch)
            done += len(batch)
            self._system_write({"job_done": done})
            commit_progress(env, done=done, remaining=max(len(todo) - start - len(batch), 0))
        self._finish_publishing(done)
        self._tell_author(
            self.published_by_id,
            env._(
                "The background publication is done: %(count)s pending pairs; their "
                "people are e-mailed in the background.",
                count=done,
            ),
        )
        env.ref("mentorship_program.ir_cron_mentorship_pair_proposal_mail").sudo()._trigger()
        commit_progress(env, done=done, remaining=0)
        return True

    def action_refresh_progress(self):
        """The button HR clicks to read the background job's progress again
        (the form reloads after it)."""
        self._check_manager()
        return True

    def action_view_proposals(self):
        self.ensure_one()
        return window_action(
            self.env,
            "mentorship_program.mentorship_match_proposal_action",
            [("run_id", "=", self.id)],
            {"default_run_id": self.id},
        )

    def action_view_pairs(self):
        self.ensure_one()
        return window_action(
            self.env,
            "mentorship_program.mentorship_pair_action",
            [("run_id", "=", self.id)],
        )
