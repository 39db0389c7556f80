#pragma once
// What strategic merge patch needs to know about each built-in type: which lists merge by a key
// instead of being replaced, and which objects are replaced whole. Kubernetes reads this from the
// Go struct tags of k8s.io/api (`patchStrategy:"merge" patchMergeKey:"name"`); we keep the same
// facts as data. Only fields that carry a tag, or lead to one, are listed: every other object
// field merges key by key and every other list is replaced, which is exactly what an untagged
// field does in Kubernetes.

#include <map>
#include <string_view>

namespace kubelab::api {

struct PatchSchema;

struct FieldPatchMeta {
  bool mergeList = false;      // patchStrategy "merge": the list merges by mergeKey (or as a set of scalars)
  bool retainKeys = false;     // patchStrategy "retainKeys": patches may carry a $retainKeys directive
  bool replaceObject = false;  // patchStrategy "replace" on an object field: the patch replaces it whole
  std::string_view mergeKey;   // patchMergeKey; empty for lists of scalars
  // The type of the field's value (or of a list's elements), when it holds tagged fields itself.
  const PatchSchema* schema = nullptr;
};

struct PatchSchema {
  std::string_view typeName;  // the Go type, e.g. "PodSpec", for messages
  std::map<std::string_view, FieldPatchMeta> fields;

  // nullptr for a field with no tag (and no tagged descendants).
  const FieldPatchMeta* field(std::string_view name) const;
};

// The schema of a served built-in kind, or nullptr when the kind is not one we know. Kubernetes
// refuses strategic merge patches for kinds without Go types (custom resources) with 415.
const PatchSchema* patchSchemaFor(std::string_view apiVersion, std::string_view kind);

// Metadata only: what every object has. Used for kinds we have no schema for.
const PatchSchema& objectMetaOnlyPatchSchema();

}  // namespace kubelab::api
