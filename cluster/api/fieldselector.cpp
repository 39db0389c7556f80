#include "api/fieldselector.h"

#include <algorithm>

namespace kubelab::api {
namespace {

// Splits on commas that are not escaped with a backslash.
std::vector<std::string> splitTerms(std::string_view text) {
  std::vector<std::string> terms;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      current += c;
      current += text[++i];
    } else if (c == ',') {
      terms.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  terms.push_back(std::move(current));
  return terms;
}

Result<std::string> unescapeValue(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '\\') {
      if (i + 1 >= value.size() || std::string_view("\\,=").find(value[i + 1]) == std::string_view::npos) {
        return badRequest("invalid field selector: invalid escape sequence: " + std::string(value.substr(i, 2)));
      }
      out += value[++i];
    } else if (c == ',' || c == '=') {
      return badRequest("invalid field selector: unescaped character in value: " + std::to_string(static_cast<int>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

std::string escapeValue(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == ',' || c == '=') out += '\\';
    out += c;
  }
  return out;
}

bool isCore(const ResourceType& type, std::string_view kind) { return type.group.empty() && type.kind == kind; }

std::string integerText(const Object& object, std::initializer_list<std::string_view> path) {
  return std::to_string(integerAt(object, path, 0));
}

std::string booleanText(const Object& object, std::initializer_list<std::string_view> path) {
  return booleanAt(object, path) ? "true" : "false";
}

std::string podIPs(const Object& pod) {
  std::string joined;
  if (const boost::json::array* ips = arrayAt(pod, {"status", "podIPs"})) {
    for (const boost::json::value& entry : *ips) {
      if (!entry.is_object()) continue;
      const boost::json::value* ip = entry.get_object().if_contains("ip");
      if (ip != nullptr && ip->is_string()) joined += (joined.empty() ? "" : ",") + std::string(ip->get_string());
    }
  }
  return joined;
}

std::optional<std::string> podField(const Object& pod, std::string_view field) {
  if (field == "spec.hostNetwork") return booleanText(pod, {"spec", "hostNetwork"});
  if (field == "status.podIPs") return podIPs(pod);
  for (std::string_view plain : {"spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                                 "status.phase", "status.podIP", "status.nominatedNodeName"}) {
    if (field != plain) continue;
    std::size_t dot = field.find('.');
    return stringAt(pod, {field.substr(0, dot), field.substr(dot + 1)});
  }
  return std::nullopt;
}

std::optional<std::string> eventField(const Object& event, std::string_view field) {
  if (field.substr(0, 15) == "involvedObject.") return stringAt(event, {"involvedObject", field.substr(15)});
  if (field == "source") return stringAt(event, {"source", "component"});
  if (field == "reason" || field == "reportingComponent" || field == "type") return stringAt(event, {field});
  return std::nullopt;
}

// The fields beyond metadata.name/metadata.namespace that Kubernetes registers per kind.
std::vector<std::string> extraFields(const ResourceType& type) {
  if (isCore(type, "Pod")) {
    return {"spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
            "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName"};
  }
  if (isCore(type, "Node")) return {"spec.unschedulable"};
  if (isCore(type, "ReplicationController")) return {"status.replicas"};
  if (type.group == "apps" && type.kind == "ReplicaSet") return {"status.replicas"};
  if (type.group == "batch" && type.kind == "Job") return {"status.successful"};
  if (isCore(type, "Secret")) return {"type"};
  if (isCore(type, "Namespace")) return {"status.phase"};
  if (isCore(type, "Service")) return {"spec.clusterIP", "spec.type"};
  if (isCore(type, "Event")) {
    return {"involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
            "reportingComponent", "source", "type"};
  }
  return {};
}

}  // namespace

std::vector<std::string> supportedFieldLabels(const ResourceType& type) {
  std::vector<std::string> fields{"metadata.name"};
  // Nodes and namespaces register their own conversions, which leave out metadata.namespace.
  if (!isCore(type, "Node") && !isCore(type, "Namespace")) fields.emplace_back("metadata.namespace");
  for (std::string& field : extraFields(type)) fields.push_back(std::move(field));
  return fields;
}

std::string fieldLabelValue(const ResourceType& type, const Object& object, std::string_view field) {
  if (field == "metadata.name") return name(object);
  if (field == "metadata.namespace") return type.namespaced ? namespaceOf(object) : "";
  if (isCore(type, "Pod")) return podField(object, field).value_or("");
  if (isCore(type, "Event")) return eventField(object, field).value_or("");
  if (field == "spec.unschedulable") return booleanText(object, {"spec", "unschedulable"});
  if (field == "status.replicas") return integerText(object, {"status", "replicas"});
  if (field == "status.successful") return integerText(object, {"status", "succeeded"});
  if (field == "type") return stringAt(object, {"type"});
  if (field == "status.phase") return stringAt(object, {"status", "phase"});
  if (field == "spec.clusterIP") return stringAt(object, {"spec", "clusterIP"});
  if (field == "spec.type") return stringAt(object, {"spec", "type"});
  return "";
}

Result<FieldSelector> FieldSelector::parse(std::string_view text) {
  FieldSelector selector;
  std::vector<std::string> terms = splitTerms(text);
  std::sort(terms.begin(), terms.end());
  for (const std::string& term : terms) {
    if (term.empty()) continue;
    // Kubernetes takes the first operator from the left, trying "!=" and "==" before "=".
    std::size_t position = std::string::npos;
    std::string_view op;
    for (std::size_t i = 0; i < term.size() && position == std::string::npos; ++i) {
      for (std::string_view candidate : {"!=", "==", "="}) {
        if (term.compare(i, candidate.size(), candidate) == 0) {
          position = i;
          op = candidate;
          break;
        }
      }
    }
    if (position == std::string::npos) {
      return badRequest("invalid selector: '" + std::string(text) + "'; can't understand '" + term + "'");
    }
    Result<std::string> value = unescapeValue(std::string_view(term).substr(position + op.size()));
    if (!value) return value.status();
    selector.requirements_.push_back({term.substr(0, position), op != "!=", std::move(*value)});
  }
  return selector;
}

Status FieldSelector::resolveFor(const ResourceType& type) {
  std::vector<std::string> supported = supportedFieldLabels(type);
  for (FieldRequirement& requirement : requirements_) {
    if (isCore(type, "Pod") && requirement.field == "spec.host") requirement.field = "spec.nodeName";
    if (std::find(supported.begin(), supported.end(), requirement.field) == supported.end()) {
      return badRequest("field label not supported: " + requirement.field);
    }
  }
  return Status::ok();
}

bool FieldSelector::matches(const ResourceType& type, const Object& object) const {
  return std::all_of(requirements_.begin(), requirements_.end(), [&](const FieldRequirement& requirement) {
    return (fieldLabelValue(type, object, requirement.field) == requirement.value) == requirement.equals;
  });
}

std::optional<std::string> FieldSelector::requiredValue(std::string_view field) const {
  for (const FieldRequirement& requirement : requirements_) {
    if (requirement.field == field && requirement.equals) return requirement.value;
  }
  return std::nullopt;
}

std::string FieldSelector::toString() const {
  std::string text;
  for (const FieldRequirement& requirement : requirements_) {
    if (!text.empty()) text += ",";
    text += requirement.field + (requirement.equals ? "=" : "!=") + escapeValue(requirement.value);
  }
  return text;
}

}  // namespace kubelab::api
