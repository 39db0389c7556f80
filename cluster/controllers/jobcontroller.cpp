#include "controllers/jobcontroller.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <set>

#include "api/labelselector.h"
#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "client/resource.h"
#include "controllers/controllerref.h"
#include "controllers/jobindexed.h"
#include "controllers/podutil.h"
#include "controllers/replicasetslowstart.h"
#include "controllers/rolloutownership.h"

namespace kubelab::controllers {
namespace {
namespace json = boost::json;
using Clock = std::chrono::system_clock;

bool isTerminal(const json::object& pod) {
  std::string phase = podPhase(pod);
  return phase == "Succeeded" || phase == "Failed";
}

// Container restarts count as failures when the pods restart in place (restartPolicy OnFailure).
bool pastBackoffLimitOnFailure(const json::object& job, const std::vector<client::ObjectPointer>& active,
                               std::int64_t backoffLimit) {
  if (api::stringAt(job, {"spec", "template", "spec", "restartPolicy"}) != "OnFailure") return false;
  std::int64_t restarts = 0;
  for (const client::ObjectPointer& pod : active) {
    for (std::string_view field : {"initContainerStatuses", "containerStatuses"}) {
      const json::array* statuses = api::arrayAt(*pod, {"status", field});
      if (statuses == nullptr) continue;
      for (const json::value& status : *statuses) {
        if (status.is_object()) restarts += api::integerAt(status.get_object(), {"restartCount"});
      }
    }
  }
  return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit;
}

// Which active pods to delete first when there are too many: not ready, then the newest.
void sortForDeletion(std::vector<client::ObjectPointer>& pods) {
  std::stable_sort(pods.begin(), pods.end(), [](const client::ObjectPointer& a, const client::ObjectPointer& b) {
    if (isPodReady(*a) != isPodReady(*b)) return !isPodReady(*a);
    return api::stringAt(*a, {"metadata", "creationTimestamp"}) > api::stringAt(*b, {"metadata", "creationTimestamp"});
  });
}

void appendCondition(json::object& status, json::object condition) {
  json::array& conditions = api::ensureArray(status, "conditions");
  std::string type(condition.at("type").as_string());
  for (json::value& existing : conditions) {
    if (existing.is_object() && api::stringAt(existing.get_object(), {"type"}) == type) {
      existing = std::move(condition);
      return;
    }
  }
  conditions.push_back(std::move(condition));
}

}  // namespace

bool jobHasCondition(const json::object& job, std::string_view type) {
  const json::array* conditions = api::arrayAt(job, {"status", "conditions"});
  if (conditions == nullptr) return false;
  return std::any_of(conditions->begin(), conditions->end(), [&](const json::value& condition) {
    return condition.is_object() && api::stringAt(condition.get_object(), {"type"}) == type &&
           api::stringAt(condition.get_object(), {"status"}) == "True";
  });
}

json::object jobCondition(std::string_view type, std::string_view reason, std::string_view message,
                          const std::string& timestamp) {
  return json::object{{"type", type},         {"status", "True"},  {"lastProbeTime", timestamp},
                      {"lastTransitionTime", timestamp}, {"reason", reason}, {"message", message}};
}

JobController::JobController(ControllerContext& context, JobControllerOptions options)
    : context_(context),
      options_(std::move(options)),
      jobs_(context.informers.informer(client::resources::jobs)),
      pods_(context.informers.informer(client::resources::pods)),
      recorder_(context.recorderFor("job-controller")),
      loop_("job", [this](const std::string& key) { return sync(key); }) {
  auto enqueueJob = [this](const client::ObjectPointer& job) { loop_.enqueue(client::objectKey(*job)); };
  jobs_.addEventHandlers({enqueueJob,
                          [this](const client::ObjectPointer& old, const client::ObjectPointer& current) {
                            if (api::resourceVersion(*old) != api::resourceVersion(*current)) {
                              loop_.enqueue(client::objectKey(*current));
                            }
                          },
                          [this](const client::ObjectPointer& job) {
                            expectations_.forget(client::objectKey(*job));
                            std::lock_guard lock(failuresMutex_);
                            failures_.erase(client::objectKey(*job));
                            releasedPods_.erase(client::objectKey(*job));
                          }});
  pods_.addEventHandlers({[this](const client::ObjectPointer& pod) {
                            std::optional<OwnerReference> owner = controllerOf(*pod);
                            if (!owner || owner->kind != "Job") return;
                            expectations_.creationObserved(client::objectKey(api::namespaceOf(*pod), owner->name));
                            enqueueOwnerOf(pod);
                          },
                          [this](const client::ObjectPointer& old, const client::ObjectPointer& current) {
                            if (api::resourceVersion(*old) == api::resourceVersion(*current)) return;
                            podReleaseObserved(current, false);
                            enqueueOwnerOf(current);
                          },
                          [this](const client::ObjectPointer& pod) {
                            podReleaseObserved(pod, true);
                            enqueueOwnerOf(pod);
                          }});
}

JobController::~JobController() { stop(); }

void JobController::start() { loop_.start(context_.workersPerController); }

void JobController::stop() { loop_.stop(); }

void JobController::enqueueOwnerOf(const client::ObjectPointer& pod) {
  std::optional<OwnerReference> owner = controllerOf(*pod);
  bool tracked = false;
  if (const json::array* finalizers = api::arrayAt(*pod, {"metadata", "finalizers"})) {
    for (const json::value& finalizer : *finalizers) tracked = tracked || (finalizer.is_string() && finalizer.get_string() == kJobTrackingFinalizer);
  }
  if (tracked && (!owner || owner->kind != "Job" || jobs_.lister().get(api::namespaceOf(*pod), owner->name) == nullptr)) {
    loop_.enqueue(std::string(kJobOrphanPodKeyPrefix) + client::objectKey(*pod));
  }
  if (!owner || owner->kind != "Job") return;
  loop_.enqueue(client::objectKey(api::namespaceOf(*pod), owner->name));
}

Result<std::vector<client::ObjectPointer>> JobController::claimPods(const json::object& job) {
  Result<api::LabelSelector> selector = api::LabelSelector::fromJson(api::valueAt(job, {"spec", "selector"}));
  if (!selector) return invalid("invalid selector for Job " + client::objectKey(job) + ": " + selector.status().message());
  std::vector<client::ObjectPointer> candidates;
  for (const client::ObjectPointer& pod : pods_.lister().list(api::namespaceOf(job))) {
    if (isControlledBy(*pod, api::uid(job)) || (!controllerOf(*pod) && selector->matches(api::labels(*pod)))) {
      candidates.push_back(pod);
    }
  }
  return claimObjects(context_.api, client::resources::pods, {&job, "batch/v1", "Job"}, *selector, candidates,
                      recheckOwner(context_.api, client::resources::jobs, job));
}

std::chrono::milliseconds JobController::remainingBackoff(const std::string& key) {
  std::lock_guard lock(failuresMutex_);
  auto found = failures_.find(key);
  // No record: no failure since the last success (or since this controller started).
  if (found == failures_.end() || found->second.failuresAfterLastSuccess <= 0) return std::chrono::milliseconds(0);
  auto delay = options_.podFailureBackoffBase;
  for (std::int64_t step = 1; step < found->second.failuresAfterLastSuccess && delay < options_.podFailureBackoffMax; ++step) {
    delay *= 2;
  }
  delay = std::min(delay, options_.podFailureBackoffMax);
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(options_.now() - found->second.lastFailure);
  return elapsed >= delay ? std::chrono::milliseconds(0) : delay - elapsed;
}

Status JobController::createPods(const json::object& job, std::int64_t count, const std::vector<std::int64_t>& indexes) {
  if (!indexes.empty()) count = static_cast<std::int64_t>(indexes.size());
  // Upstream's MaxPodCreateDeletePerSync; the rest come next sync.
  const int creations = static_cast<int>(std::min<std::int64_t>(count, 500));
  std::string key = client::objectKey(job);
  expectations_.expectCreations(key, creations);
  const json::object* podTemplate = api::objectAt(job, {"spec", "template"});
  std::atomic<int> next{0};
  auto createOne = [&]() -> Status {
    const auto position = static_cast<std::size_t>(next++);
    json::object pod = podFromTemplate(podTemplate ? *podTemplate : json::object{},
                                       controllerReferenceTo(job, "batch/v1", "Job"), api::name(job) + "-");
    json::object& metadata = api::ensureObject(pod, "metadata");
    metadata["namespace"] = api::namespaceOf(job);
    api::ensureArray(metadata, "finalizers").push_back(json::value(kJobTrackingFinalizer));
    if (!indexes.empty()) setPodCompletionIndex(pod, api::name(job), indexes[position]);
    Result<json::object> created = context_.api.create(client::resources::pods, api::namespaceOf(job), pod);
    if (!created) {
      expectations_.creationObserved(key);
      recorder_->event(job, client::EventType::Warning, "FailedCreate", "Error creating: " + created.status().message());
      return created.status();
    }
    recorder_->event(job, client::EventType::Normal, "SuccessfulCreate", "Created pod: " + api::name(*created));
    return Status::ok();
  };
  // Batches of 1, 2, 4, ... that stop at the first failure, as upstream's slowStartBatch.
  SlowStartResult result = slowStartBatch(creations, 1, createOne);
  for (int skipped = next.load(); skipped < creations; ++skipped) expectations_.creationObserved(key);
  return result.firstError;
}

Status JobController::deletePods(const json::object& job, const std::vector<client::ObjectPointer>& pods, bool uncounted) {
  Status firstError = Status::ok();
  for (const client::ObjectPointer& pod : pods) {
    if (uncounted) {
      Status released = removeTrackingFinalizer(*pod);
      if (!released) {
        if (firstError) firstError = released;
        continue;
      }
      // The cache may still show the finalizer on the terminating pod: never count it.
      std::lock_guard lock(failuresMutex_);
      releasedPods_[client::objectKey(job)].insert(api::uid(*pod));
    }
    client::DeleteOptions options;
    options.preconditionUid = api::uid(*pod);
    Status removed = context_.api.remove(client::resources::pods, api::namespaceOf(*pod), api::name(*pod), options);
    if (!removed && removed.code() != StatusCode::NotFound) {
      recorder_->event(job, client::EventType::Warning, "FailedDelete", "Error deleting: " + removed.message());
      if (firstError) firstError = removed;
      continue;
    }
    recorder_->event(job, client::EventType::Normal, "SuccessfulDelete", "Deleted pod: " + api::name(*pod));
  }
  return firstError;
}

struct JobController::SyncState {
  Clock::time_point now;
  std::string nowText;
  json::object status;  // the status being written
  std::vector<client::ObjectPointer> active;
  std::vector<client::ObjectPointer> toDelete;
  bool deleteUncounted = false;  // see deletePods
  std::int64_t terminating = 0;
  std::int64_t succeeded = 0;
  std::int64_t failed = 0;
  bool settled = false;  // no pod terminating, nothing uncounted
  bool suspended = false;
  std::optional<std::int64_t> completions;
  std::optional<std::int64_t> activeDeadlineSeconds;
  Clock::time_point startTime;
};

namespace {

std::optional<std::int64_t> optionalInteger(const json::object& job, std::initializer_list<std::string_view> path) {
  const json::value* value = api::valueAt(job, path);
  if (value == nullptr || !value->is_int64()) return std::nullopt;
  return value->as_int64();
}

}  // namespace

void JobController::updateSuspension(const json::object& job, SyncState& state) {
  if (state.suspended && !jobHasCondition(job, "Suspended")) {
    appendCondition(state.status, jobCondition("Suspended", "JobSuspended", "Job suspended", state.nowText));
    recorder_->event(job, client::EventType::Normal, "Suspended", "Job suspended");
  } else if (!state.suspended && jobHasCondition(job, "Suspended")) {
    // Resumed: the activeDeadlineSeconds clock starts again.
    json::object resumed = jobCondition("Suspended", "JobResumed", "Job resumed", state.nowText);
    resumed["status"] = "False";
    appendCondition(state.status, std::move(resumed));
    state.status["startTime"] = state.nowText;
    recorder_->event(job, client::EventType::Normal, "Resumed", "Job resumed");
  }
  if (!state.status.contains("startTime") && !state.suspended) state.status["startTime"] = state.nowText;
}

void JobController::finishJob(const json::object& job, SyncState& state, const std::string& reason,
                              const std::string& message) {
  bool failing = !reason.empty();
  if (failing && !jobHasCondition(job, "FailureTarget")) {
    appendCondition(state.status, jobCondition("FailureTarget", reason, message, state.nowText));
  } else if (!failing && !jobHasCondition(job, "SuccessCriteriaMet")) {
    appendCondition(state.status, jobCondition("SuccessCriteriaMet", "CompletionsReached",
                                               "Reached expected number of succeeded pods", state.nowText));
  }
  state.toDelete = state.active;
  if (!state.active.empty() || !state.settled) return;
  if (failing) {
    appendCondition(state.status, jobCondition("Failed", reason, message, state.nowText));
    recorder_->event(job, client::EventType::Warning, reason, message);
  } else {
    appendCondition(state.status, jobCondition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", state.nowText));
    state.status["completionTime"] = state.nowText;
    recorder_->event(job, client::EventType::Normal, "Completed", "Job completed");
  }
}

Status JobController::manageActivePods(const std::string& key, const json::object& job, SyncState& state) {
  const bool indexed = isIndexedJob(job);
  const std::int64_t completions = state.completions.value_or(0);
  std::int64_t wantActive = state.suspended ? 0 : api::integerAt(job, {"spec", "parallelism"}, 1);
  if (state.completions) wantActive = std::min(wantActive, completions - state.succeeded);
  wantActive = std::max<std::int64_t>(wantActive, 0);
  // Indexed: one active pod per index that has not succeeded yet; the rest go.
  std::vector<client::ObjectPointer> keep;
  std::set<std::int64_t> takenIndexes = parseIndexIntervals(api::stringAt(state.status, {"completedIndexes"}));
  for (const client::ObjectPointer& pod : state.active) {
    std::optional<std::int64_t> index = indexed ? completionIndexOf(*pod) : std::nullopt;
    if (indexed && (!index || *index >= completions || !takenIndexes.insert(*index).second)) {
      state.toDelete.push_back(pod);
    } else {
      keep.push_back(pod);
    }
  }
  Status created = Status::ok();
  state.deleteUncounted = true;
  const auto activeCount = static_cast<std::int64_t>(keep.size());
  if (activeCount > wantActive) {
    sortForDeletion(keep);
    state.toDelete.insert(state.toDelete.end(), keep.begin(), keep.begin() + (activeCount - wantActive));
  } else if (activeCount < wantActive && expectations_.satisfied(key)) {
    std::vector<std::int64_t> indexes;
    for (std::int64_t index = 0; indexed && index < completions && static_cast<std::int64_t>(indexes.size()) < wantActive - activeCount; ++index) {
      if (takenIndexes.count(index) == 0) indexes.push_back(index);
    }
    if (std::chrono::milliseconds backoff = remainingBackoff(key); backoff.count() > 0) {
      loop_.enqueueAfter(key, backoff);
    } else if (!indexed || !indexes.empty()) {
      created = createPods(job, wantActive - activeCount, indexes);
    }
  }
  if (state.activeDeadlineSeconds && !state.suspended) {
    auto remaining = state.startTime + std::chrono::seconds(*state.activeDeadlineSeconds) - state.now;
    loop_.enqueueAfter(key, std::chrono::duration_cast<std::chrono::milliseconds>(remaining) + std::chrono::milliseconds(10));
  }
  return created;
}

Status JobController::writeJobStatus(json::object& job, SyncState& state) {
  std::int64_t ready = 0;
  for (const client::ObjectPointer& pod : state.active) {
    bool deleted = std::find(state.toDelete.begin(), state.toDelete.end(), pod) != state.toDelete.end();
    if (!deleted && isPodReady(*pod)) ++ready;
  }
  auto activeAfter = static_cast<std::int64_t>(state.active.size() - state.toDelete.size());
  if (activeAfter > 0) {
    state.status["active"] = activeAfter;
  } else {
    state.status.erase("active");
  }
  state.status["ready"] = ready;
  state.status["terminating"] = state.terminating + static_cast<std::int64_t>(state.toDelete.size());
  if (!state.status.contains("uncountedTerminatedPods")) state.status["uncountedTerminatedPods"] = json::object{};
  const json::object* old = api::objectAt(job, {"status"});
  if (old != nullptr && *old == state.status) return Status::ok();
  job["status"] = state.status;
  Result<json::object> written = context_.api.update(client::resources::jobs, job, "status");
  if (!written && written.status().code() != StatusCode::NotFound) return written.status();
  if (written) rememberStatusWrite(client::objectKey(*written), *written);
  return Status::ok();
}

void JobController::rememberStatusWrite(const std::string& key, const json::object& written) {
  std::lock_guard lock(statusWritesMutex_);
  statusWrites_[key] = std::atoll(api::stringAt(written, {"metadata", "resourceVersion"}).c_str());
}

bool JobController::cacheBehindStatusWrite(const std::string& key, const json::object& cached) {
  std::lock_guard lock(statusWritesMutex_);
  auto found = statusWrites_.find(key);
  return found != statusWrites_.end() &&
         std::atoll(api::stringAt(cached, {"metadata", "resourceVersion"}).c_str()) < found->second;
}

Status JobController::sync(const std::string& key) {
  if (key.starts_with(kJobOrphanPodKeyPrefix)) return releaseOrphanPod(key.substr(kJobOrphanPodKeyPrefix.size()));
  auto [ns, name] = client::splitObjectKey(key);
  client::ObjectPointer cached = jobs_.lister().get(ns, name);
  if (cached == nullptr) {
    expectations_.forget(key);
    return Status::ok();
  }
  if (cacheBehindStatusWrite(key, *cached)) return unavailable("job " + key + ": the cache is behind its last status write");
  json::object job = *cached;
  Result<std::vector<client::ObjectPointer>> claimed = claimPods(job);
  if (!claimed) return claimed.status();
  const std::vector<client::ObjectPointer> pods = std::move(claimed).value();
  std::int64_t newlySucceeded = 0, newlyFailed = 0;
  if (Status tracked = trackFinishedPods(job, pods, newlySucceeded, newlyFailed); !tracked) return tracked;
  if (newlySucceeded > 0 || newlyFailed > 0) {
    std::lock_guard lock(failuresMutex_);
    FailureRecord& record = failures_[key];
    if (newlySucceeded > 0) record.failuresAfterLastSuccess = 0;
    if (newlyFailed > 0) {
      record.failuresAfterLastSuccess += newlyFailed;
      record.lastFailure = options_.now();
    }
  }
  if (jobHasCondition(job, "Complete") || jobHasCondition(job, "Failed")) return Status::ok();

  SyncState state;
  state.now = options_.now();
  state.nowText = formatTimestamp(state.now);
  state.status = api::objectAt(job, {"status"}) ? *api::objectAt(job, {"status"}) : json::object{};
  state.suspended = api::booleanAt(job, {"spec", "suspend"});
  state.completions = optionalInteger(job, {"spec", "completions"});
  state.activeDeadlineSeconds = optionalInteger(job, {"spec", "activeDeadlineSeconds"});
  updateSuspension(job, state);
  for (const client::ObjectPointer& pod : pods) {
    if (isTerminal(*pod)) continue;
    if (isPodTerminating(*pod)) {
      ++state.terminating;
    } else {
      state.active.push_back(pod);
    }
  }
  state.succeeded = api::integerAt(state.status, {"succeeded"});
  state.failed = api::integerAt(state.status, {"failed"});
  std::int64_t uncounted = 0;
  for (std::string_view list : {"succeeded", "failed"}) {
    if (const json::array* uids = api::arrayAt(state.status, {"uncountedTerminatedPods", list})) uncounted += static_cast<std::int64_t>(uids->size());
  }
  state.settled = state.terminating == 0 && uncounted == 0;
  state.startTime = state.status.contains("startTime") ? parseTimestamp(api::stringAt(state.status, {"startTime"})) : state.now;

  // Why the job fails, if it does: an earlier FailureTarget, the backoff limit, or the deadline.
  std::string failureReason, failureMessage;
  const std::int64_t backoffLimit = api::integerAt(job, {"spec", "backoffLimit"}, 6);
  if (jobHasCondition(job, "FailureTarget")) {
    for (const json::value& condition : *api::arrayAt(job, {"status", "conditions"})) {
      if (api::stringAt(condition.as_object(), {"type"}) != "FailureTarget") continue;
      failureReason = api::stringAt(condition.as_object(), {"reason"});
      failureMessage = api::stringAt(condition.as_object(), {"message"});
    }
  } else if (state.failed > backoffLimit || pastBackoffLimitOnFailure(job, state.active, backoffLimit)) {
    failureReason = "BackoffLimitExceeded";
    failureMessage = "Job has reached the specified backoff limit";
  } else if (state.activeDeadlineSeconds && !state.suspended &&
             state.now - state.startTime >= std::chrono::seconds(*state.activeDeadlineSeconds)) {
    failureReason = "DeadlineExceeded";
    failureMessage = "Job was active longer than specified deadline";
  }
  const bool complete = jobHasCondition(job, "SuccessCriteriaMet") ||
                        (state.completions ? state.succeeded >= *state.completions : state.succeeded > 0 && state.active.empty());

  Status actions = Status::ok();
  if (!failureReason.empty() || complete) {
    finishJob(job, state, failureReason, failureMessage);
  } else {
    actions = manageActivePods(key, job, state);
  }
  if (!state.toDelete.empty()) {
    Status deleted = deletePods(job, state.toDelete, state.deleteUncounted);
    if (actions) actions = deleted;
  }
  if (Status written = writeJobStatus(job, state); !written) return written;
  return actions;
}

std::unique_ptr<Controller> newJobController(ControllerContext& context) {
  return std::make_unique<JobController>(context);
}

}  // namespace kubelab::controllers
