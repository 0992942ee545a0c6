/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The program the Python test creates, and what its pairs add up to there
// (test_dashboard_tour.py checks the same figures through read_group).
const PROGRAM = "Dashboard Tour Program";
const RUNNING_PAIRS = 8;
const SESSIONS_DONE = 6;

// The dashboard's cells are drawn on a canvas: their values are read from the
// spreadsheet model of the open dashboard, found in the web client's component
// tree (as Odoo's own tours reach services through odoo.__WOWL_DEBUG__).
function dashboardModel() {
    const pending = [odoo.__WOWL_DEBUG__.root.__owl__];
    while (pending.length) {
        const node = pending.pop();
        const model = node.component.state?.activeDashboard?.model;
        if (model?.getters) {
            return model;
        }
        pending.push(...Object.values(node.children));
    }
    return undefined;
}

// "A5" -> the evaluated value of that cell of the dashboard's first sheet.
function cellValue(model, reference) {
    const [, letters, digits] = reference.match(/^([A-Z])(\d+)$/);
    const cell = model.getters.getEvaluatedCell({
        sheetId: model.getters.getActiveSheetId(),
        col: letters.charCodeAt(0) - "A".charCodeAt(0),
        row: Number(digits) - 1,
    });
    return cell.value;
}

// The pivots load asynchronously ("Loading..." first): wait for the expected
// values, and fail with what the cells hold if they never come.
async function expectCells(expected, timeout = 25000) {
    const deadline = Date.now() + timeout;
    let actual = {};
    while (Date.now() < deadline) {
        const model = dashboardModel();
        if (model) {
            actual = Object.fromEntries(
                Object.keys(expected).map((reference) => [reference, cellValue(model, reference)])
            );
            if (Object.keys(expected).every((reference) => actual[reference] === expected[reference])) {
                return;
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(
        `The Mentorship dashboard shows ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`
    );
}

function openTheDashboardsApp() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Dashboards app",
            trigger: '.o_app[data-menu-xmlid="spreadsheet_dashboard.spreadsheet_dashboard_menu_root"]',
            run: "click",
        },
    ];
}

// HR opens the Mentorship dashboard, narrows it to one program with its
// Program filter and reads that program's figures, computed by the server.
registry.category("web_tour.tours").add("mentorship_dashboard_hr", {
    url: "/odoo",
    steps: () => [
        ...openTheDashboardsApp(),
        {
            content: "Pick the Mentorship dashboard",
            trigger: '.o_search_panel section:has(header:contains(Mentorship)) li[data-name="Mentorship"]',
            run: "click",
        },
        {
            content: "The Mentorship dashboard is open and drawn",
            trigger: '.o_search_panel li.active[data-name="Mentorship"]',
        },
        {
            content: "Its spreadsheet is rendered, with its chart",
            trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet .o-figure canvas",
        },
        {
            content: "Filter on the test's program",
            trigger: '.o_control_panel .o-filter-value[title="Program"] input',
            run: `edit ${PROGRAM}`,
        },
        {
            content: "Choose it in the suggestions",
            trigger: `.o-autocomplete--dropdown-item:contains(${PROGRAM})`,
            run: "click",
        },
        {
            content: "The filter holds the program",
            trigger: `.o_control_panel .o-filter-value[title="Program"] .o_tag:contains(${PROGRAM})`,
        },
        {
            content: "The key figures and the program's row are the server's",
            trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet",
            // Longer than expectCells' wait, so that its message is the failure's.
            timeout: 30000,
            run: () =>
                expectCells({
                    A5: RUNNING_PAIRS, // running pairs, in total
                    B5: SESSIONS_DONE, // sessions done
                    A23: PROGRAM, // the first row of "Pairs by program"
                    B23: RUNNING_PAIRS,
                    C23: SESSIONS_DONE,
                }),
        },
    ],
});

// A leader (an employee who manages others, not HR) does not find the
// Mentorship dashboard: it is shown to Mentorship Managers only. Leaders read
// their organisation's figures in Mentorship > My Organisation instead.
registry.category("web_tour.tours").add("mentorship_dashboard_leader", {
    url: "/odoo",
    steps: () => [
        ...openTheDashboardsApp(),
        {
            content: "The Dashboards app has loaded its dashboards: no Mentorship one",
            trigger:
                ".o_spreadsheet_dashboard_action:not(:has(.o_search_panel li[data-name='Mentorship']))",
        },
    ],
});
