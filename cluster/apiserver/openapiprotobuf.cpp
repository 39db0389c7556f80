#include "apiserver/openapiprotobuf.h"

#include <cstdint>
#include <string_view>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace kubelab::apiserver::openapi {
namespace {

// Protocol buffers wire format, the two wire types this document needs.
class ProtoWriter {
 public:
  void string(int field, std::string_view value) {
    if (value.empty()) return;
    key(field, 2);
    varint(value.size());
    bytes_.append(value);
  }
  void boolean(int field, bool value) {
    if (!value) return;
    key(field, 0);
    varint(1);
  }
  void message(int field, const ProtoWriter& message) {
    key(field, 2);
    varint(message.bytes_.size());
    bytes_.append(message.bytes_);
  }
  const std::string& bytes() const { return bytes_; }

 private:
  void key(int field, int wireType) { varint((static_cast<std::uint64_t>(field) << 3) | static_cast<unsigned>(wireType)); }
  void varint(std::uint64_t value) {
    while (value >= 0x80) {
      bytes_.push_back(static_cast<char>((value & 0x7f) | 0x80));
      value >>= 7;
    }
    bytes_.push_back(static_cast<char>(value));
  }
  std::string bytes_;
};

std::string_view stringAt(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string_view(value->get_string()) : std::string_view();
}

bool booleanAt(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  return value != nullptr && value->is_bool() && value->get_bool();
}

void strings(ProtoWriter& writer, int field, const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_array()) return;
  for (const boost::json::value& item : value->get_array()) {
    if (item.is_string()) writer.string(field, item.get_string());
  }
}

// openapi.v2.Any carries a value as YAML text.
ProtoWriter anyValue(const boost::json::value& value) {
  ProtoWriter any;
  any.string(2, boost::json::serialize(value) + "\n");
  return any;
}

// Every "x-" key of an object, as repeated NamedAny.
void vendorExtensions(ProtoWriter& writer, int field, const boost::json::object& object) {
  for (const auto& member : object) {
    if (member.key().substr(0, 2) != "x-") continue;
    ProtoWriter named;
    named.string(1, member.key());
    named.message(2, anyValue(member.value()));
    writer.message(field, named);
  }
}

ProtoWriter schema(const boost::json::object& object) {
  ProtoWriter writer;
  writer.string(1, stringAt(object, "$ref"));
  writer.string(2, stringAt(object, "format"));
  writer.string(4, stringAt(object, "description"));
  if (const boost::json::value* value = object.if_contains("default")) writer.message(5, anyValue(*value));
  writer.boolean(16, booleanAt(object, "uniqueItems"));
  strings(writer, 19, object, "required");
  if (const boost::json::value* values = object.if_contains("enum"); values != nullptr && values->is_array()) {
    for (const boost::json::value& value : values->get_array()) writer.message(20, anyValue(value));
  }
  if (const boost::json::value* extra = object.if_contains("additionalProperties")) {
    ProtoWriter item;
    if (extra->is_object()) item.message(1, schema(extra->get_object()));
    if (extra->is_bool()) item.boolean(2, extra->get_bool());
    writer.message(21, item);
  }
  if (std::string_view type = stringAt(object, "type"); !type.empty()) {
    ProtoWriter typeItem;
    typeItem.string(1, type);
    writer.message(22, typeItem);
  }
  if (const boost::json::value* items = object.if_contains("items"); items != nullptr && items->is_object()) {
    ProtoWriter itemsItem;
    itemsItem.message(1, schema(items->get_object()));
    writer.message(23, itemsItem);
  }
  if (const boost::json::value* allOf = object.if_contains("allOf"); allOf != nullptr && allOf->is_array()) {
    for (const boost::json::value& part : allOf->get_array()) {
      if (part.is_object()) writer.message(24, schema(part.get_object()));
    }
  }
  if (const boost::json::value* properties = object.if_contains("properties");
      properties != nullptr && properties->is_object()) {
    ProtoWriter list;
    for (const auto& property : properties->get_object()) {
      if (!property.value().is_object()) continue;
      ProtoWriter named;
      named.string(1, property.key());
      named.message(2, schema(property.value().get_object()));
      list.message(1, named);
    }
    writer.message(25, list);
  }
  vendorExtensions(writer, 31, object);
  return writer;
}

// ParametersItem { Parameter { BodyParameter | NonBodyParameter { query | path } } }.
ProtoWriter parameter(const boost::json::object& object) {
  const std::string_view in = stringAt(object, "in");
  ProtoWriter wrapped;
  if (in == "body") {
    ProtoWriter body;
    body.string(1, stringAt(object, "description"));
    body.string(2, stringAt(object, "name"));
    body.string(3, in);
    body.boolean(4, booleanAt(object, "required"));
    if (const boost::json::value* value = object.if_contains("schema"); value != nullptr && value->is_object()) {
      body.message(5, schema(value->get_object()));
    }
    wrapped.message(1, body);
  } else {
    const bool query = in == "query";
    ProtoWriter sub;
    sub.boolean(1, booleanAt(object, "required"));
    sub.string(2, in);
    sub.string(3, stringAt(object, "description"));
    sub.string(4, stringAt(object, "name"));
    sub.string(query ? 6 : 5, stringAt(object, "type"));
    sub.boolean(query ? 20 : 19, booleanAt(object, "uniqueItems"));
    ProtoWriter nonBody;
    nonBody.message(query ? 3 : 4, sub);
    wrapped.message(2, nonBody);
  }
  ProtoWriter item;
  item.message(1, wrapped);
  return item;
}

void parameters(ProtoWriter& writer, int field, const boost::json::object& object) {
  const boost::json::value* list = object.if_contains("parameters");
  if (list == nullptr || !list->is_array()) return;
  for (const boost::json::value& value : list->get_array()) {
    if (value.is_object()) writer.message(field, parameter(value.get_object()));
  }
}

ProtoWriter responses(const boost::json::object& object) {
  ProtoWriter writer;
  for (const auto& member : object) {
    if (!member.value().is_object()) continue;
    const boost::json::object& response = member.value().get_object();
    ProtoWriter body;
    body.string(1, stringAt(response, "description"));
    if (const boost::json::value* value = response.if_contains("schema"); value != nullptr && value->is_object()) {
      ProtoWriter schemaItem;
      schemaItem.message(1, schema(value->get_object()));
      body.message(2, schemaItem);
    }
    ProtoWriter responseValue;
    responseValue.message(1, body);
    ProtoWriter named;
    named.string(1, member.key());
    named.message(2, responseValue);
    writer.message(1, named);
  }
  return writer;
}

ProtoWriter operation(const boost::json::object& object) {
  ProtoWriter writer;
  strings(writer, 1, object, "tags");
  writer.string(3, stringAt(object, "description"));
  writer.string(5, stringAt(object, "operationId"));
  strings(writer, 6, object, "produces");
  strings(writer, 7, object, "consumes");
  parameters(writer, 8, object);
  if (const boost::json::value* value = object.if_contains("responses"); value != nullptr && value->is_object()) {
    writer.message(9, responses(value->get_object()));
  }
  strings(writer, 10, object, "schemes");
  vendorExtensions(writer, 13, object);
  return writer;
}

ProtoWriter pathItem(const boost::json::object& object) {
  static constexpr std::pair<std::string_view, int> methods[] = {
      {"get", 2}, {"put", 3}, {"post", 4}, {"delete", 5}, {"patch", 8}};
  ProtoWriter writer;
  for (const auto& [method, field] : methods) {
    if (const boost::json::value* value = object.if_contains(method); value != nullptr && value->is_object()) {
      writer.message(field, operation(value->get_object()));
    }
  }
  parameters(writer, 9, object);
  return writer;
}

// A JSON object of objects as repeated Named<T> { name = 1; value = 2 } inside `field`.
template <typename Encode>
void namedMap(ProtoWriter& writer, int listField, int entryField, const boost::json::value* map, Encode encode) {
  if (map == nullptr || !map->is_object()) return;
  ProtoWriter list;
  for (const auto& member : map->get_object()) {
    if (!member.value().is_object()) continue;
    ProtoWriter named;
    named.string(1, member.key());
    named.message(2, encode(member.value().get_object()));
    list.message(entryField, named);
  }
  writer.message(listField, list);
}

}  // namespace

std::string encodeOpenApiV2Protobuf(const boost::json::object& document) {
  ProtoWriter writer;
  writer.string(1, stringAt(document, "swagger"));
  if (const boost::json::value* info = document.if_contains("info"); info != nullptr && info->is_object()) {
    ProtoWriter infoWriter;
    infoWriter.string(1, stringAt(info->get_object(), "title"));
    infoWriter.string(2, stringAt(info->get_object(), "version"));
    writer.message(2, infoWriter);
  }
  namedMap(writer, 8, 2, document.if_contains("paths"), pathItem);
  namedMap(writer, 9, 1, document.if_contains("definitions"), schema);
  return writer.bytes();
}

}  // namespace kubelab::apiserver::openapi
