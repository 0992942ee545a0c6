"""Plain-Python analytics of the mentorship program: no ORM in here.

The models load rows in bulk and hand them over as plain dicts; everything
below is computed in memory and unit-tested without a database
(tests/program_analytics/ at the repository root).
"""

from .health import (
    HEALTH_AT_RISK,
    HEALTH_BANDS,
    HEALTH_ON_TRACK,
    HEALTH_STALLED,
    health_due_date,
    pair_health,
)
from .privacy import (
    GuardedFigure,
    QuestionFigures,
    guard,
    guarded_average,
    guarded_groups,
    question_figures,
)
from .review import review_figures
from .targets import (
    CLOSE_MARGIN,
    STATUS_COLOURS,
    TARGET_STATUSES,
    TARGETS,
    mentoring_cost,
    target_actuals,
    target_colour,
    target_status,
)
from .schedule import (
    PULSE_FIRST_DAY,
    PULSE_INTERVAL_DAYS,
    halfway_day,
    pulse_due_date,
    pulse_index_due,
    quarter_label,
    quarter_start,
    review_period,
)

__all__ = [
    "CLOSE_MARGIN",
    "STATUS_COLOURS",
    "TARGETS",
    "TARGET_STATUSES",
    "mentoring_cost",
    "target_actuals",
    "target_colour",
    "target_status",
    "GuardedFigure",
    "HEALTH_AT_RISK",
    "HEALTH_BANDS",
    "HEALTH_ON_TRACK",
    "HEALTH_STALLED",
    "PULSE_FIRST_DAY",
    "PULSE_INTERVAL_DAYS",
    "QuestionFigures",
    "guard",
    "guarded_average",
    "guarded_groups",
    "halfway_day",
    "health_due_date",
    "pair_health",
    "pulse_due_date",
    "pulse_index_due",
    "question_figures",
    "quarter_label",
    "quarter_start",
    "review_figures",
    "review_period",
]
