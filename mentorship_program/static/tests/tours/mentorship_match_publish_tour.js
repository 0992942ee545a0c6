/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// HR runs the matching of a program, reads the proposals and publishes them.
registry.category("web_tour.tours").add("mentorship_match_publish", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Mentorship app",
            trigger: '.o_app[data-menu-xmlid="mentorship_program.mentorship_menu_root"]',
            run: "click",
        },
        {
            content: "Open Matching",
            trigger: 'button[data-menu-xmlid="mentorship_program.mentorship_menu_matching"]',
            run: "click",
        },
        {
            content: "Open Match Runs",
            trigger: 'a[data-menu-xmlid="mentorship_program.mentorship_match_run_menu"]',
            run: "click",
        },
        {
            content: "Create a match run",
            trigger: "button.o_list_button_add",
            run: "click",
        },
        {
            content: "Pick the program",
            trigger: ".o_field_widget[name=program_id] input",
            run: "edit Tour Accel",
        },
        {
            isActive: ["auto"],
            trigger: ".ui-autocomplete > li > a:contains('Tour Accelerator')",
            run: "click",
        },
        {
            content: "Run the matching engine",
            trigger: "button[name=action_run]",
            run: "click",
        },
        {
            content: "The run now holds proposals",
            trigger: ".o_arrow_button_current:contains('Proposed')",
        },
        {
            content: "Each proposal shows its reasons",
            trigger: ".o_field_widget[name=proposal_ids] td:contains('Coaching')",
        },
        {
            content: "Publish",
            trigger: "button[name=action_publish]",
            run: "click",
        },
        {
            content: "Confirm the publication",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The run is published",
            trigger: ".o_arrow_button_current:contains('Published')",
        },
    ],
});
