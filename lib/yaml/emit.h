/* emit.h — a cJSON document as YAML, with intrinsic functions in short-tag form
 * (!Ref, !GetAtt A.b, !Sub ...). Deterministic: same input, same bytes. */
#ifndef SAMC_YAML_EMIT_H
#define SAMC_YAML_EMIT_H

#include <cjson/cJSON.h>

#include "util/buf.h"

void samc_yaml_emit(samc_buf *b, const cJSON *root);

#endif
