#include "apiserver/rbacescalation.h"

#include "api/objectmeta.h"

namespace kubelab::apiserver {
namespace json = boost::json;
namespace {

constexpr const char* rbacGroup = "rbac.authorization.k8s.io";

std::vector<std::string> strings(const json::object& rule, std::string_view field) {
  std::vector<std::string> out;
  const json::value* list = rule.if_contains(field);
  if (list == nullptr || !list->is_array()) return out;
  for (const json::value& item : list->get_array()) {
    if (item.is_string()) out.emplace_back(item.get_string());
  }
  return out;
}

// The first permission in `rules` that `user` does not hold in `namespaceName` ("" for the
// cluster), described for the error; nullopt when they hold them all.
std::optional<std::string> missingPermission(RbacAuthorizer& authorizer, const UserInfo& user,
                                             const std::string& namespaceName, const json::value* rules) {
  if (rules == nullptr || !rules->is_array()) return std::nullopt;
  for (const json::value& item : rules->get_array()) {
    if (!item.is_object()) continue;
    const json::object& rule = item.get_object();
    for (const std::string& verb : strings(rule, "verbs")) {
      for (const std::string& path : strings(rule, "nonResourceURLs")) {
        if (!authorizer.allowed(AccessRequest{user, verb, false, path, "", "", "", "", ""})) {
          return "{NonResourceURLs:[\"" + path + "\"], Verbs:[\"" + verb + "\"]}";
        }
      }
      for (const std::string& group : strings(rule, "apiGroups")) {
        for (const std::string& resource : strings(rule, "resources")) {
          auto slash = resource.find('/');
          AccessRequest access{user, verb, true, "", group, namespaceName, resource.substr(0, slash),
                               slash == std::string::npos ? "" : resource.substr(slash + 1), ""};
          if (!authorizer.allowed(access)) {
            return "{APIGroups:[\"" + group + "\"], Resources:[\"" + resource + "\"], Verbs:[\"" + verb + "\"]}";
          }
        }
      }
    }
  }
  return std::nullopt;
}

ApiError refused(const api::ResourceType& type, const Object& object, const UserInfo& user, const std::string& detail) {
  std::string groups;
  for (const std::string& group : user.groups) groups += (groups.empty() ? "\"" : " \"") + group + "\"";
  return forbidden(type.plural + "." + type.group + " \"" + api::name(object) + "\" is forbidden: user \"" + user.name +
                   "\" (groups=[" + groups + "]) is attempting to grant RBAC permissions not currently held:\n" + detail);
}

}  // namespace

std::optional<ApiError> checkRbacEscalation(RbacAuthorizer& authorizer, ObjectStorage& storage, const UserInfo& user,
                                            const api::ResourceType& type, const Object& object) {
  if (type.group != rbacGroup || user.inGroup("system:masters")) return std::nullopt;
  std::string namespaceName = api::namespaceOf(object);
  if (type.kind == "Role" || type.kind == "ClusterRole") {
    AccessRequest escalate{user, "escalate", true, "", rbacGroup, namespaceName, type.plural, "", api::name(object)};
    if (authorizer.allowed(escalate)) return std::nullopt;
    auto missing = missingPermission(authorizer, user, namespaceName, object.if_contains("rules"));
    if (missing) return refused(type, object, user, *missing);
    return std::nullopt;
  }
  if (type.kind != "RoleBinding" && type.kind != "ClusterRoleBinding") return std::nullopt;
  std::string roleKind = api::stringAt(object, {"roleRef", "kind"});
  std::string roleName = api::stringAt(object, {"roleRef", "name"});
  std::string rolePlural = roleKind == "Role" ? "roles" : "clusterroles";
  AccessRequest bind{user, "bind", true, "", rbacGroup, namespaceName, rolePlural, "", roleName};
  if (authorizer.allowed(bind)) return std::nullopt;
  const api::ResourceType* roleType = api::findResourceType(rbacGroup, "v1", rolePlural);
  auto role = storage.get(*roleType, roleKind == "Role" ? namespaceName : "", roleName);
  if (!role.ok()) return role.error;  // binding a role that does not exist: nothing to hold
  auto missing = missingPermission(authorizer, user, namespaceName, role.value->if_contains("rules"));
  if (missing) return refused(type, object, user, *missing);
  return std::nullopt;
}

}  // namespace kubelab::apiserver
