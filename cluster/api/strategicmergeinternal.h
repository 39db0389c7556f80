#pragma once
// The pieces of the strategic merge engine that its two files share: objects and directives in
// strategicmergepatch.cpp, lists and their order in strategicmergelists.cpp.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

#include "api/patchschema.h"
#include "common/status.h"

namespace kubelab::api::strategicmerge {

inline constexpr std::string_view kDirectiveMarker = "$patch";
inline constexpr std::string_view kRetainKeysDirective = "$retainKeys";
inline constexpr std::string_view kDeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";
inline constexpr std::string_view kSetElementOrderPrefix = "$setElementOrder";

// Kubernetes' sentinel errors (k8s.io/apimachinery/pkg/util/mergepatch).
inline constexpr std::string_view kBadPatchFormatForPrimitiveList = "invalid patch format of primitive list";
inline constexpr std::string_view kBadPatchFormatForRetainKeys = "invalid patch format of retainKeys";
inline constexpr std::string_view kBadPatchFormatForSetElementOrderList = "invalid patch format of setElementOrder list";
inline constexpr std::string_view kNoListOfLists = "lists of lists are not supported";

// Merges `patch` into `original`; the result may be a different object ($patch: replace/delete).
Result<boost::json::object> mergeObject(boost::json::object original, boost::json::object patch,
                                        const PatchSchema* schema);

// Merges two lists of a field tagged "merge" (or a $deleteFromPrimitiveList list).
Result<boost::json::array> mergeList(boost::json::array original, boost::json::array patch, const FieldPatchMeta& meta,
                                     bool isDeleteList);

// Processes every $setElementOrder directive of `patch` together with its list, writing the
// merged, ordered list into `original` and removing both from `patch`.
Status applySetElementOrder(boost::json::object& original, boost::json::object& patch, const PatchSchema* schema);

// A patch value stored as is: nulls and directives are dropped, as Kubernetes' decoding into its
// typed objects drops them. False when the value itself is a {"$patch": ...} directive.
bool cleanInsertedValue(boost::json::value& value);

// Whether `key` starts with a directive prefix, as Kubernetes tests it.
bool hasDirectivePrefix(std::string_view key, std::string_view prefix);
// The list a "$prefix/<list>" key names; BadRequest with Kubernetes' message for that prefix when
// the key has another form.
Result<std::string> directiveTarget(std::string_view key, std::string_view prefix);

// Kubernetes' ErrNoMergeKey and ErrBadArgType messages.
Status noMergeKey(const boost::json::value& element, std::string_view mergeKey);
Status badArgType(std::string_view expectedType, const boost::json::value& actual);

}  // namespace kubelab::api::strategicmerge
