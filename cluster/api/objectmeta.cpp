#include "api/objectmeta.h"

namespace kubelab::api {

const boost::json::value* valueAt(const Object& object, std::initializer_list<std::string_view> path) {
  const Object* current = &object;
  const boost::json::value* found = nullptr;
  for (std::string_view key : path) {
    if (current == nullptr) return nullptr;
    found = current->if_contains(key);
    if (found == nullptr) return nullptr;
    current = found->if_object();
  }
  return found;
}

std::string stringAt(const Object& object, std::initializer_list<std::string_view> path) {
  const boost::json::value* found = valueAt(object, path);
  if (found == nullptr || !found->is_string()) return {};
  return std::string(found->get_string());
}

std::int64_t integerAt(const Object& object, std::initializer_list<std::string_view> path, std::int64_t fallback) {
  const boost::json::value* found = valueAt(object, path);
  if (found == nullptr) return fallback;
  if (found->is_int64()) return found->get_int64();
  if (found->is_uint64()) return static_cast<std::int64_t>(found->get_uint64());
  if (found->is_double()) return static_cast<std::int64_t>(found->get_double());
  return fallback;
}

const Object* objectAt(const Object& object, std::initializer_list<std::string_view> path) {
  const boost::json::value* found = valueAt(object, path);
  return found == nullptr ? nullptr : found->if_object();
}

const boost::json::array* arrayAt(const Object& object, std::initializer_list<std::string_view> path) {
  const boost::json::value* found = valueAt(object, path);
  return found == nullptr ? nullptr : found->if_array();
}

bool booleanAt(const Object& object, std::initializer_list<std::string_view> path, bool fallback) {
  const boost::json::value* found = valueAt(object, path);
  if (found == nullptr || !found->is_bool()) return fallback;
  return found->get_bool();
}

boost::json::array& ensureArray(Object& object, std::string_view field) {
  boost::json::value& slot = object[field];
  if (!slot.is_array()) slot = boost::json::array();
  return slot.get_array();
}

Object& ensureObject(Object& object, std::string_view field) {
  boost::json::value& slot = object[field];
  if (!slot.is_object()) slot = Object();
  return slot.get_object();
}

std::string name(const Object& object) { return stringAt(object, {"metadata", "name"}); }
std::string namespaceOf(const Object& object) { return stringAt(object, {"metadata", "namespace"}); }
std::string resourceVersion(const Object& object) { return stringAt(object, {"metadata", "resourceVersion"}); }
std::string uid(const Object& object) { return stringAt(object, {"metadata", "uid"}); }

std::map<std::string, std::string> stringMap(const Object& object, std::initializer_list<std::string_view> path) {
  std::map<std::string, std::string> out;
  const boost::json::value* found = valueAt(object, path);
  if (found == nullptr || !found->is_object()) return out;
  for (const auto& [key, value] : found->get_object()) {
    if (value.is_string()) out.emplace(std::string(key), std::string(value.get_string()));
  }
  return out;
}

std::map<std::string, std::string> labels(const Object& object) { return stringMap(object, {"metadata", "labels"}); }

}  // namespace kubelab::api
