import base64
import binascii

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..importing import (
    FILE_DUPLICATE_COLUMN,
    FILE_EMPTY,
    FILE_ENCODING,
    FILE_NOT_XLSX,
    ImportFileError,
    is_blank,
    read_file,
)
from ..models.window_action import window_action

HR_GROUP = "mentorship_program.group_mentorship_manager"
TEMPLATE_URL = "/mentorship/enrollment/import/template.csv"


class MentorshipEnrollmentImport(models.TransientModel):
    """Enroll the employees of a file from an HR system (CSV or XLSX): check
    it, then import it all or nothing, through ``mentorship.enrollment``'s
    ``import_rows``, the same method RPC clients call."""

    _name = "mentorship.enrollment.import"
    _description = "Import Mentorship Enrollments"
    _inherit = ["mentorship.guarded.mixin"]
    # The file and the program; what the check found is the wizard's own.
    _client_write_fields = frozenset({"program_id", "import_file", "import_filename"})

    program_id = fields.Many2one(
        "mentorship.program",
        required=True,
        domain="[('state', '!=', 'closed')]",
        default=lambda self: self._default_program_id(),
    )
    import_file = fields.Binary(string="File", attachment=False)
    import_filename = fields.Char(string="File Name")
    state = fields.Selection(
        [("upload", "Upload"), ("checked", "Checked"), ("done", "Imported")],
        default="upload",
        required=True,
        readonly=True,
    )
    error_count = fields.Integer(readonly=True)
    row_count = fields.Integer(
        readonly=True, help="Enrollments the checked file holds, or that were created."
    )
    result_html = fields.Html(string="Result", readonly=True)
    # With create_uid, what the record rule keeps the wizard to: its creator,
    # in the company they worked in.
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )

    @api.model
    def _default_program_id(self):
        if self.env.context.get("active_model") == "mentorship.program":
            return self.env.context.get("active_id")
        return False

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_check(self):
        """Dry run: every error of the file, nothing created."""
        self.ensure_one()
        self._run(dry_run=True)
        return self._reopen()

    def action_import(self):
        """All or nothing: the enrollments of every row, or none and the errors."""
        self.ensure_one()
        enrollments = self._run(dry_run=False)
        if not enrollments:
            return self._reopen()
        return window_action(
            self.env,
            "mentorship_program.mentorship_enrollment_action",
            [("id", "in", enrollments.ids)],
        )

    def action_download_template(self):
        self._check_manager()
        return {"type": "ir.actions.act_url", "url": TEMPLATE_URL, "target": "download"}

    # ------------------------------------------------------------
    # TOOLING
    # ------------------------------------------------------------

    def _check_manager(self):
        if not (self.env.su or self.env.user.has_group(HR_GROUP)):
            raise AccessError(self.env._("Only a Mentorship Manager can import enrollments."))

    def _run(self, dry_run):
        self._check_manager()
        self.check_access("write")
        try:
            rows = read_file(self.import_filename or "", self._file_content())
        except ImportFileError as error:
            self._show_errors([self._file_error(error)])
            return self.env["mentorship.enrollment"]
        errors, enrollments = self.env["mentorship.enrollment"]._import_enrollments(
            self.program_id.id, rows, dry_run=dry_run
        )
        if errors:
            self._show_errors(errors)
            return enrollments
        count = sum(1 for row in rows if not is_blank(row)) if dry_run else len(enrollments)
        message = (
            self.env._(
                "The file is ready: %(count)s enrollments will be created in %(program)s.",
                count=count,
                program=self.program_id.display_name,
            )
            if dry_run
            else self.env._(
                "%(count)s enrollments were created in %(program)s; each employee is invited "
                "to complete their intake.",
                count=count,
                program=self.program_id.display_name,
            )
        )
        self._system_write(
            {
                "state": "checked" if dry_run else "done",
                "error_count": 0,
                "row_count": count,
                "result_html": Markup('<div class="alert alert-success" role="status">%s</div>')
                % message,
            }
        )
        return enrollments

    def _file_content(self):
        if not self.import_file:
            return b""
        try:
            return base64.b64decode(self.import_file, validate=True)
        except (binascii.Error, ValueError):
            return b""

    def _file_error(self, error):
        """The import's error for a file that cannot be read, naming it."""
        env = self.env
        filename = error.filename or env._("(no file)")
        reasons = {
            FILE_EMPTY: env._("File %(file)s is empty: it has no header row.", file=filename),
            FILE_ENCODING: env._(
                "File %(file)s is not UTF-8 text (byte %(position)s): save it as CSV UTF-8 "
                "and upload it again.",
                file=filename,
                position=error.data.get("position", 0),
            ),
            FILE_NOT_XLSX: env._("File %(file)s is not an XLSX workbook.", file=filename),
            FILE_DUPLICATE_COLUMN: env._(
                "File %(file)s has column %(column)s twice.",
                file=filename,
                column=error.data.get("column", ""),
            ),
        }
        reason = reasons.get(
            error.code,
            env._("File %(file)s is neither a .csv nor an .xlsx file.", file=filename),
        )
        return {
            "row": 1 if error.code == FILE_DUPLICATE_COLUMN else 0,
            "column": "",
            "reason": reason,
        }

    def _show_errors(self, errors):
        env = self.env
        summary = env._(
            "%(count)s errors: nothing was imported. Correct the file and check it again.",
            count=len(errors),
        )
        lines = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>")
            % (error["row"] or "", error["column"], error["reason"])
            for error in errors
        )
        html = Markup(
            '<div class="alert alert-danger" role="alert">%s</div>'
            '<table class="table table-sm o_mentorship_import_errors">'
            "<thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
            "<tbody>%s</tbody></table>"
        ) % (summary, env._("Row"), env._("Column"), env._("Reason"), lines)
        self._system_write(
            {"state": "upload", "error_count": len(errors), "row_count": 0, "result_html": html}
        )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Enrollments"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
