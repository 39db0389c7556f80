#include "supervisor/clustercredentials.h"

#include "pki/clusterpki.h"
#include "pki/pemfiles.h"
#include "supervisor/clustercomponents.h"
#include "supervisor/kubeconfigfile.h"

namespace kubelab::supervisor {

namespace fs = std::filesystem;

namespace {

constexpr const char* kAdministrator = "admin";

// The components that talk to the API server with certificates of their own, as kubeadm's
// scheduler.conf and controller-manager.conf.
const char* const kComponentIdentities[] = {"kube-scheduler", "kube-controller-manager", "cloud-controller-manager",
                                            "kube-proxy"};

Result<KubeconfigEntry> clientEntry(const StateDirectory& state, const ClusterConfig& config,
                                    const std::string& identity) {
  if (!config.ports.contains(kApiServerPort)) {
    return invalid("cluster \"" + config.name + "\" has no apiserver port in " + state.clusterFile().string());
  }
  const fs::path pki = state.pkiDirectory();
  pki::CertificateFiles client = pki::certificateFiles(pki, identity);
  Result<std::string> authority = pki::readTextFile(pki::certificateFiles(pki, "ca").certificate);
  if (!authority) return authority.status();
  Result<std::string> certificate = pki::readTextFile(client.certificate);
  if (!certificate) return certificate.status();
  Result<std::string> key = pki::readTextFile(client.privateKey);
  if (!key) return key.status();
  return KubeconfigEntry{kubeconfigEntryName(config.name), apiServerUrl(config), *std::move(authority),
                         *std::move(certificate), *std::move(key)};
}

Result<KubeconfigEntry> administratorEntry(const StateDirectory& state, const ClusterConfig& config) {
  return clientEntry(state, config, kAdministrator);
}

}  // namespace

std::string kubeconfigEntryName(std::string_view clusterName) { return "kubelab-" + std::string(clusterName); }

Status prepareClusterCredentials(const StateDirectory& state, const ClusterConfig& config) {
  pki::ClusterPkiOptions options;
  options.extraApiServerHosts = {kKubernetesServiceIp};
  std::vector<std::string> identities(std::begin(kComponentIdentities), std::end(kComponentIdentities));
  // Each node's kubelet authenticates as system:node:<node> in group system:nodes.
  for (const NodeConfig& node : clusterNodes(config)) {
    options.extraClients.push_back(pki::nodeClientIdentity(nodeName(node.index)));
    identities.push_back(options.extraClients.back().fileBaseName);
    // Its API (logs, exec, stats) serves a certificate for the node's address and name.
    options.extraServers.push_back(pki::kubeletServingIdentity(nodeName(node.index), nodeAddress(node.index)));
  }
  Result<pki::ClusterPki> certificates = pki::ensureClusterPki(state.pkiDirectory(), options);
  if (!certificates) return certificates.status();
  Result<KubeconfigEntry> entry = administratorEntry(state, config);
  if (!entry) return entry.status();
  KUBELAB_RETURN_IF_ERROR(writeKubeconfig(state.kubeconfigFile(), *entry));
  for (const std::string& identity : identities) {
    Result<KubeconfigEntry> component = clientEntry(state, config, identity);
    if (!component) return component.status();
    std::error_code error;
    fs::create_directories(state.componentKubeconfigFile(identity).parent_path(), error);
    if (error) return internalError("cannot create " + state.componentKubeconfigFile(identity).parent_path().string());
    KUBELAB_RETURN_IF_ERROR(writeKubeconfig(state.componentKubeconfigFile(identity), *component));
  }
  return Status::ok();
}

Result<fs::path> exportToUserKubeconfig(const StateDirectory& state, const ClusterConfig& config) {
  Result<KubeconfigEntry> entry = administratorEntry(state, config);
  if (!entry) return entry.status();
  Result<fs::path> file = userKubeconfigForMerge();
  if (!file) return file.status();
  KUBELAB_RETURN_IF_ERROR(mergeIntoKubeconfig(*file, *entry));
  return file;
}

Result<std::vector<fs::path>> removeFromUserKubeconfig(std::string_view clusterName) {
  Result<std::vector<fs::path>> files = userKubeconfigPaths();
  if (!files) return files.status();
  std::vector<fs::path> changed;
  for (const fs::path& file : *files) {
    Result<bool> removed = removeFromKubeconfig(file, kubeconfigEntryName(clusterName));
    if (!removed) return removed.status();
    if (*removed) changed.push_back(file);
  }
  return changed;
}

}  // namespace kubelab::supervisor
