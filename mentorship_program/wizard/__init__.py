from . import (
    mentorship_enrollment_enroll,
    mentorship_mentor_suggestion,
    mentorship_mentor_suggestion_line,
    mentorship_pair_close,
)
