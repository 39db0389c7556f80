// cluster_bench: how fast the cluster-wide controllers of kubelab-controller-manager act, through
// the real store and API server, with the controller-manager's default (fast) timings:
//   - node failure: last Lease renewal -> node NotReady (taints) -> its pod evicted;
//   - garbage collection: a ReplicaSet owning --pods pods deleted in the background -> pods gone;
//   - endpoints: a Service over --pods ready pods -> Endpoints (1,000 max) and EndpointSlices list them;
//   - namespace deletion: DELETE of a namespace holding --pods pods and --pods ConfigMaps -> gone.
// Run: ninja -C build cluster_bench && build/bin/cluster_bench [--pods N]   (about 30 s for 1,000)

#include <boost/program_options.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include "api/objectmeta.h"
#include "controllers/podutil.h"
#include "controlplane/controlplanefixture.h"

namespace kubelab::bench {
namespace {

namespace json = boost::json;
namespace resources = client::resources;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Seconds until `condition` holds (polled every 20 ms), or -1 after `timeout`.
double secondsUntil(Clock::time_point start, const std::function<bool()>& condition, std::chrono::seconds timeout) {
  while (Clock::now() - start < timeout) {
    if (condition()) return std::chrono::duration<double>(Clock::now() - start).count();
    std::this_thread::sleep_for(20ms);
  }
  return -1;
}

std::string figure(double seconds) {
  if (seconds < 0) return "not reached";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", seconds);
  return text;
}

std::string microTime() {
  auto now = std::chrono::system_clock::now();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::string seconds = controllers::formatTimestamp(now);
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, ".%06lldZ", static_cast<long long>(micros));
  return seconds.substr(0, seconds.size() - 1) + fraction;
}

std::size_t count(client::ApiInterface& api, const client::GroupVersionResource& resource, const std::string& ns,
                  const std::string& selector = "") {
  client::ListOptions options;
  options.labelSelector = selector;
  auto listed = client::listAll(api, resource, ns, options);
  return listed ? listed->items.size() : 0;
}

Status createPods(testing::ControlPlaneFixture& cluster, const std::string& ns, int pods, const json::object& owner,
                  bool running) {
  for (int index = 0; index < pods; ++index) {
    json::object metadata{{"name", "pod-" + std::to_string(index)}, {"labels", {{"app", "bench"}}}};
    if (!owner.empty()) metadata["ownerReferences"] = json::array{owner};
    json::object pod{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", metadata},
                     {"spec", {{"containers", json::array{{{"name", "web"}, {"image", "nginx"},
                                                            {"ports", json::array{{{"containerPort", 80}}}}}}}}}};
    auto created = cluster.client().create(resources::pods, ns, pod);
    if (!created) return created.status();
    if (running) {
      Status marked = cluster.markPodRunning(ns, "pod-" + std::to_string(index), true);
      if (!marked.isOk()) return marked;
    }
  }
  return Status::ok();
}

double nodeFailure(testing::ControlPlaneFixture& cluster, double& notReadySeconds) {
  auto& api = cluster.client();
  if (!cluster.createNode("failing").isOk()) return -1;
  // A node that stays healthy: with every node down nothing is evicted (master disruption mode).
  if (!cluster.createNode("healthy").isOk()) return -1;
  json::object healthyLease{{"apiVersion", "coordination.k8s.io/v1"}, {"kind", "Lease"},
                            {"metadata", {{"name", "healthy"}, {"namespace", "kube-node-lease"}}},
                            {"spec", {{"holderIdentity", "healthy"}, {"leaseDurationSeconds", 40}, {"renewTime", microTime()}}}};
  if (!api.create(resources::leases, "kube-node-lease", healthyLease)) return -1;
  std::atomic<bool> renewing{true};
  std::thread kubelet([&] {
    while (renewing) {
      if (auto lease = api.get(resources::leases, "kube-node-lease", "healthy")) {
        (*lease)["spec"].as_object()["renewTime"] = microTime();
        (void)api.update(resources::leases, *lease);
      }
      std::this_thread::sleep_for(500ms);
    }
  });
  struct StopRenewing {
    std::atomic<bool>& flag;
    std::thread& thread;
    ~StopRenewing() {
      flag = false;
      thread.join();
    }
  } stopRenewing{renewing, kubelet};
  json::object lease{{"apiVersion", "coordination.k8s.io/v1"}, {"kind", "Lease"},
                     {"metadata", {{"name", "failing"}, {"namespace", "kube-node-lease"}}},
                     {"spec", {{"holderIdentity", "failing"}, {"leaseDurationSeconds", 40}, {"renewTime", microTime()}}}};
  if (!api.create(resources::leases, "kube-node-lease", lease)) return -1;
  json::object pod{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", "stranded"}}},
                   {"spec", {{"nodeName", "failing"}, {"containers", json::array{{{"name", "c"}, {"image", "nginx"}}}}}}};
  if (!api.create(resources::pods, "default", pod)) return -1;
  // One renewal, then silence: the kubelet died.
  auto current = api.get(resources::leases, "kube-node-lease", "failing");
  if (!current) return -1;
  (*current)["spec"].as_object()["renewTime"] = microTime();
  if (!api.update(resources::leases, *current)) return -1;
  auto start = Clock::now();
  notReadySeconds = secondsUntil(
      start,
      [&] {
        auto node = api.get(resources::nodes, "", "failing");
        return node && api::arrayAt(*node, {"spec", "taints"}) != nullptr;
      },
      60s);
  return secondsUntil(
      start,
      [&] {
        auto stranded = api.get(resources::pods, "default", "stranded");
        return !stranded || !api::stringAt(*stranded, {"metadata", "deletionTimestamp"}).empty();
      },
      60s);
}

int run(int argc, char** argv) {
  namespace po = boost::program_options;
  int pods = 1000;
  po::options_description description("cluster_bench: node failure, garbage collection, endpoints and namespace "
                                      "deletion timings");
  description.add_options()("help,h", "print this help and exit")(
      "pods", po::value(&pods)->default_value(pods), "pods (and ConfigMaps) per scenario");
  po::variables_map values;
  try {
    po::store(po::parse_command_line(argc, argv, description), values);
    po::notify(values);
  } catch (const po::error& error) {
    std::cerr << "cluster_bench: " << error.what() << "\n" << description;
    return 2;
  }
  if (values.count("help") != 0) {
    std::cout << description;
    return 0;
  }
  auto started = testing::ControlPlaneFixture::start();
  if (!started) {
    std::cerr << "cluster_bench: control plane: " << started.status().toString() << "\n";
    return 1;
  }
  testing::ControlPlaneFixture& cluster = **started;
  auto& api = cluster.client();
  Status manager = cluster.startControllerManager(
      {"--controllers=endpoints,endpointslice,namespace,garbagecollector,nodelifecycle"});
  if (!manager.isOk()) {
    std::cerr << "cluster_bench: " << manager.toString() << "\n";
    return 1;
  }
  std::this_thread::sleep_for(1s);
  std::cout << "cluster_bench: " << pods << " pods per scenario, controller-manager defaults "
            << "(node-monitor-grace-period 8 s, default toleration 10 s), " << std::thread::hardware_concurrency()
            << " cores\n";

  double notReady = -1;
  double evicted = nodeFailure(cluster, notReady);
  std::cout << "  node failure: last Lease renewal -> tainted NotReady " << figure(notReady)
            << ", -> pod evicted " << figure(evicted) << "   (a class should see it within ~30 s)\n";

  // Garbage collection: the owner exists only as an object; no ReplicaSet controller runs.
  for (const char* ns : {"gc", "endpoints", "doomed"}) {
    (void)api.create(resources::namespaces, "", json::object{{"apiVersion", "v1"}, {"kind", "Namespace"},
                                                              {"metadata", {{"name", ns}}}});
  }
  json::object replicaSet{{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}, {"metadata", {{"name", "owner"}}},
                          {"spec", {{"replicas", 0}, {"selector", {{"matchLabels", {{"app", "none"}}}}},
                                    {"template", {{"metadata", {{"labels", {{"app", "none"}}}}},
                                                  {"spec", {{"containers", json::array{{{"name", "c"}, {"image", "nginx"}}}}}}}}}}};
  auto owner = api.create(resources::replicaSets, "gc", replicaSet);
  if (!owner) return 1;
  json::object reference{{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}, {"name", "owner"},
                         {"uid", api::uid(*owner)}, {"controller", true}, {"blockOwnerDeletion", true}};
  if (!createPods(cluster, "gc", pods, reference, false).isOk()) return 1;
  auto start = Clock::now();
  if (!api.remove(resources::replicaSets, "gc", "owner", {"Background", std::nullopt, ""}).isOk()) return 1;
  double collected = secondsUntil(start, [&] { return count(api, resources::pods, "gc") == 0; }, 120s);
  std::cout << "  garbage collection: ReplicaSet deleted (background) -> all " << pods << " pods gone "
            << figure(collected) << "\n";

  if (!createPods(cluster, "endpoints", pods, {}, true).isOk()) return 1;
  json::object service{{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", {{"name", "web"}}},
                       {"spec", {{"selector", {{"app", "bench"}}}, {"ports", json::array{{{"port", 80}}}}}}};
  start = Clock::now();
  if (!api.create(resources::services, "endpoints", service)) return 1;
  std::size_t wantedAddresses = std::min(pods, 1000);
  double listed = secondsUntil(
      start,
      [&] {
        auto endpoints = api.get(resources::endpoints, "endpoints", "web");
        const json::array* subsets = endpoints ? api::arrayAt(*endpoints, {"subsets"}) : nullptr;
        const json::array* addresses =
            subsets != nullptr && !subsets->empty() ? api::arrayAt(subsets->at(0).as_object(), {"addresses"}) : nullptr;
        return addresses != nullptr && addresses->size() == wantedAddresses;
      },
      60s);
  double sliced = secondsUntil(
      start,
      [&] {
        auto slices = client::listAll(api, resources::endpointSlices, "endpoints");
        std::size_t total = 0;
        if (slices) {
          for (const json::object& slice : slices->items) {
            if (const json::array* endpoints = api::arrayAt(slice, {"endpoints"})) total += endpoints->size();
          }
        }
        return total == static_cast<std::size_t>(pods);
      },
      60s);
  std::cout << "  endpoints: Service created over " << pods << " ready pods -> Endpoints list " << wantedAddresses
            << " " << figure(listed) << ", EndpointSlices list " << pods << " " << figure(sliced) << "\n";

  if (!createPods(cluster, "doomed", pods, {}, false).isOk()) return 1;
  for (int index = 0; index < pods; ++index) {
    json::object configMap{{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                           {"metadata", {{"name", "settings-" + std::to_string(index)}}}, {"data", {{"a", "b"}}}};
    if (!api.create(resources::configMaps, "doomed", configMap)) return 1;
  }
  start = Clock::now();
  if (!api.remove(resources::namespaces, "", "doomed").isOk()) return 1;
  double emptied = secondsUntil(start, [&] { return !api.get(resources::namespaces, "", "doomed"); }, 120s);
  std::cout << "  namespace deletion: DELETE of a namespace with " << pods << " pods and " << pods
            << " ConfigMaps -> namespace gone " << figure(emptied) << "\n";
  return evicted < 0 || collected < 0 || listed < 0 || sliced < 0 || emptied < 0 ? 1 : 0;
}

}  // namespace
}  // namespace kubelab::bench

int main(int argc, char** argv) { return kubelab::bench::run(argc, argv); }
