/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// HR opens the session ratings: the average by program and month, where the
// cells over too few raters are empty (withheld by the server).
registry.category("web_tour.tours").add("mentorship_rating_report", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Mentorship app",
            trigger: '.o_app[data-menu-xmlid="mentorship_program.mentorship_menu_root"]',
            run: "click",
        },
        {
            content: "Open Reporting",
            trigger: 'button[data-menu-xmlid="mentorship_program.mentorship_menu_reporting"]',
            run: "click",
        },
        {
            content: "Open Session Ratings",
            trigger: 'a[data-menu-xmlid="mentorship_program.mentorship_rating_report_menu"]',
            run: "click",
        },
        {
            content: "The pivot shows the program, by month",
            trigger: ".o_pivot th:contains('Leadership Accelerator')",
        },
        {
            content: "The average over the six raters is shown",
            trigger: ".o_pivot td.o_pivot_cell_value:contains('3.70')",
        },
        {
            content: "A program rated by one person shows no figure, not even a count",
            trigger: ".o_pivot th:contains('Quiet Program')",
        },
        {
            content: "Its cells are empty: Bob's 2 is nowhere",
            trigger: ".o_pivot tr:has(th:contains('Quiet Program')):not(:has(td:contains('2.00')))",
        },
        {
            content: "Switch to the graph",
            trigger: "button.o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The graph renders",
            trigger: ".o_graph_renderer canvas",
        },
    ],
});
