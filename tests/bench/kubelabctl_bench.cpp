// kubelabctl_bench: whole clusters from `kubelabctl up`, as a student gets them (issue 5's figures):
//   cold up    `kubelabctl up --nodes 3` on a fresh state directory until every node is Ready;
//   memory     the cluster's processes after --idle-seconds at rest: summed RSS, and summed PSS
//              (shared library pages divided among the processes sharing them: what the cluster
//              costs the machine), with each process's share;
//   process    a --replicas nginx Deployment on the process runtime, apply until every pod Ready;
//   simulated  --pods pods (one Deployment) on --simulated-nodes simulated nodes, until all Ready.
// Every cluster lives in its own temporary directory and is purged at the end.
// Run: ninja -C build kubelabctl_bench kubelabctl && build/bin/kubelabctl_bench [--skip-simulated]

#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../integration/apiserver/apiserverfixture.h"
#include "client/resource.h"
#include "client/restclient.h"
#include "client/restconfig.h"
#include "support/temporarydirectory.h"

namespace kubelab::bench {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct BenchOptions {
  int coldRuns = 3;
  int idleSeconds = 10;
  int replicas = 100;
  int pods = 10000;
  int simulatedNodes = 100;
  bool skipProcess = false;
  bool skipSimulated = false;
};

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// One cluster in a temporary directory, brought down and purged when it goes.
class BenchCluster {
 public:
  explicit BenchCluster(const std::string& name) {
    auto directory = testing::TemporaryDirectory::create("kubelab-bench-" + name);
    if (!directory) throw std::runtime_error(directory.status().toString());
    directory_ = std::move(*directory);
  }
  ~BenchCluster() { kubelabctl({"down", "--purge"}); }

  testing::CommandResult kubelabctl(std::vector<std::string> arguments, int timeoutSeconds = 300) const {
    std::vector<std::string> argv{"/usr/bin/env", "HOME=" + directory_->path().string(), "KUBECONFIG=",
                                  KUBELABCTL_BINARY};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    argv.insert(argv.end(), {"--state-dir", state().string()});
    return testing::runCommand(argv, "", timeoutSeconds);
  }
  fs::path state() const { return directory_->path() / "state"; }

  client::RestClient& api() {
    if (!api_) {
      auto config = client::loadKubeconfig(state() / "kubeconfig");
      if (!config) throw std::runtime_error(config.status().toString());
      api_ = std::make_unique<client::RestClient>(*config);
    }
    return *api_;
  }

 private:
  std::unique_ptr<testing::TemporaryDirectory> directory_;
  std::unique_ptr<client::RestClient> api_;
};

bool conditionTrue(const json::object& object, const std::string& type) {
  const json::value* conditions = object.if_contains("status") ? object.at("status").as_object().if_contains("conditions")
                                                              : nullptr;
  if (!conditions || !conditions->is_array()) return false;
  for (const json::value& condition : conditions->as_array()) {
    const json::object& entry = condition.as_object();
    if (entry.at("type").as_string() == type) return entry.at("status").as_string() == "True";
  }
  return false;
}

int readyNodes(client::RestClient& api) {
  auto nodes = api.list(client::resources::nodes, "");
  if (!nodes) return 0;
  return static_cast<int>(std::count_if(nodes->items.begin(), nodes->items.end(),
                                        [](const json::object& node) { return conditionTrue(node, "Ready"); }));
}

std::int64_t readyReplicas(client::RestClient& api, const std::string& name) {
  auto deployment = api.get(client::resources::deployments, "default", name);
  if (!deployment) return 0;
  const json::object& status = deployment->at("status").as_object();
  const json::value* ready = status.if_contains("readyReplicas");
  return ready ? ready->to_number<std::int64_t>() : 0;
}

json::object nginxDeployment(const std::string& name, int replicas) {
  json::object container{{"name", "nginx"}, {"image", "nginx:1.14.2"},
                         {"ports", json::array{json::object{{"containerPort", 80}}}}};
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", name}, {"namespace", "default"}}},
          {"spec", {{"replicas", replicas},
                    {"selector", {{"matchLabels", {{"app", name}}}}},
                    {"template", {{"metadata", {{"labels", {{"app", name}}}}},
                                  {"spec", {{"containers", json::array{container}}}}}}}}};
}

// Seconds from now until `deployment` reports `replicas` ready, or -1 after `timeout`.
double applyUntilReady(BenchCluster& cluster, const std::string& name, int replicas, std::chrono::seconds timeout) {
  Clock::time_point start = Clock::now();
  auto created = cluster.api().create(client::resources::deployments, "default", nginxDeployment(name, replicas));
  if (!created) {
    std::cerr << "create failed: " << created.status().toString() << "\n";
    return -1;
  }
  while (Clock::now() - start < timeout) {
    if (readyReplicas(cluster.api(), name) >= replicas) return secondsSince(start);
    std::this_thread::sleep_for(20ms);
  }
  std::cerr << name << ": " << readyReplicas(cluster.api(), name) << "/" << replicas << " ready at the deadline\n";
  return -1;
}

struct ProcessMemory {
  std::string name;
  long rssKiB = 0;
  long pssKiB = 0;
};

// The processes whose command line names the cluster's state directory: the supervisor daemon
// and every component (their kubeconfigs and data live there). Pods' processes are not part of
// the control plane and are left out.
std::vector<ProcessMemory> clusterProcesses(const fs::path& state) {
  std::vector<ProcessMemory> found;
  for (const fs::directory_entry& entry : fs::directory_iterator("/proc")) {
    std::string pid = entry.path().filename();
    if (!std::all_of(pid.begin(), pid.end(), ::isdigit)) continue;
    std::ifstream commandLine(entry.path() / "cmdline");
    std::string arguments((std::istreambuf_iterator<char>(commandLine)), std::istreambuf_iterator<char>());
    if (arguments.find(state.string()) == std::string::npos) continue;
    if (arguments.find("kubelab-workload") != std::string::npos) continue;
    ProcessMemory memory;
    std::ifstream name(entry.path() / "comm");
    std::getline(name, memory.name);
    std::ifstream rollup(entry.path() / "smaps_rollup");
    std::string key;
    long value = 0;
    std::string unit;
    while (rollup >> key) {
      if (key == "Rss:" && rollup >> value >> unit) memory.rssKiB = value;
      else if (key == "Pss:" && rollup >> value >> unit) memory.pssKiB = value;
    }
    if (memory.rssKiB > 0) found.push_back(memory);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return found;
}

void measureColdUpAndMemory(const BenchOptions& options) {
  std::vector<double> seconds;
  for (int run = 0; run < options.coldRuns; ++run) {
    BenchCluster cluster("up");
    Clock::time_point start = Clock::now();
    testing::CommandResult up = cluster.kubelabctl({"up", "--nodes", "3"});
    if (up.exitCode != 0) {
      std::cerr << "kubelabctl up failed: " << up.out << up.err;
      return;
    }
    while (readyNodes(cluster.api()) < 3 && secondsSince(start) < 60) std::this_thread::sleep_for(5ms);
    seconds.push_back(secondsSince(start));
    if (run + 1 < options.coldRuns) continue;

    std::this_thread::sleep_for(std::chrono::seconds(options.idleSeconds));
    long rss = 0;
    long pss = 0;
    std::cout << "\nidle memory, 3 nodes, after " << options.idleSeconds << " s (KiB)\n";
    std::printf("  %-24s %8s %8s\n", "process", "RSS", "PSS");
    for (const ProcessMemory& process : clusterProcesses(cluster.state())) {
      std::printf("  %-24s %8ld %8ld\n", process.name.c_str(), process.rssKiB, process.pssKiB);
      rss += process.rssKiB;
      pss += process.pssKiB;
    }
    std::printf("  %-24s %8.1f %8.1f MB   (target: under 100 MB)\n", "total", rss / 1024.0, pss / 1024.0);
  }
  std::sort(seconds.begin(), seconds.end());
  std::cout << "\ncold `kubelabctl up --nodes 3` until every node is Ready (" << seconds.size() << " runs):";
  for (double run : seconds) std::printf(" %.2f s", run);
  std::printf("   median %.2f s (target: under 1 s)\n", seconds[seconds.size() / 2]);
}

void measureProcessDeployment(const BenchOptions& options) {
  BenchCluster cluster("process");
  testing::CommandResult up = cluster.kubelabctl({"up", "--nodes", "3", "--runtime", "process"});
  if (up.exitCode != 0) {
    std::cerr << "kubelabctl up failed: " << up.out << up.err;
    return;
  }
  double seconds = applyUntilReady(cluster, "nginx", options.replicas, 120s);
  std::printf("\n%d-replica nginx Deployment, process runtime, 3 nodes, apply until every pod Ready: %.2f s "
              "(target: under 3 s)\n", options.replicas, seconds);
}

void measureSimulatedScale(const BenchOptions& options) {
  BenchCluster cluster("scale");
  Clock::time_point start = Clock::now();
  testing::CommandResult up =
      cluster.kubelabctl({"up", "--nodes", std::to_string(options.simulatedNodes), "--runtime", "simulated"}, 600);
  if (up.exitCode != 0) {
    std::cerr << "kubelabctl up failed: " << up.out << up.err;
    return;
  }
  std::printf("\n`kubelabctl up --nodes %d --runtime simulated`: %.2f s\n", options.simulatedNodes, secondsSince(start));
  double seconds = applyUntilReady(cluster, "scale", options.pods, 300s);
  std::printf("%d pods on %d simulated nodes, apply until all Running and Ready: %.2f s (target: under 20 s)\n",
              options.pods, options.simulatedNodes, seconds);
}

}  // namespace
}  // namespace kubelab::bench

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  kubelab::bench::BenchOptions options;
  po::options_description description("kubelabctl_bench: whole clusters from `kubelabctl up`");
  description.add_options()("help,h", "print this help")
      ("cold-runs", po::value(&options.coldRuns)->default_value(options.coldRuns), "cold starts of a 3-node cluster")
      ("idle-seconds", po::value(&options.idleSeconds)->default_value(options.idleSeconds),
       "rest before memory is read")
      ("replicas", po::value(&options.replicas)->default_value(options.replicas), "process runtime Deployment size")
      ("pods", po::value(&options.pods)->default_value(options.pods), "simulated runtime Deployment size")
      ("simulated-nodes", po::value(&options.simulatedNodes)->default_value(options.simulatedNodes),
       "simulated runtime node count")
      ("skip-process", po::bool_switch(&options.skipProcess), "leave out the process runtime Deployment")
      ("skip-simulated", po::bool_switch(&options.skipSimulated), "leave out the 10,000-pod run");
  po::variables_map values;
  po::store(po::parse_command_line(argc, argv, description), values);
  po::notify(values);
  if (values.count("help")) {
    std::cout << description;
    return 0;
  }
  kubelab::bench::measureColdUpAndMemory(options);
  if (!options.skipProcess) kubelab::bench::measureProcessDeployment(options);
  if (!options.skipSimulated) kubelab::bench::measureSimulatedScale(options);
  return 0;
}
