#include "api/fielderror.h"

#include <boost/json/serialize.hpp>

#include <cstdio>

namespace kubelab::api {

std::string FieldError::reason() const {
  switch (type) {
    case Type::Required: return "FieldValueRequired";
    case Type::Invalid: return "FieldValueInvalid";
    case Type::NotSupported: return "FieldValueNotSupported";
    case Type::Duplicate: return "FieldValueDuplicate";
    case Type::Forbidden: return "FieldValueForbidden";
    case Type::TooLong: return "FieldValueTooLong";
    case Type::TooMany: return "FieldValueTooMany";
    case Type::NotFound: return "FieldValueNotFound";
  }
  return "FieldValueInvalid";
}

std::string FieldError::body() const {
  std::string text;
  switch (type) {
    case Type::Required: text = "Required value"; break;
    case Type::Invalid: text = "Invalid value"; break;
    case Type::NotSupported: text = "Unsupported value"; break;
    case Type::Duplicate: text = "Duplicate value"; break;
    case Type::Forbidden: text = "Forbidden"; break;
    case Type::TooLong: text = "Too long"; break;
    case Type::TooMany: text = "Too many"; break;
    case Type::NotFound: text = "Not found"; break;
  }
  // Kubernetes never prints the value of Required, Forbidden and TooLong errors.
  bool showValue = type != Type::Required && type != Type::Forbidden && type != Type::TooLong && !badValue.empty();
  if (showValue) text += ": " + badValue;
  if (!detail.empty()) text += ": " + detail;
  return text;
}

std::string FieldError::message() const { return field + ": " + body(); }

FieldError requiredError(std::string field, std::string detail) {
  return {FieldError::Type::Required, std::move(field), "", std::move(detail)};
}

FieldError invalidError(std::string field, std::string renderedValue, std::string detail) {
  return {FieldError::Type::Invalid, std::move(field), std::move(renderedValue), std::move(detail)};
}

FieldError notSupportedError(std::string field, std::string renderedValue, const std::vector<std::string>& supported) {
  std::string detail;
  for (const std::string& value : supported) {
    detail += detail.empty() ? "supported values: " : ", ";
    detail += renderString(value);
  }
  return {FieldError::Type::NotSupported, std::move(field), std::move(renderedValue), std::move(detail)};
}

FieldError duplicateError(std::string field, std::string renderedValue) {
  return {FieldError::Type::Duplicate, std::move(field), std::move(renderedValue), ""};
}

FieldError forbiddenError(std::string field, std::string detail) {
  return {FieldError::Type::Forbidden, std::move(field), "", std::move(detail)};
}

FieldError tooLongError(std::string field, std::size_t maxLength) {
  return {FieldError::Type::TooLong, std::move(field), "", "must have at most " + std::to_string(maxLength) + " bytes"};
}

FieldError notFoundError(std::string field, std::string renderedValue) {
  return {FieldError::Type::NotFound, std::move(field), std::move(renderedValue), ""};
}

std::string childPath(std::string_view path, std::string_view name) {
  if (path.empty()) return std::string(name);
  return std::string(path) + "." + std::string(name);
}

std::string indexPath(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

std::string keyPath(std::string_view path, std::string_view key) { return std::string(path) + "[" + std::string(key) + "]"; }

std::string renderString(std::string_view value) {
  std::string text = "\"";
  for (unsigned char c : value) {
    switch (c) {
      case '"': text += "\\\""; break;
      case '\\': text += "\\\\"; break;
      case '\n': text += "\\n"; break;
      case '\r': text += "\\r"; break;
      case '\t': text += "\\t"; break;
      case '\a': text += "\\a"; break;
      case '\b': text += "\\b"; break;
      case '\f': text += "\\f"; break;
      case '\v': text += "\\v"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char escaped[8];
          std::snprintf(escaped, sizeof(escaped), "\\x%02x", c);
          text += escaped;
        } else {
          text += static_cast<char>(c);
        }
    }
  }
  return text + "\"";
}

std::string renderInteger(std::int64_t value) { return std::to_string(value); }

std::string renderStringMap(const std::map<std::string, std::string>& values, bool present) {
  if (!present) return "map[string]string(nil)";
  std::string text = "map[string]string{";
  bool first = true;
  for (const auto& [key, value] : values) {
    if (!first) text += ", ";
    first = false;
    text += renderString(key) + ":" + renderString(value);
  }
  return text + "}";
}

std::string renderStringList(const std::vector<std::string>& values) {
  std::string text = "[]string{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text += ", ";
    text += renderString(values[i]);
  }
  return text + "}";
}

namespace {

std::string renderRequirement(const boost::json::object& requirement) {
  auto text = [&](std::string_view field) {
    const boost::json::value* found = requirement.if_contains(field);
    return renderString(found != nullptr && found->is_string() ? std::string_view(found->get_string()) : "");
  };
  std::vector<std::string> values;
  const boost::json::value* found = requirement.if_contains("values");
  if (found != nullptr && found->is_array()) {
    for (const boost::json::value& value : found->get_array()) {
      if (value.is_string()) values.emplace_back(value.get_string());
    }
  }
  return "v1.LabelSelectorRequirement{Key:" + text("key") + ", Operator:" + text("operator") +
         ", Values:" + (found == nullptr ? "[]string(nil)" : renderStringList(values)) + "}";
}

}  // namespace

std::string renderLabelSelector(const boost::json::value* selector) {
  if (selector == nullptr || !selector->is_object()) return "null";
  const boost::json::object& object = selector->get_object();
  std::string text = "v1.LabelSelector{MatchLabels:";
  const boost::json::value* matchLabels = object.if_contains("matchLabels");
  std::map<std::string, std::string> labels;
  if (matchLabels != nullptr && matchLabels->is_object()) {
    for (const auto& [key, value] : matchLabels->get_object()) {
      if (value.is_string()) labels.emplace(std::string(key), std::string(value.get_string()));
    }
  }
  text += renderStringMap(labels, matchLabels != nullptr && matchLabels->is_object());
  text += ", MatchExpressions:";
  const boost::json::value* expressions = object.if_contains("matchExpressions");
  if (expressions == nullptr || !expressions->is_array()) {
    text += "[]v1.LabelSelectorRequirement(nil)";
  } else {
    text += "[]v1.LabelSelectorRequirement{";
    bool first = true;
    for (const boost::json::value& expression : expressions->get_array()) {
      if (!expression.is_object()) continue;
      if (!first) text += ", ";
      first = false;
      text += renderRequirement(expression.get_object());
    }
    text += "}";
  }
  return text + "}";
}

std::string renderJson(const boost::json::value& value) {
  if (value.is_string()) return renderString(value.get_string());
  if (value.is_null()) return "null";
  return boost::json::serialize(value);
}

}  // namespace kubelab::api
