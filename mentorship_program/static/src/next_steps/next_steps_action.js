import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * The backend's "My Mentorship > Next Steps": the current user's steps, as
 * the server computes them (mentorship.next.step), each a link to the form
 * where it is done.
 */
export class MentorshipNextSteps extends Component {
    static template = "mentorship_program.NextSteps";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.state = useState({ steps: [], loaded: false });
        onWillStart(async () => {
            this.state.steps = await this.orm.call("mentorship.next.step", "get_next_steps", [
                "backend",
            ]);
            this.state.loaded = true;
        });
    }
}

registry.category("actions").add("mentorship_next_steps", MentorshipNextSteps);
