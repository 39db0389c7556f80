#include "runtime/containerenvironment.h"

#include <map>

#include "api/objectmeta.h"

namespace kubelab::runtime {

namespace {

// metadata.labels['app'] → ("labels", "app").
bool mapField(const std::string& fieldPath, const std::string& prefix, std::string& key) {
  if (fieldPath.rfind(prefix + "['", 0) != 0 || fieldPath.size() < prefix.size() + 4) return false;
  if (fieldPath.substr(fieldPath.size() - 2) != "']") return false;
  key = fieldPath.substr(prefix.size() + 2, fieldPath.size() - prefix.size() - 4);
  return true;
}

const std::string* lookup(const Environment& environment, const std::string& name) {
  for (auto entry = environment.rbegin(); entry != environment.rend(); ++entry) {
    if (entry->first == name) return &entry->second;
  }
  return nullptr;
}

}  // namespace

bool downwardApiField(const boost::json::object& pod, const std::string& fieldPath, std::string& value) {
  static const std::map<std::string, std::vector<std::string_view>> scalars{
      {"metadata.name", {"metadata", "name"}},
      {"metadata.namespace", {"metadata", "namespace"}},
      {"metadata.uid", {"metadata", "uid"}},
      {"spec.nodeName", {"spec", "nodeName"}},
      {"spec.serviceAccountName", {"spec", "serviceAccountName"}},
      {"status.podIP", {"status", "podIP"}},
      {"status.hostIP", {"status", "hostIP"}},
  };
  if (auto found = scalars.find(fieldPath); found != scalars.end()) {
    const auto& path = found->second;
    value = api::stringAt(pod, {path[0], path[1]});
    return true;
  }
  // Single-stack: the lists hold the one address.
  if (fieldPath == "status.podIPs") return downwardApiField(pod, "status.podIP", value);
  if (fieldPath == "status.hostIPs") return downwardApiField(pod, "status.hostIP", value);
  std::string key;
  if (mapField(fieldPath, "metadata.labels", key)) {
    value = api::stringAt(pod, {"metadata", "labels", key});
    return true;
  }
  if (mapField(fieldPath, "metadata.annotations", key)) {
    value = api::stringAt(pod, {"metadata", "annotations", key});
    return true;
  }
  return false;
}

std::string expandReferences(const std::string& text, const Environment& defined) {
  std::string result;
  for (std::size_t index = 0; index < text.size();) {
    if (text[index] != '$' || index + 1 >= text.size()) {
      result += text[index++];
      continue;
    }
    if (text[index + 1] == '$') {  // $$ escapes a literal $
      result += '$';
      index += 2;
      continue;
    }
    if (text[index + 1] == '(') {
      auto close = text.find(')', index + 2);
      if (close != std::string::npos) {
        std::string name = text.substr(index + 2, close - index - 2);
        if (const std::string* value = lookup(defined, name)) {
          result += *value;
        } else {
          result += text.substr(index, close - index + 1);
        }
        index = close + 1;
        continue;
      }
    }
    result += text[index++];
  }
  return result;
}

Environment containerEnvironment(const boost::json::object& pod, const boost::json::object& container) {
  std::string podName = api::name(pod);
  Environment environment{
      {"PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
      {"HOSTNAME", podName},
      {"POD_NAME", podName},
      {"POD_NAMESPACE", api::namespaceOf(pod)},
      {"POD_IP", api::stringAt(pod, {"status", "podIP"})},
      {"HOST_IP", api::stringAt(pod, {"status", "hostIP"})},
      {"NODE_NAME", api::stringAt(pod, {"spec", "nodeName"})},
      {"KUBELAB_IMAGE", api::stringAt(container, {"image"})},
  };
  const auto* env = api::arrayAt(container, {"env"});
  if (!env) return environment;
  for (const auto& entry : *env) {
    if (!entry.is_object()) continue;
    const auto& variable = entry.get_object();
    std::string name = api::stringAt(variable, {"name"});
    if (name.empty()) continue;
    if (variable.contains("value") || !variable.contains("valueFrom")) {
      environment.emplace_back(name, expandReferences(api::stringAt(variable, {"value"}), environment));
      continue;
    }
    std::string fieldPath = api::stringAt(variable, {"valueFrom", "fieldRef", "fieldPath"});
    std::string value;
    if (!fieldPath.empty() && downwardApiField(pod, fieldPath, value)) environment.emplace_back(name, value);
  }
  return environment;
}

std::vector<std::string> environmentStrings(const Environment& environment) {
  std::map<std::string, std::size_t> position;
  std::vector<std::string> strings;
  for (const auto& [name, value] : environment) {
    std::string text = name + "=" + value;
    if (auto found = position.find(name); found != position.end()) {
      strings[found->second] = std::move(text);
    } else {
      position[name] = strings.size();
      strings.push_back(std::move(text));
    }
  }
  return strings;
}

}  // namespace kubelab::runtime
