from . import mentorship_enrollment_enroll
