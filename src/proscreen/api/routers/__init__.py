"""Thin routers: parse the wire model, call the core once, build the wire model back."""
