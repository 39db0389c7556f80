#include "scheduler/scheduler.h"

#include <boost/json/serialize.hpp>

#include <ctime>

#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "common/logging.h"
#include "scheduler/schedulingdecision.h"

namespace kubelab::scheduler {

namespace json = boost::json;

namespace {

std::string rfc3339Now() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// Node changes that can turn an unschedulable pod schedulable; heartbeats are not among them.
bool nodeSchedulingChanged(const json::object& old, const json::object& current) {
  auto field = [](const json::object& node, std::initializer_list<std::string_view> path) -> json::value {
    const json::value* value = api::valueAt(node, path);
    return value == nullptr ? json::value() : *value;
  };
  for (auto path : {std::initializer_list<std::string_view>{"status", "allocatable"},
                    std::initializer_list<std::string_view>{"metadata", "labels"},
                    std::initializer_list<std::string_view>{"spec", "taints"},
                    std::initializer_list<std::string_view>{"spec", "unschedulable"}}) {
    if (field(old, path) != field(current, path)) return true;
  }
  return false;
}

}  // namespace

Scheduler::Scheduler(client::ApiInterface& api, client::EventRecorder& recorder, SchedulerOptions options)
    : api_(api),
      recorder_(recorder),
      options_(std::move(options)),
      queue_(options_.queue),
      binders_(options_.bindThreads) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::addEventHandlers(client::InformerFactory& informers) {
  client::EventHandlers pods;
  pods.onAdd = [this](const client::ObjectPointer& pod) { onPodAdd(pod); };
  pods.onUpdate = [this](const client::ObjectPointer& old, const client::ObjectPointer& current) {
    onPodUpdate(old, current);
  };
  pods.onDelete = [this](const client::ObjectPointer& pod) { onPodDelete(pod); };
  informers.informer(client::resources::pods).addEventHandlers(std::move(pods));

  client::EventHandlers nodes;
  nodes.onAdd = [this](const client::ObjectPointer& node) { onNodeAdd(node); };
  nodes.onUpdate = [this](const client::ObjectPointer& old, const client::ObjectPointer& current) {
    onNodeUpdate(old, current);
  };
  nodes.onDelete = [this](const client::ObjectPointer& node) { onNodeDelete(node); };
  informers.informer(client::resources::nodes).addEventHandlers(std::move(nodes));
}

void Scheduler::start() {
  if (running_.exchange(true)) return;
  schedulingThread_ = std::thread([this] {
    while (scheduleOne()) {
    }
  });
}

void Scheduler::stop() {
  stopping_ = true;
  if (options_.paceGate != nullptr) options_.paceGate->wake();
  queue_.close();
  if (schedulingThread_.joinable()) schedulingThread_.join();
  binders_.stop();
  running_ = false;
}

bool Scheduler::responsibleFor(const PodInfo& pod) const {
  return pod.schedulerName == options_.schedulerName ||
         (pod.schedulerName.empty() && options_.schedulerName == kDefaultSchedulerName);
}

void Scheduler::onPodAdd(const client::ObjectPointer& object) {
  PodInfoPointer pod = parsePodInfo(object);
  if (!pod->nodeName.empty()) {
    // Finished pods free their node, as kube-scheduler's informer (status.phase!=Succeeded,Failed) sees it.
    if (pod->terminal) {
      cache_.removePod(pod->key);
      queue_.moveAllToActiveOrBackoff();
    } else {
      addBoundPod(pod);
    }
    return;
  }
  if (responsibleFor(*pod) && !pod->terminal && !pod->schedulingGated) queue_.add(std::move(pod));
}

void Scheduler::onPodUpdate(const client::ObjectPointer& old, const client::ObjectPointer& current) {
  if (old != nullptr && api::resourceVersion(*old) == api::resourceVersion(*current)) return;  // a resync
  PodInfoPointer pod = parsePodInfo(current);
  if (!pod->nodeName.empty()) {
    queue_.remove(pod->key);
    if (pod->terminal) {
      cache_.removePod(pod->key);
      queue_.moveAllToActiveOrBackoff();
    } else {
      addBoundPod(pod);
    }
    return;
  }
  // A gated pod waits outside the queue until its last scheduling gate is removed.
  if (responsibleFor(*pod) && !pod->terminal && !pod->schedulingGated) {
    queue_.update(pod);
  } else {
    queue_.remove(pod->key);
  }
}

void Scheduler::addBoundPod(const PodInfoPointer& pod) {
  bool known = cache_.hasPod(pod->key);  // ours (assumed), or seen before (a status update)
  cache_.addPod(pod);
  // A pod newly bound by someone else can raise the emptiest domain of a topology spread
  // constraint, which may let such a pod fit.
  if (!known) queue_.moveToActiveOrBackoffIf([](const PodInfo& waiting) { return !waiting.spreadConstraints.empty(); });
}

void Scheduler::onPodDelete(const client::ObjectPointer& object) {
  std::string key = client::objectKey(*object);
  queue_.remove(key);
  bool wasPlaced = !api::stringAt(*object, {"spec", "nodeName"}).empty() || cache_.isAssumed(key);
  cache_.removePod(key);
  // A deleted pod frees room: pods waiting for room may fit now.
  if (wasPlaced) queue_.moveAllToActiveOrBackoff();
}

void Scheduler::onNodeAdd(const client::ObjectPointer& node) {
  cache_.addOrUpdateNode(node);
  queue_.moveAllToActiveOrBackoff();
}

void Scheduler::onNodeUpdate(const client::ObjectPointer& old, const client::ObjectPointer& current) {
  if (old != nullptr && api::resourceVersion(*old) == api::resourceVersion(*current)) return;
  cache_.addOrUpdateNode(current);
  if (old == nullptr || nodeSchedulingChanged(*old, *current)) queue_.moveAllToActiveOrBackoff();
}

void Scheduler::onNodeDelete(const client::ObjectPointer& node) { cache_.removeNode(api::name(*node)); }

bool Scheduler::scheduleOne() {
  std::optional<QueuedPod> queued = queue_.pop();
  if (!queued) return false;
  std::int64_t cycle = queue_.schedulingCycle();
  PodInfoPointer pod = queued->pod;
  // Being deleted, or already placed (by us earlier, or by someone else): nothing to decide.
  if (pod->deleting || !pod->nodeName.empty() || cache_.isAssumed(pod->key)) {
    queue_.done(pod->key);
    return true;
  }
  if (options_.paceGate != nullptr) {
    if (stopping_) return false;
    pod = awaitPace(pod);
    if (pod == nullptr) {
      queue_.done(queued->pod->key);
      return !stopping_;
    }
    queued->pod = pod;
  }
  ScheduleResult result;
  {
    auto lock = cache_.lock();
    result = algorithm_.schedule(*pod, cache_.candidateNodesLocked());
  }
  if (result.selectedNode.empty()) {
    handleUnschedulable(std::move(*queued), cycle, result);
    return true;
  }
  auto assumed = std::make_shared<PodInfo>(*pod);
  assumed->nodeName = result.selectedNode;
  if (!cache_.assumePod(assumed, result.selectedNode)) {
    queue_.done(pod->key);
    return true;
  }
  std::string decision = decisionJson(*pod, result);
  binders_.submit([this, queued = std::move(*queued), cycle, node = result.selectedNode,
                   decision = std::move(decision)]() mutable {
    bind(std::move(queued), cycle, std::move(node), std::move(decision));
  });
  return true;
}

PodInfoPointer Scheduler::awaitPace(const PodInfoPointer& pod) {
  if (!options_.paceGate->awaitTurn("scheduler", pod->key, &stopping_)) return nullptr;
  // The gate may have held the pod for minutes: it may have changed, been deleted or been bound.
  PodInfoPointer latest = queue_.inFlightPod(pod->key);
  if (latest == nullptr || latest->deleting || !latest->nodeName.empty() || cache_.isAssumed(latest->key)) {
    return nullptr;
  }
  return latest;
}

void Scheduler::bind(QueuedPod queued, std::int64_t cycle, std::string nodeName, std::string decision) {
  const PodInfo& pod = *queued.pod;
  json::object binding{
      {"apiVersion", "v1"},
      {"kind", "Binding"},
      {"metadata", json::object{{"name", pod.name}, {"namespace", pod.ns}, {"uid", pod.uid}}},
      {"target", json::object{{"apiVersion", "v1"}, {"kind", "Node"}, {"name", nodeName}}}};
  auto bound = api_.createSubresource(client::resources::pods, pod.ns, pod.name, "binding", binding);
  if (bound) {
    ++bound_;
    queue_.done(pod.key);
    log::debug("bound ", pod.key, " to ", nodeName);
    recorder_.event(*pod.object, client::EventType::Normal, "Scheduled",
                    "Successfully assigned " + pod.ns + "/" + pod.name + " to " + nodeName,
                    {{kSchedulingDecisionAnnotation, std::move(decision)}});
    return;
  }
  cache_.forgetPod(pod.key);
  StatusCode code = bound.status().code();
  if (code == StatusCode::NotFound || code == StatusCode::Conflict) {
    // Deleted meanwhile, or bound by someone else: the informer tells the rest.
    queue_.done(pod.key);
    log::info("not binding ", pod.key, ": ", bound.status().message());
    return;
  }
  ++failed_;
  log::warning("binding ", pod.key, " to ", nodeName, " failed: ", bound.status().message());
  recorder_.event(*pod.object, client::EventType::Warning, "FailedScheduling",
                  "binding rejected: running Bind plugin \"DefaultBinder\": " + bound.status().message());
  queue_.requeueAfterFailure(std::move(queued), cycle, false);
}

void Scheduler::handleUnschedulable(QueuedPod queued, std::int64_t cycle, const ScheduleResult& result) {
  ++failed_;
  PodInfoPointer pod = queued.pod;
  log::info("unable to schedule ", pod->key, ": ", result.failureMessage);
  recorder_.event(*pod->object, client::EventType::Warning, "FailedScheduling", result.failureMessage,
                  {{kSchedulingDecisionAnnotation, decisionJson(*pod, result)}});
  queue_.requeueAfterFailure(std::move(queued), cycle, true);
  binders_.submit([this, pod, message = result.failureMessage] { setUnschedulableCondition(pod, message); });
}

void Scheduler::setUnschedulableCondition(const PodInfoPointer& pod, const std::string& message) {
  // Write only when the condition changes, as kube-scheduler does: retries with the same
  // verdict would otherwise rewrite the pod every back-off.
  std::string transitionTime = rfc3339Now();
  if (const json::array* conditions = api::arrayAt(*pod->object, {"status", "conditions"})) {
    for (const json::value& condition : *conditions) {
      if (!condition.is_object() || api::stringAt(condition.get_object(), {"type"}) != "PodScheduled") continue;
      const json::object& existing = condition.get_object();
      if (api::stringAt(existing, {"status"}) == "False") {
        if (api::stringAt(existing, {"reason"}) == "Unschedulable" &&
            api::stringAt(existing, {"message"}) == message) {
          return;
        }
        std::string previous = api::stringAt(existing, {"lastTransitionTime"});
        if (!previous.empty()) transitionTime = previous;
      }
    }
  }
  json::object condition{{"type", "PodScheduled"},        {"status", "False"},
                         {"reason", "Unschedulable"},     {"message", message},
                         {"lastProbeTime", nullptr},      {"lastTransitionTime", transitionTime}};
  json::object patch{{"status", json::object{{"conditions", json::array{std::move(condition)}}}}};
  auto patched = api_.patch(client::resources::pods, pod->ns, pod->name, client::PatchType::StrategicMerge,
                            json::serialize(patch), "status");
  if (!patched && patched.status().code() != StatusCode::NotFound) {
    log::warning("setting PodScheduled=False on ", pod->key, ": ", patched.status().message());
  }
}

}  // namespace kubelab::scheduler
