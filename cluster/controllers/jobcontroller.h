#pragma once
// The Job controller (Kubernetes' pkg/controller/job): runs pods until `completions` succeed,
// `parallelism` at a time, replacing failed ones after an exponential back-off until
// `backoffLimit` failures (BackoffLimitExceeded) or `activeDeadlineSeconds` (DeadlineExceeded).
// Pods carry the batch.kubernetes.io/job-tracking finalizer so that none is lost uncounted: a
// finished pod goes to status.uncountedTerminatedPods, loses the finalizer, and is then counted
// in succeeded/failed (jobtracking.cpp). As in Kubernetes 1.31+, SuccessCriteriaMet or
// FailureTarget comes first and Complete or Failed once no pod is left running.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "client/eventrecorder.h"
#include "client/informer.h"
#include "client/reconcileloop.h"
#include "controllers/controllercontext.h"
#include "controllers/expectations.h"

namespace kubelab::controllers {

inline constexpr const char* kJobTrackingFinalizer = "batch.kubernetes.io/job-tracking";
// Work-queue keys of orphaned pods carry this prefix before "<namespace>/<name>".
inline constexpr std::string_view kJobOrphanPodKeyPrefix = "orphan-pod:";

struct JobControllerOptions {
  // The delay before replacing a failed pod: base * 2^(failures since the last success - 1), at most maxDelay
  // (Kubernetes: 10 s and 6 min).
  std::chrono::milliseconds podFailureBackoffBase{10000};
  std::chrono::milliseconds podFailureBackoffMax{360000};
  std::function<std::chrono::system_clock::time_point()> now = [] { return std::chrono::system_clock::now(); };
};

class JobController final : public Controller {
 public:
  explicit JobController(ControllerContext& context, JobControllerOptions options = {});
  ~JobController() override;

  std::string name() const override { return "job"; }
  void start() override;
  void stop() override;

  Status sync(const std::string& key);
  client::EventRecorder& recorder() { return *recorder_; }

 private:
  // What one sync knows about the job (jobcontroller.cpp), shared by its steps below.
  struct SyncState;
  void updateSuspension(const boost::json::object& job, SyncState& state);
  // The terminal path: the interim condition, running pods stopped, then Complete or Failed.
  void finishJob(const boost::json::object& job, SyncState& state, const std::string& reason, const std::string& message);
  // Creates or deletes pods toward parallelism (one per pending index when Indexed).
  Status manageActivePods(const std::string& key, const boost::json::object& job, SyncState& state);
  Status writeJobStatus(boost::json::object& job, SyncState& state);
  void enqueueOwnerOf(const client::ObjectPointer& pod);
  // Its pods, after adopting matching orphans and releasing pods that no longer match.
  Result<std::vector<client::ObjectPointer>> claimPods(const boost::json::object& job);
  // jobtracking.cpp: moves finished pods through uncountedTerminatedPods into the counts.
  // `job` is updated to what the API server returned.
  Status trackFinishedPods(boost::json::object& job, const std::vector<client::ObjectPointer>& pods,
                           std::int64_t& newlySucceeded, std::int64_t& newlyFailed);
  Status removeTrackingFinalizer(const boost::json::object& pod);
  // A pod that still has the tracking finalizer but whose Job is gone (deleted in the
  // background) would stay Terminating forever: release it (upstream's orphan pod queue).
  Status releaseOrphanPod(const std::string& podKey);
  // `uncounted`: pods the Job no longer wants (too many for parallelism, suspended) lose the
  // tracking finalizer first and count neither as succeeded nor as failed, as upstream's
  // deleteJobPods; otherwise (a failing Job) they keep it and count as failed.
  Status deletePods(const boost::json::object& job, const std::vector<client::ObjectPointer>& pods, bool uncounted);
  // `indexes` names the completion index of each new pod (Indexed jobs); empty: `count` plain pods.
  Status createPods(const boost::json::object& job, std::int64_t count, const std::vector<std::int64_t>& indexes = {});
  // How long until a replacement for a failed pod may start (zero: now).
  std::chrono::milliseconds remainingBackoff(const std::string& key);
  bool awaitingRelease(const std::string& key, const std::string& uid);
  void podReleaseObserved(const client::ObjectPointer& pod, bool deleted);

  ControllerContext& context_;
  JobControllerOptions options_;
  client::Informer& jobs_;
  client::Informer& pods_;
  std::unique_ptr<client::EventRecorder> recorder_;
  Expectations expectations_;
  std::mutex failuresMutex_;
  // Per job: failures since its last success and when the last was seen (upstream's
  // podBackoffRecord); the back-off grows with the former.
  struct FailureRecord {
    std::int64_t failuresAfterLastSuccess = 0;
    std::chrono::system_clock::time_point lastFailure;
  };
  std::map<std::string, FailureRecord> failures_;
  // Pods (by job key, then uid) whose finalizer this controller removed but whose update the
  // cache has not shown yet (Kubernetes' uidTrackingExpectations): never counted twice.
  std::map<std::string, std::set<std::string>> releasedPods_;
  // Per job: the resourceVersion of this controller's last status write. A sync that reads an
  // older Job from the cache waits for it, since with a newer pod cache it could count a
  // finished pod nowhere and start another.
  void rememberStatusWrite(const std::string& key, const boost::json::object& written);
  bool cacheBehindStatusWrite(const std::string& key, const boost::json::object& cached);
  std::mutex statusWritesMutex_;
  std::map<std::string, std::int64_t> statusWrites_;
  client::ReconcileLoop loop_;
};

// Whether the job has condition `type` with status True.
bool jobHasCondition(const boost::json::object& job, std::string_view type);
// A JobCondition as Kubernetes writes it.
boost::json::object jobCondition(std::string_view type, std::string_view reason, std::string_view message,
                                 const std::string& timestamp);

std::unique_ptr<Controller> newJobController(ControllerContext& context);

}  // namespace kubelab::controllers
