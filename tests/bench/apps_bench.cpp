// apps_bench: the DaemonSet and Job controllers at scale on a control plane of kubelab-store,
// kubelab-apiserver, kubelab-controller-manager and kubelab-scheduler.
//  - A DaemonSet on --nodes Nodes: time from the create until a pod exists for every node, until
//    the scheduler has bound each to its node, and until the DaemonSet reports them all
//    available (a stand-in kubelet marks pods Running as soon as they are bound).
//  - A Job of --completions pods, --parallelism at a time, whose pods the stand-in kubelet
//    reports Succeeded at once: time until the Complete condition, and pods finished per second.
// See README.md.

#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>

#include <atomic>
#include <chrono>
#include <iostream>
#include <string>
#include <thread>

#include "api/objectmeta.h"
#include "controlplane/controlplanefixture.h"

namespace kubelab::bench {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct BenchOptions {
  int nodes = 100;
  int completions = 200;
  int parallelism = 50;
  int timeoutSeconds = 120;
};

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Plays the kubelets: bound pods become Running (daemon pods) or Succeeded (job pods), and
// graceful deletions finish.
class StandInKubelet {
 public:
  explicit StandInKubelet(testing::ControlPlaneFixture& cluster) : cluster_(cluster), thread_([this] { run(); }) {}
  ~StandInKubelet() {
    stop_ = true;
    thread_.join();
  }

 private:
  void run() {
    while (!stop_) {
      auto pods = cluster_.client().list(client::resources::pods, "");
      for (const json::object& pod : pods ? pods->items : std::vector<json::object>{}) {
        std::string phase = api::stringAt(pod, {"status", "phase"});
        if (!api::stringAt(pod, {"metadata", "deletionTimestamp"}).empty()) {
          // A kubelet confirms a graceful deletion once the containers have stopped.
          client::DeleteOptions now;
          now.gracePeriodSeconds = 0;
          (void)cluster_.client().remove(client::resources::pods, api::namespaceOf(pod), api::name(pod), now);
          continue;
        }
        if (phase == "Running" || phase == "Succeeded" || phase == "Failed") continue;
        if (api::labels(pod).count("batch.kubernetes.io/job-name") > 0) {
          json::object finished = pod;
          finished["status"] = json::object{{"phase", "Succeeded"}};
          (void)cluster_.client().update(client::resources::pods, finished, "status");
        } else if (!api::stringAt(pod, {"spec", "nodeName"}).empty()) {
          (void)cluster_.markPodRunning(api::namespaceOf(pod), api::name(pod));
        }
      }
      std::this_thread::sleep_for(20ms);
    }
  }

  testing::ControlPlaneFixture& cluster_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

bool waitUntil(const std::function<bool()>& condition, int timeoutSeconds) {
  for (auto deadline = Clock::now() + std::chrono::seconds(timeoutSeconds); Clock::now() < deadline;) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return condition();
}

int benchDaemonSet(testing::ControlPlaneFixture& cluster, const BenchOptions& options) {
  for (int index = 0; index < options.nodes; ++index) {
    if (Status created = cluster.createNode("node-" + std::to_string(index)); !created) {
      std::cerr << "createNode: " << created.toString() << "\n";
      return 1;
    }
  }
  json::object daemonSet{
      {"apiVersion", "apps/v1"},
      {"kind", "DaemonSet"},
      {"metadata", {{"name", "agent"}, {"namespace", "default"}}},
      {"spec", {{"selector", {{"matchLabels", {{"app", "agent"}}}}},
                {"template", {{"metadata", {{"labels", {{"app", "agent"}}}}},
                              {"spec", {{"containers", json::array{json::object{{"name", "agent"}, {"image", "nginx:1.25"}}}}}}}}}}};
  auto podCounts = [&](std::size_t& created, std::size_t& bound) {
    created = bound = 0;
    auto pods = cluster.client().list(client::resources::pods, "default");
    for (const json::object& pod : pods ? pods->items : std::vector<json::object>{}) {
      ++created;
      if (!api::stringAt(pod, {"spec", "nodeName"}).empty()) ++bound;
    }
  };
  auto start = Clock::now();
  if (auto created = cluster.client().create(client::resources::daemonSets, "default", daemonSet); !created) {
    std::cerr << "create: " << created.status().toString() << "\n";
    return 1;
  }
  std::size_t created = 0, bound = 0;
  const auto want = static_cast<std::size_t>(options.nodes);
  bool allCreated = waitUntil([&] { podCounts(created, bound); return created >= want; }, options.timeoutSeconds);
  double createdSeconds = secondsSince(start);
  bool allBound = allCreated && waitUntil([&] { podCounts(created, bound); return bound >= want; }, options.timeoutSeconds);
  double boundSeconds = secondsSince(start);
  bool allAvailable = allBound && waitUntil([&] {
    auto current = cluster.client().get(client::resources::daemonSets, "default", "agent");
    return current && api::integerAt(*current, {"status", "numberAvailable"}) == options.nodes;
  }, options.timeoutSeconds);
  double availableSeconds = secondsSince(start);
  std::cout << "daemonset on " << options.nodes << " nodes: a pod for every node "
            << (allCreated ? std::to_string(createdSeconds) + " s" : "not reached") << ", all bound "
            << (allBound ? std::to_string(boundSeconds) + " s" : "not reached") << ", all available (status) "
            << (allAvailable ? std::to_string(availableSeconds) + " s" : "not reached") << "\n";
  return allAvailable ? 0 : 1;
}

int benchJob(testing::ControlPlaneFixture& cluster, const BenchOptions& options) {
  json::object job{
      {"apiVersion", "batch/v1"},
      {"kind", "Job"},
      {"metadata", {{"name", "batch"}, {"namespace", "default"}}},
      {"spec", {{"completions", options.completions},
                {"parallelism", options.parallelism},
                {"template", {{"spec", {{"restartPolicy", "Never"},
                                        {"containers", json::array{json::object{{"name", "work"}, {"image", "busybox"}}}}}}}}}}};
  auto start = Clock::now();
  if (auto created = cluster.client().create(client::resources::jobs, "default", job); !created) {
    std::cerr << "create: " << created.status().toString() << "\n";
    return 1;
  }
  std::int64_t succeeded = 0;
  bool complete = waitUntil([&] {
    auto current = cluster.client().get(client::resources::jobs, "default", "batch");
    if (!current) return false;
    succeeded = api::integerAt(*current, {"status", "succeeded"});
    const json::array* conditions = api::arrayAt(*current, {"status", "conditions"});
    for (const json::value& condition : conditions ? *conditions : json::array{}) {
      if (api::stringAt(condition.as_object(), {"type"}) == "Complete") return true;
    }
    return false;
  }, options.timeoutSeconds);
  double seconds = secondsSince(start);
  if (!complete) {
    auto current = cluster.client().get(client::resources::jobs, "default", "batch");
    if (current) std::cerr << "job status: " << json::serialize(current->at("status")) << "\n";
  }
  std::cout << "job of " << options.completions << " completions, parallelism " << options.parallelism << ": "
            << (complete ? "Complete after " + std::to_string(seconds) + " s, " +
                               std::to_string(static_cast<double>(succeeded) / seconds) + " pods/s"
                         : "not complete after " + std::to_string(seconds) + " s (" + std::to_string(succeeded) + " succeeded)")
            << "\n";
  return complete ? 0 : 1;
}

}  // namespace
}  // namespace kubelab::bench

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  kubelab::bench::BenchOptions options;
  po::options_description description("apps_bench options");
  description.add_options()("help", "this help")("nodes", po::value(&options.nodes)->default_value(100), "Nodes for the DaemonSet")(
      "completions", po::value(&options.completions)->default_value(200), "Job completions")(
      "parallelism", po::value(&options.parallelism)->default_value(50), "Job parallelism")(
      "timeout", po::value(&options.timeoutSeconds)->default_value(120), "seconds to wait for each figure");
  po::variables_map values;
  po::store(po::parse_command_line(argc, argv, description), values);
  po::notify(values);
  if (values.count("help")) {
    std::cout << description << "\n";
    return 0;
  }
  auto cluster = kubelab::testing::ControlPlaneFixture::start();
  if (!cluster) {
    std::cerr << "control plane: " << cluster.status().toString() << "\n";
    return 1;
  }
  for (const auto& started : {(*cluster)->startControllerManager({"--controllers=daemonset,job"}), (*cluster)->startScheduler()}) {
    if (!started) {
      std::cerr << started.toString() << "\n";
      return 1;
    }
  }
  kubelab::bench::StandInKubelet kubelet(**cluster);
  int failures = kubelab::bench::benchDaemonSet(**cluster, options);
  failures += kubelab::bench::benchJob(**cluster, options);
  return failures == 0 ? 0 : 1;
}
