from . import test_appraisal_summary
from . import test_development_areas
