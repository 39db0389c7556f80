#pragma once
// The meta.k8s.io/v1 Table that the API server answers to
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. `kubectl get` asks for it and prints
// its columns, so the columns and cells here are Kubernetes' own: NAME READY STATUS RESTARTS AGE
// for pods, READY UP-TO-DATE AVAILABLE AGE for deployments, and so on.

#include <boost/json/object.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kubelab::apiserver {

struct TableOptions {
  // What each row carries in `object` (the ?includeObject= parameter): "None" (null),
  // "Metadata" (a meta.k8s.io/v1 PartialObjectMetadata, the default) or "Object" (the object).
  std::string includeObject = "Metadata";
  // Leave out the column definitions (JSON null). A watch sends them with its first event only,
  // as Kubernetes does; this is not a query parameter.
  bool noHeaders = false;
};

// Builds the Table for `objects` of one resource: `group` is "" for core, `plural` the resource
// ("pods", "deployments"). `listMetadata` is the list's metadata (resourceVersion, continue,
// remainingItemCount), or {resourceVersion} of the object for a single GET. Ages are computed
// against `now`. Every column comes back, wide ones included, as Kubernetes sends them; kubectl
// hides the priority-1 columns unless -o wide.
// BadRequest for an unknown includeObject: "unrecognized includeObject value: \"All\"".
Result<boost::json::object> buildTable(std::string_view group, std::string_view plural,
                                       const std::vector<boost::json::object>& objects,
                                       const boost::json::object& listMetadata, const TableOptions& options,
                                       std::chrono::system_clock::time_point now);

}  // namespace kubelab::apiserver
