#include "pki/opensslsupport.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <climits>

namespace kubelab::pki {
namespace detail {

std::string takeOpenSslErrors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char line[256];
    ERR_error_string_n(code, line, sizeof line);
    if (!text.empty()) text += "; ";
    text += line;
  }
  return text.empty() ? "no detail from OpenSSL" : text;
}

Status openSslFailure(std::string_view what) {
  return internalError(std::string(what) + ": " + takeOpenSslErrors());
}

namespace {

Result<BioPointer> readOnlyBuffer(std::string_view text) {
  if (text.size() > static_cast<std::size_t>(INT_MAX)) return invalid("PEM text too large");
  BioPointer bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  if (!bio) return openSslFailure("cannot allocate a memory BIO");
  return bio;
}

// An encrypted key would otherwise make OpenSSL prompt on the terminal and block a daemon.
int refusePassphrase(char*, int, int, void*) { return 0; }

}  // namespace

Result<CertificatePointer> parseCertificate(std::string_view pem) {
  auto bio = readOnlyBuffer(pem);
  if (!bio) return bio.status();
  CertificatePointer certificate(PEM_read_bio_X509(bio->get(), nullptr, refusePassphrase, nullptr));
  if (!certificate) return invalid("not a PEM certificate: " + takeOpenSslErrors());
  return certificate;
}

Result<KeyPointer> parsePrivateKey(std::string_view pem) {
  auto bio = readOnlyBuffer(pem);
  if (!bio) return bio.status();
  KeyPointer key(PEM_read_bio_PrivateKey(bio->get(), nullptr, refusePassphrase, nullptr));
  if (!key) return invalid("not an unencrypted PEM private key: " + takeOpenSslErrors());
  return key;
}

namespace {

std::string entryText(const X509_NAME_ENTRY* entry) {
  unsigned char* utf8 = nullptr;
  int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
  if (length < 0) {
    ERR_clear_error();
    return {};
  }
  std::string text(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return text;
}

}  // namespace

Subject readName(const X509_NAME* name) {
  Subject subject;
  bool haveCommonName = false;
  for (int index = 0; index < X509_NAME_entry_count(name); ++index) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, index);
    const int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
    if (nid == NID_commonName && !haveCommonName) {
      subject.commonName = entryText(entry);
      haveCommonName = true;
    } else if (nid == NID_organizationName) {
      subject.organizations.push_back(entryText(entry));
    }
  }
  return subject;
}

}  // namespace detail

Subject subjectOf(const X509& certificate) { return detail::readName(X509_get_subject_name(&certificate)); }

}  // namespace kubelab::pki
