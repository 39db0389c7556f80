#pragma once
// The CronJob controller (Kubernetes' pkg/controller/cronjob, ControllerV2): at each scheduled
// time, a Job named "<cronjob>-<scheduled time in minutes since the epoch>" from the
// jobTemplate, within startingDeadlineSeconds, as concurrencyPolicy allows (Allow, Forbid,
// Replace), unless suspended; status.active, lastScheduleTime and lastSuccessfulTime; finished
// Jobs beyond the history limits deleted. Each CronJob is requeued for its next scheduled time.
// The clock is injectable so tests can step time.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "client/eventrecorder.h"
#include "client/informer.h"
#include "client/reconcileloop.h"
#include "controllers/controllercontext.h"
#include "controllers/cronschedule.h"

namespace kubelab::controllers {

inline constexpr const char* kCronJobScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";

struct CronJobControllerOptions {
  std::function<std::chrono::system_clock::time_point()> now = [] { return std::chrono::system_clock::now(); };
};

class CronJobController final : public Controller {
 public:
  explicit CronJobController(ControllerContext& context, CronJobControllerOptions options = {});
  ~CronJobController() override;

  std::string name() const override { return "cronjob"; }
  void start() override;
  void stop() override;

  Status sync(const std::string& key);
  client::EventRecorder& recorder() { return *recorder_; }
  // How long after `now` sync(key) asked to run again (tests); nullopt when it did not.
  std::optional<std::chrono::milliseconds> lastRequeueDelay() const {
    std::lock_guard lock(requeueMutex_);
    return lastRequeueDelay_;
  }

 private:
  void enqueueOwnerOf(const client::ObjectPointer& job);
  void requeueAfter(const std::string& key, std::chrono::system_clock::duration delay);
  // Brings status.active and lastSuccessfulTime up to date with the CronJob's jobs.
  Status reconcileChildJobs(boost::json::object& cronJob, const std::vector<client::ObjectPointer>& jobs);
  // Starts the most recent due run if the deadline and concurrency policy allow, and requeues
  // the CronJob for its next scheduled time.
  Status runSchedule(const std::string& key, boost::json::object& cronJob, const CronSchedule& schedule,
                     const CronTimeZone& zone, CronTime now);
  // Creates the Job for `scheduledTime` unless concurrency forbids it; updates `cronJob`'s status.
  Status startJob(boost::json::object& cronJob, CronTime scheduledTime, const CronTimeZone& zone);
  // Deletes the oldest finished jobs beyond the history limits; true when it deleted one.
  bool cleanupFinishedJobs(boost::json::object& cronJob, const std::vector<client::ObjectPointer>& jobs);
  bool deleteJob(boost::json::object& cronJob, const boost::json::object& job);

  ControllerContext& context_;
  CronJobControllerOptions options_;
  client::Informer& cronJobs_;
  client::Informer& jobs_;
  std::unique_ptr<client::EventRecorder> recorder_;
  client::ReconcileLoop loop_;
  mutable std::mutex requeueMutex_;
  std::optional<std::chrono::milliseconds> lastRequeueDelay_;
};

// "<cronjob>-<minutes since the epoch>".
std::string cronJobJobName(const std::string& cronJobName, CronTime scheduledTime);
// The most recent scheduled time at or before `now` that the cronjob has not started, and how
// many were missed; nullopt when none is due.
struct MissedSchedule {
  CronTime mostRecent;
  std::int64_t missed = 0;
};
std::optional<MissedSchedule> mostRecentScheduleTime(const boost::json::object& cronJob, CronTime now,
                                                     const CronSchedule& schedule, const CronTimeZone& zone);

std::unique_ptr<Controller> newCronJobController(ControllerContext& context);

}  // namespace kubelab::controllers
