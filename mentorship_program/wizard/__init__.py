from . import mentorship_enrollment_enroll
from . import mentorship_pair_close
