/** @odoo-module **/

import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

// The mentee accepts the match the program team published, then plans the
// first session, from the portal.
tours.add("mentorship_portal_accept_match", {
    url: "/my/mentorship",
    steps: () => [
        {
            content: "Open the match from My mentorships",
            trigger: ".o_mentorship_pair_row a:contains('Mona Mentor')",
            run: "click",
        },
        {
            content: "Accept it",
            trigger: ".o_mentorship_answer button:contains('Accept the match')",
            run: "click",
        },
        {
            content: "Both accepted: the mentorship starts",
            trigger: ".o_mentorship_success:contains('your mentorship starts today')",
        },
        {
            content: "The 90-day plan is there",
            trigger: ".o_mentorship_plan .o_mentorship_milestone",
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
            content: "Say what to cover",
            trigger: ".o_mentorship_schedule input[name=agenda]",
            run: "edit Where I want to be in 90 days",
        },
        {
            content: "Schedule the session",
            trigger: ".o_mentorship_schedule button[type=submit]",
            run: "click",
        },
        {
            content: "It is planned",
            trigger: ".o_mentorship_success:contains('The session is planned')",
        },
        {
            trigger: ".o_mentorship_session:contains('Where I want to be in 90 days')",
        },
    ],
});

// Once the meeting has taken place, the mentee logs it and rates it.
tours.add("mentorship_portal_log_session", {
    url: "/my/mentorship",
    steps: () => [
        {
            content: "Open the mentorship",
            trigger: ".o_mentorship_pair_row a:contains('Mona Mentor')",
            run: "click",
        },
        {
            content: "Write the shared notes of the session",
            trigger: ".o_mentorship_log input[name=notes]",
            run: "edit Mapped my stakeholders",
        },
        {
            content: "Log it as done",
            trigger: ".o_mentorship_log button[value=done]",
            run: "click",
        },
        {
            content: "Logged",
            trigger: ".o_mentorship_success:contains('logged as done')",
        },
        {
            content: "Rate it",
            trigger: ".o_mentorship_rate select[name=rating]",
            run: "select 4",
        },
        {
            trigger: ".o_mentorship_rate button[type=submit]",
            run: "click",
        },
        {
            content: "The rating is saved",
            trigger: ".o_mentorship_session:contains('Your rating: 4/5')",
        },
    ],
});
