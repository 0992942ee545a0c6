/** @odoo-module **/

import { registry } from "@web/core/registry";

// A mentor blocked by the onboarding course follows the course link from the
// portal enrollment page, completes the course in eLearning and comes back
// to a page without blockers.
registry.category("web_tour.tours").add("mentorship_portal_mentor_onboarding", {
    url: "/my/mentorship",
    steps: () => [
        {
            content: "Open the enrollment from the portal",
            trigger: "table a:contains('Tour Onboarding Program')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The enrollment page says what is left to do",
            trigger: ".o_mentorship_readiness:contains('Before you can mentor')",
        },
        {
            content: "Only the onboarding course is left",
            trigger: ".o_mentorship_readiness:not(:has(.o_mentorship_charter_todo))",
        },
        {
            content: "Open the onboarding course from its link",
            trigger: ".o_mentorship_onboarding a:contains('Tour Onboarding')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Join the course",
            trigger: "a.o_wslides_js_course_join_link:contains('Join this Course')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Enrolled in the course",
            trigger: ".o_wslides_js_course_join:contains('enrolled')",
        },
        {
            content: "Open the course's only lesson",
            trigger: "a:contains('Coaching primer')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The lesson is shown (opening it completes it)",
            trigger: "body:contains('Coaching primer')",
            run() {
                window.location.href = "/my/mentorship";
            },
            expectUnloadPage: true,
        },
        {
            content: "Back to the enrollment from the portal",
            trigger: "table a:contains('Tour Onboarding Program')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Nothing blocks the mentor any more",
            trigger: "h3:contains('Tour Onboarding Program')",
        },
        {
            trigger: "body:not(:has(.o_mentorship_readiness))",
        },
    ],
});
