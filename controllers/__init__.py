from . import images, medusa, omnitron
