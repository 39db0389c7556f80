// Lists in a strategic merge patch: merging by key, special elements, deletion lists, and the
// order of the result. Kubernetes orders a merged list by three sources, strongest first: the
// $setElementOrder directive, the order of the patch, the order of the live object. Elements
// only the server knows keep their places relative to the patch's elements.

#include <algorithm>
#include <climits>
#include <initializer_list>
#include <utility>
#include <vector>

#include "api/govalueformat.h"
#include "api/patchvalues.h"
#include "api/strategicmergeinternal.h"

namespace kubelab::api::strategicmerge {

namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

constexpr std::string_view kMapType = "map[string]interface {}";

// The element types Go tells apart when it checks that a list is homogeneous.
enum class ElementKind { Object, Array, String, Integer, Float, Bool, Null };

ElementKind kindOf(const value& element) {
  switch (element.kind()) {
    case boost::json::kind::object:
      return ElementKind::Object;
    case boost::json::kind::array:
      return ElementKind::Array;
    case boost::json::kind::string:
      return ElementKind::String;
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
      return ElementKind::Integer;
    case boost::json::kind::double_:
      return ElementKind::Float;
    case boost::json::kind::bool_:
      return ElementKind::Bool;
    case boost::json::kind::null:
      return ElementKind::Null;
  }
  return ElementKind::Null;
}

// All elements of the given lists must have one type, and not be lists themselves.
Result<ElementKind> elementKind(std::initializer_list<const array*> lists) {
  bool seen = false;
  ElementKind kind = ElementKind::Null;
  for (const array* list : lists) {
    for (const value& element : *list) {
      ElementKind current = kindOf(element);
      if (!seen) {
        if (current == ElementKind::Array) return invalid(std::string(kNoListOfLists));
        kind = current;
        seen = true;
      } else if (current != kind) {
        std::string printed = "[";
        for (const array* each : lists) printed += (printed.size() > 1 ? " " : "") + goValueString(value(*each));
        return badRequest("list element types are not identical: " + printed + "]");
      }
    }
  }
  return kind;
}

bool isDeleteDirective(const value& element) {
  const object* fields = element.if_object();
  const value* directive = fields == nullptr ? nullptr : fields->if_contains(kDirectiveMarker);
  return directive != nullptr && directive->is_string() && directive->get_string() == "delete";
}

// What identifies an element for ordering: its merge key's value, or the scalar itself. Null
// stands for a missing key, as Go's map lookup gives nil.
value orderKey(const value& element, std::string_view mergeKey) {
  if (mergeKey.empty()) return element;
  const object* fields = element.if_object();
  const value* key = fields == nullptr ? nullptr : fields->if_contains(mergeKey);
  return key == nullptr ? value() : *key;
}

std::vector<value> orderKeys(const array& list, std::string_view mergeKey) {
  std::vector<value> keys;
  keys.reserve(list.size());
  for (const value& element : list) keys.push_back(orderKey(element, mergeKey));
  return keys;
}

long positionOf(const std::vector<value>& keys, const value& key) {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (jsonEqual(keys[i], key)) return static_cast<long>(i);
  }
  return -1;
}

// Every element of a keyed list must be an object holding the merge key.
Status requireMergeKeys(const array& list, std::string_view mergeKey) {
  if (mergeKey.empty()) return Status::ok();
  for (const value& element : list) {
    if (!element.is_object()) return badArgType(kMapType, element);
    if (!element.get_object().contains(mergeKey)) return noMergeKey(element, mergeKey);
  }
  return Status::ok();
}

// Stable sort by position in `order`; elements it does not name keep their relative order last.
void sortByOrder(array& elements, const std::vector<value>& order, std::string_view mergeKey) {
  std::vector<std::pair<long, value>> ranked;
  ranked.reserve(elements.size());
  for (value& element : elements) {
    long position = positionOf(order, orderKey(element, mergeKey));
    ranked.emplace_back(position < 0 ? LONG_MAX : position, std::move(element));
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& left, const auto& right) { return left.first < right.first; });
  elements.clear();
  for (auto& [position, element] : ranked) elements.push_back(std::move(element));
}

// Kubernetes' normalizeElementOrder: patch items in patch order, server-only items in server
// order, then interleaved. A server-only item goes before a patch item only when both are in the
// live list and it came first there.
Result<array> normalizeOrder(array patchItems, array serverOnly, const std::vector<value>& patchOrder,
                             const std::vector<value>& serverOrder, std::string_view mergeKey) {
  KUBELAB_RETURN_IF_ERROR(requireMergeKeys(patchItems, mergeKey));
  KUBELAB_RETURN_IF_ERROR(requireMergeKeys(serverOnly, mergeKey));
  sortByOrder(patchItems, patchOrder, mergeKey);
  sortByOrder(serverOnly, serverOrder, mergeKey);

  array merged;
  std::size_t left = 0;
  std::size_t right = 0;
  while (left < serverOnly.size() || right < patchItems.size()) {
    bool takeServerItem = right >= patchItems.size();
    if (left < serverOnly.size() && right < patchItems.size()) {
      long serverPosition = positionOf(serverOrder, orderKey(serverOnly[left], mergeKey));
      long patchPosition = positionOf(serverOrder, orderKey(patchItems[right], mergeKey));
      takeServerItem = serverPosition >= 0 && patchPosition >= 0 && serverPosition < patchPosition;
    }
    merged.push_back(std::move(takeServerItem ? serverOnly[left++] : patchItems[right++]));
  }
  return merged;
}

// Splits `merged` into the items `by` names and the others, keeping their order.
std::pair<array, array> partition(array merged, const std::vector<value>& by, std::string_view mergeKey) {
  array named;
  array others;
  for (value& element : merged) {
    (positionOf(by, orderKey(element, mergeKey)) >= 0 ? named : others).push_back(std::move(element));
  }
  return {std::move(named), std::move(others)};
}

array deleteScalars(const array& current, const array& toDelete) {
  array kept;
  for (const value& element : current) {
    bool deleted = std::any_of(toDelete.begin(), toDelete.end(), [&](const value& doomed) { return jsonEqual(element, doomed); });
    if (!deleted) kept.push_back(element);
  }
  return kept;
}

array uniqueScalars(const array& first, const array& second) {
  array unique;
  for (const array* list : {&first, &second}) {
    for (const value& element : *list) {
      bool present = std::any_of(unique.begin(), unique.end(), [&](const value& kept) { return jsonEqual(kept, element); });
      if (!present) unique.push_back(element);
    }
  }
  return unique;
}

// {"$patch": "delete", key: x} removes every element with that key; {"$patch": "replace"} makes
// the patch's other elements the whole list. Returns the patch's plain elements.
Result<array> applySpecialElements(array& original, array patch, std::string_view mergeKey) {
  array plain;
  bool replace = false;
  for (value& element : patch) {
    object& fields = element.get_object();
    const value* directive = fields.if_contains(kDirectiveMarker);
    if (directive == nullptr) {
      plain.push_back(std::move(element));
    } else if (directive->is_string() && directive->get_string() == "delete") {
      const value* key = fields.if_contains(mergeKey);
      if (key == nullptr) return noMergeKey(element, mergeKey);
      value doomed = *key;
      original.erase(std::remove_if(original.begin(), original.end(),
                                    [&](const value& candidate) { return jsonEqual(orderKey(candidate, mergeKey), doomed); }),
                     original.end());
    } else if (directive->is_string() && directive->get_string() == "replace") {
      replace = true;  // other directives in the list are still checked
    } else if (directive->is_string() && directive->get_string() == "merge") {
      return badRequest("merging lists cannot yet be specified in the patch");
    } else {
      return badRequest("unknown patch type: " + goValueString(*directive) + " in map: " + goValueString(element));
    }
  }
  if (replace) {
    original.clear();
    for (value& element : plain) {
      if (cleanInsertedValue(element)) original.push_back(std::move(element));
    }
    return array();
  }
  return plain;
}

Result<array> mergeObjectList(array original, array patch, const FieldPatchMeta& meta) {
  std::string_view mergeKey = meta.mergeKey;
  if (mergeKey.empty()) return badRequest("cannot merge lists without merge key for type " + std::string(kMapType));
  Result<array> plain = applySpecialElements(original, std::move(patch), mergeKey);
  if (!plain) return plain.status();
  KUBELAB_RETURN_IF_ERROR(requireMergeKeys(original, mergeKey));
  std::vector<value> serverOrder = orderKeys(original, mergeKey);
  std::vector<value> patchOrder;

  array merged = std::move(original);
  for (value& element : *plain) {
    const value* key = element.get_object().if_contains(mergeKey);
    if (key == nullptr) return noMergeKey(element, mergeKey);
    patchOrder.push_back(*key);
    auto match = std::find_if(merged.begin(), merged.end(),
                              [&](const value& candidate) { return jsonEqual(orderKey(candidate, mergeKey), *key); });
    if (match == merged.end()) {
      if (cleanInsertedValue(element)) merged.push_back(std::move(element));
      continue;
    }
    Result<object> combined = mergeObject(std::move(match->get_object()), std::move(element.get_object()), meta.schema);
    if (!combined) return combined.status();
    *match = std::move(*combined);
  }
  auto [patchItems, serverOnly] = partition(std::move(merged), patchOrder, mergeKey);
  return normalizeOrder(std::move(patchItems), std::move(serverOnly), patchOrder, serverOrder, mergeKey);
}

// Kubernetes' validatePatchWithSetOrderList: the patch's elements (deletions aside) must appear
// in the $setElementOrder list, in the same relative order.
Status validateAgainstOrder(const array& patchList, const array& order, std::string_view mergeKey) {
  if (order.empty() || patchList.empty()) return Status::ok();
  std::vector<const value*> items;
  for (const value& element : patchList) {
    if (!mergeKey.empty() && !element.is_object()) return badArgType(kMapType, element);
    if (!mergeKey.empty() && isDeleteDirective(element)) continue;
    items.push_back(&element);
  }
  std::size_t patchIndex = 0;
  std::size_t orderIndex = 0;
  while (patchIndex < items.size() && orderIndex < order.size()) {
    const value& item = *items[patchIndex];
    if (item.is_object() && item.get_object().contains(kDirectiveMarker)) {
      ++patchIndex;
      continue;
    }
    if (!mergeKey.empty()) {
      for (const value* side : {&item, &order[orderIndex]}) {
        if (!side->is_object()) return badArgType(kMapType, *side);
        if (!side->get_object().contains(mergeKey)) return noMergeKey(*side, mergeKey);
      }
    }
    if (jsonEqual(orderKey(item, mergeKey), orderKey(order[orderIndex], mergeKey))) ++patchIndex;
    ++orderIndex;
  }
  if (patchIndex < items.size() && orderIndex >= order.size()) {
    return badRequest("the order in patch list:\n" + goValueString(value(patchList)) + "\n doesn't match " +
                      std::string(kSetElementOrderPrefix) + " list:\n" + goValueString(value(order)));
  }
  return Status::ok();
}

// One $setElementOrder directive and the list it orders.
Status orderOneList(object& original, object& patch, const std::string& directive, array order,
                    const PatchSchema* schema) {
  Result<std::string> field = directiveTarget(directive, kSetElementOrderPrefix);
  if (!field) return field.status();
  value* originalList = original.if_contains(*field);
  value* patchList = patch.if_contains(*field);
  if (originalList != nullptr && !originalList->is_array()) return badArgType("[]interface {}", *originalList);
  if (patchList != nullptr && !patchList->is_array()) return badArgType("[]interface {}", *patchList);
  if (originalList == nullptr && patchList == nullptr) return Status::ok();

  const FieldPatchMeta* found = schema == nullptr ? nullptr : schema->field(*field);
  FieldPatchMeta meta = found == nullptr ? FieldPatchMeta() : *found;
  std::string_view mergeKey = meta.mergeKey;
  KUBELAB_RETURN_IF_ERROR(validateAgainstOrder(patchList == nullptr ? array() : patchList->get_array(), order, mergeKey));
  KUBELAB_RETURN_IF_ERROR(requireMergeKeys(order, mergeKey));

  std::vector<value> serverOrder = originalList == nullptr ? std::vector<value>() : orderKeys(originalList->get_array(), mergeKey);
  array merged;
  if (patchList == nullptr) {
    merged = originalList->get_array();
  } else if (originalList == nullptr || !meta.mergeList) {
    value added = std::move(*patchList);
    cleanInsertedValue(added);
    merged = std::move(added.get_array());
  } else {
    Result<array> combined = mergeList(std::move(originalList->get_array()), std::move(patchList->get_array()), meta, false);
    if (!combined) return combined.status();
    merged = std::move(*combined);
  }

  std::vector<value> wanted = orderKeys(order, mergeKey);
  auto [patchItems, serverOnly] = partition(std::move(merged), wanted, mergeKey);
  Result<array> ordered = normalizeOrder(std::move(patchItems), std::move(serverOnly), wanted, serverOrder, mergeKey);
  if (!ordered) return ordered.status();
  original[*field] = std::move(*ordered);
  patch.stable_erase(*field);
  return Status::ok();
}

}  // namespace

Result<array> mergeList(array original, array patch, const FieldPatchMeta& meta, bool isDeleteList) {
  if (original.empty() && patch.empty()) return original;
  Result<ElementKind> kind = elementKind({&original, &patch});
  if (!kind) return kind.status();
  if (*kind == ElementKind::Object) return mergeObjectList(std::move(original), std::move(patch), meta);

  if (isDeleteList) return deleteScalars(original, patch);
  // A set of scalars (finalizers): the union, the patch's values in patch order.
  std::vector<value> serverOrder = orderKeys(original, {});
  std::vector<value> patchOrder = orderKeys(patch, {});
  auto [patchItems, serverOnly] = partition(uniqueScalars(original, patch), patchOrder, {});
  return normalizeOrder(std::move(patchItems), std::move(serverOnly), patchOrder, serverOrder, {});
}

Status applySetElementOrder(object& original, object& patch, const PatchSchema* schema) {
  std::vector<std::string> directives;
  for (const auto& entry : patch) {
    if (hasDirectivePrefix(entry.key(), kSetElementOrderPrefix)) directives.emplace_back(entry.key());
  }
  for (const std::string& directive : directives) {
    value order = std::move(patch[directive]);
    patch.stable_erase(directive);
    if (!order.is_array()) return badArgType("[]interface {}", order);
    KUBELAB_RETURN_IF_ERROR(orderOneList(original, patch, directive, std::move(order.get_array()), schema));
  }
  return Status::ok();
}

}  // namespace kubelab::api::strategicmerge
