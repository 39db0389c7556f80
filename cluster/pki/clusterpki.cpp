#include "pki/clusterpki.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "common/logging.h"

namespace kubelab::pki {

namespace {

constexpr std::string_view authorityName = "ca";
constexpr std::string_view apiServerName = "apiserver";
constexpr std::string_view authorityCommonName = "kubernetes";
constexpr std::string_view apiServerCommonName = "kube-apiserver";
constexpr std::chrono::hours longestRenewalWindow{24 * 30};

// Holds an exclusive flock on <directory>/pki.lock, so that two processes setting up the
// same cluster cannot both create a CA and leave certificates signed by the loser.
class DirectoryLock {
 public:
  static Result<DirectoryLock> acquire(const std::filesystem::path& directory) {
    const auto path = directory / "pki.lock";
    int descriptor = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (descriptor < 0) return internalError("cannot open " + path.string() + ": " + std::strerror(errno));
    while (::flock(descriptor, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      const std::string reason = std::strerror(errno);
      ::close(descriptor);
      return internalError("cannot lock " + path.string() + ": " + reason);
    }
    return DirectoryLock(descriptor);
  }
  DirectoryLock(DirectoryLock&& other) noexcept : descriptor_(std::exchange(other.descriptor_, -1)) {}
  DirectoryLock& operator=(DirectoryLock&&) = delete;
  ~DirectoryLock() {
    if (descriptor_ >= 0) ::close(descriptor_);  // closing releases the lock
  }

 private:
  explicit DirectoryLock(int descriptor) : descriptor_(descriptor) {}
  int descriptor_;
};

bool isValidFileBaseName(std::string_view name) {
  return !name.empty() && name.front() != '.' && std::all_of(name.begin(), name.end(), [](char character) {
    return std::isalnum(static_cast<unsigned char>(character)) || character == '.' || character == '_' ||
           character == '-';
  });
}

Status prepareDirectory(const std::filesystem::path& directory) {
  std::error_code error;
  if (std::filesystem::create_directories(directory, error)) {
    // Only the owner needs the keys, and only the owner should list them.
    std::filesystem::permissions(directory, std::filesystem::perms::owner_all, error);
  }
  if (error) return internalError("cannot create " + directory.string() + ": " + error.message());
  return Status::ok();
}

// A key file someone made readable to others is tightened rather than refused: the
// certificate is still good, and refusing would stop the cluster for a mode bit.
void tightenKeyFileMode(const std::filesystem::path& keyFile) {
  struct stat status{};
  if (::stat(keyFile.c_str(), &status) != 0 || (status.st_mode & 0077) == 0) return;
  log::warning("pki: ", keyFile.string(), " was readable by others; setting its mode to 0600");
  ::chmod(keyFile.c_str(), privateKeyFileMode);
}

Result<CertificateAndKey> ensureAuthority(const std::filesystem::path& directory, KeyAlgorithm keyAlgorithm) {
  const CertificateFiles files = certificateFiles(directory, authorityName);
  std::error_code error;
  if (std::filesystem::exists(files.certificate, error)) {
    auto existing = loadCertificateAndKey(files);
    if (!existing) {
      return Status(existing.status().code() == StatusCode::NotFound ? StatusCode::Invalid : existing.status().code(),
                    "the cluster CA in " + directory.string() + " is unusable (" + existing.status().message() +
                        "); remove the directory to start a new cluster");
    }
    auto info = inspectCertificate(existing->certificatePem);
    if (!info) return info.status();
    if (!info->isAuthority) return invalid(files.certificate.string() + " is not a CA certificate");
    if (info->notAfter <= std::chrono::system_clock::now()) {
      return invalid("the cluster CA " + files.certificate.string() + " has expired");
    }
    tightenKeyFileMode(files.privateKey);
    return existing;
  }
  // No ca.crt means no client can trust this CA yet, so a lone ca.key (a crash between
  // the two writes) is safe to replace.
  auto created = createCertificateAuthority(authorityCommonName, keyAlgorithm);
  if (!created) return created.status();
  KUBELAB_RETURN_IF_ERROR(writeCertificateAndKey(files, *created));
  log::info("pki: created the cluster CA in ", directory.string());
  return created;
}

// Why the leaf on disk cannot be kept, or "" when it can.
std::string reasonToReissue(const CertificateFiles& files, const CertificateAndKey& authority,
                            const CertificateSpec& spec) {
  auto existing = loadCertificateAndKey(files);
  if (!existing) return existing.status().message();
  if (Status signedBy = checkSignedBy(existing->certificatePem, authority.certificatePem); !signedBy) {
    return signedBy.message();
  }
  auto info = inspectCertificate(existing->certificatePem);
  if (!info) return info.status().message();
  if (info->subject != spec.subject) return "its subject differs";
  if (info->serverAuth != spec.serverAuth || info->clientAuth != spec.clientAuth) return "its key usage differs";
  for (const auto& host : spec.hosts) {
    auto covered = certificateCoversHost(existing->certificatePem, host);
    if (!covered || !*covered) return "it does not cover " + host;
  }
  const auto renewalWindow = std::min<std::chrono::system_clock::duration>(longestRenewalWindow, spec.validity / 3);
  if (info->notAfter - std::chrono::system_clock::now() < renewalWindow) return "it expires soon";
  return {};
}

Status ensureLeaf(const std::filesystem::path& directory, std::string_view fileBaseName,
                  const CertificateAndKey& authority, const CertificateSpec& spec) {
  if (!isValidFileBaseName(fileBaseName)) return invalid("not a valid certificate name: \"" + std::string(fileBaseName) + "\"");
  const CertificateFiles files = certificateFiles(directory, fileBaseName);
  std::error_code error;
  if (std::filesystem::exists(files.certificate, error)) {
    const std::string reason = reasonToReissue(files, authority, spec);
    if (reason.empty()) {
      tightenKeyFileMode(files.privateKey);
      return Status::ok();
    }
    log::info("pki: issuing ", files.certificate.string(), " again: ", reason);
  }
  auto issued = issueCertificate(authority, spec);
  if (!issued) return issued.status();
  return writeCertificateAndKey(files, *issued);
}

CertificateSpec clientSpec(const ClientIdentity& identity, KeyAlgorithm keyAlgorithm) {
  CertificateSpec spec;
  spec.subject = identity.subject;
  spec.clientAuth = true;
  spec.keyAlgorithm = keyAlgorithm;
  return spec;
}

}  // namespace

std::vector<ClientIdentity> defaultClientIdentities() {
  return {
      {"admin", {"kubernetes-admin", {"system:masters"}}},
      {"kube-scheduler", {"system:kube-scheduler", {}}},
      {"kube-controller-manager", {"system:kube-controller-manager", {}}},
      {"cloud-controller-manager", {"system:cloud-controller-manager", {}}},
      {"kube-proxy", {"system:kube-proxy", {}}},
      {"apiserver-kubelet-client", {"kube-apiserver-kubelet-client", {"system:masters"}}},
  };
}

ServerIdentity kubeletServingIdentity(std::string_view nodeName, std::string_view nodeAddress) {
  return {"kubelet-serving-" + std::string(nodeName),
          {"system:node:" + std::string(nodeName), {"system:nodes"}},
          {std::string(nodeAddress), std::string(nodeName)}};
}

ClientIdentity nodeClientIdentity(std::string_view nodeName) {
  return {"kubelet-" + std::string(nodeName), {"system:node:" + std::string(nodeName), {"system:nodes"}}};
}

std::vector<std::string> apiServerHosts(const std::vector<std::string>& extraHosts) {
  std::vector<std::string> hosts = {"localhost",
                                    "kubernetes",
                                    "kubernetes.default",
                                    "kubernetes.default.svc",
                                    "kubernetes.default.svc.cluster.local",
                                    "127.0.0.1"};
  for (const auto& host : extraHosts) {
    if (std::find(hosts.begin(), hosts.end(), host) == hosts.end()) hosts.push_back(host);
  }
  return hosts;
}

CertificateFiles certificateFiles(const std::filesystem::path& directory, std::string_view fileBaseName) {
  const std::string base(fileBaseName);
  return {directory / (base + ".crt"), directory / (base + ".key")};
}

Result<ClusterPki> ensureClusterPki(const std::filesystem::path& directory, const ClusterPkiOptions& options) {
  KUBELAB_RETURN_IF_ERROR(prepareDirectory(directory));
  auto lock = DirectoryLock::acquire(directory);
  if (!lock) return lock.status();
  auto authority = ensureAuthority(directory, options.keyAlgorithm);
  if (!authority) return authority.status();

  ClusterPki pki;
  pki.directory = directory;
  pki.authority = certificateFiles(directory, authorityName);
  pki.apiServer = certificateFiles(directory, apiServerName);
  CertificateSpec serving;
  serving.subject = Subject{std::string(apiServerCommonName), {}};
  serving.hosts = apiServerHosts(options.extraApiServerHosts);
  serving.serverAuth = true;
  serving.keyAlgorithm = options.keyAlgorithm;
  KUBELAB_RETURN_IF_ERROR(ensureLeaf(directory, apiServerName, *authority, serving));

  auto clients = defaultClientIdentities();
  clients.insert(clients.end(), options.extraClients.begin(), options.extraClients.end());
  for (const auto& identity : clients) {
    KUBELAB_RETURN_IF_ERROR(ensureLeaf(directory, identity.fileBaseName, *authority, clientSpec(identity, options.keyAlgorithm)));
    pki.clients[identity.fileBaseName] = certificateFiles(directory, identity.fileBaseName);
  }
  for (const auto& identity : options.extraServers) {
    CertificateSpec spec;
    spec.subject = identity.subject;
    spec.hosts = identity.hosts;
    spec.serverAuth = true;
    spec.keyAlgorithm = options.keyAlgorithm;
    KUBELAB_RETURN_IF_ERROR(ensureLeaf(directory, identity.fileBaseName, *authority, spec));
  }
  return pki;
}

Result<CertificateFiles> ensureClientCertificate(const std::filesystem::path& directory,
                                                 const ClientIdentity& identity, KeyAlgorithm keyAlgorithm) {
  std::error_code error;
  if (!std::filesystem::exists(certificateFiles(directory, authorityName).certificate, error)) {
    return notFound("no cluster CA in " + directory.string());
  }
  auto lock = DirectoryLock::acquire(directory);
  if (!lock) return lock.status();
  auto authority = ensureAuthority(directory, keyAlgorithm);
  if (!authority) return authority.status();
  KUBELAB_RETURN_IF_ERROR(ensureLeaf(directory, identity.fileBaseName, *authority, clientSpec(identity, keyAlgorithm)));
  return certificateFiles(directory, identity.fileBaseName);
}

}  // namespace kubelab::pki
