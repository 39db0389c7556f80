// scheduler_bench: how fast kubelab-scheduler binds pods through the real API server and store.
// For each node count: a fresh control plane (tests/integration/controlplane), the Nodes, then
// --pods pending pods created by several client threads, then kubelab-scheduler started as its
// own process; a watch on the pods times every binding. Prints one line per case.

#include <boost/json/object.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "api/objectmeta.h"
#include "controlplane/controlplanefixture.h"

namespace kubelab::bench {
namespace {

namespace json = boost::json;
namespace resources = client::resources;
using Clock = std::chrono::steady_clock;

struct CaseFigures {
  std::size_t nodes = 0;
  std::size_t pods = 0;
  std::size_t bound = 0;
  double createSeconds = 0;
  double firstBindSeconds = 0;  // scheduler started -> first pod bound (process start, informer sync)
  double allBoundSeconds = 0;   // scheduler started -> last pod bound
  double podsPerSecond = 0;     // first to last binding
  double eventsAfterSeconds = 0;  // scheduler started -> every Scheduled Event posted
  std::string error;
};

json::object benchPod(const std::string& name) {
  json::object requests{{"cpu", "100m"}, {"memory", "128Mi"}};
  return json::object{
      {"apiVersion", "v1"},
      {"kind", "Pod"},
      {"metadata", json::object{{"name", name}, {"labels", json::object{{"app", "bench"}}}}},
      {"spec", json::object{{"containers", json::array{json::object{
                                               {"name", "app"},
                                               {"image", "nginx"},
                                               {"resources", json::object{{"requests", requests}}}}}}}}};
}

// Runs `work(index)` for every index in [0, count) on `threads` threads; returns the first error.
template <typename Work>
Status inParallel(std::size_t count, int threads, Work work) {
  std::atomic<std::size_t> next{0};
  std::mutex errorMutex;
  Status firstError;
  std::vector<std::thread> workers;
  for (int thread = 0; thread < threads; ++thread) {
    workers.emplace_back([&] {
      for (std::size_t index = next++; index < count; index = next++) {
        Status status = work(index);
        if (!status.isOk()) {
          std::lock_guard lock(errorMutex);
          if (firstError.isOk()) firstError = status;
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  return firstError;
}

std::string padded(std::size_t index) {
  std::ostringstream name;
  name << std::setw(5) << std::setfill('0') << index;
  return name.str();
}

CaseFigures runCase(std::size_t nodes, std::size_t pods, int createClients, int bindThreads) {
  CaseFigures figures;
  figures.nodes = nodes;
  figures.pods = pods;
  auto started = testing::ControlPlaneFixture::start();
  if (!started) {
    figures.error = started.status().toString();
    return figures;
  }
  testing::ControlPlaneFixture& cluster = **started;
  client::RestClient& api = cluster.client();
  Status status = inParallel(nodes, createClients, [&](std::size_t index) {
    return cluster.createNode("node-" + padded(index), "32", "128Gi");
  });
  if (!status.isOk()) {
    figures.error = "creating nodes: " + status.toString();
    return figures;
  }
  auto namespaceCreated =
      api.create(resources::namespaces, "", json::object{{"apiVersion", "v1"}, {"kind", "Namespace"},
                                                         {"metadata", json::object{{"name", "bench"}}}});
  if (!namespaceCreated) {
    figures.error = "creating namespace: " + namespaceCreated.status().toString();
    return figures;
  }
  auto createStart = Clock::now();
  status = inParallel(pods, createClients, [&](std::size_t index) {
    return api.create(resources::pods, "bench", benchPod("bench-" + padded(index))).status();
  });
  figures.createSeconds = std::chrono::duration<double>(Clock::now() - createStart).count();
  if (!status.isOk()) {
    figures.error = "creating pods: " + status.toString();
    return figures;
  }

  client::ListOptions listOptions;
  listOptions.limit = 1;
  auto listed = api.list(resources::pods, "bench", listOptions);
  if (!listed) {
    figures.error = "listing pods: " + listed.status().toString();
    return figures;
  }
  client::ListOptions watchOptions;
  watchOptions.resourceVersion = listed->resourceVersion;
  auto watch = api.watch(resources::pods, "bench", watchOptions);
  if (!watch) {
    figures.error = "watching pods: " + watch.status().toString();
    return figures;
  }

  auto schedulerStart = Clock::now();
  status = cluster.startScheduler({"--leader-elect=false", "--bind-threads=" + std::to_string(bindThreads)});
  if (!status.isOk()) {
    figures.error = "starting the scheduler: " + status.toString();
    return figures;
  }
  std::unordered_set<std::string> bound;
  Clock::time_point firstBound;
  Clock::time_point lastBound;
  auto deadline = Clock::now() + std::chrono::seconds(120);
  while (bound.size() < pods && Clock::now() < deadline) {
    auto event = (*watch)->next(std::chrono::milliseconds(500));
    if (!event) {
      figures.error = "watch ended: " + event.status().toString();
      break;
    }
    if (!event->has_value()) continue;
    const client::WatchEvent& watched = **event;
    if (watched.type != client::WatchEventType::Modified && watched.type != client::WatchEventType::Added) continue;
    if (api::stringAt(watched.object, {"spec", "nodeName"}).empty()) continue;
    if (bound.insert(api::name(watched.object)).second) {
      lastBound = Clock::now();
      if (bound.size() == 1) firstBound = lastBound;
    }
  }
  figures.bound = bound.size();
  if (bound.empty()) {
    if (figures.error.empty()) figures.error = "no pod was bound: " + cluster.logsOf("scheduler");
    return figures;
  }
  figures.firstBindSeconds = std::chrono::duration<double>(firstBound - schedulerStart).count();
  figures.allBoundSeconds = std::chrono::duration<double>(lastBound - schedulerStart).count();
  double span = std::chrono::duration<double>(lastBound - firstBound).count();
  figures.podsPerSecond = span > 0 ? static_cast<double>(bound.size() - 1) / span : 0;
  if (bound.size() < pods && figures.error.empty()) figures.error = "not every pod was bound within 120 s";

  // Events are posted behind the bindings, by one thread of the scheduler's EventRecorder.
  auto eventsDeadline = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() < eventsDeadline) {
    auto events = client::listAll(api, resources::events, "bench");
    std::size_t scheduled = 0;
    if (events) {
      for (const json::object& event : events->items) scheduled += api::stringAt(event, {"reason"}) == "Scheduled";
    }
    if (scheduled >= bound.size()) {
      figures.eventsAfterSeconds = std::chrono::duration<double>(Clock::now() - schedulerStart).count();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return figures;
}

int run(int argc, char** argv) {
  namespace options = boost::program_options;
  std::string nodeCounts = "100,1000";
  std::size_t pods = 2000;
  int createClients = 8;
  int bindThreads = 16;
  options::options_description description(
      "scheduler_bench: pods bound per second by kubelab-scheduler through kubelab-apiserver and\n"
      "kubelab-store, for each node count.\n\nFlags");
  description.add_options()("help,h", "print this help")(
      "nodes", options::value(&nodeCounts)->default_value(nodeCounts), "node counts, comma-separated")(
      "pods", options::value(&pods)->default_value(pods), "pending pods per case")(
      "create-clients", options::value(&createClients)->default_value(createClients),
      "threads creating nodes and pods")("bind-threads", options::value(&bindThreads)->default_value(bindThreads),
                                         "the scheduler's --bind-threads");
  options::variables_map values;
  try {
    options::store(options::parse_command_line(argc, argv, description), values);
    options::notify(values);
  } catch (const options::error& error) {
    std::cerr << "scheduler_bench: " << error.what() << "\n";
    return 2;
  }
  if (values.count("help")) {
    std::cout << description << "\n";
    return 0;
  }
  bool failed = false;
  std::stringstream counts(nodeCounts);
  for (std::string count; std::getline(counts, count, ',');) {
    CaseFigures figures = runCase(std::stoul(count), pods, createClients, bindThreads);
    std::cout << std::fixed << std::setprecision(2) << "nodes=" << figures.nodes << " pods=" << figures.pods
              << " bound=" << figures.bound << " created_in=" << figures.createSeconds << "s"
              << " first_bound_after=" << figures.firstBindSeconds << "s"
              << " all_bound_after=" << figures.allBoundSeconds << "s" << std::setprecision(0)
              << " throughput=" << figures.podsPerSecond << " pods/s"
              << (figures.nodes == 100 ? " (target >= 1000)" : "") << std::setprecision(2)
              << " events_posted_after=" << figures.eventsAfterSeconds << "s\n";
    if (!figures.error.empty()) {
      std::cout << "  error: " << figures.error.substr(0, 2000) << "\n";
      failed = true;
    }
    std::cout.flush();
  }
  return failed ? 1 : 0;
}

}  // namespace
}  // namespace kubelab::bench

int main(int argc, char** argv) { return kubelab::bench::run(argc, argv); }
