#pragma once
// Certificates and keys on disk, as PEM files: certificates readable by all (0644), private
// keys by their owner only (0600). Writes are atomic (a temporary file renamed over the
// old one, after fsync), so a crash never leaves half a key behind.

#include <filesystem>
#include <string>
#include <string_view>
#include <sys/types.h>

#include "common/status.h"
#include "pki/certificate.h"

namespace kubelab::pki {

struct CertificateFiles {
  std::filesystem::path certificate;
  std::filesystem::path privateKey;
};

inline constexpr mode_t certificateFileMode = 0644;
inline constexpr mode_t privateKeyFileMode = 0600;

// Writes the key first and the certificate last: a certificate on disk always has its key.
Status writeCertificateAndKey(const CertificateFiles& files, const CertificateAndKey& pair);

// Reads both files and checks that the key belongs to the certificate. NotFound when either
// file is missing, Invalid when they do not parse or do not match.
Result<CertificateAndKey> loadCertificateAndKey(const CertificateFiles& files);

Result<std::string> readTextFile(const std::filesystem::path& path);
Status writeFileAtomically(const std::filesystem::path& path, std::string_view contents, mode_t mode);

}  // namespace kubelab::pki
