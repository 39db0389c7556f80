#pragma once
// Cache keys as client-go spells them: "<namespace>/<name>", or "<name>" for cluster-scoped
// objects. Work queues carry these keys.

#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace kubelab::client {

std::string objectKey(const boost::json::object& object);
std::string objectKey(std::string_view ns, std::string_view name);
// {namespace, name}; namespace is "" for a key without '/'.
std::pair<std::string, std::string> splitObjectKey(std::string_view key);

}  // namespace kubelab::client
