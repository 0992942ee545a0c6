"""The engine's reasons as text for proposals, pairs and requests."""


def explanation_sentence(text):
    """The engine's reasons as a sentence: capitalised, with a full stop."""
    text = (text or "").strip()
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


def shared_explanation(text):
    """The reasons the mentor and the mentee themselves may read.

    Diversity reasons compare gender and nationality, which only HR may see
    on the employee: they stay on HR's proposal and leave the copy shown to
    the people concerned.
    """
    reasons = [
        reason
        for reason in (text or "").rstrip(".").split("; ")
        if not reason.lower().startswith("brings a different background")
    ]
    return explanation_sentence("; ".join(reasons))
