// The pure functions from API JSON to what the view shows.

#include <QTest>

#include <boost/json/parse.hpp>

#include "clusterobjects.h"
#include "objectviews.h"

using namespace kubelab::visualizer;

class ObjectViewsTest : public QObject {
  Q_OBJECT

 private slots:
  void podFieldsComeFromTheApi() {
    boost::json::object json = testing::makePod("web-1", "node-2", "Running", true, "web-7d4");
    json["status"].as_object()["containerStatuses"].as_array()[0].as_object()["restartCount"] = 3;
    json["metadata"].as_object()["labels"] = boost::json::object{{"app", "web"}};
    PodView pod = podViewFromJson(json);
    QCOMPARE(pod.key, QStringLiteral("default/web-1"));
    QCOMPARE(pod.node, QStringLiteral("node-2"));
    QCOMPARE(pod.phase, QStringLiteral("Running"));
    QVERIFY(pod.ready);
    QCOMPARE(pod.readyContainers, 1);
    QCOMPARE(pod.containers, 1);
    QCOMPARE(pod.restarts, 3);
    QCOMPARE(pod.ownerKind, QStringLiteral("ReplicaSet"));
    QCOMPARE(pod.ownerName, QStringLiteral("web-7d4"));
    QCOMPARE(pod.labels.value(QStringLiteral("app")), QStringLiteral("web"));
    QCOMPARE(pod.created, QDateTime(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC));
    QCOMPARE(pod.displayState(), PodDisplayState::Running);
  }

  void aPodBeingDeletedShowsTerminating() {
    boost::json::object json = testing::makePod("web-1", "node-1", "Running", true);
    json["metadata"].as_object()["deletionTimestamp"] = "2025-01-01T00:01:00Z";
    QCOMPARE(podViewFromJson(json).displayState(), PodDisplayState::Terminating);
  }

  void aPodWithoutStatusIsPendingAndUnscheduled() {
    PodView pod = podViewFromJson(boost::json::parse(R"({"metadata":{"name":"p","namespace":"ns"}})").as_object());
    QCOMPARE(pod.displayState(), PodDisplayState::Pending);
    QVERIFY(!pod.scheduled());
    QVERIFY(!pod.ready);
  }

  void aWaitingContainerGivesThePodsReason() {
    boost::json::object json = testing::makePod("crash", "node-1", "Running");
    json["status"].as_object()["containerStatuses"].as_array()[0].as_object()["state"] =
        boost::json::object{{"waiting", boost::json::object{{"reason", "CrashLoopBackOff"}}}};
    QCOMPARE(podViewFromJson(json).reason, QStringLiteral("CrashLoopBackOff"));
  }

  void nodeReadinessPoolCapacityAndTaints() {
    boost::json::object json = testing::makeNode("node-1", true, "blue");
    NodeView node = nodeViewFromJson(json);
    QCOMPARE(node.key, QStringLiteral("node-1"));
    QCOMPARE(node.readiness, NodeReadiness::Ready);
    QCOMPARE(node.pool, QStringLiteral("blue"));
    QCOMPARE(node.cpu, QStringLiteral("4"));
    QCOMPARE(node.memory, QStringLiteral("8Gi"));
    QVERIFY(node.taints.isEmpty());

    json = testing::makeNode("node-2", false);
    json["spec"] = boost::json::parse(R"({"unschedulable": true, "taints": [
        {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"},
        {"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]})");
    node = nodeViewFromJson(json);
    QCOMPARE(node.readiness, NodeReadiness::Unknown);
    QVERIFY(node.unschedulable);
    QCOMPARE(node.taints, QStringList({QStringLiteral("node.kubernetes.io/unreachable:NoExecute"),
                                       QStringLiteral("dedicated=gpu:NoSchedule")}));
  }

  void aGkeNodeShowsItsNodePool() {
    NodeView node = nodeViewFromJson(boost::json::parse(R"({"metadata": {"name": "gke-1",
        "labels": {"cloud.google.com/gke-nodepool": "pool-a"}}})").as_object());
    QCOMPARE(node.pool, QStringLiteral("pool-a"));
    QCOMPARE(node.readiness, NodeReadiness::Unknown);
  }

  void replicaSetKnowsItsDeploymentAndRevision() {
    WorkloadView workload = workloadViewFromJson(QStringLiteral("ReplicaSet"), boost::json::parse(R"({
      "metadata": {"name": "web-7d4", "namespace": "default",
                   "annotations": {"deployment.kubernetes.io/revision": "2"},
                   "ownerReferences": [{"kind": "Deployment", "name": "web", "controller": true}]},
      "spec": {"replicas": 3}, "status": {"readyReplicas": 2}})").as_object());
    QCOMPARE(workload.desired, 3);
    QCOMPARE(workload.ready, 2);
    QCOMPARE(workload.ownerKind, QStringLiteral("Deployment"));
    QCOMPARE(workload.ownerName, QStringLiteral("web"));
    QCOMPARE(workload.revision, QStringLiteral("2"));
  }

  void serviceAndItsEndpoints() {
    ServiceView service = serviceViewFromJson(boost::json::parse(R"({
      "metadata": {"name": "web", "namespace": "default"},
      "spec": {"type": "NodePort", "clusterIP": "127.96.0.10", "selector": {"app": "web"},
               "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"}]}})").as_object());
    QCOMPARE(service.type, QStringLiteral("NodePort"));
    QCOMPARE(service.ports, QStringList{QStringLiteral("80:30080/TCP")});
    QCOMPARE(service.selector.value(QStringLiteral("app")), QStringLiteral("web"));

    EndpointsView endpoints = endpointsViewFromJson(boost::json::parse(R"({
      "metadata": {"name": "web", "namespace": "default"},
      "subsets": [{"addresses": [{"ip": "127.10.1.2", "targetRef": {"kind": "Pod", "namespace": "default", "name": "web-1"}}],
                   "notReadyAddresses": [{"ip": "127.10.2.2", "targetRef": {"kind": "Pod", "namespace": "default", "name": "web-2"}}]}]
    })").as_object());
    QCOMPARE(endpoints.key, QStringLiteral("default/web"));
    QCOMPARE(endpoints.readyPods, QStringList{QStringLiteral("default/web-1")});
    QCOMPARE(endpoints.notReadyPods, QStringList{QStringLiteral("default/web-2")});
    QCOMPARE(endpoints.readyAddresses, 1);
    QCOMPARE(endpoints.notReadyAddresses, 1);
  }

  void eventTimeFallsBackToCreation() {
    EventView event = eventViewFromJson(boost::json::parse(R"({
      "metadata": {"name": "web.1", "namespace": "default", "creationTimestamp": "2025-01-01T00:00:05Z"},
      "type": "Normal", "reason": "Scheduled", "message": "assigned default/web-1 to node-1",
      "involvedObject": {"kind": "Pod", "name": "web-1", "namespace": "default"},
      "source": {"component": "default-scheduler"}, "count": 2})").as_object());
    QCOMPARE(event.reason, QStringLiteral("Scheduled"));
    QCOMPARE(event.source, QStringLiteral("default-scheduler"));
    QCOMPARE(event.count, 2);
    QCOMPARE(event.lastSeen, QDateTime(QDate(2025, 1, 1), QTime(0, 0, 5), Qt::UTC));
  }
};

QTEST_GUILESS_MAIN(ObjectViewsTest)
#include "objectviews_test.moc"
