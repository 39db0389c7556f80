#include "supervisor/clustercomponents.h"

#include <unistd.h>

namespace kubelab::supervisor {

namespace {

std::string loopbackUrl(std::uint16_t port) { return "http://127.0.0.1:" + std::to_string(port); }

ComponentSpec storeComponent(std::uint16_t port, const StateDirectory& state, const std::filesystem::path& binaries) {
  // The same flags etcd takes, so real etcd can stand in for kubelab-store.
  std::string url = loopbackUrl(port);
  ComponentSpec spec;
  spec.name = kStoreComponent;
  spec.executable = binaries / "kubelab-store";
  spec.arguments = {"--data-dir", state.storeDataDirectory().string(), "--listen-client-urls", url,
                    "--advertise-client-urls", url};
  spec.logFile = state.logFile(spec.name);
  spec.readinessUrl = url + "/health";
  spec.endpoint = url;
  return spec;
}

}  // namespace

std::vector<std::string> requiredPortRoles(const ClusterConfig& /*config*/) { return {kStorePort}; }

Result<std::vector<ComponentSpec>> clusterComponents(const ClusterConfig& config, const StateDirectory& state,
                                                     const std::filesystem::path& binaryDirectory) {
  for (const std::string& role : requiredPortRoles(config)) {
    if (!config.ports.contains(role)) {
      return invalid("cluster \"" + config.name + "\" has no port for " + role + " in " +
                     state.clusterFile().string());
    }
  }
  return std::vector<ComponentSpec>{storeComponent(config.ports.at(kStorePort), state, binaryDirectory)};
}

std::vector<std::string> clusterComponentNames(const ClusterConfig& /*config*/) { return {kStoreComponent}; }

bool clusterRunsNodes() { return false; }

Status checkExecutables(const std::vector<ComponentSpec>& components) {
  for (const ComponentSpec& component : components) {
    if (::access(component.executable.c_str(), X_OK) != 0) {
      return notFound(component.executable.string() + " is missing or not executable (executables are found "
                      "next to kubelabctl; set KUBELAB_BIN_DIR to use another directory)");
    }
  }
  return Status::ok();
}

}  // namespace kubelab::supervisor
