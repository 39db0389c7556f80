#include "client/objectkey.h"

#include "api/objectmeta.h"

namespace kubelab::client {

std::string objectKey(std::string_view ns, std::string_view name) {
  if (ns.empty()) return std::string(name);
  std::string key(ns);
  key += '/';
  key += name;
  return key;
}

std::string objectKey(const boost::json::object& object) {
  return objectKey(api::namespaceOf(object), api::name(object));
}

std::pair<std::string, std::string> splitObjectKey(std::string_view key) {
  auto slash = key.find('/');
  if (slash == std::string_view::npos) return {"", std::string(key)};
  return {std::string(key.substr(0, slash)), std::string(key.substr(slash + 1))};
}

}  // namespace kubelab::client
