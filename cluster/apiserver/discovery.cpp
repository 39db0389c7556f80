#include "apiserver/discovery.h"

#include <map>
#include <set>

#include "api/resourcetypes.h"
#include "apiserver/metricsapi.h"

namespace kubelab::apiserver {
namespace json = boost::json;
namespace {

json::array strings(const std::vector<std::string>& values) {
  json::array array;
  for (const std::string& value : values) array.push_back(json::string(value));
  return array;
}

// How each subresource appears in discovery, as the real API server lists it.
json::object subresourceEntry(const api::ResourceType& type, const std::string& subresource) {
  json::object entry{{"name", type.plural + "/" + subresource}, {"singularName", ""}, {"namespaced", type.namespaced}};
  if (subresource == "scale") {
    entry["group"] = "autoscaling";
    entry["version"] = "v1";
    entry["kind"] = "Scale";
    entry["verbs"] = json::array{"get", "patch", "update"};
  } else if (subresource == "binding") {
    entry["kind"] = "Binding";
    entry["verbs"] = json::array{"create"};
  } else if (subresource == "eviction") {
    entry["group"] = "policy";
    entry["version"] = "v1";
    entry["kind"] = "Eviction";
    entry["verbs"] = json::array{"create"};
  } else if (subresource == "log") {
    entry["kind"] = "Pod";
    entry["verbs"] = json::array{"get"};
  } else if (subresource == "exec") {
    entry["kind"] = "PodExecOptions";
    entry["verbs"] = json::array{"create", "get"};
  } else if (subresource == "finalize") {
    entry["kind"] = type.kind;
    entry["verbs"] = json::array{"update"};
  } else {  // status and the like
    entry["kind"] = type.kind;
    entry["verbs"] = json::array{"get", "patch", "update"};
  }
  return entry;
}

json::object groupVersionEntry(const std::string& groupVersion, const std::string& version) {
  return {{"groupVersion", groupVersion}, {"version", version}};
}

// Served groups (other than core) and their versions, in a stable order.
std::map<std::string, std::set<std::string>> servedGroups() {
  std::map<std::string, std::set<std::string>> groups;
  for (const api::ResourceType& type : api::builtinResourceTypes()) {
    if (!type.group.empty()) groups[type.group].insert(type.version);
  }
  groups[kMetricsGroup].insert(kMetricsVersion);  // served by MetricsApi, not stored
  return groups;
}

json::object groupEntry(const std::string& group, const std::set<std::string>& versions) {
  json::array list;
  for (const std::string& version : versions) list.push_back(groupVersionEntry(group + "/" + version, version));
  const std::string& preferred = *versions.rbegin();
  return {{"name", group}, {"versions", std::move(list)},
          {"preferredVersion", groupVersionEntry(group + "/" + preferred, preferred)}};
}

}  // namespace

json::object coreApiVersions(const std::string& serverAddress) {
  return {{"kind", "APIVersions"},
          {"versions", json::array{"v1"}},
          {"serverAddressByClientCIDRs",
           json::array{json::object{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", serverAddress}}}}};
}

json::object apiGroupList() {
  json::array groups;
  for (const auto& [group, versions] : servedGroups()) groups.push_back(groupEntry(group, versions));
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", std::move(groups)}};
}

std::optional<json::object> apiGroup(const std::string& group) {
  auto groups = servedGroups();
  auto found = groups.find(group);
  if (found == groups.end()) return std::nullopt;
  json::object entry = groupEntry(group, found->second);
  entry["kind"] = "APIGroup";
  entry["apiVersion"] = "v1";
  return entry;
}

std::optional<json::object> apiResourceList(const std::string& group, const std::string& version) {
  if (group == kMetricsGroup && version == kMetricsVersion) return metricsResourceList();
  json::array resources;
  for (const api::ResourceType& type : api::builtinResourceTypes()) {
    if (type.group != group || type.version != version) continue;
    json::object entry{{"name", type.plural},      {"singularName", type.singular}, {"namespaced", type.namespaced},
                       {"kind", type.kind},        {"verbs", strings(type.verbs)}};
    if (!type.shortNames.empty()) entry["shortNames"] = strings(type.shortNames);
    if (!type.categories.empty()) entry["categories"] = strings(type.categories);
    resources.push_back(std::move(entry));
    for (const std::string& subresource : type.subresources) resources.push_back(subresourceEntry(type, subresource));
  }
  if (resources.empty()) return std::nullopt;
  std::string groupVersion = group.empty() ? version : group + "/" + version;
  return json::object{{"kind", "APIResourceList"}, {"apiVersion", "v1"}, {"groupVersion", groupVersion},
                      {"resources", std::move(resources)}};
}

json::object versionInfo() {
  // The Kubernetes API level we implement; kubectl compares it with its own version.
  return {{"major", "1"},
          {"minor", "32"},
          {"gitVersion", "v1.32.0-kubelab"},
          {"gitCommit", "kubelab"},
          {"gitTreeState", "clean"},
          {"buildDate", "2026-01-01T00:00:00Z"},
          {"goVersion", "n/a (C++20)"},
          {"compiler", "gcc"},
          {"platform", "linux/amd64"}};
}

}  // namespace kubelab::apiserver
