#pragma once
// The Kubernetes protobuf messages kubectl sends, described as data for the decoder in
// protobufdecoder.cpp: for each message, its fields' numbers (from k8s.io/api generated.proto)
// and how Go's encoding/json renders each field of the Go struct (json tag, omitempty, pointer).
//
// A message is written compactly as comma-separated "NUMBER jsonName TYPE" entries, in Go struct
// order, which is also the order of the JSON keys:
//   TYPE      = ["*"] ["[]" | "map[" BASE "]"] BASE ["?" | "!"]   |   "~" MessageName
//   BASE      = string bytes bool int32 int64 quantity intorstring time microtime rawjson stringlist
//               or a MessageName
//   "*"  a Go pointer: rendered only when present on the wire ("!" after it: null when absent,
//        for the few pointers without omitempty).
//   "?"  omitempty on a value field: left out when zero. Structs are never left out (Go does not
//        omit them), so a struct-valued field renders even when absent, as Go renders its zero value.
//   "[]" a repeated field, "map[...]" a map<string, BASE> (entries with key = 1, value = 2); empty
//        ones render as null unless "?".
//   "~"  an embedded struct with `json:",inline"`: its fields render into the enclosing object.
// Special BASEs: quantity is resource.Quantity (a string), intorstring is intstr.IntOrString (a
// number or a string), time and microtime are metav1.Time/MicroTime (RFC 3339 strings, null when
// zero), rawjson is runtime.RawExtension or metav1.FieldsV1 (embedded JSON), stringlist is a
// message wrapping `repeated string items = 1` that JSON shows as the list (authorization's
// ExtraValue).

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kubelab::apiserver::protobuf {

enum class ValueType : std::uint8_t {
  String,
  Bytes,
  Bool,
  Int32,
  Int64,
  Quantity,
  IntOrString,
  Time,
  MicroTime,
  RawJson,
  StringList,
  Message,
};

enum class FieldShape : std::uint8_t { Single, Repeated, Map, Inline };

// How Go's encoding/json decides whether the field appears.
enum class Presence : std::uint8_t {
  Always,         // a value field without omitempty, or any struct
  OmitEmpty,      // a value field with omitempty
  Pointer,        // a pointer with omitempty: present on the wire or left out
  PointerOrNull,  // a pointer without omitempty: null when absent
};

struct MessageSchema;

struct FieldSchema {
  std::uint32_t number = 0;
  std::string jsonName;
  FieldShape shape = FieldShape::Single;
  Presence presence = Presence::Always;
  ValueType type = ValueType::String;
  std::string messageName;                // for ValueType::Message
  const MessageSchema* message = nullptr;  // resolved from messageName
};

struct MessageSchema {
  std::string name;
  std::vector<FieldSchema> fields;  // in Go struct order

  const FieldSchema* findField(std::uint32_t number) const;
};

// One message in the compact text form described above.
struct MessageDefinition {
  std::string_view name;
  std::string_view fields;
};

// A kind a request body may carry, and the message that describes it.
struct TopLevelKind {
  std::string_view apiVersion;  // "*" for any (DeleteOptions travels under every group version)
  std::string_view kind;
  std::string_view message;
};

// The data, one list per schema file.
std::span<const MessageDefinition> metaMessageDefinitions();
std::span<const MessageDefinition> coreMessageDefinitions();
std::span<const MessageDefinition> podMessageDefinitions();
std::span<const MessageDefinition> volumeMessageDefinitions();
std::span<const MessageDefinition> workloadMessageDefinitions();
std::span<const MessageDefinition> accessMessageDefinitions();
std::span<const TopLevelKind> topLevelKinds();

class Schema {
 public:
  // Fields point at other messages of the same map, which survive a move but not a copy.
  Schema() = default;
  Schema(Schema&&) noexcept = default;
  Schema& operator=(Schema&&) noexcept = default;
  Schema(const Schema&) = delete;
  Schema& operator=(const Schema&) = delete;

  // Parses `definitions` and resolves message references; Internal when the data is malformed
  // or names a message it does not define.
  static Result<Schema> build(std::span<const std::span<const MessageDefinition>> definitions,
                              std::span<const TopLevelKind> kinds);

  const MessageSchema* findMessage(std::string_view name) const;
  const MessageSchema* findKind(std::string_view apiVersion, std::string_view kind) const;

 private:
  std::map<std::string, MessageSchema, std::less<>> messages_;
  std::vector<TopLevelKind> kinds_;
};

// Every definition above, built once.
const Result<Schema>& kubernetesSchema();

}  // namespace kubelab::apiserver::protobuf
