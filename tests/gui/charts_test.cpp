// The charts' data, without a chart: the Prometheus text parser and the rates and latencies
// from two scrapes (with each client's requests and the store's operations, the cluster view's
// traffic), node usage from metrics.k8s.io, and the rollout and pod-phase series fed with
// synthetic model changes.

#include <QTest>

#include <boost/json/parse.hpp>

#include <cmath>

#include "clusterobjects.h"
#include "controlplanetraffic.h"
#include "fakeclustersource.h"
#include "metricssampler.h"
#include "promtext.h"
#include "seriesmodels.h"

using namespace kubelab::visualizer;
using testing::FakeClusterSource;
using testing::makePod;

namespace {

boost::json::object replicaSet(const std::string& name, int replicas, int ready, const std::string& revision,
                               const std::string& deployment = "web") {
  return boost::json::parse(R"({"kind":"ReplicaSet","metadata":{"name":")" + name +
                            R"(","namespace":"default","uid":"uid-)" + name +
                            R"(","annotations":{"deployment.kubernetes.io/revision":")" + revision +
                            R"("},"ownerReferences":[{"kind":"Deployment","name":")" + deployment +
                            R"(","controller":true}]},"spec":{"replicas":)" + std::to_string(replicas) +
                            R"(},"status":{"replicas":)" + std::to_string(replicas) +
                            R"(,"readyReplicas":)" + std::to_string(ready) + "}}")
      .as_object();
}

boost::json::object deployment(const std::string& name, int generation) {
  return boost::json::parse(R"({"kind":"Deployment","metadata":{"name":")" + name +
                            R"(","namespace":"default","generation":)" + std::to_string(generation) +
                            R"(},"spec":{"replicas":3},"status":{"readyReplicas":3}})")
      .as_object();
}

const char* kScrape1 = R"(# HELP apiserver_request_total Counter of apiserver requests.
# TYPE apiserver_request_total counter
apiserver_request_total{code="200",verb="GET",resource="pods"} 100
apiserver_request_total{code="201",verb="POST",resource="pods"} 20
apiserver_request_duration_seconds_bucket{verb="GET",resource="pods",le="0.005"} 50
apiserver_request_duration_seconds_bucket{verb="GET",resource="pods",le="0.1"} 90
apiserver_request_duration_seconds_bucket{verb="GET",resource="pods",le="+Inf"} 100
apiserver_request_duration_seconds_sum{verb="GET",resource="pods"} 2.5
apiserver_request_duration_seconds_count{verb="GET",resource="pods"} 100
)";

// Two seconds later: 40 more GETs (all between 5 ms and 100 ms) and 20 more POSTs, all fast.
const char* kScrape2 = R"(apiserver_request_total{code="200",verb="GET",resource="pods"} 140
apiserver_request_total{code="201",verb="POST",resource="pods"} 40
apiserver_request_duration_seconds_bucket{verb="GET",resource="pods",le="0.005"} 50
apiserver_request_duration_seconds_bucket{verb="GET",resource="pods",le="0.1"} 130
apiserver_request_duration_seconds_bucket{verb="GET",resource="pods",le="+Inf"} 140
apiserver_request_duration_seconds_sum{verb="GET",resource="pods"} 4.5
apiserver_request_duration_seconds_count{verb="GET",resource="pods"} 140
apiserver_request_duration_seconds_bucket{verb="POST",resource="pods",le="0.005"} 20
apiserver_request_duration_seconds_bucket{verb="POST",resource="pods",le="0.1"} 20
apiserver_request_duration_seconds_bucket{verb="POST",resource="pods",le="+Inf"} 20
apiserver_request_duration_seconds_sum{verb="POST",resource="pods"} 0.04
apiserver_request_duration_seconds_count{verb="POST",resource="pods"} 20
)";

bool near(std::optional<double> value, double expected) { return value && qFuzzyCompare(*value + 1, expected + 1); }

}  // namespace

class ChartsTest : public QObject {
  Q_OBJECT

 private slots:
  void parsesSamplesWithLabelsAndSkipsComments() {
    auto samples = parsePrometheusText(
        "# TYPE x counter\nx_total{a=\"1\",b=\"q\\\"uote\"} 3.5\nplain 7 1700000000\n\nbroken{a=\"1\" 2\ninf{le=\"+Inf\"} +Inf\n");
    QCOMPARE(samples.size(), std::size_t{3});
    QCOMPARE(samples[0].name, std::string("x_total"));
    QCOMPARE(samples[0].labels.at("a"), std::string("1"));
    QCOMPARE(samples[0].labels.at("b"), std::string("q\"uote"));
    QCOMPARE(samples[0].value, 3.5);
    QCOMPARE(samples[1].name, std::string("plain"));
    QCOMPARE(samples[1].value, 7.0);
    QVERIFY(std::isinf(samples[2].value));
  }

  void ratesAndLatencyFromTwoScrapes() {
    ApiRequestTotals first = apiRequestTotals(parsePrometheusText(kScrape1));
    ApiRequestTotals second = apiRequestTotals(parsePrometheusText(kScrape2));
    QCOMPARE(first.requests, 120.0);
    QCOMPARE(second.buckets.at(0.005), 70.0);  // summed over verbs
    ApiRequestRate rate = apiRequestRate(first, second, 2.0);
    QCOMPARE(rate.requestsPerSecond, 30.0);  // 60 requests in 2 s
    QVERIFY(rate.meanLatency);
    QVERIFY(qFuzzyCompare(*rate.meanLatency, 2.04 / 60));
    // In the window: 20 requests ≤ 5 ms, 40 in (5 ms, 100 ms]. The median (rank 30) is a
    // quarter into the second bucket; p99 (rank 59.4) near its top.
    QVERIFY(rate.p50 && rate.p99);
    QVERIFY(qFuzzyCompare(*rate.p50, 0.005 + 0.095 * 10 / 40));
    QVERIFY(qFuzzyCompare(*rate.p99, 0.005 + 0.095 * 39.4 / 40));
  }

  void aRestartedServerCountsFromZero() {
    ApiRequestTotals before = apiRequestTotals(parsePrometheusText(kScrape2));
    ApiRequestTotals after = apiRequestTotals(parsePrometheusText(kScrape1));
    ApiRequestRate rate = apiRequestRate(before, after, 2.0);
    QCOMPARE(rate.requestsPerSecond, 60.0);
    ApiRequestRate idle = apiRequestRate(before, before, 2.0);
    QCOMPARE(idle.requestsPerSecond, 0.0);
    QVERIFY(!idle.meanLatency);
    QVERIFY(!idle.p50);
  }

  void requestsPerClientAndStoreOperationsFromTwoScrapes() {
    const char* first = R"(apiserver_request_total{code="200",verb="GET",resource="pods"} 100
kubelab_apiserver_client_requests_total{user="system:kube-scheduler"} 10
kubelab_apiserver_client_requests_total{user="system:kube-controller-manager"} 50
kubelab_apiserver_client_requests_total{user="system:node:node-1"} 30
kubelab_apiserver_client_requests_total{user="system:kube-proxy"} 10
etcd_requests_total{operation="get",type="pods"} 200
etcd_requests_total{operation="update",type="pods"} 40
)";
    const char* second = R"(apiserver_request_total{code="200",verb="GET",resource="pods"} 140
kubelab_apiserver_client_requests_total{user="system:kube-scheduler"} 16
kubelab_apiserver_client_requests_total{user="system:kube-controller-manager"} 54
kubelab_apiserver_client_requests_total{user="system:node:node-1"} 40
kubelab_apiserver_client_requests_total{user="system:node:node-2"} 4
kubelab_apiserver_client_requests_total{user="system:kube-proxy"} 12
etcd_requests_total{operation="get",type="pods"} 230
etcd_requests_total{operation="update",type="pods"} 50
)";
    ApiRequestRate rate =
        apiRequestRate(apiRequestTotals(parsePrometheusText(first)), apiRequestTotals(parsePrometheusText(second)), 2.0);
    QVERIFY(rate.hasClientRequests);
    QCOMPARE(rate.clientRequestsPerSecond.at("system:kube-scheduler"), 3.0);
    QCOMPARE(rate.clientRequestsPerSecond.at("system:kube-controller-manager"), 2.0);
    QCOMPARE(rate.clientRequestsPerSecond.at("system:node:node-2"), 2.0);  // new since the first scrape
    QVERIFY(rate.storeOperationsPerSecond);
    QCOMPARE(*rate.storeOperationsPerSecond, 20.0);  // 40 operations in 2 s, over operations and types

    // What the boxes show: each component's own identity, the API server's total, the store's.
    ControlPlaneTraffic traffic = controlPlaneTraffic(rate);
    QVERIFY(near(traffic.ofComponent(QStringLiteral("apiserver")), 20.0));
    QVERIFY(near(traffic.ofComponent(QStringLiteral("store")), 20.0));
    QVERIFY(near(traffic.ofComponent(QStringLiteral("scheduler")), 3.0));
    QVERIFY(near(traffic.ofComponent(QStringLiteral("kube-controller-manager")), 2.0));
    QVERIFY(near(traffic.ofComponent(QStringLiteral("cloud-controller-manager")), 0.0));
    QVERIFY(near(traffic.nodes(), 5.0 + 2.0 + 1.0));  // kubelets and the proxy
  }

  void aRealClusterHasOnlyTheTotalAndTheStore() {
    // kube-apiserver: no per-client counter; etcd_requests_total with 1.33's labels.
    const char* first = "apiserver_request_total{code=\"200\"} 10\n"
                        "etcd_requests_total{operation=\"get\",group=\"\",resource=\"pods\"} 5\n";
    const char* second = "apiserver_request_total{code=\"200\"} 30\n"
                         "etcd_requests_total{operation=\"get\",group=\"\",resource=\"pods\"} 9\n";
    ApiRequestRate rate =
        apiRequestRate(apiRequestTotals(parsePrometheusText(first)), apiRequestTotals(parsePrometheusText(second)), 2.0);
    QVERIFY(!rate.hasClientRequests);
    ControlPlaneTraffic traffic = controlPlaneTraffic(rate);
    QVERIFY(near(traffic.ofComponent(QStringLiteral("apiserver")), 10.0));
    QVERIFY(near(traffic.ofComponent(QStringLiteral("store")), 2.0));
    QVERIFY(!traffic.ofComponent(QStringLiteral("scheduler")));
    QVERIFY(!traffic.nodes());
    // No store metric at all (an older server): the store's figure is unknown, not zero.
    ApiRequestRate bare = apiRequestRate(apiRequestTotals(parsePrometheusText("apiserver_request_total 1\n")),
                                         apiRequestTotals(parsePrometheusText("apiserver_request_total 3\n")), 2.0);
    QVERIFY(!controlPlaneTraffic(bare).store);
  }

  void aClientCounterThatWentDownCountsFromZero() {
    ApiRequestTotals before;
    before.hasClientRequests = true;
    before.clientRequests = {{"system:kube-scheduler", 100}};
    ApiRequestTotals after = before;
    after.clientRequests = {{"system:kube-scheduler", 8}};
    QCOMPARE(apiRequestRate(before, after, 2.0).clientRequestsPerSecond.at("system:kube-scheduler"), 4.0);
  }

  void trafficFiguresReadAsStudentsExpect() {
    QCOMPARE(requestsPerSecondText(0.26), QStringLiteral("0.3 req/s"));
    QCOMPARE(requestsPerSecondText(12.4), QStringLiteral("12 req/s"));
    QCOMPARE(operationsPerSecondText(30), QStringLiteral("30 ops/s"));
  }

  void quantileInTheInfBucketIsTheHighestBound() {
    std::map<double, double> buckets{{0.1, 0}, {1.0, 0}, {INFINITY, 10}};
    QCOMPARE(*histogramQuantile(0.5, buckets), 1.0);
    QVERIFY(!histogramQuantile(0.5, {{INFINITY, 0}}));
  }

  void nodeUsageFromMetricsApi() {
    auto list = boost::json::parse(
                    R"({"kind":"NodeMetricsList","items":[
                      {"metadata":{"name":"node-1"},"usage":{"cpu":"250m","memory":"512Mi"}},
                      {"metadata":{"name":"node-2"},"usage":{"cpu":"1500000n","memory":"1Gi"}},
                      {"metadata":{"name":"bad"},"usage":{"cpu":"lots"}}]})")
                    .as_object();
    QList<NodeUsage> nodes = nodeUsageFromJson(list);
    QCOMPARE(nodes.size(), 2);
    QCOMPARE(nodes[0].node, QStringLiteral("node-1"));
    QCOMPARE(nodes[0].cpuCores, 0.25);
    QCOMPARE(nodes[0].memoryBytes, 512.0 * 1024 * 1024);
    QCOMPARE(nodes[1].cpuCores, 0.002);  // rounded up to a thousandth, as the API does
  }

  void historyIsBoundedAndKeepsTheValueAtTheWindowStart() {
    SeriesHistory history(1000);
    history.append(QStringLiteral("a"), 0, 1);
    history.append(QStringLiteral("a"), 100, 1);  // unchanged: not stored
    history.append(QStringLiteral("a"), 500, 2);
    history.append(QStringLiteral("a"), 1800, 3);
    QCOMPARE(history.points(QStringLiteral("a")).size(), 3);
    history.trim(2000);
    QList<SeriesPoint> expected{{1000, 2}, {1800, 3}};
    QCOMPARE(history.points(QStringLiteral("a")), expected);
  }

  void rolloutOldReplicaSetFallsWhileTheNewOneRises() {
    qint64 now = 1000;
    ClusterModel model;
    auto source = std::make_unique<FakeClusterSource>();
    FakeClusterSource* feed = source.get();
    model.setSource(std::move(source));
    RolloutSeries series(&model, [&now] { return now; });
    feed->upsert(ResourceKind::Deployment, deployment("web", 1));
    feed->upsert(ResourceKind::ReplicaSet, replicaSet("web-old", 3, 3, "1"));
    feed->upsert(ResourceKind::ReplicaSet, replicaSet("other-1", 2, 2, "1", "other"));
    feed->markSynced();
    QTRY_VERIFY(model.hasSynced());
    QCOMPARE(series.deployment(), QStringLiteral("default/web"));
    // The rollout: new up one, old down one, three times.
    for (int step = 1; step <= 3; ++step) {
      now += 1000;
      feed->upsert(ResourceKind::ReplicaSet, replicaSet("web-new", step, step, "2"));
      model.flushNow();
      now += 1000;
      feed->upsert(ResourceKind::ReplicaSet, replicaSet("web-old", 3 - step, 3 - step, "1"));
      model.flushNow();
    }
    QCOMPARE(series.replicaSets(), (QStringList{QStringLiteral("default/web-old"), QStringLiteral("default/web-new")}));
    QList<SeriesPoint> old = series.readyPoints(QStringLiteral("default/web-old"));
    QList<SeriesPoint> fresh = series.readyPoints(QStringLiteral("default/web-new"));
    QCOMPARE(valueAt(old, 1000), 3.0);
    QCOMPARE(valueAt(old, 7000), 0.0);
    QCOMPARE(valueAt(fresh, 1000), 0.0);
    QCOMPARE(valueAt(fresh, 2000), 1.0);
    QCOMPARE(valueAt(fresh, 7000), 3.0);
    // The old one only ever falls, the new one only ever rises.
    for (qsizetype i = 1; i < old.size(); ++i) QVERIFY(old[i].value < old[i - 1].value);
    for (qsizetype i = 1; i < fresh.size(); ++i) QVERIFY(fresh[i].value > fresh[i - 1].value);
    QCOMPARE(series.revision(QStringLiteral("default/web-new")), QStringLiteral("2"));
    // Another Deployment can be chosen.
    series.setDeployment(QStringLiteral("default/other"));
    QCOMPARE(series.replicaSets(), QStringList{QStringLiteral("default/other-1")});
  }

  void podsByPhaseOverTime() {
    qint64 now = 0;
    ClusterModel model;
    auto source = std::make_unique<FakeClusterSource>();
    FakeClusterSource* feed = source.get();
    model.setSource(std::move(source));
    PodPhaseSeries series(&model, [&now] { return now; });
    now = 100;
    feed->upsert(ResourceKind::Pod, makePod("a"));
    feed->upsert(ResourceKind::Pod, makePod("b"));
    model.flushNow();
    now = 200;
    feed->upsert(ResourceKind::Pod, makePod("a", "node-1", "Running", true));
    model.flushNow();
    now = 300;
    feed->remove(ResourceKind::Pod, makePod("b"));
    model.flushNow();
    QList<SeriesPoint> pending = series.points(QStringLiteral("Pending"));
    QList<SeriesPoint> running = series.points(QStringLiteral("Running"));
    QCOMPARE(valueAt(pending, 100), 2.0);
    QCOMPARE(valueAt(pending, 200), 1.0);
    QCOMPARE(valueAt(pending, 300), 0.0);
    QCOMPARE(valueAt(running, 150), 0.0);
    QCOMPARE(valueAt(running, 300), 1.0);
  }
};

QTEST_MAIN(ChartsTest)
#include "charts_test.moc"
