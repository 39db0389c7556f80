#include "controllers/deploymentutil.h"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <map>

#include "api/objectmeta.h"
#include "controllers/controllerref.h"
#include "controllers/podutil.h"
#include "controllers/rolloutmath.h"

namespace kubelab::controllers {

namespace json = boost::json;

namespace {

std::optional<std::int64_t> parseInteger(const std::string& text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string annotation(const json::object& object, const char* key) {
  return api::stringAt(object, {"metadata", "annotations", key});
}

json::object& annotationsOf(json::object& object) {
  return api::ensureObject(api::ensureObject(object, "metadata"), "annotations");
}

// Drops nulls and empty objects and arrays, recursively.
json::value pruned(const json::value& value) {
  if (value.is_object()) {
    json::object result;
    for (const auto& [key, member] : value.get_object()) {
      json::value kept = pruned(member);
      if (kept.is_null()) continue;
      if (kept.is_object() && kept.get_object().empty()) continue;
      if (kept.is_array() && kept.get_array().empty()) continue;
      result[key] = std::move(kept);
    }
    return result;
  }
  if (value.is_array()) {
    json::array result;
    for (const auto& element : value.get_array()) result.push_back(pruned(element));
    return result;
  }
  return value;
}

json::value withoutHash(const json::object& podTemplate) {
  json::object copy = podTemplate;
  if (auto* metadata = copy.if_contains("metadata"); metadata != nullptr && metadata->is_object()) {
    if (auto* labels = metadata->get_object().if_contains("labels"); labels != nullptr && labels->is_object()) {
      labels->get_object().erase(kPodTemplateHashLabel);
    }
  }
  return pruned(copy);
}

// Keys sorted at every level, so the hash does not depend on the order fields were written in.
void writeCanonical(const json::value& value, std::string& out) {
  if (value.is_object()) {
    std::map<std::string, const json::value*> sorted;
    for (const auto& [key, member] : value.get_object()) sorted[std::string(key)] = &member;
    out += '{';
    bool first = true;
    for (const auto& [key, member] : sorted) {
      if (!first) out += ',';
      first = false;
      out += json::serialize(json::value(key));
      out += ':';
      writeCanonical(*member, out);
    }
    out += '}';
  } else if (value.is_array()) {
    out += '[';
    bool first = true;
    for (const auto& element : value.get_array()) {
      if (!first) out += ',';
      first = false;
      writeCanonical(element, out);
    }
    out += ']';
  } else {
    out += json::serialize(value);
  }
}

std::chrono::system_clock::time_point createdAt(const json::object& object) {
  return parseTimestamp(api::stringAt(object, {"metadata", "creationTimestamp"}));
}

bool olderThan(const json::object& first, const json::object& second) {
  auto a = createdAt(first);
  auto b = createdAt(second);
  if (a == b) return api::name(first) < api::name(second);
  return a < b;
}

}  // namespace

std::int64_t revisionOf(const json::object& object) {
  return parseInteger(annotation(object, kRevisionAnnotation)).value_or(0);
}

std::int64_t maxRevision(const ReplicaSets& replicaSets) {
  std::int64_t most = 0;
  for (const auto& replicaSet : replicaSets) most = std::max(most, revisionOf(replicaSet));
  return most;
}

bool templatesEqualIgnoringHash(const json::object& first, const json::object& second) {
  return withoutHash(first) == withoutHash(second);
}

std::string podTemplateHash(const json::object& podTemplate, std::optional<std::int64_t> collisionCount) {
  std::string canonical;
  writeCanonical(pruned(podTemplate), canonical);
  if (collisionCount) canonical += "#" + std::to_string(*collisionCount);
  std::uint32_t hash = 2166136261u;
  for (unsigned char byte : canonical) {
    hash ^= byte;
    hash *= 16777619u;
  }
  static constexpr std::string_view kSafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::string digits = std::to_string(hash);
  std::string encoded;
  for (unsigned char digit : digits) encoded += kSafeAlphabet[digit % kSafeAlphabet.size()];
  return encoded;
}

void sortByCreationTimestamp(ReplicaSets& replicaSets) {
  std::stable_sort(replicaSets.begin(), replicaSets.end(), olderThan);
}

void sortBySizeNewer(ReplicaSets& replicaSets) {
  std::stable_sort(replicaSets.begin(), replicaSets.end(), [](const json::object& a, const json::object& b) {
    if (specReplicas(a) == specReplicas(b)) return olderThan(b, a);
    return specReplicas(a) > specReplicas(b);
  });
}

void sortBySizeOlder(ReplicaSets& replicaSets) {
  std::stable_sort(replicaSets.begin(), replicaSets.end(), [](const json::object& a, const json::object& b) {
    if (specReplicas(a) == specReplicas(b)) return olderThan(a, b);
    return specReplicas(a) > specReplicas(b);
  });
}

void sortByRevision(ReplicaSets& replicaSets) {
  std::stable_sort(replicaSets.begin(), replicaSets.end(), [](const json::object& a, const json::object& b) {
    auto first = parseInteger(annotation(a, kRevisionAnnotation));
    auto second = parseInteger(annotation(b, kRevisionAnnotation));
    if (!first || !second || *first == *second) return olderThan(a, b);
    return *first < *second;
  });
}

ReplicaSets activeReplicaSets(const ReplicaSets& replicaSets) {
  ReplicaSets active;
  for (const auto& replicaSet : replicaSets) {
    if (specReplicas(replicaSet) > 0) active.push_back(replicaSet);
  }
  return active;
}

std::optional<json::object> findNewReplicaSet(const json::object& deployment, ReplicaSets replicaSets) {
  sortByCreationTimestamp(replicaSets);
  const json::object* deploymentTemplate = api::objectAt(deployment, {"spec", "template"});
  if (deploymentTemplate == nullptr) return std::nullopt;
  for (auto& replicaSet : replicaSets) {
    const json::object* replicaSetTemplate = api::objectAt(replicaSet, {"spec", "template"});
    // The oldest match wins, in case a collision made two.
    if (replicaSetTemplate != nullptr && templatesEqualIgnoringHash(*replicaSetTemplate, *deploymentTemplate)) {
      return std::move(replicaSet);
    }
  }
  return std::nullopt;
}

ReplicaSets findOldReplicaSets(const json::object& deployment, const ReplicaSets& replicaSets) {
  auto newReplicaSet = findNewReplicaSet(deployment, replicaSets);
  ReplicaSets old;
  for (const auto& replicaSet : replicaSets) {
    if (newReplicaSet && api::uid(replicaSet) == api::uid(*newReplicaSet)) continue;
    old.push_back(replicaSet);
  }
  return old;
}

std::optional<json::object> findActiveOrLatest(const std::optional<json::object>& newReplicaSet,
                                               ReplicaSets oldReplicaSets) {
  if (!newReplicaSet && oldReplicaSets.empty()) return std::nullopt;
  sortByCreationTimestamp(oldReplicaSets);
  std::reverse(oldReplicaSets.begin(), oldReplicaSets.end());
  ReplicaSets all = oldReplicaSets;
  if (newReplicaSet) all.push_back(*newReplicaSet);
  ReplicaSets active = activeReplicaSets(all);
  if (active.size() == 1) return active.front();
  if (active.empty()) return newReplicaSet ? newReplicaSet : std::optional<json::object>(oldReplicaSets.front());
  return std::nullopt;
}

bool replicasAnnotationsNeedUpdate(const json::object& replicaSet, std::int64_t desired, std::int64_t max) {
  return annotation(replicaSet, kDesiredReplicasAnnotation) != std::to_string(desired) ||
         annotation(replicaSet, kMaxReplicasAnnotation) != std::to_string(max);
}

bool setReplicasAnnotations(json::object& replicaSet, std::int64_t desired, std::int64_t max) {
  if (!replicasAnnotationsNeedUpdate(replicaSet, desired, max)) return false;
  json::object& annotations = annotationsOf(replicaSet);
  annotations[kDesiredReplicasAnnotation] = std::to_string(desired);
  annotations[kMaxReplicasAnnotation] = std::to_string(max);
  return true;
}

namespace {

bool skipCopyAnnotation(std::string_view key) {
  return key == "kubectl.kubernetes.io/last-applied-configuration" || key == kRevisionAnnotation ||
         key == kRevisionHistoryAnnotation || key == kDesiredReplicasAnnotation || key == kMaxReplicasAnnotation ||
         key == "deprecated.deployment.rollback.to";
}

bool copyDeploymentAnnotations(const json::object& deployment, json::object& replicaSet) {
  bool changed = false;
  const json::object* source = api::objectAt(deployment, {"metadata", "annotations"});
  if (source == nullptr) return false;
  for (const auto& [key, value] : *source) {
    if (skipCopyAnnotation(key)) continue;
    json::object& annotations = annotationsOf(replicaSet);
    if (const auto* existing = annotations.if_contains(key); existing != nullptr && *existing == value) continue;
    annotations[key] = value;
    changed = true;
  }
  return changed;
}

// Appends `oldRevision` to revision-history, dropping the oldest entries beyond the limit.
void recordRevisionHistory(json::object& replicaSet, const std::string& oldRevision) {
  json::object& annotations = annotationsOf(replicaSet);
  std::string history = annotation(replicaSet, kRevisionHistoryAnnotation);
  if (history.empty()) {
    annotations[kRevisionHistoryAnnotation] = oldRevision;
    return;
  }
  std::vector<std::string> revisions;
  for (std::size_t start = 0;;) {
    std::size_t comma = history.find(',', start);
    revisions.push_back(history.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::size_t totalLength = history.size() + oldRevision.size() + 1;
  std::size_t first = 0;
  while (totalLength > kMaxRevisionHistoryLength && first < revisions.size()) {
    totalLength -= revisions[first].size() + 1;
    ++first;
  }
  if (totalLength > kMaxRevisionHistoryLength) return;
  std::string joined;
  for (std::size_t index = first; index < revisions.size(); ++index) joined += revisions[index] + ",";
  annotations[kRevisionHistoryAnnotation] = joined + oldRevision;
}

}  // namespace

bool setNewReplicaSetAnnotations(const json::object& deployment, json::object& replicaSet,
                                 const std::string& newRevision, bool exists) {
  bool changed = copyDeploymentAnnotations(deployment, replicaSet);
  std::string oldRevision = annotation(replicaSet, kRevisionAnnotation);
  auto oldNumber = parseInteger(oldRevision);
  if (!oldRevision.empty() && !oldNumber) return false;
  auto newNumber = parseInteger(newRevision);
  if (!newNumber) return false;
  if (oldNumber.value_or(0) < *newNumber) {
    annotationsOf(replicaSet)[kRevisionAnnotation] = newRevision;
    changed = true;
    // A ReplicaSet that had a revision and gets a newer one is being rolled back to: keep
    // its earlier revisions for `kubectl rollout history`.
    if (!oldRevision.empty()) recordRevisionHistory(replicaSet, oldRevision);
  }
  if (!exists) {
    std::int64_t replicas = specReplicas(deployment);
    if (setReplicasAnnotations(replicaSet, replicas, replicas + maxSurge(deployment))) changed = true;
  }
  return changed;
}

bool isSaturated(const json::object& deployment, const json::object& replicaSet) {
  std::int64_t replicas = specReplicas(deployment);
  auto desired = parseInteger(annotation(replicaSet, kDesiredReplicasAnnotation));
  return specReplicas(replicaSet) == replicas && desired && *desired == replicas &&
         api::integerAt(replicaSet, {"status", "availableReplicas"}) == replicas;
}

json::object newReplicaSetFor(const json::object& deployment, const ReplicaSets& oldReplicaSets,
                               const std::string& newRevision) {
  json::object podTemplate;
  if (const auto* found = api::objectAt(deployment, {"spec", "template"})) podTemplate = *found;
  std::optional<std::int64_t> collisionCount;
  if (const auto* count = api::valueAt(deployment, {"status", "collisionCount"}); count && count->is_int64()) {
    collisionCount = count->as_int64();
  }
  std::string hash = podTemplateHash(podTemplate, collisionCount);
  api::ensureObject(api::ensureObject(podTemplate, "metadata"), "labels")[kPodTemplateHashLabel] = hash;
  json::object selector;
  if (const auto* found = api::objectAt(deployment, {"spec", "selector"})) selector = *found;
  api::ensureObject(selector, "matchLabels")[kPodTemplateHashLabel] = hash;
  const std::string name = api::name(deployment) + "-" + hash;
  json::object metadata{{"name", name},
                        {"namespace", api::namespaceOf(deployment)},
                        {"labels", *api::objectAt(podTemplate, {"metadata", "labels"})},
                        {"ownerReferences", json::array{controllerReferenceTo(deployment, "apps/v1", "Deployment")}}};
  json::object newReplicaSet{
      {"apiVersion", "apps/v1"},
      {"kind", "ReplicaSet"},
      {"metadata", std::move(metadata)},
      {"spec",
       {{"replicas", 0},
        {"minReadySeconds", api::integerAt(deployment, {"spec", "minReadySeconds"})},
        {"selector", std::move(selector)},
        {"template", std::move(podTemplate)}}}};
  ReplicaSets all = oldReplicaSets;
  all.push_back(newReplicaSet);
  newReplicaSet["spec"].as_object()["replicas"] = newReplicaSetReplicas(deployment, all, newReplicaSet);
  setNewReplicaSetAnnotations(deployment, newReplicaSet, newRevision, false);
  return newReplicaSet;
}

}  // namespace kubelab::controllers
