#include "apiserver/protobufschema.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <utility>

namespace kubelab::apiserver::protobuf {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (!text.empty()) {
    std::size_t end = text.find(separator);
    parts.push_back(trim(text.substr(0, end)));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return parts;
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> result;
  for (std::string_view part : split(text, ' ')) {
    if (!part.empty()) result.push_back(part);
  }
  return result;
}

std::optional<ValueType> builtinType(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, ValueType>, 11> kBuiltins{{
      {"string", ValueType::String},
      {"bytes", ValueType::Bytes},
      {"bool", ValueType::Bool},
      {"int32", ValueType::Int32},
      {"int64", ValueType::Int64},
      {"quantity", ValueType::Quantity},
      {"intorstring", ValueType::IntOrString},
      {"time", ValueType::Time},
      {"microtime", ValueType::MicroTime},
      {"rawjson", ValueType::RawJson},
      {"stringlist", ValueType::StringList},
  }};
  for (const auto& [builtinName, type] : kBuiltins) {
    if (builtinName == name) return type;
  }
  return std::nullopt;
}

Status malformed(std::string_view message, std::string_view entry, std::string_view why) {
  return internalError("protobuf schema of " + std::string(message) + ", entry \"" + std::string(entry) +
                       "\": " + std::string(why));
}

// Reads TYPE (see protobufschema.h) into `field`.
Status parseType(std::string_view messageName, std::string_view entry, std::string_view type, FieldSchema& field) {
  if (type.starts_with("~")) {
    field.shape = FieldShape::Inline;
    field.type = ValueType::Message;
    field.messageName = std::string(type.substr(1));
    return Status::ok();
  }
  bool pointer = type.starts_with("*");
  if (pointer) type.remove_prefix(1);
  char suffix = type.empty() ? '\0' : type.back();
  if (suffix == '?' || suffix == '!') type.remove_suffix(1);
  if (type.starts_with("[]")) {
    field.shape = FieldShape::Repeated;
    type.remove_prefix(2);
  } else if (type.starts_with("map[") && type.ends_with("]")) {
    field.shape = FieldShape::Map;
    type = type.substr(4, type.size() - 5);
  }
  if (pointer && field.shape != FieldShape::Single) return malformed(messageName, entry, "a pointer to a list");
  if (!pointer && suffix == '!') return malformed(messageName, entry, "\"!\" belongs to pointers");
  if (pointer && suffix == '?') return malformed(messageName, entry, "pointers are omitempty already");
  field.presence = pointer ? (suffix == '!' ? Presence::PointerOrNull : Presence::Pointer)
                           : (suffix == '?' ? Presence::OmitEmpty : Presence::Always);
  if (std::optional<ValueType> builtin = builtinType(type)) {
    field.type = *builtin;
  } else if (!type.empty() && std::isupper(static_cast<unsigned char>(type.front()))) {
    field.type = ValueType::Message;
    field.messageName = std::string(type);
  } else {
    return malformed(messageName, entry, "unknown type");
  }
  return Status::ok();
}

Result<FieldSchema> parseField(std::string_view messageName, std::string_view entry) {
  std::vector<std::string_view> parts = words(entry);
  if (parts.size() != 3) return malformed(messageName, entry, "expected NUMBER NAME TYPE");
  FieldSchema field;
  auto [end, error] = std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), field.number);
  if (error != std::errc() || end != parts[0].data() + parts[0].size() || field.number == 0) {
    return malformed(messageName, entry, "bad field number");
  }
  field.jsonName = std::string(parts[1]);
  KUBELAB_RETURN_IF_ERROR(parseType(messageName, entry, parts[2], field));
  return field;
}

Result<MessageSchema> parseMessage(const MessageDefinition& definition) {
  MessageSchema message;
  message.name = std::string(definition.name);
  for (std::string_view entry : split(definition.fields, ',')) {
    if (entry.empty()) continue;
    Result<FieldSchema> field = parseField(definition.name, entry);
    if (!field) return field.status();
    if (message.findField(field->number) != nullptr) {
      return malformed(definition.name, entry, "field number used twice");
    }
    message.fields.push_back(std::move(*field));
  }
  return message;
}

}  // namespace

const FieldSchema* MessageSchema::findField(std::uint32_t number) const {
  for (const FieldSchema& field : fields) {
    if (field.number == number) return &field;
  }
  return nullptr;
}

Result<Schema> Schema::build(std::span<const std::span<const MessageDefinition>> definitions,
                             std::span<const TopLevelKind> kinds) {
  Schema schema;
  for (std::span<const MessageDefinition> group : definitions) {
    for (const MessageDefinition& definition : group) {
      Result<MessageSchema> message = parseMessage(definition);
      if (!message) return message.status();
      std::string name = message->name;
      if (!schema.messages_.emplace(name, std::move(*message)).second) {
        return internalError("protobuf schema defines " + name + " twice");
      }
    }
  }
  for (auto& [name, message] : schema.messages_) {
    for (FieldSchema& field : message.fields) {
      if (field.type != ValueType::Message) continue;
      auto target = schema.messages_.find(field.messageName);
      if (target == schema.messages_.end()) {
        return internalError("protobuf schema of " + name + " names unknown message " + field.messageName);
      }
      field.message = &target->second;
    }
  }
  for (const TopLevelKind& kind : kinds) {
    if (schema.findMessage(kind.message) == nullptr) {
      return internalError("protobuf schema has no message " + std::string(kind.message) + " for kind " +
                           std::string(kind.kind));
    }
  }
  schema.kinds_.assign(kinds.begin(), kinds.end());
  return schema;
}

const MessageSchema* Schema::findMessage(std::string_view name) const {
  auto found = messages_.find(name);
  return found == messages_.end() ? nullptr : &found->second;
}

const MessageSchema* Schema::findKind(std::string_view apiVersion, std::string_view kind) const {
  for (const TopLevelKind& candidate : kinds_) {
    if (candidate.kind == kind && (candidate.apiVersion == "*" || candidate.apiVersion == apiVersion)) {
      return findMessage(candidate.message);
    }
  }
  return nullptr;
}

// The request bodies kubectl sends as protobuf (see tests/unit/apiserver/protobuf_fixtures), plus
// the few the served types' other writers send. Eviction comes from kubectl as JSON, but client-go
// programs send it as protobuf.
std::span<const TopLevelKind> topLevelKinds() {
  static constexpr std::array<TopLevelKind, 23> kKinds{{
      {"v1", "Namespace", "Namespace"},
      {"v1", "ConfigMap", "ConfigMap"},
      {"v1", "Secret", "Secret"},
      {"v1", "Service", "Service"},
      {"v1", "ServiceAccount", "ServiceAccount"},
      {"v1", "ResourceQuota", "ResourceQuota"},
      {"v1", "Pod", "Pod"},
      {"v1", "Binding", "Binding"},
      {"coordination.k8s.io/v1", "Lease", "Lease"},
      {"*", "DeleteOptions", "DeleteOptions"},
      {"policy/v1", "Eviction", "Eviction"},
      {"apps/v1", "Deployment", "Deployment"},
      {"apps/v1", "ReplicaSet", "ReplicaSet"},
      {"batch/v1", "Job", "Job"},
      {"batch/v1", "CronJob", "CronJob"},
      {"rbac.authorization.k8s.io/v1", "Role", "Role"},
      {"rbac.authorization.k8s.io/v1", "ClusterRole", "ClusterRole"},
      {"rbac.authorization.k8s.io/v1", "RoleBinding", "RoleBinding"},
      {"rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "ClusterRoleBinding"},
      {"authorization.k8s.io/v1", "SelfSubjectAccessReview", "SelfSubjectAccessReview"},
      {"authorization.k8s.io/v1", "SelfSubjectRulesReview", "SelfSubjectRulesReview"},
      {"authentication.k8s.io/v1", "SelfSubjectReview", "SelfSubjectReview"},
      {"authorization.k8s.io/v1", "SubjectAccessReview", "SubjectAccessReview"},
  }};
  return kKinds;
}

const Result<Schema>& kubernetesSchema() {
  static const Result<Schema> schema = [] {
    const std::array<std::span<const MessageDefinition>, 6> definitions{
        metaMessageDefinitions(),     coreMessageDefinitions(),     podMessageDefinitions(),
        volumeMessageDefinitions(),   workloadMessageDefinitions(), accessMessageDefinitions(),
    };
    return Schema::build(definitions, topLevelKinds());
  }();
  return schema;
}

}  // namespace kubelab::apiserver::protobuf
