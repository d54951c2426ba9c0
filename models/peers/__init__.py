# The peers this addon ships, each a package beside the core that extends it. A peer in
# another addon plugs in the same way, from its own module.
from .. import medusa, nonito, omnitron
