#pragma once
// A field-level validation error as Kubernetes reports it, with the renderers that spell bad
// values the way Kubernetes' Go code prints them ("\"Foo\"", 70000, map[string]string{...}),
// so messages read exactly as students will see them against a real cluster.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kubelab::api {

struct FieldError {
  enum class Type { Required, Invalid, NotSupported, Duplicate, Forbidden, TooLong, TooMany, NotFound };
  Type type = Type::Invalid;
  std::string field;     // "spec.containers[0].name"
  std::string badValue;  // already rendered ("\"Foo\"", "70000"); empty means not shown
  std::string detail;

  std::string reason() const;  // "FieldValueRequired", "FieldValueInvalid", ...
  // The message without the field: "Invalid value: \"Foo\": a lowercase ..." or "Required value".
  std::string body() const;
  // "field: body", as in a Status message.
  std::string message() const;
};

using FieldErrors = std::vector<FieldError>;

// Constructors mirroring Kubernetes' field.Required, field.Invalid, ...
FieldError requiredError(std::string field, std::string detail = "");
FieldError invalidError(std::string field, std::string renderedValue, std::string detail);
FieldError notSupportedError(std::string field, std::string renderedValue, const std::vector<std::string>& supported);
FieldError duplicateError(std::string field, std::string renderedValue);
FieldError forbiddenError(std::string field, std::string detail);
FieldError tooLongError(std::string field, std::size_t maxLength);
FieldError notFoundError(std::string field, std::string renderedValue);

// Field paths: child("spec", "containers") -> "spec.containers"; index(p, 0) -> "p[0]"; key(p, "a") -> "p[a]".
std::string childPath(std::string_view path, std::string_view name);
std::string indexPath(std::string_view path, std::size_t index);
std::string keyPath(std::string_view path, std::string_view key);

// Go's %q of a string.
std::string renderString(std::string_view value);
std::string renderInteger(std::int64_t value);
// Go's %#v of a map[string]string; `present` false renders the nil map.
std::string renderStringMap(const std::map<std::string, std::string>& values, bool present = true);
// Go's %#v of a []string.
std::string renderStringList(const std::vector<std::string>& values);
// How Kubernetes prints a metav1.LabelSelector (JSON form) in messages; nullptr renders nil.
std::string renderLabelSelector(const boost::json::value* selector);
// A scalar JSON value as Go would print it; objects and arrays print as compact JSON.
std::string renderJson(const boost::json::value& value);

}  // namespace kubelab::api
