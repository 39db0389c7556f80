// cluster.json and status.json: what one kubelabctl writes, the next one must read back.
#include <fstream>

#include <gtest/gtest.h>

#include "supervisor/clusterconfig.h"
#include "supervisor/statusfile.h"
#include "scratchdirectory.h"

namespace kubelab::supervisor {
namespace {

TEST(ClusterConfigTest, RoundTrips) {
  auto directory = scratchDirectory();
  ClusterConfig config{"demo", 3, "process", {{"store", 40123}, {"apiserver", 40124}}};
  ASSERT_TRUE(saveClusterConfig(directory->path() / "cluster.json", config).isOk());
  Result<ClusterConfig> loaded = loadClusterConfig(directory->path() / "cluster.json");
  ASSERT_TRUE(loaded.isOk()) << loaded.status().toString();
  EXPECT_EQ(loaded->name, "demo");
  EXPECT_EQ(loaded->nodes, 3);
  EXPECT_EQ(loaded->runtime, "process");
  EXPECT_EQ(loaded->ports, config.ports);
  EXPECT_FALSE(std::filesystem::exists(directory->path() / "cluster.json.tmp"));
}

TEST(ClusterConfigTest, MissingFileIsNotFound) {
  auto directory = scratchDirectory();
  EXPECT_EQ(loadClusterConfig(directory->path() / "cluster.json").status().code(), StatusCode::NotFound);
}

TEST(ClusterConfigTest, RejectsFilesThatAreNotClusterConfigs) {
  auto directory = scratchDirectory();
  std::filesystem::path file = directory->path() / "cluster.json";
  for (const char* contents : {"not json", "[]", R"({"kind":"Other","name":"x","nodes":1})",
                               R"({"kind":"KubelabCluster","nodes":1})",
                               R"({"kind":"KubelabCluster","name":"x","nodes":1,"ports":{"store":70000}})"}) {
    std::ofstream(file) << contents;
    Result<ClusterConfig> loaded = loadClusterConfig(file);
    EXPECT_EQ(loaded.status().code(), StatusCode::Invalid) << contents;
  }
}

TEST(StatusFileTest, RoundTrips) {
  auto directory = scratchDirectory();
  StatusFile status;
  status.supervisorPid = 4242;
  status.snapshot.phase = SupervisorPhase::Running;
  ComponentStatus store;
  store.name = "store";
  store.state = ComponentState::BackingOff;
  store.restarts = 2;
  store.endpoint = "http://127.0.0.1:40123";
  store.lastExit = "killed by signal 9 (SIGKILL)";
  store.message = "restarting in 400ms";
  status.snapshot.components.push_back(store);
  ASSERT_TRUE(writeStatusFile(directory->path() / "status.json", status).isOk());

  Result<StatusFile> loaded = readStatusFile(directory->path() / "status.json");
  ASSERT_TRUE(loaded.isOk()) << loaded.status().toString();
  EXPECT_EQ(loaded->supervisorPid, 4242);
  EXPECT_EQ(loaded->snapshot.phase, SupervisorPhase::Running);
  ASSERT_EQ(loaded->snapshot.components.size(), 1u);
  const ComponentStatus& component = loaded->snapshot.components[0];
  EXPECT_EQ(component.state, ComponentState::BackingOff);
  EXPECT_EQ(component.pid, 0);
  EXPECT_EQ(component.restarts, 2);
  EXPECT_EQ(component.endpoint, store.endpoint);
  EXPECT_EQ(component.lastExit, store.lastExit);
  EXPECT_EQ(component.message, store.message);
}

TEST(SupervisorStatusTest, StateNamesRoundTrip) {
  for (ComponentState state : {ComponentState::Stopped, ComponentState::Starting, ComponentState::Running,
                               ComponentState::BackingOff, ComponentState::Failed}) {
    EXPECT_EQ(parseComponentState(componentStateName(state)), state);
  }
  for (SupervisorPhase phase : {SupervisorPhase::Idle, SupervisorPhase::Starting, SupervisorPhase::Running,
                                SupervisorPhase::Failed, SupervisorPhase::Stopping, SupervisorPhase::Stopped}) {
    EXPECT_EQ(parseSupervisorPhase(supervisorPhaseName(phase)), phase);
  }
  EXPECT_EQ(parseComponentState("sleeping"), std::nullopt);
}

}  // namespace
}  // namespace kubelab::supervisor
