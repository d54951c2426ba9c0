from . import test_shopfake
