{
    "name": "Commerce Bridge bench floor",
    "summary": "Bench only: a bare HTTP route that creates and confirms the same sale order with "
    "the plain ORM, the floor the webhook pipeline is measured against. Never install in "
    "production; bench/stack.py installs it in its throw-away database.",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "license": "LGPL-3",
    "depends": ["sale_stock"],
    "installable": True,
    "auto_install": False,
}
