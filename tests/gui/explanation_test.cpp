// The inspector's "Why?" pieces: the scheduler's recorded decision as a table, and the rolling
// update's maxSurge/maxUnavailable arithmetic.

#include <QTest>

#include <boost/json/parse.hpp>

#include "rolloutarithmetic.h"
#include "schedulingdecisionmodel.h"

using namespace kubelab::visualizer;

namespace {

// What cluster/scheduler/schedulingdecision.cpp writes (its header documents the shape).
const char* kRecordedDecision =
    R"({"pod":"default/web-7d4-x2k","node":"node-2","nodesTotal":3,"nodesEvaluated":3,"nodesFeasible":2,)"
    R"("weights":{"LeastAllocated":1,"BalancedAllocation":1,"SelectorSpread":2,"TaintToleration":3,"NodeAffinity":2},)"
    R"("nodes":[{"name":"node-2","fit":true,"scores":{"LeastAllocated":87,"BalancedAllocation":95,"SelectorSpread":100,)"
    R"("TaintToleration":100,"NodeAffinity":0},"total":682},)"
    R"({"name":"node-1","fit":true,"scores":{"LeastAllocated":60,"BalancedAllocation":90,"SelectorSpread":50,)"
    R"("TaintToleration":100,"NodeAffinity":0},"total":550},)"
    R"({"name":"node-3","fit":false,"plugin":"NodeResourcesFit","reasons":["Insufficient cpu"]}],"nodesOmitted":0})";

std::shared_ptr<const boost::json::object> schedulingEvent(const std::string& reason, const std::string& time,
                                                           const std::string& record) {
  boost::json::object metadata{{"name", "e-" + time}, {"namespace", "default"}};
  if (!record.empty()) metadata["annotations"] = boost::json::object{{kSchedulingDecisionAnnotation, record}};
  return std::make_shared<const boost::json::object>(boost::json::object{
      {"metadata", metadata}, {"reason", reason}, {"lastTimestamp", time}});
}

}  // namespace

class ExplanationTest : public QObject {
  Q_OBJECT

 private slots:
  void parsesTheRecordedDecision() {
    std::optional<SchedulingDecision> decision = parseSchedulingDecision(QString::fromUtf8(kRecordedDecision));
    QVERIFY(decision);
    QCOMPARE(decision->node, QStringLiteral("node-2"));
    QCOMPARE(decision->nodesFeasible, 2);
    QCOMPARE(decision->plugins.size(), 5);
    QCOMPARE(decision->weights.value("TaintToleration"), 3);
    QCOMPARE(decision->nodes.size(), 3);
    QCOMPARE(decision->nodes[0].total, 682);
    QCOMPARE(decision->nodes[2].fit, false);
    QCOMPARE(decision->nodes[2].reasons, QStringList{"Insufficient cpu"});
    QVERIFY(!parseSchedulingDecision(QStringLiteral("not json")));
    QVERIFY(!parseSchedulingDecision(QStringLiteral("{\"pod\": \"x\"}")));
  }

  void theTableHighlightsTheWinnerAndExplainsRefusals() {
    SchedulingDecisionModel model;
    model.setDecision(parseSchedulingDecision(QString::fromUtf8(kRecordedDecision)));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), 5 + 3);
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Node"));
    QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("LeastAllocated (×1)"));
    QCOMPARE(model.headerData(7, Qt::Horizontal).toString(), QStringLiteral("Total"));
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("node-2 ★ chosen"));
    QVERIFY(model.data(model.index(0, 0), Qt::FontRole).value<QFont>().bold());
    QVERIFY(model.data(model.index(0, 3), Qt::BackgroundRole).isValid());
    QCOMPARE(model.data(model.index(1, 0)).toString(), QStringLiteral("node-1"));
    QVERIFY(!model.data(model.index(1, 0), Qt::BackgroundRole).isValid());
    QCOMPARE(model.data(model.index(1, 1)).toString(), QStringLiteral("fits"));
    QCOMPARE(model.data(model.index(1, 2)).toInt(), 60);
    QCOMPARE(model.data(model.index(1, 7)).toInt(), 550);
    QCOMPARE(model.data(model.index(2, 1)).toString(), QStringLiteral("refused by NodeResourcesFit: Insufficient cpu"));
    QCOMPARE(model.data(model.index(2, 7)).toString(), QStringLiteral("—"));
    model.setDecision(std::nullopt);
    QCOMPARE(model.rowCount(), 0);
  }

  void theNewestRecordedDecisionWins() {
    std::string failed =
        R"({"pod":"default/p","nodesTotal":1,"nodesEvaluated":1,"nodesFeasible":0,"weights":{},)"
        R"("nodes":[{"name":"node-1","fit":false,"plugin":"TaintToleration","reasons":["untolerated taint"]}],)"
        R"("nodesOmitted":0,"message":"0/1 nodes are available"})";
    std::vector<std::shared_ptr<const boost::json::object>> newestFirst{
        schedulingEvent("Pulled", "2025-01-01T00:00:09Z", ""),
        schedulingEvent("Scheduled", "2025-01-01T00:00:05Z", kRecordedDecision),
        schedulingEvent("FailedScheduling", "2025-01-01T00:00:01Z", failed)};
    std::optional<SchedulingDecision> decision = latestSchedulingDecision(newestFirst);
    QVERIFY(decision);
    QCOMPARE(decision->eventReason, QStringLiteral("Scheduled"));
    QCOMPARE(decision->node, QStringLiteral("node-2"));
    decision = latestSchedulingDecision({newestFirst[0], newestFirst[2]});
    QVERIFY(decision);
    QCOMPARE(decision->node, QString());
    QCOMPARE(decision->message, QStringLiteral("0/1 nodes are available"));
    QVERIFY(!latestSchedulingDecision({newestFirst[0]}));
  }

  void rolloutArithmetic_data() {
    QTest::addColumn<int>("replicas");
    QTest::addColumn<QString>("surge");
    QTest::addColumn<QString>("unavailable");
    QTest::addColumn<int>("maxSurge");
    QTest::addColumn<int>("maxUnavailable");
    QTest::addColumn<int>("maxPods");
    QTest::addColumn<int>("minAvailable");
    QTest::newRow("defaults of 10: 2.5 up, 2.5 down") << 10 << "" << "" << 3 << 2 << 13 << 8;
    QTest::newRow("25% of 4") << 4 << "25%" << "25%" << 1 << 1 << 5 << 3;
    QTest::newRow("25% of 3: surge 1, unavailable 0") << 3 << "25%" << "25%" << 1 << 0 << 4 << 3;
    QTest::newRow("25% of 1") << 1 << "25%" << "25%" << 1 << 0 << 2 << 1;
    QTest::newRow("absolute") << 5 << "2" << "1" << 2 << 1 << 7 << 4;
    QTest::newRow("both zero: unavailable becomes 1") << 5 << "0" << "0%" << 0 << 1 << 5 << 4;
    QTest::newRow("30% of 10 and 0") << 10 << "30%" << "0" << 3 << 0 << 13 << 10;
    QTest::newRow("100% unavailable") << 6 << "0" << "100%" << 0 << 6 << 6 << 0;
    QTest::newRow("33% of 7: 2.31") << 7 << "33%" << "33%" << 3 << 2 << 10 << 5;
  }

  void rolloutArithmetic() {
    QFETCH(int, replicas);
    QFETCH(QString, surge);
    QFETCH(QString, unavailable);
    RolloutArithmetic arithmetic = kubelab::visualizer::rolloutArithmetic(replicas, surge, unavailable);
    QTEST(arithmetic.maxSurge, "maxSurge");
    QTEST(arithmetic.maxUnavailable, "maxUnavailable");
    QTEST(arithmetic.maxPods, "maxPods");
    QTEST(arithmetic.minAvailable, "minAvailable");
  }

  void rolloutArithmeticReadsTheDeploymentAndItsReplicaSets() {
    auto deployment = boost::json::parse(R"({"metadata": {"name": "web"}, "spec": {"replicas": 10,
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}}})")
                          .as_object();
    auto oldSet = std::make_shared<const boost::json::object>(boost::json::parse(R"({"metadata": {"name": "web-1",
        "annotations": {"deployment.kubernetes.io/revision": "1"}}, "status": {"replicas": 8, "availableReplicas": 8}})")
                                                                  .as_object());
    auto newSet = std::make_shared<const boost::json::object>(boost::json::parse(R"({"metadata": {"name": "web-2",
        "annotations": {"deployment.kubernetes.io/revision": "2"}}, "status": {"replicas": 5, "availableReplicas": 0}})")
                                                                  .as_object());
    RolloutArithmetic a = kubelab::visualizer::rolloutArithmetic(deployment, {oldSet, newSet});
    QCOMPARE(a.maxPods, 13);
    QCOMPARE(a.minAvailable, 8);
    QCOMPARE(a.currentPods, 13);
    QCOMPARE(a.availablePods, 8);
    QCOMPARE(a.updatedPods, 5);
    QCOMPARE(a.oldReplicaSets, 1);
    QString text = RolloutText::explain(a);
    QVERIFY2(text.contains(QStringLiteral("maxSurge = 25% of 10, rounded up = 3")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("maxUnavailable = 25% of 10, rounded down = 2")));
    QVERIFY(text.contains(QStringLiteral("up to replicas + maxSurge = 10 + 3 = 13 pods")));
    QVERIFY(text.contains(QStringLiteral("at least replicas − maxUnavailable = 10 − 2 = 8 available")));
    QVERIFY(text.contains(QStringLiteral("At the surge limit")));
    QVERIFY(text.contains(QStringLiteral("At the availability floor")));

    deployment["spec"].as_object()["strategy"] = boost::json::object{{"type", "Recreate"}};
    QVERIFY(RolloutText::explain(kubelab::visualizer::rolloutArithmetic(deployment, {})).contains("Recreate"));
  }
};

QTEST_MAIN(ExplanationTest)
#include "explanation_test.moc"
