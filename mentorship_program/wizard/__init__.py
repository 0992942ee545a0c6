from . import mentorship_enrollment_enroll
from . import mentorship_mentor_suggestion
from . import mentorship_mentor_suggestion_line
from . import mentorship_pair_close
from . import mentorship_enrollment_import
from . import mentorship_participant_erase
from . import mentorship_credit_reverse
