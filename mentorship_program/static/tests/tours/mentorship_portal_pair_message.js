/** @odoo-module **/

import { registry } from "@web/core/registry";

// The mentee writes to her mentor in the pair page's message thread (Odoo's
// portal chatter, in its shadow root); the mentor, on the same page, reads it
// and answers.
registry.category("web_tour.tours").add("mentorship_portal_pair_message_mentee", {
    steps: () => [
        {
            content: "The mentor's profile is on the pair page",
            trigger: ".o_mentorship_pair_profiles:contains('Coach for ten years.')",
        },
        {
            content: "Write to the mentor",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit Shall we meet on Tuesday?",
        },
        {
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is in the thread",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('Shall we meet on Tuesday?')",
        },
    ],
});

registry.category("web_tour.tours").add("mentorship_portal_pair_message_mentor", {
    steps: () => [
        {
            content: "The mentee's message is there",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('Shall we meet on Tuesday?')",
        },
        {
            content: "Answer",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit Tuesday works.",
        },
        {
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The answer is in the thread",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('Tuesday works.')",
        },
    ],
});
