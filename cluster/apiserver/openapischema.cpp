#include "apiserver/openapischema.h"

#include <algorithm>
#include <sstream>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "api/resourcetypes.h"

namespace kubelab::apiserver::openapi {
namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

std::vector<std::string> splitWords(std::string_view text) {
  std::vector<std::string> words;
  std::istringstream stream{std::string(text)};
  std::string word;
  while (stream >> word) words.push_back(word);
  return words;
}

std::vector<std::string> splitList(std::string_view text) {
  std::vector<std::string> values;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string_view::npos ? text.size() : comma;
    values.emplace_back(text.substr(start, end - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return values;
}

std::string lastSegment(std::string_view name) {
  const auto dot = name.rfind('.');
  return std::string(dot == std::string_view::npos ? name : name.substr(dot + 1));
}

GroupVersionKind kindOf(std::string_view apiVersion, std::string kind) {
  const auto slash = apiVersion.find('/');
  if (slash == std::string_view::npos) return {"", std::string(apiVersion), std::move(kind)};
  return {std::string(apiVersion.substr(0, slash)), std::string(apiVersion.substr(slash + 1)), std::move(kind)};
}

TypeExpression primitiveType(std::string primitive, std::string format = {}) {
  TypeExpression type;
  type.primitive = std::move(primitive);
  type.format = std::move(format);
  return type;
}

TypeExpression referenceType(std::string name) {
  TypeExpression type;
  type.shape = TypeExpression::Shape::Reference;
  type.reference = std::move(name);
  return type;
}

FieldDefinition makeField(std::string name, TypeExpression type, std::string description) {
  FieldDefinition field;
  field.name = std::move(name);
  field.typeText = "(generated)";
  field.type = std::move(type);
  field.description = std::move(description);
  return field;
}

// Fields every kind has; written once here rather than in every declaration.
void addStandardKindFields(SchemaDefinition& definition) {
  const auto has = [&](std::string_view name) {
    return std::any_of(definition.fields.begin(), definition.fields.end(),
                       [&](const FieldDefinition& field) { return field.name == name; });
  };
  if (!has("apiVersion")) {
    definition.fields.push_back(makeField(
        "apiVersion", primitiveType("string"),
        "The versioned schema this object is written in, such as v1 or apps/v1. The server reads the object "
        "according to it and may convert it to the version it stores."));
  }
  if (!has("kind")) {
    definition.fields.push_back(makeField(
        "kind", primitiveType("string"),
        "The type of object this is, written in CamelCase (for example Pod or Deployment). The server can infer "
        "it from the URL the object was sent to, and it cannot change once the object exists."));
  }
  if (!has("metadata")) {
    definition.fields.push_back(makeField(
        "metadata", referenceType("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"),
        "Identity and bookkeeping shared by every stored object: name, namespace, labels, annotations, and the "
        "fields the server fills in such as uid and creationTimestamp."));
  }
}

boost::json::object gvkObject(const GroupVersionKind& gvk) {
  return {{"group", gvk.group}, {"kind", gvk.kind}, {"version", gvk.version}};
}

// The schema of a value of `type`, without description: used for array items and map values.
boost::json::object valueSchema(const TypeExpression& type, OpenApiVersion version) {
  boost::json::object schema;
  switch (type.shape) {
    case TypeExpression::Shape::Primitive:
      schema["type"] = type.primitive;
      if (!type.format.empty()) schema["format"] = type.format;
      break;
    case TypeExpression::Shape::Reference:
      schema["$ref"] = referenceTo(type.reference, version);
      break;
    case TypeExpression::Shape::Array:
      schema["type"] = "array";
      schema["items"] = valueSchema(type.element.front(), version);
      break;
    case TypeExpression::Shape::Map:
      schema["type"] = "object";
      schema["additionalProperties"] = valueSchema(type.element.front(), version);
      break;
    case TypeExpression::Shape::FreeForm:
      schema["type"] = "object";
      break;
  }
  return schema;
}

// A property: v3 wraps references in allOf so that a description can sit beside them, as
// Kubernetes' own v3 documents do; v2 puts the description next to $ref.
boost::json::object propertySchema(const FieldDefinition& field, OpenApiVersion version) {
  boost::json::object schema;
  if (field.type.shape == TypeExpression::Shape::Reference && version == OpenApiVersion::V3) {
    schema["allOf"] = boost::json::array{boost::json::object{{"$ref", referenceTo(field.type.reference, version)}}};
  } else {
    schema = valueSchema(field.type, version);
  }
  if (!field.description.empty()) schema["description"] = field.description;
  if (!field.enumValues.empty()) {
    boost::json::array values;
    for (const std::string& value : field.enumValues) values.emplace_back(value);
    schema["enum"] = std::move(values);
  }
  if (!field.mergeKey.empty()) {
    schema["x-kubernetes-list-map-keys"] = boost::json::array{boost::json::value(field.mergeKey)};
    schema["x-kubernetes-list-type"] = "map";
    schema["x-kubernetes-patch-merge-key"] = field.mergeKey;
    schema["x-kubernetes-patch-strategy"] = "merge";
  }
  return schema;
}

}  // namespace

SchemaCatalog SchemaCatalog::parse(const std::vector<std::string_view>& sources) {
  SchemaCatalog catalog;
  std::string package;
  SchemaDefinition* current = nullptr;
  for (std::string_view source : sources) {
    std::size_t start = 0;
    while (start < source.size()) {
      auto end = source.find('\n', start);
      if (end == std::string_view::npos) end = source.size();
      catalog.parseLine(source.substr(start, end - start), package, current);
      start = end + 1;
    }
  }
  catalog.resolveAll();
  return catalog;
}

void SchemaCatalog::parseLine(std::string_view line, std::string& package, SchemaDefinition*& current) {
  const std::string_view content = trim(line);
  if (content.empty() || content.front() == '#') return;
  std::string_view head = content;
  std::string description;
  if (const auto bar = content.find(" | "); bar != std::string_view::npos) {
    head = content.substr(0, bar);
    description = std::string(trim(content.substr(bar + 3)));
  }
  const std::vector<std::string> words = splitWords(head);
  if (line.front() == ' ') {
    parseField(content, words, std::move(description), current);
  } else if (words.size() == 2 && words.front() == "package") {
    package = words[1];
    current = nullptr;
  } else if (words.size() < 2 || package.empty()) {
    problems_.push_back("malformed line: " + std::string(content));
  } else {
    current = parseDeclaration(content, words, package, std::move(description));
  }
}

void SchemaCatalog::parseField(std::string_view content, const std::vector<std::string>& words,
                               std::string description, SchemaDefinition* current) {
  if (current == nullptr || current->shape != SchemaDefinition::Shape::Structure || words.size() < 2) {
    problems_.push_back("field outside a type: " + std::string(content));
    return;
  }
  FieldDefinition field;
  field.name = words[0];
  field.typeText = words[1];
  field.description = std::move(description);
  for (std::size_t i = 2; i < words.size(); ++i) {
    const std::string& flag = words[i];
    if (flag == "required") {
      field.required = true;
    } else if (flag.rfind("enum=", 0) == 0) {
      field.enumValues = splitList(std::string_view(flag).substr(5));
    } else if (flag.rfind("merge=", 0) == 0) {
      field.mergeKey = flag.substr(6);
    } else {
      problems_.push_back("unknown flag " + flag + " on " + current->name + "." + field.name);
    }
  }
  current->fields.push_back(std::move(field));
}

SchemaDefinition* SchemaCatalog::parseDeclaration(std::string_view content, const std::vector<std::string>& words,
                                                  const std::string& package, std::string description) {
  const std::string& keyword = words.front();
  SchemaDefinition definition;
  std::vector<std::string> remaining = words;
  if ((keyword == "kind" || keyword == "type") && remaining.back() == "complete") {
    definition.complete = true;
    remaining.pop_back();
  }
  return addDeclaration(content, remaining, package, std::move(description), std::move(definition));
}

SchemaDefinition* SchemaCatalog::addDeclaration(std::string_view content, const std::vector<std::string>& words,
                                                const std::string& package, std::string description,
                                                SchemaDefinition definition) {
  const std::string& keyword = words.front();
  definition.name = package + "." + words[1];
  definition.description = std::move(description);
  if (keyword == "kind" && words.size() == 3) {
    definition.groupVersionKind = kindOf(words[2], words[1]);
  } else if (keyword == "scalar" && (words.size() == 3 || words.size() == 4)) {
    definition.shape = SchemaDefinition::Shape::Scalar;
    definition.scalarType = words[2];
    if (words.size() == 4) definition.scalarFormat = words[3];
  } else if (keyword == "oneof" && (words.size() == 3 || words.size() == 4)) {
    definition.shape = SchemaDefinition::Shape::OneOf;
    definition.oneOfTypes = splitList(words[2]);
    if (words.size() == 4) definition.oneOfFormat = words[3];
  } else if (keyword == "object" && words.size() == 2) {
    definition.shape = SchemaDefinition::Shape::FreeForm;
  } else if (keyword != "type" || words.size() != 2) {
    problems_.push_back("malformed declaration: " + std::string(content));
    return nullptr;
  }
  auto [position, inserted] = definitions_.emplace(definition.name, std::move(definition));
  if (!inserted) problems_.push_back("declared twice: " + position->first);
  return &position->second;
}

void SchemaCatalog::resolveAll() {
  for (auto& [name, definition] : definitions_) {
    if (definition.groupVersionKind) addStandardKindFields(definition);
    const std::string package = name.substr(0, name.rfind('.'));
    for (FieldDefinition& field : definition.fields) {
      if (field.typeText == "(generated)") continue;
      if (!resolveType(field.typeText, package, field.type)) {
        problems_.push_back("unknown type " + field.typeText + " of " + name + "." + field.name);
        field.type = primitiveType("string");
      }
    }
  }
}

bool SchemaCatalog::resolveType(std::string_view text, const std::string& package, TypeExpression& into) {
  static const std::map<std::string_view, std::pair<const char*, const char*>> primitives{
      {"string", {"string", ""}},   {"int32", {"integer", "int32"}}, {"int64", {"integer", "int64"}},
      {"boolean", {"boolean", ""}}, {"number", {"number", "double"}}};
  if (auto primitive = primitives.find(text); primitive != primitives.end()) {
    into = primitiveType(primitive->second.first, primitive->second.second);
    return true;
  }
  if (text == "object") {
    into = TypeExpression{};
    into.shape = TypeExpression::Shape::FreeForm;
    return true;
  }
  constexpr std::string_view arrayPrefix = "[]";
  constexpr std::string_view mapPrefix = "map[string]";
  const bool isArray = text.substr(0, arrayPrefix.size()) == arrayPrefix;
  const bool isMap = text.substr(0, mapPrefix.size()) == mapPrefix;
  if (isArray || isMap) {
    TypeExpression element;
    if (!resolveType(text.substr(isArray ? arrayPrefix.size() : mapPrefix.size()), package, element)) return false;
    into = TypeExpression{};
    into.shape = isArray ? TypeExpression::Shape::Array : TypeExpression::Shape::Map;
    into.element.push_back(std::move(element));
    return true;
  }
  std::string name = resolveName(text, package);
  if (name.empty()) return false;
  into = referenceType(std::move(name));
  return true;
}

std::string SchemaCatalog::resolveName(std::string_view name, const std::string& package) const {
  if (name.find('.') != std::string_view::npos) return definitions_.count(name) != 0 ? std::string(name) : "";
  if (std::string local = package + "." + std::string(name); definitions_.count(local) != 0) return local;
  std::string found;
  for (const auto& [candidate, definition] : definitions_) {
    if (lastSegment(candidate) != name) continue;
    if (!found.empty()) return "";  // ambiguous: the declaration must name the package
    found = candidate;
  }
  return found;
}

const SchemaDefinition* SchemaCatalog::find(std::string_view name) const {
  auto position = definitions_.find(name);
  return position == definitions_.end() ? nullptr : &position->second;
}

const SchemaDefinition* SchemaCatalog::findKind(const GroupVersionKind& gvk) const {
  for (const auto& [name, definition] : definitions_) {
    if (definition.groupVersionKind == gvk) return &definition;
  }
  return nullptr;
}

void SchemaCatalog::collectReachable(const std::string& name, std::map<std::string, bool, std::less<>>& into) const {
  const SchemaDefinition* definition = find(name);
  if (definition == nullptr || !into.emplace(name, true).second) return;
  std::vector<const TypeExpression*> pending;
  for (const FieldDefinition& field : definition->fields) pending.push_back(&field.type);
  while (!pending.empty()) {
    const TypeExpression* type = pending.back();
    pending.pop_back();
    if (type->shape == TypeExpression::Shape::Reference) collectReachable(type->reference, into);
    for (const TypeExpression& element : type->element) pending.push_back(&element);
  }
}

void SchemaCatalog::addListKind(const GroupVersionKind& itemKind) {
  const SchemaDefinition* item = findKind(itemKind);
  if (item == nullptr) {
    problems_.push_back("no schema for kind " + itemKind.kind);
    return;
  }
  SchemaDefinition list;
  list.name = item->name + "List";
  if (definitions_.count(list.name) != 0) return;
  list.description = "A list of " + itemKind.kind + " objects, as a list request returns them.";
  list.complete = true;
  list.groupVersionKind = GroupVersionKind{itemKind.group, itemKind.version, itemKind.kind + "List"};
  TypeExpression items;
  items.shape = TypeExpression::Shape::Array;
  items.element.push_back(referenceType(item->name));
  FieldDefinition itemsField = makeField("items", std::move(items), "The " + itemKind.kind + " objects in the list.");
  itemsField.required = true;
  list.fields.push_back(std::move(itemsField));
  list.fields.push_back(makeField(
      "metadata", referenceType("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"),
      "Information about the list as a whole: the resourceVersion it was read at and a continue token."));
  addStandardKindFields(list);
  definitions_.emplace(list.name, std::move(list));
}

std::string referenceTo(std::string_view name, OpenApiVersion version) {
  return (version == OpenApiVersion::V3 ? "#/components/schemas/" : "#/definitions/") + std::string(name);
}

boost::json::object renderSchema(const SchemaDefinition& definition, OpenApiVersion version) {
  boost::json::object schema;
  if (!definition.description.empty()) schema["description"] = definition.description;
  switch (definition.shape) {
    case SchemaDefinition::Shape::Scalar:
      schema["type"] = definition.scalarType;
      if (!definition.scalarFormat.empty()) schema["format"] = definition.scalarFormat;
      return schema;
    case SchemaDefinition::Shape::OneOf:
      if (!definition.oneOfFormat.empty()) schema["format"] = definition.oneOfFormat;
      if (version == OpenApiVersion::V2) {
        schema["type"] = "string";  // Swagger 2.0 has no oneOf
      } else {
        boost::json::array alternatives;
        for (const std::string& type : definition.oneOfTypes) alternatives.push_back(boost::json::object{{"type", type}});
        schema["oneOf"] = std::move(alternatives);
      }
      return schema;
    case SchemaDefinition::Shape::FreeForm:
      schema["type"] = "object";
      return schema;
    case SchemaDefinition::Shape::Structure:
      break;
  }
  schema["type"] = "object";
  boost::json::object properties;
  boost::json::array required;
  for (const FieldDefinition& field : definition.fields) {
    properties[field.name] = propertySchema(field, version);
    if (field.required) required.emplace_back(field.name);
  }
  schema["properties"] = std::move(properties);
  if (!required.empty()) schema["required"] = std::move(required);
  if (definition.groupVersionKind && version == OpenApiVersion::V3) {
    schema["x-kubernetes-group-version-kind"] = boost::json::array{gvkObject(*definition.groupVersionKind)};
  }
  return schema;
}

const SchemaCatalog& builtinSchemaCatalog() {
  static const SchemaCatalog catalog = [] {
    std::vector<std::string_view> all;
    for (auto part : {sources::meta, sources::corePods, sources::coreOthers, sources::workloads, sources::cluster,
                      sources::podExtras, sources::volumeSources}) {
      for (std::string_view text : part()) all.push_back(text);
    }
    SchemaCatalog parsed = SchemaCatalog::parse(all);
    for (const api::ResourceType& type : api::builtinResourceTypes()) {
      if (type.hasVerb("list")) parsed.addListKind({type.group, type.version, type.kind});
    }
    return parsed;
  }();
  return catalog;
}

}  // namespace kubelab::apiserver::openapi
