#include "kubelet/nodestatus.h"

#include <sys/utsname.h>

#include "api/objectmeta.h"
#include "api/timestamp.h"

namespace kubelab::kubelet {

namespace {

// What `kubectl get nodes` shows as VERSION: the Kubernetes version we follow, marked as ours.
constexpr const char* kKubeletVersion = "v1.32.0-kubelab";

struct ConditionSpec {
  const char* type;
  const char* status;
  const char* reason;
  const char* message;
};

// The kubelet's own wording for each healthy condition.
constexpr ConditionSpec kConditions[] = {
    {"MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"},
    {"DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"},
    {"PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"},
    {"Ready", "True", "KubeletReady", "kubelet is posting ready status"},
};

std::string previousTransition(const boost::json::object& previous, const std::string& type,
                               const std::string& status) {
  if (const auto* conditions = api::arrayAt(previous, {"status", "conditions"})) {
    for (const auto& entry : *conditions) {
      if (!entry.is_object()) continue;
      const auto& condition = entry.get_object();
      if (api::stringAt(condition, {"type"}) == type && api::stringAt(condition, {"status"}) == status) {
        return api::stringAt(condition, {"lastTransitionTime"});
      }
    }
  }
  return "";
}

std::string machineArchitecture() {
  utsname name{};
  uname(&name);
  std::string machine = name.machine;
  if (machine == "x86_64") return "amd64";
  if (machine == "aarch64") return "arm64";
  return machine;
}

std::string kernelVersion() {
  utsname name{};
  uname(&name);
  return name.release;
}

}  // namespace

boost::json::object nodeStatus(const KubeletConfig& config, const std::string& runtimeName,
                               const boost::json::object& previous, std::chrono::system_clock::time_point now) {
  std::string timestamp = api::formatTimestamp(now);
  boost::json::object resources{{"cpu", config.cpu},
                                {"memory", config.memory},
                                {"pods", config.maxPods},
                                {"ephemeral-storage", config.ephemeralStorage}};
  boost::json::array conditions;
  for (const auto& spec : kConditions) {
    std::string since = previousTransition(previous, spec.type, spec.status);
    conditions.push_back({{"type", spec.type},
                          {"status", spec.status},
                          {"lastHeartbeatTime", timestamp},
                          {"lastTransitionTime", since.empty() ? timestamp : since},
                          {"reason", spec.reason},
                          {"message", spec.message}});
  }
  return {{"capacity", resources},
          {"allocatable", resources},
          {"conditions", std::move(conditions)},
          {"addresses", boost::json::array{{{"type", "InternalIP"}, {"address", config.nodeIp}},
                                           {{"type", "Hostname"}, {"address", config.nodeName}}}},
          {"daemonEndpoints", {{"kubeletEndpoint", {{"Port", config.port}}}}},
          {"nodeInfo",
           {{"machineID", ""},
            {"systemUUID", ""},
            {"bootID", ""},
            {"kernelVersion", kernelVersion()},
            {"osImage", "KubeLab"},
            {"containerRuntimeVersion", "kubelab://" + runtimeName},
            {"kubeletVersion", kKubeletVersion},
            {"kubeProxyVersion", ""},
            {"operatingSystem", "linux"},
            {"architecture", machineArchitecture()}}}};
}

boost::json::array registrationTaints(const KubeletConfig& config) {
  boost::json::array taints;
  for (const std::string& text : config.registerWithTaints) {
    std::size_t colon = text.rfind(':');
    std::string keyValue = text.substr(0, colon);
    std::size_t equals = keyValue.find('=');
    boost::json::object taint{{"key", keyValue.substr(0, equals)},
                              {"effect", colon == std::string::npos ? "NoSchedule" : text.substr(colon + 1)}};
    if (equals != std::string::npos) taint["value"] = keyValue.substr(equals + 1);
    taints.push_back(std::move(taint));
  }
  if (config.externalCloudProvider) {
    taints.push_back(boost::json::object{
        {"key", kUninitializedTaint}, {"value", "true"}, {"effect", "NoSchedule"}});
  }
  return taints;
}

boost::json::object nodeForRegistration(const KubeletConfig& config, const std::string& runtimeName,
                                        std::chrono::system_clock::time_point now) {
  boost::json::object labels{{"kubernetes.io/hostname", config.nodeName},
                             {"kubernetes.io/os", "linux"},
                             {"kubernetes.io/arch", machineArchitecture()},
                             {"beta.kubernetes.io/os", "linux"},
                             {"beta.kubernetes.io/arch", machineArchitecture()}};
  for (const auto& [name, value] : config.nodeLabels) labels[name] = value;
  boost::json::object spec;
  if (!config.podCidr.empty()) {
    spec["podCIDR"] = config.podCidr;
    spec["podCIDRs"] = boost::json::array{boost::json::value(config.podCidr)};
  }
  if (boost::json::array taints = registrationTaints(config); !taints.empty()) spec["taints"] = std::move(taints);
  return {{"apiVersion", "v1"},
          {"kind", "Node"},
          {"metadata",
           {{"name", config.nodeName},
            {"labels", std::move(labels)},
            {"annotations", {{"node.alpha.kubernetes.io/ttl", "0"}}}}},
          {"spec", std::move(spec)},
          {"status", nodeStatus(config, runtimeName, {}, now)}};
}

}  // namespace kubelab::kubelet
