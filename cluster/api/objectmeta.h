#pragma once
// Small accessors over Kubernetes objects held as Boost.JSON: reading nested fields without a
// chain of checks, and the metadata fields every component uses.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

namespace kubelab::api {

using Object = boost::json::object;

// The value at a path of object keys, or nullptr when any step is missing or not an object.
const boost::json::value* valueAt(const Object& object, std::initializer_list<std::string_view> path);
// The string at a path, or "" when it is missing or not a string.
std::string stringAt(const Object& object, std::initializer_list<std::string_view> path);
// The integer at a path, or `fallback`.
std::int64_t integerAt(const Object& object, std::initializer_list<std::string_view> path, std::int64_t fallback = 0);
// The object at a path, or nullptr when any step is missing or it is not an object.
const Object* objectAt(const Object& object, std::initializer_list<std::string_view> path);
// The array at a path, or nullptr when any step is missing or it is not an array.
const boost::json::array* arrayAt(const Object& object, std::initializer_list<std::string_view> path);
// The boolean at a path, or `fallback`.
bool booleanAt(const Object& object, std::initializer_list<std::string_view> path, bool fallback = false);
// The object at `field`, created (or replaced, if it was not an object) when needed.
Object& ensureObject(Object& object, std::string_view field);
// The array at `field`, created (or replaced, if it was not an array) when needed.
boost::json::array& ensureArray(Object& object, std::string_view field);

std::string name(const Object& object);
std::string namespaceOf(const Object& object);
std::string resourceVersion(const Object& object);
std::string uid(const Object& object);
// metadata.labels (or any string map) as a sorted map; non-string values are skipped.
std::map<std::string, std::string> stringMap(const Object& object, std::initializer_list<std::string_view> path);
std::map<std::string, std::string> labels(const Object& object);

}  // namespace kubelab::api
