// The StatefulSet pod algorithm (Kubernetes' stateful_set_control.go): replace finished pods,
// create missing ones with their claims first, remove pods beyond the replica count from the
// highest ordinal down, then roll pods to the update revision from the highest ordinal down to
// the partition. OrderedReady waits for each step to be Running and Ready; Parallel does not
// wait while scaling, but a rolling update always goes one pod at a time.

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <limits>
#include <optional>

#include "api/objectmeta.h"
#include "client/resource.h"
#include "controllers/podutil.h"
#include "controllers/statefulsetcontroller.h"
#include "controllers/statefulsetpods.h"

namespace kubelab::controllers {
namespace {
namespace json = boost::json;

std::string revisionOf(const json::object& pod) {
  return api::stringAt(pod, {"metadata", "labels", kControllerRevisionHashLabel});
}

bool isFinished(const json::object& pod) {
  std::string phase = podPhase(pod);
  return phase == "Failed" || phase == "Succeeded";
}

}  // namespace

Status StatefulSetController::createPodWithClaims(const json::object& set, const json::object& pod, std::int64_t ordinal) {
  std::string ns = api::namespaceOf(set);
  // Claims first, so the pod never starts without its storage; existing claims are kept as they are.
  for (const json::object& claim : statefulSetClaims(set, ordinal)) {
    if (claims_.lister().get(ns, api::name(claim)) != nullptr) continue;
    Result<json::object> created = context_.api.create(client::resources::persistentVolumeClaims, ns, claim);
    if (!created && created.status().code() == StatusCode::AlreadyExists) continue;
    if (!created) {
      recorder_->event(set, client::EventType::Warning, "FailedCreate",
                       "create Claim " + api::name(claim) + " for Pod " + api::name(pod) + " in StatefulSet " +
                           api::name(set) + " failed error: " + created.status().message());
      return created.status();
    }
    recorder_->event(set, client::EventType::Normal, "SuccessfulCreate",
                     "create Claim " + api::name(claim) + " Pod " + api::name(pod) + " in StatefulSet " +
                         api::name(set) + " success");
  }
  Result<json::object> created = context_.api.create(client::resources::pods, ns, pod);
  if (!created && created.status().code() == StatusCode::AlreadyExists) return Status::ok();  // the cache lags
  if (!created) {
    recorder_->event(set, client::EventType::Warning, "FailedCreate",
                     "create Pod " + api::name(pod) + " in StatefulSet " + api::name(set) +
                         " failed error: " + created.status().message());
    return created.status();
  }
  recorder_->event(set, client::EventType::Normal, "SuccessfulCreate",
                   "create Pod " + api::name(pod) + " in StatefulSet " + api::name(set) + " successful");
  return Status::ok();
}

Status StatefulSetController::deletePod(const json::object& set, const json::object& pod) {
  client::DeleteOptions options;
  options.preconditionUid = api::uid(pod);
  Status removed = context_.api.remove(client::resources::pods, api::namespaceOf(pod), api::name(pod), options);
  if (!removed && removed.code() != StatusCode::NotFound) {
    recorder_->event(set, client::EventType::Warning, "FailedDelete",
                     "delete Pod " + api::name(pod) + " in StatefulSet " + api::name(set) +
                         " failed error: " + removed.message());
    return removed;
  }
  recorder_->event(set, client::EventType::Normal, "SuccessfulDelete",
                   "delete Pod " + api::name(pod) + " in StatefulSet " + api::name(set) + " successful");
  return Status::ok();
}

Status StatefulSetController::updateClaimOwners(const json::object& set, const json::object& pod, std::int64_t ordinal,
                                                bool condemned) {
  for (const json::object& wanted : statefulSetClaims(set, ordinal)) {
    client::ObjectPointer claim = claims_.lister().get(api::namespaceOf(set), api::name(wanted));
    if (claim == nullptr) continue;
    std::optional<json::array> references = claimOwnerReferencesFor(set, pod, *claim, condemned);
    if (!references) continue;
    // The resourceVersion makes this a compare-and-swap against the claim this was computed from.
    json::object patch{{"metadata", json::object{{"ownerReferences", *references},
                                                 {"resourceVersion", api::resourceVersion(*claim)}}}};
    Result<json::object> patched = context_.api.patch(client::resources::persistentVolumeClaims, api::namespaceOf(set),
                                                      api::name(*claim), client::PatchType::Merge, json::serialize(patch));
    if (!patched && patched.status().code() != StatusCode::NotFound) return patched.status();
  }
  return Status::ok();
}

namespace {

// The set's pods by role: replicas[i] is ordinal start+i (or nullptr when missing); condemned
// pods are beyond the replica count, highest ordinal first.
struct PodRoles {
  std::vector<const json::object*> replicas;
  std::vector<std::pair<std::int64_t, const json::object*>> condemned;
  const json::object* firstUnhealthy = nullptr;  // may go even while OrderedReady waits on it
};

PodRoles podRolesOf(const json::object& set, const std::vector<client::ObjectPointer>& pods) {
  const std::int64_t replicaCount = statefulSetReplicas(set);
  const std::int64_t startOrdinal = statefulSetStartOrdinal(set);
  PodRoles roles;
  roles.replicas.assign(static_cast<std::size_t>(std::max<std::int64_t>(replicaCount, 0)), nullptr);
  for (const client::ObjectPointer& pod : pods) {
    std::optional<std::int64_t> ordinal = statefulSetPodOrdinal(set, *pod);
    if (ordinal && *ordinal >= startOrdinal && *ordinal < startOrdinal + replicaCount) {
      roles.replicas[static_cast<std::size_t>(*ordinal - startOrdinal)] = pod.get();
    } else {
      roles.condemned.emplace_back(ordinal.value_or(-1), pod.get());
    }
  }
  std::sort(roles.condemned.begin(), roles.condemned.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::int64_t firstUnhealthyOrdinal = std::numeric_limits<std::int64_t>::max();
  for (std::size_t index = 0; index < roles.replicas.size(); ++index) {
    const json::object* pod = roles.replicas[index];
    if (pod != nullptr && !isStatefulPodHealthy(*pod) && startOrdinal + static_cast<std::int64_t>(index) < firstUnhealthyOrdinal) {
      roles.firstUnhealthy = pod;
      firstUnhealthyOrdinal = startOrdinal + static_cast<std::int64_t>(index);
    }
  }
  for (const auto& [ordinal, pod] : roles.condemned) {
    if (!isStatefulPodHealthy(*pod) && ordinal < firstUnhealthyOrdinal) {
      roles.firstUnhealthy = pod;
      firstUnhealthyOrdinal = ordinal;
    }
  }
  return roles;
}

}  // namespace

Result<bool> StatefulSetController::processReplicas(const json::object& set, const std::vector<const json::object*>& replicas,
                                                    const RevisionSet& revisions) {
  const bool monotonic = api::stringAt(set, {"spec", "podManagementPolicy"}) != "Parallel";
  const bool rollingUpdate = api::stringAt(set, {"spec", "updateStrategy", "type"}) != "OnDelete";
  const std::int64_t partition = api::integerAt(set, {"spec", "updateStrategy", "rollingUpdate", "partition"}, 0);
  const auto now = std::chrono::system_clock::now();
  for (std::size_t index = 0; index < replicas.size(); ++index) {
    std::int64_t ordinal = statefulSetStartOrdinal(set) + static_cast<std::int64_t>(index);
    const json::object* pod = replicas[index];
    if (pod != nullptr && isFinished(*pod) && !isPodTerminating(*pod)) {
      // A pod that ran to completion or failed is replaced under the same name.
      bool failed = podPhase(*pod) == "Failed";
      recorder_->event(set, failed ? client::EventType::Warning : client::EventType::Normal,
                       failed ? "RecreatingFailedPod" : "RecreatingTerminatedPod",
                       "StatefulSet " + api::namespaceOf(set) + "/" + api::name(set) + " is recreating " +
                           (failed ? "failed" : "terminated") + " Pod " + api::name(*pod));
      if (Status removed = deletePod(set, *pod); !removed) return removed;
      if (monotonic) return true;
      continue;
    }
    if (pod == nullptr) {
      // Below the partition a rolling update keeps the current revision, as newVersionedStatefulSetPod does.
      bool useCurrent = rollingUpdate && ordinal < partition;
      const json::object& revision = useCurrent ? revisions.current : revisions.update;
      json::object created = newStatefulSetPod(set, templateOfRevision(revision), api::name(revision), ordinal);
      if (Status status = createPodWithClaims(set, created, ordinal); !status) return status;
      if (monotonic) return true;
      continue;
    }
    if (isPodTerminating(*pod) && monotonic) return true;
    if (!isStatefulPodAvailable(set, *pod, now) && monotonic) return true;
    if (Status owners = updateClaimOwners(set, *pod, ordinal, false); !owners) return owners;
  }
  return false;
}

Result<bool> StatefulSetController::processCondemned(
    const json::object& set, const std::vector<std::pair<std::int64_t, const json::object*>>& condemned,
    const json::object* firstUnhealthy) {
  const bool monotonic = api::stringAt(set, {"spec", "podManagementPolicy"}) != "Parallel";
  const auto now = std::chrono::system_clock::now();
  for (const auto& [ordinal, pod] : condemned) {
    if (isPodTerminating(*pod)) {
      if (monotonic) return true;
      continue;
    }
    if (!isStatefulPodAvailable(set, *pod, now) && monotonic && pod != firstUnhealthy) return true;
    // whenScaled=Delete: the pod becomes the claims' owner before it goes, so they go with it.
    if (Status owners = updateClaimOwners(set, *pod, ordinal, true); !owners) return owners;
    if (Status removed = deletePod(set, *pod); !removed) return removed;
    if (monotonic) return true;
  }
  return false;
}

Status StatefulSetController::updatePods(const json::object& set, const std::vector<client::ObjectPointer>& pods,
                                         const RevisionSet& revisions) {
  PodRoles roles = podRolesOf(set, pods);
  Result<bool> waiting = processReplicas(set, roles.replicas, revisions);
  if (!waiting || *waiting) return waiting.status();
  waiting = processCondemned(set, roles.condemned, roles.firstUnhealthy);
  if (!waiting || *waiting) return waiting.status();

  if (api::stringAt(set, {"spec", "updateStrategy", "type"}) == "OnDelete") return Status::ok();  // pods change when deleted
  // Highest ordinal first, one pod at a time, waiting for each replacement to be healthy.
  const std::int64_t partition = api::integerAt(set, {"spec", "updateStrategy", "rollingUpdate", "partition"}, 0);
  const std::int64_t lowest = std::max<std::int64_t>(partition - statefulSetStartOrdinal(set), 0);
  const auto now = std::chrono::system_clock::now();
  for (auto index = static_cast<std::int64_t>(roles.replicas.size()) - 1; index >= lowest; --index) {
    const json::object* pod = roles.replicas[static_cast<std::size_t>(index)];
    if (pod == nullptr) return Status::ok();
    if (revisionOf(*pod) != api::name(revisions.update) && !isPodTerminating(*pod)) return deletePod(set, *pod);
    if (!isStatefulPodAvailable(set, *pod, now)) return Status::ok();
  }
  return Status::ok();
}

}  // namespace kubelab::controllers
