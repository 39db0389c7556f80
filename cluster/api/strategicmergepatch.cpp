#include "api/strategicmergepatch.h"

#include <utility>

#include "api/govalueformat.h"
#include "api/patchschema.h"
#include "api/patchvalues.h"
#include "api/strategicmergeinternal.h"

// Objects and their directives. The behaviour follows Kubernetes' server side
// (StrategicMergeMapPatch: parallel lists are merged, nulls for absent fields are ignored).

namespace kubelab::api {

namespace strategicmerge {

using boost::json::array;
using boost::json::object;
using boost::json::value;

bool hasDirectivePrefix(std::string_view key, std::string_view prefix) { return key.substr(0, prefix.size()) == prefix; }

Result<std::string> directiveTarget(std::string_view key, std::string_view prefix) {
  std::size_t slash = key.find('/');
  if (slash == std::string_view::npos || key.substr(0, slash) != prefix) {
    return badRequest(std::string(prefix == kDeleteFromPrimitiveListPrefix ? kBadPatchFormatForPrimitiveList
                                                                           : kBadPatchFormatForSetElementOrderList));
  }
  return std::string(key.substr(slash + 1));
}

Status noMergeKey(const value& element, std::string_view mergeKey) {
  return badRequest("map: " + goValueString(element) + " does not contain declared merge key: " + std::string(mergeKey));
}

Status badArgType(std::string_view expectedType, const value& actual) {
  return badRequest("expected a " + std::string(expectedType) + ", but received a " + goTypeName(actual));
}

namespace {

bool isDirectiveKey(std::string_view key) {
  return key == kDirectiveMarker || key == kRetainKeysDirective || hasDirectivePrefix(key, kDeleteFromPrimitiveListPrefix) ||
         hasDirectivePrefix(key, kSetElementOrderPrefix);
}

// {"$patch": "replace"} keeps the rest of the patch as the new object; {"$patch": "delete"}
// leaves an empty object.
Result<object> objectDirective(const value& directive, object patch) {
  if (directive.is_string() && directive.get_string() == "replace") {
    patch.stable_erase(kDirectiveMarker);
    value replacement(std::move(patch));
    cleanInsertedValue(replacement);
    return std::move(replacement.get_object());
  }
  if (directive.is_string() && directive.get_string() == "delete") return object();
  return badRequest("unknown patch type: " + goValueString(directive) + " in map: " + goValueString(value(patch)));
}

// $retainKeys: the patch may only set listed keys, and the original keeps only listed keys.
Status applyRetainKeys(object& original, object& patch) {
  auto found = patch.find(kRetainKeysDirective);
  if (found == patch.end()) return Status::ok();
  value retainKeys = std::move(found->value());
  patch.stable_erase(found);
  if (!retainKeys.is_array()) return badRequest(std::string(kBadPatchFormatForRetainKeys));

  auto retained = [&retainKeys](std::string_view key) {
    for (const value& listed : retainKeys.get_array()) {
      if (listed.is_string() && listed.get_string() == key) return true;
    }
    return false;
  };
  for (const auto& entry : patch) {
    if (entry.value().is_null() || hasDirectivePrefix(entry.key(), kDeleteFromPrimitiveListPrefix) ||
        hasDirectivePrefix(entry.key(), kSetElementOrderPrefix)) {
      continue;
    }
    if (!retained(entry.key())) return badRequest(std::string(kBadPatchFormatForRetainKeys));
  }
  for (auto it = original.begin(); it != original.end();) {
    it = retained(it->key()) ? std::next(it) : original.stable_erase(it);
  }
  return Status::ok();
}

void storeAsIs(object& original, const std::string& field, value patchValue) {
  if (cleanInsertedValue(patchValue)) {
    original[field] = std::move(patchValue);
  } else {
    original.stable_erase(field);
  }
}

// Merges one field of the patch into `original`.
Status mergeField(object& original, const std::string& field, value patchValue, const PatchSchema* schema,
                  bool isDeleteList) {
  if (patchValue.is_null()) {
    original.stable_erase(field);
    return Status::ok();
  }
  value* current = original.if_contains(field);
  bool bothObjects = current != nullptr && current->is_object() && patchValue.is_object();
  bool bothLists = current != nullptr && current->is_array() && patchValue.is_array();
  if (!bothObjects && !bothLists) {
    // New fields, scalars and changes of type take the patch's value; a deletion list for a
    // field that is not a list has nothing to delete from.
    if (!isDeleteList) storeAsIs(original, field, std::move(patchValue));
    return Status::ok();
  }

  const FieldPatchMeta* meta = schema == nullptr ? nullptr : schema->field(field);
  if (bothObjects) {
    if (meta != nullptr && meta->replaceObject) {
      storeAsIs(original, field, std::move(patchValue));
      return Status::ok();
    }
    Result<object> merged = mergeObject(std::move(current->get_object()), std::move(patchValue.get_object()),
                                        meta == nullptr ? nullptr : meta->schema);
    if (!merged) return merged.status();
    *current = std::move(*merged);
    return Status::ok();
  }
  if ((meta != nullptr && meta->mergeList) || isDeleteList) {
    Result<array> merged = mergeList(std::move(current->get_array()), std::move(patchValue.get_array()),
                                     meta == nullptr ? FieldPatchMeta() : *meta, isDeleteList);
    if (!merged) return merged.status();
    *current = std::move(*merged);
    return Status::ok();
  }
  storeAsIs(original, field, std::move(patchValue));
  return Status::ok();
}

}  // namespace

bool cleanInsertedValue(value& item) {
  if (object* members = item.if_object()) {
    if (members->contains(kDirectiveMarker)) return false;
    for (auto it = members->begin(); it != members->end();) {
      bool drop = it->value().is_null() || isDirectiveKey(it->key()) || !cleanInsertedValue(it->value());
      it = drop ? members->stable_erase(it) : std::next(it);
    }
  } else if (array* elements = item.if_array()) {
    array kept;
    for (value& element : *elements) {
      if (cleanInsertedValue(element)) kept.push_back(std::move(element));
    }
    *elements = std::move(kept);
  }
  return true;
}

Result<object> mergeObject(object original, object patch, const PatchSchema* schema) {
  if (const value* directive = patch.if_contains(kDirectiveMarker)) return objectDirective(*directive, std::move(patch));
  KUBELAB_RETURN_IF_ERROR(applyRetainKeys(original, patch));
  KUBELAB_RETURN_IF_ERROR(applySetElementOrder(original, patch, schema));

  for (auto& entry : patch) {
    std::string field(entry.key());
    bool isDeleteList = false;
    if (hasDirectivePrefix(field, kDeleteFromPrimitiveListPrefix)) {
      Result<std::string> target = directiveTarget(field, kDeleteFromPrimitiveListPrefix);
      if (!target) return target.status();
      field = std::move(*target);
      isDeleteList = true;
    }
    KUBELAB_RETURN_IF_ERROR(mergeField(original, field, std::move(entry.value()), schema, isDeleteList));
  }
  return original;
}

}  // namespace strategicmerge

Result<boost::json::value> applyStrategicMergePatch(const boost::json::value& document, const boost::json::value& patch,
                                                    std::string_view apiVersion, std::string_view kind) {
  if (patch.is_null()) return document;  // Go decodes null into an empty patch
  if (!patch.is_object()) {
    return badRequest("json: cannot unmarshal " + std::string(jsonKindName(patch)) +
                      " into Go value of type map[string]interface {}");
  }
  if (!document.is_object()) return badRequest("invalid JSON document");
  const PatchSchema* schema = patchSchemaFor(apiVersion, kind);
  if (schema == nullptr) schema = &objectMetaOnlyPatchSchema();
  Result<boost::json::object> merged = strategicmerge::mergeObject(document.get_object(), patch.get_object(), schema);
  if (!merged) return merged.status();
  return boost::json::value(std::move(*merged));
}

}  // namespace kubelab::api
