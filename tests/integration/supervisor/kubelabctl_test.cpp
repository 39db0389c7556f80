// kubelabctl end to end: the real binary, a real store, temporary HOME and state directory.
// Each parameterized test runs twice: on kubelab-store, and on real etcd standing in for it.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kubelabctlharness.h"

namespace kubelab::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

class KubelabctlTest : public ::testing::TestWithParam<ClusterStore> {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<KubelabctlHarness>> harness = KubelabctlHarness::create(GetParam());
    ASSERT_TRUE(harness.isOk()) << harness.status().toString();
    harness_ = std::move(harness).value();
  }

  // Runs a command that must succeed.
  CommandResult expectSuccess(const std::vector<std::string>& arguments) {
    CommandResult result = harness_->run(arguments);
    EXPECT_EQ(result.exitCode, 0) << "kubelabctl " << arguments[0] << ": " << describe(result);
    return result;
  }

  std::unique_ptr<KubelabctlHarness> harness_;
};

TEST_P(KubelabctlTest, ClusterSurvivesCrashesStopsCleanlyAndResumesWithItsData) {
  const std::filesystem::path state = harness_->stateDirectory();
  CommandResult up = expectSuccess({"up", "--name", "lifecycle"});
  ASSERT_EQ(up.exitCode, 0);
  EXPECT_THAT(up.output, HasSubstr("Created cluster \"lifecycle\""));
  EXPECT_THAT(up.output, HasSubstr("Nodes:      node-1, Ready"));

  CommandResult status = expectSuccess({"status"});
  std::smatch row;
  ASSERT_TRUE(std::regex_search(status.output, row, std::regex(R"(store\s+running\s+(\d+)\s+0\s+http://127\.0\.0\.1:(\d+))")))
      << status.output;
  Result<std::uint16_t> port = harness_->storePort(state);
  ASSERT_TRUE(port.isOk()) << port.status().toString();
  EXPECT_EQ(row[2].str(), std::to_string(*port));
  const int firstStorePid = std::stoi(row[1].str());
  Result<std::uint16_t> apiServerPort = harness_->port(state, "apiserver");
  ASSERT_TRUE(apiServerPort.isOk()) << apiServerPort.status().toString();
  EXPECT_TRUE(std::regex_search(status.output, std::regex(R"(apiserver\s+running\s+\d+\s+0\s+https://127\.0\.0\.1:)" +
                                                         std::to_string(*apiServerPort) + "\n")))
      << status.output;
  EXPECT_TRUE(std::regex_search(status.output, std::regex(R"(kubelet-node-1\s+running\s+\d+\s+0\s+127\.10\.1\.1)")))
      << status.output;
  ASSERT_TRUE(putKey(*port, "lifecycle/before-crash", "survives").isOk());

  // kill -9 the store: the supervisor restarts it, with its data.
  ASSERT_EQ(::kill(firstStorePid, SIGKILL), 0);
  ASSERT_TRUE(eventually(
      [&] {
        Result<ComponentView> store = harness_->component(state, "store");
        return store && store->state == "running" && store->pid != firstStorePid && store->restarts == 1;
      },
      20s))
      << expectSuccess({"status"}).output;
  Result<std::optional<std::string>> value = getKey(*port, "lifecycle/before-crash");
  ASSERT_TRUE(value.isOk()) << value.status().toString();
  EXPECT_EQ(value->value_or("<missing>"), "survives");

  // down stops everything before it returns.
  expectSuccess({"down"});
  EXPECT_THAT(harness_->clusterProcesses(), ::testing::IsEmpty());
  EXPECT_THAT(expectSuccess({"status"}).output, HasSubstr("Stopped"));

  // up again resumes on the same port with the same data.
  CommandResult resumed = expectSuccess({"up"});
  EXPECT_THAT(resumed.output, HasSubstr("Resumed cluster \"lifecycle\""));
  EXPECT_EQ(harness_->storePort(state).value(), *port);
  value = getKey(*port, "lifecycle/before-crash");
  ASSERT_TRUE(value.isOk()) << value.status().toString();
  EXPECT_EQ(value->value_or("<missing>"), "survives");

  // kill -9 the supervisor daemon: the kernel takes its children with it.
  Result<int> daemon = harness_->supervisorPid(state);
  ASSERT_TRUE(daemon.isOk()) << daemon.status().toString();
  ASSERT_EQ(::kill(*daemon, SIGKILL), 0);
  EXPECT_TRUE(eventually([&] { return harness_->clusterProcesses().empty(); }, 1s))
      << harness_->clusterProcesses().size() << " process(es) outlived the supervisor by a second";
  EXPECT_THAT(expectSuccess({"status"}).output, HasSubstr("Stopped"));

  CommandResult purged = expectSuccess({"down", "--purge"});
  EXPECT_THAT(purged.output, HasSubstr("Deleted"));
  EXPECT_FALSE(std::filesystem::exists(state));
}

TEST_P(KubelabctlTest, DefaultsToXdgDataUnderHomeAndAnswersEveryCommand) {
  CommandResult up = harness_->runWithDefaultStateDirectory({"up", "--name", "demo", "--nodes", "3"});
  ASSERT_EQ(up.exitCode, 0) << describe(up);
  const std::filesystem::path state = harness_->home() / ".local/share/kubelab/clusters/demo";
  EXPECT_TRUE(std::filesystem::exists(state / "cluster.json"));

  CommandResult again = harness_->runWithDefaultStateDirectory({"up", "--name", "demo"});
  EXPECT_EQ(again.exitCode, 0) << describe(again);
  EXPECT_THAT(again.output, HasSubstr("already running"));

  CommandResult kubeconfig = harness_->runWithDefaultStateDirectory({"kubeconfig", "--name", "demo"});
  EXPECT_EQ(kubeconfig.exitCode, 0) << describe(kubeconfig);
  EXPECT_EQ(kubeconfig.output, (state / "kubeconfig").string() + "\n");

  for (const char* component : {"store", "apiserver", "scheduler", "controller-manager", "kubelet-node-3"}) {
    CommandResult logs = harness_->runWithDefaultStateDirectory({"logs", component, "--name", "demo"});
    EXPECT_EQ(logs.exitCode, 0) << component << ": " << describe(logs);
    EXPECT_FALSE(logs.output.empty()) << component;
  }
  CommandResult unknown = harness_->runWithDefaultStateDirectory({"logs", "kubelet", "--name", "demo"});
  EXPECT_NE(unknown.exitCode, 0);
  EXPECT_THAT(unknown.output,
              HasSubstr("its components are: store, apiserver, scheduler, controller-manager, "
                                "cloud-controller-manager, kubelet-node-1, proxy-node-1, kubelet-node-2, "
                                "proxy-node-2, kubelet-node-3, proxy-node-3, supervisor"));

  CommandResult down = harness_->runWithDefaultStateDirectory({"down", "--name", "demo", "--purge"});
  EXPECT_EQ(down.exitCode, 0) << describe(down);
  EXPECT_FALSE(std::filesystem::exists(state));
  EXPECT_THAT(harness_->clusterProcesses(), ::testing::IsEmpty());
}

TEST_P(KubelabctlTest, ResumeFailsClearlyWhenTheSavedPortIsTaken) {
  ASSERT_EQ(expectSuccess({"up"}).exitCode, 0);
  Result<std::uint16_t> port = harness_->storePort(harness_->stateDirectory());
  ASSERT_TRUE(port.isOk());
  expectSuccess({"down"});

  int squatter = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(*port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int enable = 1;
  ::setsockopt(squatter, SOL_SOCKET, SO_REUSEADDR, &enable, sizeof enable);
  ASSERT_EQ(::bind(squatter, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(squatter, 1), 0);
  CommandResult up = harness_->run({"up"});
  ::close(squatter);

  EXPECT_NE(up.exitCode, 0);
  EXPECT_THAT(up.output, HasSubstr("port " + std::to_string(*port) + " (store)"));
  EXPECT_THAT(up.output, HasSubstr("is in use by another process"));
  EXPECT_THAT(harness_->clusterProcesses(), ::testing::IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Stores, KubelabctlTest, ::testing::Values(ClusterStore::KubelabStore, ClusterStore::Etcd),
                         [](const ::testing::TestParamInfo<ClusterStore>& parameter) {
                           return std::string(clusterStoreName(parameter.param));
                         });

TEST(KubelabctlFailureTest, UpShowsTheLogOfAStoreThatCannotStart) {
  Result<std::unique_ptr<KubelabctlHarness>> harness = KubelabctlHarness::create(ClusterStore::KubelabStore);
  ASSERT_TRUE(harness.isOk());
  std::filesystem::path binaries = (*harness)->root() / "broken-bin";
  std::filesystem::create_directories(binaries);
  std::ofstream(binaries / "kubelab-store") << "#!/bin/sh\necho 'cannot open the database: disk on fire' >&2\nexit 3\n";
  std::filesystem::permissions(binaries / "kubelab-store", std::filesystem::perms::owner_all);
  for (const char* component : {"kubelab-apiserver", "kubelab-scheduler", "kubelab-controller-manager",
                                 "kubelab-cloud-controller-manager", "kubelab-kubelet", "kubelab-proxy"}) {
    std::ofstream(binaries / component) << "#!/bin/sh\necho 'never started: the store comes first' >&2\n";
    std::filesystem::permissions(binaries / component, std::filesystem::perms::owner_all);
  }
  (*harness)->useBinaryDirectory(binaries);

  CommandResult up = (*harness)->run({"up"});
  EXPECT_EQ(up.exitCode, 1) << describe(up);
  EXPECT_THAT(up.output, HasSubstr("store exited with code 3 before it became ready"));
  EXPECT_THAT(up.output, HasSubstr("cannot open the database: disk on fire"));
  EXPECT_THAT((*harness)->clusterProcesses(), ::testing::IsEmpty());
}

TEST(KubelabctlHelpTest, EveryCommandExplainsItself) {
  Result<std::unique_ptr<KubelabctlHarness>> harness = KubelabctlHarness::create(ClusterStore::KubelabStore);
  ASSERT_TRUE(harness.isOk());
  CommandResult help = (*harness)->runWithDefaultStateDirectory({"--help"});
  EXPECT_EQ(help.exitCode, 0);
  for (const char* command : {"up", "down", "status", "kubeconfig", "logs"}) {
    EXPECT_THAT(help.output, HasSubstr(std::string("  ") + command + " ")) << help.output;
    CommandResult commandHelp = (*harness)->runWithDefaultStateDirectory({command, "--help"});
    EXPECT_EQ(commandHelp.exitCode, 0) << command;
    EXPECT_THAT(commandHelp.output, HasSubstr(std::string("kubelabctl ") + command)) << command;
    EXPECT_THAT(commandHelp.output, HasSubstr("--state-dir")) << command;
  }
  CommandResult unknown = (*harness)->runWithDefaultStateDirectory({"upp"});
  EXPECT_EQ(unknown.exitCode, 2);
  EXPECT_THAT(unknown.output, HasSubstr("unknown command \"upp\""));
  CommandResult badFlag = (*harness)->runWithDefaultStateDirectory({"up", "--nodez", "3"});
  EXPECT_EQ(badFlag.exitCode, 2);
}

}  // namespace
}  // namespace kubelab::testing
