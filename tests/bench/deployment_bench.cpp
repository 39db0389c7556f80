// deployment_bench: a Deployment of --replicas pods applied to a control plane of kubelab-store,
// kubelab-apiserver, kubelab-controller-manager and kubelab-scheduler with --nodes Nodes, timed
// from the create until every pod exists and until every pod is bound (issue 4's target:
// 1,000 replicas bound in under 2 s). See README.md.

#include <boost/program_options.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
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
  int replicas = 1000;
  int timeoutSeconds = 120;
  std::string paceControl = "true";  // the scheduler's and controller-manager's --pace-control
};

struct Figures {
  double firstCreatedSeconds = -1;  // Deployment -> ReplicaSet -> first pod: the controllers' reaction
  double allCreatedSeconds = -1;
  double allBoundSeconds = -1;
  std::size_t created = 0;
  std::size_t bound = 0;
};

json::object deployment(int replicas) {
  json::object podTemplate{
      {"metadata", {{"labels", {{"app", "bench"}}}}},
      {"spec", {{"containers", json::array{json::object{{"name", "web"}, {"image", "nginx:1.25"}}}}}}};
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", "bench"}, {"namespace", "default"}}},
          {"spec", {{"replicas", replicas}, {"selector", {{"matchLabels", {{"app", "bench"}}}}},
                    {"template", podTemplate}}}};
}

// Follows the pods of the default namespace through one watch, from before the Deployment exists.
Result<Figures> measure(testing::ControlPlaneFixture& cluster, const BenchOptions& options) {
  auto& api = cluster.client();
  auto initial = api.list(client::resources::pods, "default");
  if (!initial) return initial.status();
  client::ListOptions watchOptions;
  watchOptions.resourceVersion = initial->resourceVersion;
  watchOptions.timeout = std::chrono::seconds(options.timeoutSeconds);
  auto watch = api.watch(client::resources::pods, "default", watchOptions);
  if (!watch) return watch.status();

  Figures figures;
  std::set<std::string> created;
  std::set<std::string> bound;
  const auto start = Clock::now();
  auto made = api.create(client::resources::deployments, "default", deployment(options.replicas));
  if (!made) return made.status();
  const auto deadline = start + std::chrono::seconds(options.timeoutSeconds);
  const auto wanted = static_cast<std::size_t>(options.replicas);
  while (bound.size() < wanted && Clock::now() < deadline) {
    auto event = (*watch)->next(200ms);
    if (!event) return event.status();
    if (!*event) continue;
    if ((*event)->type != client::WatchEventType::Added && (*event)->type != client::WatchEventType::Modified) continue;
    const json::object& pod = (*event)->object;
    created.insert(api::name(pod));
    if (!api::stringAt(pod, {"spec", "nodeName"}).empty()) bound.insert(api::name(pod));
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (figures.firstCreatedSeconds < 0) figures.firstCreatedSeconds = elapsed;
    if (figures.allCreatedSeconds < 0 && created.size() >= wanted) figures.allCreatedSeconds = elapsed;
    if (figures.allBoundSeconds < 0 && bound.size() >= wanted) figures.allBoundSeconds = elapsed;
  }
  (*watch)->close();
  figures.created = created.size();
  figures.bound = bound.size();
  return figures;
}

std::optional<BenchOptions> parseOptions(int argc, char** argv) {
  namespace po = boost::program_options;
  BenchOptions options;
  po::options_description description("deployment_bench: apply a Deployment, time until its pods are bound "
                                      "(see tests/bench/README.md)");
  description.add_options()("help,h", "print this help and exit")(
      "nodes", po::value(&options.nodes)->default_value(options.nodes), "Nodes to create")(
      "replicas", po::value(&options.replicas)->default_value(options.replicas), "replicas of the Deployment")(
      "timeout", po::value(&options.timeoutSeconds)->default_value(options.timeoutSeconds), "seconds to wait")(
      "pace-control", po::value(&options.paceControl)->default_value(options.paceControl),
      "the control plane's --pace-control (true: run mode's gate on the hot path; false: no gate)");
  po::variables_map values;
  try {
    po::store(po::parse_command_line(argc, argv, description), values);
    po::notify(values);
  } catch (const po::error& error) {
    std::cerr << "deployment_bench: " << error.what() << "\n" << description;
    return std::nullopt;
  }
  if (values.count("help") != 0) {
    std::cout << description;
    std::exit(0);
  }
  if (options.nodes <= 0 || options.replicas <= 0 || options.timeoutSeconds <= 0) {
    std::cerr << "deployment_bench: invalid option value\n" << description;
    return std::nullopt;
  }
  return options;
}

std::string loadAverage() {
  std::ifstream file("/proc/loadavg");
  std::string oneMinute;
  file >> oneMinute;
  return oneMinute.empty() ? "?" : oneMinute;
}

int run(int argc, char** argv) {
  auto options = parseOptions(argc, argv);
  if (!options) return 2;
  const std::string loadAtStart = loadAverage();
  auto cluster = testing::ControlPlaneFixture::start();
  if (!cluster) {
    std::cerr << "deployment_bench: control plane: " << cluster.status().toString() << "\n";
    return 1;
  }
  for (int index = 0; index < options->nodes; ++index) {
    Status node = (*cluster)->createNode("node-" + std::to_string(index), "32", "64Gi");
    if (!node.isOk()) {
      std::cerr << "deployment_bench: node: " << node.toString() << "\n";
      return 1;
    }
  }
  const std::string pace = "--pace-control=" + options->paceControl;
  for (Status started : {(*cluster)->startScheduler({pace}),
                         (*cluster)->startControllerManager({"--controllers=replicaset,deployment", pace})}) {
    if (!started.isOk()) {
      std::cerr << "deployment_bench: " << started.toString() << "\n";
      return 1;
    }
  }
  // Let both finish their first list (and win their leases) before the clock starts.
  std::this_thread::sleep_for(2s);
  auto figures = measure(**cluster, *options);
  if (!figures) {
    std::cerr << "deployment_bench: " << figures.status().toString() << "\n";
    return 1;
  }
  std::cout << "deployment_bench: Deployment of " << options->replicas << " replicas on " << options->nodes
            << " nodes (store + apiserver + controller-manager + scheduler), " << pace << "\n";
  std::cout << "  apply -> first pod created:     " << figures->firstCreatedSeconds << " s\n";
  std::cout << "  apply -> all " << figures->created << " pods created: "
            << (figures->allCreatedSeconds < 0 ? std::string("not reached")
                                               : std::to_string(figures->allCreatedSeconds) + " s")
            << "\n";
  std::cout << "  apply -> all " << figures->bound << " pods bound:   "
            << (figures->allBoundSeconds < 0 ? std::string("not reached")
                                             : std::to_string(figures->allBoundSeconds) + " s")
            << (options->replicas == 1000 ? "   (target < 2 s)" : "") << "\n";
  std::cout << "  load average " << loadAtStart << " at the start, " << loadAverage() << " at the end, on "
            << std::thread::hardware_concurrency() << " cores\n";
  return figures->allBoundSeconds < 0 ? 1 : 0;
}

}  // namespace
}  // namespace kubelab::bench

int main(int argc, char** argv) { return kubelab::bench::run(argc, argv); }
