#include "controlplane/controlplanefixture.h"

#include <boost/json/serialize.hpp>

#include <fstream>
#include <sstream>
#include <thread>

#include "api/objectmeta.h"
#include "api/timestamp.h"

namespace kubelab::testing {

namespace {

void mergeInto(boost::json::object& target, const boost::json::object& extra) {
  for (const auto& [key, value] : extra) {
    if (value.is_object() && target.contains(key) && target[key].is_object()) {
      mergeInto(target[key].get_object(), value.get_object());
    } else {
      target[key] = value;
    }
  }
}

}  // namespace

Result<std::unique_ptr<ControlPlaneFixture>> ControlPlaneFixture::start() {
  std::unique_ptr<ControlPlaneFixture> fixture(new ControlPlaneFixture());
  auto apiServer = ApiServerFixture::start();
  if (!apiServer) return apiServer.status();
  fixture->apiServer_ = std::move(*apiServer);
  auto config = client::loadKubeconfig(fixture->apiServer_->kubeconfig());
  if (!config) return config.status();
  fixture->client_ = std::make_unique<client::RestClient>(*config);
  return fixture;
}

ControlPlaneFixture::~ControlPlaneFixture() {
  for (auto& process : controllerManagers_) process->kill();
  for (auto& process : schedulers_) process->kill();
}

Status ControlPlaneFixture::startComponent(const std::string& binary, const std::string& component,
                                           const std::vector<std::string>& arguments,
                                           std::vector<std::unique_ptr<ChildProcess>>& into) {
  std::vector<std::string> argv{"--kubeconfig", apiServer_->kubeconfig().string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  auto logFile = apiServer_->directory() / (component + "-" + std::to_string(into.size()) + ".log");
  auto child = ChildProcess::start(binary, argv, logFile);
  if (!child) return child.status();
  logFiles_.push_back(logFile);
  // A component that cannot start (a bad flag, an unreadable kubeconfig) exits at once.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  if (!(*child)->isRunning()) {
    return internalError(component + " " + (*child)->exitDescription() + ": " + logsOf(component));
  }
  into.push_back(std::move(*child));
  return Status::ok();
}

Status ControlPlaneFixture::startControllerManager(const std::vector<std::string>& arguments) {
  return startComponent(KUBELAB_CONTROLLER_MANAGER_BINARY, "controller-manager", arguments, controllerManagers_);
}

Status ControlPlaneFixture::startScheduler(const std::vector<std::string>& arguments) {
  return startComponent(KUBELAB_SCHEDULER_BINARY, "scheduler", arguments, schedulers_);
}

void ControlPlaneFixture::killControllerManager(std::size_t index) {
  if (index < controllerManagers_.size()) controllerManagers_[index]->kill();
}

void ControlPlaneFixture::killScheduler(std::size_t index) {
  if (index < schedulers_.size()) schedulers_[index]->kill();
}

std::string ControlPlaneFixture::logsOf(const std::string& component) const {
  std::string all;
  for (const auto& file : logFiles_) {
    if (!file.filename().string().starts_with(component + "-")) continue;
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    all += "--- " + file.filename().string() + "\n" + text.str();
  }
  return all;
}

Status ControlPlaneFixture::createNode(const std::string& name, const std::string& cpu, const std::string& memory,
                                       const boost::json::object& extra) {
  std::string now = api::formatTimestamp(std::chrono::system_clock::now());
  boost::json::object resources{{"cpu", cpu}, {"memory", memory}, {"pods", "110"}, {"ephemeral-storage", "100Gi"}};
  boost::json::object node{
      {"apiVersion", "v1"},
      {"kind", "Node"},
      {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/hostname", name}, {"kubernetes.io/os", "linux"}}}}},
      {"spec", boost::json::object{}},
      {"status",
       {{"capacity", resources},
        {"allocatable", resources},
        {"conditions",
         boost::json::array{{{"type", "Ready"},
                             {"status", "True"},
                             {"reason", "KubeletReady"},
                             {"message", "kubelet is posting ready status"},
                             {"lastHeartbeatTime", now},
                             {"lastTransitionTime", now}}}}}}};
  mergeInto(node, extra);
  auto created = client_->create(client::resources::nodes, "", node);
  if (!created) return created.status();
  // Status may be dropped on create, as it is for most kinds; write it through nodes/status too.
  boost::json::object withStatus = *created;
  withStatus["status"] = node["status"];
  return client_->update(client::resources::nodes, withStatus, "status").status();
}

Status ControlPlaneFixture::markPodRunning(const std::string& ns, const std::string& name, bool ready) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto pod = client_->get(client::resources::pods, ns, name);
    if (!pod) return pod.status();
    std::string now = api::formatTimestamp(std::chrono::system_clock::now());
    std::string readyStatus = ready ? "True" : "False";
    boost::json::array conditions;
    for (const char* type : {"Initialized", "Ready", "ContainersReady", "PodScheduled"}) {
      bool readiness = std::string(type) == "Ready" || std::string(type) == "ContainersReady";
      conditions.push_back({{"type", type},
                            {"status", readiness ? readyStatus : "True"},
                            {"lastProbeTime", nullptr},
                            {"lastTransitionTime", now}});
    }
    boost::json::array containerStatuses;
    if (const auto* containers = api::arrayAt(*pod, {"spec", "containers"})) {
      for (const auto& container : *containers) {
        containerStatuses.push_back({{"name", api::stringAt(container.get_object(), {"name"})},
                                     {"image", api::stringAt(container.get_object(), {"image"})},
                                     {"imageID", ""},
                                     {"ready", ready},
                                     {"started", true},
                                     {"restartCount", 0},
                                     {"state", {{"running", {{"startedAt", now}}}}}});
      }
    }
    boost::json::object updated = *pod;
    updated["status"] = {{"phase", "Running"},
                         {"conditions", conditions},
                         {"containerStatuses", containerStatuses},
                         {"hostIP", "127.10.0.1"},
                         {"podIP", "127.10.0.10"},
                         {"startTime", now}};
    auto written = client_->update(client::resources::pods, updated, "status");
    if (written || written.status().code() != StatusCode::Conflict) return written.status();
  }
  return conflict("pod " + name + " kept changing while being marked Running");
}

}  // namespace kubelab::testing
