from . import test_dashboard_tour, test_mentorship_dashboard
from . import test_mentorship_dashboard
