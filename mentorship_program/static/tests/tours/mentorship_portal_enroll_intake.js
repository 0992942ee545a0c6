/** @odoo-module **/

import { registry } from "@web/core/registry";

// An employee with a portal account enrolls as a mentee, fills in the intake
// and submits it to the program team, all from /my.
registry.category("web_tour.tours").add("mentorship_portal_enroll_intake", {
    url: "/my",
    steps: () => [
        {
            content: "Open Mentorship from the portal home",
            trigger: "a[href='/my/mentorship']",
            run: "click",
        },
        {
            content: "Enroll as a mentee in the open program",
            trigger:
                ".o_mentorship_program:contains('Tour Accelerator') button[value=mentee]",
            run: "click",
        },
        {
            content: "The enrollment page opens in intake",
            trigger: "h3:contains('Tour Accelerator')",
        },
        {
            content: "Write the goals",
            trigger: "textarea[name=goals]",
            run: "edit Lead my first cross-team project",
        },
        {
            content: "Pick a learning style",
            trigger: "select[name=learning_style]",
            run: "selectByIndex 1",
        },
        {
            content: "Add a target skill",
            trigger: "select[name=new_skill_id]",
            run: "selectByLabel Coaching",
        },
        {
            content: "with a target level, among the levels the picker offers for that skill",
            trigger: "select[name=new_target_level_id]",
            run() {
                // Other skill types may have an "Advanced" too: they are hidden.
                const select = this.anchor;
                const option = [...select.querySelectorAll("optgroup:not([hidden]) option")].find(
                    (candidate) => candidate.label === "Advanced"
                );
                select.value = option.value;
                select.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Hours per month",
            trigger: "input[name=hours_per_month]",
            run: "edit 4",
        },
        {
            content: "Tick an availability half-day",
            trigger: "input[name=availability_slot_ids]",
            run: "click",
        },
        {
            content: "Save the intake",
            trigger: "button[type=submit]:contains('Save intake')",
            run: "click",
        },
        {
            content: "The intake is saved and lists the target skill",
            trigger: ".alert-success:contains('Your intake is saved')",
        },
        {
            trigger: "li:contains('Coaching: Advanced')",
        },
        {
            content: "Submit the enrollment",
            trigger: "button:contains('Submit my enrollment')",
            run: "click",
        },
        {
            content: "The program team has it",
            trigger: ".alert-success:contains('submitted to the program team')",
        },
    ],
});
