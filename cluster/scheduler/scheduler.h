#pragma once
// kube-scheduler's main loop. Informers on pods and nodes feed the cache (nodes, bound pods)
// and the scheduling queue (pending pods of this scheduler: spec.schedulerName
// "default-scheduler" or empty, no spec.nodeName, no schedulingGates). One scheduling thread pops a pod, decides
// over the cache, assumes the pod on the chosen node and hands the binding to the binding
// threads; it never waits for the API server. A pod that fits nowhere gets a FailedScheduling
// Event with Kubernetes' message, its PodScheduled condition False/Unschedulable, and waits in
// the queue until the cluster changes. Every decision's record rides on its Event
// (schedulingdecision.h).

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "client/apiinterface.h"
#include "client/eventrecorder.h"
#include "client/informer.h"
#include "client/pacegate.h"
#include "scheduler/schedulercache.h"
#include "scheduler/schedulingalgorithm.h"
#include "scheduler/schedulingqueue.h"
#include "scheduler/taskpool.h"

namespace kubelab::scheduler {

inline constexpr const char* kDefaultSchedulerName = "default-scheduler";

struct SchedulerOptions {
  std::string schedulerName = kDefaultSchedulerName;
  int bindThreads = 16;
  QueueOptions queue;
  // Pace control (client/pacegate.h): each popped pod waits here, as queue "scheduler", before
  // it is scheduled; nullptr never waits. The gate must outlive the scheduler.
  client::PaceGate* paceGate = nullptr;
};

class Scheduler {
 public:
  Scheduler(client::ApiInterface& api, client::EventRecorder& recorder, SchedulerOptions options = {});
  ~Scheduler();  // stops
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Subscribes the cache and the queue to the factory's pod and node informers.
  void addEventHandlers(client::InformerFactory& informers);
  // Starts the scheduling thread (the informers should have synced).
  void start();
  void stop();

  // One scheduling cycle: pops a pod (blocking) and decides for it; false once stopped.
  bool scheduleOne();
  // Blocks until every binding and status update handed out so far has finished (tests).
  void waitForBindings() { binders_.waitIdle(); }

  // The informer handlers, public so unit tests can feed objects without an informer.
  void onPodAdd(const client::ObjectPointer& pod);
  void onPodUpdate(const client::ObjectPointer& old, const client::ObjectPointer& current);
  void onPodDelete(const client::ObjectPointer& pod);
  void onNodeAdd(const client::ObjectPointer& node);
  void onNodeUpdate(const client::ObjectPointer& old, const client::ObjectPointer& current);
  void onNodeDelete(const client::ObjectPointer& node);

  SchedulingQueue& queue() { return queue_; }
  SchedulerCache& cache() { return cache_; }
  std::uint64_t boundCount() const { return bound_.load(); }
  std::uint64_t failedCount() const { return failed_.load(); }

 private:
  bool responsibleFor(const PodInfo& pod) const;
  // Waits at the pace gate; the pod's newest version, or nullptr when it no longer needs a node.
  PodInfoPointer awaitPace(const PodInfoPointer& pod);
  void addBoundPod(const PodInfoPointer& pod);
  void handleUnschedulable(QueuedPod queued, std::int64_t cycle, const ScheduleResult& result);
  void bind(QueuedPod queued, std::int64_t cycle, std::string nodeName, std::string decision);
  void setUnschedulableCondition(const PodInfoPointer& pod, const std::string& message);

  client::ApiInterface& api_;
  client::EventRecorder& recorder_;
  SchedulerOptions options_;
  SchedulerCache cache_;
  SchedulingQueue queue_;
  SchedulingAlgorithm algorithm_;
  TaskPool binders_;
  std::thread schedulingThread_;
  std::atomic<bool> running_{false};
  std::atomic<bool> stopping_{false};  // releases the scheduling thread from the pace gate
  std::atomic<std::uint64_t> bound_{0};
  std::atomic<std::uint64_t> failed_{0};
};

}  // namespace kubelab::scheduler
