#pragma once
// Kubeconfig files, written as kind and minikube write theirs: the cluster's own file, and its
// entry merged into the user's ~/.kube/config (or $KUBECONFIG) so that
// `kubectl --context kubelab-<name>` just works. yaml-cpp stays behind this header, and the
// exceptions it throws stop here.
//
// Merging keeps everything else in the user's file: other clusters, users, contexts,
// preferences, extensions, even fields this code has never heard of. Comments are lost, as
// they are when kubectl itself rewrites the file.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kubelab::supervisor {

// One cluster's entry: a cluster, a user and a context, all called `name` as kind names its
// ("kind-<cluster>"). The PEM texts go into the file base64-encoded (the *-data fields), so
// the file works wherever it is copied.
struct KubeconfigEntry {
  std::string name;
  std::string server;  // https://127.0.0.1:6443
  std::string certificateAuthorityPem;
  std::string clientCertificatePem;
  std::string clientKeyPem;
};

// The YAML of a kubeconfig that holds only `entry`, with it as the current context.
Result<std::string> renderKubeconfig(const KubeconfigEntry& entry);

// Writes a kubeconfig that holds only `entry`, atomically and with mode 0600, since it holds a
// private key.
Status writeKubeconfig(const std::filesystem::path& file, const KubeconfigEntry& entry);

// Puts `entry` into the kubeconfig at `file` and makes it the current context, as
// `kind export kubeconfig` does: replaces a cluster, user and context of the same name, keeps
// everything else, and keeps the file's mode (a new file gets 0600, and missing directories
// are created). Invalid, leaving the file alone, when it is not a kubeconfig.
Status mergeIntoKubeconfig(const std::filesystem::path& file, const KubeconfigEntry& entry);

// Removes the cluster, user and context called `name`, and unsets current-context when it
// named them, as `kind delete cluster` does. Returns whether the file changed; a missing
// file holds nothing to remove.
Result<bool> removeFromKubeconfig(const std::filesystem::path& file, std::string_view name);

// The user's kubeconfig files as kubectl finds them: $KUBECONFIG's paths (':'-separated,
// empty and repeated ones dropped) when set, otherwise ~/.kube/config.
Result<std::vector<std::filesystem::path>> userKubeconfigPaths();

// The file of userKubeconfigPaths() that kubectl (and kind) write new entries to: the only
// one, or else the first that exists, or else the last.
Result<std::filesystem::path> userKubeconfigForMerge();

}  // namespace kubelab::supervisor
