#include "kubelet/podvolumeresolver.h"

#include <cstdio>
#include <map>

#include "api/objectmeta.h"
#include "common/base64.h"
#include "runtime/containerenvironment.h"

namespace kubelab::kubelet {

namespace {

using runtime::VolumeFile;

constexpr int kDefaultMode = 0644;  // the API's default for defaultMode (420)

int modeOr(const boost::json::object& object, std::string_view field, int fallback) {
  return static_cast<int>(api::integerAt(object, {field}, fallback));
}

// A ConfigMap's data and binaryData, or a Secret's data, as file contents by key.
std::map<std::string, std::string> fileData(const boost::json::object& object, bool isSecret) {
  if (isSecret) return secretData(object);
  std::map<std::string, std::string> data = configMapData(object);
  if (const auto* binary = api::objectAt(object, {"binaryData"})) {
    for (const auto& [key, value] : *binary) {
      if (!value.is_string()) continue;
      if (auto decoded = base64Decode(std::string(value.get_string()))) data[std::string(key)] = std::move(*decoded);
    }
  }
  return data;
}

// A configMap or secret source (of a volume, or of a projected volume): its files, or why none.
std::string objectFiles(const boost::json::object& pod, const boost::json::object& source, bool isSecret,
                        int defaultMode, const PodConfigSources& sources, std::vector<VolumeFile>& files) {
  std::string name = api::stringAt(source, {isSecret ? "secretName" : "name"});
  if (name.empty()) name = api::stringAt(source, {"name"});  // a projected secret source says name
  bool optional = api::booleanAt(source, {"optional"});
  const auto& lookup = isSecret ? sources.secret : sources.configMap;
  client::ObjectPointer object = lookup ? lookup(api::namespaceOf(pod), name) : nullptr;
  if (!object) return optional ? "" : std::string(isSecret ? "secret" : "configmap") + " \"" + name + "\" not found";
  auto data = fileData(*object, isSecret);
  const auto* items = api::arrayAt(source, {"items"});
  if (!items || items->empty()) {
    for (const auto& [key, content] : data) files.push_back({key, content, defaultMode});
    return "";
  }
  for (const auto& entry : *items) {
    if (!entry.is_object()) continue;
    const auto& item = entry.get_object();
    std::string key = api::stringAt(item, {"key"});
    auto found = data.find(key);
    if (found == data.end()) {
      if (optional) continue;
      return isSecret ? "references non-existent secret key: " + key : "configmap references non-existent config key: " + key;
    }
    files.push_back({api::stringAt(item, {"path"}), found->second, modeOr(item, "mode", defaultMode)});
  }
  return "";
}

std::string downwardApiFiles(const boost::json::object& pod, const boost::json::object& source, int defaultMode,
                             const PodConfigSources& sources, std::vector<VolumeFile>& files) {
  const auto* items = api::arrayAt(source, {"items"});
  if (!items) return "";
  for (const auto& entry : *items) {
    if (!entry.is_object()) continue;
    const auto& item = entry.get_object();
    std::string content;
    if (std::string fieldPath = api::stringAt(item, {"fieldRef", "fieldPath"}); !fieldPath.empty()) {
      if (fieldPath == "metadata.labels") {
        content = formatDownwardApiMap(api::objectAt(pod, {"metadata", "labels"}));
      } else if (fieldPath == "metadata.annotations") {
        content = formatDownwardApiMap(api::objectAt(pod, {"metadata", "annotations"}));
      } else if (!runtime::downwardApiField(pod, fieldPath, content)) {
        return "unsupported fieldPath: " + fieldPath;
      }
    } else if (const auto* selector = api::objectAt(item, {"resourceFieldRef"})) {
      const boost::json::object* container = nullptr;
      std::string containerName = api::stringAt(*selector, {"containerName"});
      for (std::string_view field : {"containers", "initContainers"}) {
        if (const auto* containers = api::arrayAt(pod, {"spec", field})) {
          for (const auto& candidate : *containers) {
            if (candidate.is_object() && api::stringAt(candidate.get_object(), {"name"}) == containerName) {
              container = &candidate.get_object();
            }
          }
        }
      }
      if (!container) return "container " + containerName + " not found";
      auto value = containerResourceValue(*container, *selector, sources.allocatable);
      if (!value) return value.status().message();
      content = *value;
    }
    files.push_back({api::stringAt(item, {"path"}), content, modeOr(item, "mode", defaultMode)});
  }
  return "";
}

std::string projectedFiles(const boost::json::object& pod, const boost::json::object& projected,
                           const PodConfigSources& sources, std::vector<VolumeFile>& files) {
  int defaultMode = modeOr(projected, "defaultMode", kDefaultMode);
  const auto* list = api::arrayAt(projected, {"sources"});
  if (!list) return "";
  for (const auto& entry : *list) {
    if (!entry.is_object()) continue;
    const auto& source = entry.get_object();
    std::string error;
    if (const auto* configMap = api::objectAt(source, {"configMap"})) {
      error = objectFiles(pod, *configMap, false, defaultMode, sources, files);
    } else if (const auto* secret = api::objectAt(source, {"secret"})) {
      error = objectFiles(pod, *secret, true, defaultMode, sources, files);
    } else if (const auto* downward = api::objectAt(source, {"downwardAPI"})) {
      error = downwardApiFiles(pod, *downward, defaultMode, sources, files);
    } else {
      // serviceAccountToken and clusterTrustBundle need the TokenRequest API, which KubeLab lacks.
      error = "this kind of projected source is not available in KubeLab (only configMap, secret and downwardAPI)";
    }
    if (!error.empty()) return error;
  }
  return "";
}

void quoteInto(std::string& out, const std::string& value) {
  out += '"';
  for (unsigned char character : value) {
    switch (character) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (character < 0x20 || character == 0x7f) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\x%02x", character);
          out += escape;
        } else {
          out += static_cast<char>(character);
        }
    }
  }
  out += '"';
}

}  // namespace

std::string formatDownwardApiMap(const boost::json::object* map) {
  if (!map) return "";
  std::map<std::string, std::string> sorted;
  for (const auto& [key, value] : *map) {
    if (value.is_string()) sorted[std::string(key)] = std::string(value.get_string());
  }
  std::string text;
  for (const auto& [key, value] : sorted) {
    if (!text.empty()) text += '\n';
    text += key + "=";
    quoteInto(text, value);
  }
  return text;
}

ResolvedVolumes resolvePodVolumes(const boost::json::object& pod, const PodConfigSources& sources) {
  ResolvedVolumes resolved;
  const auto* volumes = api::arrayAt(pod, {"spec", "volumes"});
  if (!volumes) return resolved;
  for (const auto& entry : *volumes) {
    if (!entry.is_object()) continue;
    const auto& volume = entry.get_object();
    runtime::VolumeContents contents{api::stringAt(volume, {"name"}), {}};
    std::string error;
    if (const auto* configMap = api::objectAt(volume, {"configMap"})) {
      error = objectFiles(pod, *configMap, false, modeOr(*configMap, "defaultMode", kDefaultMode), sources,
                          contents.files);
    } else if (const auto* secret = api::objectAt(volume, {"secret"})) {
      error = objectFiles(pod, *secret, true, modeOr(*secret, "defaultMode", kDefaultMode), sources, contents.files);
    } else if (const auto* downward = api::objectAt(volume, {"downwardAPI"})) {
      error = downwardApiFiles(pod, *downward, modeOr(*downward, "defaultMode", kDefaultMode), sources,
                               contents.files);
    } else if (const auto* projected = api::objectAt(volume, {"projected"})) {
      error = projectedFiles(pod, *projected, sources, contents.files);
    } else {
      continue;  // emptyDir, hostPath, claims: the runtime's own
    }
    if (!error.empty()) {
      resolved.failures.push_back({contents.volume, error});
    } else {
      resolved.volumes.push_back(std::move(contents));
    }
  }
  return resolved;
}

}  // namespace kubelab::kubelet
