#pragma once
// A certificate's subject as Kubernetes reads it for authentication: the common name is the
// user name and each organization is a group. Shared by certificate generation and by the
// HTTP server, which reads the subject of a verified client certificate.

#include <openssl/types.h>

#include <string>
#include <vector>

namespace kubelab::pki {

struct Subject {
  std::string commonName;
  std::vector<std::string> organizations;

  bool operator==(const Subject&) const = default;
};

// The first CN and every O of the certificate's subject, as UTF-8.
Subject subjectOf(const X509& certificate);

}  // namespace kubelab::pki
