#pragma once
// Query strings as Go's net/url reads and writes them: `a=1&b=x%20y&command=ls&command=-l`,
// with repeated keys kept in order (the kubelet's exec takes `command` once per word).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubelab::http {

class UrlQuery {
 public:
  UrlQuery() = default;
  // Percent-decoded; '+' is a space. A key without '=' has the value "".
  static UrlQuery parse(std::string_view query);

  bool has(std::string_view key) const;
  // The first value, or "" when absent.
  std::string get(std::string_view key) const;
  std::vector<std::string> all(std::string_view key) const;

  void add(std::string key, std::string value);
  // `key=value&...`, percent-encoded, in insertion order.
  std::string encode() const;

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

std::string percentDecode(std::string_view text);
std::string percentEncode(std::string_view text);

}  // namespace kubelab::http
