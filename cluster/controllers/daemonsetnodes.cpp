#include "controllers/daemonsetnodes.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <vector>

#include "api/objectmeta.h"

namespace kubelab::controllers {
namespace {
namespace json = boost::json;

std::vector<std::string> stringValues(const json::object& requirement) {
  std::vector<std::string> values;
  if (const json::array* array = api::arrayAt(requirement, {"values"})) {
    for (const json::value& value : *array) {
      if (value.is_string()) values.emplace_back(value.get_string());
    }
  }
  return values;
}

std::optional<std::int64_t> parseInteger(const std::string& text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// One NodeSelectorRequirement against a value that may be absent.
bool requirementMatches(const json::object& requirement, const std::optional<std::string>& value) {
  std::string op = api::stringAt(requirement, {"operator"});
  std::vector<std::string> values = stringValues(requirement);
  bool listed = value && std::find(values.begin(), values.end(), *value) != values.end();
  if (op == "In") return listed;
  if (op == "NotIn") return !listed;
  if (op == "Exists") return value.has_value();
  if (op == "DoesNotExist") return !value.has_value();
  if ((op == "Gt" || op == "Lt") && value && values.size() == 1) {
    std::optional<std::int64_t> actual = parseInteger(*value);
    std::optional<std::int64_t> bound = parseInteger(values[0]);
    if (!actual || !bound) return false;
    return op == "Gt" ? *actual > *bound : *actual < *bound;
  }
  return false;
}

bool termMatches(const json::object& node, const json::object& term) {
  const json::array* expressions = api::arrayAt(term, {"matchExpressions"});
  const json::array* fields = api::arrayAt(term, {"matchFields"});
  if ((expressions == nullptr || expressions->empty()) && (fields == nullptr || fields->empty())) return false;
  std::map<std::string, std::string> labels = api::labels(node);
  if (expressions != nullptr) {
    for (const json::value& expression : *expressions) {
      if (!expression.is_object()) return false;
      std::string key = api::stringAt(expression.get_object(), {"key"});
      auto found = labels.find(key);
      std::optional<std::string> value;
      if (found != labels.end()) value = found->second;
      if (!requirementMatches(expression.get_object(), value)) return false;
    }
  }
  if (fields != nullptr) {
    for (const json::value& field : *fields) {
      if (!field.is_object()) return false;
      // metadata.name is the only field Kubernetes supports in matchFields.
      if (api::stringAt(field.get_object(), {"key"}) != "metadata.name") return false;
      if (!requirementMatches(field.get_object(), api::name(node))) return false;
    }
  }
  return true;
}

bool hasToleration(const json::array& tolerations, const std::string& key, const std::string& effect) {
  return std::any_of(tolerations.begin(), tolerations.end(), [&](const json::value& toleration) {
    return toleration.is_object() && api::stringAt(toleration.get_object(), {"key"}) == key &&
           api::stringAt(toleration.get_object(), {"effect"}) == effect;
  });
}

}  // namespace

bool toleratesTaint(const json::object& toleration, const json::object& taint) {
  std::string effect = api::stringAt(toleration, {"effect"});
  if (!effect.empty() && effect != api::stringAt(taint, {"effect"})) return false;
  std::string key = api::stringAt(toleration, {"key"});
  if (!key.empty() && key != api::stringAt(taint, {"key"})) return false;
  std::string op = api::stringAt(toleration, {"operator"});
  if (op == "Exists") return true;
  if (op.empty() || op == "Equal") return api::stringAt(toleration, {"value"}) == api::stringAt(taint, {"value"});
  return false;
}

bool nodeMatchesNodeSelectorTerms(const json::object& node, const json::array& terms) {
  return std::any_of(terms.begin(), terms.end(),
                     [&](const json::value& term) { return term.is_object() && termMatches(node, term.get_object()); });
}

void addDaemonPodTolerations(json::object& podSpec) {
  json::array& tolerations = api::ensureArray(podSpec, "tolerations");
  std::vector<std::pair<std::string, std::string>> defaults{
      {"node.kubernetes.io/not-ready", "NoExecute"},       {"node.kubernetes.io/unreachable", "NoExecute"},
      {"node.kubernetes.io/disk-pressure", "NoSchedule"},  {"node.kubernetes.io/memory-pressure", "NoSchedule"},
      {"node.kubernetes.io/pid-pressure", "NoSchedule"},   {"node.kubernetes.io/unschedulable", "NoSchedule"}};
  if (api::booleanAt(podSpec, {"hostNetwork"})) defaults.emplace_back("node.kubernetes.io/network-unavailable", "NoSchedule");
  for (const auto& [key, effect] : defaults) {
    if (hasToleration(tolerations, key, effect)) continue;
    tolerations.push_back(json::object{{"key", key}, {"operator", "Exists"}, {"effect", effect}});
  }
}

void setDaemonPodNodeAffinity(json::object& podSpec, const std::string& nodeName) {
  json::object term{{"matchFields", json::array{json::object{
                                        {"key", "metadata.name"}, {"operator", "In"}, {"values", json::array{json::value(nodeName)}}}}}};
  json::object& affinity = api::ensureObject(podSpec, "affinity");
  json::object& nodeAffinity = api::ensureObject(affinity, "nodeAffinity");
  nodeAffinity["requiredDuringSchedulingIgnoredDuringExecution"] = json::object{{"nodeSelectorTerms", json::array{term}}};
}

std::string daemonPodTargetNode(const json::object& pod) {
  std::string nodeName = api::stringAt(pod, {"spec", "nodeName"});
  if (!nodeName.empty()) return nodeName;
  const json::array* terms = api::arrayAt(
      pod, {"spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"});
  if (terms == nullptr) return "";
  for (const json::value& term : *terms) {
    if (!term.is_object()) continue;
    const json::array* fields = api::arrayAt(term.get_object(), {"matchFields"});
    if (fields == nullptr) continue;
    for (const json::value& field : *fields) {
      if (!field.is_object()) continue;
      const json::object& requirement = field.get_object();
      std::vector<std::string> values = stringValues(requirement);
      if (api::stringAt(requirement, {"key"}) == "metadata.name" && api::stringAt(requirement, {"operator"}) == "In" &&
          values.size() == 1) {
        return values[0];
      }
    }
  }
  return "";
}

bool nodeChangeIsHeartbeat(const json::object& old, const json::object& current) {
  if (api::resourceVersion(old) == api::resourceVersion(current)) return true;
  if (api::labels(old) != api::labels(current)) return false;
  const json::value* oldSpec = old.if_contains("spec");
  const json::value* currentSpec = current.if_contains("spec");
  if ((oldSpec == nullptr) != (currentSpec == nullptr) || (oldSpec != nullptr && *oldSpec != *currentSpec)) return false;
  auto conditionStatuses = [](const json::object& node) {
    std::map<std::string, std::string> statuses;
    if (const json::array* conditions = api::arrayAt(node, {"status", "conditions"})) {
      for (const json::value& condition : *conditions) {
        if (condition.is_object()) {
          statuses[api::stringAt(condition.get_object(), {"type"})] = api::stringAt(condition.get_object(), {"status"});
        }
      }
    }
    return statuses;
  };
  return conditionStatuses(old) == conditionStatuses(current);
}

DaemonNodeDecision nodeShouldRunDaemonPod(const json::object& node, const json::object& daemonSet) {
  DaemonNodeDecision decision;
  const json::object* podTemplate = api::objectAt(daemonSet, {"spec", "template"});
  json::object podSpec;
  if (podTemplate != nullptr && api::objectAt(*podTemplate, {"spec"}) != nullptr) podSpec = *api::objectAt(*podTemplate, {"spec"});
  addDaemonPodTolerations(podSpec);

  std::string fixedNode = api::stringAt(podSpec, {"nodeName"});
  if (!fixedNode.empty() && fixedNode != api::name(node)) return decision;
  std::map<std::string, std::string> nodeLabels = api::labels(node);
  for (const auto& [key, value] : api::stringMap(podSpec, {"nodeSelector"})) {
    auto found = nodeLabels.find(key);
    if (found == nodeLabels.end() || found->second != value) return decision;
  }
  if (const json::array* terms = api::arrayAt(
          podSpec, {"affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"})) {
    if (!nodeMatchesNodeSelectorTerms(node, *terms)) return decision;
  }

  decision.shouldRun = true;
  decision.shouldContinueRunning = true;
  const json::array& tolerations = podSpec["tolerations"].as_array();
  if (const json::array* taints = api::arrayAt(node, {"spec", "taints"})) {
    for (const json::value& taint : *taints) {
      if (!taint.is_object()) continue;
      std::string effect = api::stringAt(taint.get_object(), {"effect"});
      if (effect != "NoSchedule" && effect != "NoExecute") continue;
      bool tolerated = std::any_of(tolerations.begin(), tolerations.end(), [&](const json::value& toleration) {
        return toleration.is_object() && toleratesTaint(toleration.get_object(), taint.get_object());
      });
      if (tolerated) continue;
      decision.shouldRun = false;
      if (effect == "NoExecute") decision.shouldContinueRunning = false;
    }
  }
  return decision;
}

}  // namespace kubelab::controllers
