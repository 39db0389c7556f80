#include "controllers/nodelifecyclecontroller.h"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <set>

#include "api/objectmeta.h"
#include "client/objectkey.h"
#include "common/logging.h"
#include "controllers/nodelifecycletaints.h"
#include "controllers/podutil.h"

namespace kubelab::controllers {
namespace json = boost::json;
using client::ObjectPointer;
using nodelifecycle::conditionStatus;

namespace {

constexpr const char* kPodNodeIndex = "nodelifecycle.node";

std::string conditionField(const json::object& node, const std::string& type, std::string_view field) {
  if (const json::array* conditions = api::arrayAt(node, {"status", "conditions"})) {
    for (const json::value& value : *conditions) {
      const json::object* condition = value.if_object();
      if (condition != nullptr && api::stringAt(*condition, {"type"}) == type) return api::stringAt(*condition, {field});
    }
  }
  return {};
}

void recordEvent(client::EventRecorder& recorder, const json::object& object, const char* kind,
                 client::EventType type, std::string reason, std::string message) {
  recorder.record({client::objectReference(object, "v1", kind), type, std::move(reason), std::move(message), {}});
}

std::string nowTimestamp() { return formatTimestamp(std::chrono::system_clock::now()); }

}  // namespace

NodeLifecycleController::NodeLifecycleController(ControllerContext& context)
    : api_(context.api),
      nodes_(context.informers.informer(client::resources::nodes).lister()),
      leases_(context.informers.informer(client::resources::leases).lister()),
      pods_(context.informers.informer(client::resources::pods).lister()),
      timings_(context.timings),
      recorder_(context.recorderFor("node-controller")),
      evictionRecorder_(context.recorderFor("taint-eviction-controller")),
      workers_(context.workersPerController),
      loop_("nodelifecycle", [this](const std::string& key) { return syncNode(key); }),
      monitor_(timings_.nodeMonitorPeriod, [this] { monitorNodeHealth(Clock::now()); },
               client::PeriodicTask::FirstRun::Immediately) {
  context.informers.informer(client::resources::pods).indexer().addIndex(kPodNodeIndex, [](const json::object& pod) {
    std::string node = api::stringAt(pod, {"spec", "nodeName"});
    return node.empty() ? std::vector<std::string>{} : std::vector<std::string>{node};
  });
  auto enqueueNode = [this](const ObjectPointer& node) { loop_.enqueue(client::objectKey(*node)); };
  context.informers.informer(client::resources::nodes)
      .addEventHandlers({enqueueNode,
                         [this](const ObjectPointer& old, const ObjectPointer& current) {
                           if (old && api::resourceVersion(*old) == api::resourceVersion(*current)) return;
                           loop_.enqueue(client::objectKey(*current));
                           // A change of readiness may change its zone's state, which every node's
                           // NoExecute taints depend on.
                           if (!old || conditionStatus(*old, "Ready") != conditionStatus(*current, "Ready")) {
                             for (const ObjectPointer& node : nodes_.list()) loop_.enqueue(client::objectKey(*node));
                           }
                         },
                         [this](const ObjectPointer& node) {
                           std::lock_guard lock(healthMutex_);
                           health_.erase(api::name(*node));
                         }});
  // A pod arriving on (or changing on) a node with NoExecute taints is judged at once.
  auto checkPod = [this](const ObjectPointer& pod) {
    std::string nodeName = api::stringAt(*pod, {"spec", "nodeName"});
    if (nodeName.empty()) return;
    ObjectPointer node = nodes_.get("", nodeName);
    if (node && !nodelifecycle::noExecuteTaints(*node).empty()) loop_.enqueue(nodeName);
  };
  context.informers.informer(client::resources::pods)
      .addEventHandlers({checkPod,
                         [checkPod](const ObjectPointer& old, const ObjectPointer& current) {
                           if (old && api::resourceVersion(*old) == api::resourceVersion(*current)) return;
                           checkPod(current);
                         },
                         nullptr});
}

NodeLifecycleController::~NodeLifecycleController() { stop(); }

void NodeLifecycleController::start() {
  loop_.start(workers_);
  monitor_.start();
}

void NodeLifecycleController::stop() {
  monitor_.stop();
  loop_.stop();
}

void NodeLifecycleController::monitorNodeHealth(Clock::time_point now) {
  std::vector<ObjectPointer> nodes = nodes_.list();
  std::set<std::string> seen;
  for (const ObjectPointer& node : nodes) {
    std::string nodeName = api::name(*node);
    seen.insert(nodeName);
    ObjectPointer lease = leases_.get(kNodeLeaseNamespace, nodeName);
    std::string renewTime = lease ? api::stringAt(*lease, {"spec", "renewTime"}) : std::string();
    std::string heartbeat = conditionField(*node, "Ready", "lastHeartbeatTime");
    std::string readyStatus = conditionStatus(*node, "Ready");
    bool wasReady = false;
    bool stale = false;
    {
      std::lock_guard lock(healthMutex_);
      auto [entry, inserted] = health_.try_emplace(nodeName);
      NodeHealth& health = entry->second;
      if (inserted || health.readyHeartbeat != heartbeat || health.leaseRenewTime != renewTime) {
        health.readyHeartbeat = heartbeat;
        health.leaseRenewTime = renewTime;
        health.probeTime = now;
      }
      wasReady = inserted ? readyStatus == "True" : health.readyStatus == "True";
      stale = now - health.probeTime > timings_.nodeMonitorGracePeriod;
      health.readyStatus = readyStatus;
    }
    if (stale && readyStatus != "Unknown") {
      Status marked = markNodeUnknown(*node);
      if (!marked.isOk()) {
        log::warning("nodelifecycle: marking ", nodeName, " Unknown: ", marked.toString());
        continue;
      }
      std::lock_guard lock(healthMutex_);
      health_[nodeName].readyStatus = "Unknown";
      readyStatus = "Unknown";
    }
    if (wasReady && readyStatus != "True" && !readyStatus.empty()) {
      log::info("nodelifecycle: node ", nodeName, " is not ready (Ready=", readyStatus, ")");
      recordEvent(*recorder_, *node, "Node", client::EventType::Normal, "NodeNotReady",
                  "Node " + nodeName + " status is now: NodeNotReady");
      markPodsNotReady(*node);
    }
  }
  std::lock_guard lock(healthMutex_);
  std::erase_if(health_, [&seen](const auto& entry) { return !seen.contains(entry.first); });
}

Status NodeLifecycleController::markNodeUnknown(const json::object& cachedNode) {
  json::object node = cachedNode;
  std::string now = nowTimestamp();
  json::array& conditions = api::ensureArray(api::ensureObject(node, "status"), "conditions");
  bool hasReady = false;
  for (json::value& value : conditions) {
    json::object* condition = value.if_object();
    if (condition == nullptr) continue;
    std::string type = api::stringAt(*condition, {"type"});
    hasReady = hasReady || type == "Ready";
    if (type != "Ready" && type != "MemoryPressure" && type != "DiskPressure" && type != "PIDPressure") continue;
    if (api::stringAt(*condition, {"status"}) == "Unknown") continue;
    (*condition)["status"] = "Unknown";
    (*condition)["reason"] = "NodeStatusUnknown";
    (*condition)["message"] = "Kubelet stopped posting node status.";
    (*condition)["lastTransitionTime"] = now;
  }
  if (!hasReady) {
    std::string created = api::stringAt(node, {"metadata", "creationTimestamp"});
    conditions.push_back(json::object{{"type", "Ready"}, {"status", "Unknown"},
                                      {"lastHeartbeatTime", created}, {"lastTransitionTime", now},
                                      {"reason", "NodeStatusNeverUpdated"},
                                      {"message", "Kubelet never posted node status."}});
  }
  return api_.update(client::resources::nodes, node, "status").status();
}

void NodeLifecycleController::markPodsNotReady(const json::object& node) {
  std::string now = nowTimestamp();
  for (const ObjectPointer& cached : pods_.byIndex(kPodNodeIndex, api::name(node))) {
    json::object pod = *cached;
    json::array* conditions = nullptr;
    if (json::value* value = api::ensureObject(pod, "status").if_contains("conditions")) conditions = value->if_array();
    if (conditions == nullptr) continue;
    bool changed = false;
    for (json::value& value : *conditions) {
      json::object* condition = value.if_object();
      if (condition == nullptr || api::stringAt(*condition, {"type"}) != "Ready") continue;
      if (api::stringAt(*condition, {"status"}) == "False") break;
      (*condition)["status"] = "False";
      (*condition)["lastTransitionTime"] = now;
      changed = true;
    }
    if (!changed) continue;
    Result<json::object> updated = api_.update(client::resources::pods, pod, "status");
    if (!updated.isOk()) {
      if (updated.status().code() != StatusCode::NotFound) {
        log::warning("nodelifecycle: marking pod ", client::objectKey(pod), " not ready: ", updated.status().toString());
      }
      continue;
    }
    recordEvent(*recorder_, *cached, "Pod", client::EventType::Warning, "NodeNotReady", "Node is not ready");
  }
}

nodelifecycle::NoExecuteTainting NodeLifecycleController::noExecuteTainting(const json::object& node) const {
  std::string zone = api::stringAt(node, {"metadata", "labels", nodelifecycle::kZoneLabel});
  int readyEverywhere = 0;
  int zoneReady = 0;
  int zoneNotReady = 0;
  for (const ObjectPointer& other : nodes_.list()) {
    bool ready = conditionStatus(*other, "Ready") == "True";
    readyEverywhere += ready ? 1 : 0;
    if (api::stringAt(*other, {"metadata", "labels", nodelifecycle::kZoneLabel}) != zone) continue;
    (ready ? zoneReady : zoneNotReady) += 1;
  }
  if (readyEverywhere == 0) return nodelifecycle::NoExecuteTainting::Suspended;
  bool smallZone = zoneReady + zoneNotReady <= nodelifecycle::kLargeClusterSizeThreshold;
  if (smallZone && nodelifecycle::computeZoneState(zoneReady, zoneNotReady) == nodelifecycle::ZoneState::PartialDisruption) {
    return nodelifecycle::NoExecuteTainting::Paused;
  }
  return nodelifecycle::NoExecuteTainting::Normal;
}

Status NodeLifecycleController::syncNode(const std::string& key) {
  ObjectPointer cached = nodes_.get("", key);
  if (!cached) return Status::ok();
  nodelifecycle::NoExecuteTainting tainting = noExecuteTainting(*cached);
  bool suspended = tainting == nodelifecycle::NoExecuteTainting::Suspended;
  if (masterDisruption_.exchange(suspended) != suspended) {
    log::info(suspended ? "nodelifecycle: all nodes are not Ready: entering master disruption mode (no NoExecute "
                          "taints, no evictions)"
                        : "nodelifecycle: some nodes are Ready: exiting master disruption mode");
  }
  json::array taints = nodelifecycle::reconcileTaints(*cached, nowTimestamp(), tainting);
  const json::array* current = api::arrayAt(*cached, {"spec", "taints"});
  if (taints != (current != nullptr ? *current : json::array{})) {
    json::object node = *cached;
    json::object& spec = api::ensureObject(node, "spec");
    if (taints.empty()) {
      spec.erase("taints");
    } else {
      spec["taints"] = taints;
    }
    Result<json::object> updated = api_.update(client::resources::nodes, node);
    if (!updated.isOk()) return updated.status();
    log::info("nodelifecycle: taints of ", key, " now ", boost::json::serialize(taints));
    return evictPods(*updated);
  }
  return evictPods(*cached);
}

Status NodeLifecycleController::evictPods(const json::object& node) {
  json::array taints = nodelifecycle::noExecuteTaints(node);
  if (taints.empty()) return Status::ok();
  auto systemNow = std::chrono::system_clock::now();
  // The latest taint sets the clock: a pod tolerating all of them for N seconds goes N seconds
  // after the last one appeared.
  std::chrono::system_clock::time_point taintedSince{};
  for (const json::value& value : taints) {
    auto added = parseTimestamp(api::stringAt(value.get_object(), {"timeAdded"}));
    if (added == std::chrono::system_clock::time_point{}) added = systemNow;
    taintedSince = std::max(taintedSince, added);
  }
  std::optional<std::chrono::system_clock::duration> recheck;
  Status firstError;
  for (const ObjectPointer& pod : pods_.byIndex(kPodNodeIndex, api::name(node))) {
    if (isPodTerminating(*pod)) continue;
    std::optional<std::chrono::seconds> delay =
        nodelifecycle::evictionDelay(*pod, taints);
    if (!delay) continue;
    auto deadline = taintedSince + *delay;
    if (deadline > systemNow) {
      if (!recheck || deadline - systemNow < *recheck) recheck = deadline - systemNow;
      continue;
    }
    std::string podKey = client::objectKey(*pod);
    log::info("nodelifecycle: evicting ", podKey, " from ", api::name(node));
    recordEvent(*evictionRecorder_, *pod, "Pod", client::EventType::Normal, "TaintManagerEviction",
                "Marking for deletion Pod " + podKey);
    // DisruptionTarget says why the pod goes, for whoever looks at it while it terminates.
    json::object withCondition = *pod;
    api::ensureArray(api::ensureObject(withCondition, "status"), "conditions")
        .push_back(json::object{{"type", "DisruptionTarget"}, {"status", "True"}, {"lastTransitionTime", nowTimestamp()},
                                {"reason", "DeletionByTaintManager"},
                                {"message", "Taint manager: deleting due to NoExecute taint"}});
    (void)api_.update(client::resources::pods, withCondition, "status");
    client::DeleteOptions options;
    options.preconditionUid = api::uid(*pod);
    Status removed = api_.remove(client::resources::pods, api::namespaceOf(*pod), api::name(*pod), options);
    if (!removed.isOk() && removed.code() != StatusCode::NotFound && removed.code() != StatusCode::Conflict &&
        firstError.isOk()) {
      firstError = removed;
    }
  }
  if (recheck) {
    loop_.enqueueAfter(api::name(node), std::chrono::duration_cast<client::WorkQueue::Clock::duration>(*recheck) +
                                            std::chrono::milliseconds(50));
  }
  return firstError;
}

std::unique_ptr<Controller> newNodeLifecycleController(ControllerContext& context) {
  return std::make_unique<NodeLifecycleController>(context);
}

}  // namespace kubelab::controllers
