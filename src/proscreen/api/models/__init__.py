"""Pydantic wire models, kept apart from the domain objects and built from them by small constructors."""
