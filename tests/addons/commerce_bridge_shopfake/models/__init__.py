from . import peer
