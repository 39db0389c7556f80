#pragma once
// Runs the real kubelabctl on a temporary HOME and state directory, and sees to it that
// nothing it started outlives the test, whatever happens in between.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "support/eventually.h"
#include "support/temporarydirectory.h"

namespace kubelab::testing {

// Which store the cluster runs: kubelab-store from the build, or real etcd behind a
// `kubelab-store` wrapper script (the supervisor passes etcd's own flags either way).
enum class ClusterStore { KubelabStore, Etcd };
const char* clusterStoreName(ClusterStore store);

struct CommandResult {
  int exitCode = -1;
  std::string output;  // stdout and stderr together, as a user sees them
  bool timedOut = false;
};

// "exit code 1, output: ...", for assertion messages.
std::string describe(const CommandResult& result);

using kubelab::testing::eventually;

// What status.json says about one component.
struct ComponentView {
  std::string state;
  int pid = 0;
  int restarts = 0;
};

class KubelabctlHarness {
 public:
  static Result<std::unique_ptr<KubelabctlHarness>> create(ClusterStore store);
  // Kills every process whose command line names the temporary directory, then removes it.
  ~KubelabctlHarness();
  KubelabctlHarness(const KubelabctlHarness&) = delete;
  KubelabctlHarness& operator=(const KubelabctlHarness&) = delete;

  // `kubelabctl ARGUMENTS --state-dir STATE`.
  CommandResult run(std::vector<std::string> arguments, std::chrono::seconds timeout = std::chrono::seconds(90));
  // `kubelabctl ARGUMENTS`, so the cluster lives under $HOME/.local/share.
  CommandResult runWithDefaultStateDirectory(const std::vector<std::string>& arguments,
                                             std::chrono::seconds timeout = std::chrono::seconds(90));

  const std::filesystem::path& root() const { return directory_->path(); }
  std::filesystem::path home() const { return root() / "home"; }
  std::filesystem::path stateDirectory() const { return root() / "state"; }
  // Puts a different kubelab-store in front of kubelabctl (KUBELAB_BIN_DIR).
  void useBinaryDirectory(std::filesystem::path directory) { binaryDirectory_ = std::move(directory); }
  // What KUBECONFIG is set to for every command; unset (so ~/.kube/config under the temporary
  // HOME counts) unless given.
  void setKubeconfigVariable(std::optional<std::string> value) { kubeconfigVariable_ = std::move(value); }

  // The real kubectl, with the same environment as kubelabctl.
  CommandResult kubectl(const std::vector<std::string>& arguments, std::chrono::seconds timeout = std::chrono::seconds(30));

  // The port cluster.json records for `role` ("store", "apiserver").
  Result<std::uint16_t> port(const std::filesystem::path& state, const std::string& role) const;
  Result<std::uint16_t> storePort(const std::filesystem::path& state) const { return port(state, "store"); }
  Result<ComponentView> component(const std::filesystem::path& state, const std::string& name) const;
  Result<int> supervisorPid(const std::filesystem::path& state) const;
  // Live processes (not zombies) whose command line names the temporary directory.
  std::vector<int> clusterProcesses() const;

 private:
  explicit KubelabctlHarness(std::unique_ptr<TemporaryDirectory> directory) : directory_(std::move(directory)) {}
  CommandResult execute(const std::string& program, const std::vector<std::string>& arguments,
                        std::chrono::seconds timeout);

  std::unique_ptr<TemporaryDirectory> directory_;
  std::optional<std::filesystem::path> binaryDirectory_;
  std::optional<std::string> kubeconfigVariable_;
};

// Makes `directory` a binary directory whose `kubelab-store` runs etcd with one free peer
// port, next to the build's kubelab-apiserver.
Status writeEtcdStandIn(const std::filesystem::path& directory);

// A put, then a read, through the store's etcd v3 JSON API.
Status putKey(std::uint16_t port, const std::string& key, const std::string& value);
Result<std::optional<std::string>> getKey(std::uint16_t port, const std::string& key);

}  // namespace kubelab::testing
