#include "api/patch.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <charconv>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/patchvalues.h"

// The error texts follow the JSON patch library Kubernetes uses (evanphx/json-patch v4), so a
// student who searches for one finds the same explanations that apply to a real cluster.

namespace kubelab::api {

namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

constexpr std::string_view kMissingValue = ": missing value";

// RFC 6901: "~1" is "/" and "~0" is "~", decoded in that order so that "~01" means "~1".
std::string decodeToken(std::string_view token) {
  std::string slashes;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && token[i + 1] == '1') {
      slashes += '/';
      ++i;
    } else {
      slashes += token[i];
    }
  }
  std::string out;
  for (std::size_t i = 0; i < slashes.size(); ++i) {
    if (slashes[i] == '~' && i + 1 < slashes.size() && slashes[i + 1] == '0') {
      out += '~';
      ++i;
    } else {
      out += slashes[i];
    }
  }
  return out;
}

// An array index as Go's strconv.Atoi reads it: an optional sign and decimal digits.
std::optional<long long> parseIndex(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  if (digits.empty()) return std::nullopt;
  long long index = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return index;
}

std::string badIndexMessage(std::string_view key) {
  return "value was not a proper array index: '" + std::string(key) + "': strconv.Atoi: parsing \"" + std::string(key) +
         "\": invalid syntax";
}

std::string invalidIndexMessage(long long index) {
  return "Unable to access invalid index: " + std::to_string(index) + ": invalid index referenced";
}

// Where a pointer leads: the object or array that holds its last token, and that token.
struct Location {
  value* container = nullptr;
  std::string key;
};

// Index `key` of `elements`, counting from the end when negative; nullopt when out of range.
// `extra` widens the range by one for insertion.
std::optional<std::size_t> arrayPosition(const array& elements, long long index, std::size_t extra = 0) {
  long long size = static_cast<long long>(elements.size() + extra);
  if (index >= size || index < -size) return std::nullopt;
  if (index < 0) index += size;
  return static_cast<std::size_t>(index);
}

// Follows every token but the last. Each step must land on an object or an array.
Location locate(value& document, std::string_view path) {
  if (path.empty() || path.front() != '/') return {};
  std::vector<std::string_view> tokens;
  std::size_t start = 1;
  while (true) {
    std::size_t slash = path.find('/', start);
    tokens.push_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  value* current = &document;
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    std::string token = decodeToken(tokens[i]);
    value* next = nullptr;
    if (object* members = current->if_object()) {
      next = members->if_contains(token);
    } else if (array* elements = current->if_array()) {
      std::optional<long long> index = parseIndex(token);
      std::optional<std::size_t> position = index ? arrayPosition(*elements, *index) : std::nullopt;
      if (position) next = &(*elements)[*position];
    }
    if (next == nullptr || !(next->is_object() || next->is_array())) return {};
    current = next;
  }
  return {current, decodeToken(tokens.back())};
}

// The value at a location; an error text when an array index is bad. A missing object member
// is not an error here (nullptr): each operation decides what that means.
Result<value*> valueAt(const Location& location) {
  if (object* members = location.container->if_object()) return members->if_contains(location.key);
  array& elements = location.container->get_array();
  std::optional<long long> index = parseIndex(location.key);
  if (!index) return invalid(badIndexMessage(location.key));
  std::optional<std::size_t> position = arrayPosition(elements, *index);
  if (!position) return invalid(invalidIndexMessage(*index));
  return &elements[*position];
}

Status addAt(const Location& location, value item) {
  if (object* members = location.container->if_object()) {
    (*members)[location.key] = std::move(item);
    return Status::ok();
  }
  array& elements = location.container->get_array();
  if (location.key == "-") {
    elements.push_back(std::move(item));
    return Status::ok();
  }
  std::optional<long long> index = parseIndex(location.key);
  if (!index) return invalid(badIndexMessage(location.key));
  std::optional<std::size_t> position = arrayPosition(elements, *index, 1);
  if (!position) return invalid(invalidIndexMessage(*index));
  elements.insert(elements.begin() + static_cast<std::ptrdiff_t>(*position), std::move(item));
  return Status::ok();
}

Result<value> removeAt(const Location& location) {
  if (object* members = location.container->if_object()) {
    auto found = members->find(location.key);
    if (found == members->end()) {
      return invalid("Unable to remove nonexistent key: " + location.key + std::string(kMissingValue));
    }
    value removed = std::move(found->value());
    members->stable_erase(found);
    return removed;
  }
  array& elements = location.container->get_array();
  std::optional<long long> index = parseIndex(location.key);
  if (!index) return invalid(badIndexMessage(location.key));
  std::optional<std::size_t> position = arrayPosition(elements, *index);
  if (!position) return invalid(invalidIndexMessage(*index));
  value removed = std::move(elements[*position]);
  elements.erase(elements.begin() + static_cast<std::ptrdiff_t>(*position));
  return removed;
}

Status wrapped(const Status& inner, std::string prefix) { return invalid(std::move(prefix) + ": " + inner.message()); }

// One decoded operation. Fields are read lazily so that errors name the operation first.
struct Operation {
  const object* fields = nullptr;

  std::string kind() const {
    const value* op = fields == nullptr ? nullptr : fields->if_contains("op");
    return op != nullptr && op->is_string() ? std::string(op->get_string()) : "unknown";
  }
  Result<std::string> pointer(std::string_view field) const {
    const value* text = fields == nullptr ? nullptr : fields->if_contains(field);
    if (text == nullptr || text->is_null()) {
      return invalid("operation missing " + std::string(field) + " field" + std::string(kMissingValue));
    }
    if (!text->is_string()) {
      return invalid("json: cannot unmarshal " + std::string(jsonKindName(*text)) + " into Go value of type string");
    }
    return std::string(text->get_string());
  }
  // A missing value is null, as in the library Kubernetes uses.
  value operand() const {
    const value* item = fields == nullptr ? nullptr : fields->if_contains("value");
    return item == nullptr ? value() : *item;
  }
};

Result<std::string> pathOf(const Operation& operation, std::string_view verb) {
  Result<std::string> path = operation.pointer("path");
  if (!path) return wrapped(path.status(), std::string(verb) + " operation failed to decode path");
  return path;
}

Result<std::string> fromOf(const Operation& operation, std::string_view verb) {
  Result<std::string> from = operation.pointer("from");
  if (!from) return wrapped(from.status(), std::string(verb) + " operation failed to decode from");
  return from;
}

Status applyAdd(value& document, const Operation& operation) {
  Result<std::string> path = pathOf(operation, "add");
  if (!path) return path.status();
  Location location = locate(document, *path);
  if (location.container == nullptr) {
    return invalid("add operation does not apply: doc is missing path: \"" + *path + "\"" + std::string(kMissingValue));
  }
  Status added = addAt(location, operation.operand());
  return added.isOk() ? added : wrapped(added, "error in add for path: '" + *path + "'");
}

Status applyRemove(value& document, const Operation& operation) {
  Result<std::string> path = pathOf(operation, "remove");
  if (!path) return path.status();
  Location location = locate(document, *path);
  if (location.container == nullptr) {
    return invalid("remove operation does not apply: doc is missing path: \"" + *path + "\"" + std::string(kMissingValue));
  }
  Result<value> removed = removeAt(location);
  return removed.isOk() ? Status::ok() : wrapped(removed.status(), "error in remove for path: '" + *path + "'");
}

Status applyReplace(value& document, const Operation& operation) {
  Result<std::string> path = pathOf(operation, "replace");
  if (!path) return path.status();
  if (path->empty()) {
    value replacement = operation.operand();
    if (!replacement.is_object() && !replacement.is_array()) {
      return invalid("replace operation value must be object or array");
    }
    document = std::move(replacement);
    return Status::ok();
  }
  Location location = locate(document, *path);
  if (location.container == nullptr) {
    return invalid("replace operation does not apply: doc is missing path: " + *path + std::string(kMissingValue));
  }
  Result<value*> target = valueAt(location);
  if (!target || *target == nullptr) {
    return invalid("replace operation does not apply: doc is missing key: " + *path + std::string(kMissingValue));
  }
  **target = operation.operand();
  return Status::ok();
}

Status applyMove(value& document, const Operation& operation) {
  Result<std::string> from = fromOf(operation, "move");
  if (!from) return from.status();
  Location source = locate(document, *from);
  if (source.container == nullptr) {
    return invalid("move operation does not apply: doc is missing from path: " + *from + std::string(kMissingValue));
  }
  Result<std::string> path = pathOf(operation, "move");
  if (!path) return path.status();
  // RFC 6902 forbids moving a value into itself; the result would be undefined.
  if (path->size() > from->size() && path->compare(0, from->size(), *from) == 0 && (*path)[from->size()] == '/') {
    return invalid("move operation does not apply: path " + *path + " is inside from path " + *from);
  }
  Result<value> moved = removeAt(source);
  if (!moved) return wrapped(moved.status(), "error in move for path: '" + source.key + "'");
  Location destination = locate(document, *path);
  if (destination.container == nullptr) {
    return invalid("move operation does not apply: doc is missing destination path: " + *path + std::string(kMissingValue));
  }
  Status added = addAt(destination, std::move(*moved));
  return added.isOk() ? added : wrapped(added, "error in move for path: '" + destination.key + "'");
}

Status applyCopy(value& document, const Operation& operation) {
  Result<std::string> from = fromOf(operation, "copy");
  if (!from) return from.status();
  Location source = locate(document, *from);
  if (source.container == nullptr) {
    return invalid("copy operation does not apply: doc is missing from path: " + *from + std::string(kMissingValue));
  }
  Result<value*> original = valueAt(source);
  if (!original) return wrapped(original.status(), "error in copy for from: '" + *from + "'");
  if (*original == nullptr) {
    return invalid("error in copy for from: '" + *from + "': Unable to get nonexistent key: " + source.key +
                   std::string(kMissingValue));
  }
  value copied = **original;
  Result<std::string> path = pathOf(operation, "copy");
  if (!path) return path.status();
  Location destination = locate(document, *path);
  if (destination.container == nullptr) {
    return invalid("copy operation does not apply: doc is missing destination path: " + *path + std::string(kMissingValue));
  }
  Status added = addAt(destination, std::move(copied));
  return added.isOk() ? added : wrapped(added, "error in copy for path: '" + *path + "'");
}

Status applyTest(value& document, const Operation& operation) {
  Result<std::string> path = pathOf(operation, "test");
  if (!path) return path.status();
  value expected = operation.operand();
  std::string failed = "testing value " + *path + " failed: test failed";
  if (path->empty()) return jsonEqual(document, expected) ? Status::ok() : invalid(failed);
  Location location = locate(document, *path);
  if (location.container == nullptr) {
    return invalid("test operation does not apply: is missing path: " + *path + std::string(kMissingValue));
  }
  Result<value*> actual = valueAt(location);
  if (!actual) return wrapped(actual.status(), "error in test for path: '" + *path + "'");
  // An absent member equals an explicit null, as in the library Kubernetes uses.
  if (*actual == nullptr) return expected.is_null() ? Status::ok() : invalid(failed);
  return jsonEqual(**actual, expected) ? Status::ok() : invalid(failed);
}

Status applyOperation(value& document, const Operation& operation) {
  std::string kind = operation.kind();
  if (kind == "add") return applyAdd(document, operation);
  if (kind == "remove") return applyRemove(document, operation);
  if (kind == "replace") return applyReplace(document, operation);
  if (kind == "move") return applyMove(document, operation);
  if (kind == "copy") return applyCopy(document, operation);
  if (kind == "test") return applyTest(document, operation);
  return invalid("Unexpected kind: " + kind);
}

// Decodes the patch as Kubernetes does (into a list of string-keyed maps) with its messages.
Result<std::vector<Operation>> decodeJsonPatch(const value& patch) {
  std::vector<Operation> operations;
  if (patch.is_null()) return operations;  // Go decodes null into an empty patch
  if (!patch.is_array()) {
    return badRequest("json: cannot unmarshal " + std::string(jsonKindName(patch)) +
                      " into Go value of type jsonpatch.Patch");
  }
  for (const value& element : patch.get_array()) {
    if (!element.is_object() && !element.is_null()) {
      return badRequest("json: cannot unmarshal " + std::string(jsonKindName(element)) +
                        " into Go value of type jsonpatch.Operation");
    }
    operations.push_back(Operation{element.if_object()});
  }
  if (operations.size() > kMaxJsonPatchOperations) {
    return Status(StatusCode::TooLarge, "Request entity too large: The allowed maximum operations in a JSON patch is " +
                                            std::to_string(kMaxJsonPatchOperations) + ", got " +
                                            std::to_string(operations.size()));
  }
  return operations;
}

// RFC 7386 MergePatch(target, patch) for an object patch.
void mergeObjects(object& target, const object& patch) {
  for (const auto& entry : patch) {
    if (entry.value().is_null()) {
      target.stable_erase(entry.key());
      continue;
    }
    value* current = target.if_contains(entry.key());
    if (current != nullptr && current->is_object() && entry.value().is_object()) {
      mergeObjects(current->get_object(), entry.value().get_object());
      continue;
    }
    value replacement = entry.value();
    removeNullMembers(replacement);
    target[entry.key()] = std::move(replacement);
  }
}

}  // namespace

Result<value> applyJsonPatch(const value& document, const value& patch) {
  Result<std::vector<Operation>> operations = decodeJsonPatch(patch);
  if (!operations) return operations.status();
  value patched = document;
  for (const Operation& operation : *operations) {
    KUBELAB_RETURN_IF_ERROR(applyOperation(patched, operation));
  }
  return patched;
}

Result<value> applyMergePatch(const value& document, const value& patch) {
  if (!patch.is_object()) return badRequest("Invalid JSON Patch");
  if (!document.is_object()) return badRequest("Invalid JSON Document");
  value patched = document;
  mergeObjects(patched.get_object(), patch.get_object());
  return patched;
}

}  // namespace kubelab::api
