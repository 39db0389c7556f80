#pragma once
// Who is asking: client certificates (CN = user, O = groups), verified by the TLS layer
// against the cluster CA, or bearer tokens from a kube-apiserver style token file.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "http/httpserver.h"

namespace kubelab::apiserver {

struct UserInfo {
  std::string name;
  std::vector<std::string> groups;
  bool inGroup(std::string_view group) const;
};

class Authenticator {
 public:
  // `tokenFile` may be empty. Its lines read: token,user,uid,"group1,group2" (as
  // kube-apiserver's --token-auth-file).
  static Result<Authenticator> create(const std::string& tokenFile);

  // nullopt: no valid credentials (the API answers 401).
  std::optional<UserInfo> authenticate(const http::Request& request) const;

 private:
  std::map<std::string, UserInfo> tokens_;
};

}  // namespace kubelab::apiserver
