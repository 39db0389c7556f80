#include "pki/certificate.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>

#include "pki/opensslsupport.h"

namespace kubelab::pki {
using namespace detail;

namespace {

// Peers' clocks may run a little behind ours; a certificate valid from "now" would be
// refused by them for that long.
constexpr long clockSkewAllowanceSeconds = 5 * 60;
constexpr int serialNumberBits = 128;  // random, as Go and kubeadm do; fits X.509's 20 octets

Result<KeyPointer> generateKey(KeyAlgorithm algorithm) {
  KeyPointer key(algorithm == KeyAlgorithm::Rsa2048 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048})
                                                    : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return openSslFailure("cannot generate a private key");
  return key;
}

// Entries take UTF8String without OpenSSL's per-attribute length table, which caps a CN at
// 64 characters; Kubernetes node names (system:node:<name>) can be longer, and Go does not
// impose that cap either.
Status addNameEntry(X509_NAME* name, int nid, const std::string& value) {
  if (value.empty()) return invalid("empty subject attribute");
  if (X509_NAME_add_entry_by_NID(name, nid, V_ASN1_UTF8STRING, reinterpret_cast<const unsigned char*>(value.data()),
                                 static_cast<int>(value.size()), -1, 0) != 1) {
    return openSslFailure("cannot add a subject attribute");
  }
  return Status::ok();
}

Result<NamePointer> buildName(const Subject& subject) {
  NamePointer name(X509_NAME_new());
  if (!name) return openSslFailure("cannot allocate a name");
  // Organizations before the common name, the order Go writes them in.
  for (const auto& organization : subject.organizations) {
    KUBELAB_RETURN_IF_ERROR(addNameEntry(name.get(), NID_organizationName, organization));
  }
  KUBELAB_RETURN_IF_ERROR(addNameEntry(name.get(), NID_commonName, subject.commonName));
  return name;
}

Status setRandomSerialNumber(X509* certificate) {
  BigNumberPointer number(BN_new());
  if (!number || BN_rand(number.get(), serialNumberBits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ODD) != 1 ||
      !BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(certificate))) {
    return openSslFailure("cannot set a serial number");
  }
  return Status::ok();
}

Status setValidity(X509* certificate, std::chrono::hours validity, const X509* issuer) {
  const long seconds = static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(validity).count());
  if (!X509_gmtime_adj(X509_getm_notBefore(certificate), -clockSkewAllowanceSeconds) ||
      !X509_gmtime_adj(X509_getm_notAfter(certificate), seconds)) {
    return openSslFailure("cannot set the validity period");
  }
  // A certificate outliving its CA would only fail later, and more confusingly.
  if (issuer != nullptr && ASN1_TIME_compare(X509_get0_notAfter(certificate), X509_get0_notAfter(issuer)) > 0 &&
      X509_set1_notAfter(certificate, X509_get0_notAfter(issuer)) != 1) {
    return openSslFailure("cannot set the validity period");
  }
  return Status::ok();
}

// Adds an extension written in OpenSSL's configuration syntax. Only constant values go
// through here; names from callers are encoded by addSubjectAltNames instead.
Status addExtension(X509* certificate, X509V3_CTX& context, int nid, const char* value) {
  ExtensionPointer extension(X509V3_EXT_nconf_nid(nullptr, &context, nid, value));
  if (!extension || X509_add_ext(certificate, extension.get(), -1) != 1) {
    return openSslFailure(std::string("cannot add extension ") + OBJ_nid2sn(nid) + "=" + value);
  }
  return Status::ok();
}

bool isDnsName(std::string_view name) {
  if (name.starts_with("*.")) name.remove_prefix(2);
  if (name.empty() || name.size() > 253 || name.front() == '.' || name.back() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char character) {
    return std::isalnum(static_cast<unsigned char>(character)) || character == '-' || character == '.';
  });
}

Status addGeneralName(GENERAL_NAMES* names, const std::string& host) {
  std::array<unsigned char, 16> address{};
  int addressLength = 0;
  if (inet_pton(AF_INET, host.c_str(), address.data()) == 1) {
    addressLength = 4;
  } else if (inet_pton(AF_INET6, host.c_str(), address.data()) == 1) {
    addressLength = 16;
  } else if (!isDnsName(host)) {
    return invalid("not an IP address or DNS name: \"" + host + "\"");
  }
  GENERAL_NAME* name = GENERAL_NAME_new();
  if (name == nullptr) return openSslFailure("cannot allocate a subjectAltName entry");
  bool stored = false;
  if (addressLength > 0) {
    ASN1_OCTET_STRING* octets = ASN1_OCTET_STRING_new();
    stored = octets != nullptr && ASN1_OCTET_STRING_set(octets, address.data(), addressLength) == 1;
    if (octets != nullptr) GENERAL_NAME_set0_value(name, GEN_IPADD, octets);
  } else {
    ASN1_IA5STRING* text = ASN1_IA5STRING_new();
    stored = text != nullptr && ASN1_STRING_set(text, host.data(), static_cast<int>(host.size())) == 1;
    if (text != nullptr) GENERAL_NAME_set0_value(name, GEN_DNS, text);
  }
  if (!stored || sk_GENERAL_NAME_push(names, name) == 0) {
    GENERAL_NAME_free(name);
    return openSslFailure("cannot build a subjectAltName entry");
  }
  return Status::ok();
}

Status addSubjectAltNames(X509* certificate, const std::vector<std::string>& hosts) {
  if (hosts.empty()) return Status::ok();
  GeneralNamesPointer names(GENERAL_NAMES_new());
  if (!names) return openSslFailure("cannot allocate subjectAltName");
  for (const auto& host : hosts) KUBELAB_RETURN_IF_ERROR(addGeneralName(names.get(), host));
  if (X509_add1_ext_i2d(certificate, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1) {
    return openSslFailure("cannot add subjectAltName");
  }
  return Status::ok();
}

// keyEncipherment only means something for RSA key transport, so Go's own certificate
// helpers (and kubeadm through them) set it for RSA keys only.
const char* leafKeyUsage(const EVP_PKEY* key) {
  return EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA ? "critical,digitalSignature,keyEncipherment"
                                                   : "critical,digitalSignature";
}

Status addLeafExtensions(X509* certificate, X509* issuer, const CertificateSpec& spec, const EVP_PKEY* key) {
  if (!spec.serverAuth && !spec.clientAuth) return invalid("a certificate needs serverAuth, clientAuth or both");
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  const char* extendedUsage = spec.serverAuth && spec.clientAuth ? "serverAuth,clientAuth"
                              : spec.serverAuth                  ? "serverAuth"
                                                                 : "clientAuth";
  KUBELAB_RETURN_IF_ERROR(addExtension(certificate, context, NID_basic_constraints, "critical,CA:FALSE"));
  KUBELAB_RETURN_IF_ERROR(addExtension(certificate, context, NID_key_usage, leafKeyUsage(key)));
  KUBELAB_RETURN_IF_ERROR(addExtension(certificate, context, NID_ext_key_usage, extendedUsage));
  KUBELAB_RETURN_IF_ERROR(addExtension(certificate, context, NID_subject_key_identifier, "hash"));
  KUBELAB_RETURN_IF_ERROR(addExtension(certificate, context, NID_authority_key_identifier, "keyid:always"));
  return addSubjectAltNames(certificate, spec.hosts);
}

Result<std::string> toPem(X509* certificate) {
  BioPointer bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1) return openSslFailure("cannot encode a certificate");
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

Result<std::string> toPem(EVP_PKEY* key) {
  BioPointer bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return openSslFailure("cannot encode a private key");
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

// The fields every certificate shares; extensions and the signature come after.
Result<CertificatePointer> newCertificate(const Subject& subject, EVP_PKEY* key, std::chrono::hours validity,
                                          const X509* issuer) {
  CertificatePointer certificate(X509_new());
  if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1) {
    return openSslFailure("cannot allocate a certificate");
  }
  auto name = buildName(subject);
  if (!name) return name.status();
  KUBELAB_RETURN_IF_ERROR(setRandomSerialNumber(certificate.get()));
  KUBELAB_RETURN_IF_ERROR(setValidity(certificate.get(), validity, issuer));
  const X509_NAME* issuerName = issuer != nullptr ? X509_get_subject_name(issuer) : name->get();
  if (X509_set_subject_name(certificate.get(), name->get()) != 1 ||
      X509_set_issuer_name(certificate.get(), issuerName) != 1 || X509_set_pubkey(certificate.get(), key) != 1) {
    return openSslFailure("cannot fill in a certificate");
  }
  return certificate;
}

Result<CertificateAndKey> signAndEncode(X509* certificate, EVP_PKEY* signingKey, EVP_PKEY* subjectKey) {
  if (X509_sign(certificate, signingKey, EVP_sha256()) <= 0) return openSslFailure("cannot sign a certificate");
  auto certificatePem = toPem(certificate);
  if (!certificatePem) return certificatePem.status();
  auto keyPem = toPem(subjectKey);
  if (!keyPem) return keyPem.status();
  return CertificateAndKey{*std::move(certificatePem), *std::move(keyPem)};
}

std::chrono::system_clock::time_point toTimePoint(const ASN1_TIME* time) {
  std::tm parts{};
  if (ASN1_TIME_to_tm(time, &parts) != 1) return {};
  return std::chrono::system_clock::from_time_t(timegm(&parts));
}

std::string addressText(const ASN1_OCTET_STRING* octets) {
  char text[INET6_ADDRSTRLEN] = {};
  const int length = ASN1_STRING_length(octets);
  const int family = length == 4 ? AF_INET : length == 16 ? AF_INET6 : 0;
  if (family == 0 || inet_ntop(family, ASN1_STRING_get0_data(octets), text, sizeof text) == nullptr) return "?";
  return text;
}

void readSubjectAltNames(const X509* certificate, CertificateInfo& info) {
  GeneralNamesPointer names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return;
  for (int index = 0; index < sk_GENERAL_NAME_num(names.get()); ++index) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), index);
    if (name->type == GEN_DNS) {
      const auto* text = name->d.dNSName;
      info.dnsNames.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                                 static_cast<std::size_t>(ASN1_STRING_length(text)));
    } else if (name->type == GEN_IPADD) {
      info.ipAddresses.push_back(addressText(name->d.iPAddress));
    }
  }
}

}  // namespace

Result<CertificateAndKey> createCertificateAuthority(std::string_view commonName, KeyAlgorithm keyAlgorithm) {
  auto key = generateKey(keyAlgorithm);
  if (!key) return key.status();
  auto certificate = newCertificate(Subject{std::string(commonName), {}}, key->get(), authorityValidity, nullptr);
  if (!certificate) return certificate.status();
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate->get(), certificate->get(), nullptr, nullptr, 0);
  KUBELAB_RETURN_IF_ERROR(addExtension(certificate->get(), context, NID_basic_constraints, "critical,CA:TRUE"));
  KUBELAB_RETURN_IF_ERROR(
      addExtension(certificate->get(), context, NID_key_usage, "critical,digitalSignature,keyEncipherment,keyCertSign"));
  KUBELAB_RETURN_IF_ERROR(addExtension(certificate->get(), context, NID_subject_key_identifier, "hash"));
  return signAndEncode(certificate->get(), key->get(), key->get());
}

Result<CertificateAndKey> issueCertificate(const CertificateAndKey& authority, const CertificateSpec& spec) {
  auto authorityCertificate = parseCertificate(authority.certificatePem);
  if (!authorityCertificate) return authorityCertificate.status();
  auto authorityKey = parsePrivateKey(authority.privateKeyPem);
  if (!authorityKey) return authorityKey.status();
  if (X509_check_ca(authorityCertificate->get()) == 0) return invalid("the signing certificate is not a CA");
  auto key = generateKey(spec.keyAlgorithm);
  if (!key) return key.status();
  auto certificate = newCertificate(spec.subject, key->get(), spec.validity, authorityCertificate->get());
  if (!certificate) return certificate.status();
  KUBELAB_RETURN_IF_ERROR(addLeafExtensions(certificate->get(), authorityCertificate->get(), spec, key->get()));
  return signAndEncode(certificate->get(), authorityKey->get(), key->get());
}

Result<CertificateInfo> inspectCertificate(std::string_view certificatePem) {
  auto certificate = parseCertificate(certificatePem);
  if (!certificate) return certificate.status();
  X509* x509 = certificate->get();
  CertificateInfo info;
  info.subject = subjectOf(*x509);
  info.issuer = readName(X509_get_issuer_name(x509));
  readSubjectAltNames(x509, info);
  info.isAuthority = X509_check_ca(x509) != 0;
  const std::uint32_t extendedUsage = X509_get_extended_key_usage(x509);
  info.serverAuth = (extendedUsage & XKU_SSL_SERVER) != 0;
  info.clientAuth = (extendedUsage & XKU_SSL_CLIENT) != 0;
  info.notBefore = toTimePoint(X509_get0_notBefore(x509));
  info.notAfter = toTimePoint(X509_get0_notAfter(x509));
  ERR_clear_error();
  return info;
}

Result<Subject> readSubject(std::string_view certificatePem) {
  auto certificate = parseCertificate(certificatePem);
  if (!certificate) return certificate.status();
  return subjectOf(**certificate);
}

Status checkKeyMatches(const CertificateAndKey& pair) {
  auto certificate = parseCertificate(pair.certificatePem);
  if (!certificate) return certificate.status();
  auto key = parsePrivateKey(pair.privateKeyPem);
  if (!key) return key.status();
  if (X509_check_private_key(certificate->get(), key->get()) != 1) {
    ERR_clear_error();
    return invalid("the private key does not belong to the certificate");
  }
  return Status::ok();
}

Status checkSignedBy(std::string_view certificatePem, std::string_view authorityCertificatePem) {
  auto certificate = parseCertificate(certificatePem);
  if (!certificate) return certificate.status();
  auto authority = parseCertificate(authorityCertificatePem);
  if (!authority) return authority.status();
  // X509_check_issued compares names and key identifiers; X509_verify checks the signature.
  if (X509_check_issued(authority->get(), certificate->get()) != X509_V_OK ||
      X509_verify(certificate->get(), X509_get0_pubkey(authority->get())) != 1) {
    ERR_clear_error();
    return invalid("the certificate was not signed by this CA");
  }
  return Status::ok();
}

Result<bool> certificateCoversHost(std::string_view certificatePem, std::string_view host) {
  auto certificate = parseCertificate(certificatePem);
  if (!certificate) return certificate.status();
  const std::string name(host);
  std::array<unsigned char, 16> address{};
  const bool isAddress = inet_pton(AF_INET, name.c_str(), address.data()) == 1 ||
                         inet_pton(AF_INET6, name.c_str(), address.data()) == 1;
  const int matched = isAddress ? X509_check_ip_asc(certificate->get(), name.c_str(), 0)
                                : X509_check_host(certificate->get(), name.data(), name.size(), 0, nullptr);
  ERR_clear_error();
  return matched == 1;
}

}  // namespace kubelab::pki
