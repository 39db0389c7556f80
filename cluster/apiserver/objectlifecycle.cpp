#include "apiserver/objectlifecycle.h"

#include <boost/json/serialize.hpp>

#include <random>

#include "api/objectmeta.h"

namespace kubelab::apiserver {
namespace json = boost::json;
namespace {

std::mt19937_64& randomSource() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  return random;
}

bool hasSubresource(const api::ResourceType& type, std::string_view subresource) {
  for (const std::string& candidate : type.subresources) {
    if (candidate == subresource) return true;
  }
  return false;
}

// Types whose spec changes bump metadata.generation: the workloads, whose controllers report
// status.observedGeneration, as their create and update strategies do.
bool tracksGeneration(const api::ResourceType& type) {
  return type.group == "apps" || type.group == "batch" || type.kind == "ReplicationController";
}

json::array finalizersOf(const Object& object) {
  const json::value* finalizers = api::valueAt(object, {"metadata", "finalizers"});
  return finalizers != nullptr && finalizers->is_array() ? finalizers->get_array() : json::array();
}

bool hasFinalizer(const json::array& finalizers, std::string_view name) {
  for (const json::value& finalizer : finalizers) {
    if (finalizer.is_string() && finalizer.get_string() == name) return true;
  }
  return false;
}

}  // namespace

std::string newUid() {
  auto& random = randomSource();
  std::uint64_t high = random();
  std::uint64_t low = random();
  high = (high & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  low = (low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;    // RFC 4122 variant
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xFFFF), static_cast<unsigned>(high & 0xFFFF),
                static_cast<unsigned>(low >> 48), static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
  return text;
}

std::string rfc3339Now() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string generateName(const std::string& prefix) {
  // Kubernetes avoids vowels and look-alike characters so generated names never spell words.
  static constexpr char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
  std::string name = prefix.substr(0, 58);
  std::uniform_int_distribution<std::size_t> pick(0, sizeof alphabet - 2);
  for (int i = 0; i < 5; ++i) name += alphabet[pick(randomSource())];
  return name;
}

void prepareForCreate(const api::ResourceType& type, Object& object) {
  Object& metadata = api::ensureObject(object, "metadata");
  if (api::name(object).empty()) {
    std::string prefix = api::stringAt(object, {"metadata", "generateName"});
    if (!prefix.empty()) metadata["name"] = generateName(prefix);
  }
  metadata["uid"] = newUid();
  metadata["creationTimestamp"] = rfc3339Now();
  metadata.erase("resourceVersion");
  metadata.erase("deletionTimestamp");
  metadata.erase("deletionGracePeriodSeconds");
  if (!type.namespaced) metadata.erase("namespace");
  if (tracksGeneration(type)) metadata["generation"] = 1;
  if (hasSubresource(type, "status")) {
    object["status"] = Object();
    if (type.kind == "Pod") object["status"] = Object{{"phase", "Pending"}};
    if (type.kind == "Namespace") {
      object["status"] = Object{{"phase", "Active"}};
      // Every namespace waits for its contents to be deleted before it goes.
      api::ensureObject(object, "spec")["finalizers"] = json::array{"kubernetes"};
    }
  }
  object["apiVersion"] = type.apiVersion();
  object["kind"] = type.kind;
}

void prepareForUpdate(const api::ResourceType& type, Object& updated, const Object& current,
                      const std::string& subresource) {
  const Object& currentMetadata = current.at("metadata").get_object();
  Object& metadata = api::ensureObject(updated, "metadata");
  for (const char* field : {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"}) {
    if (const json::value* value = currentMetadata.if_contains(field)) {
      metadata[field] = *value;
    } else {
      metadata.erase(field);
    }
  }
  if (!type.namespaced) metadata.erase("namespace");
  updated["apiVersion"] = type.apiVersion();
  updated["kind"] = type.kind;

  bool hasStatus = hasSubresource(type, "status");
  if (subresource == "finalize") {
    // Only the namespace's finalizers change: what the namespace controller does when done.
    Object merged = current;
    const json::value* finalizers = api::valueAt(updated, {"spec", "finalizers"});
    api::ensureObject(merged, "spec")["finalizers"] = finalizers != nullptr ? *finalizers : json::value(json::array());
    updated = std::move(merged);
    return;
  }
  if (type.kind == "Namespace") {
    // A namespace's spec.finalizers change only through its finalize subresource.
    const json::value* kept = api::valueAt(current, {"spec", "finalizers"});
    if (kept != nullptr) api::ensureObject(updated, "spec")["finalizers"] = *kept;
  }
  bool statusUpdate = subresource == "status";
  if (statusUpdate) {
    // A status update changes only the status: everything else stays as it is.
    Object merged = current;
    if (const json::value* status = updated.if_contains("status")) merged["status"] = *status;
    updated = std::move(merged);
    return;
  }
  if (hasStatus) {
    if (const json::value* status = current.if_contains("status")) {
      updated["status"] = *status;
    } else {
      updated.erase("status");
    }
  }
  std::int64_t generation = api::integerAt(current, {"metadata", "generation"}, 0);
  if (tracksGeneration(type)) {
    const json::value* oldSpec = current.if_contains("spec");
    const json::value* newSpec = updated.if_contains("spec");
    bool specChanged = (oldSpec == nullptr) != (newSpec == nullptr) ||
                       (oldSpec != nullptr && json::serialize(*oldSpec) != json::serialize(*newSpec));
    metadata["generation"] = specChanged ? generation + 1 : std::max<std::int64_t>(generation, 1);
  } else if (generation > 0) {
    metadata["generation"] = generation;
  }
}

DeleteDecision decideDelete(const api::ResourceType& type, const Object& current,
                            std::optional<std::int64_t> gracePeriodSeconds, const std::string& propagationPolicy) {
  DeleteDecision decision;
  decision.updated = current;
  json::array finalizers = finalizersOf(current);
  Object& metadata = api::ensureObject(decision.updated, "metadata");

  // Foreground and Orphan deletion are carried out by the garbage collector through finalizers.
  std::string policy = propagationPolicy;
  if (policy == "Foreground" && !hasFinalizer(finalizers, "foregroundDeletion")) finalizers.push_back("foregroundDeletion");
  if (policy == "Orphan" && !hasFinalizer(finalizers, "orphan")) finalizers.push_back("orphan");

  // A pod bound to a node is stopped by its kubelet first, unless the grace period is zero.
  std::int64_t grace = 0;
  if (type.kind == "Pod" && !api::stringAt(current, {"spec", "nodeName"}).empty()) {
    grace = gracePeriodSeconds.value_or(api::integerAt(current, {"spec", "terminationGracePeriodSeconds"}, 30));
  }
  bool namespaceNeedsFinalizing = type.kind == "Namespace";
  if (finalizers.empty() && grace <= 0 && !namespaceNeedsFinalizing) {
    decision.deleteNow = true;
    return decision;
  }
  if (!metadata.contains("deletionTimestamp")) {
    metadata["deletionTimestamp"] = rfc3339Now();
    metadata["deletionGracePeriodSeconds"] = grace;
  } else if (grace < api::integerAt(current, {"metadata", "deletionGracePeriodSeconds"}, grace)) {
    metadata["deletionGracePeriodSeconds"] = grace;  // a shorter grace period may replace a longer one
  }
  if (!finalizers.empty()) metadata["finalizers"] = finalizers;
  if (namespaceNeedsFinalizing) api::ensureObject(decision.updated, "status")["phase"] = "Terminating";
  return decision;
}

bool readyToRemove(const Object& object) {
  if (api::valueAt(object, {"metadata", "deletionTimestamp"}) == nullptr) return false;
  if (!finalizersOf(object).empty()) return false;
  // A namespace also waits for its spec.finalizers (the namespace controller empties it).
  const json::value* specFinalizers = api::valueAt(object, {"spec", "finalizers"});
  if (specFinalizers != nullptr && specFinalizers->is_array() && !specFinalizers->get_array().empty()) return false;
  // A pod with a grace period is removed by its kubelet (or a grace-period-zero delete).
  if (object.contains("kind") && object.at("kind") == "Pod" &&
      api::integerAt(object, {"metadata", "deletionGracePeriodSeconds"}, 0) > 0) {
    return false;
  }
  return true;
}

}  // namespace kubelab::apiserver
