#include "proxy/proxier.h"

#include <sstream>

#include "common/logging.h"
#include "http/httpserver.h"
#include "proxy/serviceplan.h"

namespace kubelab::proxy {

namespace {

std::vector<const boost::json::object*> rawObjects(const std::vector<client::ObjectPointer>& objects) {
  std::vector<const boost::json::object*> raw;
  raw.reserve(objects.size());
  for (const auto& object : objects) raw.push_back(object.get());
  return raw;
}

// For the log: a Service of a scale demonstration can have thousands of endpoints.
std::string describe(const std::vector<Endpoint>& endpoints) {
  constexpr std::size_t kListed = 8;
  if (endpoints.empty()) return "none ready";
  std::ostringstream out;
  for (std::size_t index = 0; index < endpoints.size() && index < kListed; ++index) {
    out << (index ? ", " : "") << endpoints[index].toString();
  }
  if (endpoints.size() > kListed) out << " and " << endpoints.size() - kListed << " more";
  return out.str();
}

}  // namespace

Proxier::Proxier(client::ApiInterface& api, ProxyConfig config)
    : config_(std::move(config)),
      services_(api, client::resources::services),
      endpointSlices_(api, client::resources::endpointSlices),
      forwarder_(config_.forwarder) {
  client::EventHandlers handlers{
      [this](const client::ObjectPointer&) { markDirty(); },
      [this](const client::ObjectPointer& old, const client::ObjectPointer& current) {
        // A resync of an unchanged object changes nothing.
        if (old != current) markDirty();
      },
      [this](const client::ObjectPointer&) { markDirty(); }};
  services_.addEventHandlers(handlers);
  endpointSlices_.addEventHandlers(handlers);
}

Proxier::~Proxier() { stop(); }

Status Proxier::start() {
  http::ServerOptions healthzOptions;
  healthzOptions.threads = 1;  // a probe every second or so
  healthz_ = std::make_unique<http::Server>(
      healthzOptions, [this](const http::Request& request, std::shared_ptr<http::Exchange> exchange) {
        if (request.path() != "/healthz" && request.path() != "/livez") {
          return exchange->respond(404, "text/plain", "404 page not found\n");
        }
        if (!healthy()) return exchange->respond(503, "text/plain", "services and endpoints not synced yet\n");
        exchange->respond(200, "text/plain", "ok");
      });
  std::string healthzAddress = config_.healthzAddress.empty() ? config_.bindAddress : config_.healthzAddress;
  auto port = healthz_->listen(healthzAddress, config_.healthzPort);
  if (!port) return port.status();
  boundHealthzPort_ = *port;
  healthz_->start();
  forwarder_.start();
  services_.start();
  endpointSlices_.start();
  syncThread_ = std::thread([this] { syncLoop(); });
  return Status::ok();
}

void Proxier::stop() {
  {
    std::lock_guard lock(dirtyMutex_);
    stopping_ = true;
  }
  dirtySignal_.notify_all();
  if (syncThread_.joinable()) syncThread_.join();
  services_.stop();
  endpointSlices_.stop();
  forwarder_.stop();
  if (healthz_) healthz_->stop();
}

void Proxier::markDirty() {
  {
    std::lock_guard lock(dirtyMutex_);
    dirty_ = true;
  }
  dirtySignal_.notify_one();
}

void Proxier::syncLoop() {
  for (;;) {
    {
      std::unique_lock lock(dirtyMutex_);
      dirtySignal_.wait_for(lock, config_.syncPeriod, [this] { return dirty_ || stopping_; });
      if (stopping_) return;
      // Gather the events that come together (a Service and its slices) into one sync.
      if (dirtySignal_.wait_for(lock, config_.minSyncPeriod, [this] { return stopping_; })) return;
      dirty_ = false;
    }
    // Until both caches are whole, a sync would close listeners of Services not listed yet.
    if (!services_.hasSynced() || !endpointSlices_.hasSynced()) {
      markDirty();
      continue;
    }
    syncProxyRules();
  }
}

void Proxier::syncProxyRules() {
  std::lock_guard lock(syncMutex_);
  auto services = services_.lister().list();
  auto slices = endpointSlices_.lister().list();
  auto plans = planServicePorts(rawObjects(services), rawObjects(slices), config_.bindAddress, config_.nodeName);

  std::map<std::string, std::shared_ptr<EndpointSelector>> selectors;
  for (const auto& plan : plans) {
    auto found = selectors_.find(plan.name);
    if (found == selectors_.end()) {
      log::info(plan.name, ": endpoints ", describe(plan.readyEndpoints));
      selectors[plan.name] = std::make_shared<EndpointSelector>(plan.readyEndpoints, plan.affinity);
      continue;
    }
    if (found->second->endpoints() != plan.readyEndpoints) {
      log::info(plan.name, ": endpoints ", describe(plan.readyEndpoints));
    }
    found->second->update(plan.readyEndpoints, plan.affinity);
    selectors[plan.name] = found->second;
  }
  for (const auto& [name, selector] : selectors_) {
    if (!selectors.count(name)) log::info(name, ": service port removed");
  }
  selectors_ = std::move(selectors);

  std::vector<ListenerAssignment> listeners;
  for (const auto& listener : planListeners(plans)) {
    listeners.push_back({listener.address, listener.servicePort, selectors_[listener.servicePort]});
  }
  forwarder_.assign(std::move(listeners));
  if (!firstSyncDone_.exchange(true)) {
    log::info("synced ", services.size(), " services and ", slices.size(), " endpoint slices; ", plans.size(),
              " service ports");
  }
}

}  // namespace kubelab::proxy
