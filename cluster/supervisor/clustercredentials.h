#pragma once
// A cluster's certificates and kubeconfigs: what `up` prepares before the API server starts
// (the CA and every certificate, in <state>/pki), the administrator's kubeconfig it hands the
// user (<state>/kubeconfig), and the context it merges into the user's kubeconfig and
// `down --purge` takes out again, as kind and minikube do.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "supervisor/clusterconfig.h"
#include "supervisor/statedirectory.h"

namespace kubelab::supervisor {

// "kubelab-<cluster>": the name of the cluster, user and context in every kubeconfig.
std::string kubeconfigEntryName(std::string_view clusterName);

// Creates the CA and certificates that are missing (reusing the rest, so a resumed cluster
// keeps its CA and old kubeconfigs stay valid) and writes <state>/kubeconfig, mode 0600, for
// the administrator (CN kubernetes-admin, O system:masters). Needs the apiserver port.
Status prepareClusterCredentials(const StateDirectory& state, const ClusterConfig& config);

// Merges the administrator's entry into the user's kubeconfig (userKubeconfigForMerge()) and
// makes it the current context. Returns the file it changed.
Result<std::filesystem::path> exportToUserKubeconfig(const StateDirectory& state, const ClusterConfig& config);

// Takes the cluster's entry out of every file of the user's kubeconfig list. Returns the
// files that changed.
Result<std::vector<std::filesystem::path>> removeFromUserKubeconfig(std::string_view clusterName);

}  // namespace kubelab::supervisor
