#include "apiserver/fieldpruning.h"

#include <algorithm>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "apiserver/openapischema.h"

namespace kubelab::apiserver {
namespace {

using openapi::SchemaCatalog;
using openapi::SchemaDefinition;
using openapi::TypeExpression;

class FieldPruner {
 public:
  explicit FieldPruner(const SchemaCatalog& catalog) : catalog_(catalog) {}

  void pruneStructure(const SchemaDefinition& definition, boost::json::object& object, const std::string& path) {
    if (definition.shape != SchemaDefinition::Shape::Structure || !definition.complete) return;
    std::vector<std::string> unknown;
    for (auto& member : object) {
      const std::string fieldPath = path.empty() ? std::string(member.key()) : path + "." + std::string(member.key());
      const auto field = std::find_if(definition.fields.begin(), definition.fields.end(),
                                      [&](const openapi::FieldDefinition& candidate) {
                                        return candidate.name == member.key();
                                      });
      if (field == definition.fields.end()) {
        unknown.emplace_back(member.key());
        found_.push_back(fieldPath);
        continue;
      }
      pruneValue(field->type, member.value(), fieldPath);
    }
    for (const std::string& key : unknown) object.erase(key);
  }

  std::vector<std::string> takeFound() { return std::move(found_); }

 private:
  void pruneValue(const TypeExpression& type, boost::json::value& value, const std::string& path) {
    switch (type.shape) {
      case TypeExpression::Shape::Reference:
        if (const SchemaDefinition* definition = catalog_.find(type.reference); definition && value.is_object()) {
          pruneStructure(*definition, value.as_object(), path);
        }
        break;
      case TypeExpression::Shape::Array:
        if (value.is_array()) {
          boost::json::array& items = value.as_array();
          for (std::size_t index = 0; index < items.size(); ++index) {
            pruneValue(type.element.front(), items[index], path + "[" + std::to_string(index) + "]");
          }
        }
        break;
      case TypeExpression::Shape::Map:
        if (value.is_object()) {
          for (auto& entry : value.as_object()) {
            pruneValue(type.element.front(), entry.value(), path + "." + std::string(entry.key()));
          }
        }
        break;
      case TypeExpression::Shape::Primitive:
      case TypeExpression::Shape::FreeForm:
        break;  // values of the wrong JSON type are a decoding error, not an unknown field
    }
  }

  const SchemaCatalog& catalog_;
  std::vector<std::string> found_;
};

openapi::GroupVersionKind groupVersionKind(std::string_view apiVersion, std::string_view kind) {
  const auto slash = apiVersion.find('/');
  if (slash == std::string_view::npos) return {"", std::string(apiVersion), std::string(kind)};
  return {std::string(apiVersion.substr(0, slash)), std::string(apiVersion.substr(slash + 1)), std::string(kind)};
}

}  // namespace

std::vector<std::string> pruneUnknownFields(std::string_view apiVersion, std::string_view kind,
                                            boost::json::object& object) {
  const SchemaCatalog& catalog = openapi::builtinSchemaCatalog();
  const SchemaDefinition* definition = catalog.findKind(groupVersionKind(apiVersion, kind));
  if (definition == nullptr) return {};
  FieldPruner pruner(catalog);
  pruner.pruneStructure(*definition, object, "");
  return pruner.takeFound();
}

std::string unknownFieldMessage(std::string_view path) { return "unknown field \"" + std::string(path) + "\""; }

// Kubernetes joins the violations of one body with ", " after a single prefix
// (k8s.io/apimachinery runtime.strictDecodingError).
std::string strictDecodingMessage(const std::vector<std::string>& unknownFields) {
  std::string message = "strict decoding error: ";
  for (std::size_t index = 0; index < unknownFields.size(); ++index) {
    if (index != 0) message += ", ";
    message += unknownFieldMessage(unknownFields[index]);
  }
  return message;
}

}  // namespace kubelab::apiserver
