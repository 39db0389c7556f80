#include "apiserver/authorization.h"

#include <algorithm>

#include "api/objectmeta.h"
#include "api/resourcetypes.h"
#include "common/logging.h"

namespace kubelab::apiserver {
namespace json = boost::json;
namespace {

constexpr auto cacheLifetime = std::chrono::seconds(2);  // bounds staleness should a write bypass invalidate()

std::vector<std::string> stringList(const json::object& object, std::string_view field) {
  std::vector<std::string> out;
  const json::value* value = object.if_contains(field);
  if (value == nullptr || !value->is_array()) return out;
  for (const json::value& item : value->get_array()) {
    if (item.is_string()) out.emplace_back(item.get_string());
  }
  return out;
}

bool listAllows(const std::vector<std::string>& list, const std::string& wanted) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& item) { return item == "*" || item == wanted; });
}

bool resourceAllowed(const std::vector<std::string>& resources, const AccessRequest& request) {
  std::string combined = request.subresource.empty() ? request.resource : request.resource + "/" + request.subresource;
  for (const std::string& item : resources) {
    if (item == "*" || item == combined) return true;
    if (!request.subresource.empty() && item == "*/" + request.subresource) return true;
  }
  return false;
}

bool pathAllowed(const std::vector<std::string>& urls, const std::string& path) {
  for (const std::string& url : urls) {
    if (url == "*" || url == path) return true;
    if (!url.empty() && url.back() == '*' && path.compare(0, url.size() - 1, url, 0, url.size() - 1) == 0) return true;
  }
  return false;
}

bool subjectMatches(const std::pair<std::string, std::string>& subject, const UserInfo& user) {
  const auto& [kind, name] = subject;
  if (kind == "User" || kind == "ServiceAccount") return name == user.name;
  if (kind == "Group") return user.inGroup(name);
  return false;
}

}  // namespace

Result<std::shared_ptr<const RbacAuthorizer::Snapshot>> RbacAuthorizer::load() {
  auto type = [](const char* plural) { return api::findResourceType("rbac.authorization.k8s.io", "v1", plural); };
  auto snapshot = std::make_shared<Snapshot>();
  std::map<std::string, std::vector<Rule>> roles;  // "ns/name" for Roles, "/name" for ClusterRoles
  for (const char* plural : {"roles", "clusterroles"}) {
    auto listed = storage_.list(*type(plural), "", ListOptions{});
    if (!listed.ok()) return Status(StatusCode::Unavailable, listed.error.message);
    for (const Object& role : listed.value->items) {
      std::vector<Rule> rules;
      const json::value* list = role.if_contains("rules");
      if (list != nullptr && list->is_array()) {
        for (const json::value& item : list->get_array()) {
          if (!item.is_object()) continue;
          const json::object& rule = item.get_object();
          rules.push_back({stringList(rule, "verbs"), stringList(rule, "apiGroups"), stringList(rule, "resources"),
                           stringList(rule, "resourceNames"), stringList(rule, "nonResourceURLs")});
        }
      }
      roles[api::namespaceOf(role) + "/" + api::name(role)] = std::move(rules);
    }
  }
  for (const char* plural : {"rolebindings", "clusterrolebindings"}) {
    auto listed = storage_.list(*type(plural), "", ListOptions{});
    if (!listed.ok()) return Status(StatusCode::Unavailable, listed.error.message);
    for (const Object& item : listed.value->items) {
      Binding binding;
      binding.namespaceName = api::namespaceOf(item);
      std::string roleKind = api::stringAt(item, {"roleRef", "kind"});
      std::string roleName = api::stringAt(item, {"roleRef", "name"});
      auto rules = roles.find((roleKind == "Role" ? binding.namespaceName : "") + "/" + roleName);
      if (rules == roles.end()) continue;
      binding.rules = rules->second;
      const json::value* subjects = item.if_contains("subjects");
      if (subjects == nullptr || !subjects->is_array()) continue;
      for (const json::value& subject : subjects->get_array()) {
        if (!subject.is_object()) continue;
        std::string kind = api::stringAt(subject.get_object(), {"kind"});
        std::string name = api::stringAt(subject.get_object(), {"name"});
        if (kind == "ServiceAccount") {
          std::string ns = api::stringAt(subject.get_object(), {"namespace"});
          name = "system:serviceaccount:" + (ns.empty() ? binding.namespaceName : ns) + ":" + name;
        }
        binding.subjects.emplace_back(kind, name);
      }
      snapshot->bindings.push_back(std::move(binding));
    }
  }
  return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

std::shared_ptr<const RbacAuthorizer::Snapshot> RbacAuthorizer::snapshot() {
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (cached_ && !stale_ && now - loadedAt_ < cacheLifetime) return cached_;
  stale_ = false;
  auto loaded = load();
  if (loaded) {
    cached_ = *loaded;
    loadedAt_ = now;
  } else {
    log::warning("cannot load RBAC rules: ", loaded.status().message());
    stale_ = true;
  }
  return cached_;
}

bool RbacAuthorizer::allowed(const AccessRequest& request) {
  if (request.user.inGroup("system:masters")) return true;
  auto rules = snapshot();
  if (!rules) return false;
  for (const Binding& binding : rules->bindings) {
    // A RoleBinding grants only inside its namespace.
    if (!binding.namespaceName.empty() && binding.namespaceName != request.namespaceName) continue;
    bool forUser = std::any_of(binding.subjects.begin(), binding.subjects.end(),
                               [&](const auto& subject) { return subjectMatches(subject, request.user); });
    if (!forUser) continue;
    for (const Rule& rule : binding.rules) {
      if (!listAllows(rule.verbs, request.verb)) continue;
      if (!request.isResourceRequest) {
        if (pathAllowed(rule.nonResourceUrls, request.path)) return true;
        continue;
      }
      if (!listAllows(rule.apiGroups, request.apiGroup) || !resourceAllowed(rule.resources, request)) continue;
      if (rule.resourceNames.empty() || (!request.name.empty() && listAllows(rule.resourceNames, request.name))) {
        return true;
      }
    }
  }
  return false;
}

std::string RbacAuthorizer::forbiddenMessage(const AccessRequest& request) {
  std::string who = "User \"" + request.user.name + "\"";
  if (!request.isResourceRequest) {
    return "forbidden: " + who + " cannot " + request.verb + " path \"" + request.path + "\"";
  }
  std::string resource = request.resource + (request.subresource.empty() ? "" : "/" + request.subresource);
  std::string qualified = request.apiGroup.empty() ? request.resource : request.resource + "." + request.apiGroup;
  std::string subject = request.name.empty() ? qualified : qualified + " \"" + request.name + "\"";
  std::string scope = request.namespaceName.empty() ? "at the cluster scope"
                                                     : "in the namespace \"" + request.namespaceName + "\"";
  return subject + " is forbidden: " + who + " cannot " + request.verb + " resource \"" + resource +
         "\" in API group \"" + request.apiGroup + "\" " + scope;
}

}  // namespace kubelab::apiserver
