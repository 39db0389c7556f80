#include "apiserver/authentication.h"

#include <algorithm>
#include <fstream>

namespace kubelab::apiserver {
namespace {

// Splits one CSV line, honouring double quotes (groups are a quoted, comma-separated list).
std::vector<std::string> splitCsv(const std::string& line) {
  std::vector<std::string> fields;
  std::string current;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  fields.push_back(current);
  return fields;
}

std::vector<std::string> splitGroups(const std::string& text) {
  std::vector<std::string> groups;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string group = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!group.empty()) groups.push_back(group);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return groups;
}

}  // namespace

bool UserInfo::inGroup(std::string_view group) const {
  return std::find(groups.begin(), groups.end(), group) != groups.end();
}

Result<Authenticator> Authenticator::create(const std::string& tokenFile) {
  Authenticator authenticator;
  if (tokenFile.empty()) return authenticator;
  std::ifstream in(tokenFile);
  if (!in) return Status(StatusCode::NotFound, "cannot read the token file " + tokenFile);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields = splitCsv(line);
    if (fields.size() < 3 || fields[0].empty() || fields[1].empty()) {
      return Status(StatusCode::Invalid, tokenFile + ":" + std::to_string(number) +
                                             ": expected token,user,uid[,\"group1,group2\"]");
    }
    UserInfo user{fields[1], fields.size() > 3 ? splitGroups(fields[3]) : std::vector<std::string>()};
    authenticator.tokens_[fields[0]] = std::move(user);
  }
  return authenticator;
}

std::optional<UserInfo> Authenticator::authenticate(const http::Request& request) const {
  std::optional<UserInfo> user;
  if (request.clientCertificate) {
    user = UserInfo{request.clientCertificate->commonName, request.clientCertificate->organizations};
  } else {
    std::string authorization = request.header("Authorization");
    constexpr std::string_view bearer = "Bearer ";
    if (authorization.size() > bearer.size() && authorization.compare(0, bearer.size(), bearer) == 0) {
      auto found = tokens_.find(authorization.substr(bearer.size()));
      if (found != tokens_.end()) user = found->second;
    }
  }
  if (user && !user->name.empty()) {
    user->groups.push_back("system:authenticated");
    return user;
  }
  return std::nullopt;
}

}  // namespace kubelab::apiserver
