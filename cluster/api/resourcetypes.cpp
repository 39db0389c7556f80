#include "api/resourcetypes.h"

#include <algorithm>
#include <cctype>

namespace kubelab::api {
namespace {

using Strings = std::vector<std::string>;

const Strings& fullVerbs() {
  static const Strings verbs{"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};
  return verbs;
}

struct TypeSpec {
  const char* group;
  const char* kind;
  const char* plural;
  bool namespaced;
  Strings shortNames;
  Strings categories;
  Strings subresources;
  const char* storageVersionHash;
  Strings verbs = fullVerbs();
};

ResourceType makeType(const TypeSpec& spec) {
  ResourceType type;
  type.group = spec.group;
  type.version = "v1";
  type.kind = spec.kind;
  type.plural = spec.plural;
  type.singular = spec.kind;
  std::transform(type.singular.begin(), type.singular.end(), type.singular.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  type.listKind = type.kind + "List";
  type.namespaced = spec.namespaced;
  type.shortNames = spec.shortNames;
  type.categories = spec.categories;
  type.verbs = spec.verbs;
  type.subresources = spec.subresources;
  type.storageVersionHash = spec.storageVersionHash;
  return type;
}

// Facts from the discovery documents of a real API server (kubernetes api/discovery/*.json).
// Namespaces alone lack deletecollection; bindings and self-subject access reviews are create-only.
// Subresources list only those our API server answers; Kubernetes also has pods/attach,
// portforward, proxy, ephemeralcontainers, services/proxy, nodes/proxy and serviceaccounts/token.
std::vector<ResourceType> makeBuiltinTypes() {
  const Strings all{"all"};
  const Strings status{"status"};
  const Strings scaleAndStatus{"scale", "status"};
  const std::vector<TypeSpec> specs{
      {"", "Binding", "bindings", true, {}, {}, {}, "", {"create"}},
      {"", "ConfigMap", "configmaps", true, {"cm"}, {}, {}, "qFsyl6wFWjQ="},
      {"", "Endpoints", "endpoints", true, {"ep"}, {}, {}, "fWeeMqaN/OA="},
      {"", "Event", "events", true, {"ev"}, {}, {}, "r2yiGXH7wu8="},
      {"", "LimitRange", "limitranges", true, {"limits"}, {}, {}, "EBKMFVe6cwo="},
      {"", "Namespace", "namespaces", false, {"ns"}, {}, {"finalize", "status"}, "Q3oi5N2YM8M=",
       {"create", "delete", "get", "list", "patch", "update", "watch"}},
      {"", "Node", "nodes", false, {"no"}, {}, status, "XwShjMxG9Fs="},
      {"", "PersistentVolumeClaim", "persistentvolumeclaims", true, {"pvc"}, {}, status, "QWTyNDq0dC4="},
      {"", "PersistentVolume", "persistentvolumes", false, {"pv"}, {}, status, "HN/zwEC+JgM="},
      {"", "Pod", "pods", true, {"po"}, all, {"binding", "eviction", "exec", "log", "status"}, "xPOwRZ+Yhw8="},
      {"", "ReplicationController", "replicationcontrollers", true, {"rc"}, all, scaleAndStatus, "Jond2If31h0="},
      {"", "ResourceQuota", "resourcequotas", true, {"quota"}, {}, status, "8uhSgffRX6w="},
      {"", "Secret", "secrets", true, {}, {}, {}, "S6u1pOWzb84="},
      {"", "ServiceAccount", "serviceaccounts", true, {"sa"}, {}, {}, "pbx9ZvyFpBE="},
      {"", "Service", "services", true, {"svc"}, all, status, "0/CO1lhkEBI="},
      {"apps", "ControllerRevision", "controllerrevisions", true, {}, {}, {}, "85nkx63pcBU="},
      {"apps", "DaemonSet", "daemonsets", true, {"ds"}, all, status, "dd7pWHUlMKQ="},
      {"apps", "Deployment", "deployments", true, {"deploy"}, all, scaleAndStatus, "8aSe+NMegvE="},
      {"apps", "ReplicaSet", "replicasets", true, {"rs"}, all, scaleAndStatus, "P1RzHs8/mWQ="},
      {"apps", "StatefulSet", "statefulsets", true, {"sts"}, all, scaleAndStatus, "H+vl74LkKdo="},
      {"batch", "CronJob", "cronjobs", true, {"cj"}, all, status, "sd5LIXh4Fjs="},
      {"batch", "Job", "jobs", true, {}, all, status, "mudhfqk/qZY="},
      {"coordination.k8s.io", "Lease", "leases", true, {}, {}, {}, "gqkMMb/YqFM="},
      {"discovery.k8s.io", "EndpointSlice", "endpointslices", true, {}, {}, {}, "Nx3SIv6I0mE="},
      {"events.k8s.io", "Event", "events", true, {"ev"}, {}, {}, "r2yiGXH7wu8="},
      {"rbac.authorization.k8s.io", "ClusterRoleBinding", "clusterrolebindings", false, {}, {}, {}, "48tpQ8gZHFc="},
      {"rbac.authorization.k8s.io", "ClusterRole", "clusterroles", false, {}, {}, {}, "bYE5ZWDrJ44="},
      {"rbac.authorization.k8s.io", "RoleBinding", "rolebindings", true, {}, {}, {}, "eGsCzGH6b1g="},
      {"rbac.authorization.k8s.io", "Role", "roles", true, {}, {}, {}, "7FuwZcIIItM="},
      {"authorization.k8s.io", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false, {}, {}, {}, "",
       {"create"}},
  };
  std::vector<ResourceType> types;
  types.reserve(specs.size());
  for (const TypeSpec& spec : specs) types.push_back(makeType(spec));
  return types;
}

bool equalsIgnoringCase(std::string_view left, std::string_view right) {
  return left.size() == right.size() &&
         std::equal(left.begin(), left.end(), right.begin(), [](unsigned char a, unsigned char b) {
           return std::tolower(a) == std::tolower(b);
         });
}

bool contains(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

std::string ResourceType::apiVersion() const { return group.empty() ? version : group + "/" + version; }
bool ResourceType::hasVerb(std::string_view verb) const { return contains(verbs, verb); }
bool ResourceType::hasSubresource(std::string_view subresource) const { return contains(subresources, subresource); }

const std::vector<ResourceType>& builtinResourceTypes() {
  static const std::vector<ResourceType> types = makeBuiltinTypes();
  return types;
}

const ResourceType* findResourceType(std::string_view group, std::string_view version, std::string_view plural) {
  for (const ResourceType& type : builtinResourceTypes()) {
    if (type.group == group && type.version == version && type.plural == plural) return &type;
  }
  return nullptr;
}

const ResourceType* findResourceTypeByKind(std::string_view apiVersion, std::string_view kind) {
  for (const ResourceType& type : builtinResourceTypes()) {
    if (type.kind == kind && type.apiVersion() == apiVersion) return &type;
  }
  return nullptr;
}

const ResourceType* resolveResourceName(std::string_view name) {
  std::string_view resource = name;
  std::string_view group;
  bool qualified = false;
  if (std::size_t dot = name.find('.'); dot != std::string_view::npos) {
    resource = name.substr(0, dot);
    group = name.substr(dot + 1);
    qualified = true;
  }
  for (const ResourceType& type : builtinResourceTypes()) {
    if (qualified && type.group != group) continue;
    bool matches = equalsIgnoringCase(type.plural, resource) || equalsIgnoringCase(type.singular, resource) ||
                   equalsIgnoringCase(type.kind, resource);
    for (const std::string& shortName : type.shortNames) matches = matches || equalsIgnoringCase(shortName, resource);
    if (matches) return &type;
  }
  return nullptr;
}

}  // namespace kubelab::api
