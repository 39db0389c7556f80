#pragma once
// Owners for OpenSSL objects and the translation of OpenSSL's error queue into Status.
// Internal to cluster/pki: callers see PEM text and Status only.

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "pki/subject.h"

namespace kubelab::pki::detail {

template <auto FreeFunction>
struct OpenSslDeleter {
  template <typename Object>
  void operator()(Object* object) const {
    FreeFunction(object);
  }
};

using KeyPointer = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY_free>>;
using CertificatePointer = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;
using NamePointer = std::unique_ptr<X509_NAME, OpenSslDeleter<X509_NAME_free>>;
using BioPointer = std::unique_ptr<BIO, OpenSslDeleter<BIO_free_all>>;
using BigNumberPointer = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;
using ExtensionPointer = std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION_free>>;
using GeneralNamesPointer = std::unique_ptr<GENERAL_NAMES, OpenSslDeleter<GENERAL_NAMES_free>>;

// Drains OpenSSL's thread-local error queue into one line, so a failure reports its cause
// and a later, unrelated failure does not report a stale one.
std::string takeOpenSslErrors();

// Internal error "<what>: <OpenSSL's reasons>".
Status openSslFailure(std::string_view what);

// The first CN and every O of a name (a subject's or an issuer's).
Subject readName(const X509_NAME* name);

Result<CertificatePointer> parseCertificate(std::string_view pem);
Result<KeyPointer> parsePrivateKey(std::string_view pem);

}  // namespace kubelab::pki::detail
