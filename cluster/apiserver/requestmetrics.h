#pragma once
// Request counts and latencies by verb and resource, exposed at /metrics in Prometheus' text
// format under Kubernetes' metric names (apiserver_request_total,
// apiserver_request_duration_seconds), so the same dashboards and the desktop app's charts
// read them.

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
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
};

}  // namespace kubelab::apiserver
