#pragma once
// Certificates as kubeadm's certs phase makes them: a self-signed cluster CA, and serving and
// client certificates it signs. Everything crosses this header as PEM text, the form that
// files, kubeconfigs and TLS libraries share.
//
// ECDSA P-256 is the default key type: Go's crypto/tls (kubectl, client-go), Python's ssl
// and curl all accept it, and a key takes about a millisecond to generate where RSA 2048
// takes tens, which matters for a cluster that should start in a second. RSA 2048
// (kubeadm's default) is there for tools that need it.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "pki/subject.h"

namespace kubelab::pki {

enum class KeyAlgorithm { EcdsaP256, Rsa2048 };

// kubeadm's lifetimes: ten years for the CA, one year for what it signs.
inline constexpr std::chrono::hours authorityValidity{24 * 365 * 10};
inline constexpr std::chrono::hours leafValidity{24 * 365};

struct CertificateAndKey {
  std::string certificatePem;
  std::string privateKeyPem;  // PKCS#8
};

// What a leaf certificate says. `hosts` become the subjectAltName: each entry is an IPv4 or
// IPv6 address, or a DNS name (letters, digits, '-', '.', and an optional leading "*.").
struct CertificateSpec {
  Subject subject;
  std::vector<std::string> hosts;
  bool serverAuth = false;
  bool clientAuth = false;
  std::chrono::hours validity = leafValidity;
  KeyAlgorithm keyAlgorithm = KeyAlgorithm::EcdsaP256;
};

// A new self-signed CA (basicConstraints CA:TRUE, keyCertSign) with a fresh key.
Result<CertificateAndKey> createCertificateAuthority(std::string_view commonName,
                                                     KeyAlgorithm keyAlgorithm = KeyAlgorithm::EcdsaP256);

// A new key and a certificate for it signed by `authority`. Its expiry never passes the CA's.
Result<CertificateAndKey> issueCertificate(const CertificateAndKey& authority, const CertificateSpec& spec);

// What a certificate says, for reuse decisions, diagnostics and tests.
struct CertificateInfo {
  Subject subject;
  Subject issuer;
  std::vector<std::string> dnsNames;
  std::vector<std::string> ipAddresses;  // in text form: "127.0.0.1", "::1"
  bool isAuthority = false;
  bool serverAuth = false;
  bool clientAuth = false;
  std::chrono::system_clock::time_point notBefore;
  std::chrono::system_clock::time_point notAfter;
};

Result<CertificateInfo> inspectCertificate(std::string_view certificatePem);

// The subject's CN and O list: the user name and groups Kubernetes authenticates.
Result<Subject> readSubject(std::string_view certificatePem);

// Ok when the private key belongs to the certificate; Invalid otherwise.
Status checkKeyMatches(const CertificateAndKey& pair);

// Ok when `authorityCertificatePem` issued and signed the certificate; Invalid otherwise.
Status checkSignedBy(std::string_view certificatePem, std::string_view authorityCertificatePem);

// Whether the certificate's subjectAltName covers `host` (an IP address or DNS name), as a
// TLS client checking the server's name would decide.
Result<bool> certificateCoversHost(std::string_view certificatePem, std::string_view host);

}  // namespace kubelab::pki
