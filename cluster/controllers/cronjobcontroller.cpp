#include "controllers/cronjobcontroller.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "client/resource.h"
#include "controllers/controllerref.h"
#include "controllers/jobcontroller.h"
#include "controllers/podutil.h"

namespace kubelab::controllers {
namespace {
namespace json = boost::json;
using namespace std::chrono;

// Kubernetes sorts by startTime, jobs without one last, then by name.
void sortByStartTime(std::vector<const json::object*>& jobs) {
  std::sort(jobs.begin(), jobs.end(), [](const json::object* a, const json::object* b) {
    std::string left = api::stringAt(*a, {"status", "startTime"});
    std::string right = api::stringAt(*b, {"status", "startTime"});
    if (left.empty() != right.empty()) return right.empty();
    return left != right ? left < right : api::name(*a) < api::name(*b);
  });
}

std::string finishedCondition(const json::object& job) {
  if (jobHasCondition(job, "Complete")) return "Complete";
  if (jobHasCondition(job, "Failed")) return "Failed";
  return "";
}

bool inActiveList(const json::object& cronJob, const std::string& uid) {
  const json::array* active = api::arrayAt(cronJob, {"status", "active"});
  if (active == nullptr) return false;
  return std::any_of(active->begin(), active->end(), [&](const json::value& reference) {
    return reference.is_object() && api::stringAt(reference.get_object(), {"uid"}) == uid;
  });
}

bool removeFromActiveList(json::object& cronJob, const std::string& uid) {
  json::object& status = api::ensureObject(cronJob, "status");
  if (!status.contains("active")) return false;
  json::array& active = api::ensureArray(status, "active");
  auto end = std::remove_if(active.begin(), active.end(), [&](const json::value& reference) {
    return reference.is_object() && api::stringAt(reference.get_object(), {"uid"}) == uid;
  });
  bool removed = end != active.end();
  active.erase(end, active.end());
  if (active.empty()) status.erase("active");
  return removed;
}

// Go's RFC 3339 with the zone's offset ("2026-11-26T09:00:00+09:00", or "...Z" in UTC).
std::string formatInZone(CronTime time, const CronTimeZone& zone) {
  std::int64_t offset = zone.offsetAt(time);
  if (offset == 0) return formatTimestamp(time);
  std::string local = formatTimestamp(zone.toLocal(time));
  local.pop_back();  // the "Z"
  char suffix[8];
  std::int64_t magnitude = offset < 0 ? -offset : offset;
  std::snprintf(suffix, sizeof(suffix), "%c%02d:%02d", offset < 0 ? '-' : '+', static_cast<int>(magnitude / 3600),
                static_cast<int>(magnitude % 3600 / 60));
  return local + suffix;
}

// Go's time.RFC1123Z in UTC: "Wed, 25 Nov 2026 22:00:00 +0000".
std::string formatRfc1123z(CronTime time) {
  static const char* weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* monthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto day = floor<days>(time);
  year_month_day date(day);
  hh_mm_ss clock(time - day);
  char text[64];
  std::snprintf(text, sizeof(text), "%s, %02u %s %d %02d:%02d:%02d +0000", weekdays[weekday(day).c_encoding()],
                static_cast<unsigned>(date.day()), monthNames[static_cast<unsigned>(date.month()) - 1],
                static_cast<int>(date.year()), static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()), static_cast<int>(clock.seconds().count()));
  return text;
}

CronTime toCronTime(system_clock::time_point time) { return floor<seconds>(time); }

}  // namespace

std::string cronJobJobName(const std::string& cronJobName, CronTime scheduledTime) {
  return cronJobName + "-" + std::to_string(scheduledTime.time_since_epoch().count() / 60);
}

std::optional<MissedSchedule> mostRecentScheduleTime(const json::object& cronJob, CronTime now,
                                                     const CronSchedule& schedule, const CronTimeZone& zone) {
  std::string last = api::stringAt(cronJob, {"status", "lastScheduleTime"});
  CronTime earliest = toCronTime(parseTimestamp(last.empty() ? api::stringAt(cronJob, {"metadata", "creationTimestamp"}) : last));
  if (const json::value* deadline = api::valueAt(cronJob, {"spec", "startingDeadlineSeconds"}); deadline && deadline->is_int64()) {
    earliest = std::max(earliest, now - seconds(deadline->as_int64()));
  }
  std::optional<MissedSchedule> result;
  // Bounded so that a clock decades off cannot spin this loop; Kubernetes warns past 100 misses.
  for (std::optional<CronTime> next = schedule.next(earliest, zone); next && *next <= now; next = schedule.next(*next, zone)) {
    if (!result) result = MissedSchedule{};
    result->mostRecent = *next;
    if (++result->missed > 100000) break;
  }
  return result;
}

CronJobController::CronJobController(ControllerContext& context, CronJobControllerOptions options)
    : context_(context),
      options_(std::move(options)),
      cronJobs_(context.informers.informer(client::resources::cronJobs)),
      jobs_(context.informers.informer(client::resources::jobs)),
      recorder_(context.recorderFor("cronjob-controller")),
      loop_("cronjob", [this](const std::string& key) { return sync(key); }) {
  auto enqueue = [this](const client::ObjectPointer& cronJob) { loop_.enqueue(client::objectKey(*cronJob)); };
  cronJobs_.addEventHandlers({enqueue,
                              [this](const client::ObjectPointer& old, const client::ObjectPointer& current) {
                                if (api::resourceVersion(*old) != api::resourceVersion(*current)) {
                                  loop_.enqueue(client::objectKey(*current));
                                }
                              },
                              nullptr});
  auto enqueueOwner = [this](const client::ObjectPointer& job) { enqueueOwnerOf(job); };
  jobs_.addEventHandlers({enqueueOwner,
                          [this](const client::ObjectPointer& old, const client::ObjectPointer& current) {
                            if (api::resourceVersion(*old) != api::resourceVersion(*current)) enqueueOwnerOf(current);
                          },
                          enqueueOwner});
}

CronJobController::~CronJobController() { stop(); }

void CronJobController::start() { loop_.start(context_.workersPerController); }

void CronJobController::stop() { loop_.stop(); }

void CronJobController::enqueueOwnerOf(const client::ObjectPointer& job) {
  std::optional<OwnerReference> owner = controllerOf(*job);
  if (!owner || owner->kind != "CronJob") return;
  loop_.enqueue(client::objectKey(api::namespaceOf(*job), owner->name));
}

void CronJobController::requeueAfter(const std::string& key, system_clock::duration delay) {
  auto delayMilliseconds = std::max(duration_cast<milliseconds>(delay), milliseconds(0));
  {
    std::lock_guard lock(requeueMutex_);
    lastRequeueDelay_ = delayMilliseconds;
  }
  loop_.enqueueAfter(key, delayMilliseconds);
}

bool CronJobController::deleteJob(json::object& cronJob, const json::object& job) {
  client::DeleteOptions options;
  options.propagationPolicy = "Background";
  Status removed = context_.api.remove(client::resources::jobs, api::namespaceOf(job), api::name(job), options);
  if (!removed && removed.code() != StatusCode::NotFound) {
    recorder_->event(cronJob, client::EventType::Warning, "FailedDelete", "Deleted job: " + removed.message());
    return false;
  }
  removeFromActiveList(cronJob, api::uid(job));
  recorder_->event(cronJob, client::EventType::Normal, "SuccessfulDelete", "Deleted job " + api::name(job));
  return true;
}

bool CronJobController::cleanupFinishedJobs(json::object& cronJob, const std::vector<client::ObjectPointer>& jobs) {
  bool changed = false;
  for (const auto& [condition, limitField] : {std::pair{"Complete", "successfulJobsHistoryLimit"},
                                              std::pair{"Failed", "failedJobsHistoryLimit"}}) {
    const json::value* limit = api::valueAt(cronJob, {"spec", limitField});
    if (limit == nullptr || !limit->is_int64()) continue;
    std::vector<const json::object*> finished;
    for (const client::ObjectPointer& job : jobs) {
      if (finishedCondition(*job) == condition) finished.push_back(job.get());
    }
    auto excess = static_cast<std::int64_t>(finished.size()) - limit->as_int64();
    if (excess <= 0) continue;
    sortByStartTime(finished);
    for (std::int64_t index = 0; index < excess; ++index) changed = deleteJob(cronJob, *finished[static_cast<std::size_t>(index)]) || changed;
  }
  return changed;
}

Status CronJobController::startJob(json::object& cronJob, CronTime scheduledTime, const CronTimeZone& zone) {
  std::string ns = api::namespaceOf(cronJob);
  if (api::stringAt(cronJob, {"spec", "concurrencyPolicy"}) == "Replace") {
    const json::array* active = api::arrayAt(cronJob, {"status", "active"});
    std::vector<json::object> running;
    if (active != nullptr) {
      for (const json::value& reference : *active) running.push_back(reference.as_object());
    }
    for (const json::object& reference : running) {
      Result<json::object> job = context_.api.get(client::resources::jobs, ns, api::stringAt(reference, {"name"}));
      if (!job && job.status().code() == StatusCode::NotFound) {
        removeFromActiveList(cronJob, api::stringAt(reference, {"uid"}));
        continue;
      }
      if (!job) {
        recorder_->event(cronJob, client::EventType::Warning, "FailedGet", "Get job: " + job.status().message());
        return job.status();
      }
      if (!deleteJob(cronJob, *job)) return unavailable("could not replace job " + ns + "/" + api::name(*job));
    }
  }

  const json::object* jobTemplate = api::objectAt(cronJob, {"spec", "jobTemplate"});
  json::object metadata{{"name", cronJobJobName(api::name(cronJob), scheduledTime)}, {"namespace", ns}};
  json::object annotations;
  if (jobTemplate != nullptr) {
    if (const json::object* labels = api::objectAt(*jobTemplate, {"metadata", "labels"})) metadata["labels"] = *labels;
    if (const json::object* existing = api::objectAt(*jobTemplate, {"metadata", "annotations"})) annotations = *existing;
  }
  annotations[kCronJobScheduledTimestampAnnotation] = formatInZone(scheduledTime, zone);
  metadata["annotations"] = annotations;
  metadata["ownerReferences"] = json::array{controllerReferenceTo(cronJob, "batch/v1", "CronJob")};
  json::object job{{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"metadata", metadata}};
  if (jobTemplate != nullptr && api::objectAt(*jobTemplate, {"spec"}) != nullptr) job["spec"] = *api::objectAt(*jobTemplate, {"spec"});

  Result<json::object> created = context_.api.create(client::resources::jobs, ns, job);
  if (!created && created.status().code() == StatusCode::AlreadyExists) {
    // Created earlier, but the status update that should have recorded it was lost.
    created = context_.api.get(client::resources::jobs, ns, api::name(job));
    if (!created) return created.status();
    if (!isControlledBy(*created, api::uid(cronJob)) || inActiveList(cronJob, api::uid(*created))) return Status::ok();
  } else if (!created) {
    recorder_->event(cronJob, client::EventType::Warning, "FailedCreate", "Error creating job: " + created.status().message());
    return created.status();
  } else {
    recorder_->event(cronJob, client::EventType::Normal, "SuccessfulCreate", "Created job " + api::name(*created));
  }
  json::object& status = api::ensureObject(cronJob, "status");
  api::ensureArray(status, "active").push_back(client::objectReference(*created, "batch/v1", "Job"));
  status["lastScheduleTime"] = formatTimestamp(scheduledTime);
  return Status::ok();
}

Status CronJobController::reconcileChildJobs(json::object& cronJob, const std::vector<client::ObjectPointer>& jobs) {
  std::set<std::string> childUids;
  for (const client::ObjectPointer& job : jobs) {
    std::string uid = api::uid(*job);
    childUids.insert(uid);
    std::string condition = finishedCondition(*job);
    if (condition.empty() && !inActiveList(cronJob, uid)) {
      // Our own status write may simply not have reached the cache yet: ask the server.
      Result<json::object> fresh = context_.api.get(client::resources::cronJobs, api::namespaceOf(cronJob), api::name(cronJob));
      if (!fresh) return fresh.status();
      if (inActiveList(*fresh, uid)) {
        cronJob = std::move(fresh).value();
        continue;
      }
      recorder_->event(cronJob, client::EventType::Warning, "UnexpectedJob",
                       "Saw a job that the controller did not create or forgot: " + api::name(*job));
    } else if (!condition.empty()) {
      if (removeFromActiveList(cronJob, uid)) {
        recorder_->event(cronJob, client::EventType::Normal, "SawCompletedJob",
                         "Saw completed job: " + api::name(*job) + ", condition: " + condition);
      }
      std::string completion = api::stringAt(*job, {"status", "completionTime"});
      std::string lastSuccessful = api::stringAt(cronJob, {"status", "lastSuccessfulTime"});
      if (condition == "Complete" && !completion.empty() && parseTimestamp(completion) > parseTimestamp(lastSuccessful)) {
        api::ensureObject(cronJob, "status")["lastSuccessfulTime"] = completion;
      }
    }
  }
  // Active references whose job vanished, checked against the server rather than the cache.
  if (const json::array* active = api::arrayAt(cronJob, {"status", "active"})) {
    std::vector<json::object> references;
    for (const json::value& reference : *active) references.push_back(reference.as_object());
    for (const json::object& reference : references) {
      if (childUids.count(api::stringAt(reference, {"uid"})) > 0) continue;
      Result<json::object> job = context_.api.get(client::resources::jobs, api::namespaceOf(cronJob), api::stringAt(reference, {"name"}));
      if (job.isOk()) continue;
      if (job.status().code() != StatusCode::NotFound) return job.status();
      recorder_->event(cronJob, client::EventType::Normal, "MissingJob", "Active job went missing: " + api::stringAt(reference, {"name"}));
      removeFromActiveList(cronJob, api::stringAt(reference, {"uid"}));
    }
  }

  return Status::ok();
}

Status CronJobController::runSchedule(const std::string& key, json::object& cronJob, const CronSchedule& schedule,
                                      const CronTimeZone& zone, CronTime now) {
  Status result = Status::ok();
  std::optional<MissedSchedule> due = mostRecentScheduleTime(cronJob, now, schedule, zone);
  CronTime wakeFrom = now;
  if (due) {
    wakeFrom = std::max(now, due->mostRecent);
    const json::value* deadline = api::valueAt(cronJob, {"spec", "startingDeadlineSeconds"});
    bool tooLate = deadline && deadline->is_int64() && due->mostRecent + seconds(deadline->as_int64()) < now;
    bool processed = api::stringAt(cronJob, {"status", "lastScheduleTime"}) == formatTimestamp(due->mostRecent);
    const json::array* active = api::arrayAt(cronJob, {"status", "active"});
    std::string jobName = cronJobJobName(api::name(cronJob), due->mostRecent);
    for (const json::value& reference : active ? *active : json::array{}) {
      if (api::stringAt(reference.as_object(), {"name"}) == jobName) processed = true;
    }
    if (due->missed > 100) {
      recorder_->event(cronJob, client::EventType::Warning, "TooManyMissedTimes",
                       "too many missed start times: " + std::to_string(due->missed) +
                           ". Set or decrease .spec.startingDeadlineSeconds or check clock skew");
    }
    if (tooLate) {
      recorder_->event(cronJob, client::EventType::Warning, "MissSchedule",
                       "Missed scheduled time to start a job: " + formatRfc1123z(due->mostRecent));
    } else if (processed) {
      // Already started this one.
    } else if (api::stringAt(cronJob, {"spec", "concurrencyPolicy"}) == "Forbid" && active != nullptr && !active->empty()) {
      recorder_->event(cronJob, client::EventType::Normal, "JobAlreadyActive",
                       "Not starting job because prior execution is running and concurrency policy is Forbid");
    } else {
      result = startJob(cronJob, due->mostRecent, zone);
    }
  }
  if (std::optional<CronTime> next = schedule.next(wakeFrom, zone)) {
    // A little after the minute, as Kubernetes' nextScheduleDelta, so the time has surely come.
    requeueAfter(key, *next - toCronTime(options_.now()) + milliseconds(100));
  }
  return result;
}

Status CronJobController::sync(const std::string& key) {
  {
    std::lock_guard lock(requeueMutex_);
    lastRequeueDelay_.reset();
  }
  auto [ns, name] = client::splitObjectKey(key);
  client::ObjectPointer cached = cronJobs_.lister().get(ns, name);
  if (cached == nullptr) return Status::ok();
  json::object cronJob = *cached;
  const json::value originalStatus = cronJob.contains("status") ? cronJob["status"] : json::value(json::object{});
  const CronTime now = toCronTime(options_.now());

  std::vector<client::ObjectPointer> jobs;
  for (const client::ObjectPointer& job : jobs_.lister().list(ns)) {
    if (isControlledBy(*job, api::uid(cronJob))) jobs.push_back(job);
  }
  if (Status reconciled = reconcileChildJobs(cronJob, jobs); !reconciled) return reconciled;

  Status result = Status::ok();
  std::string timeZoneName = api::stringAt(cronJob, {"spec", "timeZone"});
  Result<CronTimeZone> zone = CronTimeZone::load(timeZoneName);
  Result<CronSchedule> schedule = CronSchedule::parse(api::stringAt(cronJob, {"spec", "schedule"}));
  if (api::valueAt(cronJob, {"metadata", "deletionTimestamp"}) != nullptr) {
    // Being deleted: only the status.
  } else if (!zone) {
    recorder_->event(cronJob, client::EventType::Warning, "UnknownTimeZone",
                     "invalid timeZone: \"" + timeZoneName + "\": unknown time zone " + timeZoneName);
  } else if (api::booleanAt(cronJob, {"spec", "suspend"})) {
    // Suspended: nothing starts, and nothing to wake up for.
  } else if (!schedule) {
    recorder_->event(cronJob, client::EventType::Warning, "UnparseableSchedule",
                     "unparseable schedule: \"" + api::stringAt(cronJob, {"spec", "schedule"}) + "\" : " + schedule.status().message());
  } else {
    result = runSchedule(key, cronJob, *schedule, *zone, now);
  }

  cleanupFinishedJobs(cronJob, jobs);
  if (cronJob.contains("status") && cronJob["status"] != originalStatus) {
    Result<json::object> written = context_.api.update(client::resources::cronJobs, cronJob, "status");
    if (!written && written.status().code() != StatusCode::NotFound && result) result = written.status();
  }
  return result;
}

std::unique_ptr<Controller> newCronJobController(ControllerContext& context) {
  return std::make_unique<CronJobController>(context);
}

}  // namespace kubelab::controllers
