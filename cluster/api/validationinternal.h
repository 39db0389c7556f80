#pragma once
// Helpers shared by the per-group validation files (validation*.cpp).

#include <boost/json/array.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/fielderror.h"
#include "api/namerules.h"
#include "api/objectmeta.h"
#include "api/resourcetypes.h"

namespace kubelab::api::detail {

using Path = std::string_view;

// Appends one Invalid error per explanation, as Kubernetes does for syntax checks.
void addInvalid(FieldErrors& errors, Path path, const std::string& renderedValue, const Explanations& explanations);
void validateNonnegative(FieldErrors& errors, Path path, const boost::json::value* value);
bool isSet(const boost::json::value* value);
// Two JSON values equal as Kubernetes' semantic DeepEqual would see them (missing equals null).
bool sameValue(const boost::json::value* left, const boost::json::value* right);
// ValidateImmutableField: "Invalid value: <new>: field is immutable".
void validateImmutable(FieldErrors& errors, Path path, const boost::json::value* updated, const boost::json::value* old,
                       const std::string& renderedValue);
std::string renderOptional(const boost::json::value* value);
std::vector<std::string> stringList(const boost::json::value* value);

void validateObjectMeta(const ResourceType& type, const Object& object, NameRule rule, FieldErrors& errors);
void validateObjectMetaUpdate(const Object& object, const Object& old, FieldErrors& errors);
void validateLabels(const boost::json::value* labels, Path path, FieldErrors& errors);
void validateAnnotations(const boost::json::value* annotations, Path path, FieldErrors& errors);
// metav1 ValidateLabelSelector for a {matchLabels, matchExpressions} selector.
void validateLabelSelector(const boost::json::value* selector, Path path, FieldErrors& errors);
// Whether a JSON selector matches a template's labels; a missing selector matches nothing.
bool selectorMatchesTemplate(const boost::json::value* selector, const Object* podTemplate);
void validateResourceList(const boost::json::value* list, Path path, FieldErrors& errors);

void validatePodSpec(const Object& spec, Path path, FieldErrors& errors);
// ValidatePodTemplateSpec: template labels (reported at "<path>.labels"), annotations and spec.
void validatePodTemplate(const Object* podTemplate, Path path, FieldErrors& errors);
void validatePodUpdate(const Object& pod, const Object& old, FieldErrors& errors);

// Per-group entry points; each validates the types of its group.
void validateCoreType(const ResourceType& type, const Object& object, const Object* old, FieldErrors& errors);
void validateServiceType(const Object& object, const Object* old, FieldErrors& errors);
void validateAppsType(const ResourceType& type, const Object& object, const Object* old, FieldErrors& errors);
void validateBatchType(const ResourceType& type, const Object& object, const Object* old, FieldErrors& errors);
void validateOtherType(const ResourceType& type, const Object& object, const Object* old, FieldErrors& errors);

}  // namespace kubelab::api::detail
