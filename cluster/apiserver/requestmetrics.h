#pragma once
// Request counts and latencies by verb and resource, exposed at /metrics in Prometheus' text
// format under Kubernetes' metric names (apiserver_request_total,
// apiserver_request_duration_seconds), so the same dashboards and the desktop app's charts
// read them. Two more say who asks and what it costs the store: requests by authenticated
// user (kubelab_apiserver_client_requests_total, our own: kube-apiserver has no per-user
// counter, and a lab has only a handful of identities), and the store operations behind them
// (etcd_requests_total, Kubernetes' name and labels). The cluster view draws both as traffic
// between the control-plane boxes.

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

#include "http/httpserver.h"

namespace kubelab::apiserver {

struct RequestLabels {
  std::string verb;  // GET, LIST, WATCH, POST, PUT, PATCH, DELETE, DELETECOLLECTION
  std::string group;
  std::string version;
  std::string resource;
  std::string subresource;
  std::string scope;  // cluster, namespace, resource; "" for non-resource requests
  auto key() const { return std::tie(verb, group, version, resource, subresource, scope); }
  bool operator<(const RequestLabels& other) const { return key() < other.key(); }
};

class RequestMetrics {
 public:
  static constexpr std::array<double, 12> bucketBounds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                       0.1,   0.25,   0.5,   1.0,  2.5,   5.0};

  void record(const RequestLabels& labels, unsigned code, std::chrono::duration<double> latency);
  // One request from this authenticated user ("system:anonymous" when it had no credentials).
  void recordClient(const std::string& user);
  std::string render() const;

  // Wraps an exchange so that its answer is recorded under `labels` when it is sent.
  std::shared_ptr<http::Exchange> measure(std::shared_ptr<http::Exchange> exchange, RequestLabels labels);

 private:
  struct Histogram {
    std::array<std::uint64_t, bucketBounds.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<RequestLabels, unsigned>, std::uint64_t> totals_;
  std::map<RequestLabels, Histogram> durations_;
  std::map<std::string, std::uint64_t> clients_;
};

// The API server's requests to its store, as kube-apiserver counts them in etcd3/store.go:
// operation "get", "list", "create", "update" or "delete", and type the qualified resource
// ("pods", "deployments.apps"). Watches are long-lived streams and not counted, as there.
class StorageMetrics {
 public:
  void record(const char* operation, const std::string& type);
  std::string render() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> totals_;
};

// A Prometheus label value with backslash, double quote and newline escaped.
std::string escapeLabelValue(std::string_view value);

}  // namespace kubelab::apiserver
