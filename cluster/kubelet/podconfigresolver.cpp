#include "kubelet/podconfigresolver.h"

#include <algorithm>

#include "api/objectmeta.h"
#include "api/quantity.h"
#include "common/base64.h"
#include "runtime/serviceenvironment.h"

namespace kubelab::kubelet {

namespace {

using Lookup = std::function<client::ObjectPointer(const std::string&, const std::string&)>;

// $ doubled: the runtime expands $(VAR) in values, and a ConfigMap's "$(HOME)" must stay so.
std::string escaped(const std::string& value) {
  std::string result;
  for (char character : value) {
    if (character == '$') result += '$';
    result += character;
  }
  return result;
}

boost::json::object plainVariable(const std::string& name, const std::string& value) {
  return {{"name", name}, {"value", escaped(value)}};
}

std::int64_t ceilingDivision(std::int64_t numerator, std::int64_t denominator) {
  if (denominator <= 0) denominator = 1;
  if (numerator <= 0) return 0;
  return numerator / denominator + (numerator % denominator != 0 ? 1 : 0);
}

// What an env or envFrom entry reads: the object's data, or why it cannot.
struct Source {
  std::string kind;  // "configmap" or "secret", as the kubelet's NotFound names them
  const Lookup* lookup;
  std::map<std::string, std::string> (*data)(const boost::json::object&);
};

class ContainerResolver {
 public:
  ContainerResolver(const boost::json::object& pod, const PodConfigSources& sources)
      : pod_(pod), sources_(sources), namespace_(api::namespaceOf(pod)) {}

  // The container's env, resolved; "" or the CreateContainerConfigError message.
  std::string resolve(boost::json::object& container, const runtime::Environment& services,
                      std::vector<PodWarning>& warnings) {
    boost::json::array env;
    for (const auto& [name, value] : services) env.push_back(plainVariable(name, value));
    if (const auto* envFrom = api::arrayAt(container, {"envFrom"})) {
      for (const auto& entry : *envFrom) {
        if (!entry.is_object()) continue;
        if (std::string error = addEnvFrom(entry.get_object(), env, warnings); !error.empty()) return error;
      }
    }
    if (const auto* own = api::arrayAt(container, {"env"})) {
      for (const auto& entry : *own) {
        if (!entry.is_object()) continue;
        if (std::string error = addVariable(container, entry.get_object(), env); !error.empty()) return error;
      }
    }
    container.erase("envFrom");
    container["env"] = std::move(env);
    return "";
  }

 private:
  Source configMaps() const { return {"configmap", &sources_.configMap, &configMapData}; }
  Source secrets() const { return {"secret", &sources_.secret, &secretData}; }

  // nullptr with `error` set when a required object is missing; nullptr alone when optional.
  const std::map<std::string, std::string>* read(const Source& source, const std::string& name, bool optional,
                                                 std::string& error) {
    std::string cacheKey = source.kind + "/" + name;
    if (auto cached = cache_.find(cacheKey); cached != cache_.end()) return &cached->second;
    client::ObjectPointer object = *source.lookup ? (*source.lookup)(namespace_, name) : nullptr;
    if (!object) {
      if (!optional) error = source.kind + " \"" + name + "\" not found";
      return nullptr;
    }
    return &cache_.emplace(cacheKey, source.data(*object)).first->second;
  }

  std::string addEnvFrom(const boost::json::object& entry, boost::json::array& env, std::vector<PodWarning>& warnings) {
    std::string prefix = api::stringAt(entry, {"prefix"});
    bool isConfigMap = entry.contains("configMapRef");
    const char* field = isConfigMap ? "configMapRef" : "secretRef";
    if (!entry.contains(field)) return "";
    Source source = isConfigMap ? configMaps() : secrets();
    std::string name = api::stringAt(entry, {field, "name"});
    std::string error;
    const auto* data = read(source, name, api::booleanAt(entry, {field, "optional"}), error);
    if (!data) return error;
    std::vector<std::string> invalidKeys;
    for (const auto& [key, value] : *data) {
      std::string variable = prefix + key;
      if (!isEnvironmentVariableName(variable)) {
        invalidKeys.push_back(variable);
        continue;
      }
      env.push_back(plainVariable(variable, value));
    }
    if (!invalidKeys.empty()) {
      std::sort(invalidKeys.begin(), invalidKeys.end());
      std::string keys;
      for (const auto& key : invalidKeys) keys += (keys.empty() ? "" : ", ") + key;
      warnings.push_back({"InvalidEnvironmentVariableNames",
                          "Keys [" + keys + "] from the EnvFrom " + (isConfigMap ? "configMap " : "secret ") +
                              namespace_ + "/" + name +
                              " were skipped since they are considered invalid environment variable names."});
    }
    return "";
  }

  std::string addVariable(const boost::json::object& container, const boost::json::object& variable,
                          boost::json::array& env) {
    std::string name = api::stringAt(variable, {"name"});
    const auto* valueFrom = api::objectAt(variable, {"valueFrom"});
    if (name.empty() || variable.contains("value") || !valueFrom || valueFrom->contains("fieldRef")) {
      env.push_back(variable);  // the runtime evaluates values and the downward API itself
      return "";
    }
    if (const auto* selector = api::objectAt(*valueFrom, {"resourceFieldRef"})) {
      const boost::json::object* target = &container;
      if (std::string other = api::stringAt(*selector, {"containerName"}); !other.empty()) target = findContainer(other);
      if (!target) return "container " + api::stringAt(*selector, {"containerName"}) + " not found";
      auto value = containerResourceValue(*target, *selector, sources_.allocatable);
      if (!value) return value.status().message();
      env.push_back(plainVariable(name, *value));
      return "";
    }
    bool isConfigMap = valueFrom->contains("configMapKeyRef");
    const char* field = isConfigMap ? "configMapKeyRef" : "secretKeyRef";
    if (!valueFrom->contains(field)) return "";
    std::string objectName = api::stringAt(*valueFrom, {field, "name"});
    std::string key = api::stringAt(*valueFrom, {field, "key"});
    bool optional = api::booleanAt(*valueFrom, {field, "optional"});
    std::string error;
    const auto* data = read(isConfigMap ? configMaps() : secrets(), objectName, optional, error);
    if (!data) return error;
    auto found = data->find(key);
    if (found == data->end()) {
      if (optional) return "";
      return "couldn't find key " + key + " in " + (isConfigMap ? "ConfigMap " : "Secret ") + namespace_ + "/" +
             objectName;
    }
    env.push_back(plainVariable(name, found->second));
    return "";
  }

  const boost::json::object* findContainer(const std::string& name) const {
    for (std::string_view field : {"containers", "initContainers"}) {
      if (const auto* containers = api::arrayAt(pod_, {"spec", field})) {
        for (const auto& entry : *containers) {
          if (entry.is_object() && api::stringAt(entry.get_object(), {"name"}) == name) return &entry.get_object();
        }
      }
    }
    return nullptr;
  }

  const boost::json::object& pod_;
  const PodConfigSources& sources_;
  std::string namespace_;
  std::map<std::string, std::map<std::string, std::string>> cache_;  // one read of each object per pod
};

}  // namespace

bool isEnvironmentVariableName(const std::string& name) {
  if (name.empty()) return false;
  auto allowed = [](char character, bool first) {
    if (character == '-' || character == '.' || character == '_') return true;
    if ((character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z')) return true;
    return !first && character >= '0' && character <= '9';
  };
  for (std::size_t index = 0; index < name.size(); ++index) {
    if (!allowed(name[index], index == 0)) return false;
  }
  return true;
}

std::map<std::string, std::string> configMapData(const boost::json::object& configMap) {
  std::map<std::string, std::string> data;
  if (const auto* values = api::objectAt(configMap, {"data"})) {
    for (const auto& [key, value] : *values) {
      if (value.is_string()) data[std::string(key)] = std::string(value.get_string());
    }
  }
  return data;
}

std::map<std::string, std::string> secretData(const boost::json::object& secret) {
  std::map<std::string, std::string> data;
  if (const auto* values = api::objectAt(secret, {"data"})) {
    for (const auto& [key, value] : *values) {
      if (!value.is_string()) continue;
      if (auto decoded = base64Decode(std::string(value.get_string()))) data[std::string(key)] = std::move(*decoded);
    }
  }
  return data;
}

Result<std::string> containerResourceValue(const boost::json::object& container, const boost::json::object& selector,
                                           const std::map<std::string, std::string>& allocatable) {
  std::string resource = api::stringAt(selector, {"resource"});
  auto dot = resource.find('.');
  if (dot == std::string::npos) return invalid("unsupported container resource : " + resource);
  std::string kind = resource.substr(0, dot);  // limits or requests
  std::string name = resource.substr(dot + 1);
  if ((kind != "limits" && kind != "requests") || (name != "cpu" && name != "memory" && name != "ephemeral-storage")) {
    return invalid("unsupported container resource : " + resource);
  }
  std::string amount = api::stringAt(container, {"resources", kind, name});
  if (amount.empty() && kind == "limits") {
    if (auto found = allocatable.find(name); found != allocatable.end()) amount = found->second;
  }
  api::Quantity quantity;
  if (!amount.empty()) {
    auto parsed = api::parseQuantity(amount);
    if (!parsed) return parsed.status();
    quantity = *parsed;
  }
  api::Quantity divisor{1000};
  if (const auto* divisorValue = selector.if_contains("divisor")) {
    auto parsed = divisorValue->is_string() ? api::parseQuantity(std::string(divisorValue->get_string()))
                  : divisorValue->is_int64() ? api::parseQuantity(std::to_string(divisorValue->get_int64()))
                                             : Result<api::Quantity>(api::Quantity{1000});
    if (!parsed) return parsed.status();
    if (parsed->milliValue != 0) divisor = *parsed;
  }
  // CPU in thousandths of a core; memory and storage in whole bytes, as the kubelet divides them.
  if (name == "cpu") return std::to_string(ceilingDivision(quantity.milliValue, divisor.milliValue));
  return std::to_string(ceilingDivision(quantity.value(), divisor.value()));
}

ResolvedEnvironment resolvePodEnvironment(const boost::json::object& pod, const PodConfigSources& sources) {
  ResolvedEnvironment resolved;
  resolved.pod = pod;
  runtime::Environment services = runtime::serviceEnvironment(runtime::servicesForPod(pod, sources.services));
  ContainerResolver resolver(pod, sources);
  auto& spec = api::ensureObject(resolved.pod, "spec");
  for (std::string_view field : {"initContainers", "containers"}) {
    auto* containers = spec.if_contains(field);
    if (!containers || !containers->is_array()) continue;
    for (auto& container : containers->as_array()) {
      if (!container.is_object()) continue;
      std::string error = resolver.resolve(container.as_object(), services, resolved.warnings);
      if (!error.empty()) resolved.configErrors[api::stringAt(container.as_object(), {"name"})] = error;
    }
  }
  return resolved;
}

runtime::PodRuntimeStatus waitingForConfiguration(const boost::json::object& pod,
                                                  const std::map<std::string, std::string>& configErrors) {
  runtime::PodRuntimeStatus status;
  bool initFailing = false;
  for (std::string_view field : {"initContainers", "containers"}) {
    const auto* containers = api::arrayAt(pod, {"spec", field});
    if (!containers) continue;
    auto& states = field == "initContainers" ? status.initContainers : status.containers;
    for (const auto& entry : *containers) {
      if (!entry.is_object()) continue;
      std::string name = api::stringAt(entry.get_object(), {"name"});
      runtime::ContainerState state;
      if (auto error = configErrors.find(name); error != configErrors.end()) {
        state.reason = "CreateContainerConfigError";
        state.message = error->second;
        initFailing = initFailing || field == "initContainers";
      } else {
        state.reason = field == "containers" && (initFailing || !status.initContainers.empty()) ? "PodInitializing"
                                                                                             : "ContainerCreating";
      }
      states.emplace_back(name, state);
    }
  }
  return status;
}

}  // namespace kubelab::kubelet
