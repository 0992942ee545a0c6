def window_action(env, xmlid, domain, context=None):
    """The window action ``xmlid`` narrowed to ``domain``, for smart buttons."""
    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    action["domain"] = domain
    action["context"] = context or {}
    return action
