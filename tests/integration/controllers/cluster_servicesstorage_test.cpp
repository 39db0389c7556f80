// Endpoints, EndpointSlices, ResourceQuota status and PersistentVolume binding against the real
// store, API server and kubelab-controller-manager, checked with the real kubectl. No kubelet
// exists yet: the tests mark pods Running themselves.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <chrono>
#include <sstream>

#include "api/objectmeta.h"
#include "controlplane/controlplanefixture.h"
#include "support/eventually.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
namespace resources = client::resources;
using namespace std::chrono_literals;

std::string describe(const CommandResult& result) {
  return "exit " + std::to_string(result.exitCode) + ": " + result.out + result.err;
}

// One row of `kubectl describe quota` ("pods  1  5") with its spacing collapsed: "pods 1 5".
std::string quotaRow(const std::string& described, const std::string& resource) {
  std::istringstream lines(described);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (first != resource) continue;
    std::string row = first;
    for (std::string word; words >> word;) row += " " + word;
    return row;
  }
  return {};
}

class ServicesAndStorageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = ControlPlaneFixture::start();
    ASSERT_TRUE(started) << started.status().toString();
    cluster_ = std::move(*started).release();
    Status manager = cluster_->startControllerManager(
        {"--controllers=endpoints,endpointslice,resourcequota,persistentvolume-binder,garbagecollector"});
    ASSERT_TRUE(manager.isOk()) << manager.toString();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  void createNamespace(const std::string& name) {
    CommandResult created = cluster_->kubectl({"create", "namespace", name});
    ASSERT_EQ(created.exitCode, 0) << describe(created);
  }
  void apply(const std::string& manifest) {
    CommandResult applied = cluster_->kubectl({"apply", "-f", "-"}, manifest);
    ASSERT_EQ(applied.exitCode, 0) << describe(applied);
  }

  static ControlPlaneFixture* cluster_;
};

ControlPlaneFixture* ServicesAndStorageTest::cluster_ = nullptr;

TEST_F(ServicesAndStorageTest, EndpointsFollowReadyPodsAndKubectlShowsThem) {
  createNamespace("shop");
  auto kubernetesBefore = cluster_->client().get(resources::endpoints, "default", "kubernetes");
  apply(R"(
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: web}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: shop, labels: {app: web}}
spec:
  containers: [{name: nginx, image: nginx, ports: [{name: web, containerPort: 8080}]}]
)");
  ASSERT_TRUE(cluster_->markPodRunning("shop", "web-1", true).isOk());
  std::string shown;
  bool listed = eventually(
      [&] {
        shown = cluster_->kubectl({"get", "endpoints", "web", "-n", "shop"}).out;
        return shown.find("127.10.0.10:8080") != std::string::npos;
      },
      10s);
  EXPECT_TRUE(listed) << shown;
  // kubectl describe reads the EndpointSlices.
  bool described = eventually(
      [&] {
        shown = cluster_->kubectl({"describe", "service", "web", "-n", "shop"}).out;
        return shown.find("127.10.0.10:8080") != std::string::npos;
      },
      10s);
  EXPECT_TRUE(described) << shown;

  // Not ready: the address moves to notReadyAddresses and kubectl shows none.
  ASSERT_TRUE(cluster_->markPodRunning("shop", "web-1", false).isOk());
  bool moved = eventually(
      [&] {
        auto endpoints = cluster_->client().get(resources::endpoints, "shop", "web");
        const json::array* subsets = endpoints ? api::arrayAt(*endpoints, {"subsets"}) : nullptr;
        return subsets != nullptr && subsets->size() == 1 &&
               subsets->at(0).as_object().contains("notReadyAddresses") &&
               !subsets->at(0).as_object().contains("addresses");
      },
      10s);
  EXPECT_TRUE(moved);

  // The slice says the same, with the service-name label kubectl and kube-proxy select by.
  bool sliced = eventually(
      [&] {
        client::ListOptions options;
        options.labelSelector = "kubernetes.io/service-name=web";
        auto slices = cluster_->client().list(resources::endpointSlices, "shop", options);
        if (!slices || slices->items.size() != 1) return false;
        const json::array* endpoints = api::arrayAt(slices->items[0], {"endpoints"});
        return endpoints != nullptr && endpoints->size() == 1 &&
               !api::booleanAt(endpoints->at(0).as_object(), {"conditions", "ready"}, true);
      },
      10s);
  EXPECT_TRUE(sliced) << cluster_->kubectl({"get", "endpointslices", "-n", "shop", "-o", "yaml"}).out;

  // The API server's own Endpoints were not touched.
  auto kubernetesAfter = cluster_->client().get(resources::endpoints, "default", "kubernetes");
  ASSERT_TRUE(kubernetesBefore && kubernetesAfter);
  EXPECT_EQ(api::resourceVersion(*kubernetesBefore), api::resourceVersion(*kubernetesAfter));

  // Deleting the Service removes its Endpoints and (through the garbage collector) its slices.
  CommandResult deleted = cluster_->kubectl({"delete", "service", "web", "-n", "shop"});
  ASSERT_EQ(deleted.exitCode, 0) << describe(deleted);
  EXPECT_TRUE(eventually(
      [&] {
        auto slices = cluster_->client().list(resources::endpointSlices, "shop");
        return !cluster_->client().get(resources::endpoints, "shop", "web") && slices && slices->items.empty();
      },
      10s));
}

TEST_F(ServicesAndStorageTest, KubectlDescribeQuotaShowsWhatIsUsed) {
  createNamespace("team");
  apply(R"(
apiVersion: v1
kind: ResourceQuota
metadata: {name: limits, namespace: team}
spec:
  hard: {pods: "5", configmaps: "4", requests.cpu: "2"}
---
apiVersion: v1
kind: Pod
metadata: {name: worker, namespace: team}
spec:
  containers: [{name: c, image: busybox, resources: {requests: {cpu: 500m}}}]
)");
  std::string described;
  bool counted = eventually(
      [&] {
        described = cluster_->kubectl({"describe", "quota", "limits", "-n", "team"}).out;
        return quotaRow(described, "pods") == "pods 1 5" && quotaRow(described, "requests.cpu") == "requests.cpu 500m 2";
      },
      10s);
  EXPECT_TRUE(counted) << described;

  CommandResult removed = cluster_->kubectl({"delete", "pod", "worker", "-n", "team"});
  ASSERT_EQ(removed.exitCode, 0) << describe(removed);
  bool released = eventually(
      [&] {
        described = cluster_->kubectl({"describe", "quota", "limits", "-n", "team"}).out;
        return quotaRow(described, "pods") == "pods 0 5" && quotaRow(described, "requests.cpu") == "requests.cpu 0 2";
      },
      10s);
  EXPECT_TRUE(released) << described;
}

TEST_F(ServicesAndStorageTest, APendingClaimGetsALocalVolumeThatGoesWithIt) {
  createNamespace("store");
  apply(R"(
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: store}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
)");
  std::string volumeName;
  bool bound = eventually(
      [&] {
        auto claim = cluster_->client().get(resources::persistentVolumeClaims, "store", "data");
        if (!claim || api::stringAt(*claim, {"status", "phase"}) != "Bound") return false;
        volumeName = api::stringAt(*claim, {"spec", "volumeName"});
        return true;
      },
      10s);
  ASSERT_TRUE(bound) << cluster_->kubectl({"get", "pvc", "-n", "store", "-o", "yaml"}).out;
  auto claim = cluster_->client().get(resources::persistentVolumeClaims, "store", "data");
  EXPECT_EQ(volumeName, "pvc-" + api::uid(*claim));
  EXPECT_EQ(api::stringAt(*claim, {"metadata", "annotations", "pv.kubernetes.io/bind-completed"}), "yes");
  std::string shown = cluster_->kubectl({"get", "pv", volumeName}).out;
  EXPECT_NE(shown.find("Bound"), std::string::npos) << shown;
  EXPECT_NE(shown.find("store/data"), std::string::npos) << shown;

  CommandResult deleted = cluster_->kubectl({"delete", "pvc", "data", "-n", "store"});
  ASSERT_EQ(deleted.exitCode, 0) << describe(deleted);
  EXPECT_TRUE(eventually([&] { return !cluster_->client().get(resources::persistentVolumes, "", volumeName); }, 10s))
      << cluster_->kubectl({"get", "pv", "-o", "yaml"}).out;
}

}  // namespace
}  // namespace kubelab::testing
