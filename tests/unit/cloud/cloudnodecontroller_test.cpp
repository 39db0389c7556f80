// The cloud's node controllers against a fake API and a fake cloud.
#include <algorithm>

#include <gtest/gtest.h>

#include "api/objectmeta.h"
#include "client/informer.h"
#include "cloud/cloudnodecontroller.h"
#include "support/fakeapiclient.h"

namespace kubelab::cloud {
namespace {

class FakeCloud final : public CloudInstances {
 public:
  Result<std::map<std::string, Instance>> list() override {
    if (!answers) return unavailable("the cloud is down");
    return instances;
  }
  std::map<std::string, Instance> instances;
  bool answers = true;
};

boost::json::object node(const std::string& name, bool uninitialized, bool ready, const std::string& providerId = "") {
  boost::json::array taints;
  if (uninitialized) taints.push_back({{"key", kUninitializedTaintKey}, {"value", "true"}, {"effect", "NoSchedule"}});
  taints.push_back({{"key", "dedicated"}, {"value", "gpu"}, {"effect", "NoSchedule"}});
  boost::json::object spec{{"taints", std::move(taints)}};
  if (!providerId.empty()) spec["providerID"] = providerId;
  return {{"apiVersion", "v1"},
          {"kind", "Node"},
          {"metadata", {{"name", name}, {"uid", "uid-" + name}, {"resourceVersion", "3"},
                        {"labels", {{"cloud.google.com/gke-nodepool", "gpu-pool"}}}}},
          {"spec", std::move(spec)},
          {"status", {{"conditions", boost::json::array{{{"type", "Ready"}, {"status", ready ? "True" : "Unknown"}}}}}}};
}

std::vector<std::string> objectWrites(const testing::FakeApiClient& api) {
  std::vector<std::string> writes;
  for (const auto& summary : api.writeSummaries()) {
    if (summary.find("events") == std::string::npos) writes.push_back(summary);
  }
  return writes;
}

struct Harness {
  testing::FakeApiClient api;
  client::InformerFactory informers{api};
  controllers::ControllerContext context{api, informers, {}, "test", 1};
  std::shared_ptr<FakeCloud> cloud = std::make_shared<FakeCloud>();

  void add(const boost::json::object& object) {
    api.seed(client::resources::nodes, object);
    informers.informer(client::resources::nodes).indexer().upsert(*api.stored(client::resources::nodes, "", api::name(object)));
  }
};

TEST(CloudNodeControllerTest, InitializesAnUninitializedNodeFromItsInstance) {
  Harness harness;
  harness.cloud->instances["node-2"] = Instance{"kubelab://demo/node-2", "local", "local-b", "kubelab-standard-4", false};
  harness.add(node("node-2", true, true));
  CloudNodeController controller(harness.context, harness.cloud);
  ASSERT_TRUE(controller.syncNode("node-2").isOk());
  EXPECT_EQ(objectWrites(harness.api), std::vector<std::string>{"patch nodes"});
  auto stored = harness.api.stored(client::resources::nodes, "", "node-2");
  ASSERT_TRUE(stored);
  EXPECT_EQ(api::stringAt(*stored, {"spec", "providerID"}), "kubelab://demo/node-2");
  EXPECT_EQ(api::stringAt(*stored, {"metadata", "labels", "topology.kubernetes.io/zone"}), "local-b");
  EXPECT_EQ(api::stringAt(*stored, {"metadata", "labels", "topology.kubernetes.io/region"}), "local");
  EXPECT_EQ(api::stringAt(*stored, {"metadata", "labels", "node.kubernetes.io/instance-type"}), "kubelab-standard-4");
  EXPECT_EQ(api::stringAt(*stored, {"metadata", "labels", "cloud.google.com/gke-nodepool"}), "gpu-pool");
  // The uninitialized taint is gone; the pool's own taint stays.
  const auto* taints = api::arrayAt(*stored, {"spec", "taints"});
  ASSERT_NE(taints, nullptr);
  ASSERT_EQ(taints->size(), 1u);
  EXPECT_EQ(api::stringAt((*taints)[0].as_object(), {"key"}), "dedicated");
}

TEST(CloudNodeControllerTest, LeavesInitializedNodesAloneAndRetriesWhenTheCloudDoesNotKnowTheNode) {
  Harness harness;
  harness.add(node("node-1", false, true, "kubelab://demo/node-1"));
  harness.add(node("stranger", true, true));
  CloudNodeController controller(harness.context, harness.cloud);
  EXPECT_TRUE(controller.syncNode("node-1").isOk());
  EXPECT_EQ(controller.syncNode("stranger").code(), StatusCode::Unavailable);
  harness.cloud->answers = false;
  harness.add(node("node-3", true, true));
  EXPECT_EQ(controller.syncNode("node-3").code(), StatusCode::Unavailable);
  EXPECT_TRUE(objectWrites(harness.api).empty());
}

TEST(CloudNodeLifecycleControllerTest, DeletesNodesWhoseInstanceIsGoneAndTaintsShutDownOnes) {
  Harness harness;
  harness.cloud->instances["node-1"] = Instance{"kubelab://demo/node-1", "local", "local-a", "t", false};
  harness.cloud->instances["node-2"] = Instance{"kubelab://demo/node-2", "local", "local-b", "t", true};
  harness.add(node("node-1", false, true, "kubelab://demo/node-1"));
  harness.add(node("node-2", false, false, "kubelab://demo/node-2"));  // stopped by the user, NotReady
  harness.add(node("node-3", false, true, "kubelab://demo/node-3"));   // removed from the cloud
  harness.add(node("manual", false, true));                            // Ready, not ours: not looked at
  CloudNodeLifecycleController controller(harness.context, harness.cloud);
  ASSERT_TRUE(controller.monitorNodes().isOk());
  std::vector<std::string> writes = objectWrites(harness.api);
  std::sort(writes.begin(), writes.end());  // the cache lists nodes in no particular order
  EXPECT_EQ(writes, (std::vector<std::string>{"delete nodes", "patch nodes"}));
  EXPECT_FALSE(harness.api.stored(client::resources::nodes, "", "node-3"));
  auto shutDown = harness.api.stored(client::resources::nodes, "", "node-2");
  ASSERT_TRUE(shutDown);
  bool tainted = false;
  for (const auto& taint : *api::arrayAt(*shutDown, {"spec", "taints"})) {
    tainted = tainted || api::stringAt(taint.as_object(), {"key"}) == kShutdownTaintKey;
  }
  EXPECT_TRUE(tainted);
}

TEST(CloudNodeLifecycleControllerTest, ACloudThatDoesNotAnswerDeletesNothing) {
  Harness harness;
  harness.cloud->answers = false;
  harness.add(node("node-1", false, false, "kubelab://demo/node-1"));
  CloudNodeLifecycleController controller(harness.context, harness.cloud);
  EXPECT_EQ(controller.monitorNodes().code(), StatusCode::Unavailable);
  EXPECT_TRUE(objectWrites(harness.api).empty());
}

}  // namespace
}  // namespace kubelab::cloud
