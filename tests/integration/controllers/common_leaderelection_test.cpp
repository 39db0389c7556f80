// Two kubelab-controller-managers: only the Lease holder reconciles, and when it is killed the
// other takes the Lease within the lease duration and carries on.

#include <gtest/gtest.h>

#include "api/objectmeta.h"
#include "controlplane/controlplanefixture.h"
#include "support/eventually.h"

namespace kubelab::testing {
namespace {

using namespace std::chrono_literals;

std::string leaseHolder(client::ApiInterface& api) {
  auto lease = api.get(client::resources::leases, "kube-system", "kube-controller-manager");
  return lease ? api::stringAt(*lease, {"spec", "holderIdentity"}) : "";
}

client::Object replicaSet(const std::string& name, int replicas) {
  return {{"apiVersion", "apps/v1"},
          {"kind", "ReplicaSet"},
          {"metadata", {{"name", name}}},
          {"spec",
           {{"replicas", replicas},
            {"selector", {{"matchLabels", {{"app", name}}}}},
            {"template",
             {{"metadata", {{"labels", {{"app", name}}}}},
              {"spec", {{"containers", boost::json::array{{{"name", "web"}, {"image", "nginx:1.25"}}}}}}}}}}};
}

std::size_t podCount(client::ApiInterface& api, const std::string& app) {
  client::ListOptions options;
  options.labelSelector = "app=" + app;
  auto pods = api.list(client::resources::pods, "default", options);
  return pods ? pods->items.size() : 0;
}

TEST(ControllerManagerLeaderElectionTest, TheStandbyTakesOverWhenTheLeaderIsKilled) {
  auto fixture = ControlPlaneFixture::start();
  ASSERT_TRUE(fixture) << fixture.status().toString();
  auto& plane = **fixture;
  const std::vector<std::string> flags{"--controllers=replicaset", "--leader-elect-lease-duration-ms=2000",
                                       "--leader-elect-renew-deadline-ms=1500", "--leader-elect-retry-period-ms=250"};
  ASSERT_TRUE(plane.startControllerManager(flags).isOk());
  ASSERT_TRUE(eventually([&] { return !leaseHolder(plane.client()).empty(); }, 10s)) << plane.logsOf("controller-manager");
  std::string first = leaseHolder(plane.client());
  ASSERT_TRUE(plane.startControllerManager(flags).isOk());

  ASSERT_TRUE(plane.client().create(client::resources::replicaSets, "default", replicaSet("before", 2)));
  ASSERT_TRUE(eventually([&] { return podCount(plane.client(), "before") == 2; }, 10s));
  EXPECT_EQ(leaseHolder(plane.client()), first) << "the standby must not take a renewed lease";

  auto killedAt = std::chrono::steady_clock::now();
  plane.killControllerManager(0);
  ASSERT_TRUE(eventually([&] { return leaseHolder(plane.client()) != first; }, 10s));
  auto handover = std::chrono::steady_clock::now() - killedAt;
  // The lease lasts 2 s; the standby sees it expire by its own clock within a retry period or two.
  EXPECT_LT(handover, 3500ms) << std::chrono::duration_cast<std::chrono::milliseconds>(handover).count() << " ms";

  ASSERT_TRUE(plane.client().create(client::resources::replicaSets, "default", replicaSet("after", 3)));
  EXPECT_TRUE(eventually([&] { return podCount(plane.client(), "after") == 3; }, 10s))
      << plane.logsOf("controller-manager");
}

TEST(ControllerManagerFlagsTest, AnUnknownControllerIsRefusedWithTheKnownNames) {
  auto fixture = ControlPlaneFixture::start();
  ASSERT_TRUE(fixture) << fixture.status().toString();
  Status started = (*fixture)->startControllerManager({"--controllers=replicaset,podautoscaler"});
  ASSERT_FALSE(started.isOk());
  EXPECT_NE(started.message().find("unknown controller \"podautoscaler\""), std::string::npos) << started.message();
  EXPECT_NE(started.message().find("deployment"), std::string::npos) << started.message();
}

}  // namespace
}  // namespace kubelab::testing
