#pragma once
// Strategic merge patch (`application/strategic-merge-patch+json`), applied as the Kubernetes API
// server applies it. It is what `kubectl apply` (client-side), `kubectl patch`, `kubectl set image`
// and `kubectl rollout restart/pause/resume` send. Unlike a merge patch, lists that Kubernetes tags
// as mergeable (containers by name, ports by containerPort, env by name, conditions by type, ...)
// merge element by element, and the patch may carry directives:
//   {"$patch": "replace"} / {"$patch": "delete"} in an object, or as a list element
//     ({"name": "sidecar", "$patch": "delete"} removes that container);
//   "$retainKeys": [...]  keep only these keys of the object (volume sources, deployment strategy);
//   "$deleteFromPrimitiveList/<list>": [...]  remove these scalars from a merged list (finalizers);
//   "$setElementOrder/<list>": [...]  the order the merged list must have (kubectl apply sends it);
//   null  remove the field.

#include <boost/json/value.hpp>

#include <string_view>

#include "common/status.h"

namespace kubelab::api {

// Applies `patch` to a copy of `document`. `apiVersion` and `kind` pick the merge keys; a kind we
// do not know merges with metadata rules only (see patchSchemaFor to refuse such kinds instead).
// Errors, with Kubernetes' messages:
//  - BadRequest for a patch that is not an object, and for malformed directives ("invalid patch
//    format of retainKeys", "invalid patch format of primitive list", "invalid patch format of
//    setElementOrder list");
//  - Invalid for lists of lists ("lists of lists are not supported");
//  - BadRequest for the rest, which Kubernetes answers with 500 and no reason, although the
//    mistake is the patch's: "map: map[image:nginx] does not contain declared merge key: name",
//    "unknown patch type: foo in map: ...", "merging lists cannot yet be specified in the patch",
//    and $setElementOrder lists that contradict the patch.
Result<boost::json::value> applyStrategicMergePatch(const boost::json::value& document,
                                                    const boost::json::value& patch, std::string_view apiVersion,
                                                    std::string_view kind);

}  // namespace kubelab::api
