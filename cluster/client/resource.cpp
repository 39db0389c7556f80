#include "client/resource.h"

namespace kubelab::client {

std::string GroupVersionResource::path(std::string_view ns, std::string_view name,
                                       std::string_view subresource) const {
  std::string result = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
  if (namespaced && !ns.empty()) {
    result += "/namespaces/";
    result += ns;
  }
  result += "/";
  result += plural;
  if (!name.empty()) {
    result += "/";
    result += name;
    if (!subresource.empty()) {
      result += "/";
      result += subresource;
    }
  }
  return result;
}

}  // namespace kubelab::client
