/** @odoo-module **/

import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

// A new mentee follows the home's next steps: the intake first.
tours.add("mentorship_next_steps_intake", {
    url: "/my/mentorship",
    steps: () => [
        {
            content: "The home says what to do first",
            trigger: ".o_mentorship_next_step_complete_intake a:contains('Tour Accelerator')",
            run: "click",
        },
        {
            content: "The intake opens",
            trigger: "h3:contains('Tour Accelerator')",
        },
        {
            content: "Submit it",
            trigger: "button:contains('Submit my enrollment')",
            run: "click",
        },
        {
            trigger: ".o_mentorship_success:contains('submitted to the program team')",
        },
        {
            content: "Back home: nothing more to do until the match",
            trigger: ".breadcrumb a[href='/my/mentorship']",
            run: "click",
        },
        {
            trigger: ".o_mentorship_no_next_step",
        },
    ],
});

// The match is published: answer it, then plan the first session, each from
// the home's next steps.
tours.add("mentorship_next_steps_match", {
    url: "/my/mentorship",
    steps: () => [
        {
            content: "Answer the match",
            trigger: ".o_mentorship_next_step_answer_match a:contains('Mona Mentor')",
            run: "click",
        },
        {
            trigger: ".o_mentorship_answer button:contains('Accept the match')",
            run: "click",
        },
        {
            trigger: ".o_mentorship_success:contains('your mentorship starts today')",
        },
        {
            content: "Back home",
            trigger: ".breadcrumb a[href='/my/mentorship']",
            run: "click",
        },
        {
            content: "Next: the first session",
            trigger: ".o_mentorship_next_step_schedule_first_session a",
            run: "click",
        },
        {
            content: "Pick a date and time two days ahead",
            trigger: ".o_mentorship_schedule input[name=date_start]",
            run() {
                const when = new Date(Date.now() + 2 * 24 * 3600 * 1000);
                const pad = (n) => String(n).padStart(2, "0");
                this.anchor.value =
                    `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}` +
                    `T${pad(when.getHours())}:00`;
            },
        },
        {
            trigger: ".o_mentorship_schedule button[type=submit]",
            run: "click",
        },
        {
            trigger: ".o_mentorship_success:contains('The session is planned')",
        },
        {
            content: "Back home: the first session is no longer a step",
            trigger: ".breadcrumb a[href='/my/mentorship']",
            run: "click",
        },
        {
            trigger: ".o_mentorship_next_steps:not(:has(.o_mentorship_next_step_schedule_first_session))",
        },
    ],
});

// In the backend, My Mentorship opens on the same steps.
tours.add("mentorship_next_steps_backend", {
    url: "/odoo/action-mentorship_program.mentorship_next_steps_action",
    steps: () => [
        {
            content: "The mentor's step to answer the match is there",
            trigger: ".o_mentorship_next_step_answer_match a:contains('Alice Mentee')",
        },
    ],
});
