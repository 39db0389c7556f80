#include "kubelet/podconfiguration.h"

#include "api/objectmeta.h"
#include "common/logging.h"
#include "kubelet/podvolumeresolver.h"

namespace kubelab::kubelet {

PodConfiguration::PodConfiguration(client::ApiInterface& api, const KubeletConfig& config,
                                   std::function<void(const std::string& ns)> onChange)
    : allocatable_{{"cpu", config.cpu}, {"memory", config.memory}, {"ephemeral-storage", config.ephemeralStorage}},
      configMaps_(api, client::resources::configMaps),
      secrets_(api, client::resources::secrets),
      services_(api, client::resources::services),
      recorder_(api, "kubelet", config.nodeName) {
  auto changed = [onChange](const client::ObjectPointer& object) { onChange(api::namespaceOf(*object)); };
  client::EventHandlers handlers{changed,
                                 [changed](const client::ObjectPointer& old, const client::ObjectPointer& current) {
                                   // A resync changes nothing.
                                   if (api::stringAt(*old, {"metadata", "resourceVersion"}) !=
                                       api::stringAt(*current, {"metadata", "resourceVersion"})) {
                                     changed(current);
                                   }
                                 },
                                 changed};
  configMaps_.addEventHandlers(handlers);
  secrets_.addEventHandlers(handlers);
}

PodConfiguration::~PodConfiguration() { stop(); }

void PodConfiguration::start() {
  configMaps_.start();
  secrets_.start();
  services_.start();
}

void PodConfiguration::stop() {
  configMaps_.stop();
  secrets_.stop();
  services_.stop();
}

bool PodConfiguration::hasSynced() const {
  return configMaps_.hasSynced() && secrets_.hasSynced() && services_.hasSynced();
}

PodConfigSources PodConfiguration::sources(const std::string& podNamespace) const {
  PodConfigSources sources;
  client::Lister configMaps = configMaps_.lister();
  client::Lister secrets = secrets_.lister();
  sources.configMap = [configMaps](const std::string& ns, const std::string& name) { return configMaps.get(ns, name); };
  sources.secret = [secrets](const std::string& ns, const std::string& name) { return secrets.get(ns, name); };
  // servicesForPod needs only these: the pod's namespace and the API server's Service.
  for (const auto& service : services_.lister().list(podNamespace)) sources.services.push_back(*service);
  if (podNamespace != "default") {
    if (auto kubernetes = services_.lister().get("default", "kubernetes")) sources.services.push_back(*kubernetes);
  }
  sources.allocatable = allocatable_;
  return sources;
}

std::optional<runtime::PodRuntimeStatus> PodConfiguration::run(runtime::PodRuntime& runtime,
                                                               const boost::json::object& pod) {
  bool created = runtime.status(api::uid(pod)).has_value();
  PodConfigSources podSources = sources(api::namespaceOf(pod));

  ResolvedVolumes volumes = resolvePodVolumes(pod, podSources);
  if (Status written = runtime.writeVolumes(pod, volumes.volumes); !written.isOk()) {
    volumes.failures.push_back({"", written.message()});
    log::warning("writing the volumes of pod ", api::namespaceOf(pod), "/", api::name(pod), ": ", written.message());
  }
  for (const auto& failure : volumes.failures) warnOnce(pod, "", "FailedMount", failure.eventMessage());
  // The kubelet mounts every volume before it creates any container.
  if (!volumes.failures.empty()) return created ? std::nullopt : std::optional(waitingForConfiguration(pod, {}));

  ResolvedEnvironment environment = resolvePodEnvironment(pod, podSources);
  for (const auto& warning : environment.warnings) warnOnce(pod, "", warning.reason, warning.message);
  if (!environment.configErrors.empty()) {
    for (const auto& [container, message] : environment.configErrors) {
      warnOnce(pod, "spec.containers{" + container + "}", "Failed", "Error: " + message);
    }
    if (created) return std::nullopt;  // running containers keep the environment they started with
    return waitingForConfiguration(pod, environment.configErrors);
  }
  runtime.ensureRunning(environment.pod);
  return std::nullopt;
}

void PodConfiguration::warnOnce(const boost::json::object& pod, const std::string& fieldPath, const std::string& reason,
                                const std::string& message) {
  {
    std::lock_guard lock(postedMutex_);
    if (!posted_.insert(api::uid(pod) + "\n" + reason + "\n" + message).second) return;
  }
  client::RecordedEvent event;
  event.involvedObject = client::objectReference(pod, "v1", "Pod");
  if (!fieldPath.empty()) event.involvedObject["fieldPath"] = fieldPath;
  event.type = client::EventType::Warning;
  event.reason = reason;
  event.message = message;
  recorder_.record(std::move(event));
}

void PodConfiguration::forget(const std::string& podUid) {
  std::lock_guard lock(postedMutex_);
  std::string prefix = podUid + "\n";
  for (auto entry = posted_.lower_bound(prefix); entry != posted_.end() && entry->rfind(prefix, 0) == 0;) {
    entry = posted_.erase(entry);
  }
}

}  // namespace kubelab::kubelet
