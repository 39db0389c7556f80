// The kubelet's check before a pod reaches its runtime, whatever the runtime: the simulated one
// never sees a pod whose ConfigMap is missing, and the kubelet reports CreateContainerConfigError
// with a Failed event (posted once), while a pod that needs nothing from the API just runs.

#include "kubelet/podconfiguration.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "api/objectmeta.h"
#include "runtime/simulatedruntime.h"
#include "support/eventually.h"
#include "support/fakeapiclient.h"

namespace kubelab::kubelet {
namespace {

using namespace std::chrono_literals;

boost::json::object pod(const std::string& uid, const std::string& env) {
  return boost::json::parse(R"({"metadata": {"name": "p-)" + uid + R"(", "namespace": "shop", "uid": ")" + uid +
                            R"("}, "spec": {"containers": [{"name": "main", "image": "busybox", "env": [)" + env +
                            "]}]}}")
      .as_object();
}

TEST(PodConfigurationTest, TheSimulatedRuntimeNeverSeesAPodWhoseConfigMapIsMissing) {
  testing::FakeApiClient api;
  KubeletConfig config;
  config.nodeName = "node-1";
  PodConfiguration configuration(api, config, [](const std::string&) {});
  runtime::SimulatedRuntime runtime;

  auto blocked = pod("u1", R"({"name": "A", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "k"}}})");
  for (int sync = 0; sync < 3; ++sync) {
    auto waiting = configuration.run(runtime, blocked);
    ASSERT_TRUE(waiting.has_value());
    EXPECT_EQ(waiting->containers[0].second.reason, "CreateContainerConfigError");
    EXPECT_EQ(waiting->containers[0].second.message, "configmap \"settings\" not found");
  }
  EXPECT_FALSE(runtime.status("u1").has_value());
  auto failedEvents = [&] {
    int count = 0;
    for (const auto& event : api.storedList(client::resources::events)) {
      if (api::stringAt(event, {"reason"}) == "Failed" &&
          api::stringAt(event, {"message"}) == "Error: configmap \"settings\" not found" &&
          api::stringAt(event, {"involvedObject", "fieldPath"}) == "spec.containers{main}") {
        ++count;
      }
    }
    return count;
  };
  EXPECT_TRUE(testing::eventually([&] { return failedEvents() == 1; }, 5s));

  auto plain = pod("u2", R"({"name": "A", "value": "x"})");
  EXPECT_FALSE(configuration.run(runtime, plain).has_value());
  EXPECT_TRUE(runtime.status("u2").has_value());
}

}  // namespace
}  // namespace kubelab::kubelet
