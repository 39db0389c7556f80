#include "pki/pemfiles.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kubelab::pki {

namespace {

Status systemFailure(std::string_view what, const std::filesystem::path& path) {
  return internalError(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int descriptor) : descriptor_(descriptor) {}
  ~FileDescriptor() {
    if (descriptor_ >= 0) ::close(descriptor_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return descriptor_; }
  int release() { return std::exchange(descriptor_, -1); }

 private:
  int descriptor_;
};

Status writeAll(int descriptor, std::string_view contents, const std::filesystem::path& path) {
  while (!contents.empty()) {
    const ssize_t written = ::write(descriptor, contents.data(), contents.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return systemFailure("cannot write", path);
    contents.remove_prefix(static_cast<std::size_t>(written));
  }
  return Status::ok();
}

// The rename is durable only once the directory itself is on disk.
void syncDirectory(const std::filesystem::path& directory) {
  FileDescriptor descriptor(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (descriptor.get() >= 0) ::fsync(descriptor.get());
}

}  // namespace

Status writeFileAtomically(const std::filesystem::path& path, std::string_view contents, mode_t mode) {
  const std::filesystem::path temporary = path.string() + ".tmp." + std::to_string(::getpid());
  FileDescriptor descriptor(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode));
  if (descriptor.get() < 0) return systemFailure("cannot create", temporary);
  // The umask may have taken bits away, and a stale temporary file may have had others.
  Status status = ::fchmod(descriptor.get(), mode) == 0 ? Status::ok() : systemFailure("cannot chmod", temporary);
  if (status) status = writeAll(descriptor.get(), contents, temporary);
  if (status && ::fsync(descriptor.get()) != 0) status = systemFailure("cannot fsync", temporary);
  if (status && ::close(descriptor.release()) != 0) status = systemFailure("cannot close", temporary);
  if (status && ::rename(temporary.c_str(), path.c_str()) != 0) status = systemFailure("cannot rename onto", path);
  if (!status) {
    ::unlink(temporary.c_str());
    return status;
  }
  syncDirectory(path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path());
  return Status::ok();
}

Result<std::string> readTextFile(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return notFound("no such file: " + path.string());
  std::ifstream input(path, std::ios::binary);
  if (!input) return internalError("cannot open " + path.string());
  std::ostringstream contents;
  contents << input.rdbuf();
  if (input.bad()) return internalError("cannot read " + path.string());
  return contents.str();
}

Status writeCertificateAndKey(const CertificateFiles& files, const CertificateAndKey& pair) {
  KUBELAB_RETURN_IF_ERROR(writeFileAtomically(files.privateKey, pair.privateKeyPem, privateKeyFileMode));
  return writeFileAtomically(files.certificate, pair.certificatePem, certificateFileMode);
}

Result<CertificateAndKey> loadCertificateAndKey(const CertificateFiles& files) {
  auto certificate = readTextFile(files.certificate);
  if (!certificate) return certificate.status();
  auto key = readTextFile(files.privateKey);
  if (!key) return key.status();
  CertificateAndKey pair{*std::move(certificate), *std::move(key)};
  if (Status matches = checkKeyMatches(pair); !matches) {
    return invalid(files.certificate.string() + " and " + files.privateKey.string() + ": " + matches.message());
  }
  return pair;
}

}  // namespace kubelab::pki
