from . import (
    test_invoicing,
    test_medusa_inbound,
    test_medusa_outbound,
    test_nonito,
    test_omnitron,
    test_outbox,
    test_settings,
)
