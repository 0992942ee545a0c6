from . import test_appraisal_summary
from . import test_development_areas
from . import test_access
