#pragma once
// metrics.k8s.io/v1beta1 (what metrics-server serves through aggregation, and `kubectl top`
// reads), served by the API server itself: NodeMetrics and PodMetrics from the kubelets'
// /stats/summary. CPU is a rate: the cumulative CPU time of two scrapes apart, divided by the
// time between them (the window), so the previous sample of each node and container is kept,
// as metrics-server does; memory is the working set of the latest scrape.

#include <boost/json/object.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "apiserver/kubeletconnection.h"
#include "apiserver/requestinfo.h"
#include "http/httpserver.h"

namespace kubelab::apiserver {

inline constexpr const char* kMetricsGroup = "metrics.k8s.io";
inline constexpr const char* kMetricsVersion = "v1beta1";

// Discovery for the group: its APIResourceList (nodes, pods; get and list).
boost::json::object metricsResourceList();

// One cumulative reading, and the rate between two.
struct UsageSample {
  std::chrono::system_clock::time_point time;
  std::int64_t cpuNanoseconds = 0;  // cumulative CPU time
  std::uint64_t memoryBytes = 0;    // working set
};
struct Usage {
  std::int64_t nanoCores = 0;
  std::uint64_t memoryBytes = 0;
  std::chrono::milliseconds window{0};
  std::chrono::system_clock::time_point time;
};
// nullopt when the two samples cannot give a rate (no time between them, or a counter that
// went back: the container restarted).
std::optional<Usage> usageBetween(const UsageSample& previous, const UsageSample& latest);

// Quantities as metrics-server writes them: CPU in nanocores ("1234567n"), memory in Ki.
std::string formatNanoCores(std::int64_t nanoCores);
std::string formatMemory(std::uint64_t bytes);

class MetricsApi {
 public:
  MetricsApi(ObjectStorage& storage, KubeletConnector& kubelets) : storage_(storage), kubelets_(kubelets) {}

  static bool handles(const RequestInfo& info) { return info.group == kMetricsGroup; }
  void serve(const http::Request& request, http::Exchange& exchange, const RequestInfo& info);

 private:
  struct Samples {
    std::optional<UsageSample> previous;
    UsageSample latest;
  };
  void refresh();
  void scrapeAll();
  void record(const std::string& key, const UsageSample& sample);
  std::optional<Usage> usageOf(const std::string& key) const;
  boost::json::object nodeMetrics(const Object& node) const;
  std::optional<boost::json::object> podMetrics(const Object& pod) const;

  ObjectStorage& storage_;
  KubeletConnector& kubelets_;
  std::mutex scrapeMutex_;  // one scrape at a time; readers wait for it
  mutable std::mutex samplesMutex_;
  std::map<std::string, Samples> samples_;  // "node/<name>", "pod/<uid>/<container>"
  std::chrono::steady_clock::time_point lastScrape_{};
};

}  // namespace kubelab::apiserver
