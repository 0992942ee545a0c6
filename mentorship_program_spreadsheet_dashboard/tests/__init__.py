from . import test_mentorship_dashboard
