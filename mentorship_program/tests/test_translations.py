"""The module's template (i18n/mentorship_program.pot) and its French
(i18n/fr.po), as Odoo exports, reads and loads them."""

import re
from collections import defaultdict

import polib

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import PoFileReader, TranslationModuleReader, code_translations

from ..matching import ReasonRenderer
from .common import ActivePairCase

MODULE = "mentorship_program"
TEMPLATE = f"{MODULE}/i18n/{MODULE}.pot"
FRENCH_PO = f"{MODULE}/i18n/fr.po"
# What a translation must keep of its source: named and positional
# placeholders, escaped percent signs, QWeb/inline template expressions and
# format fields.
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*[\d.]*[a-z]|%[sdr]|%%|\{\{.*?\}\}|\{\w*\}")
# The tag names of view and template terms, in order.
TAG_NAME = re.compile(r"</?([\w-]+)")
# QWeb and Odoo attributes of template terms (t-out, t-att-href, invisible...).
DIRECTIVE = re.compile(r"""\s((?:t-[\w-]+|invisible|required|readonly)=(?:"[^"]*"|'[^']*'))""")


def exported_terms(env):
    """The module's terms as Odoo's exporter reads them on this database
    (what ``odoo-bin --i18n-export`` writes), without the terms found only
    in demo records (their ids end in ``_demo``): the template is made on a
    database without demo data, and the tests run on both."""
    where = defaultdict(set)
    for _module, kind, _name, res_id, source, _value, _comments in TranslationModuleReader(
        env.cr, [MODULE]
    ):
        where[source].add(str(res_id) if kind in ("model", "model_terms") else "")
    return {
        source
        for source, ids in where.items()
        if source and not all(res_id.endswith("_demo") for res_id in ids)
    }


@tagged("post_install", "-at_install")
class TestTemplate(TransactionCase):
    def test_the_template_is_odoo_s_export_of_the_module(self):
        committed = {entry.msgid for entry in polib.pofile(file_path(TEMPLATE))}
        exported = exported_terms(self.env)
        missing, extra = sorted(exported - committed), sorted(committed - exported)
        if missing or extra:
            self.fail(
                f"i18n/{MODULE}.pot is not current: run ./dev pot (then translate what is new "
                f"in fr.po).\nMissing from the .pot ({len(missing)}): {missing}\n"
                f"In the .pot but no longer in the module ({len(extra)}): {extra}"
            )

    def test_the_engine_s_reasons_are_terms_of_the_template(self):
        reasons = [
            entry
            for entry in polib.pofile(file_path(TEMPLATE))
            if any("matching/explanation.py" in path for path, _line in entry.occurrences)
        ]
        sources = {entry.msgid for entry in reasons}
        self.assertGreater(len(sources), 15)
        for source in (
            "Your time zones are %(hours)s h apart.",
            "The mentor holds or has held the mentee's target role or its next step.",
            "This is the best pairing left under the program's rules.",
        ):
            self.assertIn(source, sources)


@tagged("post_install", "-at_install")
class TestFrenchTranslation(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.po = polib.pofile(file_path(FRENCH_PO))

    def test_every_term_of_the_template_is_translated(self):
        # Read as Odoo reads it when it loads the language.
        french = {
            row["src"]: row["value"] for row in PoFileReader(file_path(FRENCH_PO)) if row["value"]
        }
        fuzzy = {entry.msgid for entry in self.po if "fuzzy" in entry.flags}
        template = polib.pofile(file_path(TEMPLATE))
        untranslated = [e.msgid for e in template if e.msgid not in french or e.msgid in fuzzy]
        self.assertFalse(untranslated, f"{len(untranslated)} term(s) of the .pot untranslated")
        self.assertGreater(len(template), 1700)

    def test_every_entry_is_a_finished_translation_of_its_source(self):
        self.assertFalse([entry.msgid for entry in self.po if "fuzzy" in entry.flags])
        self.assertFalse([entry.msgid for entry in self.po.obsolete_entries()])
        translated = self.po.translated_entries()
        self.assertGreater(len(translated), 1500)
        for entry in translated:
            with self.subTest(msgid=entry.msgid):
                self.assertEqual(
                    sorted(PLACEHOLDER.findall(entry.msgstr)),
                    sorted(PLACEHOLDER.findall(entry.msgid)),
                )
                self.assertEqual(TAG_NAME.findall(entry.msgstr), TAG_NAME.findall(entry.msgid))
                self.assertEqual(
                    sorted(DIRECTIVE.findall(entry.msgstr)), sorted(DIRECTIVE.findall(entry.msgid))
                )

    def test_odoo_extracts_the_terms_of_every_file(self):
        # Odoo's extractor (Babel) gives up on a whole Python file when a
        # translation call holds an f-string, and logs an error: the file's
        # terms then vanish from the exported template and from fr.po.
        with self.assertNoLogs("odoo.tools.translate", "ERROR"):
            terms = {
                source
                for _module, _type, _name, _res_id, source, _value, _comments in (
                    TranslationModuleReader(self.env.cr, [MODULE])
                )
            }
        for source in (
            "Your time zones are %(hours)s h apart.",  # matching/explanation.py
            "%(name)s left the company: %(pair)s has ended.",  # models/mentorship_pair.py
        ):
            with self.subTest(source=source):
                self.assertIn(source, terms)
                self.assertTrue(self.po.find(source).msgstr)

    def test_french_users_read_the_module_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR"], overwrite=True)
        french = self.env(context={"lang": "fr_FR"})
        # A field label and a selection value...
        fields = french["mentorship.pair.report"].fields_get(["running", "health"])
        self.assertEqual(fields["running"]["string"], "Binômes en cours")
        self.assertIn(("at_risk", "À risque"), fields["health"]["selection"])
        # ... a term of a view (HR's overview) ...
        overview = french.ref(f"{MODULE}.mentorship_program_view_kanban_overview")
        self.assertIn("Inscriptions à examiner", overview.arch)
        # ... and a message of the code, from a file Odoo's extractor skipped before.
        python_terms = code_translations.get_python_translations(MODULE, "fr_FR")
        self.assertEqual(
            python_terms["%(name)s left the company: %(pair)s has ended."],
            "%(name)s a quitté l'entreprise : %(pair)s a pris fin.",
        )


def load_french(env):
    env["res.lang"]._activate_lang("fr_FR")
    env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR"], overwrite=True)


@tagged("post_install", "-at_install")
class TestFrenchRendering(ActivePairCase, HttpCase):
    """What French users really read: the engine's reasons, a portal page, an
    e-mail's subject and a printed summary."""

    def setUp(self):
        super().setUp()
        load_french(self.env)
        self.french = self.env(context={"lang": "fr_FR"})

    def test_the_engine_s_reasons_come_out_in_french(self):
        stored = [
            {"code": "career", "share": 0.4, "data": {}},
            {"code": "timezone", "share": 0.2, "data": {"hours_apart": 3}},
            {"code": "cross_functional", "share": 0.1, "data": {}},
        ]
        text = ReasonRenderer(self.french, "participant").render(stored)
        for source in (
            "The mentor holds or has held the mentee's target role or its next step.",
            "Your time zones are %(hours)s h apart.",
            "The mentor works in another department, which brings a cross-functional view.",
        ):
            french = self.po_french(source)
            self.assertIn(french.replace("%(hours)s", "3"), text)
        self.assertNotIn("time zones", text)
        self.assertIn("fuseaux horaires", text)

    def po_french(self, source):
        entry = polib.pofile(file_path(FRENCH_PO)).find(source)
        self.assertTrue(entry and entry.msgstr, source)
        return entry.msgstr

    def test_a_french_employee_reads_the_portal_in_french(self):
        self.user_alice.lang = "fr_FR"
        # The website offers French (its pages speak only the languages it
        # offers); the page is asked for under its French prefix.
        french = self.env["res.lang"]._lang_get("fr_FR")
        self.env["website"].search([]).write({"language_ids": [Command.link(french.id)]})
        self.authenticate(self.user_alice.login, self.user_alice.login)
        page = self.url_open(f"/fr/my/mentorship/pair/{self.pair.id}")
        self.assertEqual(page.status_code, 200)
        text = page.text
        for source in ("Write a private note", "Raise the concern", "Schedule a session"):
            self.assertIn(self.po_french(source), text)
            self.assertNotIn(f">{source}<", text)

    def test_a_mail_subject_comes_out_in_french(self):
        template = self.env.ref("mentorship_program.mail_template_enrollment_approved")
        subject = template.with_context(lang="fr_FR")._render_field(
            "subject", self.mentee_alice.ids
        )[self.mentee_alice.id]
        french = self.po_french(template.with_context(lang="en_US").subject)
        self.assertEqual(subject, french.replace("{{ object.program_id.name }}", self.program.name))

    def test_the_completion_summary_prints_in_french(self):
        self.env["mentorship.plan"]._create_for_pairs(self.pair)
        self.pair.with_user(self.user_alice).action_complete_early(reason="Objectifs atteints")
        # As the web client asks: in the user's language.
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_alice)
            .with_context(lang="fr_FR")
            ._render_qweb_html("mentorship_program.report_mentorship_pair_summary", self.pair.ids)
        )
        html = html.decode()
        for source in ("Mentorship summary", "Next steps", "Sessions held"):
            self.assertIn(self.po_french(source), html)
        self.assertNotIn("Next steps", html)
