#pragma once
// JSON Patch (RFC 6902, `application/json-patch+json`) and JSON Merge Patch (RFC 7386,
// `application/merge-patch+json`), applied the way the Kubernetes API server applies them:
// `kubectl patch --type=json`, `kubectl patch --type=merge`, `kubectl scale` and
// `kubectl label/annotate` send these. Strategic merge patch is in strategicmergepatch.h.

#include <boost/json/value.hpp>

#include <cstddef>
#include <string_view>

#include "common/status.h"

namespace kubelab::api {

// Kubernetes refuses a JSON patch with more operations than this (413, TooLarge here).
inline constexpr std::size_t kMaxJsonPatchOperations = 10000;

// When an operation does not apply (a missing path, a failed test), Kubernetes answers 422
// Invalid with only this sentence and drops the reason. applyJsonPatch returns the reason, which
// a student can act on; the API server decides whether to send it or this sentence.
inline constexpr std::string_view kJsonPatchRejectedMessage =
    "the server rejected our request due to an error in our request";

// Applies an RFC 6902 patch (a JSON array of operations) to a copy of `document`.
// Errors:
//  - BadRequest when the patch is not an array of objects, with the message Kubernetes gives
//    ("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
//  - TooLarge beyond kMaxJsonPatchOperations, with Kubernetes' message;
//  - Invalid when an operation does not apply, saying which and why
//    ("add operation does not apply: doc is missing path: \"/spec/foo/bar\": missing value").
// Pointers follow RFC 6901 (~0 is "~", ~1 is "/"); "-" appends to an array in `add`; negative
// array indices count from the end, as in the library Kubernetes uses.
Result<boost::json::value> applyJsonPatch(const boost::json::value& document, const boost::json::value& patch);

// Applies an RFC 7386 merge patch: objects merge key by key, null removes a key, anything else
// (lists included) replaces. A patch that is not an object is refused with BadRequest
// "Invalid JSON Patch", as Kubernetes does.
Result<boost::json::value> applyMergePatch(const boost::json::value& document, const boost::json::value& patch);

}  // namespace kubelab::api
