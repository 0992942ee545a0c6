"""A participant's personal data: what the add-on holds about one employee,
exported for them (access and portability), or anonymised by HR (erasure).

Who may ask is decided here, by the server, whatever the client: the export
is the employee's own (their user) or HR's (a Mentorship Manager of the
employee's company); the erasure is HR's only. Anyone else, and an id that
does not exist, get one and the same answer.

**Export.** Every record of the module about the person, read as the system
but narrowed to what is theirs: their enrollments and intake, their pairs
(with the name of the other side, theirs to know), the metadata of their
pairs' sessions and their content (agenda and shared notes: their own
pairs' only), their plans and objectives, the requests they sent or got,
the ratings they gave, the notes they wrote, their circles, their answers to
the module's surveys, the concerns they raised, the messages they posted on
their pairs, their career events and their profile. Nothing written by
someone else in private (the other side's notes, ratings, survey answers,
concerns, decline reasons) is read. One JSON and one CSV file per category,
in one ZIP.

**Erasure.** The add-on anonymises its own records; the employee record
(``hr.employee``, its contact and user) is HR's to erase in Odoo's
Employees app. The records stay, with their states, dates, numbers and
links to the employee, so that every count and figure of the programs and
reviews stays as it was; what is the person's goes: their name on the
module's records becomes "Former participant", the free text they wrote is
wiped, their private notes are deleted, their user is unlinked from the
records, they leave their circles and their pairs' calendar events, and
the messages on the module's records lose their text and name. A person in
a live pair is refused unless HR confirms, and then the pairs are cancelled
through the pair's own action first. Everything happens in the caller's
transaction: a refusal leaves nothing half-erased.
"""

import csv
import io
import json
import zipfile
from datetime import date, datetime

from markupsafe import escape

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, html2plaintext

from ..pair_states import LIVE_PAIR_STATES

MANAGER_GROUP = "mentorship_program.group_mentorship_manager"
# Where the ZIP is served (controllers/portal_personal_data.py).
PERSONAL_DATA_URL = "/my/mentorship/personal-data"

# What the export holds of each record (fields read as the system on the
# person's own records only).
ENROLLMENT_FIELDS = (
    "program_id",
    "role",
    "state",
    "create_date",
    "goals",
    "target_job_id",
    "learning_style",
    "career_driver_ids",
    "availability_slot_ids",
    "hours_per_month",
    "language_ids",
    "tz",
    "capacity",
    "expertise_skill_ids",
    "charter_accepted_version",
    "charter_accepted_date",
)
TARGET_SKILL_FIELDS = ("enrollment_id", "skill_id", "target_level_id", "current_level_id")
PAIR_FIELDS = (
    "program_id",
    "kind",
    "state",
    "mentor_name",
    "mentee_name",
    "date_proposed",
    "date_start",
    "date_end",
    "date_term_end",
    "end_cause",
    "closure_reason",
    "hold_reason",
    "session_done_count",
    "session_done_hours",
)
SESSION_FIELDS = ("pair_id", "kind", "date_start", "duration", "state", "hours_spent")
PLAN_FIELDS = (
    "pair_id",
    "state",
    "date_start",
    "date_end",
    "mentee_feedback_preferences",
    "mentor_guidance_style",
    "boundaries",
    "accountability",
    "progress",
)
GOAL_FIELDS = (
    "plan_id",
    "name",
    "description",
    "skill_id",
    "target_level_id",
    "state",
    "progress",
    "date_due",
    "date_done",
)
REQUEST_FIELDS = (
    "program_id",
    "mentor_name",
    "mentee_name",
    "state",
    "date_sent",
    "date_closed",
)
RATING_FIELDS = ("session_id", "side", "rating", "create_date")
NOTE_FIELDS = ("pair_id", "kind", "name", "body", "date")
CIRCLE_FIELDS = ("name", "program_id", "kind")
CONCERN_FIELDS = ("pair_id", "subject", "description", "state", "resolution", "create_date")
CAREER_EVENT_FIELDS = (
    "date",
    "kind",
    "from_job_id",
    "to_job_id",
    "from_department_id",
    "to_department_id",
    "from_grade",
    "to_grade",
    "departure_reason_id",
)
CREDIT_FIELDS = (
    "date",
    "year",
    "source",
    "amount",
    "program_id",
    "department_id",
    "reversed_credit_id",
    "reason",
)
BADGE_FIELDS = ("date", "achievement", "period", "badge_id")
PROFILE_FIELDS = (
    "name",
    "about_me",
    "share_languages",
    "share_tz",
    "share_availability",
    "share_skills",
)
# What only the person reads, left out of HR's export of them (with the
# sessions' agenda and notes).
PRIVATE_CATEGORIES = ("notes", "ratings_given", "survey_answers", "pair_messages")
# Free text of the person's own records the erasure wipes.
PLAN_TEXT_FIELDS = (
    "mentee_feedback_preferences",
    "mentor_guidance_style",
    "boundaries",
    "accountability",
)
# Odoo's text columns on the module's records (messages, e-mails, tracked
# values, activities) in which the erasure replaces the person's name.
MAIL_NAME_COLUMNS = (
    (
        "mail_message",
        "model",
        "res_id",
        ("body", "subject", "record_name", "email_from", "reply_to"),
    ),
    ("mail_mail", None, None, ("body_html", "email_to", "email_cc")),
    ("mail_activity", "res_model", "res_id", ("summary", "note", "res_name")),
)


class MentorshipPersonalData(models.AbstractModel):
    _name = "mentorship.personal.data"
    _description = "Mentorship: a participant's personal data (export and erasure)"

    # ------------------------------------------------------------
    # WHO MAY ASK
    # ------------------------------------------------------------

    def _refusal(self, employee_id):
        """The one answer for an unknown id and someone else's."""
        return self.env["mentorship.guarded.mixin"]._not_found_error(
            self.env["hr.employee"].browse(employee_id)
        )

    def _is_hr_of(self, employee_sudo):
        user = self.env.user
        return user.has_group(MANAGER_GROUP) and employee_sudo.company_id in user.company_ids

    @api.model
    def _employee_for_export(self, employee_id):
        """The employee whose data the caller may export (their own, or HR's
        for anyone of their companies), as the system; refused otherwise."""
        if not isinstance(employee_id, int):
            raise self._refusal(0)
        employee_sudo = (
            self.env["hr.employee"].sudo().with_context(active_test=False).browse(employee_id)
        ).exists()
        if not employee_sudo:
            raise self._refusal(employee_id)
        if self.env.su or employee_sudo.user_id == self.env.user or self._is_hr_of(employee_sudo):
            return employee_sudo
        raise self._refusal(employee_id)

    @api.model
    def _employee_for_erasure(self, employee_id):
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(
                self.env._("Only a Mentorship Manager erases a participant's mentorship data.")
            )
        employee_sudo = (
            self.env["hr.employee"].sudo().with_context(active_test=False).browse(employee_id)
        ).exists()
        if not employee_sudo or not (self.env.su or self._is_hr_of(employee_sudo)):
            raise self._refusal(employee_id)
        return employee_sudo

    # ------------------------------------------------------------
    # WHAT IS THEIRS
    # ------------------------------------------------------------

    def _person(self, employee_sudo):
        """The person's records of the module, as the system."""
        env = self.env(su=True)
        enrollments = (
            env["mentorship.enrollment"]
            .with_context(active_test=False)
            .search([("employee_id", "=", employee_sudo.id)])
        )
        profiles = env["mentorship.profile"].search([("employee_id", "=", employee_sudo.id)])
        users = employee_sudo.user_id | enrollments.user_id | profiles.user_id
        partners = (
            users.partner_id | employee_sudo.work_contact_id | enrollments.employee_partner_id
        )
        pairs = env["mentorship.pair"].search(
            [
                "|",
                ("mentor_enrollment_id", "in", enrollments.ids),
                ("mentee_enrollment_id", "in", enrollments.ids),
            ]
        )
        sessions = env["mentorship.session"].search([("pair_id", "in", pairs.ids)])
        plans = env["mentorship.plan"].search([("pair_id", "in", pairs.ids)])
        requests = env["mentorship.request"].search(
            [
                "|",
                ("mentor_enrollment_id", "in", enrollments.ids),
                ("mentee_enrollment_id", "in", enrollments.ids),
            ]
        )
        circles = (
            env["mentorship.circle"]
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("member_ids", "in", employee_sudo.ids),
                    ("facilitator_id", "=", employee_sudo.id),
                ]
            )
        )
        survey_answers = env["survey.user_input"].search(
            [("mentorship_pair_id", "in", pairs.ids), ("partner_id", "in", partners.ids)]
        )
        return {
            "employee": employee_sudo,
            "users": users,
            "partners": partners,
            "enrollments": enrollments,
            "target_skills": enrollments.target_skill_ids,
            "profiles": profiles,
            "pairs": pairs,
            "sessions": sessions,
            "contents": env["mentorship.session.content"].search(
                [("session_id", "in", sessions.ids)]
            ),
            "plans": plans,
            "goals": plans.goal_ids,
            "milestones": plans.milestone_ids,
            "requests": requests,
            "ratings": env["mentorship.session.rating"].search(
                [("rater_user_id", "in", users.ids), ("session_id", "in", sessions.ids)]
            ),
            "notes": env["mentorship.note"].search([("author_id", "in", users.ids)])
            if users
            else env["mentorship.note"],
            "circles": circles,
            "concerns": env["mentorship.concern"].search(
                [("raised_by_user_id", "in", users.ids), ("pair_id", "in", pairs.ids)]
            )
            if users
            else env["mentorship.concern"],
            "survey_answers": survey_answers,
            "career_events": env["mentorship.career.event"].search(
                [("employee_id", "=", employee_sudo.id)]
            ),
            "credits": env["mentorship.credit"].search([("employee_id", "=", employee_sudo.id)]),
            "badges": env["mentorship.achievement"].search(
                [("employee_id", "=", employee_sudo.id)]
            ),
        }

    # ------------------------------------------------------------
    # EXPORT
    # ------------------------------------------------------------

    @api.model
    def _export_zip(self, employee_id):
        """The ZIP of the person's data, for the caller who may have it:
        ``(file name, bytes)``."""
        employee_sudo = self._employee_for_export(employee_id)
        # What only the person reads (their private notes, their pairs'
        # session content and conversation, their ratings and survey
        # answers) is in their own export only: HR's export of them leaves
        # it out, as HR never reads it in the app either.
        private = self.env.su or employee_sudo.user_id == self.env.user
        tables = self._export_tables(self._person(employee_sudo))
        if not private:
            for name in PRIVATE_CATEGORIES:
                tables[name] = []
            for row in tables["sessions"]:
                row.update(agenda="", notes="")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "README.txt",
                self.env._(
                    "What the mentorship program holds about %(name)s, on %(date)s: one JSON "
                    "and one CSV file per category.",
                    name=employee_sudo.name,
                    date=fields.Date.context_today(self),
                )
                + "\n"
                + (
                    ""
                    if private
                    else self.env._(
                        "Exported by HR: the private notes and journal, the session agendas "
                        "and shared notes, the pairs' conversation, the ratings given and the "
                        "survey answers, which only the person reads, are in the person's own "
                        "export only (portal: Download my mentorship data)."
                    )
                    + "\n"
                ),
            )
            for name, rows in tables.items():
                archive.writestr(
                    f"{name}.json", json.dumps(rows, ensure_ascii=False, indent=2, default=str)
                )
                archive.writestr(f"{name}.csv", self._csv(rows))
        stamp = fields.Date.context_today(self).isoformat()
        return f"mentorship-personal-data-{employee_sudo.id}-{stamp}.zip", buffer.getvalue()

    def _export_tables(self, person):
        employee = person["employee"]
        own_enrollments = person["enrollments"]
        pairs = person["pairs"]

        def side(pair):
            return "mentor" if pair.mentor_enrollment_id in own_enrollments else "mentee"

        pair_rows = self._rows(pairs, PAIR_FIELDS)
        for pair, row in zip(pairs, pair_rows):
            row["my_side"] = side(pair)
            # Their own reason to decline, never the other side's.
            row["my_decline_reason"] = (
                pair.decline_reason if pair.declined_by == row["my_side"] else False
            ) or ""
        request_rows = self._rows(person["requests"], REQUEST_FIELDS)
        for request, row in zip(person["requests"], request_rows):
            mine = "mentor" if request.mentor_enrollment_id in own_enrollments else "mentee"
            row["my_side"] = mine
            # The mentee writes the message, the mentor the decline reason.
            row["message"] = (request.message if mine == "mentee" else "") or ""
            row["decline_reason"] = (request.decline_reason if mine == "mentor" else "") or ""
        session_rows = self._rows(person["sessions"], SESSION_FIELDS)
        contents = {content.session_id.id: content for content in person["contents"]}
        for session, row in zip(person["sessions"], session_rows):
            content = contents.get(session.id)
            row["agenda"] = self._text(content.agenda) if content else ""
            row["notes"] = self._text(content.notes) if content else ""
        circle_rows = self._rows(person["circles"], CIRCLE_FIELDS)
        for circle, row in zip(person["circles"], circle_rows):
            row["my_role"] = "facilitator" if circle.facilitator_id == employee else "member"
        answer_rows = []
        for answer in person["survey_answers"]:
            for line in answer.user_input_line_ids:
                answer_rows.append(
                    {
                        "survey": answer.survey_id.title,
                        "kind": answer.mentorship_survey_kind or "",
                        "pair": answer.mentorship_pair_id.display_name,
                        "date": answer.create_date,
                        "question": line.question_id.title,
                        "answer": line.display_name,
                    }
                )
        message_rows = [
            {
                "pair": message_pair.display_name,
                "date": message.date,
                "body": self._text(message.body),
            }
            for message, message_pair in self._own_messages(person)
        ]
        return {
            "employee": [
                {
                    "name": employee.name,
                    "job": employee.job_id.name or "",
                    "department": employee.department_id.name or "",
                    "company": employee.company_id.name,
                    "exported_on": fields.Datetime.now(),
                }
            ],
            "enrollments": self._rows(own_enrollments, ENROLLMENT_FIELDS),
            "target_skills": self._rows(person["target_skills"], TARGET_SKILL_FIELDS),
            "profile": self._rows(person["profiles"], PROFILE_FIELDS),
            "pairs": pair_rows,
            "requests": request_rows,
            "sessions": session_rows,
            "plans": self._rows(person["plans"], PLAN_FIELDS),
            "objectives": self._rows(person["goals"], GOAL_FIELDS),
            "ratings_given": self._rows(person["ratings"], RATING_FIELDS),
            "notes": self._rows(person["notes"], NOTE_FIELDS),
            "circles": circle_rows,
            "survey_answers": answer_rows,
            "concerns_raised": self._rows(person["concerns"], CONCERN_FIELDS),
            "pair_messages": message_rows,
            "career_events": self._rows(person["career_events"], CAREER_EVENT_FIELDS),
            "development_credits": self._rows(person["credits"], CREDIT_FIELDS),
            "badges": self._rows(person["badges"], BADGE_FIELDS),
        }

    def _own_messages(self, person):
        """(message, pair) of the messages the person posted on their pairs."""
        if not person["pairs"] or not person["partners"]:
            return []
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "mentorship.pair"),
                    ("res_id", "in", person["pairs"].ids),
                    ("author_id", "in", person["partners"].ids),
                    ("message_type", "in", ("comment", "email")),
                ],
                order="date, id",
            )
        )
        pairs = {pair.id: pair for pair in person["pairs"]}
        return [(message, pairs[message.res_id]) for message in messages]

    def _rows(self, records, field_names):
        rows = []
        for record in records:
            row = {}
            for name in field_names:
                field = record._fields[name]
                value = record[name]
                if field.type == "many2one":
                    value = value.display_name or ""
                elif field.type in ("one2many", "many2many"):
                    value = ", ".join(value.mapped("display_name"))
                elif field.type == "selection":
                    value = dict(field._description_selection(self.env)).get(value, "")
                elif field.type == "html":
                    value = self._text(value)
                elif value is False and field.type not in ("boolean", "integer", "float"):
                    value = ""
                row[name] = value
            rows.append(row)
        return rows

    @staticmethod
    def _text(html):
        return html2plaintext(html) if html else ""

    @staticmethod
    def _csv(rows):
        out = io.StringIO()
        if rows:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            for row in rows:
                writer.writerow(
                    {
                        key: value.isoformat() if isinstance(value, (date, datetime)) else value
                        for key, value in row.items()
                    }
                )
        return out.getvalue()

    # ------------------------------------------------------------
    # ERASURE
    # ------------------------------------------------------------

    @api.model
    def _live_pairs(self, employee_id):
        """The person's pairs not ended yet, for HR who may erase them (none
        for anyone else)."""
        try:
            employee_sudo = self._employee_for_erasure(employee_id)
        except AccessError:
            return self.env["mentorship.pair"]
        return self._person(employee_sudo)["pairs"].filtered(
            lambda pair: pair.state in LIVE_PAIR_STATES
        )

    @api.model
    def _erase(self, employee_id, end_live_pairs=False):
        """Anonymise the person's data of the module (HR only). Refused,
        with nothing changed, while they are in a live pair, unless
        ``end_live_pairs``: the pairs are then cancelled by HR first."""
        employee_sudo = self._employee_for_erasure(employee_id)
        person = self._person(employee_sudo)
        live = person["pairs"].filtered(lambda pair: pair.state in LIVE_PAIR_STATES)
        if live and not end_live_pairs:
            raise UserError(
                self.env._(
                    "%(employee)s is in %(count)s pairs that have not ended (%(pairs)s): end "
                    "them first, or confirm in the erasure wizard that HR cancels them.",
                    employee=employee_sudo.name,
                    count=len(live),
                    pairs=", ".join(live.mapped("display_name")),
                )
            )
        if live:
            # The pairs' own path: HR's cancel, with its checks and messages.
            self.env["mentorship.pair"].browse(live.ids).action_cancel(
                reason=self.env._("The participant's personal data was erased.")
            )
            self.env.flush_all()
            person = self._person(employee_sudo)
        # Their open requests are closed as if they had withdrawn (as mentee)
        # or declined (as mentor): nobody answers an erased person's request.
        open_requests = person["requests"].filtered(lambda request: request.state == "open")
        if open_requests:
            own = person["enrollments"]
            note = self.env._("Closed: the participant's personal data was erased.")
            open_requests.filtered(lambda r: r.mentee_enrollment_id in own)._close(
                "withdrawn", note=note
            )
            open_requests.filtered(
                lambda r: r.state == "open" and r.mentor_enrollment_id in own
            )._close("declined", note=note)
        names = self._names(employee_sudo, person)
        label = self.env._("Former participant")
        self._erase_records(person, label)
        self._erase_mail(person, names, label)
        return True

    def _names(self, employee_sudo, person):
        names = {employee_sudo.name, *person["users"].mapped("name")}
        names |= set(person["partners"].mapped("name"))
        return sorted({name for name in names if name and len(name.strip()) > 2}, key=len)[::-1]

    def _erase_records(self, person, label):
        own = person["enrollments"]
        env = self.env(su=True)
        pairs = person["pairs"]
        for pair in pairs:
            vals = {"closure_reason": False, "hold_reason": False}
            mentor = pair.mentor_enrollment_id in own
            if mentor:
                vals["mentor_name"] = label
            if pair.mentee_enrollment_id in own:
                vals["mentee_name"] = label
            if pair.declined_by and (pair.declined_by == "mentor") == mentor:
                vals["decline_reason"] = False
            pair._system_write(vals)
        for request in person["requests"]:
            vals = {"closing_note": False}
            if request.mentor_enrollment_id in own:
                vals.update(mentor_name=label, decline_reason=False)
            if request.mentee_enrollment_id in own:
                vals.update(mentee_name=label, message=False)
            request._system_write(vals)
        # The shared agenda and notes of their pairs' sessions: the pair
        # wrote them together, and they are about the person.
        person["contents"]._system_write({"agenda": False, "notes": False})
        person["plans"]._system_write(dict.fromkeys(PLAN_TEXT_FIELDS, False))
        person["goals"]._system_write({"description": False})
        person["milestones"]._system_write({"description": False})
        person["notes"].sudo().unlink()
        person["concerns"]._system_write(
            {"subject": label, "description": False, "resolution": False}
        )
        person["profiles"]._system_write(
            {
                "name": label,
                "about_me": False,
                "user_id": False,
                **dict.fromkeys(
                    ("share_languages", "share_tz", "share_availability", "share_skills"), False
                ),
            }
        )
        own._system_write({"goals": False, "rejection_reason": False, "user_id": False})
        person["career_events"]._system_write({"correction_note": False})
        employee = person["employee"]
        for circle in person["circles"]:
            vals = {}
            if employee in circle.member_ids:
                vals["member_ids"] = [Command.unlink(employee.id)]
            if circle.facilitator_id == employee:
                vals["facilitator_id"] = False
            circle._system_write(vals)
        # Their answers to the module's surveys: the text goes, the choices
        # and numbers stay for the results over k respondents.
        lines = person["survey_answers"].user_input_line_ids
        lines.filtered(lambda line: line.value_char_box or line.value_text_box).write(
            {"value_char_box": False, "value_text_box": False}
        )
        person["survey_answers"].write({"email": False, "nickname": False})
        # The calendar events of their pairs' sessions say who met: the
        # event keeps its time, loses their name and their invitation.
        sessions = person["sessions"].with_env(env)
        for session in sessions.filtered("event_id"):
            event = session.event_id
            event_vals = {"name": session._event_values()["name"], "description": False}
            mine = event.partner_ids & person["partners"]
            if mine:
                event_vals["partner_ids"] = [Command.unlink(partner.id) for partner in mine]
            if event.user_id in person["users"]:
                event_vals["user_id"] = False
            event.with_context(dont_notify=True, no_mail_to_attendees=True).write(event_vals)
            channel = (
                event.videocall_channel_id if "videocall_channel_id" in event._fields else False
            )
            if channel:
                channel.write({"name": event_vals["name"]})
                channel.channel_member_ids.filtered(
                    lambda member: member.partner_id in person["partners"]
                ).unlink()
        env["mail.activity"].search(
            [
                ("user_id", "in", person["users"].ids),
                ("res_model", "in", list(self._module_models())),
            ]
        ).unlink()
        env["mail.followers"].search(
            [
                ("partner_id", "in", person["partners"].ids),
                ("res_model", "in", list(self._module_models())),
            ]
        ).unlink()

    def _module_models(self):
        """The models whose messages, activities and followers are the module's."""
        Guarded = self.pool["mentorship.guarded.mixin"]
        return {
            name
            for name, model in self.env.registry.items()
            if isinstance(model, Guarded) and not model._abstract and not model._transient
        } | {"calendar.event", "discuss.channel", "survey.user_input"}

    def _erase_mail(self, person, names, label):
        """The messages on their records: what they posted loses its text
        and author; every other text there loses their name."""
        env = self.env(su=True)
        env.flush_all()
        cr = env.cr
        records = {
            "mentorship.enrollment": person["enrollments"].ids,
            "mentorship.pair": person["pairs"].ids,
            "mentorship.session": person["sessions"].ids,
            "mentorship.request": person["requests"].ids,
            "mentorship.plan": person["plans"].ids,
            "mentorship.goal": person["goals"].ids,
            # Every concern on their pairs (raised by them or about them).
            "mentorship.concern": env["mentorship.concern"]
            .search([("pair_id", "in", person["pairs"].ids)])
            .ids,
            "mentorship.profile": person["profiles"].ids,
            "mentorship.circle": person["circles"].ids,
            "mentorship.career.event": person["career_events"].ids,
            "survey.user_input": person["survey_answers"].ids,
            "calendar.event": person["sessions"].event_id.ids,
            "discuss.channel": (
                person["circles"].channel_id | self._videocall_channels(person)
            ).ids,
        }
        records = {model: ids for model, ids in records.items() if ids}
        if not records:
            return
        scope = SQL(" OR ").join(
            SQL("(model = %s AND res_id = ANY(%s))", model, ids) for model, ids in records.items()
        )
        cr.execute(SQL("SELECT id FROM mail_message WHERE %s", scope))
        message_ids = [row[0] for row in cr.fetchall()]
        if person["partners"] and message_ids:
            # What they posted (chatter, portal, e-mail replies): no text, no
            # author, and the e-mails telling others of it lose it too.
            cr.execute(
                SQL(
                    """UPDATE mail_mail SET body_html = ''
                        WHERE mail_message_id IN (
                              SELECT id FROM mail_message
                               WHERE id = ANY(%s) AND author_id = ANY(%s))""",
                    message_ids,
                    person["partners"].ids,
                )
            )
            cr.execute(
                SQL(
                    """UPDATE mail_message
                          SET body = '', subject = NULL, email_from = NULL, author_id = NULL,
                              record_name = NULL
                        WHERE id = ANY(%s) AND author_id = ANY(%s)""",
                    message_ids,
                    person["partners"].ids,
                )
            )
        if message_ids:
            cr.execute(
                SQL(
                    "UPDATE mail_message SET record_name = NULL WHERE id = ANY(%s)",
                    message_ids,
                )
            )
            # The files they posted, and the invitations (.ics) naming who meets.
            messages = env["mail.message"].browse(message_ids)
            messages.attachment_ids.filtered(
                lambda attachment: (
                    attachment.mimetype == "text/calendar"
                    or attachment.create_uid in person["users"]
                )
            ).unlink()
        replacements = []
        for name in names:
            replacements.append((name, label))
            if str(escape(name)) != name:
                replacements.append((str(escape(name)), str(escape(label))))
        for table, model_column, id_column, columns in MAIL_NAME_COLUMNS:
            if table == "mail_mail":
                if not message_ids:
                    continue
                where = SQL("mail_message_id = ANY(%s)", message_ids)
            else:
                where = SQL(" OR ").join(
                    SQL(
                        "(%s = %s AND %s = ANY(%s))",
                        SQL.identifier(model_column),
                        model,
                        SQL.identifier(id_column),
                        ids,
                    )
                    for model, ids in records.items()
                )
            for column in columns:
                for old, new in replacements:
                    cr.execute(
                        SQL(
                            "UPDATE %s SET %s = replace(%s, %s, %s) WHERE (%s) AND %s LIKE %s",
                            SQL.identifier(table),
                            SQL.identifier(column),
                            SQL.identifier(column),
                            old,
                            new,
                            where,
                            SQL.identifier(column),
                            f"%{old}%",
                        )
                    )
        if message_ids:
            for column in ("old_value_char", "new_value_char", "old_value_text", "new_value_text"):
                for old, new in replacements:
                    cr.execute(
                        SQL(
                            """UPDATE mail_tracking_value SET %s = replace(%s, %s, %s)
                                WHERE mail_message_id = ANY(%s) AND %s LIKE %s""",
                            SQL.identifier(column),
                            SQL.identifier(column),
                            old,
                            new,
                            message_ids,
                            SQL.identifier(column),
                            f"%{old}%",
                        )
                    )
        env.invalidate_all()

    def _videocall_channels(self, person):
        events = person["sessions"].event_id
        if "videocall_channel_id" not in events._fields:
            return self.env["discuss.channel"]
        return events.videocall_channel_id
