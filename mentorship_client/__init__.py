"""A Python client of the mentorship_program Odoo add-on, over RPC only.

It logs in as a person and reads what that person may read: record rules,
field groups and the minimum group size of figures all apply on the server.
The client never computes a figure over people from rows of its own.

    from mentorship_client import Client

    client = Client("https://odoo.example.com", "prod", "grace.okafor", api_key)
    pairs = client.export_pairs(program="Engineering Growth")  # a pandas DataFrame
"""

from .client import Client, ClientError, EXPORT_KINDS
from .connection import ConnectionSettings

__all__ = ["EXPORT_KINDS", "Client", "ClientError", "ConnectionSettings"]
