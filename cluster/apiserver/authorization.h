#pragma once
// RBAC: whether a user may do a verb on a resource, evaluated against the Roles,
// ClusterRoles and their bindings in storage, as Kubernetes' RBAC authorizer does. Members of
// system:masters may do anything. The rules are cached and reloaded after any RBAC write.

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "apiserver/authentication.h"
#include "apiserver/objectstorage.h"

namespace kubelab::apiserver {

struct AccessRequest {
  UserInfo user;
  std::string verb;
  bool isResourceRequest = true;
  std::string path;  // for non-resource requests
  std::string apiGroup;
  std::string namespaceName;
  std::string resource;
  std::string subresource;
  std::string name;
};

class RbacAuthorizer {
 public:
  explicit RbacAuthorizer(ObjectStorage& storage) : storage_(storage) {}

  bool allowed(const AccessRequest& request);
  // Call after writing any RBAC object, so the next decision sees it.
  void invalidate() { stale_ = true; }
  // Kubernetes' 403 message, e.g. `pods "web" is forbidden: User "alice" cannot get resource
  // "pods" in API group "" in the namespace "default"`.
  static std::string forbiddenMessage(const AccessRequest& request);

 private:
  struct Rule {
    std::vector<std::string> verbs, apiGroups, resources, resourceNames, nonResourceUrls;
  };
  struct Binding {
    std::string namespaceName;  // "" for a ClusterRoleBinding
    std::vector<std::pair<std::string, std::string>> subjects;  // kind, name (ServiceAccounts as user names)
    std::vector<Rule> rules;
  };
  struct Snapshot {
    std::vector<Binding> bindings;
  };

  std::shared_ptr<const Snapshot> snapshot();
  Result<std::shared_ptr<const Snapshot>> load();

  ObjectStorage& storage_;
  std::mutex mutex_;
  std::shared_ptr<const Snapshot> cached_;
  std::atomic<bool> stale_{true};
  std::chrono::steady_clock::time_point loadedAt_;
};

// The default ClusterRoles and ClusterRoleBindings every cluster starts with (cluster-admin,
// admin, edit, view, discovery, and one identity per component), as RBAC objects.
std::vector<Object> defaultClusterRoles();
std::vector<Object> defaultClusterRoleBindings();

}  // namespace kubelab::apiserver
