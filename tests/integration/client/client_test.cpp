// The client library against the real kubelab-apiserver: CRUD and its errors, paging, an
// informer following real watch events, events that kubectl shows, and leader election
// handing over when the leader dies.

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "../apiserver/apiserverfixture.h"
#include "api/objectmeta.h"
#include "client/eventrecorder.h"
#include "client/informer.h"
#include "client/leaderelection.h"
#include "client/restclient.h"
#include "support/eventually.h"

namespace kubelab::client {
namespace {

using namespace std::chrono_literals;

Object configMap(const std::string& name, const std::string& value) {
  return {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}}}, {"data", {{"value", value}}}};
}

class ClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = testing::ApiServerFixture::start();
    ASSERT_TRUE(started) << started.status().toString();
    fixture_ = std::move(*started).release();
  }
  static void TearDownTestSuite() { delete fixture_; }

  void SetUp() override {
    auto config = loadKubeconfig(fixture_->kubeconfig());
    ASSERT_TRUE(config) << config.status().toString();
    api_ = std::make_unique<RestClient>(*config);
  }

  static testing::ApiServerFixture* fixture_;
  std::unique_ptr<RestClient> api_;
};

testing::ApiServerFixture* ClientTest::fixture_ = nullptr;

TEST_F(ClientTest, CreatesReadsUpdatesAndDeletesWithKubernetesErrors) {
  auto created = api_->create(resources::configMaps, "default", configMap("crud", "1"));
  ASSERT_TRUE(created) << created.status().toString();
  EXPECT_FALSE(api::uid(*created).empty());

  auto again = api_->create(resources::configMaps, "default", configMap("crud", "1"));
  EXPECT_EQ(again.status().code(), StatusCode::AlreadyExists);
  EXPECT_NE(again.status().message().find("already exists"), std::string::npos);

  Object changed = *created;
  changed["data"] = {{"value", "2"}};
  auto updated = api_->update(resources::configMaps, changed);
  ASSERT_TRUE(updated) << updated.status().toString();
  // The first copy's resourceVersion is stale now.
  auto stale = api_->update(resources::configMaps, changed);
  EXPECT_EQ(stale.status().code(), StatusCode::Conflict);

  auto patched = api_->patch(resources::configMaps, "default", "crud", PatchType::Merge, R"({"data":{"value":"3"}})");
  ASSERT_TRUE(patched) << patched.status().toString();
  EXPECT_EQ(api::stringAt(*patched, {"data", "value"}), "3");

  auto invalidName = api_->create(resources::configMaps, "default", configMap("Not_A_Name", "x"));
  EXPECT_EQ(invalidName.status().code(), StatusCode::Invalid);

  ASSERT_TRUE(api_->remove(resources::configMaps, "default", "crud").isOk());
  EXPECT_EQ(api_->get(resources::configMaps, "default", "crud").status().code(), StatusCode::NotFound);
  EXPECT_EQ(api_->remove(resources::configMaps, "default", "crud").code(), StatusCode::NotFound);
}

TEST_F(ClientTest, ListAllFollowsContinueTokensAndFillsKinds) {
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(api_->create(resources::configMaps, "default", configMap("page-" + std::to_string(i), "x")));
  }
  ListOptions options;
  options.limit = 3;
  auto first = api_->list(resources::configMaps, "default", options);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->items.size(), 3u);
  EXPECT_FALSE(first->continueToken.empty());
  auto all = listAll(*api_, resources::configMaps, "default", options);
  ASSERT_TRUE(all);
  int pages = 0;
  for (const auto& item : all->items) {
    if (api::name(item).starts_with("page-")) ++pages;
    EXPECT_EQ(api::stringAt(item, {"kind"}), "ConfigMap");
    EXPECT_EQ(api::stringAt(item, {"apiVersion"}), "v1");
  }
  EXPECT_EQ(pages, 7);
}

TEST_F(ClientTest, InformerFollowsTheServer) {
  ASSERT_TRUE(api_->create(resources::namespaces, "", {{"metadata", {{"name", "informed"}}}}));
  ASSERT_TRUE(api_->create(resources::configMaps, "informed", configMap("before", "1")));
  InformerOptions options;
  options.ns = "informed";
  Informer informer(*api_, resources::configMaps, options);
  std::atomic<int> adds{0}, updates{0}, deletes{0};
  informer.addEventHandlers({[&](const ObjectPointer&) { ++adds; },
                             [&](const ObjectPointer&, const ObjectPointer&) { ++updates; },
                             [&](const ObjectPointer&) { ++deletes; }});
  informer.start();
  ASSERT_TRUE(informer.waitForSync(10s));
  EXPECT_EQ(adds.load(), 1);
  ASSERT_TRUE(api_->create(resources::configMaps, "informed", configMap("after", "1")));
  ASSERT_TRUE(api_->patch(resources::configMaps, "informed", "before", PatchType::Merge, R"({"data":{"value":"2"}})"));
  ASSERT_TRUE(api_->remove(resources::configMaps, "informed", "after").isOk());
  EXPECT_TRUE(testing::eventually([&] { return adds == 2 && updates == 1 && deletes == 1; }, 10s))
      << adds << " " << updates << " " << deletes;
  auto cached = informer.lister().get("informed", "before");
  ASSERT_TRUE(cached);
  EXPECT_EQ(api::stringAt(*cached, {"data", "value"}), "2");
  EXPECT_FALSE(informer.lister().get("informed", "after"));
}

TEST_F(ClientTest, EventsShowInKubectlWithTheirCount) {
  auto target = api_->create(resources::configMaps, "default", configMap("evented", "1"));
  ASSERT_TRUE(target);
  (*target)["kind"] = "ConfigMap";
  (*target)["apiVersion"] = "v1";
  {
    EventRecorder recorder(*api_, "test-controller");
    for (int i = 0; i < 3; ++i) recorder.event(*target, EventType::Warning, "Misconfigured", "value is too small");
    recorder.flush();
  }
  auto events = fixture_->kubectl({"get", "events", "-n", "default", "--field-selector",
                                   "involvedObject.name=evented", "-o", "custom-columns=REASON:.reason,COUNT:.count"});
  EXPECT_EQ(events.exitCode, 0) << events.err;
  EXPECT_NE(events.out.find("Misconfigured   3"), std::string::npos) << events.out;
}

TEST_F(ClientTest, LeaderElectionHandsOverWhenTheLeaderDies) {
  LeaderElectionConfig config;
  config.leaseName = "client-test";
  config.leaseDuration = 1500ms;
  config.renewDeadline = 1000ms;
  config.retryPeriod = 200ms;
  config.releaseOnCancel = false;  // a crash: the lease is left to expire
  config.identity = "first";
  auto first = std::make_unique<LeaderElector>(*api_, config);
  std::atomic<bool> firstLed{false};
  first->start([&] { firstLed = true; }, {});
  ASSERT_TRUE(testing::eventually([&] { return first->isLeader(); }, 10s));

  config.identity = "second";
  LeaderElector second(*api_, config);
  second.start([] {}, {});
  std::this_thread::sleep_for(2500ms);
  EXPECT_FALSE(second.isLeader()) << "two leaders at once";
  EXPECT_EQ(second.observedLeader(), "first");

  auto diedAt = std::chrono::steady_clock::now();
  first->stop();
  first.reset();
  ASSERT_TRUE(testing::eventually([&] { return second.isLeader(); }, 10s));
  auto handover = std::chrono::steady_clock::now() - diedAt;
  EXPECT_LT(handover, config.leaseDuration + 4 * config.retryPeriod + 500ms);
  auto lease = api_->get(resources::leases, "kube-system", "client-test");
  ASSERT_TRUE(lease);
  EXPECT_EQ(api::stringAt(*lease, {"spec", "holderIdentity"}), "second");
  EXPECT_EQ(api::integerAt(*lease, {"spec", "leaseTransitions"}), 1);
}

TEST_F(ClientTest, UnreachableServerIsUnavailable) {
  RestConfig config = api_->config();
  config.port = 1;  // nothing listens there
  RestClient unreachable(config);
  auto result = unreachable.get(resources::namespaces, "", "default");
  EXPECT_EQ(result.status().code(), StatusCode::Unavailable);
}

}  // namespace
}  // namespace kubelab::client
