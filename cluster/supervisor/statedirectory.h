#pragma once
// Where one cluster keeps its state, and the name of every file inside it. kubelabctl, the
// supervisor daemon and (later) the desktop app and API server all find files through here,
// so the layout is written down in one place.
//
//   <root>/cluster.json        name, node count, the ports chosen at the first `up`
//   <root>/status.json         written by the running supervisor on every change
//   <root>/supervisor.pid      locked by the running supervisor (see pidfile.h)
//   <root>/supervisor.sock     the running supervisor's control socket (controlchannel.h)
//   <root>/store/              the store's --data-dir
//   <root>/pki/                CA, serving and client certificates (see pki/clusterpki.h)
//   <root>/logs/<component>.log
//   <root>/kubeconfig          the administrator's kubeconfig, mode 0600
//   <root>/kubeconfigs/<identity>.conf  each component's own kubeconfig, mode 0600

#include <filesystem>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kubelab::supervisor {

inline constexpr std::string_view kDefaultClusterName = "kubelab";

// Cluster names become directory names and, later, kubeconfig context names
// ("kubelab-<name>"), so they follow the DNS-label rules Kubernetes names use.
Status validateClusterName(std::string_view name);

// $XDG_DATA_HOME/kubelab/clusters, with XDG_DATA_HOME defaulting to ~/.local/share as the
// XDG base directory specification says.
Result<std::filesystem::path> defaultClustersDirectory();

class StateDirectory {
 public:
  explicit StateDirectory(std::filesystem::path root);

  // The default directory of the cluster called `name`.
  static Result<StateDirectory> forClusterName(std::string_view name);

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path clusterFile() const { return root_ / "cluster.json"; }
  std::filesystem::path statusFile() const { return root_ / "status.json"; }
  std::filesystem::path pidFile() const { return root_ / "supervisor.pid"; }
  // The running supervisor's control socket (controlchannel.h), mode 0600.
  std::filesystem::path controlSocketFile() const { return root_ / "supervisor.sock"; }
  std::filesystem::path storeDataDirectory() const { return root_ / "store"; }
  std::filesystem::path pkiDirectory() const { return root_ / "pki"; }
  std::filesystem::path logsDirectory() const { return root_ / "logs"; }
  std::filesystem::path logFile(std::string_view component) const;
  std::filesystem::path kubeconfigFile() const { return root_ / "kubeconfig"; }
  // A component's kubeconfig, with its own client certificate ("kube-scheduler").
  std::filesystem::path componentKubeconfigFile(std::string_view identity) const {
    return root_ / "kubeconfigs" / (std::string(identity) + ".conf");
  }

  // A cluster exists once its cluster.json has been written.
  bool holdsCluster() const;
  // Creates the directory, readable only by the user since it will hold keys, and logs/.
  // Conflict when the directory exists with other things in it.
  Status create() const;

 private:
  std::filesystem::path root_;
};

}  // namespace kubelab::supervisor
