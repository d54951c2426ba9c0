from . import medusa, medusa_images, omnitron
