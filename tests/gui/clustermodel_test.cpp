// ClusterModel: changes from any thread reach the GUI thread in coalesced batches, with the
// old and new views of what really changed.

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <thread>

#include "clustermodel.h"
#include "clusterobjects.h"
#include "fakeclustersource.h"

using namespace kubelab::visualizer;
using testing::FakeClusterSource;
using testing::makeNode;
using testing::makePod;

class ClusterModelTest : public QObject {
  Q_OBJECT

 private:
  FakeClusterSource* attachSource(ClusterModel& model) {
    auto source = std::make_unique<FakeClusterSource>();
    FakeClusterSource* raw = source.get();
    model.setSource(std::move(source));
    return raw;
  }

 private slots:
  void init() {
    qRegisterMetaType<PodView>();
    qRegisterMetaType<NodeView>();
  }

  void changesFromAnotherThreadArriveOnTheGuiThread() {
    ClusterModel model;
    FakeClusterSource* source = attachSource(model);
    QThread* signalThread = nullptr;
    connect(&model, &ClusterModel::podAdded, this, [&](const PodView&) { signalThread = QThread::currentThread(); });
    std::thread informer([source] { source->upsert(ResourceKind::Pod, makePod("web-1")); });
    informer.join();
    QTRY_VERIFY(signalThread != nullptr);
    QCOMPARE(signalThread, QThread::currentThread());
    QCOMPARE(model.pods().size(), 1);
  }

  void aBurstIsOneBatchWithTheNetChange() {
    ClusterModel model;
    FakeClusterSource* source = attachSource(model);
    QSignalSpy added(&model, &ClusterModel::podAdded);
    QSignalSpy changed(&model, &ClusterModel::podChanged);
    QSignalSpy removed(&model, &ClusterModel::podRemoved);
    QSignalSpy batches(&model, &ClusterModel::batchApplied);
    source->upsert(ResourceKind::Pod, makePod("web-1"));
    source->upsert(ResourceKind::Pod, makePod("web-1", "node-1"));
    source->upsert(ResourceKind::Pod, makePod("web-1", "node-1", "Running", true));
    source->upsert(ResourceKind::Pod, makePod("gone"));
    source->remove(ResourceKind::Pod, makePod("gone"));
    QTRY_COMPARE(batches.count(), 1);
    QCOMPARE(added.count(), 1);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(removed.count(), 0);
    PodView pod = added.at(0).at(0).value<PodView>();
    QCOMPARE(pod.node, QStringLiteral("node-1"));
    QVERIFY(pod.ready);
  }

  void aChangeCarriesTheOldAndNewState() {
    ClusterModel model;
    FakeClusterSource* source = attachSource(model);
    source->upsert(ResourceKind::Pod, makePod("web-1"));
    model.flushNow();
    QSignalSpy changed(&model, &ClusterModel::podChanged);
    source->upsert(ResourceKind::Pod, makePod("web-1", "node-2"));
    model.flushNow();
    QCOMPARE(changed.count(), 1);
    QVERIFY(changed.at(0).at(0).value<PodView>().node.isEmpty());
    QCOMPARE(changed.at(0).at(1).value<PodView>().node, QStringLiteral("node-2"));
  }

  void anUpdateThatChangesNothingVisibleEmitsNoViewChange() {
    ClusterModel model;
    FakeClusterSource* source = attachSource(model);
    source->upsert(ResourceKind::Node, makeNode("node-1"));
    model.flushNow();
    QSignalSpy changed(&model, &ClusterModel::nodeChanged);
    QSignalSpy objects(&model, &ClusterModel::objectChanged);
    boost::json::object heartbeat = makeNode("node-1");
    heartbeat["metadata"].as_object()["resourceVersion"] = "42";
    source->upsert(ResourceKind::Node, heartbeat);
    model.flushNow();
    QCOMPARE(changed.count(), 0);
    QCOMPARE(objects.count(), 1);  // the inspector still sees the new resourceVersion
    source->upsert(ResourceKind::Node, makeNode("node-1", false));
    model.flushNow();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(1).value<NodeView>().readiness, NodeReadiness::Unknown);
  }

  void removalsAndEndpoints() {
    ClusterModel model;
    FakeClusterSource* source = attachSource(model);
    source->upsert(ResourceKind::Pod, makePod("web-1", "node-1"));
    source->upsert(ResourceKind::Endpoints, R"({"metadata": {"name": "web", "namespace": "default"},
        "subsets": [{"addresses": [{"targetRef": {"kind": "Pod", "namespace": "default", "name": "web-1"}}]}]})");
    model.flushNow();
    QCOMPARE(model.endpoints().value(QStringLiteral("default/web")).readyPods.size(), 1);
    QSignalSpy removed(&model, &ClusterModel::podRemoved);
    source->remove(ResourceKind::Pod, makePod("web-1", "node-1"));
    model.flushNow();
    QCOMPARE(removed.count(), 1);
    QVERIFY(model.pods().isEmpty());
    QVERIFY(!model.object(ResourceKind::Pod, QStringLiteral("default/web-1")));
  }

  void batchesComeAtMostEveryFlushInterval() {
    ClusterModel model;
    FakeClusterSource* source = attachSource(model);
    QSignalSpy batches(&model, &ClusterModel::batchApplied);
    QElapsedTimer clock;
    clock.start();
    std::thread informer([source] {
      for (int index = 0; index < 2000; ++index) {
        source->upsert(ResourceKind::Pod, makePod("pod-" + std::to_string(index % 100), "node-1", "Running"));
        if (index % 50 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });
    while (model.pods().size() < 100 || clock.elapsed() < 200) QTest::qWait(5);
    informer.join();
    QTest::qWait(50);
    qint64 elapsed = clock.elapsed();
    // One batch per 16 ms at most (plus the first, applied at once).
    QVERIFY2(batches.count() <= elapsed / ClusterModel::kFlushInterval.count() + 2,
             qPrintable(QStringLiteral("%1 batches in %2 ms").arg(batches.count()).arg(elapsed)));
    QCOMPARE(model.pods().size(), 100);
  }

  void syncedAndANewSourceClearsTheOld() {
    ClusterModel model;
    FakeClusterSource* source = attachSource(model);
    source->upsert(ResourceKind::Pod, makePod("web-1"));
    QSignalSpy synced(&model, &ClusterModel::synced);
    source->markSynced();
    QTRY_COMPARE(synced.count(), 1);
    QVERIFY(model.hasSynced());
    QCOMPARE(model.pods().size(), 1);  // the sync applies what was pending first
    QSignalSpy cleared(&model, &ClusterModel::cleared);
    attachSource(model);
    QCOMPARE(cleared.count(), 1);
    QVERIFY(model.pods().isEmpty());
    QVERIFY(!model.hasSynced());
  }

  void theDeploymentBehindASelection() {
    ClusterModel model;
    FakeClusterSource* source = attachSource(model);
    source->upsert(ResourceKind::Deployment, R"({"kind":"Deployment","metadata":{"name":"web","namespace":"shop","uid":"d1"}})");
    source->upsert(ResourceKind::ReplicaSet, R"({"kind":"ReplicaSet","metadata":{"name":"web-5d8f","namespace":"shop",
      "uid":"r1","ownerReferences":[{"kind":"Deployment","name":"web","uid":"d1","controller":true}]}})");
    source->upsert(ResourceKind::ReplicaSet, R"({"kind":"ReplicaSet","metadata":{"name":"alone","namespace":"shop","uid":"r2"}})");
    source->upsert(ResourceKind::Pod, R"({"kind":"Pod","metadata":{"name":"web-5d8f-x","namespace":"shop","uid":"p1",
      "ownerReferences":[{"kind":"ReplicaSet","name":"web-5d8f","uid":"r1","controller":true}]}})");
    source->upsert(ResourceKind::Pod, R"({"kind":"Pod","metadata":{"name":"db-0","namespace":"shop","uid":"p2",
      "ownerReferences":[{"kind":"StatefulSet","name":"db","uid":"s1","controller":true}]}})");
    model.flushNow();
    const QString web = QStringLiteral("shop/web");
    QCOMPARE(owningDeployment(model, ResourceKind::Deployment, web), web);
    QCOMPARE(owningDeployment(model, ResourceKind::ReplicaSet, QStringLiteral("shop/web-5d8f")), web);
    QCOMPARE(owningDeployment(model, ResourceKind::Pod, QStringLiteral("shop/web-5d8f-x")), web);
    QCOMPARE(owningDeployment(model, ResourceKind::ReplicaSet, QStringLiteral("shop/alone")), QString());
    QCOMPARE(owningDeployment(model, ResourceKind::Pod, QStringLiteral("shop/db-0")), QString());
    QCOMPARE(owningDeployment(model, ResourceKind::Deployment, QStringLiteral("shop/gone")), QString());
    QCOMPARE(owningDeployment(model, ResourceKind::Node, QStringLiteral("node-1")), QString());
  }
};

QTEST_GUILESS_MAIN(ClusterModelTest)
#include "clustermodel_test.moc"
