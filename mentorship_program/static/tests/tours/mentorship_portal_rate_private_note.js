/** @odoo-module **/

import { registry } from "@web/core/registry";

// The mentor rates the session the mentee logged, then keeps a private note
// about it in their journal.
registry.category("web_tour.tours").add("mentorship_portal_rate_private_note", {
    url: "/my/mentorship",
    steps: () => [
        {
            content: "Open the mentorship",
            trigger: ".o_mentorship_pair_row a:contains('Alice Mentee')",
            run: "click",
        },
        {
            content: "Rate the session",
            trigger: ".o_mentorship_rate select[name=rating]",
            run: "select 5",
        },
        {
            trigger: ".o_mentorship_rate button[type=submit]",
            run: "click",
        },
        {
            content: "The rating is saved",
            trigger: ".o_mentorship_session:contains('Your rating: 5/5')",
        },
        {
            content: "Write a private note about this mentorship",
            trigger: "a.o_mentorship_journal_pair_link",
            run: "click",
        },
        {
            content: "Title",
            trigger: ".o_mentorship_note_form input[name=name]",
            run: "edit After our first session",
        },
        {
            content: "Note",
            trigger: ".o_mentorship_note_form textarea[name=body]",
            run: "edit Alice underestimates her influence; push on delegation",
        },
        {
            trigger: ".o_mentorship_note_form button[type=submit]",
            run: "click",
        },
        {
            content: "The note is in the journal",
            trigger: ".o_mentorship_note:contains('push on delegation')",
        },
    ],
});
