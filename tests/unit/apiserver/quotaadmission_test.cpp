// LimitRanger and ResourceQuota admission against a real kubelab-store: objects are seeded
// through ObjectStorage as the API server stores them, and the messages are Kubernetes 1.32's.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <cctype>
#include <stdexcept>
#include <memory>
#include <thread>
#include <vector>

#include "api/objectmeta.h"
#include "api/resourcetypes.h"
#include "apiserver/etcdclient.h"
#include "apiserver/objectstorage.h"
#include "apiserver/quotaadmission.h"
#include "support/storeserver.h"

namespace kubelab::apiserver {
namespace {

using testing::StoreKind;
using testing::StoreServer;

const api::ResourceType& typeOf(std::string_view group, std::string_view plural) {
  const api::ResourceType* type = api::findResourceType(group, "v1", plural);
  if (type == nullptr) throw std::runtime_error("no resource type " + std::string(plural));
  return *type;
}

Object parseObject(std::string_view text) { return boost::json::parse(text).as_object(); }

class QuotaAdmissionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = StoreServer::start(StoreKind::KubelabStore);
    ASSERT_TRUE(started.isOk()) << started.status().toString();
    store_ = std::move(started).value().release();
    auto client = EtcdClient::connect(store_->endpoint());
    ASSERT_TRUE(client.isOk()) << client.status().toString();
    etcd_ = std::move(client).value().release();
    storage_ = new ObjectStorage(*etcd_);
  }
  static void TearDownTestSuite() {
    delete storage_;
    delete etcd_;
    delete store_;
  }

  // Each test works in its own namespace, named after the test.
  void SetUp() override {
    ns_ = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char& character : ns_) character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
    admission_ = std::make_unique<QuotaAdmission>(*storage_);
  }

  void seed(std::string_view plural, std::string_view json, std::string_view group = "") {
    Object object = parseObject(json);
    api::ensureObject(object, "metadata")["namespace"] = ns_;
    auto created = storage_->create(typeOf(group, plural), std::move(object));
    ASSERT_TRUE(created.ok()) << created.error.message;
  }
  Object inNamespace(std::string_view json) const {
    Object object = parseObject(json);
    api::ensureObject(object, "metadata")["namespace"] = ns_;
    return object;
  }
  std::string quotaMessage(std::string_view plural, std::string_view json, std::string_view group = "") {
    auto error = admission().checkQuota(typeOf(group, plural), inNamespace(json));
    if (!error) return "admitted";
    EXPECT_EQ(error->code, 403u);
    EXPECT_EQ(error->reason, "Forbidden");
    return error->message;
  }
  QuotaAdmission& admission() { return *admission_; }

  static StoreServer* store_;
  static EtcdClient* etcd_;
  static ObjectStorage* storage_;
  std::string ns_;
  std::unique_ptr<QuotaAdmission> admission_;
};

StoreServer* QuotaAdmissionTest::store_ = nullptr;
EtcdClient* QuotaAdmissionTest::etcd_ = nullptr;
ObjectStorage* QuotaAdmissionTest::storage_ = nullptr;

constexpr std::string_view kBarePod = R"({"metadata":{"name":"web"},"spec":{"containers":[{"name":"web","image":"nginx"}]}})";

std::string pod(std::string_view name, std::string_view phase, std::string_view resources = "{}") {
  return R"({"metadata":{"name":")" + std::string(name) + R"("},"spec":{"containers":[{"name":"app","image":"nginx",)" +
         R"("resources":)" + std::string(resources) + R"(}]},"status":{"phase":")" + std::string(phase) + R"("}})";
}

TEST_F(QuotaAdmissionTest, CountQuotaReached) {
  seed("resourcequotas", R"({"metadata":{"name":"compute"},"spec":{"hard":{"pods":"2"}}})");
  seed("pods", pod("one", "Running"));
  seed("pods", pod("two", "Pending"));
  EXPECT_EQ(quotaMessage("pods", kBarePod),
            R"(pods "web" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2)");
  auto error = admission().checkQuota(typeOf("", "pods"), inNamespace(kBarePod));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->name, "web");
  EXPECT_EQ(error->kind, "pods");
}

TEST_F(QuotaAdmissionTest, NamespaceWithoutQuotasAdmitsEverything) {
  seed("pods", pod("one", "Running"));
  EXPECT_EQ(quotaMessage("pods", kBarePod), "admitted");
  EXPECT_EQ(quotaMessage("configmaps", R"({"metadata":{"name":"settings"}})"), "admitted");
  Object bare = inNamespace(kBarePod);
  EXPECT_EQ(admission().applyLimitRanges(typeOf("", "pods"), bare), std::nullopt);
  EXPECT_FALSE(bare.at("metadata").as_object().contains("annotations"));
}

TEST_F(QuotaAdmissionTest, TerminalPodsDoNotCountButCountPodsDoes) {
  seed("resourcequotas", R"({"metadata":{"name":"compute"},"spec":{"hard":{"pods":"2"}}})");
  seed("pods", pod("done", "Succeeded"));
  seed("pods", pod("crashed", "Failed"));
  seed("pods", pod("live", "Running"));
  EXPECT_EQ(quotaMessage("pods", kBarePod), "admitted");
  seed("resourcequotas", R"({"metadata":{"name":"objects"},"spec":{"hard":{"count/pods":"3"}}})");
  EXPECT_EQ(quotaMessage("pods", kBarePod), R"(pods "web" is forbidden: exceeded quota: objects, requested: )"
                                            R"(count/pods=1, used: count/pods=3, limited: count/pods=3)");
}

TEST_F(QuotaAdmissionTest, PodsPastTheirDeletionGracePeriodDoNotCount) {
  seed("resourcequotas", R"({"metadata":{"name":"compute"},"spec":{"hard":{"pods":"1"}}})");
  seed("pods", R"({"metadata":{"name":"stuck","deletionTimestamp":"2020-01-01T00:00:00Z",)"
               R"("deletionGracePeriodSeconds":30},"spec":{"containers":[{"name":"app"}]},"status":{"phase":"Running"}})");
  EXPECT_EQ(quotaMessage("pods", kBarePod), "admitted");
  seed("pods", R"({"metadata":{"name":"stopping","deletionTimestamp":"2999-01-01T00:00:00Z",)"
               R"("deletionGracePeriodSeconds":30},"spec":{"containers":[{"name":"app"}]},"status":{"phase":"Running"}})");
  EXPECT_EQ(quotaMessage("pods", kBarePod),
            R"(pods "web" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=1, limited: pods=1)");
}

TEST_F(QuotaAdmissionTest, ComputeQuotaReached) {
  seed("resourcequotas", R"({"metadata":{"name":"compute"},"spec":{"hard":{"requests.cpu":"1",)"
                         R"("requests.memory":"256Mi","limits.cpu":"2","limits.memory":"1Gi"}}})");
  seed("pods", pod("one", "Running", R"({"requests":{"cpu":"500m","memory":"128Mi"},"limits":{"cpu":"1","memory":"256Mi"}})"));
  std::string fits = pod("web", "", R"({"requests":{"cpu":"500m","memory":"128Mi"},"limits":{"cpu":"1","memory":"256Mi"}})");
  EXPECT_EQ(quotaMessage("pods", fits), "admitted");
  std::string tooMuchCpu = pod("web", "", R"({"requests":{"cpu":"600m","memory":"64Mi"},"limits":{"cpu":"1","memory":"256Mi"}})");
  EXPECT_EQ(quotaMessage("pods", tooMuchCpu), R"(pods "web" is forbidden: exceeded quota: compute, requested: )"
                                              R"(requests.cpu=600m, used: requests.cpu=500m, limited: requests.cpu=1)");
  std::string tooMuch = pod("web", "", R"({"requests":{"cpu":"600m","memory":"200Mi"},"limits":{"cpu":"1500m","memory":"256Mi"}})");
  EXPECT_EQ(quotaMessage("pods", tooMuch),
            R"(pods "web" is forbidden: exceeded quota: compute, requested: limits.cpu=1500m,requests.cpu=600m,)"
            R"(requests.memory=200Mi, used: limits.cpu=1,requests.cpu=500m,requests.memory=128Mi, limited: )"
            R"(limits.cpu=2,requests.cpu=1,requests.memory=256Mi)");
}

TEST_F(QuotaAdmissionTest, CpuQuotaNeedsRequestsFromEveryContainer) {
  seed("resourcequotas", R"({"metadata":{"name":"compute"},"spec":{"hard":{"requests.cpu":"1","limits.cpu":"2"}}})");
  EXPECT_EQ(quotaMessage("pods", kBarePod),
            R"(pods "web" is forbidden: failed quota: compute: must specify limits.cpu for: web; requests.cpu for: web)");
  std::string twoContainers = R"({"metadata":{"name":"web"},"spec":{"containers":[{"name":"web",)"
                              R"("resources":{"requests":{"cpu":"100m"}}},{"name":"sidecar"}],)"
                              R"("initContainers":[{"name":"setup","resources":{"limits":{"cpu":"1"},"requests":{"cpu":"1"}}}]}})";
  EXPECT_EQ(quotaMessage("pods", twoContainers),
            R"(pods "web" is forbidden: failed quota: compute: must specify limits.cpu for: sidecar,web; )"
            R"(requests.cpu for: sidecar)");
}

TEST_F(QuotaAdmissionTest, ScopedQuotaCountsOnlyPodsInScope) {
  seed("resourcequotas", R"({"metadata":{"name":"besteffort"},"spec":{"hard":{"pods":"1"},"scopes":["BestEffort"]}})");
  seed("pods", pod("free", "Running"));
  std::string burstable = pod("web", "", R"({"requests":{"cpu":"100m"}})");
  EXPECT_EQ(quotaMessage("pods", burstable), "admitted");
  EXPECT_EQ(quotaMessage("pods", kBarePod),
            R"(pods "web" is forbidden: exceeded quota: besteffort, requested: pods=1, used: pods=1, limited: pods=1)");
}

TEST_F(QuotaAdmissionTest, ObjectCountsForOtherResources) {
  seed("resourcequotas", R"({"metadata":{"name":"objects"},"spec":{"hard":{"configmaps":"1","services.nodeports":"2",)"
                         R"("count/deployments.apps":"0"}}})");
  seed("configmaps", R"({"metadata":{"name":"first"}})");
  EXPECT_EQ(quotaMessage("configmaps", R"({"metadata":{"name":"second"}})"),
            R"(configmaps "second" is forbidden: exceeded quota: objects, requested: configmaps=1, used: configmaps=1, )"
            R"(limited: configmaps=1)");
  std::string nodePorts = R"({"metadata":{"name":"web"},"spec":{"type":"NodePort","ports":[{"port":80},{"port":443},{"port":8080}]}})";
  EXPECT_EQ(quotaMessage("services", nodePorts),
            R"(services "web" is forbidden: exceeded quota: objects, requested: services.nodeports=3, used: )"
            R"(services.nodeports=0, limited: services.nodeports=2)");
  EXPECT_EQ(quotaMessage("services", R"({"metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}})"), "admitted");
  EXPECT_EQ(quotaMessage("deployments", R"({"metadata":{"name":"web"}})", "apps"),
            R"(deployments.apps "web" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, )"
            R"(used: count/deployments.apps=0, limited: count/deployments.apps=0)");
}

TEST_F(QuotaAdmissionTest, StorageQuotaOnClaims) {
  seed("resourcequotas", R"({"metadata":{"name":"storage"},"spec":{"hard":{"requests.storage":"10Gi"}}})");
  seed("persistentvolumeclaims", R"({"metadata":{"name":"data"},"spec":{"resources":{"requests":{"storage":"8Gi"}}}})");
  EXPECT_EQ(quotaMessage("persistentvolumeclaims",
                         R"({"metadata":{"name":"more"},"spec":{"resources":{"requests":{"storage":"4Gi"}}}})"),
            R"(persistentvolumeclaims "more" is forbidden: exceeded quota: storage, requested: requests.storage=4Gi, )"
            R"(used: requests.storage=8Gi, limited: requests.storage=10Gi)");
}

TEST_F(QuotaAdmissionTest, LimitRangeDefaultsAndAnnotation) {
  seed("limitranges", R"({"metadata":{"name":"defaults"},"spec":{"limits":[{"type":"Container",)"
                      R"("default":{"cpu":"500m","memory":"256Mi"},"defaultRequest":{"cpu":"100m","memory":"128Mi"}}]}})");
  Object object = inNamespace(R"({"metadata":{"name":"web"},"spec":{"containers":[{"name":"web"}],)"
                              R"("initContainers":[{"name":"setup","resources":{"limits":{"cpu":"200m"}}}]},)"
                              R"("status":{"qosClass":"BestEffort"}})");
  EXPECT_EQ(admission().applyLimitRanges(typeOf("", "pods"), object), std::nullopt);
  EXPECT_EQ(api::stringAt(object, {"metadata", "annotations", "kubernetes.io/limit-ranger"}),
            "LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web; "
            "memory request for init container setup; memory limit for init container setup");
  const Object& web = api::arrayAt(object, {"spec", "containers"})->at(0).as_object();
  EXPECT_EQ(boost::json::serialize(*api::objectAt(web, {"resources"})),
            R"({"limits":{"cpu":"500m","memory":"256Mi"},"requests":{"cpu":"100m","memory":"128Mi"}})");
  const Object& setup = api::arrayAt(object, {"spec", "initContainers"})->at(0).as_object();
  EXPECT_EQ(api::stringAt(setup, {"resources", "requests", "cpu"}), "200m");
  EXPECT_EQ(api::stringAt(object, {"status", "qosClass"}), "Burstable");
}

TEST_F(QuotaAdmissionTest, LimitRangeMaxExceeded) {
  seed("limitranges", R"({"metadata":{"name":"caps"},"spec":{"limits":[{"type":"Container","max":{"cpu":"500m"}}]}})");
  Object tooBig = inNamespace(R"({"metadata":{"name":"x"},"spec":{"containers":[{"name":"app",)"
                              R"("resources":{"limits":{"cpu":"1"}}}]}})");
  auto error = admission().applyLimitRanges(typeOf("", "pods"), tooBig);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, 403u);
  EXPECT_EQ(error->message, R"(pods "x" is forbidden: maximum cpu usage per Container is 500m, but limit is 1)");
  // A container without a limit gets the max as its limit (LimitRange defaulting), and passes.
  Object bare = inNamespace(R"({"metadata":{"name":"y"},"spec":{"containers":[{"name":"app"}]}})");
  EXPECT_EQ(admission().applyLimitRanges(typeOf("", "pods"), bare), std::nullopt);
  EXPECT_EQ(api::stringAt(bare, {"metadata", "annotations", "kubernetes.io/limit-ranger"}),
            "LimitRanger plugin set: cpu request for container app; cpu limit for container app");
}

TEST_F(QuotaAdmissionTest, LimitRangeMinimumsAndRatios) {
  seed("limitranges", R"({"metadata":{"name":"rules"},"spec":{"limits":[{"type":"Container","min":{"memory":"64Mi"},)"
                      R"("maxLimitRequestRatio":{"cpu":"2"}}]}})");
  Object object = inNamespace(R"({"metadata":{"name":"x"},"spec":{"containers":[{"name":"app","resources":)"
                              R"({"requests":{"cpu":"100m","memory":"32Mi"},"limits":{"cpu":"300m"}}}]}})");
  auto error = admission().applyLimitRanges(typeOf("", "pods"), object);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->message, R"(pods "x" is forbidden: [minimum memory usage per Container is 64Mi, but request is 32Mi, )"
                            R"(cpu max limit to request ratio per Container is 2, but provided ratio is 3.000000])");
}

TEST_F(QuotaAdmissionTest, ClaimsHeldToStorageBounds) {
  seed("limitranges", R"({"metadata":{"name":"storage"},"spec":{"limits":[{"type":"PersistentVolumeClaim",)"
                      R"("min":{"storage":"1Gi"},"max":{"storage":"5Gi"}}]}})");
  Object claim = inNamespace(R"({"metadata":{"name":"data"},"spec":{"resources":{"requests":{"storage":"10Gi"}}}})");
  auto error = admission().applyLimitRanges(typeOf("", "persistentvolumeclaims"), claim);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->message, R"(persistentvolumeclaims "data" is forbidden: maximum storage usage per )"
                            R"(PersistentVolumeClaim is 5Gi, but request is 10Gi)");
}

TEST_F(QuotaAdmissionTest, ConcurrentCreatesCannotBothTakeTheLastUnit) {
  seed("resourcequotas", R"({"metadata":{"name":"compute"},"spec":{"hard":{"pods":"2"}}})");
  std::atomic<int> created = 0;
  std::vector<std::thread> threads;
  for (int index = 0; index < 6; ++index) {
    threads.emplace_back([&, index] {
      Object object = inNamespace(pod("web-" + std::to_string(index), "Pending"));
      auto lock = admission().lockNamespace(ns_);
      if (admission().checkQuota(typeOf("", "pods"), object)) return;
      if (storage_->create(typeOf("", "pods"), std::move(object)).ok()) ++created;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(created.load(), 2);
}

}  // namespace
}  // namespace kubelab::apiserver
