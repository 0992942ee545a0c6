from . import test_enrollment
from . import test_matching
from . import test_pair
from . import test_portal
from . import test_program
from . import test_readiness
from . import test_security
from . import test_plan
