from . import portal, portal_circle, portal_journal, portal_pair, portal_request
