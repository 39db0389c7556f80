#pragma once
// The schemas behind /openapi/v2 and /openapi/v3: a catalog of the object types we serve, read
// from a compact text form (openapischemas_*.cpp) and rendered as OpenAPI v2 definitions or
// OpenAPI v3 component schemas. Both documents come from this one catalog.
//
// The text form, one declaration per line ('#' starts a comment line):
//   package io.k8s.api.core.v1                      names the package of what follows
//   kind Pod v1 [complete] | <description>          a top-level kind of that apiVersion; gets
//                                                   apiVersion, kind and metadata fields unless
//                                                   it declares them itself
//   type PodSpec [complete] | <description>         a structure
//     <field> <type> [required] [enum=A,B] [merge=key] | <description>
//   scalar Time string date-time | <description>    a named primitive (type and optional format)
//   oneof Quantity string,number | <description>    a value of any of the listed primitive types
//   object RawExtension | <description>             an arbitrary JSON object
// A field type is string, int32, int64, boolean, number, object, []T, map[string]T, or the name
// of a declaration: short names resolve in the same package first, then anywhere they are unique.
// `complete` says that a structure lists every field of its Kubernetes 1.32 Go type (k8s.io/api
// json tags), not only the commonly taught ones; only complete structures have unknown fields
// pruned beneath them (fieldpruning.h).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace kubelab::apiserver::openapi {

struct GroupVersionKind {
  std::string group;
  std::string version;
  std::string kind;
  bool operator==(const GroupVersionKind&) const = default;
};

// A field's type, parsed: a primitive, a reference to a declaration, or an array or map of one.
struct TypeExpression {
  enum class Shape { Primitive, Reference, Array, Map, FreeForm };
  Shape shape = Shape::Primitive;
  std::string primitive;  // "string", "integer", "boolean", "number"
  std::string format;     // "int32", "int64", ""
  std::string reference;  // full name of the declaration, once resolved
  std::vector<TypeExpression> element;  // one element for Array and Map
};

struct FieldDefinition {
  std::string name;
  std::string typeText;  // as written, resolved into `type` after the whole catalog is read
  TypeExpression type;
  bool required = false;
  std::vector<std::string> enumValues;
  std::string mergeKey;  // strategic merge key of a list, as Kubernetes declares it
  std::string description;
};

struct SchemaDefinition {
  enum class Shape { Structure, Scalar, OneOf, FreeForm };
  std::string name;  // io.k8s.api.core.v1.Pod
  Shape shape = Shape::Structure;
  std::string description;
  std::vector<FieldDefinition> fields;   // Structure
  std::string scalarType, scalarFormat;  // Scalar
  std::vector<std::string> oneOfTypes;   // OneOf
  std::string oneOfFormat;               // OneOf (as "int-or-string")
  std::optional<GroupVersionKind> groupVersionKind;
  bool complete = false;  // Structure: every field of the Kubernetes type is declared
};

class SchemaCatalog {
 public:
  // Reads declarations; problems (unknown references, malformed lines) are collected, not fatal.
  static SchemaCatalog parse(const std::vector<std::string_view>& sources);

  const SchemaDefinition* find(std::string_view name) const;
  const SchemaDefinition* findKind(const GroupVersionKind& gvk) const;
  const std::map<std::string, SchemaDefinition, std::less<>>& definitions() const { return definitions_; }
  const std::vector<std::string>& problems() const { return problems_; }

  // Adds `name` and every declaration it reaches through its fields.
  void collectReachable(const std::string& name, std::map<std::string, bool, std::less<>>& into) const;
  // Declares `<Kind>List` for a kind (items, metadata ListMeta), as every listable resource has.
  void addListKind(const GroupVersionKind& itemKind);

 private:
  void parseLine(std::string_view line, std::string& package, SchemaDefinition*& current);
  void parseField(std::string_view content, const std::vector<std::string>& words, std::string description,
                  SchemaDefinition* current);
  SchemaDefinition* parseDeclaration(std::string_view content, const std::vector<std::string>& words,
                                     const std::string& package, std::string description);
  SchemaDefinition* addDeclaration(std::string_view content, const std::vector<std::string>& words,
                                   const std::string& package, std::string description, SchemaDefinition definition);
  void resolveAll();
  bool resolveType(std::string_view text, const std::string& package, TypeExpression& into);
  std::string resolveName(std::string_view name, const std::string& package) const;

  std::map<std::string, SchemaDefinition, std::less<>> definitions_;
  std::vector<std::string> problems_;
};

// The declarations, one function per openapischemas_*.cpp file; each returns several literals
// so that none is longer than a compiler must accept.
namespace sources {
std::vector<std::string_view> meta();
std::vector<std::string_view> corePods();
std::vector<std::string_view> coreOthers();
std::vector<std::string_view> workloads();
std::vector<std::string_view> cluster();
std::vector<std::string_view> podExtras();
std::vector<std::string_view> volumeSources();
}  // namespace sources

// The catalog of the types this API server serves, read once, with a List kind for each
// listable resource.
const SchemaCatalog& builtinSchemaCatalog();

enum class OpenApiVersion { V2, V3 };
// A declaration as a v2 definition or v3 component schema. v3 schemas of kinds carry
// x-kubernetes-group-version-kind; v2 definitions deliberately do not (see openapi.cpp).
boost::json::object renderSchema(const SchemaDefinition& definition, OpenApiVersion version);
std::string referenceTo(std::string_view name, OpenApiVersion version);

}  // namespace kubelab::apiserver::openapi
