// What /metrics says about requests: Kubernetes' request counter, requests by authenticated
// user (KubeLab's own counter, the cluster view's traffic) and the store operations behind them
// under kube-apiserver's etcd_requests_total.

#include "apiserver/requestmetrics.h"

#include <gtest/gtest.h>

namespace kubelab::apiserver {
namespace {

bool contains(const std::string& text, const std::string& line) { return text.find(line) != std::string::npos; }

TEST(RequestMetricsTest, CountsRequestsByAuthenticatedUser) {
  RequestMetrics metrics;
  metrics.recordClient("system:kube-scheduler");
  metrics.recordClient("system:kube-scheduler");
  metrics.recordClient("system:node:node-1");
  metrics.recordClient("system:anonymous");
  std::string text = metrics.render();
  EXPECT_TRUE(contains(text, "# TYPE kubelab_apiserver_client_requests_total counter\n")) << text;
  EXPECT_TRUE(contains(text, "kubelab_apiserver_client_requests_total{user=\"system:kube-scheduler\"} 2\n")) << text;
  EXPECT_TRUE(contains(text, "kubelab_apiserver_client_requests_total{user=\"system:node:node-1\"} 1\n")) << text;
  EXPECT_TRUE(contains(text, "kubelab_apiserver_client_requests_total{user=\"system:anonymous\"} 1\n")) << text;
}

TEST(RequestMetricsTest, RendersKubernetesRequestCounterAndHistogram) {
  RequestMetrics metrics;
  RequestLabels list{"LIST", "", "v1", "pods", "", "namespace"};
  metrics.record(list, 200, std::chrono::milliseconds(3));
  metrics.record(list, 200, std::chrono::milliseconds(30));
  std::string text = metrics.render();
  EXPECT_TRUE(contains(text,
                       "apiserver_request_total{code=\"200\",component=\"apiserver\",group=\"\",resource=\"pods\","
                       "scope=\"namespace\",subresource=\"\",verb=\"LIST\",version=\"v1\"} 2\n"))
      << text;
  EXPECT_TRUE(contains(text, "le=\"0.005\"} 1\n")) << text;
  EXPECT_TRUE(contains(text, "le=\"+Inf\"} 2\n")) << text;
}

TEST(RequestMetricsTest, EscapesLabelValues) {
  EXPECT_EQ(escapeLabelValue("plain"), "plain");
  EXPECT_EQ(escapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  RequestMetrics metrics;
  metrics.recordClient("odd\"user");
  EXPECT_TRUE(contains(metrics.render(), "{user=\"odd\\\"user\"} 1\n"));
}

TEST(StorageMetricsTest, CountsOperationsByTypeUnderKubernetesName) {
  StorageMetrics metrics;
  metrics.record("get", "pods");
  metrics.record("get", "pods");
  metrics.record("update", "deployments.apps");
  std::string text = metrics.render();
  EXPECT_TRUE(contains(text, "# TYPE etcd_requests_total counter\n")) << text;
  EXPECT_TRUE(contains(text, "etcd_requests_total{operation=\"get\",type=\"pods\"} 2\n")) << text;
  EXPECT_TRUE(contains(text, "etcd_requests_total{operation=\"update\",type=\"deployments.apps\"} 1\n")) << text;
}

}  // namespace
}  // namespace kubelab::apiserver
