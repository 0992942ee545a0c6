"""The module's French (i18n/fr.po) as Odoo reads and loads it."""

import re

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader, code_translations

MODULE = "mentorship_program"
FRENCH_PO = f"{MODULE}/i18n/fr.po"
# What a translation must keep of its source: named and positional
# placeholders, escaped percent signs, QWeb/inline template expressions.
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*[\d.]*[a-z]|%[sdr]|%%|\{\{.*?\}\}")
# The tag names of view and template terms, in order.
TAG_NAME = re.compile(r"</?([\w-]+)")


@tagged("post_install", "-at_install")
class TestFrenchTranslation(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.po = polib.pofile(file_path(FRENCH_PO))

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
