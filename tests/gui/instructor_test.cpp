// The instructor panel's pure parts: pace control's step grant (a compare-and-swap against a
// fake API server whose ConfigMap a "worker" changes in between), mode patches, lastStep's
// wording, and which fault buttons a supervisor snapshot enables.

#include <QAbstractButton>
#include <QApplication>
#include <QTest>

#include <boost/json/parse.hpp>

#include "backgroundwork.h"
#include "instructordock.h"
#include "pacecontrol.h"
#include "support/fakeapiclient.h"

using namespace kubelab;
using client::Object;

namespace {

const client::GroupVersionResource& configMaps() { return client::resources::configMaps; }

std::string dataOf(const Object& configMap, const char* key) {
  const auto* data = configMap.if_contains("data");
  if (!data || !data->as_object().if_contains(key)) return "<absent>";
  return std::string(data->as_object().at(key).as_string());
}

// Forwards to a FakeApiClient; before the first `updatesToRace` updates, a paced worker
// claims a step (takenSteps + 1) first, so the app's update carries a stale resourceVersion.
class RacingApi final : public client::ApiInterface {
 public:
  testing::FakeApiClient fake;
  int updatesToRace = 0;
  int updates = 0;

  Result<Object> get(const client::GroupVersionResource& r, std::string_view ns, std::string_view name,
                     std::string_view sub = {}) override {
    return fake.get(r, ns, name, sub);
  }
  Result<client::ObjectList> list(const client::GroupVersionResource& r, std::string_view ns,
                                  const client::ListOptions& o = {}) override {
    return fake.list(r, ns, o);
  }
  Result<Object> create(const client::GroupVersionResource& r, std::string_view ns, const Object& o) override {
    return fake.create(r, ns, o);
  }
  Result<Object> update(const client::GroupVersionResource& r, const Object& o, std::string_view sub = {}) override {
    ++updates;
    if (updatesToRace-- > 0) {
      Object claimed = *fake.get(r, client::kPaceConfigMapNamespace, client::kPaceConfigMapName);
      auto& data = claimed["data"].as_object();
      long taken = std::stol(std::string(data["takenSteps"].as_string()));
      data["takenSteps"] = std::to_string(taken + 1);
      if (!fake.update(r, claimed)) return Status(StatusCode::Internal, "the worker's claim failed");
    }
    return fake.update(r, o, sub);
  }
  Result<Object> patch(const client::GroupVersionResource& r, std::string_view ns, std::string_view name,
                       client::PatchType t, std::string_view p, std::string_view sub = {}) override {
    return fake.patch(r, ns, name, t, p, sub);
  }
  Status remove(const client::GroupVersionResource& r, std::string_view ns, std::string_view name,
                const client::DeleteOptions& o = {}) override {
    return fake.remove(r, ns, name, o);
  }
  Result<Object> createSubresource(const client::GroupVersionResource& r, std::string_view ns, std::string_view name,
                                   std::string_view sub, const Object& body) override {
    return fake.createSubresource(r, ns, name, sub, body);
  }
  Result<std::unique_ptr<client::WatchStream>> watch(const client::GroupVersionResource& r, std::string_view ns,
                                                     const client::ListOptions& o = {}) override {
    return fake.watch(r, ns, o);
  }
};

Object paceConfigMap(const char* json) {
  return app::newPaceConfigMap(boost::json::parse(json).as_object());
}

supervisor::ComponentStatus component(const std::string& name, supervisor::ComponentState state, int pid,
                                      bool byUser = false) {
  supervisor::ComponentStatus status;
  status.name = name;
  status.state = state;
  status.pid = pid;
  status.stoppedByUser = byUser;
  return status;
}

}  // namespace

class InstructorTest : public QObject {
  Q_OBJECT

 private slots:
  void nextStepGrantsOneMoreThanEverGrantedOrTaken() {
    Object next = app::nextStepConfigMap(paceConfigMap(R"({"mode":"paused","grantedSteps":"3","takenSteps":"5"})"));
    QCOMPARE(dataOf(next, "grantedSteps"), std::string("6"));  // a taken step is not granted twice
    QCOMPARE(dataOf(next, "mode"), std::string("step"));
    QCOMPARE(dataOf(next, "takenSteps"), std::string("5"));  // the workers' count is theirs
    next = app::nextStepConfigMap(paceConfigMap(R"({"mode":"step","grantedSteps":"4","takenSteps":"2"})"));
    QCOMPARE(dataOf(next, "grantedSteps"), std::string("5"));
    next = app::nextStepConfigMap(paceConfigMap(R"({"mode":"step"})"));
    QCOMPARE(dataOf(next, "grantedSteps"), std::string("1"));  // missing counts as 0
    Object bare{{"metadata", boost::json::object{{"name", "kubelab-pace"}, {"resourceVersion", "42"}}}};
    next = app::nextStepConfigMap(bare);
    QCOMPARE(dataOf(next, "grantedSteps"), std::string("1"));
    QCOMPARE(std::string(next["metadata"].as_object()["resourceVersion"].as_string()), std::string("42"));
  }

  void aStepIsACompareAndSwapRetriedOnConflict() {
    RacingApi api;
    api.fake.seed(configMaps(), paceConfigMap(R"({"mode":"step","grantedSteps":"5","takenSteps":"5"})"));
    api.updatesToRace = 2;  // two workers claim between the app's read and its write, twice
    Result<Object> granted = app::grantPaceStep(api);
    QVERIFY2(granted.isOk(), granted.status().message().c_str());
    QCOMPARE(api.updates, 3);
    auto stored = api.fake.stored(configMaps(), "kube-system", "kubelab-pace");
    QVERIFY(stored.has_value());
    QCOMPARE(dataOf(*stored, "takenSteps"), std::string("7"));
    QCOMPARE(dataOf(*stored, "grantedSteps"), std::string("8"));  // max(5, 7) + 1, not 6
  }

  void aStepCreatesTheConfigMapWhenMissing() {
    testing::FakeApiClient api;
    Result<Object> granted = app::grantPaceStep(api);
    QVERIFY2(granted.isOk(), granted.status().message().c_str());
    auto stored = api.stored(configMaps(), "kube-system", "kubelab-pace");
    QVERIFY(stored.has_value());
    QCOMPARE(dataOf(*stored, "mode"), std::string("step"));
    QCOMPARE(dataOf(*stored, "grantedSteps"), std::string("1"));
  }

  void aStepGivesUpOnOtherErrors() {
    testing::FakeApiClient api;
    api.seed(configMaps(), paceConfigMap(R"({"mode":"step"})"));
    api.failNext("update", "configmaps", Status(StatusCode::Forbidden, "forbidden"), -1);
    Result<Object> granted = app::grantPaceStep(api);
    QVERIFY(!granted.isOk());
    QCOMPARE(granted.status().code(), StatusCode::Forbidden);
  }

  void modesAreMergePatchesAndCreateTheConfigMap() {
    testing::FakeApiClient api;
    QVERIFY(app::setPaceMode(api, client::PaceMode::Paused).isOk());
    auto stored = api.stored(configMaps(), "kube-system", "kubelab-pace");
    QVERIFY(stored.has_value());
    QCOMPARE(dataOf(*stored, "mode"), std::string("paused"));
    QVERIFY(app::setPaceMode(api, client::PaceMode::Slow, 250).isOk());
    stored = api.stored(configMaps(), "kube-system", "kubelab-pace");
    QCOMPARE(dataOf(*stored, "mode"), std::string("slow"));
    QCOMPARE(dataOf(*stored, "delayMilliseconds"), std::string("250"));
    QVERIFY(app::setPaceQueues(api, {QStringLiteral("deployment"), QStringLiteral("scheduler")}).isOk());
    stored = api.stored(configMaps(), "kube-system", "kubelab-pace");
    QCOMPARE(dataOf(*stored, "queues"), std::string("deployment,scheduler"));
    QCOMPARE(dataOf(*stored, "mode"), std::string("slow"));  // a merge patch keeps the rest
    bool patched = false;
    for (const auto& action : api.actions()) patched |= action.verb == "patch";
    QVERIFY(patched);
    app::PaceState state = app::paceStateOf(&*stored);
    QCOMPARE(state.mode, client::PaceMode::Slow);
    QCOMPARE(state.delayMilliseconds, 250);
    QCOMPARE(state.queues, QStringList({QStringLiteral("deployment"), QStringLiteral("scheduler")}));
  }

  void lastStepReadsAsASentence() {
    QCOMPARE(app::formatLastStep(QStringLiteral(
                 R"({"step":7,"component":"kubelab-controller-manager","queue":"deployment","key":"default/web","time":"2025-01-02T03:04:05Z"})")),
             QStringLiteral("Step 7: deployment controller synced default/web"));
    QCOMPARE(app::formatLastStep(QStringLiteral(
                 R"({"step":8,"component":"kubelab-scheduler","queue":"scheduler","key":"default/web-1"})")),
             QStringLiteral("Step 8: the scheduler scheduled default/web-1"));
    QCOMPARE(app::formatLastStep(QString()), QString());
    QCOMPARE(app::formatLastStep(QStringLiteral("not json")), QString());
  }

  void faultsApplyToWhatTheSupervisorReports() {
    using supervisor::ComponentState;
    supervisor::SupervisorSnapshot snapshot;
    snapshot.components = {component("store", ComponentState::Running, 10),
                           component("scheduler", ComponentState::Stopped, 0, true),
                           component("controller-manager", ComponentState::BackingOff, 0),
                           component("kubelet-node-10", ComponentState::Running, 12),
                           component("kubelet-node-2", ComponentState::Stopped, 0, true)};
    QVERIFY(app::componentFaultApplies(snapshot, "store", app::Fault::Stop));
    QVERIFY(!app::componentFaultApplies(snapshot, "store", app::Fault::Start));
    QVERIFY(app::componentFaultApplies(snapshot, "store", app::Fault::Kill));
    QVERIFY(app::componentFaultApplies(snapshot, "store", app::Fault::Restart));
    QVERIFY(!app::componentFaultApplies(snapshot, "scheduler", app::Fault::Stop));
    QVERIFY(app::componentFaultApplies(snapshot, "scheduler", app::Fault::Start));
    QVERIFY(!app::componentFaultApplies(snapshot, "scheduler", app::Fault::Kill));
    QVERIFY(app::componentFaultApplies(snapshot, "controller-manager", app::Fault::Stop));  // waiting to restart
    QVERIFY(!app::componentFaultApplies(snapshot, "controller-manager", app::Fault::Kill));  // no process
    QVERIFY(!app::componentFaultApplies(snapshot, "apiserver", app::Fault::Start));  // unknown: nothing
    QVERIFY(app::nodeFaultApplies(snapshot, "node-10", app::Fault::Partition, false));
    QVERIFY(!app::nodeFaultApplies(snapshot, "node-10", app::Fault::Heal, false));
    QVERIFY(app::nodeFaultApplies(snapshot, "node-10", app::Fault::Heal, true));
    QVERIFY(!app::nodeFaultApplies(snapshot, "node-10", app::Fault::Partition, true));
    QVERIFY(!app::nodeFaultApplies(snapshot, "node-2", app::Fault::Kill, false));
    QVERIFY(app::nodeFaultApplies(snapshot, "node-2", app::Fault::Start, false));
    QCOMPARE(app::snapshotNodes(snapshot), (std::vector<std::string>{"node-2", "node-10"}));
  }

  void theDockEnablesButtonsFromTheSnapshot() {
    using supervisor::ComponentState;
    app::InstructorDock dock;
    app::ConnectionRequest request;
    request.context = QStringLiteral("gke_prod");  // a cluster we do not supervise
    dock.setCluster(request);
    QVERIFY(!dock.isEmbedded());
    QVERIFY(!dock.button(QStringLiteral("stop:scheduler"))->isEnabled());
    QVERIFY(!dock.button(QStringLiteral("pace-step"))->isEnabled());

    supervisor::SupervisorSnapshot snapshot;
    snapshot.components = {component("store", ComponentState::Running, 10),
                           component("apiserver", ComponentState::Running, 11),
                           component("scheduler", ComponentState::Stopped, 0, true),
                           component("controller-manager", ComponentState::Running, 13),
                           component("cloud-controller-manager", ComponentState::Running, 14),
                           component("kubelet-node-1", ComponentState::Running, 15),
                           component("kubelet-node-2", ComponentState::Stopped, 0, true)};
    request.context.clear();
    request.clusterName = QStringLiteral("no-such-cluster-for-this-test");
    request.stateDirectory = QStringLiteral("/nonexistent/kubelab-instructor-test");
    dock.setCluster(request);
    dock.applySnapshot(snapshot);
    QVERIFY(dock.isEmbedded());
    QVERIFY(dock.button(QStringLiteral("stop:store"))->isEnabled());
    QVERIFY(!dock.button(QStringLiteral("start:store"))->isEnabled());
    QVERIFY(!dock.button(QStringLiteral("stop:scheduler"))->isEnabled());
    QVERIFY(dock.button(QStringLiteral("start:scheduler"))->isEnabled());
    QVERIFY(!dock.button(QStringLiteral("kill:scheduler"))->isEnabled());
    QVERIFY(dock.button(QStringLiteral("restart:store"))->isEnabled());
    QVERIFY(dock.button(QStringLiteral("kill-node:node-1"))->isEnabled());
    QVERIFY(dock.button(QStringLiteral("partition:node-1"))->isEnabled());
    QVERIFY(!dock.button(QStringLiteral("heal:node-1"))->isEnabled());
    QVERIFY(!dock.button(QStringLiteral("start-node:node-1"))->isEnabled());
    QVERIFY(dock.button(QStringLiteral("start-node:node-2"))->isEnabled());
    QVERIFY(!dock.button(QStringLiteral("stop-node:node-2"))->isEnabled());
    QVERIFY(dock.button(QStringLiteral("add-node"))->isEnabled());
    QVERIFY(!dock.button(QStringLiteral("kill-node:node-3")));  // no such node: no row

    // The scheduler starts again: the buttons follow.
    snapshot.components[2] = component("scheduler", ComponentState::Running, 20);
    dock.applySnapshot(snapshot);
    QVERIFY(dock.button(QStringLiteral("stop:scheduler"))->isEnabled());
    QVERIFY(!dock.button(QStringLiteral("start:scheduler"))->isEnabled());
  }
};

int main(int argc, char** argv) {
  QApplication application(argc, argv);
  InstructorTest test;
  int failures = QTest::qExec(&test, argc, argv);
  kubelab::app::waitForBackgroundWork();  // the panels' threads end before static destruction
  return failures;
}

#include "instructor_test.moc"
