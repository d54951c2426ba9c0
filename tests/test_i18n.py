"""Translations (i18n/ar.po, i18n/tr.po): loaded by Odoo, shown in the views, and the settings
page laid out right to left in Arabic (static/tests/tours/commerce_bridge_i18n_tour.js)."""

import importlib.util
import shutil
from pathlib import Path

from odoo import Command
from odoo.tests import HttpCase, TransactionCase, tagged

MODULE_ROOT = Path(__file__).resolve().parents[1]
SETTINGS_URL = "/odoo/action-commerce_bridge.action_commerce_bridge_settings"
LANGS = ("ar_001", "tr_TR")


def _load_translations(env):
    """Activate Arabic and Turkish and load this module's .po files for them."""
    for code in LANGS:
        env["res.lang"]._activate_lang(code)
    module = env["ir.module.module"].search([("name", "=", "commerce_bridge")])
    module._update_translations(list(LANGS), overwrite=True)
    env.registry.clear_cache("default", "templates")
    env.invalidate_all()


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _load_translations(cls.env)

    def _fields(self, model, lang):
        return (
            self.env[model].with_context(lang=lang).fields_get(attributes=["string", "selection"])
        )

    def test_field_labels_and_selections(self):
        expected = {
            "ar_001": (
                "الحالة",
                "فشل نهائي",
                "موقوفة مؤقتًا",
                "المنصة",
                "عنوان URL الأساسي لـ Medusa",
            ),
            "tr_TR": ("Durum", "Kalıcı hata", "Duraklatıldı", "Platform", "Medusa temel URL'si"),
        }
        for lang, (state, dead, paused, peer, base_url) in expected.items():
            with self.subTest(lang=lang):
                outbox = self._fields("commerce.bridge.outbox", lang)
                self.assertEqual(outbox["state"]["string"], state)
                states = dict(outbox["state"]["selection"])
                self.assertEqual(states["dead"], dead)
                self.assertEqual(states["paused"], paused)
                self.assertEqual(outbox["peer"]["string"], peer)
                # The peers' own names stay as they are.
                self.assertEqual(dict(outbox["peer"]["selection"])["medusa"], "Medusa")
                settings = self._fields("res.config.settings", lang)
                self.assertEqual(settings["cb_medusa_base_url"]["string"], base_url)

    def test_settings_view_strings(self):
        expected = {
            "ar_001": ("جسر التجارة", "الطلبات المستوردة", "اختبار الاتصال"),
            "tr_TR": (
                "Ticaret Köprüsü",
                "İçe aktarılan siparişler",
                "Bağlantıyı test et",
            ),
        }
        for lang, strings in expected.items():
            with self.subTest(lang=lang):
                views = (
                    self.env["res.config.settings"]
                    .with_context(lang=lang)
                    .get_views([(False, "form")])
                )
                arch = views["views"]["form"]["arch"]
                for text in strings:
                    self.assertIn(text, arch)
                self.assertNotIn('"Imported orders"', arch)

    def test_menus_and_messages_from_the_code(self):
        menu = self.env.ref("commerce_bridge.menu_commerce_bridge_root")
        self.assertEqual(menu.with_context(lang="ar_001").name, "جسر التجارة")
        self.assertEqual(menu.with_context(lang="tr_TR").name, "Ticaret Köprüsü")
        # Messages raised or notified by the Python code (read from the .po files at run time),
        # with their placeholders filled.
        arabic = self.env(context=dict(self.env.context, lang="ar_001"))
        turkish = self.env(context=dict(self.env.context, lang="tr_TR"))
        self.assertEqual(arabic._("Unknown currency %s", "XYZ"), "عملة غير معروفة XYZ")
        self.assertEqual(
            turkish._("Gave up after %(n)s attempts: %(error)s", n=5, error="HTTP 500"),
            "5 denemeden sonra vazgeçildi: HTTP 500",
        )

    def test_every_translation_keeps_its_placeholders(self):
        """No translation loses or adds a %s, %(name)s, {name}, an HTML tag or the spaces at
        its ends (scripts/i18n_check.py, which also counts the missing ones)."""
        spec = importlib.util.spec_from_file_location(
            "cb_i18n_check", MODULE_ROOT / "scripts" / "i18n_check.py"
        )
        check = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(check)
        for lang in ("ar", "tr"):
            entries = check.parse(MODULE_ROOT / "i18n" / f"{lang}.po")
            self.assertGreater(len(entries), 300)
            broken = {
                msgid: check.problems(msgid, msgstr)
                for (_ctx, msgid), (msgstr, fuzzy) in entries.items()
                if msgstr and not fuzzy and check.problems(msgid, msgstr)
            }
            self.assertEqual(broken, {}, lang)


@tagged("post_install", "-at_install")
class TestTranslationsRtl(HttpCase):
    def test_settings_page_right_to_left_in_arabic(self):
        _load_translations(self.env)
        admin = self.env.ref("base.user_admin")
        self.env["res.users"].create(
            {
                "name": "مدير المتجر",
                "login": "cb_arabic_admin",
                "password": "cb_arabic_admin",
                "lang": "ar_001",
                "company_id": admin.company_id.id,
                "company_ids": [Command.set(admin.company_ids.ids)],
                "groups_id": [Command.set(admin.groups_id.ids)],
            }
        )
        # The mirrored stylesheet is made by rtlcss (Odoo's docker image installs it; elsewhere
        # `npm install -g rtlcss`): without it Odoo serves the left-to-right CSS and the tour
        # can only check the markup.
        self.start_tour(
            SETTINGS_URL,
            "commerce_bridge_i18n_rtl_tour",
            login="cb_arabic_admin",
            cookies={"cb_tour_rtlcss": "1" if shutil.which("rtlcss") else "0"},
        )
