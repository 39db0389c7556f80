#include "scheduler/podinfo.h"

#include <algorithm>
#include <charconv>

#include "api/objectmeta.h"
#include "client/objectkey.h"

namespace kubelab::scheduler {

namespace json = boost::json;

bool Toleration::tolerates(const Taint& taint) const {
  if (!effect.empty() && effect != taint.effect) return false;
  if (!key.empty() && key != taint.key) return false;
  if (op == "Exists") return true;
  if (op.empty() || op == "Equal") return value == taint.value;
  return false;
}

bool toleratesTaint(const std::vector<Toleration>& tolerations, const Taint& taint) {
  return std::any_of(tolerations.begin(), tolerations.end(),
                     [&](const Toleration& toleration) { return toleration.tolerates(taint); });
}

namespace {

std::optional<std::int64_t> parseInteger(const std::string& text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool requirementMatches(const NodeSelectorRequirement& requirement, const std::string* value) {
  const std::vector<std::string>& values = requirement.values;
  if (requirement.op == "In") {
    return value != nullptr && std::find(values.begin(), values.end(), *value) != values.end();
  }
  if (requirement.op == "NotIn") {
    return value == nullptr || std::find(values.begin(), values.end(), *value) == values.end();
  }
  if (requirement.op == "Exists") return value != nullptr;
  if (requirement.op == "DoesNotExist") return value == nullptr;
  if (requirement.op == "Gt" || requirement.op == "Lt") {
    if (value == nullptr || values.size() != 1) return false;
    auto have = parseInteger(*value);
    auto bound = parseInteger(values.front());
    if (!have || !bound) return false;
    return requirement.op == "Gt" ? *have > *bound : *have < *bound;
  }
  return false;
}

}  // namespace

bool NodeSelectorTerm::matches(const std::string& nodeName,
                               const std::map<std::string, std::string>& nodeLabels) const {
  const NodeSelectorTerm& term = *this;
  if (term.matchExpressions.empty() && term.matchFields.empty()) return false;
  for (const NodeSelectorRequirement& requirement : term.matchExpressions) {
    auto found = nodeLabels.find(requirement.key);
    if (!requirementMatches(requirement, found == nodeLabels.end() ? nullptr : &found->second)) return false;
  }
  for (const NodeSelectorRequirement& requirement : term.matchFields) {
    // metadata.name is the only node field Kubernetes lets a term select on.
    if (requirement.key != "metadata.name") return false;
    if (!requirementMatches(requirement, &nodeName)) return false;
  }
  return true;
}

namespace {

std::vector<NodeSelectorRequirement> parseRequirements(const json::array* requirements) {
  std::vector<NodeSelectorRequirement> result;
  if (requirements == nullptr) return result;
  for (const json::value& entry : *requirements) {
    if (!entry.is_object()) continue;
    NodeSelectorRequirement requirement;
    requirement.key = api::stringAt(entry.get_object(), {"key"});
    requirement.op = api::stringAt(entry.get_object(), {"operator"});
    if (const json::array* values = api::arrayAt(entry.get_object(), {"values"})) {
      for (const json::value& value : *values) {
        if (value.is_string()) requirement.values.emplace_back(value.get_string());
      }
    }
    result.push_back(std::move(requirement));
  }
  return result;
}

std::vector<PodAffinityTerm> parseAntiAffinity(const json::object& pod, const std::string& podNamespace) {
  std::vector<PodAffinityTerm> terms;
  const json::array* required =
      api::arrayAt(pod, {"spec", "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution"});
  if (required == nullptr) return terms;
  for (const json::value& entry : *required) {
    if (!entry.is_object()) continue;
    const json::object& object = entry.get_object();
    PodAffinityTerm term;
    auto selector = api::LabelSelector::fromJson(object.if_contains("labelSelector"));
    if (selector) term.selector = std::move(*selector);
    term.topologyKey = api::stringAt(object, {"topologyKey"});
    if (const json::array* namespaces = api::arrayAt(object, {"namespaces"})) {
      for (const json::value& name : *namespaces) {
        if (name.is_string()) term.namespaces.emplace(name.get_string());
      }
    }
    // An empty namespaceSelector means every namespace. A non-empty one would need the
    // namespaces' labels, which this scheduler does not watch; it falls back to the listed
    // namespaces (or the pod's own).
    const json::object* namespaceSelector = api::objectAt(object, {"namespaceSelector"});
    if (namespaceSelector != nullptr && namespaceSelector->empty()) term.allNamespaces = true;
    if (term.namespaces.empty()) term.namespaces.insert(podNamespace);
    terms.push_back(std::move(term));
  }
  return terms;
}

}  // namespace

bool RequiredNodeSelector::matches(const std::string& nodeName,
                                   const std::map<std::string, std::string>& nodeLabels) const {
  return std::any_of(terms.begin(), terms.end(),
                     [&](const NodeSelectorTerm& term) { return term.matches(nodeName, nodeLabels); });
}

bool PodAffinityTerm::matchesPod(const std::string& podNamespace,
                                 const std::map<std::string, std::string>& podLabels) const {
  if (!allNamespaces && !namespaces.contains(podNamespace)) return false;
  return selector.matches(podLabels);
}

bool HostPort::conflictsWith(const HostPort& other) const {
  if (port != other.port || protocol != other.protocol) return false;
  auto everyAddress = [](const std::string& address) { return address.empty() || address == "0.0.0.0"; };
  return everyAddress(hostIP) || everyAddress(other.hostIP) || hostIP == other.hostIP;
}

RequiredNodeSelector parseNodeSelector(const json::object& nodeSelector) {
  RequiredNodeSelector selector;
  if (const json::array* terms = api::arrayAt(nodeSelector, {"nodeSelectorTerms"})) {
    for (const json::value& entry : *terms) {
      if (!entry.is_object()) continue;
      NodeSelectorTerm term;
      term.matchExpressions = parseRequirements(api::arrayAt(entry.get_object(), {"matchExpressions"}));
      term.matchFields = parseRequirements(api::arrayAt(entry.get_object(), {"matchFields"}));
      selector.terms.push_back(std::move(term));
    }
  }
  return selector;
}

std::vector<Taint> parseTaints(const json::object& node) {
  std::vector<Taint> taints;
  if (const json::array* list = api::arrayAt(node, {"spec", "taints"})) {
    for (const json::value& entry : *list) {
      if (!entry.is_object()) continue;
      const json::object& object = entry.get_object();
      taints.push_back(Taint{api::stringAt(object, {"key"}), api::stringAt(object, {"value"}),
                             api::stringAt(object, {"effect"})});
    }
  }
  return taints;
}

std::vector<Toleration> parseTolerations(const json::object& pod) {
  std::vector<Toleration> tolerations;
  if (const json::array* list = api::arrayAt(pod, {"spec", "tolerations"})) {
    for (const json::value& entry : *list) {
      if (!entry.is_object()) continue;
      const json::object& object = entry.get_object();
      tolerations.push_back(Toleration{api::stringAt(object, {"key"}), api::stringAt(object, {"operator"}),
                                       api::stringAt(object, {"value"}), api::stringAt(object, {"effect"})});
    }
  }
  return tolerations;
}

PodInfoPointer parsePodInfo(client::ObjectPointer pod) {
  auto info = std::make_shared<PodInfo>();
  const json::object& object = *pod;
  info->ns = api::namespaceOf(object);
  info->name = api::name(object);
  info->key = client::objectKey(info->ns, info->name);
  info->uid = api::uid(object);
  info->nodeName = api::stringAt(object, {"spec", "nodeName"});
  info->schedulerName = api::stringAt(object, {"spec", "schedulerName"});
  info->priority = static_cast<std::int32_t>(api::integerAt(object, {"spec", "priority"}, 0));
  info->preemptionPolicy = api::stringAt(object, {"spec", "preemptionPolicy"});
  std::string phase = api::stringAt(object, {"status", "phase"});
  info->terminal = phase == "Succeeded" || phase == "Failed";
  info->deleting = api::valueAt(object, {"metadata", "deletionTimestamp"}) != nullptr &&
                   !api::valueAt(object, {"metadata", "deletionTimestamp"})->is_null();
  info->requests = podRequests(object);
  info->labels = api::labels(object);
  if (const json::array* owners = api::arrayAt(object, {"metadata", "ownerReferences"})) {
    for (const json::value& owner : *owners) {
      if (owner.is_object() && api::booleanAt(owner.get_object(), {"controller"})) {
        info->controllerUid = api::stringAt(owner.get_object(), {"uid"});
        break;
      }
    }
  }
  info->tolerations = parseTolerations(object);
  info->nodeSelector = api::stringMap(object, {"spec", "nodeSelector"});
  if (const json::object* required = api::objectAt(
          object, {"spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"})) {
    info->requiredNodeAffinity = parseNodeSelector(*required);
  }
  if (const json::array* preferred = api::arrayAt(
          object, {"spec", "affinity", "nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution"})) {
    for (const json::value& entry : *preferred) {
      if (!entry.is_object()) continue;
      const json::object* preference = api::objectAt(entry.get_object(), {"preference"});
      if (preference == nullptr) continue;
      NodeSelectorTerm term;
      term.matchExpressions = parseRequirements(api::arrayAt(*preference, {"matchExpressions"}));
      term.matchFields = parseRequirements(api::arrayAt(*preference, {"matchFields"}));
      info->preferredNodeAffinity.emplace_back(api::integerAt(entry.get_object(), {"weight"}), std::move(term));
    }
  }
  info->requiredAntiAffinity = parseAntiAffinity(object, info->ns);
  for (const char* list : {"initContainers", "containers"}) {
    const json::array* containers = api::arrayAt(object, {"spec", list});
    if (containers == nullptr) continue;
    for (const json::value& container : *containers) {
      const json::array* ports = container.is_object() ? api::arrayAt(container.get_object(), {"ports"}) : nullptr;
      if (ports == nullptr) continue;
      for (const json::value& port : *ports) {
        if (!port.is_object()) continue;
        std::int64_t hostPort = api::integerAt(port.get_object(), {"hostPort"});
        if (hostPort <= 0) continue;
        std::string protocol = api::stringAt(port.get_object(), {"protocol"});
        info->hostPorts.push_back(
            HostPort{protocol.empty() ? "TCP" : protocol, api::stringAt(port.get_object(), {"hostIP"}), hostPort});
      }
    }
  }
  if (const json::array* constraints = api::arrayAt(object, {"spec", "topologySpreadConstraints"})) {
    for (const json::value& entry : *constraints) {
      if (!entry.is_object()) continue;
      const json::object& constraint = entry.get_object();
      if (api::stringAt(constraint, {"whenUnsatisfiable"}) != "DoNotSchedule") continue;
      TopologySpreadConstraint spread;
      spread.maxSkew = api::integerAt(constraint, {"maxSkew"}, 1);
      spread.topologyKey = api::stringAt(constraint, {"topologyKey"});
      auto selector = api::LabelSelector::fromJson(constraint.if_contains("labelSelector"));
      if (selector) spread.selector = std::move(*selector);
      spread.minDomains = api::integerAt(constraint, {"minDomains"}, 1);
      spread.honorNodeAffinity = api::stringAt(constraint, {"nodeAffinityPolicy"}) != "Ignore";
      info->spreadConstraints.push_back(std::move(spread));
    }
  }
  const json::array* gates = api::arrayAt(object, {"spec", "schedulingGates"});
  info->schedulingGated = gates != nullptr && !gates->empty();
  info->object = std::move(pod);
  return info;
}

}  // namespace kubelab::scheduler
