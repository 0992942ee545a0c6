"""The engine's reasons, from codes and numbers to the words each audience reads.

The engine explains a score with structured reasons (``engine.Reason``: a
code per score component and its numbers, in the engine's indexes). Here
they become *stored reasons*, plain JSON with record ids that outlive the
run (:func:`stored_reasons`), kept on proposals, pairs, requests and
suggestions; and stored reasons become sentences (:class:`ReasonRenderer`),
translated, for one audience:

* ``"hr"``: every reason, for HR's proposals;
* ``"participant"``: what the mentor and the mentee may read, on their pair,
  the portal, e-mails and activities: :func:`is_shared` reasons only.

What a participant may read is decided here, once, on the code and the shape
of the data, never by matching English text:

* a reason whose code is in ``PRIVATE_REASON_CODES`` (the diversity blend)
  compares attributes only HR may see;
* so does any reason carrying attribute data (``data["attributes"]``, the
  loader's ``ATTRIBUTES``: gender, nationality and any attribute added
  there), whatever its code;
* and a code this module does not know is private until someone decides
  otherwise here.
"""

from collections import defaultdict

from ..engine import REASON_CODES
from .loader import attribute_labels

# Codes of reasons that compare confidential attributes: HR only.
PRIVATE_REASON_CODES = frozenset({"diversity"})
# Keys of a stored reason's data that hold confidential attributes.
PRIVATE_DATA_KEYS = frozenset({"attributes"})
# The only codes the mentor and the mentee may read.
SHARED_REASON_CODES = frozenset(REASON_CODES) - PRIVATE_REASON_CODES
AUDIENCES = ("hr", "participant")


def is_shared(reason):
    """Whether the people of the pair may read this stored reason."""
    return reason.get("code") in SHARED_REASON_CODES and not (
        PRIVATE_DATA_KEYS & set(reason.get("data") or ())
    )


def stored_reasons(reasons, inputs):
    """Engine reasons -> JSON-ready dicts with record ids instead of the
    engine's column and bit indexes (``inputs`` is the loader's MatchInputs)."""
    stored = []
    for reason in reasons:
        data = dict(reason.data)
        if "skills" in data:
            data["skill_ids"] = [inputs.skill_ids[i] for i in data.pop("skills")]
        if "attributes" in data:
            data["attributes"] = [inputs.attribute_names[i] for i in data["attributes"]]
        if "languages" in data:
            data["lang_ids"] = [inputs.language_ids[i] for i in data.pop("languages")]
        if "slots" in data:
            data["slot_ids"] = [inputs.slot_ids[i] for i in data.pop("slots")]
        stored.append({"code": reason.code, "share": reason.share, "data": data})
    return stored


def shared_reasons(stored):
    """The stored reasons the people of the pair may read."""
    return [reason for reason in stored or () if is_shared(reason)]


class ReasonRenderer:
    """Sentences for many lists of stored reasons, with the names they cite
    read in one query per model."""

    def __init__(self, env, audience):
        if audience not in AUDIENCES:
            raise ValueError(f"unknown audience {audience!r}")
        self.env = env
        self.audience = audience

    def render(self, stored):
        return self.render_many([stored])[0]

    def render_many(self, stored_lists):
        lists = [self._readable(stored) for stored in stored_lists]
        names = self._names(lists)
        return [self._sentence(reasons, names) for reasons in lists]

    def _readable(self, stored):
        """The stored reasons this audience may read: all of them for HR."""
        return list(stored or ()) if self.audience == "hr" else shared_reasons(stored)

    def _names(self, lists):
        wanted = defaultdict(set)
        for reasons in lists:
            for reason in reasons:
                for key, model in (
                    ("skill_ids", "hr.skill"),
                    ("lang_ids", "res.lang"),
                    ("slot_ids", "mentorship.availability.slot"),
                ):
                    wanted[model].update(reason["data"].get(key, ()))
        # The names of skills, languages and half-days are no secret to
        # whoever may read the reasons that cite them.
        return {
            model: {
                record.id: record.display_name
                for record in self.env[model].sudo().with_context(active_test=False).browse(ids)
            }
            for model, ids in wanted.items()
        }

    def _sentence(self, reasons, names):
        """Plain sentences, strongest reason first. They speak to the people
        of the pair ("you both"), who read them on their pair, the portal and
        e-mails; HR reads the same sentences, plus the diversity one."""
        sentences = []
        for reason in reasons:
            data = reason["data"]
            code = reason["code"]
            if code == "skills":
                skills = ", ".join(names["hr.skill"][i] for i in data.get("skill_ids", ()))
                sentences.append(
                    self.env._(
                        "The mentor covers %(covered)s of the %(wanted)s skill-gap levels "
                        "the mentee wants to climb (%(skills)s).",
                        covered=data.get("covered", 0),
                        wanted=data.get("wanted", 0),
                        skills=skills,
                    )
                )
            elif code == "career":
                sentences.append(
                    self.env._(
                        "The mentor holds or has held the mentee's target role or its next step."
                    )
                )
            elif code == "cross_functional":
                sentences.append(
                    self.env._(
                        "The mentor works in another department, which brings a "
                        "cross-functional view."
                    )
                )
            elif code == "diversity" and self.audience == "hr":
                labels = attribute_labels(self.env)
                attributes = ", ".join(labels.get(a, a) for a in data.get("attributes", ()))
                sentences.append(
                    self.env._(
                        "The mentor brings a different background (%(attributes)s).",
                        attributes=attributes,
                    )
                )
            elif code == "language":
                languages = _enumeration(
                    self.env, [names["res.lang"][i] for i in data.get("lang_ids", ())]
                )
                sentences.append(
                    self.env._("You both work in %(languages)s.", languages=languages)
                    if languages
                    else self.env._("You share a working language.")
                )
            elif code == "timezone":
                hours = data.get("hours_apart", 0)
                sentences.append(
                    self.env._("You are in the same time zone.")
                    if not hours
                    # format(), not an f-string: Odoo's term extractor (Babel 2.10)
                    # evaluates f-strings inside a translation call and gives up
                    # on the whole file.
                    else self.env._(
                        "Your time zones are %(hours)s h apart.", hours=format(hours, "g")
                    )
                )
            elif code == "availability":
                slots = [names["mentorship.availability.slot"][i] for i in data.get("slot_ids", ())]
                sentences.append(
                    self.env._(
                        "You are both free on %(slots)s.", slots=_enumeration(self.env, slots)
                    )
                    if slots
                    else self.env._("You have free half-days in common.")
                )
        if not sentences:
            sentences.append(self.env._("This is the best pairing left under the program's rules."))
        return " ".join(sentences)


# Names an enumeration spells out before it counts the rest.
ENUMERATION_NAMES = 3


def _enumeration(env, names):
    """ "A", "A and B", "A, B and C", "A, B, C and 2 more": names in a sentence."""
    if len(names) <= 1:
        return "".join(names)
    if len(names) > ENUMERATION_NAMES:
        return env._(
            "%(names)s and %(count)s more",
            names=", ".join(names[:ENUMERATION_NAMES]),
            count=len(names) - ENUMERATION_NAMES,
        )
    return env._("%(names)s and %(last)s", names=", ".join(names[:-1]), last=names[-1])


def render_reasons(env, stored, audience):
    """One list of stored reasons as a sentence for ``audience``."""
    return ReasonRenderer(env, audience).render(stored)


def format_score(env, score):
    """A score (0..100) as everyone reads it: a whole percentage, "72 %",
    the figure Odoo's progress bars show on the backend."""
    return env._("%(percent)s %%", percent=round(score or 0.0))


def exclusion_sentences(env, exclusions):
    """Why a mentor cannot be chosen for a mentee, one phrase per rule (HR's
    review and refusals; the rules compare no confidential attribute)."""
    phrases = []
    for exclusion in exclusions:
        code, data = exclusion.code, exclusion.data
        if code == "same_person":
            phrases.append(env._("is the mentee themself"))
        elif code == "reporting_line":
            phrases.append(
                env._("is the mentee's manager")
                if data.get("levels_up", 1) == 1
                else env._(
                    "is in the mentee's reporting line (%(levels)s levels up), which the "
                    "program rules out",
                    levels=data.get("levels_up"),
                )
            )
        elif code == "excluded":
            phrases.append(
                env._("was declined by this mentee before, or their pair ended in a re-match")
            )
        elif code == "same_department":
            phrases.append(env._("works in the mentee's department, which the program rules out"))
        elif code == "no_shared_language":
            phrases.append(env._("shares no working language with the mentee"))
        elif code == "no_common_availability":
            phrases.append(env._("has no free half-day in common with the mentee"))
        elif code == "full":
            phrases.append(env._("is full: every seat of their capacity is taken"))
        elif code == "not_ready":
            phrases.append(
                env._("is not ready to mentor yet (readiness rubric, charter or onboarding course)")
            )
    return phrases


def empty_sentences(env, reasons):
    """Why a mentee gets no suggestion, in sentences for the mentee, from the
    engine's ``EmptyReason`` list (counts per rule, never a name)."""
    sentences = []
    for reason in reasons:
        count, total = reason.mentors, reason.of
        if reason.code == "no_ready_mentor":
            sentences.append(env._("No mentor of the program is ready to mentor yet."))
        elif reason.code == "full" and count == total:
            sentences.append(env._("Every mentor of the program is full."))
        elif reason.code == "full":
            sentences.append(
                env._("%(count)s of the %(total)s mentors are full.", count=count, total=total)
            )
        elif reason.code == "same_person":
            sentences.append(env._("One of the program's mentors is you."))
        elif reason.code == "reporting_line":
            sentences.append(
                env._(
                    "%(count)s of the %(total)s mentors are in your reporting line, which "
                    "the program rules out.",
                    count=count,
                    total=total,
                )
            )
        elif reason.code == "excluded":
            sentences.append(
                env._(
                    "%(count)s of the %(total)s mentors were already proposed to you and the "
                    "match was declined or re-matched.",
                    count=count,
                    total=total,
                )
            )
        elif reason.code == "same_department":
            sentences.append(
                env._(
                    "%(count)s of the %(total)s mentors work in your department, which the "
                    "program rules out.",
                    count=count,
                    total=total,
                )
            )
        elif reason.code == "no_shared_language":
            sentences.append(
                env._(
                    "You share no working language with %(count)s of the %(total)s mentors.",
                    count=count,
                    total=total,
                )
            )
        elif reason.code == "no_common_availability":
            sentences.append(
                env._(
                    "You have no free half-day in common with %(count)s of the %(total)s mentors.",
                    count=count,
                    total=total,
                )
            )
    return sentences
