from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_organisation_reports import OrganisationCase


@tagged("post_install", "-at_install")
class TestSupplyDemandByDepartment(OrganisationCase):
    """Mentor seats in Sales, mentees waiting in IT.

    Under Nina (in Leo's organisation): five ready mentors in Sales with two
    seats each, one seat taken by a pending pair with an IT mentee; six more
    IT mentees approved and waiting. Under Lena (outside it): one ready
    mentor in Sales with three seats and two IT mentees waiting. Leo's six
    mentees of the base case are all in pairs with Max. Minimum group size: 5.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_mentors = cls.env["mentorship.enrollment"]
        for index in range(5):
            cls.sales_mentors |= cls._mentor(f"sd_mentor_{index}", cls.employee_nina, 2)
        cls.outside_mentor = cls._mentor("sd_mentor_out", cls.employee_lena, 3)
        cls.waiting_it = cls.env["mentorship.enrollment"]
        for index in range(7):
            _user, employee = cls._person(
                f"sd_mentee_{index}", f"SD Mentee {index}", cls.employee_nina, cls.it
            )
            cls.waiting_it |= cls._approved_mentee(employee)
        for index in range(2):
            _user, employee = cls._person(
                f"sd_mentee_out_{index}", f"SD Outside Mentee {index}", cls.employee_lena, cls.it
            )
            cls._approved_mentee(employee)
        # A pending pair holds its mentee and one of its mentor's seats.
        cls.env["mentorship.pair"].create(
            {
                "program_id": cls.program.id,
                "mentee_enrollment_id": cls.waiting_it[0].id,
                "mentor_enrollment_id": cls.sales_mentors[0].id,
                "state": "pending",
            }
        )
        cls.waiting_it -= cls.waiting_it[0]

    @classmethod
    def _mentor(cls, login, manager, capacity):
        user, employee = cls._person(login, login.replace("_", " ").title(), manager, cls.sales)
        skill = cls.env["hr.employee.skill"].create(
            {
                "employee_id": employee.id,
                "skill_type_id": cls.skill_type.id,
                "skill_id": cls.skill_coaching.id,
                "skill_level_id": cls.level_advanced.id,
            }
        )
        return cls._ready_mentor(employee, user, skill, capacity=capacity)

    @staticmethod
    def _row(name, *cells):
        return f"<tr><td>{name}</td>" + "".join(
            f"<td class='text-end'>{cell}</td>" for cell in cells
        )

    def _read(self, user, field):
        [values] = self.program.with_user(user).read([field])
        return str(values[field])

    def test_hr_sees_supply_and_demand_per_department(self):
        by_department, total = self.program._supply_demand_by_department()[self.program.id]
        sales, it = by_department[self.sales.id], by_department[self.it.id]
        self.assertEqual((sales.free_seats, sales.waiting_mentees, sales.gap), (12, 0, 12))
        self.assertEqual((it.free_seats, it.waiting_mentees, it.gap), (0, 8, -8))
        html = self._read(self.user_hr, "supply_demand_results")
        self.assertIn(self._row("Org Sales", 12, 0, 12), html)
        self.assertIn(self._row("Org IT", 0, 8, -8), html)
        # The departments add up to the overview's figures: one definition.
        program = self.program.with_user(self.user_hr)
        self.assertEqual(total.free_seats, program.overview_free_seats)
        self.assertEqual(total.waiting_mentees, program.overview_waiting_mentees)

    def test_counted_when_read(self):
        self.env["mentorship.pair"].create(
            {
                "program_id": self.program.id,
                "mentee_enrollment_id": self.waiting_it[0].id,
                "mentor_enrollment_id": self.sales_mentors[1].id,
                "state": "pending",
            }
        )
        html = self._read(self.user_hr, "supply_demand_results")
        self.assertIn(self._row("Org Sales", 11, 0, 11), html)
        self.assertIn(self._row("Org IT", 0, 7, -7), html)

    def test_a_leader_sees_their_organisation_withheld_below_the_minimum(self):
        html = self._read(self.user_leo, "organisation_supply_demand_results")
        fewer = "fewer than 5"
        # Five mentors in Sales: their nine seats; nobody waits there.
        self.assertIn(self._row("Org Sales", 9, fewer, fewer), html)
        # Six waiting in IT, where no mentor works.
        self.assertIn(self._row("Org IT", fewer, 6, fewer), html)
        self.assertIn(self._row("Total", 9, 6, 3).replace("<tr>", "<tr class='fw-bold'>"), html)
        # Lena's organisation: one mentor, two waiting: nothing shown.
        html = self._read(self.user_lena, "organisation_supply_demand_results")
        self.assertIn(self._row("Org Sales", fewer, fewer, fewer), html)
        self.assertIn(self._row("Org IT", fewer, fewer, fewer), html)
        self.assertNotIn("'text-end'>3<", html)
        self.assertNotIn("'text-end'>2<", html)

    def test_a_colleague_sees_nothing(self):
        html = self._read(self.user_carl, "organisation_supply_demand_results")
        self.assertIn("Nobody reports to you", html)
        self.assertNotIn("<td", html)
        [row] = self.program.with_user(self.user_carl).search_read(
            [("id", "=", self.program.id)], ["organisation_supply_demand_results"]
        )
        self.assertNotIn("<td", str(row["organisation_supply_demand_results"]))
        for user in (self.user_carl, self.user_leo):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.program.with_user(user).read(["supply_demand_results"])
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.program.with_user(user).search_read(
                    [("id", "=", self.program.id)], ["supply_demand_results"]
                )
