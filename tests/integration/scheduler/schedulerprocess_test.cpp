// kubelab-scheduler's process behaviour: SIGTERM stops it cleanly, releasing its lease so a
// successor need not wait out the lease duration.

#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "api/objectmeta.h"
#include "controlplane/controlplanefixture.h"
#include "support/childprocess.h"
#include "support/eventually.h"

namespace kubelab::testing {
namespace {

using namespace std::chrono_literals;

// kubelab-scheduler sits next to this test in the build's bin directory.
std::filesystem::path schedulerBinary() {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path() / "kubelab-scheduler";
}

std::string leaseHolder(client::RestClient& api) {
  auto lease = api.get(client::resources::leases, "kube-system", "kube-scheduler");
  return lease ? api::stringAt(*lease, {"spec", "holderIdentity"}) : "";
}

TEST(SchedulerProcessTest, SigtermStopsCleanlyAndReleasesTheLease) {
  auto started = ControlPlaneFixture::start();
  ASSERT_TRUE(started) << started.status().toString();
  ControlPlaneFixture& cluster = **started;
  auto logFile = cluster.apiServer().directory() / "scheduler-sigterm.log";
  auto scheduler = ChildProcess::start(schedulerBinary(),
                                       {"--kubeconfig", cluster.apiServer().kubeconfig().string()}, logFile);
  ASSERT_TRUE(scheduler) << scheduler.status().toString();
  ASSERT_TRUE(eventually([&] { return !leaseHolder(cluster.client()).empty(); }, 10s));

  ASSERT_EQ(::kill((*scheduler)->pid(), SIGTERM), 0);
  ASSERT_TRUE(eventually([&] { return !(*scheduler)->isRunning(); }, 5s));
  EXPECT_EQ((*scheduler)->exitDescription(), "exited with 0");
  EXPECT_EQ(leaseHolder(cluster.client()), "");
}

TEST(SchedulerProcessTest, RefusesToStartWithoutAKubeconfig) {
  auto logFile = std::filesystem::temp_directory_path() / ("scheduler-noflags-" + std::to_string(::getpid()) + ".log");
  auto scheduler = ChildProcess::start(schedulerBinary(), {}, logFile);
  ASSERT_TRUE(scheduler);
  ASSERT_TRUE(eventually([&] { return !(*scheduler)->isRunning(); }, 5s));
  EXPECT_EQ((*scheduler)->exitDescription(), "exited with 2");
  std::filesystem::remove(logFile);
}

}  // namespace
}  // namespace kubelab::testing
