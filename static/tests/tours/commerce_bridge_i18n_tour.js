/** @odoo-module **/

import { registry } from "@web/core/registry";

// The Commerce Bridge settings as a user whose language is Arabic (ar_001). Started by
// tests/test_i18n.py, which loads i18n/ar.po first.

/** A cookie set by the Python test. */
function tourCookie(name) {
    const prefix = `${name}=`;
    const cookie = document.cookie.split("; ").find((item) => item.startsWith(prefix));
    return cookie ? decodeURIComponent(cookie.slice(prefix.length)) : "";
}

const PRODUCT_NAMES = /\b(Akinon|Omnitron|Medusa|Nonito|MarqaSouq|Odoo|SKU|API|URL|JSON|HTTP)\b/g;
const APP = ".o-settings-form-view .app_settings_block[data-key='commerce_bridge']";

registry.category("web_tour.tours").add("commerce_bridge_i18n_rtl_tour", {
    url: "/odoo/action-commerce_bridge.action_commerce_bridge_settings",
    steps: () => {
        // Odoo mirrors its stylesheet with rtlcss on the server; the test says whether it can.
        const mirroredCss = tourCookie("cb_tour_rtlcss") === "1";
        const steps = [
            {
                content: "The web client runs in a right-to-left language",
                trigger: "body.o_rtl .o-settings-form-view",
            },
            {
                content: "The Commerce Bridge app of the settings has its Arabic name",
                trigger: ".settings_tab a.tab[data-key='commerce_bridge'] .app_name:contains(جسر التجارة)",
            },
            {
                content: "Its blocks have Arabic titles",
                trigger: `${APP} h2:contains(الطلبات المستوردة)`,
            },
            {
                content: "The Medusa block too",
                trigger: `${APP} h2:contains(متجر)`,
            },
            {
                content: "Field labels are Arabic",
                trigger: `${APP} label:contains(عنوان URL الأساسي لـ Medusa)`,
            },
            {
                content: "Buttons are Arabic",
                trigger: `${APP} button[name='action_cb_test_medusa']:contains(اختبار الاتصال)`,
            },
            {
                content: "No block title is left in English",
                trigger: `${APP} h2`,
                run() {
                    const english = [...document.querySelectorAll(`${APP} h2`)]
                        .map((title) => title.textContent.trim())
                        // Product names stay in Latin letters ("Nonito", "Akinon Omnitron").
                        .filter((text) => /[A-Za-z]/.test(text.replace(PRODUCT_NAMES, "")))
                        .filter((text) => !/[\u0600-\u06FF]/.test(text));
                    if (english.length) {
                        throw new Error(`untranslated block titles: ${english.join(", ")}`);
                    }
                },
            },
        ];
        if (mirroredCss) {
            steps.push({
                content: "The page is laid out right to left: text runs rtl, the apps are on the right",
                trigger: `${APP} h2`,
                run() {
                    const client = document.querySelector(".o_web_client");
                    const direction = getComputedStyle(client).direction;
                    if (direction !== "rtl") {
                        throw new Error(`.o_web_client has direction ${direction}, not rtl`);
                    }
                    const tabs = document.querySelector(".settings_tab").getBoundingClientRect();
                    const app = document.querySelector(APP).getBoundingClientRect();
                    if (!(tabs.left >= app.right - 1)) {
                        throw new Error(
                            `the apps column (left ${tabs.left}) is not right of the settings (right ${app.right})`
                        );
                    }
                },
            });
        }
        return steps;
    },
});
