#pragma once
// The Prometheus text format as the API server's /metrics writes it, parsed by a small pure
// function, and the two scrapes' difference turned into what the charts show: requests per
// second and latency (the mean, and p50/p99 interpolated in the duration histogram's buckets,
// as PromQL's histogram_quantile does), requests per second of each client, and the store
// operations per second behind them.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubelab::visualizer {

struct PromSample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// Comment lines and lines that do not parse are skipped.
std::vector<PromSample> parsePrometheusText(std::string_view text);

// One scrape of the API server's request metrics, summed over verbs, resources and codes.
struct ApiRequestTotals {
  double requests = 0;          // apiserver_request_total
  double durationSum = 0;       // apiserver_request_duration_seconds_sum
  double durationCount = 0;     // apiserver_request_duration_seconds_count
  std::map<double, double> buckets;  // upper bound (+Inf as infinity) -> cumulative count
  // kubelab_apiserver_client_requests_total by its user label; only our API server has it.
  bool hasClientRequests = false;
  std::map<std::string, double> clientRequests;
  // etcd_requests_total summed over operations and types; kube-apiserver has it too.
  std::optional<double> storeOperations;
};

ApiRequestTotals apiRequestTotals(const std::vector<PromSample>& samples);

// Between two scrapes `seconds` apart. Latencies are in seconds; nullopt when no request
// finished in between. A counter that went down (the server restarted) counts from zero.
struct ApiRequestRate {
  double requestsPerSecond = 0;
  std::optional<double> meanLatency;
  std::optional<double> p50;
  std::optional<double> p99;
  // Requests/s by authenticated user; empty when the server does not say (a real cluster).
  std::map<std::string, double> clientRequestsPerSecond;
  bool hasClientRequests = false;
  // The API server's requests to its store, per second; nullopt when the server does not say.
  std::optional<double> storeOperationsPerSecond;
};

ApiRequestRate apiRequestRate(const ApiRequestTotals& previous, const ApiRequestTotals& current, double seconds);

// The q-quantile (0..1) of a cumulative histogram; nullopt when it is empty.
std::optional<double> histogramQuantile(double q, const std::map<double, double>& cumulativeBuckets);

}  // namespace kubelab::visualizer
