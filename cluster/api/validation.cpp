#include "api/validation.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <set>

#include "api/labelselector.h"
#include "api/quantity.h"
#include "api/validationinternal.h"

namespace kubelab::api {
namespace json = boost::json;

namespace detail {

void addInvalid(FieldErrors& errors, Path path, const std::string& renderedValue, const Explanations& explanations) {
  for (const std::string& explanation : explanations) errors.push_back(invalidError(std::string(path), renderedValue, explanation));
}

bool isSet(const json::value* value) { return value != nullptr && !value->is_null(); }

bool sameValue(const json::value* left, const json::value* right) {
  if (!isSet(left) || !isSet(right)) return isSet(left) == isSet(right);
  if (left->is_number() && right->is_number()) return left->to_number<double>() == right->to_number<double>();
  return *left == *right;
}

std::string renderOptional(const json::value* value) { return isSet(value) ? renderJson(*value) : "null"; }

void validateNonnegative(FieldErrors& errors, Path path, const json::value* value) {
  if (value == nullptr || !value->is_number()) return;
  std::int64_t number = value->to_number<std::int64_t>();
  if (number < 0) errors.push_back(invalidError(std::string(path), renderInteger(number), "must be greater than or equal to 0"));
}

void validateImmutable(FieldErrors& errors, Path path, const json::value* updated, const json::value* old,
                       const std::string& renderedValue) {
  if (!sameValue(updated, old)) errors.push_back(invalidError(std::string(path), renderedValue, "field is immutable"));
}

std::vector<std::string> stringList(const json::value* value) {
  std::vector<std::string> values;
  if (value == nullptr || !value->is_array()) return values;
  for (const json::value& item : value->get_array()) values.push_back(item.is_string() ? std::string(item.get_string()) : "");
  return values;
}

void validateLabels(const json::value* labels, Path path, FieldErrors& errors) {
  if (labels == nullptr || !labels->is_object()) return;
  std::map<std::string, std::string> sorted;
  for (const auto& [key, value] : labels->get_object()) {
    sorted.emplace(std::string(key), value.is_string() ? std::string(value.get_string()) : "");
  }
  for (const auto& [key, value] : sorted) {
    addInvalid(errors, path, renderString(key), isQualifiedName(key));
    addInvalid(errors, path, renderString(value), isValidLabelValue(value));
  }
}

void validateAnnotations(const json::value* annotations, Path path, FieldErrors& errors) {
  if (annotations == nullptr || !annotations->is_object()) return;
  std::size_t totalSize = 0;
  std::set<std::string> keys;
  for (const auto& [key, value] : annotations->get_object()) {
    keys.emplace(key);
    totalSize += key.size() + (value.is_string() ? value.get_string().size() : 0);
  }
  for (const std::string& key : keys) {
    // Annotation keys are qualified names, but case does not matter.
    std::string lower = key;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    addInvalid(errors, path, renderString(key), isQualifiedName(lower));
  }
  if (totalSize > 256 * 1024) errors.push_back(tooLongError(std::string(path), 256 * 1024));
}

void validateLabelSelector(const json::value* selector, Path path, FieldErrors& errors) {
  if (selector == nullptr || !selector->is_object()) return;
  const Object& object = selector->get_object();
  validateLabels(object.if_contains("matchLabels"), childPath(path, "matchLabels"), errors);
  const json::value* expressions = object.if_contains("matchExpressions");
  if (expressions == nullptr || !expressions->is_array()) return;
  for (std::size_t i = 0; i < expressions->get_array().size(); ++i) {
    const json::value& item = expressions->get_array()[i];
    if (!item.is_object()) continue;
    std::string itemPath = indexPath(childPath(path, "matchExpressions"), i);
    std::string op = stringAt(item.get_object(), {"operator"});
    std::vector<std::string> values = stringList(item.get_object().if_contains("values"));
    if (op == "In" || op == "NotIn") {
      if (values.empty()) errors.push_back(requiredError(childPath(itemPath, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op == "Exists" || op == "DoesNotExist") {
      if (!values.empty()) errors.push_back(forbiddenError(childPath(itemPath, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errors.push_back(invalidError(childPath(itemPath, "operator"), renderString(op), "not a valid selector operator"));
    }
    std::string key = stringAt(item.get_object(), {"key"});
    addInvalid(errors, childPath(itemPath, "key"), renderString(key), isQualifiedName(key));
    for (std::size_t v = 0; v < values.size(); ++v) {
      addInvalid(errors, indexPath(childPath(itemPath, "values"), v), renderString(values[v]), isValidLabelValue(values[v]));
    }
  }
}

bool selectorMatchesTemplate(const json::value* selector, const Object* podTemplate) {
  Result<LabelSelector> parsed = LabelSelector::fromJson(selector);
  if (!parsed) return true;  // an unparseable selector is reported on its own
  Labels templateLabels = podTemplate == nullptr ? Labels() : stringMap(*podTemplate, {"metadata", "labels"});
  return parsed->matches(templateLabels);
}

void validateResourceList(const json::value* list, Path path, FieldErrors& errors) {
  if (list == nullptr || !list->is_object()) return;
  for (const auto& [key, value] : list->get_object()) {
    std::string itemPath = keyPath(path, key);
    std::string text = value.is_string() ? std::string(value.get_string()) : json::serialize(value);
    Result<Quantity> quantity = parseQuantity(text);
    if (!quantity) {
      errors.push_back(invalidError(itemPath, renderString(text), quantity.status().message()));
    } else if (quantity->milliValue < 0) {
      errors.push_back(invalidError(itemPath, renderString(quantity->toString()), "must be greater than or equal to 0"));
    }
  }
}

void validateObjectMeta(const ResourceType& type, const Object& object, NameRule rule, FieldErrors& errors) {
  std::string generateName = stringAt(object, {"metadata", "generateName"});
  if (!generateName.empty()) {
    addInvalid(errors, "metadata.generateName", renderString(generateName), validateName(rule, generateName, true));
  }
  std::string objectName = name(object);
  if (objectName.empty()) {
    errors.push_back(requiredError("metadata.name", "name or generateName is required"));
  } else {
    addInvalid(errors, "metadata.name", renderString(objectName), validateName(rule, objectName, false));
  }
  std::string ns = namespaceOf(object);
  if (type.namespaced) {
    if (ns.empty()) {
      errors.push_back(requiredError("metadata.namespace"));
    } else {
      addInvalid(errors, "metadata.namespace", renderString(ns), isDNS1123Label(ns));
    }
  } else if (!ns.empty()) {
    errors.push_back(forbiddenError("metadata.namespace", "not allowed on this type"));
  }
  validateLabels(valueAt(object, {"metadata", "labels"}), "metadata.labels", errors);
  validateAnnotations(valueAt(object, {"metadata", "annotations"}), "metadata.annotations", errors);
  std::vector<std::string> finalizers = stringList(valueAt(object, {"metadata", "finalizers"}));
  for (const std::string& finalizer : finalizers) {
    addInvalid(errors, "metadata.finalizers", renderString(finalizer), isQualifiedName(finalizer));
  }
}

void validateObjectMetaUpdate(const Object& object, const Object& old, FieldErrors& errors) {
  validateImmutable(errors, "metadata.name", valueAt(object, {"metadata", "name"}), valueAt(old, {"metadata", "name"}),
                    renderString(name(object)));
  validateImmutable(errors, "metadata.namespace", valueAt(object, {"metadata", "namespace"}),
                    valueAt(old, {"metadata", "namespace"}), renderString(namespaceOf(object)));
  validateLabels(valueAt(object, {"metadata", "labels"}), "metadata.labels", errors);
  validateAnnotations(valueAt(object, {"metadata", "annotations"}), "metadata.annotations", errors);
}

}  // namespace detail

namespace {

NameRule nameRuleFor(const ResourceType& type) {
  if (type.group.empty() && type.kind == "Namespace") return NameRule::DNS1123Label;
  if (type.group.empty() && type.kind == "Service") return NameRule::DNS1035Label;
  // Since 1.31 a StatefulSet's name must be a label: it becomes each pod's hostname.
  if (type.group == "apps" && type.kind == "StatefulSet") return NameRule::DNS1123Label;
  if (type.group == "rbac.authorization.k8s.io") return NameRule::PathSegment;
  return NameRule::DNS1123Subdomain;
}

std::string qualifiedKind(const ResourceType& type) { return type.group.empty() ? type.kind : type.kind + "." + type.group; }

}  // namespace

std::vector<FieldError> validateObject(const ResourceType& type, const Object& object, const Object* oldObject) {
  FieldErrors errors;
  // Access reviews are questions, not stored objects: they need no name.
  if (type.kind != "SelfSubjectAccessReview") {
    if (oldObject != nullptr) {
      detail::validateObjectMetaUpdate(object, *oldObject, errors);
    } else {
      detail::validateObjectMeta(type, object, nameRuleFor(type), errors);
    }
  }
  if (type.group.empty()) {
    detail::validateCoreType(type, object, oldObject, errors);
  } else if (type.group == "apps") {
    detail::validateAppsType(type, object, oldObject, errors);
  } else if (type.group == "batch") {
    detail::validateBatchType(type, object, oldObject, errors);
  } else {
    detail::validateOtherType(type, object, oldObject, errors);
  }
  return errors;
}

std::string invalidMessage(const ResourceType& type, std::string_view name, const std::vector<FieldError>& errors) {
  std::string message = qualifiedKind(type) + " " + renderString(name) + " is invalid";
  // Like Kubernetes' aggregate error: identical messages appear once.
  std::vector<std::string> messages;
  for (const FieldError& error : errors) {
    std::string text = error.message();
    if (std::find(messages.begin(), messages.end(), text) == messages.end()) messages.push_back(std::move(text));
  }
  if (messages.empty()) return message;
  if (messages.size() == 1) return message + ": " + messages.front();
  std::string joined;
  for (const std::string& text : messages) joined += (joined.empty() ? "" : ", ") + text;
  return message + ": [" + joined + "]";
}

json::object invalidStatus(const ResourceType& type, std::string_view name, const std::vector<FieldError>& errors) {
  json::array causes;
  for (const FieldError& error : errors) {
    causes.push_back(json::object{{"reason", error.reason()}, {"message", error.body()}, {"field", error.field}});
  }
  json::object details{{"name", name}};
  if (!type.group.empty()) details["group"] = type.group;
  details["kind"] = type.kind;
  details["causes"] = std::move(causes);
  return json::object{{"kind", "Status"},
                      {"apiVersion", "v1"},
                      {"metadata", json::object()},
                      {"status", "Failure"},
                      {"message", invalidMessage(type, name, errors)},
                      {"reason", "Invalid"},
                      {"details", std::move(details)},
                      {"code", 422}};
}

}  // namespace kubelab::api
