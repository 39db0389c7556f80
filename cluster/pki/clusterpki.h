#pragma once
// A cluster's certificates in one directory, laid out as kubeadm's /etc/kubernetes/pki:
//
//   ca.crt, ca.key                   the cluster CA (CN=kubernetes), ten years
//   apiserver.crt, apiserver.key     the API server's serving certificate, one year
//   <name>.crt, <name>.key           client certificates: CN is the user, O the groups
//
// ensureClusterPki creates what is missing and reuses what is there, so a cluster that
// restarts keeps its CA and every kubeconfig written for it stays valid. A leaf certificate
// is issued again when it is missing, unreadable, not signed by the CA, says something else
// than asked (subject, usage, names), or is near its expiry. The CA is never replaced once
// ca.crt exists: clients trust it, so a broken CA is an error to report, not to paper over.
// Calls on the same directory from several processes are serialized by a lock file.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "pki/certificate.h"
#include "pki/pemfiles.h"

namespace kubelab::pki {

// A client certificate to keep in the directory as <fileBaseName>.crt and .key.
struct ClientIdentity {
  std::string fileBaseName;  // letters, digits, '.', '_', '-'
  Subject subject;
};

// A serving certificate to keep in the directory as <fileBaseName>.crt and .key, naming
// `hosts` (IP addresses or DNS names) in its subjectAltName.
struct ServerIdentity {
  std::string fileBaseName;
  Subject subject;
  std::vector<std::string> hosts;
};

// A kubelet's serving certificate for its API (logs, exec, stats): kubelet-serving-<node>,
// CN=system:node:<node>, O=system:nodes, for the node's address and name.
ServerIdentity kubeletServingIdentity(std::string_view nodeName, std::string_view nodeAddress);

// One identity per control-plane component, as Kubernetes' default RBAC names them, and
// the administrator (system:masters, the group RBAC cannot restrict):
//   admin                     CN=kubernetes-admin, O=system:masters
//   kube-scheduler            CN=system:kube-scheduler
//   kube-controller-manager   CN=system:kube-controller-manager
//   cloud-controller-manager  CN=system:cloud-controller-manager
//   kube-proxy                CN=system:kube-proxy
//   apiserver-kubelet-client  CN=kube-apiserver-kubelet-client, O=system:masters
std::vector<ClientIdentity> defaultClientIdentities();

// A kubelet's identity for the Node authorizer: kubelet-<node>, CN=system:node:<node>,
// O=system:nodes.
ClientIdentity nodeClientIdentity(std::string_view nodeName);

// The API server's subjectAltNames: localhost, kubernetes, kubernetes.default,
// kubernetes.default.svc, kubernetes.default.svc.cluster.local, 127.0.0.1, then `extraHosts`
// (the Service IP of "kubernetes", other addresses it listens on), without duplicates.
std::vector<std::string> apiServerHosts(const std::vector<std::string>& extraHosts);

struct ClusterPkiOptions {
  std::vector<std::string> extraApiServerHosts;
  std::vector<ClientIdentity> extraClients;  // e.g. the nodes known at creation
  std::vector<ServerIdentity> extraServers;  // e.g. each node's kubelet
  KeyAlgorithm keyAlgorithm = KeyAlgorithm::EcdsaP256;
};

struct ClusterPki {
  std::filesystem::path directory;
  CertificateFiles authority;
  CertificateFiles apiServer;
  std::map<std::string, CertificateFiles> clients;  // by file base name: "admin", "kube-scheduler", ...
};

// The file names ensureClusterPki uses, for callers that only read.
CertificateFiles certificateFiles(const std::filesystem::path& directory, std::string_view fileBaseName);

Result<ClusterPki> ensureClusterPki(const std::filesystem::path& directory, const ClusterPkiOptions& options = {});

// One more client certificate signed by the directory's existing CA (NotFound when there is
// none yet), with the same reuse rules: for a node that joins an existing cluster.
Result<CertificateFiles> ensureClientCertificate(const std::filesystem::path& directory,
                                                 const ClientIdentity& identity,
                                                 KeyAlgorithm keyAlgorithm = KeyAlgorithm::EcdsaP256);

}  // namespace kubelab::pki
