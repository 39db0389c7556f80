#include "apiserver/protobufdecoder.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "apiserver/protobufschema.h"
#include "common/base64.h"

namespace kubelab::apiserver {
namespace {

using protobuf::FieldSchema;
using protobuf::FieldShape;
using protobuf::MessageSchema;
using protobuf::Presence;
using protobuf::ValueType;

// Deeper than any Kubernetes object nests; a body that claims more is refused, not recursed into.
constexpr int kMaxDepth = 64;
constexpr std::string_view kSendJson = "; send JSON instead, for example with kubectl apply -f";

enum class WireType : std::uint8_t { Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5 };

struct WireField {
  std::uint32_t number = 0;
  WireType type = WireType::Varint;
  std::uint64_t scalar = 0;  // varint and fixed-width values
  std::string_view bytes;    // length-delimited payloads

  // Go writes every non-pointer field, zero or not; a zero one carries nothing a schema could lose.
  bool isEmpty() const { return type == WireType::LengthDelimited ? bytes.empty() : scalar == 0; }
};

class WireReader {
 public:
  explicit WireReader(std::string_view data) : data_(data) {}

  bool atEnd() const { return position_ >= data_.size(); }

  // The reason the bytes are not protobuf, or "" when `field` was read.
  std::string next(WireField& field) {
    std::uint64_t key = 0;
    if (!varint(key)) return "truncated field key";
    if ((key >> 3) == 0 || (key >> 3) > 0x1fffffff) return "field number out of range";
    field = WireField{};
    field.number = static_cast<std::uint32_t>(key >> 3);
    switch (key & 7) {
      case 0:
        field.type = WireType::Varint;
        return varint(field.scalar) ? "" : "truncated varint";
      case 1:
        field.type = WireType::Fixed64;
        return fixed(8, field.scalar) ? "" : "truncated 64-bit value";
      case 5:
        field.type = WireType::Fixed32;
        return fixed(4, field.scalar) ? "" : "truncated 32-bit value";
      case 2: {
        field.type = WireType::LengthDelimited;
        std::uint64_t length = 0;
        if (!varint(length) || length > data_.size() - position_) return "truncated length-delimited field";
        field.bytes = data_.substr(position_, length);
        position_ += length;
        return "";
      }
      default:
        return "unsupported wire type " + std::to_string(key & 7);
    }
  }

  bool varint(std::uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (atEnd()) return false;
      auto byte = static_cast<unsigned char>(data_[position_++]);
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }

 private:
  bool fixed(int size, std::uint64_t& value) {
    if (data_.size() - position_ < static_cast<std::size_t>(size)) return false;
    value = 0;
    for (int index = 0; index < size; ++index) {
      value |= static_cast<std::uint64_t>(static_cast<unsigned char>(data_[position_++])) << (8 * index);
    }
    return true;
  }

  std::string_view data_;
  std::size_t position_ = 0;
};

// All fields of one message, or the reason it is not protobuf.
std::string readMessage(std::string_view bytes, std::vector<WireField>& fields) {
  WireReader reader(bytes);
  while (!reader.atEnd()) {
    WireField field;
    if (std::string error = reader.next(field); !error.empty()) return error;
    fields.push_back(field);
  }
  return "";
}

// Go's encoding/json writes invalid UTF-8 as U+FFFD; so does this.
std::string validUtf8(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  std::size_t index = 0;
  while (index < text.size()) {
    auto lead = static_cast<unsigned char>(text[index]);
    std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3 : (lead >> 3) == 0x1e ? 4 : 0;
    bool valid = length != 0 && index + length <= text.size();
    std::uint32_t codePoint = length == 1 ? lead : length == 2 ? (lead & 0x1f) : length == 3 ? (lead & 0x0f) : (lead & 0x07);
    for (std::size_t next = 1; valid && next < length; ++next) {
      auto continuation = static_cast<unsigned char>(text[index + next]);
      valid = (continuation & 0xc0) == 0x80;
      codePoint = (codePoint << 6) | (continuation & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid too.
    valid = valid && !(length == 2 && codePoint < 0x80) && !(length == 3 && codePoint < 0x800) &&
            !(length == 4 && (codePoint < 0x10000 || codePoint > 0x10ffff)) &&
            !(codePoint >= 0xd800 && codePoint <= 0xdfff);
    if (valid) {
      result.append(text.substr(index, length));
      index += length;
    } else {
      result.append("\xef\xbf\xbd");
      ++index;
    }
  }
  return result;
}

// google.protobuf.Timestamp's range, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, which also keeps
// the calendar arithmetic below far from overflow.
constexpr std::int64_t kZeroTimeSeconds = -62135596800;
constexpr std::int64_t kLastTimeSeconds = 253402300799;

// metav1.Time as time.RFC3339 in UTC, MicroTime with six decimals; null for Go's zero time.
// `seconds` is within the range above and `nanos` within [0, 1e9).
boost::json::value formatTimestamp(std::int64_t seconds, std::int64_t nanos, bool micro) {
  if (seconds == kZeroTimeSeconds && nanos == 0) return nullptr;
  std::int64_t days = seconds / 86400;
  std::int64_t secondOfDay = seconds % 86400;
  if (secondOfDay < 0) {
    secondOfDay += 86400;
    days -= 1;
  }
  std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
  char text[64];
  int length = std::snprintf(text, sizeof(text), "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(date.year()),
                             static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                             static_cast<int>(secondOfDay / 3600), static_cast<int>(secondOfDay / 60 % 60),
                             static_cast<int>(secondOfDay % 60));
  std::string result(text, static_cast<std::size_t>(length));
  if (micro) {
    std::snprintf(text, sizeof(text), ".%06d", static_cast<int>(nanos / 1000));
    result += text;
  }
  return boost::json::value(result + "Z");
}

bool isVarintType(ValueType type) {
  return type == ValueType::Bool || type == ValueType::Int32 || type == ValueType::Int64;
}

bool isScalarType(ValueType type) { return isVarintType(type) || type == ValueType::String || type == ValueType::Bytes; }

boost::json::value varintValue(ValueType type, std::uint64_t raw) {
  if (type == ValueType::Bool) return boost::json::value(raw != 0);
  // int32 travels sign-extended to 64 bits; its low 32 bits are the value.
  if (type == ValueType::Int32) return boost::json::value(static_cast<std::int64_t>(static_cast<std::int32_t>(raw)));
  return boost::json::value(static_cast<std::int64_t>(raw));
}

bool isZero(const boost::json::value& value) {
  if (value.is_null()) return true;
  if (value.is_bool()) return !value.get_bool();
  if (value.is_int64()) return value.get_int64() == 0;
  if (value.is_string()) return value.get_string().empty();
  return false;
}

std::string concatenated(std::span<const WireField> occurrences) {
  std::string bytes;
  for (const WireField& occurrence : occurrences) bytes.append(occurrence.bytes);
  return bytes;
}

// Renders one message's fields into a JSON object, field by field from the schema.
class ObjectRenderer {
 public:
  explicit ObjectRenderer(std::string typeName) : typeName_(std::move(typeName)) {}

  Status renderMessage(const MessageSchema& schema, std::string_view bytes, boost::json::object& into) {
    std::vector<WireField> fields;
    if (std::string error = readMessage(bytes, fields); !error.empty()) return malformed(error);
    std::stable_sort(fields.begin(), fields.end(),
                     [](const WireField& left, const WireField& right) { return left.number < right.number; });
    for (const WireField& field : fields) {
      if (schema.findField(field.number) == nullptr && !field.isEmpty()) {
        return badRequest("KubeLab cannot decode protobuf field " + std::to_string(field.number) + " of " +
                          schema.name + where() + " in " + typeName_ + " yet" + std::string(kSendJson));
      }
    }
    for (const FieldSchema& field : schema.fields) {
      auto [first, last] = std::ranges::equal_range(fields, field.number, {}, &WireField::number);
      bool named = field.shape != FieldShape::Inline;  // inlined fields read as the enclosing object's own
      if (named) path_.push_back(field.jsonName);
      Status rendered = renderField(field, std::span<const WireField>(first, last), into);
      if (named) path_.pop_back();
      KUBELAB_RETURN_IF_ERROR(rendered);
    }
    return Status::ok();
  }

 private:
  Status renderField(const FieldSchema& field, std::span<const WireField> occurrences, boost::json::object& into) {
    switch (field.shape) {
      case FieldShape::Inline:
        if (!allLengthDelimited(occurrences)) return malformed("an embedded message is not length-delimited");
        return renderMessage(*field.message, concatenated(occurrences), into);
      case FieldShape::Repeated:
        return renderRepeated(field, occurrences, into);
      case FieldShape::Map:
        return renderMap(field, occurrences, into);
      case FieldShape::Single:
        break;
    }
    if (occurrences.empty() && field.presence == Presence::Pointer) return Status::ok();
    if (occurrences.empty() && field.presence == Presence::PointerOrNull) {
      into[field.jsonName] = nullptr;
      return Status::ok();
    }
    Result<boost::json::value> value = singleValue(field, occurrences);
    if (!value) return value.status();
    // omitempty leaves out zero scalars; structs render whatever their value.
    if (field.presence == Presence::OmitEmpty && isScalarType(field.type) && isZero(*value)) return Status::ok();
    into[field.jsonName] = std::move(*value);
    return Status::ok();
  }

  Result<boost::json::value> singleValue(const FieldSchema& field, std::span<const WireField> occurrences) {
    if (isScalarType(field.type)) {
      if (occurrences.empty()) return zeroScalar(field.type);
      return scalarValue(field.type, occurrences.back());  // the last one wins, as in protobuf
    }
    // Repeated occurrences of an embedded message merge, which for these is concatenation.
    if (!allLengthDelimited(occurrences)) return malformed("an embedded message is not length-delimited");
    return structValue(field.type, field.message, concatenated(occurrences));
  }

  Status renderRepeated(const FieldSchema& field, std::span<const WireField> occurrences, boost::json::object& into) {
    boost::json::array items;
    for (const WireField& occurrence : occurrences) {
      if (isVarintType(field.type) && occurrence.type == WireType::LengthDelimited) {
        KUBELAB_RETURN_IF_ERROR(unpackVarints(field.type, occurrence.bytes, items));
        continue;
      }
      Result<boost::json::value> item = isScalarType(field.type)
                                            ? scalarValue(field.type, occurrence)
                                            : elementStruct(field, occurrence);
      if (!item) return item.status();
      items.push_back(std::move(*item));
    }
    if (!items.empty()) {
      into[field.jsonName] = std::move(items);
    } else if (field.presence != Presence::OmitEmpty) {
      into[field.jsonName] = nullptr;  // a nil slice
    }
    return Status::ok();
  }

  Result<boost::json::value> elementStruct(const FieldSchema& field, const WireField& occurrence) {
    if (occurrence.type != WireType::LengthDelimited) return malformed("a list element is not length-delimited");
    return structValue(field.type, field.message, occurrence.bytes);
  }

  Status unpackVarints(ValueType type, std::string_view packed, boost::json::array& items) {
    WireReader reader(packed);
    while (!reader.atEnd()) {
      std::uint64_t raw = 0;
      if (!reader.varint(raw)) return malformed("truncated packed varint");
      items.push_back(varintValue(type, raw));
    }
    return Status::ok();
  }

  // A map is a repeated entry message {key = 1, value = 2}; Go writes its keys sorted.
  Status renderMap(const FieldSchema& field, std::span<const WireField> occurrences, boost::json::object& into) {
    std::map<std::string, boost::json::value> entries;
    for (const WireField& occurrence : occurrences) {
      if (occurrence.type != WireType::LengthDelimited) return malformed("a map entry is not length-delimited");
      std::vector<WireField> entryFields;
      if (std::string error = readMessage(occurrence.bytes, entryFields); !error.empty()) return malformed(error);
      std::string key;
      const WireField* value = nullptr;
      for (const WireField& entryField : entryFields) {
        if (entryField.number == 1) {
          if (entryField.type != WireType::LengthDelimited) return malformed("a map key is not a string");
          key = validUtf8(entryField.bytes);
        } else if (entryField.number == 2) {
          value = &entryField;
        }
      }
      Result<boost::json::value> rendered = mapValue(field, value);
      if (!rendered) return rendered.status();
      entries[key] = std::move(*rendered);
    }
    if (entries.empty()) {
      if (field.presence != Presence::OmitEmpty) into[field.jsonName] = nullptr;  // a nil map
      return Status::ok();
    }
    boost::json::object rendered;
    for (auto& [key, value] : entries) rendered[key] = std::move(value);
    into[field.jsonName] = std::move(rendered);
    return Status::ok();
  }

  Result<boost::json::value> mapValue(const FieldSchema& field, const WireField* value) {
    if (value == nullptr) {
      // Go's zero value: a nil []byte is null, a struct renders as its zero.
      if (field.type == ValueType::Bytes) return boost::json::value(nullptr);
      if (isScalarType(field.type)) return zeroScalar(field.type);
      return structValue(field.type, field.message, "");
    }
    if (isScalarType(field.type)) return scalarValue(field.type, *value);
    if (value->type != WireType::LengthDelimited) return malformed("a map value is not length-delimited");
    return structValue(field.type, field.message, value->bytes);
  }

  static boost::json::value zeroScalar(ValueType type) {
    switch (type) {
      case ValueType::String:
        return boost::json::value("");
      case ValueType::Bool:
        return boost::json::value(false);
      case ValueType::Int32:
      case ValueType::Int64:
        return boost::json::value(std::int64_t{0});
      default:
        return nullptr;  // a nil []byte
    }
  }

  Result<boost::json::value> scalarValue(ValueType type, const WireField& field) {
    if (isVarintType(type)) {
      if (field.type != WireType::Varint) return malformed("expected a varint");
      return varintValue(type, field.scalar);
    }
    if (field.type != WireType::LengthDelimited) return malformed("expected a length-delimited value");
    if (type == ValueType::Bytes) return boost::json::value(base64Encode(field.bytes));
    return boost::json::value(validUtf8(field.bytes));
  }

  Result<boost::json::value> structValue(ValueType type, const MessageSchema* message, std::string_view bytes) {
    switch (type) {
      case ValueType::Message:
        return nestedMessage(*message, bytes);
      case ValueType::Time:
      case ValueType::MicroTime:
        return timestamp(bytes, type == ValueType::MicroTime);
      case ValueType::Quantity:
        return quantity(bytes);
      case ValueType::IntOrString:
        return intOrString(bytes);
      case ValueType::RawJson:
        return rawJson(bytes);
      case ValueType::StringList:
        return stringList(bytes);
      default:
        return malformed("unexpected value type");
    }
  }

  Result<boost::json::value> nestedMessage(const MessageSchema& message, std::string_view bytes) {
    if (++depth_ > kMaxDepth) return malformed("nested too deeply");
    boost::json::object object;
    Status rendered = renderMessage(message, bytes, object);
    --depth_;
    if (!rendered) return rendered;
    return boost::json::value(std::move(object));
  }

  // The fields of a small fixed message (Timestamp, Quantity, IntOrString, ...), last one winning.
  Result<std::map<std::uint32_t, WireField>> smallMessage(std::string_view bytes) {
    std::vector<WireField> fields;
    if (std::string error = readMessage(bytes, fields); !error.empty()) return malformed(error);
    std::map<std::uint32_t, WireField> byNumber;
    for (const WireField& field : fields) byNumber[field.number] = field;
    return byNumber;
  }

  Result<boost::json::value> timestamp(std::string_view bytes, bool micro) {
    Result<std::map<std::uint32_t, WireField>> fields = smallMessage(bytes);
    if (!fields) return fields.status();
    if (fields->empty()) return boost::json::value(nullptr);  // Go's zero time
    auto seconds = static_cast<std::int64_t>((*fields)[1].scalar);
    std::int64_t nanos = static_cast<std::int32_t>((*fields)[2].scalar);
    if (seconds < kZeroTimeSeconds || seconds > kLastTimeSeconds) return malformed("a time outside years 1 to 9999");
    // Go's time.Unix carries whole seconds out of nanos, negative ones included.
    seconds += nanos / 1'000'000'000;
    nanos %= 1'000'000'000;
    if (nanos < 0) {
      nanos += 1'000'000'000;
      seconds -= 1;
    }
    return formatTimestamp(seconds, nanos, micro);
  }

  Result<boost::json::value> quantity(std::string_view bytes) {
    Result<std::map<std::uint32_t, WireField>> fields = smallMessage(bytes);
    if (!fields) return fields.status();
    auto text = fields->find(1);
    if (text == fields->end()) return boost::json::value("0");  // Go's zero Quantity
    if (text->second.type != WireType::LengthDelimited || text->second.bytes.empty()) {
      return malformed("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }
    return boost::json::value(validUtf8(text->second.bytes));
  }

  // intstr.IntOrString {type = 1 (0 int, 1 string), intVal = 2, strVal = 3}.
  Result<boost::json::value> intOrString(std::string_view bytes) {
    Result<std::map<std::uint32_t, WireField>> fields = smallMessage(bytes);
    if (!fields) return fields.status();
    if ((*fields)[1].scalar == 1) return boost::json::value(validUtf8((*fields)[3].bytes));
    return varintValue(ValueType::Int32, (*fields)[2].scalar);
  }

  // runtime.RawExtension and metav1.FieldsV1 {raw = 1}: JSON embedded as bytes.
  Result<boost::json::value> rawJson(std::string_view bytes) {
    Result<std::map<std::uint32_t, WireField>> fields = smallMessage(bytes);
    if (!fields) return fields.status();
    std::string_view raw = (*fields)[1].bytes;
    if (raw.empty()) return boost::json::value(nullptr);
    boost::system::error_code error;
    boost::json::value parsed = boost::json::parse(raw, error);
    if (error) return malformed("embedded JSON does not parse: " + error.message());
    return parsed;
  }

  Result<boost::json::value> stringList(std::string_view bytes) {
    std::vector<WireField> fields;
    if (std::string error = readMessage(bytes, fields); !error.empty()) return malformed(error);
    boost::json::array items;
    for (const WireField& field : fields) {
      if (field.number != 1 || field.type != WireType::LengthDelimited) continue;
      items.push_back(boost::json::value(validUtf8(field.bytes)));
    }
    if (items.empty()) return boost::json::value(nullptr);
    return boost::json::value(std::move(items));
  }

  static bool allLengthDelimited(std::span<const WireField> occurrences) {
    return std::all_of(occurrences.begin(), occurrences.end(),
                       [](const WireField& field) { return field.type == WireType::LengthDelimited; });
  }

  std::string where() const {
    std::string path;
    for (std::string_view name : path_) {
      if (!path.empty()) path += '.';
      path += name;
    }
    return path.empty() ? "" : " (at " + path + ")";
  }

  Status malformed(const std::string& reason) const {
    return badRequest("malformed protobuf body for " + typeName_ + where() + ": " + reason);
  }

  std::string typeName_;
  std::vector<std::string_view> path_;
  int depth_ = 0;
};

struct Envelope {
  std::string apiVersion;
  std::string kind;
  std::string_view raw;
  std::string contentEncoding;
};

Result<Envelope> readEnvelope(std::string_view body) {
  auto malformedEnvelope = [](const std::string& reason) {
    return badRequest("malformed protobuf body: " + reason);
  };
  if (!body.starts_with(kKubernetesProtobufMagic)) {
    return malformedEnvelope("it does not start with the Kubernetes protobuf prefix \"k8s\\x00\"");
  }
  std::vector<WireField> fields;
  if (std::string error = readMessage(body.substr(kKubernetesProtobufMagic.size()), fields); !error.empty()) {
    return malformedEnvelope(error);
  }
  Envelope envelope;
  for (const WireField& field : fields) {
    if (field.number > 4) continue;
    if (field.type != WireType::LengthDelimited) return malformedEnvelope("the runtime.Unknown envelope is invalid");
    if (field.number == 1) {
      std::vector<WireField> typeMeta;
      if (std::string error = readMessage(field.bytes, typeMeta); !error.empty()) return malformedEnvelope(error);
      for (const WireField& meta : typeMeta) {
        if (meta.type != WireType::LengthDelimited) continue;
        if (meta.number == 1) envelope.apiVersion = validUtf8(meta.bytes);
        if (meta.number == 2) envelope.kind = validUtf8(meta.bytes);
      }
    } else if (field.number == 2) {
      envelope.raw = field.bytes;
    } else if (field.number == 3) {
      envelope.contentEncoding = validUtf8(field.bytes);
    }
  }
  if (envelope.kind.empty() || envelope.apiVersion.empty()) {
    return malformedEnvelope("the runtime.Unknown envelope names no apiVersion and kind");
  }
  if (!envelope.contentEncoding.empty()) {
    return badRequest("KubeLab cannot decode protobuf with contentEncoding \"" + envelope.contentEncoding + "\" yet" +
                      std::string(kSendJson));
  }
  return envelope;
}

}  // namespace

Result<boost::json::object> decodeKubernetesProtobuf(std::string_view body) {
  Result<Envelope> envelope = readEnvelope(body);
  if (!envelope) return envelope.status();
  const Result<protobuf::Schema>& schema = protobuf::kubernetesSchema();
  if (!schema) return schema.status();
  std::string typeName = envelope->apiVersion + " " + envelope->kind;
  const MessageSchema* message = schema->findKind(envelope->apiVersion, envelope->kind);
  if (message == nullptr) {
    return badRequest("KubeLab cannot decode protobuf for " + typeName + " yet" + std::string(kSendJson));
  }
  boost::json::object object;
  object["kind"] = envelope->kind;
  object["apiVersion"] = envelope->apiVersion;
  ObjectRenderer renderer(typeName);
  KUBELAB_RETURN_IF_ERROR(renderer.renderMessage(*message, envelope->raw, object));
  return object;
}

}  // namespace kubelab::apiserver
