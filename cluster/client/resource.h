#pragma once
// Which API resource a request is about: group, version and plural name, as REST paths spell
// them. The constants cover what the control loops and the desktop app use; any other resource
// (a CRD on a real cluster) is just another GroupVersionResource.

#include <string>
#include <string_view>

namespace kubelab::client {

struct GroupVersionResource {
  std::string group;  // "" for the core group
  std::string version;
  std::string plural;
  bool namespaced = true;

  std::string apiVersion() const { return group.empty() ? version : group + "/" + version; }
  // "/api/v1/namespaces/<ns>/pods[/<name>[/<subresource>]]"; `ns` is ignored for cluster-scoped
  // resources and omitted when empty (a list across namespaces).
  std::string path(std::string_view ns, std::string_view name = {}, std::string_view subresource = {}) const;
  bool operator==(const GroupVersionResource&) const = default;
};

namespace resources {
inline const GroupVersionResource pods{"", "v1", "pods", true};
inline const GroupVersionResource nodes{"", "v1", "nodes", false};
inline const GroupVersionResource namespaces{"", "v1", "namespaces", false};
inline const GroupVersionResource services{"", "v1", "services", true};
inline const GroupVersionResource endpoints{"", "v1", "endpoints", true};
inline const GroupVersionResource events{"", "v1", "events", true};
inline const GroupVersionResource configMaps{"", "v1", "configmaps", true};
inline const GroupVersionResource secrets{"", "v1", "secrets", true};
inline const GroupVersionResource serviceAccounts{"", "v1", "serviceaccounts", true};
inline const GroupVersionResource replicationControllers{"", "v1", "replicationcontrollers", true};
inline const GroupVersionResource persistentVolumes{"", "v1", "persistentvolumes", false};
inline const GroupVersionResource persistentVolumeClaims{"", "v1", "persistentvolumeclaims", true};
inline const GroupVersionResource resourceQuotas{"", "v1", "resourcequotas", true};
inline const GroupVersionResource limitRanges{"", "v1", "limitranges", true};
inline const GroupVersionResource deployments{"apps", "v1", "deployments", true};
inline const GroupVersionResource replicaSets{"apps", "v1", "replicasets", true};
inline const GroupVersionResource statefulSets{"apps", "v1", "statefulsets", true};
inline const GroupVersionResource daemonSets{"apps", "v1", "daemonsets", true};
inline const GroupVersionResource controllerRevisions{"apps", "v1", "controllerrevisions", true};
inline const GroupVersionResource jobs{"batch", "v1", "jobs", true};
inline const GroupVersionResource cronJobs{"batch", "v1", "cronjobs", true};
inline const GroupVersionResource leases{"coordination.k8s.io", "v1", "leases", true};
inline const GroupVersionResource endpointSlices{"discovery.k8s.io", "v1", "endpointslices", true};
inline const GroupVersionResource storageClasses{"storage.k8s.io", "v1", "storageclasses", false};
inline const GroupVersionResource podDisruptionBudgets{"policy", "v1", "poddisruptionbudgets", true};
}  // namespace resources

}  // namespace kubelab::client
