/** @odoo-module **/

import { registry } from "@web/core/registry";

// HR reviews Bob's proposal: reads the other mentors, tries the full one
// (warned before saving), then swaps to a mentor with a free seat from the
// ranked list and saves.
registry.category("web_tour.tours").add("mentorship_match_swap_mentor", {
    steps: () => [
        {
            content: "The review lists the other mentors with their scores and seats",
            trigger: ".o_field_widget[name=alternatives_html] td:contains('Lina Lead')",
        },
        {
            content: "The profiles stand side by side",
            trigger: ".o_field_widget[name=profiles_html] th:contains('Mentor: Max Mentor')",
        },
        {
            content: "Open the ranked list of mentors",
            trigger: ".o_field_widget[name=mentor_enrollment_id] input",
            run: "edit M",
        },
        {
            content: "A full mentor is marked in the list",
            trigger: ".ui-autocomplete > li > a:contains('Mona Mentor — '):contains('cannot be chosen')",
            run: "click",
        },
        {
            content: "and warned about before saving",
            trigger: ".modal:contains('This mentor cannot be chosen'):contains('Mona Mentor is full')",
        },
        {
            content: "Close the warning",
            trigger: ".modal .modal-footer button",
            run: "click",
        },
        {
            content: "Pick a mentor with a free seat instead",
            trigger: ".o_field_widget[name=mentor_enrollment_id] input",
            run: "edit Lina",
        },
        {
            trigger: ".ui-autocomplete > li > a:contains('Lina Lead — '):contains('free seat')",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the proposal is HR's choice now",
            trigger: ".o_form_saved",
        },
        {
            trigger: ".o_field_widget[name=is_manual] input:checked",
        },
    ],
});
