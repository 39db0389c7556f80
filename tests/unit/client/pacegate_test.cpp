// PaceGate against the fake API: each mode, the compare-and-swap claim of a step with several
// claimers in two "processes", and stop() releasing a waiter. A scripted informer (a thread that
// hands the stored ConfigMap to each gate whenever its resourceVersion changes) stands in for
// the watch, which the fake does not serve.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "api/objectmeta.h"
#include "client/pacegate.h"
#include "client/reconcileloop.h"
#include "support/eventually.h"
#include "support/fakeapiclient.h"

namespace kubelab::client {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::FakeApiClient;

Object paceConfigMap(std::initializer_list<std::pair<std::string, std::string>> data) {
  json::object values;
  for (const auto& [key, value] : data) values[key] = value;
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", kPaceConfigMapName}, {"namespace", kPaceConfigMapNamespace}}},
          {"data", values}};
}

Object stored(FakeApiClient& api) {
  auto object = api.stored(resources::configMaps, kPaceConfigMapNamespace, kPaceConfigMapName);
  EXPECT_TRUE(object.has_value());
  return object.value_or(Object{});
}

// Sets data keys on the stored ConfigMap as the app does: read, then update with that
// resourceVersion, again on Conflict (a worker claimed a step meanwhile).
void edit(FakeApiClient& api, std::initializer_list<std::pair<std::string, std::string>> data) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    Object configMap = stored(api);
    for (const auto& [key, value] : data) api::ensureObject(configMap, "data")[key] = value;
    auto updated = api.update(resources::configMaps, configMap);
    if (updated) return;
    ASSERT_EQ(updated.status().code(), StatusCode::Conflict) << updated.status().toString();
  }
  FAIL() << "the edit kept conflicting";
}

std::string dataOf(FakeApiClient& api, const std::string& key) {
  return api::stringAt(stored(api), {"data", key});
}

// The watch, scripted: every few milliseconds, a changed ConfigMap reaches every gate.
class ScriptedInformer {
 public:
  ScriptedInformer(FakeApiClient& api, std::vector<PaceGate*> gates) : api_(api), gates_(std::move(gates)) {
    thread_ = std::thread([this] {
      std::string delivered;
      while (!stop_) {
        auto object = api_.stored(resources::configMaps, kPaceConfigMapNamespace, kPaceConfigMapName);
        std::string version = object ? api::resourceVersion(*object) : "";
        if (object && version != delivered) {
          auto pointer = std::make_shared<const Object>(*object);
          for (PaceGate* gate : gates_) gate->observe(pointer);
          delivered = version;
        }
        std::this_thread::sleep_for(2ms);
      }
    });
  }
  ~ScriptedInformer() {
    stop_ = true;
    thread_.join();
  }

 private:
  FakeApiClient& api_;
  std::vector<PaceGate*> gates_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(PaceSettingsTest, ReadsTheConfigMapWithDefaults) {
  EXPECT_EQ(parsePaceSettings(nullptr).mode, PaceMode::Run);
  Object empty = paceConfigMap({});
  EXPECT_EQ(parsePaceSettings(&empty).mode, PaceMode::Run);
  Object unknown = paceConfigMap({{"mode", "fast-forward"}});
  EXPECT_EQ(parsePaceSettings(&unknown).mode, PaceMode::Run);
  Object slow = paceConfigMap({{"mode", "slow"}, {"delayMilliseconds", "1500"}});
  EXPECT_EQ(parsePaceSettings(&slow).mode, PaceMode::Slow);
  EXPECT_EQ(parsePaceSettings(&slow).delay, 1500ms);
  Object step = paceConfigMap({{"mode", "step"}, {"grantedSteps", "7"}, {"takenSteps", "5"},
                               {"queues", "deployment, scheduler,"}});
  PaceSettings settings = parsePaceSettings(&step);
  EXPECT_EQ(settings.mode, PaceMode::Step);
  EXPECT_EQ(settings.grantedSteps, 7);
  EXPECT_EQ(settings.takenSteps, 5);
  EXPECT_EQ(settings.queues, (std::set<std::string>{"deployment", "scheduler"}));
  Object paused = paceConfigMap({{"mode", "paused"}, {"grantedSteps", "x"}});
  EXPECT_EQ(parsePaceSettings(&paused).mode, PaceMode::Paused);
  EXPECT_EQ(parsePaceSettings(&paused).grantedSteps, 0);
}

TEST(PaceGateTest, RunModeReturnsAtOnceWithoutTouchingTheApi) {
  FakeApiClient api;
  PaceGate gate(api, "test");
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(gate.awaitTurn("deployment", "default/web"));
  gate.observe(std::make_shared<const Object>(paceConfigMap({{"mode", "run"}})));
  EXPECT_TRUE(gate.awaitTurn("deployment", "default/web"));
  EXPECT_TRUE(api.actions().empty());
}

TEST(PaceGateTest, SlowModeWaitsTheDelayBeforeEachTurn) {
  FakeApiClient api;
  PaceGate gate(api, "test");
  gate.observe(std::make_shared<const Object>(paceConfigMap({{"mode", "slow"}, {"delayMilliseconds", "300"}})));
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(gate.awaitTurn("deployment", "default/web"));
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(waited, 300ms);
  EXPECT_LT(waited, 3s);
  EXPECT_TRUE(api.writeActions().empty());
}

TEST(PaceGateTest, PausedBlocksUntilTheModeChanges) {
  FakeApiClient api;
  PaceGate gate(api, "test");
  gate.observe(std::make_shared<const Object>(paceConfigMap({{"mode", "paused"}})));
  auto turn = std::async(std::launch::async, [&] { return gate.awaitTurn("deployment", "default/web"); });
  EXPECT_EQ(turn.wait_for(300ms), std::future_status::timeout);
  gate.observe(std::make_shared<const Object>(paceConfigMap({{"mode", "run"}})));
  ASSERT_EQ(turn.wait_for(2s), std::future_status::ready);
  EXPECT_TRUE(turn.get());
}

TEST(PaceGateTest, ADeletedConfigMapMeansRun) {
  FakeApiClient api;
  PaceGate gate(api, "test");
  gate.observe(std::make_shared<const Object>(paceConfigMap({{"mode", "paused"}})));
  auto turn = std::async(std::launch::async, [&] { return gate.awaitTurn("deployment", "default/web"); });
  EXPECT_EQ(turn.wait_for(100ms), std::future_status::timeout);
  gate.observe(nullptr);
  ASSERT_EQ(turn.wait_for(2s), std::future_status::ready);
  EXPECT_TRUE(turn.get());
}

TEST(PaceGateTest, OnlyTheListedQueuesArePaced) {
  FakeApiClient api;
  PaceGate gate(api, "test");
  gate.observe(std::make_shared<const Object>(paceConfigMap({{"mode", "paused"}, {"queues", "scheduler"}})));
  EXPECT_TRUE(gate.awaitTurn("garbagecollector", "v1/pods/default/web"));
  auto turn = std::async(std::launch::async, [&] { return gate.awaitTurn("scheduler", "default/web"); });
  EXPECT_EQ(turn.wait_for(200ms), std::future_status::timeout);
  gate.stop();
  EXPECT_FALSE(turn.get());
}

TEST(PaceGateTest, StopReleasesAPausedWaiter) {
  FakeApiClient api;
  PaceGate gate(api, "test");
  gate.observe(std::make_shared<const Object>(paceConfigMap({{"mode", "paused"}})));
  auto turn = std::async(std::launch::async, [&] { return gate.awaitTurn("deployment", "default/web"); });
  EXPECT_EQ(turn.wait_for(200ms), std::future_status::timeout);
  gate.stop();
  ASSERT_EQ(turn.wait_for(2s), std::future_status::ready);
  EXPECT_FALSE(turn.get());
}

TEST(PaceGateTest, AnAbandonedWaiterLeavesWhenWoken) {
  FakeApiClient api;
  PaceGate gate(api, "test");
  gate.observe(std::make_shared<const Object>(paceConfigMap({{"mode", "paused"}})));
  std::atomic<bool> abandon{false};
  auto turn = std::async(std::launch::async, [&] { return gate.awaitTurn("deployment", "default/web", &abandon); });
  EXPECT_EQ(turn.wait_for(200ms), std::future_status::timeout);
  abandon = true;
  gate.wake();
  ASSERT_EQ(turn.wait_for(2s), std::future_status::ready);
  EXPECT_FALSE(turn.get());
  // The gate itself still works for everyone else.
  gate.observe(std::make_shared<const Object>(paceConfigMap({{"mode", "run"}})));
  EXPECT_TRUE(gate.awaitTurn("deployment", "default/web"));
}

TEST(PaceGateTest, StepModeClaimsOneStepPerGrantAndRecordsIt) {
  FakeApiClient api;
  api.seed(resources::configMaps, paceConfigMap({{"mode", "step"}, {"grantedSteps", "1"}, {"takenSteps", "0"}}));
  PaceGate gate(api, "kubelab-controller-manager");
  ScriptedInformer informer(api, {&gate});
  ASSERT_TRUE(testing::eventually([&] { return gate.mode() == PaceMode::Step; }, 2s));

  EXPECT_TRUE(gate.awaitTurn("deployment", "default/web"));
  EXPECT_EQ(dataOf(api, "takenSteps"), "1");
  json::object lastStep = json::parse(dataOf(api, "lastStep")).as_object();
  EXPECT_EQ(lastStep.at("step").as_int64(), 1);
  EXPECT_EQ(lastStep.at("component").as_string(), "kubelab-controller-manager");
  EXPECT_EQ(lastStep.at("queue").as_string(), "deployment");
  EXPECT_EQ(lastStep.at("key").as_string(), "default/web");
  EXPECT_FALSE(std::string(lastStep.at("time").as_string()).empty());

  // The step is spent: the next turn waits for the next grant.
  auto next = std::async(std::launch::async, [&] { return gate.awaitTurn("replicaset", "default/web-1"); });
  EXPECT_EQ(next.wait_for(300ms), std::future_status::timeout);
  edit(api, {{"grantedSteps", "2"}});
  ASSERT_EQ(next.wait_for(2s), std::future_status::ready);
  EXPECT_TRUE(next.get());
  EXPECT_EQ(dataOf(api, "takenSteps"), "2");
  EXPECT_EQ(json::parse(dataOf(api, "lastStep")).at("queue").as_string(), "replicaset");
}

// Two processes (two gates on one API), three workers each, all with work: each grant lets
// exactly one of the six through, whoever wins the compare-and-swap.
TEST(PaceGateTest, ConcurrentClaimersRunExactlyOneSyncPerGrant) {
  FakeApiClient api;
  api.seed(resources::configMaps, paceConfigMap({{"mode", "step"}, {"grantedSteps", "0"}, {"takenSteps", "0"}}));
  PaceGate first(api, "first");
  PaceGate second(api, "second");
  ScriptedInformer informer(api, {&first, &second});
  ASSERT_TRUE(testing::eventually(
      [&] { return first.mode() == PaceMode::Step && second.mode() == PaceMode::Step; }, 2s));

  std::atomic<int> passed{0};
  std::vector<std::thread> workers;
  for (PaceGate* gate : {&first, &second}) {
    for (int worker = 0; worker < 3; ++worker) {
      workers.emplace_back([&passed, gate, worker] {
        while (gate->awaitTurn("queue", "key-" + std::to_string(worker))) ++passed;
      });
    }
  }
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(passed.load(), 0);
  for (int granted = 1; granted <= 6; ++granted) {
    edit(api, {{"grantedSteps", std::to_string(granted)}});
    ASSERT_TRUE(testing::eventually([&] { return passed.load() >= granted; }, 3s)) << "grant " << granted;
    std::this_thread::sleep_for(150ms);  // time for a second, wrong pass to show
    EXPECT_EQ(passed.load(), granted);
    EXPECT_EQ(dataOf(api, "takenSteps"), std::to_string(granted));
  }
  // Grants in a burst are all spent, one sync each.
  edit(api, {{"grantedSteps", "20"}});
  ASSERT_TRUE(testing::eventually([&] { return passed.load() >= 20; }, 5s));
  std::this_thread::sleep_for(150ms);
  EXPECT_EQ(passed.load(), 20);
  EXPECT_EQ(dataOf(api, "takenSteps"), "20");

  first.stop();
  second.stop();
  for (auto& worker : workers) worker.join();
}

TEST(PaceGateTest, AReconcileLoopWaitsAtItsGateAndStopReleasesIt) {
  FakeApiClient api;
  PaceGate gate(api, "test");
  gate.observe(std::make_shared<const Object>(paceConfigMap({{"mode", "paused"}})));
  std::atomic<int> syncs{0};
  std::optional<ReconcileLoop> loop;
  {
    PaceGateScope scope(&gate);
    loop.emplace("deployment", [&](const std::string&) {
      ++syncs;
      return Status::ok();
    });
  }
  loop->start(2);
  loop->enqueue("default/web");
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(syncs.load(), 0);
  gate.observe(std::make_shared<const Object>(paceConfigMap({{"mode", "run"}})));
  EXPECT_TRUE(testing::eventually([&] { return syncs.load() == 1; }, 2s));

  // Paused again: a worker holding a key is released by the loop's own stop, gate still open.
  gate.observe(std::make_shared<const Object>(paceConfigMap({{"mode", "paused"}})));
  loop->enqueue("default/other");
  std::this_thread::sleep_for(100ms);
  auto stopped = std::async(std::launch::async, [&] { loop->stop(); });
  ASSERT_EQ(stopped.wait_for(2s), std::future_status::ready);
  EXPECT_EQ(syncs.load(), 1);
}

TEST(PaceGateTest, LoopsBuiltOutsideAScopeAreNotPaced) {
  FakeApiClient api;
  PaceGate gate(api, "test");
  gate.observe(std::make_shared<const Object>(paceConfigMap({{"mode", "paused"}})));
  std::atomic<int> syncs{0};
  ReconcileLoop loop("kubelet", [&](const std::string&) {
    ++syncs;
    return Status::ok();
  });
  loop.start(1);
  loop.enqueue("default/web");
  EXPECT_TRUE(testing::eventually([&] { return syncs.load() == 1; }, 2s));
  loop.stop();
}

}  // namespace
}  // namespace kubelab::client
