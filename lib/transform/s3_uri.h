/* s3_uri.h — code locations as the reference builds them (model/s3_utils/uri_parser.py):
 * S3 URIs parsed like urllib, {Bucket, Key, Version} maps, and image URIs. */
#ifndef SAMC_TRANSFORM_S3_URI_H
#define SAMC_TRANSFORM_S3_URI_H

#include <cjson/cJSON.h>

#include "transform/xf.h"

/* parse_s3_uri: for a string "s3://bucket/key[?versionId=v]" sets *out to a new
 * {"Bucket", "Key"[, "Version"]} object; for anything else (not a string, not an S3 URI)
 * sets *out to NULL. Returns XF_OK or XF_NOMEM. */
int xf_parse_s3_uri(const cJSON *uri, cJSON **out);

/* construct_s3_location_object: from a CodeUri/ContentUri value (S3 URI string or
 * {Bucket, Key[, Version]} map) sets *out to a new {"S3Bucket", "S3Key"[, "S3ObjectVersion"]}
 * object (the key names of both Lambda Function Code and LayerVersion Content). Errors are
 * raised on resource `id` with the reference's messages, naming `property`.
 * When x->allow_local_code is set, a string that is not an S3 URI (a local path) is accepted
 * and *out is a copy of that string, unchanged. Returns XF_OK, XF_FAIL or XF_NOMEM. */
int xf_s3_location(xf *x, const char *id, const char *property, const cJSON *uri, cJSON **out);

/* construct_image_code_object: {"ImageUri": uri} (a copy), or the error
 * "'{property}' requires that a image hosted at a registry be specified." when uri is falsy. */
int xf_image_location(xf *x, const char *id, const char *property, const cJSON *uri, cJSON **out);

#endif
