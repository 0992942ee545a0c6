from . import mentorship_appraisal_development_area
from . import hr_appraisal
from . import mentorship_enrollment_skill
from . import mentorship_enrollment
