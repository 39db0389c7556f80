#include "supervisor/clustercomponents.h"

#include <unistd.h>

#include "pki/clusterpki.h"

namespace kubelab::supervisor {

namespace {

constexpr const char* kDefaultTolerationSeconds = "10";

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
  spec.readiness.url = url + "/health";
  spec.endpoint = url;
  return spec;
}

ComponentSpec apiServerComponent(const ClusterConfig& config, const StateDirectory& state,
                                 const std::filesystem::path& binaries) {
  // kube-apiserver's flags, with the certificates `up` keeps in <state>/pki.
  const std::filesystem::path pki = state.pkiDirectory();
  ComponentSpec spec;
  spec.name = kApiServerComponent;
  spec.executable = binaries / "kubelab-apiserver";
  spec.arguments = {"--etcd-servers", loopbackUrl(config.ports.at(kStorePort)),
                    "--bind-address", "127.0.0.1",
                    "--secure-port", std::to_string(config.ports.at(kApiServerPort)),
                    "--tls-cert-file", (pki / "apiserver.crt").string(),
                    "--tls-private-key-file", (pki / "apiserver.key").string(),
                    "--client-ca-file", (pki / "ca.crt").string(),
                    // Logs, exec and metrics: the kubelets' API, with a client identity of its own.
                    "--kubelet-client-certificate", (pki / "apiserver-kubelet-client.crt").string(),
                    "--kubelet-client-key", (pki / "apiserver-kubelet-client.key").string(),
                    "--kubelet-certificate-authority", (pki / "ca.crt").string(),
                    "--service-cluster-ip-range", kServiceClusterIpRange,
                    // Kubernetes waits 300 s; a class should see a failed node's pods move in seconds.
                    "--default-not-ready-toleration-seconds", kDefaultTolerationSeconds,
                    "--default-unreachable-toleration-seconds", kDefaultTolerationSeconds};
  spec.logFile = state.logFile(spec.name);
  spec.endpoint = apiServerUrl(config);
  // /readyz needs no credentials, as kube-apiserver's does not.
  spec.readiness = ReadinessCheck{spec.endpoint + "/readyz", pki / "ca.crt", "ok"};
  return spec;
}

// The control loops: kubeconfigs of their own, and leader election on (one instance each here,
// but a second one started by hand takes over when the first dies).
ComponentSpec controlLoopComponent(const std::string& name, const std::string& binary, const std::string& identity,
                                   const StateDirectory& state, const std::filesystem::path& binaries) {
  ComponentSpec spec;
  spec.name = name;
  spec.executable = binaries / binary;
  spec.arguments = {"--kubeconfig", state.componentKubeconfigFile(identity).string()};
  spec.logFile = state.logFile(spec.name);
  return spec;
}

// As GKE's kubelets do: the pool's labels and taints at registration, and an external cloud
// provider (kubelab-cloud-controller-manager) that initializes the Node.
void addNodePoolArguments(const NodeConfig& node, const ClusterConfig& config, std::vector<std::string>& arguments) {
  NodePoolConfig pool{node.pool, {}, {}};
  if (const NodePoolConfig* found = findPool(config, node.pool)) pool = *found;
  std::string labels;
  for (const auto& [key, value] : nodePoolLabels(pool)) labels += (labels.empty() ? "" : ",") + key + "=" + value;
  arguments.insert(arguments.end(), {"--node-labels", labels, "--cloud-provider", "external"});
  std::string taints;
  for (const std::string& taint : pool.taints) taints += (taints.empty() ? "" : ",") + taint;
  if (!taints.empty()) arguments.insert(arguments.end(), {"--register-with-taints", taints});
}

// One node: a kubelet with the node's own certificate identity, ready once its Node is registered.
ComponentSpec kubeletComponent(const NodeConfig& node, const ClusterConfig& config, const StateDirectory& state,
                               const std::filesystem::path& binaries) {
  const int index = node.index;
  std::string port = std::to_string(config.ports.at(kKubeletHealthzPort));
  ComponentSpec spec;
  spec.name = kubeletComponentName(index);
  spec.executable = binaries / "kubelab-kubelet";
  spec.arguments = {"--kubeconfig", state.componentKubeconfigFile(pki::nodeClientIdentity(nodeName(index)).fileBaseName).string(),
                    "--hostname-override", nodeName(index),
                    "--node-ip", nodeAddress(index),
                    "--pod-cidr", nodePodCidr(index),
                    "--healthz-port", port,
                    "--runtime", config.runtime};
  const std::filesystem::path pki = state.pkiDirectory();
  const pki::CertificateFiles serving =
      pki::certificateFiles(pki, pki::kubeletServingIdentity(nodeName(index), nodeAddress(index)).fileBaseName);
  spec.arguments.insert(spec.arguments.end(), {"--port", std::to_string(config.ports.at(kKubeletPort)),
                                               "--tls-cert-file", serving.certificate.string(),
                                               "--tls-private-key-file", serving.privateKey.string(),
                                               "--client-ca-file", (pki / "ca.crt").string()});
  // The process runtime keeps each node's pod sandboxes, logs and volumes in the cluster's state.
  if (config.runtime == "process") {
    spec.arguments.insert(spec.arguments.end(), {"--root-dir", (state.root() / "nodes" / nodeName(index)).string()});
  }
  addNodePoolArguments(node, config, spec.arguments);
  spec.logFile = state.logFile(spec.name);
  spec.readiness = ReadinessCheck{"http://" + nodeAddress(index) + ":" + port + "/healthz", {}, "ok"};
  spec.endpoint = nodeAddress(index);
  return spec;
}

// The node's Service proxy, ready once its informers have synced (/healthz on the node's own
// address, on the cluster's proxy-healthz port; kube-proxy's 10256 for clusters made before it).
ComponentSpec proxyComponent(int index, const ClusterConfig& config, const StateDirectory& state,
                             const std::filesystem::path& binaries) {
  const std::string port =
      std::to_string(config.ports.contains(kProxyHealthzPort) ? config.ports.at(kProxyHealthzPort) : 10256);
  ComponentSpec spec;
  spec.name = proxyComponentName(index);
  spec.executable = binaries / "kubelab-proxy";
  spec.arguments = {"--kubeconfig", state.componentKubeconfigFile("kube-proxy").string(), "--hostname-override",
                    nodeName(index), "--bind-address", nodeAddress(index), "--healthz-bind-address",
                    nodeAddress(index) + ":" + port};
  spec.logFile = state.logFile(spec.name);
  spec.readiness = ReadinessCheck{"http://" + nodeAddress(index) + ":" + port + "/healthz", {}, "ok"};
  return spec;
}

}  // namespace

std::string nodeName(int index) { return "node-" + std::to_string(index); }
std::string nodeAddress(int index) { return "127.10." + std::to_string(index) + ".1"; }
std::string nodePodCidr(int index) { return "127.10." + std::to_string(index) + ".0/24"; }
std::string kubeletComponentName(int index) { return "kubelet-" + nodeName(index); }
std::string proxyComponentName(int index) { return "proxy-" + nodeName(index); }

std::vector<std::string> requiredPortRoles(const ClusterConfig& /*config*/) {
  return {kStorePort, kApiServerPort, kKubeletHealthzPort, kKubeletPort, kProxyHealthzPort};
}

Result<std::vector<ComponentSpec>> clusterComponents(const ClusterConfig& config, const StateDirectory& state,
                                                     const std::filesystem::path& binaryDirectory) {
  for (const std::string& role : requiredPortRoles(config)) {
    // A cluster made before the proxies had a port of their own uses kube-proxy's 10256.
    if (!config.ports.contains(role) && role != kProxyHealthzPort) {
      return invalid("cluster \"" + config.name + "\" has no port for " + role + " in " +
                     state.clusterFile().string());
    }
  }
  std::vector<ComponentSpec> components{
      storeComponent(config.ports.at(kStorePort), state, binaryDirectory),
      apiServerComponent(config, state, binaryDirectory),
      controlLoopComponent(kSchedulerComponent, "kubelab-scheduler", "kube-scheduler", state, binaryDirectory),
      controlLoopComponent(kControllerManagerComponent, "kubelab-controller-manager", "kube-controller-manager", state,
                           binaryDirectory),
      controlLoopComponent(kCloudControllerManagerComponent, "kubelab-cloud-controller-manager",
                           "cloud-controller-manager", state, binaryDirectory)};
  // The cloud controller asks the supervisor which nodes exist, as a cloud's API is asked.
  components.back().arguments.insert(components.back().arguments.end(),
                                     {"--cloud-provider-socket", state.controlSocketFile().string(), "--cluster-name",
                                      config.name});
  for (const NodeConfig& node : clusterNodes(config)) {
    for (ComponentSpec& spec : nodeComponents(node, config, state, binaryDirectory)) components.push_back(std::move(spec));
  }
  // Everything after the scheduler needs only the API server, so it all starts with the
  // scheduler (each control loop counts as ready after a moment; kubelets once registered).
  for (std::size_t index = 3; index < components.size(); ++index) components[index].startsWithPrevious = true;
  return components;
}

std::vector<ComponentSpec> nodeComponents(const NodeConfig& node, const ClusterConfig& config,
                                          const StateDirectory& state, const std::filesystem::path& binaryDirectory) {
  std::vector<ComponentSpec> components{kubeletComponent(node, config, state, binaryDirectory),
                                        proxyComponent(node.index, config, state, binaryDirectory)};
  for (ComponentSpec& component : components) component.partOfNode = true;
  return components;
}

std::vector<std::string> clusterComponentNames(const ClusterConfig& config) {
  std::vector<std::string> names{kStoreComponent, kApiServerComponent, kSchedulerComponent,
                                 kControllerManagerComponent, kCloudControllerManagerComponent};
  for (const NodeConfig& node : clusterNodes(config)) {
    names.push_back(kubeletComponentName(node.index));
    names.push_back(proxyComponentName(node.index));
  }
  return names;
}

std::string apiServerUrl(const ClusterConfig& config) {
  return "https://127.0.0.1:" + std::to_string(config.ports.at(kApiServerPort));
}

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
