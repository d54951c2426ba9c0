/** @odoo-module **/

import { registry } from "@web/core/registry";

// What an administrator does in the Commerce Bridge screens. Started by
// tests/test_ui_tours.py, which prepares the records and checks the database afterwards.

const MEDUSA_API_KEY = "medusa-test-key";
// Set on the body before a step that reloads the page: a trigger that requires its absence
// only matches once the new page is there.
const BEFORE_RELOAD = "o_cb_tour_before_reload";

/** A cookie set by the Python test (the sandbox peers listen on ports chosen at run time). */
function tourCookie(name) {
    const prefix = `${name}=`;
    const cookie = document.cookie.split("; ").find((item) => item.startsWith(prefix));
    return cookie ? decodeURIComponent(cookie.slice(prefix.length)) : "";
}

function statusIs(state) {
    return `.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='${state}']`;
}

function notification(type, text) {
    return `.o_notification:has(.o_notification_bar.bg-${type}) .o_notification_content:contains(${text})`;
}

/** Fill the store's address and key, save (the page reloads), press Test connection. */
function connectMedusa(medusaUrl) {
    return [
        {
            content: "Fill the Medusa base URL",
            trigger: ".o-settings-form-view div[name='cb_medusa_base_url'] input",
            run: `edit ${medusaUrl}`,
        },
        {
            content: "Fill the Medusa API key",
            trigger: "div[name='cb_medusa_api_key'] input",
            run: `edit ${MEDUSA_API_KEY}`,
        },
        {
            content: "Both fields are filled",
            trigger: `div[name='cb_medusa_api_key'] input:value(${MEDUSA_API_KEY})`,
            run() {
                document.body.classList.add(BEFORE_RELOAD);
            },
        },
        {
            content: "Save the settings (the page reloads)",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "After the reload the saved base URL is shown",
            trigger: `body:not(.${BEFORE_RELOAD}) .o-settings-form-view div[name='cb_medusa_base_url'] input:value(${medusaUrl})`,
        },
        {
            content: "Test the Medusa connection",
            trigger: "button[name='action_cb_test_medusa']",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("commerce_bridge_settings_tour", {
    url: "/odoo/action-commerce_bridge.action_commerce_bridge_settings",
    steps: () => {
        const medusaUrl = tourCookie("cb_tour_medusa_url");
        return [
            {
                content: "The Commerce Bridge settings are open, the Medusa connection is empty",
                trigger: ".o-settings-form-view div[name='cb_medusa_base_url'] input:value(/^$/)",
            },
            {
                content: "Test the Medusa connection before filling it",
                trigger: "button[name='action_cb_test_medusa']",
                run: "click",
            },
            {
                content: "The test says the base URL is missing; close the message",
                trigger: ".o_notification:has(.o_notification_bar.bg-danger) .o_notification_close",
                run: "click",
            },
            {
                content: "The message is gone",
                trigger: "body:not(:has(.o_notification))",
            },
            ...connectMedusa(medusaUrl),
            {
                content: "The sandbox Medusa answered",
                trigger: notification("success", "Connected"),
            },
        ];
    },
});

registry.category("web_tour.tours").add("commerce_bridge_outbox_replay_tour", {
    url: "/odoo/action-commerce_bridge.action_commerce_bridge_outbox_attention",
    steps: () => [
        {
            content: "Open the dead message from the messages needing attention",
            trigger: ".o_list_view .o_data_row td[name='aggregate_key']:contains(cb-tour-dead)",
            run: "click",
        },
        {
            content: "The message is dead",
            trigger: statusIs("dead"),
        },
        {
            content: "Replay it",
            trigger: ".o_form_view .o_form_statusbar button[name='action_replay']",
            run: "click",
        },
        {
            content: "The message waits for delivery again",
            trigger: statusIs("pending"),
        },
        {
            content: "Replay is gone, Retry now is offered",
            trigger:
                ".o_form_view .o_form_statusbar:not(:has(button[name='action_replay'])) button[name='action_retry_now']",
        },
    ],
});

registry.category("web_tour.tours").add("commerce_bridge_inbound_reprocess_tour", {
    url: "/odoo/action-commerce_bridge.action_commerce_bridge_inbound_event",
    steps: () => [
        {
            content: "Open the failed inbound event",
            trigger: ".o_list_view .o_data_row td[name='external_id']:contains(cb-tour-failed)",
            run: "click",
        },
        {
            content: "The event failed",
            trigger: statusIs("failed"),
        },
        {
            content: "The error is shown",
            trigger: ".o_form_view div[name='error_display']:contains(cb-tour-error)",
        },
        {
            content: "Reprocess it",
            trigger: ".o_form_view .o_form_statusbar button[name='action_reprocess']",
            run: "click",
        },
        {
            content: "The event is processed",
            trigger: statusIs("done"),
        },
        {
            content: "It produced the customer, and Reprocess is gone",
            trigger:
                ".o_form_view .o_form_statusbar:not(:has(button[name='action_reprocess'])) button[name='action_open_record']",
        },
        {
            content: "The error is cleared",
            trigger: ".o_form_view:not(:has(div[name='error_display']:visible))",
        },
    ],
});

registry.category("web_tour.tours").add("commerce_bridge_stock_drift_tour", {
    url: "/odoo/action-commerce_bridge.action_commerce_bridge_stock_drift",
    steps: () => [
        {
            content: "The drift report is empty",
            trigger: ".o_list_view .o_view_nocontent",
        },
        {
            content: "Check the stock levels against Medusa now",
            trigger: ".o_control_panel button[name='action_check_now']",
            run: "click",
        },
        {
            content: "The check reports how many SKUs differ",
            trigger: notification("success", "SKUs differ"),
        },
        {
            content: "The differing SKU is listed",
            trigger: ".o_list_view .o_data_row td[name='sku']:contains(CB-TOUR-DRIFT)",
        },
    ],
});

/** A step that opens another screen by its address (the tour resumes after the load). */
function goTo(content, url) {
    return {
        content,
        trigger: "body",
        run() {
            document.body.classList.add(BEFORE_RELOAD);
            window.location.href = url;
        },
    };
}

// One walk through an operator's day: connect the store, look at an order that needs a
// person, read the overview, replay a dead message in bulk, check the stock drift.
registry.category("web_tour.tours").add("commerce_bridge_operator_day_tour", {
    url: "/odoo/action-commerce_bridge.action_commerce_bridge_settings",
    steps: () => {
        const medusaUrl = tourCookie("cb_tour_medusa_url");
        const orderUrl = tourCookie("cb_tour_order_url");
        return [
            // 1. Settings: fill the store's address and key, save, test the connection.
            {
                content: "The settings show the store's webhook address to copy",
                trigger: ".o-settings-form-view div[name='cb_medusa_webhook_url'] .o_clipboard_button",
            },
            ...connectMedusa(medusaUrl),
            {
                content: "The store answered",
                trigger: notification("success", "Connected"),
            },
            // 2. An imported order with an unknown SKU waits for a person.
            goTo("Open the imported order", orderUrl),
            {
                content: "The order says why it was held",
                trigger: `body:not(.${BEFORE_RELOAD}) .o_form_view .alert-info:contains(CB-TOUR-UNKNOWN)`,
            },
            {
                content: "The activity is assigned to the responsible person",
                trigger: ".o-mail-Activity .o-mail-Activity-user:contains(Tour Seller)",
            },
            // 3. The overview: one card per channel.
            goTo(
                "Open the Commerce Bridge overview",
                "/odoo/action-commerce_bridge.action_commerce_bridge_outbox_health"
            ),
            {
                content: "The Nonito events card counts one dead message",
                trigger: `body:not(.${BEFORE_RELOAD}) .o_kanban_record:contains(Events to Nonito) a[name='action_open_dead']:contains(1)`,
                run: "click",
            },
            // 4. The dead message.
            {
                content: "Open the dead message",
                trigger: ".o_list_view .o_data_row td[name='aggregate_key']:contains(cb-tour-day-dead)",
                run: "click",
            },
            {
                content: "It is dead and says why",
                trigger: `${statusIs("dead")}`,
            },
            {
                content: "The last error is shown",
                trigger: ".o_form_view .alert-danger:contains(cb-tour-day)",
            },
            {
                content: "Back to the list of dead messages",
                trigger: ".o_breadcrumb .breadcrumb-item a:contains(Events to Nonito)",
                run: "click",
            },
            // 5. Bulk replay from the list.
            {
                content: "Select every dead message",
                trigger: ".o_list_view thead .o_list_record_selector input",
                run: "click",
            },
            {
                content: "Open the Actions menu",
                trigger: ".o_cp_action_menus button:has(.fa-cog)",
                run: "click",
            },
            {
                content: "Replay them",
                trigger: ".o-dropdown--menu .o-dropdown-item:contains(Replay)",
                run: "click",
            },
            {
                content: "The notification says how many were replayed",
                trigger: notification("success", "1 of 1 message(s) replayed"),
            },
            // 6. The stock drift check.
            goTo(
                "Open the stock drift report",
                "/odoo/action-commerce_bridge.action_commerce_bridge_stock_drift"
            ),
            {
                content: "Check the stock levels against Medusa now",
                trigger: `body:not(.${BEFORE_RELOAD}) .o_control_panel button[name='action_check_now']`,
                run: "click",
            },
            {
                content: "The check reports how many SKUs differ",
                trigger: notification("success", "SKUs differ"),
            },
            {
                content: "The differing SKU is listed",
                trigger: ".o_list_view .o_data_row td[name='sku']:contains(CB-TOUR-DAY-DRIFT)",
            },
        ];
    },
});
