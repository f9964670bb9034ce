/* alexa_skill.c — the AlexaSkill event of a function (push.py:AlexaSkill): a permission for
 * the Alexa Skills Kit, scoped to the skill id when one is given. */
#include "transform/events/push.h"
#include "transform/events/push_common.h"

static const xf_prop_spec alexa_skill_props[] = {
	{"SkillId", false, XF_IS_STR, false},
	{NULL, false, XF_ANY, false},
};

static int alexa_skill_expand(xf *x, xf_fn *fn, xf_event *ev)
{
	push_permission perm = {
		.principal = "alexa-appkit.amazon.com",
		.event_source_token = push_prop(ev, "SkillId"),
	};
	return push_emit_permission(x, fn, ev, &perm, NULL);
}

const xf_event_type xf_event_alexa_skill = {
	.name = "AlexaSkill",
	.props = alexa_skill_props,
	.link = NULL,
	.expand = alexa_skill_expand,
};
