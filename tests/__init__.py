from . import (
    test_fuzz_routes,
    test_invoicing,
    test_medusa_inbound,
    test_medusa_outbound,
    test_nonito,
    test_omnitron,
    test_operator,
    test_outbox,
    test_settings,
    test_trust_boundary,
    test_ui_tours,
)
