// Namespace deletion: content deleted, conditions, the finalize call.
#include <gtest/gtest.h>

#include "client/resource.h"
#include "cluster_testharness.h"
#include "controllers/namespaceconditions.h"
#include "controllers/namespacecontroller.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
namespace resources = client::resources;

json::object terminatingNamespace(const std::string& name) {
  return parseObject(R"({"metadata":{"name":")" + name + R"(","deletionTimestamp":"2026-01-01T00:00:00Z"},
      "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Terminating"}})");
}

const json::object* condition(const json::object& ns, const std::string& type) {
  for (const json::value& value : *api::arrayAt(ns, {"status", "conditions"})) {
    if (api::stringAt(value.as_object(), {"type"}) == type) return &value.as_object();
  }
  return nullptr;
}

TEST(NamespaceConditionsTest, RemainingContentAndFinalizersAreSpelledAsKubernetesDoes) {
  json::object ns = terminatingNamespace("lab");
  controllers::namespaces::DeletionReport report;
  report.remainingByResource["pods."] = 2;
  report.remainingByFinalizer["foregroundDeletion"] = 1;
  EXPECT_TRUE(controllers::namespaces::applyDeletionConditions(ns, report, "2026-01-01T00:00:01Z"));
  EXPECT_EQ(api::arrayAt(ns, {"status", "conditions"})->size(), 5u);
  const json::object* remaining = condition(ns, "NamespaceContentRemaining");
  ASSERT_NE(remaining, nullptr);
  EXPECT_EQ(api::stringAt(*remaining, {"status"}), "True");
  EXPECT_EQ(api::stringAt(*remaining, {"reason"}), "SomeResourcesRemain");
  EXPECT_EQ(api::stringAt(*remaining, {"message"}), "Some resources are remaining: pods. has 2 resource instances");
  EXPECT_EQ(api::stringAt(*condition(ns, "NamespaceFinalizersRemaining"), {"message"}),
            "Some finalizers are remaining: foregroundDeletion in 1 resource instances");
  EXPECT_EQ(api::stringAt(*condition(ns, "NamespaceDeletionContentFailure"), {"reason"}), "ContentDeleted");
  // The same report again changes nothing.
  EXPECT_FALSE(controllers::namespaces::applyDeletionConditions(ns, report, "2026-01-01T00:00:02Z"));
}

TEST(NamespaceControllerTest, DeletesEverythingInsideThenFinalizes) {
  ClusterControllerHarness harness;
  controllers::NamespaceController controller(harness.context);
  harness.add(resources::namespaces, terminatingNamespace("lab"));
  harness.add(resources::pods, parseObject(R"({"metadata":{"name":"web","namespace":"lab"}})"));
  harness.add(resources::configMaps, parseObject(R"({"metadata":{"name":"settings","namespace":"lab"}})"));
  harness.add(resources::deployments, parseObject(R"({"metadata":{"name":"web","namespace":"lab"}})"));
  harness.add(resources::pods, parseObject(R"({"metadata":{"name":"elsewhere","namespace":"default"}})"));

  ASSERT_TRUE(controller.syncNamespace("lab").isOk());
  std::vector<std::string> writes = harness.writes();
  EXPECT_NE(std::find(writes.begin(), writes.end(), "delete pods"), writes.end());
  EXPECT_NE(std::find(writes.begin(), writes.end(), "delete configmaps"), writes.end());
  EXPECT_NE(std::find(writes.begin(), writes.end(), "delete deployments"), writes.end());
  EXPECT_NE(std::find(writes.begin(), writes.end(), "update namespaces/status"), writes.end());
  EXPECT_NE(std::find(writes.begin(), writes.end(), "update namespaces/finalize"), writes.end());
  EXPECT_TRUE(harness.api.stored(resources::pods, "default", "elsewhere"));
  EXPECT_FALSE(harness.api.stored(resources::pods, "lab", "web"));
  // The finalize call dropped the "kubernetes" finalizer.
  for (const Action& action : harness.api.writeActions()) {
    if (action.subresource == "finalize") {
      EXPECT_TRUE(api::arrayAt(action.object, {"spec", "finalizers"})->empty());
    }
  }
}

TEST(NamespaceControllerTest, WaitsWhileContentRemains) {
  ClusterControllerHarness harness;
  controllers::NamespaceController controller(harness.context);
  harness.add(resources::namespaces, terminatingNamespace("lab"));
  // A pod in its grace period: already terminating, so not deleted again, and still there.
  harness.add(resources::pods, parseObject(R"({"metadata":{"name":"web","namespace":"lab",
      "deletionTimestamp":"2026-01-01T00:00:00Z","finalizers":["example.com/hold"]}})"));
  ASSERT_TRUE(controller.syncNamespace("lab").isOk());
  EXPECT_EQ(harness.writes(), std::vector<std::string>{"update namespaces/status"});
  auto ns = harness.api.stored(resources::namespaces, "", "lab");
  EXPECT_EQ(api::stringAt(*condition(*ns, "NamespaceContentRemaining"), {"status"}), "True");
  EXPECT_EQ(api::stringAt(*condition(*ns, "NamespaceFinalizersRemaining"), {"message"}),
            "Some finalizers are remaining: example.com/hold in 1 resource instances");
}

TEST(NamespaceControllerTest, AFailedDeleteIsAContentFailureAndRetried) {
  ClusterControllerHarness harness;
  controllers::NamespaceController controller(harness.context);
  harness.add(resources::namespaces, terminatingNamespace("lab"));
  harness.add(resources::secrets, parseObject(R"({"metadata":{"name":"token","namespace":"lab"}})"));
  harness.api.failNext("delete", "secrets", unavailable("store unavailable"));
  EXPECT_FALSE(controller.syncNamespace("lab").isOk());
  auto ns = harness.api.stored(resources::namespaces, "", "lab");
  const json::object* failure = condition(*ns, "NamespaceDeletionContentFailure");
  EXPECT_EQ(api::stringAt(*failure, {"reason"}), "ContentDeletionFailed");
  EXPECT_EQ(api::stringAt(*failure, {"message"}),
            "Failed to delete all resource types, 1 remaining: secrets.: store unavailable");
  auto writes = harness.writes();
  EXPECT_EQ(std::find(writes.begin(), writes.end(), "update namespaces/finalize"), writes.end());
}

TEST(NamespaceControllerTest, ANamespaceNotBeingDeletedIsLeftAlone) {
  ClusterControllerHarness harness;
  controllers::NamespaceController controller(harness.context);
  harness.add(resources::namespaces, parseObject(R"({"metadata":{"name":"lab"},"spec":{"finalizers":["kubernetes"]}})"));
  harness.add(resources::pods, parseObject(R"({"metadata":{"name":"web","namespace":"lab"}})"));
  ASSERT_TRUE(controller.syncNamespace("lab").isOk());
  EXPECT_TRUE(harness.writes().empty());
}

}  // namespace
}  // namespace kubelab::testing
