#include "kubelet/kubelet.h"

#include <boost/json/serialize.hpp>

#include <set>

#include "api/objectmeta.h"
#include "api/timestamp.h"
#include "client/objectkey.h"
#include "common/logging.h"
#include "http/httpserver.h"
#include "kubelet/kubeletserver.h"
#include "kubelet/nodestatus.h"
#include "kubelet/podstatus.h"

namespace kubelab::kubelet {

namespace {

// How soon a changing pod is looked at again.
constexpr auto kTransitionPoll = std::chrono::milliseconds(100);
// The kubelet's housekeeping period.
constexpr auto kHousekeepingPeriod = std::chrono::seconds(2);

client::InformerOptions podsOnNode(const std::string& nodeName) {
  client::InformerOptions options;
  options.fieldSelector = "spec.nodeName=" + nodeName;
  return options;
}

// Whether the pod's containers may still change without anything else happening.
bool isTransitional(const boost::json::object& status, const std::string& restartPolicy) {
  std::string phase = api::stringAt(status, {"phase"});
  if (phase == "Pending") return true;
  if (phase != "Running") return false;
  if (restartPolicy == "Never" || restartPolicy == "OnFailure") return true;  // a Job's container will finish
  if (const auto* containers = api::arrayAt(status, {"containerStatuses"})) {
    for (const auto& container : *containers) {
      if (!api::booleanAt(container.get_object(), {"ready"})) return true;
    }
  }
  return false;
}

// The status without fields that change on every computation but mean nothing new.
bool sameStatus(const boost::json::object* current, const boost::json::object& computed) {
  return current && *current == computed;
}

}  // namespace

Result<std::unique_ptr<Kubelet>> Kubelet::create(client::ApiInterface& api, KubeletConfig config,
                                                 std::unique_ptr<runtime::PodRuntime> runtime) {
  if (config.nodeName.empty()) return invalid("the kubelet needs a node name (--hostname-override)");
  auto ips = PodIpAllocator::create(config.podCidr);
  if (!ips) return ips.status();
  return std::unique_ptr<Kubelet>(new Kubelet(api, std::move(config), std::move(runtime), *ips));
}

Kubelet::Kubelet(client::ApiInterface& api, KubeletConfig config, std::unique_ptr<runtime::PodRuntime> runtime,
                 PodIpAllocator ips)
    : api_(api),
      config_(std::move(config)),
      runtime_(std::move(runtime)),
      ips_(std::move(ips)),
      pods_(api, client::resources::pods, podsOnNode(config_.nodeName)),
      loop_("kubelet", [this](const std::string& key) { return syncPod(key); },
            client::BackoffOptions{std::chrono::milliseconds(50), std::chrono::seconds(10)}) {
  auto enqueue = [this](const client::ObjectPointer& pod) { loop_.enqueue(client::objectKey(*pod)); };
  pods_.addEventHandlers({enqueue, [enqueue](const client::ObjectPointer&, const client::ObjectPointer& pod) {
                            enqueue(pod);
                          },
                          enqueue});
  // A ConfigMap or Secret that changes may be what a pod waits for, or what its volumes show.
  configuration_ = std::make_unique<PodConfiguration>(api, config_, [this](const std::string& ns) {
    for (const auto& pod : pods_.lister().list(ns)) loop_.enqueue(client::objectKey(*pod));
  });
  housekeeping_ = std::make_unique<client::PeriodicTask>(kHousekeepingPeriod, [this] { removeOrphanedPods(); },
                                                         client::PeriodicTask::FirstRun::Immediately);
}

Kubelet::~Kubelet() { stop(); }

Status Kubelet::startServer() {
  if (config_.tlsCertFile.empty()) {
    log::warning("no --tls-cert-file: not serving the kubelet API (kubectl logs, exec and top need it)");
    return Status::ok();
  }
  KubeletServerOptions options{config_.nodeName,    config_.nodeIp,          config_.port,
                               config_.tlsCertFile, config_.tlsPrivateKeyFile, config_.clientCaFile};
  PodSource source{[this](const std::string& ns, const std::string& name) { return pods_.lister().get(ns, name); },
                   [this] { return pods_.lister().list(); }};
  auto server = KubeletServer::start(options, std::move(source), *runtime_);
  if (!server) return server.status();
  server_ = std::move(*server);
  return Status::ok();
}

Status Kubelet::start() {
  healthz_ = std::make_unique<http::Server>(http::ServerOptions{}, [this](const http::Request& request,
                                                                           std::shared_ptr<http::Exchange> exchange) {
    if (request.path() != "/healthz") return exchange->respond(404, "text/plain", "404 page not found\n");
    if (!registered_) return exchange->respond(503, "text/plain", "node not registered yet\n");
    exchange->respond(200, "text/plain", "ok");
  });
  auto port = healthz_->listen(config_.nodeIp, config_.healthzPort);
  if (!port) return port.status();
  healthz_->start();
  KUBELAB_RETURN_IF_ERROR(startServer());

  for (;;) {
    Status status = registerNode();
    if (status.isOk()) break;
    log::warning("registering node ", config_.nodeName, ": ", status.toString(), "; retrying");
    std::unique_lock lock(stopMutex_);
    if (stopSignal_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stopping_.load(); })) {
      return unavailable("stopped before the node was registered");
    }
  }
  log::info("registered node ", config_.nodeName, " (", config_.nodeIp, ", pods from ", config_.podCidr, ")");
  if (Status lease = renewLease(); !lease.isOk()) log::warning("node lease: ", lease.toString());
  registered_ = true;
  // A container that exits or starts on its own (a crash, a restart) makes its pod worth
  // another look, even one that had settled.
  runtime_->setChangeHandler([this](const std::string& uid) {
    std::lock_guard lock(knownMutex_);
    for (const auto& [key, known] : knownPods_) {
      if (known == uid) return loop_.enqueue(key);
    }
  });
  heartbeats_ = std::thread([this] { heartbeatLoop(); });
  configuration_->start();
  pods_.start();
  housekeeping_->start();
  loop_.start(config_.podWorkers);
  return Status::ok();
}

void Kubelet::stop() {
  {
    std::lock_guard lock(stopMutex_);
    stopping_ = true;
  }
  stopSignal_.notify_all();
  if (heartbeats_.joinable()) heartbeats_.join();
  runtime_->setChangeHandler({});
  housekeeping_->stop();
  loop_.stop();
  pods_.stop();
  configuration_->stop();
  if (server_) server_->stop();
  if (healthz_) healthz_->stop();
  // No container outlives its kubelet.
  for (const auto& uid : runtime_->runningPods()) runtime_->stop(uid, std::chrono::seconds(0));
}

Status Kubelet::registerNode() {
  auto node = nodeForRegistration(config_, runtime_->name(), std::chrono::system_clock::now());
  auto created = api_.create(client::resources::nodes, "", node);
  if (created) {
    nodeUid_ = api::uid(*created);
    // Status is not taken on create by every server; report it through nodes/status too.
    return updateNodeStatus();
  }
  if (created.status().code() != StatusCode::AlreadyExists) return created.status();
  // Registered before (a kubelet restart): keep the Node and refresh what we report.
  auto existing = api_.get(client::resources::nodes, "", config_.nodeName);
  if (!existing) return existing.status();
  nodeUid_ = api::uid(*existing);
  return updateNodeStatus();
}

Status Kubelet::updateNodeStatus() {
  auto current = api_.get(client::resources::nodes, "", config_.nodeName);
  if (!current) return current.status();
  boost::json::object patch{{"status", nodeStatus(config_, runtime_->name(), *current, std::chrono::system_clock::now())}};
  return api_.patch(client::resources::nodes, "", config_.nodeName, client::PatchType::Merge,
                    boost::json::serialize(patch), "status")
      .status();
}

Status Kubelet::renewLease() {
  std::string now = api::formatTimestamp(std::chrono::system_clock::now());
  // MicroTime wants fractional seconds; whole seconds are a valid MicroTime too.
  boost::json::object spec{{"holderIdentity", config_.nodeName},
                           {"leaseDurationSeconds", config_.nodeLeaseDuration.count()},
                           {"renewTime", now}};
  auto current = api_.get(client::resources::leases, "kube-node-lease", config_.nodeName);
  if (!current) {
    if (current.status().code() != StatusCode::NotFound) return current.status();
    boost::json::object metadata{{"name", config_.nodeName}, {"namespace", "kube-node-lease"}};
    if (!nodeUid_.empty()) {
      // As the kubelet does: the Lease goes when its Node is deleted.
      metadata["ownerReferences"] = boost::json::array{
          {{"apiVersion", "v1"}, {"kind", "Node"}, {"name", config_.nodeName}, {"uid", nodeUid_}}};
    }
    boost::json::object lease{{"apiVersion", "coordination.k8s.io/v1"},
                              {"kind", "Lease"},
                              {"metadata", std::move(metadata)},
                              {"spec", std::move(spec)}};
    return api_.create(client::resources::leases, "kube-node-lease", lease).status();
  }
  boost::json::object updated = *current;
  updated["spec"] = std::move(spec);
  return api_.update(client::resources::leases, updated).status();
}

void Kubelet::heartbeatLoop() {
  auto leaseInterval = std::chrono::duration_cast<std::chrono::milliseconds>(config_.nodeLeaseDuration) / 4;
  auto nextStatus = std::chrono::steady_clock::now() + config_.nodeStatusUpdateFrequency;
  bool wasPartitioned = false;
  for (;;) {
    {
      std::unique_lock lock(stopMutex_);
      if (stopSignal_.wait_for(lock, leaseInterval, [this] { return stopping_.load(); })) return;
    }
    if (partitioned_) {
      wasPartitioned = true;
      continue;
    }
    if (std::exchange(wasPartitioned, false)) nextStatus = std::chrono::steady_clock::now();
    if (Status status = renewLease(); !status.isOk()) log::warning("renewing node lease: ", status.toString());
    if (std::chrono::steady_clock::now() >= nextStatus) {
      nextStatus = std::chrono::steady_clock::now() + config_.nodeStatusUpdateFrequency;
      if (Status status = updateNodeStatus(); !status.isOk()) log::warning("node status: ", status.toString());
    }
  }
}

void Kubelet::forgetPod(const std::string& key, const std::string& uid) {
  runtime_->stop(uid, std::chrono::seconds(0));
  ips_.release(uid);
  std::lock_guard lock(knownMutex_);
  if (auto found = knownPods_.find(key); found != knownPods_.end() && found->second == uid) knownPods_.erase(found);
}

void Kubelet::removeOrphanedPods() {
  if (!pods_.hasSynced()) return;
  std::set<std::string> live;
  for (const auto& pod : pods_.lister().list()) live.insert(api::uid(*pod));
  for (const auto& uid : runtime_->runningPods()) live.insert(uid);
  for (const auto& uid : runtime_->keptPods()) {
    if (live.contains(uid)) continue;
    log::info("removing the sandbox of pod ", uid, ", which the API no longer has");
    runtime_->removePod(uid);
    configuration_->forget(uid);
  }
}

Status Kubelet::terminatePod(const boost::json::object& pod) {
  std::string uid = api::uid(pod);
  auto grace = std::chrono::seconds(api::integerAt(pod, {"metadata", "deletionGracePeriodSeconds"}, 30));
  runtime_->stop(uid, grace);
  forgetPod(client::objectKey(pod), uid);
  // The containers are gone: remove the object for good, as the kubelet's status manager does.
  client::DeleteOptions options;
  options.gracePeriodSeconds = 0;
  options.preconditionUid = uid;
  Status removed = api_.remove(client::resources::pods, api::namespaceOf(pod), api::name(pod), options);
  if (removed.isOk() || removed.code() == StatusCode::NotFound || removed.code() == StatusCode::Conflict) {
    runtime_->removePod(uid);  // the pod object is gone, and its logs with it
    configuration_->forget(uid);
    return Status::ok();
  }
  return removed;
}

Status Kubelet::syncPod(const std::string& key) {
  // Cut off from the API server: nothing is reported; the pod is synced again after healing.
  if (partitioned_) return unavailable("partitioned from the API server");
  client::ObjectPointer pod = pods_.lister().getByKey(key);
  std::string previousUid;
  {
    std::lock_guard lock(knownMutex_);
    if (auto found = knownPods_.find(key); found != knownPods_.end()) previousUid = found->second;
  }
  if (!pod) {
    if (!previousUid.empty()) {
      forgetPod(key, previousUid);
      runtime_->removePod(previousUid);
      configuration_->forget(previousUid);
    }
    return Status::ok();
  }
  std::string uid = api::uid(*pod);
  if (!previousUid.empty() && previousUid != uid) {  // same name, new pod
    forgetPod(key, previousUid);
    runtime_->removePod(previousUid);
    configuration_->forget(previousUid);
  }
  {
    std::lock_guard lock(knownMutex_);
    knownPods_[key] = uid;
  }
  if (!api::stringAt(*pod, {"metadata", "deletionTimestamp"}).empty()) return terminatePod(*pod);

  std::string phase = api::stringAt(*pod, {"status", "phase"});
  if (phase == "Succeeded" || phase == "Failed") {
    runtime_->stop(uid, std::chrono::seconds(0));  // nothing of a finished pod keeps running
    ips_.release(uid);
    return Status::ok();
  }
  if (std::string known = api::stringAt(*pod, {"status", "podIP"}); !known.empty()) ips_.reserve(uid, known);
  auto ip = ips_.allocate(uid);
  if (!ip) return ip.status();
  // The runtime sees the pod with its addresses, which its containers bind to and get as POD_IP.
  boost::json::object runnable = *pod;
  auto& runnableStatus = api::ensureObject(runnable, "status");
  runnableStatus["podIP"] = *ip;
  runnableStatus["hostIP"] = config_.nodeIp;
  if (!configuration_->hasSynced()) return unavailable("waiting for the ConfigMap, Secret and Service caches");
  std::optional<runtime::PodRuntimeStatus> waiting = configuration_->run(*runtime_, runnable);
  auto computed = computePodStatus(*pod, waiting ? waiting : runtime_->status(uid), PodNetwork{config_.nodeIp, *ip},
                                   std::chrono::system_clock::now());
  std::string restartPolicy = api::stringAt(*pod, {"spec", "restartPolicy"});
  if (!sameStatus(api::objectAt(*pod, {"status"}), computed)) {
    boost::json::object patch{{"status", computed}};
    auto patched = api_.patch(client::resources::pods, api::namespaceOf(*pod), api::name(*pod),
                              client::PatchType::Merge, boost::json::serialize(patch), "status");
    if (!patched) return patched.status();
  }
  if (isTransitional(computed, restartPolicy)) loop_.enqueueAfter(key, kTransitionPoll);
  return Status::ok();
}

}  // namespace kubelab::kubelet
