from . import test_medusa_inbound, test_omnitron, test_outbox, test_settings
