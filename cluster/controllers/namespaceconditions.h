#pragma once
// The status conditions a terminating namespace carries while its content is deleted
// (Kubernetes' namespace deletion status_condition_utils): five condition types, each False
// with an "all is well" reason and message, or True with what went wrong or what remains.

#include <boost/json/object.hpp>

#include <map>
#include <string>
#include <vector>

namespace kubelab::controllers::namespaces {

// What one pass over the namespace's content found.
struct DeletionReport {
  std::vector<std::string> deleteErrors;                 // one message per resource type that failed
  std::map<std::string, int> remainingByResource;        // "pods." / "replicasets.apps" -> count
  std::map<std::string, int> remainingByFinalizer;       // "foregroundDeletion" -> count
  bool anythingRemaining() const { return !remainingByResource.empty(); }
};

// Sets the five conditions on `ns` (status.conditions) from the report; returns whether
// anything changed. lastTransitionTime moves only when a condition's status changes.
bool applyDeletionConditions(boost::json::object& ns, const DeletionReport& report, const std::string& now);

}  // namespace kubelab::controllers::namespaces
