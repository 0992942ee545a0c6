from . import test_dashboard_tour, test_mentorship_dashboard
