/** @odoo-module **/
import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * The level list of a skill and level picker offers only the chosen skill's
 * levels (the server refuses any other level all the same).
 */
publicWidget.registry.MentorshipSkillLevel = publicWidget.Widget.extend({
    selector: ".o_mentorship_skill_level",
    events: {
        "change .o_mentorship_skill": "_filterLevels",
        "input .o_mentorship_skill": "_filterLevels",
    },

    start() {
        this._filterLevels();
        return this._super(...arguments);
    },

    _filterLevels() {
        const skill = this.el.querySelector(".o_mentorship_skill");
        const level = this.el.querySelector(".o_mentorship_level");
        const type = skill.selectedOptions[0]?.dataset.skillType;
        for (const group of level.querySelectorAll("optgroup")) {
            // Hidden only: a level is never held back from the form, the
            // server checks it against the skill.
            group.hidden = Boolean(type) && group.dataset.skillType !== type;
        }
        const chosen = level.selectedOptions[0];
        if (type && chosen && chosen.dataset.skillType && chosen.dataset.skillType !== type) {
            level.value = "";
        }
        level.required = Boolean(type);
    },
});
