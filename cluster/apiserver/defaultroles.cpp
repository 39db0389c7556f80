// The ClusterRoles and bindings a cluster starts with. They follow Kubernetes' defaults in
// meaning (cluster-admin, admin, edit, view, discovery), flattened instead of aggregated, plus
// one role per control-plane identity.

#include <set>

#include "api/resourcetypes.h"
#include "apiserver/authorization.h"

namespace kubelab::apiserver {
namespace json = boost::json;
namespace {

const std::vector<std::string> readVerbs = {"get", "list", "watch"};
const std::vector<std::string> writeVerbs = {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};

json::array strings(const std::vector<std::string>& values) {
  json::array array;
  for (const std::string& value : values) array.push_back(json::string(value));
  return array;
}

json::object rule(const std::vector<std::string>& groups, const std::vector<std::string>& resources,
                  const std::vector<std::string>& verbs) {
  return {{"apiGroups", strings(groups)}, {"resources", strings(resources)}, {"verbs", strings(verbs)}};
}

json::object metadata(const std::string& name) {
  return {{"name", name},
          {"labels", json::object{{"kubernetes.io/bootstrapping", "rbac-defaults"}}},
          {"annotations", json::object{{"rbac.authorization.kubernetes.io/autoupdate", "true"}}}};
}

json::object clusterRole(const std::string& name, json::array rules) {
  return {{"apiVersion", "rbac.authorization.k8s.io/v1"}, {"kind", "ClusterRole"}, {"metadata", metadata(name)},
          {"rules", std::move(rules)}};
}

// One rule per API group over the namespaced resources (and their subresources) a role
// covers; `exclude` drops resources such as secrets for view.
json::array namespacedRules(const std::vector<std::string>& verbs, const std::set<std::string>& exclude) {
  std::map<std::string, std::vector<std::string>> byGroup;
  for (const api::ResourceType& type : api::builtinResourceTypes()) {
    if (!type.namespaced || exclude.count(type.plural) != 0) continue;
    if (type.kind.find("Review") != std::string::npos) continue;
    std::vector<std::string>& resources = byGroup[type.group];
    resources.push_back(type.plural);
    for (const std::string& subresource : type.subresources) resources.push_back(type.plural + "/" + subresource);
  }
  json::array rules;
  for (const auto& [group, resources] : byGroup) rules.push_back(rule({group}, resources, verbs));
  return rules;
}

// Pace control (client/pacegate.h): the paced scheduler and cloud controller manager claim
// steps by updating this one ConfigMap, and no other.
json::object paceStepRule() {
  json::object paceRule = rule({""}, {"configmaps"}, {"update"});
  paceRule["resourceNames"] = json::array{"kubelab-pace"};
  return paceRule;
}

}  // namespace

std::vector<Object> defaultClusterRoles() {
  json::array discovery{json::object{
      {"nonResourceURLs", json::array{"/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/readyz", "/version",
                                      "/version/", "/openapi", "/openapi/*"}},
      {"verbs", json::array{"get"}}}};
  json::array basicUser{rule({"authorization.k8s.io"}, {"selfsubjectaccessreviews"}, {"create"})};
  json::array everything{rule({"*"}, {"*"}, {"*"}),
                         json::object{{"nonResourceURLs", json::array{"*"}}, {"verbs", json::array{"*"}}}};
  json::array scheduler{rule({""}, {"pods/binding", "bindings"}, {"create"}),
                        rule({""}, {"pods/status"}, {"patch", "update"}),
                        rule({""}, {"events"}, {"create", "patch", "update"}),
                        rule({"events.k8s.io"}, {"events"}, {"create", "patch", "update"}),
                        rule({"coordination.k8s.io"}, {"leases"}, writeVerbs),
                        paceStepRule(),
                        rule({"*"}, {"*"}, readVerbs)};
  json::array node{rule({""}, {"nodes", "nodes/status"}, writeVerbs),
                   rule({""}, {"pods", "pods/status"}, {"get", "list", "watch", "create", "delete", "patch", "update"}),
                   rule({""}, {"events"}, {"create", "patch", "update"}),
                   rule({"coordination.k8s.io"}, {"leases"}, writeVerbs),
                   rule({""}, {"configmaps", "secrets", "services", "endpoints", "persistentvolumeclaims",
                               "persistentvolumes", "namespaces"},
                        readVerbs)};
  json::array proxier{rule({""}, {"services", "endpoints", "nodes"}, readVerbs),
                      rule({"discovery.k8s.io"}, {"endpointslices"}, readVerbs),
                      rule({""}, {"events"}, {"create", "patch", "update"})};
  json::array cloud{rule({""}, {"nodes", "nodes/status", "services", "services/status"}, writeVerbs),
                    rule({""}, {"events"}, {"create", "patch", "update"}),
                    rule({"coordination.k8s.io"}, {"leases"}, writeVerbs),
                    paceStepRule(),
                    rule({"*"}, {"*"}, readVerbs)};

  json::array admin = namespacedRules(writeVerbs, {});
  admin.push_back(rule({"authorization.k8s.io"}, {"localsubjectaccessreviews"}, {"create"}));
  return {clusterRole("cluster-admin", everything),
          clusterRole("admin", std::move(admin)),
          clusterRole("edit", namespacedRules(writeVerbs, {"roles", "rolebindings"})),
          clusterRole("view", namespacedRules(readVerbs, {"secrets", "roles", "rolebindings"})),
          clusterRole("system:discovery", discovery),
          clusterRole("system:public-info-viewer", discovery),
          clusterRole("system:basic-user", basicUser),
          clusterRole("system:kube-scheduler", scheduler),
          // The controllers create, change and delete objects of every kind.
          clusterRole("system:kube-controller-manager", everything),
          clusterRole("system:node", node),
          clusterRole("system:node-proxier", proxier),
          clusterRole("system:cloud-controller-manager", cloud)};
}

std::vector<Object> defaultClusterRoleBindings() {
  auto binding = [](const std::string& name, const std::string& role, const std::string& kind, const std::string& subject) {
    json::object subjectObject{{"kind", kind}, {"name", subject}};
    if (kind != "ServiceAccount") subjectObject["apiGroup"] = "rbac.authorization.k8s.io";
    return Object{{"apiVersion", "rbac.authorization.k8s.io/v1"},
                  {"kind", "ClusterRoleBinding"},
                  {"metadata", metadata(name)},
                  {"roleRef", json::object{{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "ClusterRole"}, {"name", role}}},
                  {"subjects", json::array{subjectObject}}};
  };
  return {binding("cluster-admin", "cluster-admin", "Group", "system:masters"),
          binding("system:discovery", "system:discovery", "Group", "system:authenticated"),
          binding("system:public-info-viewer", "system:public-info-viewer", "Group", "system:authenticated"),
          binding("system:basic-user", "system:basic-user", "Group", "system:authenticated"),
          binding("system:kube-scheduler", "system:kube-scheduler", "User", "system:kube-scheduler"),
          binding("system:kube-controller-manager", "system:kube-controller-manager", "User", "system:kube-controller-manager"),
          binding("system:node", "system:node", "Group", "system:nodes"),
          binding("system:node-proxier", "system:node-proxier", "User", "system:kube-proxy"),
          binding("system:cloud-controller-manager", "system:cloud-controller-manager", "User",
                  "system:cloud-controller-manager")};
}

}  // namespace kubelab::apiserver
