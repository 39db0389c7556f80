// ClusterScene: pods start in the unscheduled lane and move onto their node when bound,
// nodes grey out, terminated pods fade away, and unrelated pods stay where they are; the
// control-plane boxes show their traffic and links carry it to the API server.

#include <QSignalSpy>
#include <QTest>

#include "clustermodel.h"
#include "clusterobjects.h"
#include "clusterscene.h"
#include "componentitem.h"
#include "fakeclustersource.h"
#include "nodeitem.h"
#include "pendinglaneitem.h"
#include "poditem.h"
#include "serviceitem.h"
#include "trafficlinkitem.h"

using namespace kubelab::visualizer;
using testing::FakeClusterSource;
using testing::makeNode;
using testing::makePod;

class ClusterSceneTest : public QObject {
  Q_OBJECT

 private:
  struct Fixture {
    ClusterModel model;
    FakeClusterSource* source = nullptr;
    ClusterScene* scene = nullptr;

    Fixture() {
      auto owned = std::make_unique<FakeClusterSource>();
      source = owned.get();
      model.setSource(std::move(owned));
      scene = new ClusterScene(&model, &model);
      for (const char* name : {"node-1", "node-2", "node-3"}) source->upsert(ResourceKind::Node, makeNode(name));
      source->markSynced();
      QTRY_VERIFY(model.hasSynced());
    }
    void apply() { model.flushNow(); }
  };

  static void waitForAnimations() { QTest::qWait(PodItem::kMoveMilliseconds + 200); }

 private slots:
  void nodesAreBoxesInNameOrder() {
    Fixture fixture;
    QCOMPARE(fixture.scene->nodeItems().size(), 3);
    NodeItem* first = fixture.scene->nodeItem(QStringLiteral("node-1"));
    NodeItem* second = fixture.scene->nodeItem(QStringLiteral("node-2"));
    QVERIFY(first && second);
    QVERIFY(first->pos().x() < second->pos().x());
    QCOMPARE(first->node().pool, QStringLiteral("default-pool"));
    QVERIFY(!first->isGreyedOut());
  }

  void aNewPodWaitsInTheLaneThenMovesOntoItsNode() {
    Fixture fixture;
    fixture.source->upsert(ResourceKind::Pod, makePod("web-1"));
    fixture.apply();
    PodItem* pod = fixture.scene->podItem(QStringLiteral("default/web-1"));
    QVERIFY(pod);
    QCOMPARE(pod->container(), static_cast<PodContainerItem*>(fixture.scene->pendingLane()));

    fixture.source->upsert(ResourceKind::Pod, makePod("web-1", "node-2"));
    fixture.apply();
    NodeItem* node = fixture.scene->nodeItem(QStringLiteral("node-2"));
    QCOMPARE(pod->container(), static_cast<PodContainerItem*>(node));
    QCOMPARE(pod->parentItem(), static_cast<QGraphicsItem*>(node));
    // It travels there: it starts where it was on screen, not at its new place.
    QVERIFY(pod->isMoving());
    QVERIFY(pod->pos() != pod->slot());
    waitForAnimations();
    QVERIFY(!pod->isMoving());
    QCOMPARE(pod->pos(), pod->slot());
    QVERIFY(node->sceneBoundingRect().contains(pod->sceneBoundingRect().center()));
  }

  void aNodeThatIsNotReadyGreysOutWithItsPods() {
    Fixture fixture;
    fixture.source->upsert(ResourceKind::Pod, makePod("web-1", "node-3", "Running", true));
    fixture.apply();
    fixture.source->upsert(ResourceKind::Node, makeNode("node-3", false));
    fixture.apply();
    NodeItem* node = fixture.scene->nodeItem(QStringLiteral("node-3"));
    QVERIFY(node->isGreyedOut());
    QVERIFY(fixture.scene->podItem(QStringLiteral("default/web-1"))->dimmed());
    QTRY_COMPARE(node->greyness(), 1.0);
    fixture.source->upsert(ResourceKind::Node, makeNode("node-3", true));
    fixture.apply();
    QVERIFY(!fixture.scene->podItem(QStringLiteral("default/web-1"))->dimmed());
    QTRY_COMPARE(node->greyness(), 0.0);
  }

  void aDeletedPodFadesOutAndItsPlaceCloses() {
    Fixture fixture;
    fixture.source->upsert(ResourceKind::Pod, makePod("a", "node-1", "Running", true, "rs", "2025-01-01T00:00:01Z"));
    fixture.source->upsert(ResourceKind::Pod, makePod("b", "node-1", "Running", true, "rs", "2025-01-01T00:00:02Z"));
    fixture.apply();
    PodItem* a = fixture.scene->podItem(QStringLiteral("default/a"));
    PodItem* b = fixture.scene->podItem(QStringLiteral("default/b"));
    QPointF firstSlot = a->slot();
    QVERIFY(b->slot() != firstSlot);
    QPointer<PodItem> leaving = a;
    fixture.source->remove(ResourceKind::Pod, makePod("a", "node-1"));
    fixture.apply();
    QVERIFY(!fixture.scene->podItem(QStringLiteral("default/a")));
    QVERIFY(leaving->isLeaving());
    QTRY_VERIFY(leaving.isNull());
    QCOMPARE(b->slot(), firstSlot);
  }

  void terminatingPodsFadeToHalf() {
    Fixture fixture;
    fixture.source->upsert(ResourceKind::Pod, makePod("web-1", "node-1", "Running", true));
    fixture.apply();
    boost::json::object terminating = makePod("web-1", "node-1", "Running", true);
    terminating["metadata"].as_object()["deletionTimestamp"] = "2025-01-01T00:01:00Z";
    fixture.source->upsert(ResourceKind::Pod, terminating);
    fixture.apply();
    PodItem* pod = fixture.scene->podItem(QStringLiteral("default/web-1"));
    QCOMPARE(pod->pod().displayState(), PodDisplayState::Terminating);
    QTRY_VERIFY(pod->opacity() < 0.5);
  }

  void unrelatedPodsDoNotMove() {
    Fixture fixture;
    for (int index = 0; index < 6; ++index) {
      fixture.source->upsert(ResourceKind::Pod, makePod("web-" + std::to_string(index), "node-1", "Running", true, "web",
                                                        "2025-01-01T00:00:0" + std::to_string(index) + "Z"));
    }
    fixture.apply();
    waitForAnimations();
    QList<QPointF> before;
    for (int index = 0; index < 6; ++index) {
      before.append(fixture.scene->podItem(QStringLiteral("default/web-%1").arg(index))->scenePos());
    }
    // Another node fills up, a pod in this one changes phase, and a new pod joins this group.
    for (int index = 0; index < 10; ++index) {
      fixture.source->upsert(ResourceKind::Pod, makePod("db-" + std::to_string(index), "node-2", "Running", true, "db"));
    }
    fixture.source->upsert(ResourceKind::Pod, makePod("web-3", "node-1", "Failed", false, "web", "2025-01-01T00:00:03Z"));
    fixture.source->upsert(ResourceKind::Pod, makePod("web-9", "node-1", "Running", true, "web", "2025-01-01T00:00:09Z"));
    fixture.apply();
    waitForAnimations();
    for (int index = 0; index < 6; ++index) {
      QCOMPARE(fixture.scene->podItem(QStringLiteral("default/web-%1").arg(index))->scenePos(), before[index]);
    }
  }

  void servicesLinkToTheirReadyEndpoints() {
    Fixture fixture;
    fixture.source->upsert(ResourceKind::Pod, makePod("web-1", "node-1", "Running", true));
    fixture.source->upsert(ResourceKind::Service, R"({"metadata": {"name": "web", "namespace": "default"},
        "spec": {"type": "ClusterIP", "clusterIP": "127.96.0.10", "ports": [{"port": 80}]}})");
    fixture.source->upsert(ResourceKind::Endpoints, R"({"metadata": {"name": "web", "namespace": "default"},
        "subsets": [{"addresses": [{"targetRef": {"kind": "Pod", "namespace": "default", "name": "web-1"}}]}]})");
    fixture.apply();
    ServiceItem* service = fixture.scene->serviceItem(QStringLiteral("default/web"));
    QVERIFY(service);
    QCOMPARE(service->endpoints().readyPods.size(), 1);
    QVERIFY(!service->links()->path().isEmpty());
    // Below every node.
    for (NodeItem* node : fixture.scene->nodeItems()) QVERIFY(service->pos().y() > node->sceneBoundingRect().bottom());
  }

  void selectingAPodNamesIt() {
    Fixture fixture;
    fixture.source->upsert(ResourceKind::Pod, makePod("web-1", "node-1", "Running", true));
    fixture.apply();
    QSignalSpy selected(fixture.scene, &ClusterScene::objectSelected);
    fixture.scene->podItem(QStringLiteral("default/web-1"))->setSelected(true);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.at(0).at(1).toString(), QStringLiteral("default/web-1"));
  }

  void controlPlaneBoxesShowTheirTrafficAndLinksCarryIt() {
    Fixture fixture;
    QList<ComponentView> components;
    for (const char* name : {"store", "apiserver", "scheduler", "controller-manager", "cloud-controller-manager"}) {
      components.append({QString::fromLatin1(name), QStringLiteral("running"), 0, {}});
    }
    fixture.model.setComponents(components);
    ClusterScene& scene = *fixture.scene;
    // Nothing measured yet: no figures, no links.
    QVERIFY(scene.componentItem(QStringLiteral("apiserver"))->trafficText().isEmpty());
    QVERIFY(!scene.trafficLink(QStringLiteral("scheduler"))->isVisible());

    ControlPlaneTraffic traffic;
    traffic.apiServer = 42;
    traffic.store = 30;
    traffic.perClient = true;
    traffic.clients = {{QStringLiteral("system:kube-scheduler"), 3},
                       {QStringLiteral("system:kube-controller-manager"), 12},
                       {QStringLiteral("system:node:node-1"), 5},
                       {QStringLiteral("system:kube-proxy"), 1},
                       {QStringLiteral("kubernetes-admin"), 21}};
    fixture.model.setTraffic(traffic);
    QCOMPARE(scene.componentItem(QStringLiteral("apiserver"))->trafficText(), QStringLiteral("42 req/s"));
    QCOMPARE(scene.componentItem(QStringLiteral("store"))->trafficText(), QStringLiteral("30 ops/s"));
    QCOMPARE(scene.componentItem(QStringLiteral("scheduler"))->trafficText(), QStringLiteral("3.0 req/s"));
    QCOMPARE(scene.componentItem(QStringLiteral("controller-manager"))->trafficText(), QStringLiteral("12 req/s"));
    QCOMPARE(scene.componentItem(QStringLiteral("cloud-controller-manager"))->trafficText(),
             QStringLiteral("0.0 req/s"));
    QVERIFY(scene.componentItem(QStringLiteral("apiserver"))->toolTip().contains(QStringLiteral("kubernetes-admin")));

    // Links: each client's arch ends on the API server's box; the store's starts there.
    QRectF api = scene.componentItem(QStringLiteral("apiserver"))->sceneBoundingRect();
    TrafficLinkItem* scheduler = scene.trafficLink(QStringLiteral("scheduler"));
    TrafficLinkItem* controllers = scene.trafficLink(QStringLiteral("controller-manager"));
    TrafficLinkItem* cloud = scene.trafficLink(QStringLiteral("cloud-controller-manager"));
    TrafficLinkItem* store = scene.trafficLink(QStringLiteral("store"));
    TrafficLinkItem* nodes = scene.trafficLink(QStringLiteral("nodes"));
    QVERIFY(scheduler && controllers && cloud && store && nodes);
    for (TrafficLinkItem* link : {scheduler, controllers, store, nodes}) QVERIFY(link->isVisible());
    auto onApiServer = [&](QPointF point) { return point.x() >= api.left() && point.x() <= api.right(); };
    QVERIFY(onApiServer(scheduler->path().currentPosition()));
    QVERIFY(onApiServer(controllers->path().currentPosition()));
    QVERIFY(onApiServer(store->path().elementAt(0)));
    // Busier links are wider; an idle one stays drawn, thin.
    QVERIFY(controllers->lineWidth() > scheduler->lineWidth());
    QVERIFY(cloud->isVisible());
    QVERIFY(cloud->lineWidth() < scheduler->lineWidth());
    // The nodes' link rises from the first row of nodes and says what it carries.
    QCOMPARE(nodes->label(), QStringLiteral("kubelets and proxies: 6.0 req/s"));
    NodeItem* first = scene.nodeItem(QStringLiteral("node-1"));
    QVERIFY(nodes->path().elementAt(0).y <= first->pos().y());
    QVERIFY(nodes->path().elementAt(0).y > api.bottom());

    // Dots move, one per request up to the cap: 3 req/s let in 3 in a second, and the first,
    // 2/3 s old, is still on its way over the scheduler's arch.
    QVERIFY(scheduler->path().length() > TrafficLinkItem::kDotSpeed * 2 / 3);
    for (int step = 0; step < 10; ++step) scheduler->advance(0.1);
    QCOMPARE(scheduler->dotCount(), 3);
    QCOMPARE(cloud->dotCount(), 0);
    // And the scene's timer moves them on its own.
    QTRY_VERIFY(controllers->dotCount() > 0);

    // A real cluster: only the API server's total and the store are known.
    ControlPlaneTraffic real;
    real.apiServer = 7;
    real.store = 2;
    fixture.model.setTraffic(real);
    QVERIFY(scene.componentItem(QStringLiteral("scheduler"))->trafficText().isEmpty());
    QVERIFY(!scene.trafficLink(QStringLiteral("scheduler"))->isVisible());
    QVERIFY(!nodes->isVisible());
    QVERIFY(store->isVisible());
    QCOMPARE(scene.componentItem(QStringLiteral("apiserver"))->trafficText(), QStringLiteral("7.0 req/s"));
  }
};

QTEST_MAIN(ClusterSceneTest)
#include "clusterscene_test.moc"
