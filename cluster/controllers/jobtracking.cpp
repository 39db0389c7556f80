// Job tracking with finalizers (Kubernetes' trackJobStatusAndRemoveFinalizers): a finished pod
// keeps the batch.kubernetes.io/job-tracking finalizer until the Job's status has recorded its
// uid in uncountedTerminatedPods; then the finalizer goes, and then the uid moves into the
// succeeded or failed count. Whatever fails in between, every pod is counted exactly once.

#include <boost/json/serialize.hpp>

#include <set>

#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "client/resource.h"
#include "controllers/controllerref.h"
#include "controllers/jobcontroller.h"
#include "controllers/jobindexed.h"
#include "controllers/podutil.h"

namespace kubelab::controllers {
namespace {
namespace json = boost::json;

bool hasTrackingFinalizer(const json::object& pod) {
  const json::array* finalizers = api::arrayAt(pod, {"metadata", "finalizers"});
  if (finalizers == nullptr) return false;
  for (const json::value& finalizer : *finalizers) {
    if (finalizer.is_string() && finalizer.get_string() == kJobTrackingFinalizer) return true;
  }
  return false;
}

std::set<std::string> uidSet(const json::object& status, std::string_view list) {
  std::set<std::string> uids;
  if (const json::array* array = api::arrayAt(status, {"uncountedTerminatedPods", list})) {
    for (const json::value& uid : *array) {
      if (uid.is_string()) uids.emplace(uid.get_string());
    }
  }
  return uids;
}

void storeUncounted(json::object& status, const std::set<std::string>& succeeded, const std::set<std::string>& failed) {
  json::object uncounted;
  // Go omits empty lists, so an empty record reads {}.
  if (!succeeded.empty()) uncounted["succeeded"] = json::array(succeeded.begin(), succeeded.end());
  if (!failed.empty()) uncounted["failed"] = json::array(failed.begin(), failed.end());
  status["uncountedTerminatedPods"] = std::move(uncounted);
}

}  // namespace

bool JobController::awaitingRelease(const std::string& key, const std::string& uid) {
  std::lock_guard lock(failuresMutex_);
  auto found = releasedPods_.find(key);
  return found != releasedPods_.end() && found->second.count(uid) > 0;
}

void JobController::podReleaseObserved(const client::ObjectPointer& pod, bool deleted) {
  std::optional<OwnerReference> owner = controllerOf(*pod);
  if (!owner || owner->kind != "Job" || (!deleted && hasTrackingFinalizer(*pod))) return;
  std::lock_guard lock(failuresMutex_);
  auto found = releasedPods_.find(client::objectKey(api::namespaceOf(*pod), owner->name));
  if (found == releasedPods_.end()) return;
  // Seen without the finalizer, or deleted: the cache has caught up with this pod.
  found->second.erase(api::uid(*pod));
}

Status JobController::releaseOrphanPod(const std::string& podKey) {
  client::ObjectPointer pod = pods_.lister().getByKey(podKey);
  if (pod == nullptr || !hasTrackingFinalizer(*pod)) return Status::ok();
  std::optional<OwnerReference> owner = controllerOf(*pod);
  if (owner && owner->kind == "Job") {
    client::ObjectPointer job = jobs_.lister().get(api::namespaceOf(*pod), owner->name);
    if (job != nullptr && api::uid(*job) == owner->uid) return Status::ok();  // its Job's sync handles it
    // The cache may simply lag behind a new Job: ask the server before letting go.
    Result<json::object> live = context_.api.get(client::resources::jobs, api::namespaceOf(*pod), owner->name);
    if (live && api::uid(*live) == owner->uid) return Status::ok();
    if (!live && live.status().code() != StatusCode::NotFound) return live.status();
  }
  return removeTrackingFinalizer(*pod);
}

Status JobController::removeTrackingFinalizer(const json::object& pod) {
  const json::array* finalizers = api::arrayAt(pod, {"metadata", "finalizers"});
  if (finalizers == nullptr) return Status::ok();
  for (std::size_t index = 0; index < finalizers->size(); ++index) {
    if (!(*finalizers)[index].is_string() || (*finalizers)[index].get_string() != kJobTrackingFinalizer) continue;
    // "test" first, so a finalizer list that changed meanwhile is never cut in the wrong place.
    std::string path = "/metadata/finalizers/" + std::to_string(index);
    json::array patch{json::object{{"op", "test"}, {"path", path}, {"value", kJobTrackingFinalizer}},
                      json::object{{"op", "remove"}, {"path", path}}};
    Result<json::object> patched = context_.api.patch(client::resources::pods, api::namespaceOf(pod), api::name(pod),
                                                      client::PatchType::Json, json::serialize(patch));
    if (!patched && patched.status().code() == StatusCode::NotFound) return Status::ok();
    return patched.status();
  }
  return Status::ok();
}

Status JobController::trackFinishedPods(json::object& job, const std::vector<client::ObjectPointer>& pods,
                                        std::int64_t& newlySucceededOut, std::int64_t& newlyFailedOut) {
  const bool jobFinished = jobHasCondition(job, "Complete") || jobHasCondition(job, "Failed");
  json::object status = api::objectAt(job, {"status"}) ? *api::objectAt(job, {"status"}) : json::object{};
  std::set<std::string> uncountedSucceeded = uidSet(status, "succeeded");
  std::set<std::string> uncountedFailed = uidSet(status, "failed");
  std::map<std::string, const json::object*> podsByUid;
  for (const client::ObjectPointer& pod : pods) podsByUid[api::uid(*pod)] = pod.get();

  auto writeStatus = [&]() -> Status {
    job["status"] = status;
    Result<json::object> written = context_.api.update(client::resources::jobs, job, "status");
    if (!written) return written.status();
    rememberStatusWrite(client::objectKey(*written), *written);
    job = std::move(written).value();
    status = api::objectAt(job, {"status"}) ? *api::objectAt(job, {"status"}) : json::object{};
    return Status::ok();
  };

  // 1. Record the uid of every newly finished pod before its finalizer goes.
  std::vector<const json::object*> toRelease;
  bool recorded = false;
  const bool indexed = isIndexedJob(job);
  const std::int64_t completions = api::integerAt(job, {"spec", "completions"});
  std::set<std::int64_t> completedIndexes = parseIndexIntervals(api::stringAt(status, {"completedIndexes"}));
  const std::string key = client::objectKey(job);
  for (const client::ObjectPointer& pod : pods) {
    if (!hasTrackingFinalizer(*pod) || awaitingRelease(key, api::uid(*pod))) continue;
    std::string phase = podPhase(*pod);
    bool terminal = phase == "Succeeded" || phase == "Failed";
    if (!terminal && !isPodTerminating(*pod) && !jobFinished) continue;
    toRelease.push_back(pod.get());
    if (!terminal && jobFinished) continue;  // a leftover of a finished job is released, not counted
    std::string uid = api::uid(*pod);
    if (uncountedSucceeded.count(uid) > 0 || uncountedFailed.count(uid) > 0) continue;
    // A pod deleted before it finished counts as failed.
    (phase == "Succeeded" ? uncountedSucceeded : uncountedFailed).insert(uid);
    recorded = true;
    // Indexed: the index is complete from now on (succeeded is derived from it once counted).
    std::optional<std::int64_t> index = completionIndexOf(*pod);
    if (indexed && phase == "Succeeded" && index && *index < completions) completedIndexes.insert(*index);
  }
  if (indexed && !completedIndexes.empty()) status["completedIndexes"] = formatIndexIntervals(completedIndexes);
  if (recorded) {
    storeUncounted(status, uncountedSucceeded, uncountedFailed);
    if (Status written = writeStatus(); !written) return written;
  }

  // 2. Release the pods.
  std::set<std::string> released;
  Status firstError = Status::ok();
  for (const json::object* pod : toRelease) {
    Status removed = removeTrackingFinalizer(*pod);
    if (removed) {
      released.insert(api::uid(*pod));
      std::lock_guard lock(failuresMutex_);
      releasedPods_[key].insert(api::uid(*pod));
    } else if (firstError) {
      firstError = removed;
    }
  }

  // 3. Count what is released (or gone).
  auto countable = [&](const std::string& uid) {
    auto found = podsByUid.find(uid);
    return found == podsByUid.end() || released.count(uid) > 0 || awaitingRelease(key, uid) ||
           !hasTrackingFinalizer(*found->second);
  };
  std::int64_t newlySucceeded = 0, newlyFailed = 0;
  for (auto it = uncountedSucceeded.begin(); it != uncountedSucceeded.end();) {
    if (countable(*it)) {
      ++newlySucceeded;
      it = uncountedSucceeded.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = uncountedFailed.begin(); it != uncountedFailed.end();) {
    if (countable(*it)) {
      ++newlyFailed;
      it = uncountedFailed.erase(it);
    } else {
      ++it;
    }
  }
  if (newlySucceeded + newlyFailed > 0) {
    if (indexed && newlySucceeded > 0) {
      // A second success of the same index counts once: succeeded is the number of completed indexes.
      status["succeeded"] = static_cast<std::int64_t>(parseIndexIntervals(api::stringAt(status, {"completedIndexes"})).size());
    } else if (newlySucceeded > 0) {
      status["succeeded"] = api::integerAt(status, {"succeeded"}) + newlySucceeded;
    }
    if (newlyFailed > 0) status["failed"] = api::integerAt(status, {"failed"}) + newlyFailed;
    storeUncounted(status, uncountedSucceeded, uncountedFailed);
    if (Status written = writeStatus(); !written) return written;
    newlySucceededOut = newlySucceeded;
    newlyFailedOut = newlyFailed;
  }
  return firstError;
}

}  // namespace kubelab::controllers
