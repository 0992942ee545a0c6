"""Developer tooling for the mentorship_program Odoo 18 add-on repository.

Entry point: ``./dev`` (a bash bootstrap) which runs ``python -m tools.devenv``.
"""
