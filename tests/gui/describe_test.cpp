// The inspector's pure functions: describe rows per kind, related events, owner chains and the
// owner's events that explain a pod.

#include <QTest>

#include <boost/json/parse.hpp>

#include "clusterobjects.h"
#include "describe.h"

using namespace kubelab::visualizer;

namespace {

QString valueOf(const QList<DescribeRow>& rows, const QString& label, int indent = 0) {
  for (const DescribeRow& row : rows) {
    if (row.label == label && row.indent == indent) return row.value;
  }
  return QStringLiteral("<missing %1>").arg(label);
}

bool hasRow(const QList<DescribeRow>& rows, const QString& label) {
  for (const DescribeRow& row : rows) {
    if (row.label == label) return true;
  }
  return false;
}

JsonPointer parse(const char* text) {
  return std::make_shared<const boost::json::object>(boost::json::parse(text).as_object());
}

JsonPointer makeEvent(const std::string& name, const std::string& kind, const std::string& involved,
                  const std::string& reason, const std::string& message, const std::string& time,
                  const std::string& uid = "") {
  boost::json::object involvedObject{{"kind", kind}, {"name", involved}, {"namespace", "default"}};
  if (!uid.empty()) involvedObject["uid"] = uid;
  boost::json::object object{{"metadata", boost::json::object{{"name", name}, {"namespace", "default"}}},
                             {"involvedObject", involvedObject},
                             {"reason", reason},
                             {"message", message},
                             {"lastTimestamp", time}};
  return std::make_shared<const boost::json::object>(std::move(object));
}

}  // namespace

class DescribeTest : public QObject {
  Q_OBJECT

 private slots:
  void describesAPod() {
    boost::json::object pod = testing::makePod("web-1", "node-2", "Running", true, "web-7d4");
    auto& status = pod["status"].as_object();
    status["podIP"] = "10.244.1.7";
    auto& container = status["containerStatuses"].as_array()[0].as_object();
    container["restartCount"] = 2;
    container["state"] = boost::json::object{{"running", boost::json::object{{"startedAt", "2025-01-01T00:05:00Z"}}}};
    container["lastState"] = boost::json::object{
        {"terminated", boost::json::object{{"reason", "OOMKilled"}, {"exitCode", 137}, {"finishedAt", "2025-01-01T00:04:59Z"}}}};
    QList<DescribeRow> rows = Describe::pod(pod);
    QCOMPARE(valueOf(rows, "Name"), QStringLiteral("web-1"));
    QCOMPARE(valueOf(rows, "Node"), QStringLiteral("node-2"));
    QCOMPARE(valueOf(rows, "IP"), QStringLiteral("10.244.1.7"));
    QCOMPARE(valueOf(rows, "Status"), QStringLiteral("Running"));
    QCOMPARE(valueOf(rows, "Controlled by"), QStringLiteral("ReplicaSet/web-7d4"));
    QCOMPARE(valueOf(rows, "Ready", 1), QStringLiteral("True"));  // the Ready condition
    QCOMPARE(valueOf(rows, "Image", 2), QStringLiteral("nginx"));
    QCOMPARE(valueOf(rows, "State", 2), QStringLiteral("Running, started 2025-01-01T00:05:00Z"));
    QCOMPARE(valueOf(rows, "Last state", 2), QStringLiteral("Terminated: OOMKilled, exit code 137, at 2025-01-01T00:04:59Z"));
    QCOMPARE(valueOf(rows, "Restart count", 2), QStringLiteral("2"));
    QString text = Describe::text(rows);
    QVERIFY2(text.contains(QStringLiteral("\nNode:")), qPrintable(text));
    // Values line up within each section ("Controlled by" is the longest top-level label).
    QVERIFY2(text.contains(QStringLiteral("\nNode:           node-2\n")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("\nControlled by:  ReplicaSet/web-7d4\n")));
    QVERIFY(text.contains(QStringLiteral("\n    Image:          nginx\n")));
    QVERIFY(text.contains(QStringLiteral("\n    Restart count:  2\n")));
  }

  void anUnscheduledPodSaysNone() {
    QList<DescribeRow> rows = Describe::pod(testing::makePod("lonely"));
    QCOMPARE(valueOf(rows, "Node"), QStringLiteral("<none>"));
    QCOMPARE(valueOf(rows, "Controlled by"), QStringLiteral("<none>"));
    QCOMPARE(valueOf(rows, "State", 2), QStringLiteral("<unknown>"));
  }

  void describesANode() {
    boost::json::object node = testing::makeNode("node-1", true, "gpu");
    node["spec"] = boost::json::object{
        {"taints", boost::json::array{boost::json::object{{"key", "gpu"}, {"value", "yes"}, {"effect", "NoSchedule"}}}}};
    node["status"].as_object()["allocatable"] = boost::json::object{{"cpu", "3800m"}, {"memory", "7Gi"}, {"pods", "110"}};
    QList<DescribeRow> rows = Describe::node(node, {"default/web-2", "default/web-1"});
    QCOMPARE(valueOf(rows, "Pool"), QStringLiteral("gpu"));
    QCOMPARE(valueOf(rows, "Taints"), QStringLiteral("gpu=yes:NoSchedule"));
    QCOMPARE(valueOf(rows, "Ready", 1), QStringLiteral("True"));
    QCOMPARE(valueOf(rows, "cpu", 1), QStringLiteral("4"));  // capacity comes first
    QString text = Describe::text(rows);
    QVERIFY2(text.contains(QStringLiteral("Allocatable:\n  cpu:")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("3800m")));
    QVERIFY(text.contains(QStringLiteral("Pods (2):\n  default/web-1:\n  default/web-2:")));
  }

  void describesADeploymentAndAReplicaSet() {
    JsonPointer deployment = parse(R"({"metadata": {"name": "web", "namespace": "default"},
      "spec": {"replicas": 10, "selector": {"matchLabels": {"app": "web"}},
               "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "30%", "maxUnavailable": 2}},
               "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.28"}]}}},
      "status": {"replicas": 12, "updatedReplicas": 4, "availableReplicas": 8, "unavailableReplicas": 4}})");
    QList<DescribeRow> rows = Describe::workload(ResourceKind::Deployment, *deployment);
    QCOMPARE(valueOf(rows, "Replicas"), QStringLiteral("10 desired | 4 updated | 12 total | 8 available | 4 unavailable"));
    QCOMPARE(valueOf(rows, "Strategy"), QStringLiteral("RollingUpdate"));
    QCOMPARE(valueOf(rows, "Rolling update"), QStringLiteral("2 max unavailable, 30% max surge"));
    QCOMPARE(valueOf(rows, "Selector"), QStringLiteral("app=web"));
    QCOMPARE(valueOf(rows, "Container", 1), QStringLiteral("nginx: nginx:1.28"));

    JsonPointer replicaSet = parse(R"({"metadata": {"name": "web-7d4", "namespace": "default",
        "annotations": {"deployment.kubernetes.io/revision": "3"},
        "ownerReferences": [{"kind": "Deployment", "name": "web", "controller": true}]},
      "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "7d4"}}},
      "status": {"replicas": 3, "readyReplicas": 2, "availableReplicas": 1}})");
    rows = Describe::workload(ResourceKind::ReplicaSet, *replicaSet);
    QCOMPARE(valueOf(rows, "Replicas"), QStringLiteral("3 desired | 3 current | 2 ready | 1 available"));
    QCOMPARE(valueOf(rows, "Controlled by"), QStringLiteral("Deployment/web"));
    QCOMPARE(valueOf(rows, "Revision"), QStringLiteral("3"));
    QVERIFY(!hasRow(rows, "Strategy"));
  }

  void describesAServiceWithItsReadyEndpoints() {
    JsonPointer service = parse(R"({"metadata": {"name": "web", "namespace": "default"},
      "spec": {"type": "NodePort", "clusterIP": "10.96.0.20", "selector": {"app": "web"},
               "ports": [{"name": "http", "port": 80, "targetPort": 8080, "nodePort": 30080, "protocol": "TCP"}]}})");
    JsonPointer endpoints = parse(R"({"metadata": {"name": "web", "namespace": "default"},
      "subsets": [{"addresses": [{"ip": "10.244.0.5"}, {"ip": "10.244.1.6"}], "notReadyAddresses": [{"ip": "10.244.2.9"}],
                   "ports": [{"port": 8080}]}]})");
    QList<DescribeRow> rows = Describe::service(*service, endpoints.get());
    QCOMPARE(valueOf(rows, "Type"), QStringLiteral("NodePort"));
    QCOMPARE(valueOf(rows, "Cluster IP"), QStringLiteral("10.96.0.20"));
    QCOMPARE(valueOf(rows, "http", 1), QStringLiteral("80/TCP → target 8080, node port 30080"));
    QCOMPARE(valueOf(rows, "Ready endpoints"), QStringLiteral("10.244.0.5:8080, 10.244.1.6:8080"));
    QCOMPARE(valueOf(rows, "Not ready endpoints"), QStringLiteral("10.244.2.9:8080"));
    QCOMPARE(valueOf(Describe::service(*service, nullptr), "Ready endpoints"), QStringLiteral("<none>"));
  }

  void relatedEventsMatchByUidOrNameNewestFirst() {
    std::vector<JsonPointer> events{
        makeEvent("e1", "Pod", "web-1", "Scheduled", "assigned", "2025-01-01T00:00:01Z", "uid-web-1"),
        makeEvent("e2", "Pod", "web-1", "Pulled", "pulled", "2025-01-01T00:00:05Z"),             // no uid: by name
        makeEvent("e3", "Pod", "web-1", "Killing", "old one", "2025-01-01T00:00:09Z", "uid-old"),  // same name, other uid
        makeEvent("e4", "Pod", "web-2", "Started", "other pod", "2025-01-01T00:00:07Z"),
    };
    std::vector<JsonPointer> related = relatedEvents(events, "Pod", "default", "web-1", "uid-web-1");
    QCOMPARE(related.size(), std::size_t(2));
    QCOMPARE(related[0].get(), events[1].get());  // newest first
    QCOMPARE(related[1].get(), events[0].get());
  }

  void ownerChainFollowsControllersToTheDeployment() {
    JsonPointer replicaSet = parse(R"({"metadata": {"name": "web-7d4", "namespace": "default",
        "ownerReferences": [{"kind": "Deployment", "name": "web", "controller": true}]}})");
    JsonPointer deployment = parse(R"({"metadata": {"name": "web", "namespace": "default"}})");
    ObjectLookup lookup = [&](ResourceKind kind, const QString& key) -> JsonPointer {
      if (kind == ResourceKind::ReplicaSet && key == QLatin1String("default/web-7d4")) return replicaSet;
      if (kind == ResourceKind::Deployment && key == QLatin1String("default/web")) return deployment;
      return nullptr;
    };
    boost::json::object pod = testing::makePod("web-7d4-x", "node-1", "Running", true, "web-7d4");
    QList<OwnerLink> chain = ownerChain(ResourceKind::Pod, pod, lookup);
    QCOMPARE(chain.size(), 2);
    QCOMPARE(chain[0], (OwnerLink{ResourceKind::ReplicaSet, "default/web-7d4", true}));
    QCOMPARE(chain[1], (OwnerLink{ResourceKind::Deployment, "default/web", true}));

    // An owner the model does not know ends the chain, but is still named.
    QList<OwnerLink> orphan = ownerChain(ResourceKind::Pod, testing::makePod("x", "", "Pending", false, "gone"),
                                         lookup);
    QCOMPARE(orphan.size(), 1);
    QCOMPARE(orphan[0], (OwnerLink{ResourceKind::ReplicaSet, "default/gone", false}));
    QVERIFY(ownerChain(ResourceKind::Pod, testing::makePod("bare"), lookup).isEmpty());
  }

  void lifecycleEventsExplainWhyAPodExists() {
    boost::json::object pod = testing::makePod("web-7d4-x", "node-1", "Running", true, "web-7d4");
    QList<OwnerLink> owners{{ResourceKind::ReplicaSet, "default/web-7d4", true},
                            {ResourceKind::Deployment, "default/web", true}};
    std::vector<JsonPointer> events{
        makeEvent("a", "ReplicaSet", "web-7d4", "SuccessfulCreate", "Created pod: web-7d4-x", "2025-01-01T00:00:02Z"),
        makeEvent("b", "ReplicaSet", "web-7d4", "SuccessfulCreate", "Created pod: web-7d4-y", "2025-01-01T00:00:03Z"),
        makeEvent("c", "Deployment", "web", "ScalingReplicaSet", "Scaled up replica set web-7d4 to 2", "2025-01-01T00:00:01Z"),
        makeEvent("d", "Deployment", "web", "ScalingReplicaSet", "Scaled down replica set web-5f1 to 0", "2025-01-01T00:00:04Z"),
    };
    std::vector<JsonPointer> found = podLifecycleEvents(events, pod, owners);
    QCOMPARE(found.size(), std::size_t(2));
    QCOMPARE(found[0].get(), events[0].get());
    QCOMPARE(found[1].get(), events[2].get());
  }
};

QTEST_GUILESS_MAIN(DescribeTest)
#include "describe_test.moc"
