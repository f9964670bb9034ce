/* positions.h — where the input's resources and Globals sit in the source, recorded before the
 * transform edits anything; generated resources take the position of their SAM resource. */
#ifndef SAMC_TRANSFORM_POSITIONS_H
#define SAMC_TRANSFORM_POSITIONS_H

#include "doc/doc.h"
#include "transform/xf.h"

/* Records the position of each member of root.Resources (the first of equal ids) and of
 * root.Globals; doc supplies its position table (root may be doc's own tree). */
int xf_record_source_positions(xf *x, const samc_document *doc, const cJSON *root);
/* The recorded position of input resource `id` ("Globals": the Globals section); {0, 0} when
 * unknown. */
samc_pos xf_source_position(const xf *x, const char *id);
/* Gives each output resource without a position that of the input resource it came from, then
 * every node without one its parent's. */
void xf_position_output(xf *x);
/* Every node of the tree without a position takes its parent's. */
void xf_inherit_positions(cJSON *node, samc_pos parent);

#endif
