{
    "name": "Commerce Bridge test peer: Shopfake",
    "summary": "A Shopify-style peer that exists only for tests: proves a peer plugs into "
    "commerce_bridge with its own files and no edit to the core",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tests",
    "author": "Commerce Bridge contributors",
    "license": "LGPL-3",
    "depends": ["commerce_bridge"],
    "data": [],
    "installable": True,
}
