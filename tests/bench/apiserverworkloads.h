#pragma once
// The workloads of apiserver_bench (see there): each drives kubelab-apiserver over HTTPS
// with its own keep-alive connections, authenticated as a system:masters user, and returns
// its figures. Latencies are in milliseconds.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "common/status.h"
#include "http/httpclient.h"
#include "integration/apiserver/apiserverfixture.h"

namespace kubelab::bench {

using Clock = std::chrono::steady_clock;

struct Percentiles {
  double p50 = 0;
  double p99 = 0;
  double maximum = 0;
};

// Nearest-rank percentiles.
Percentiles percentiles(std::vector<double> samples);

// Where the API server is and how every request authenticates.
struct ApiTarget {
  http::Endpoint endpoint;
  http::RequestOptions options;

  http::RequestOptions with(std::string accept, std::string contentType = "application/json") const {
    http::RequestOptions copy = options;
    copy.headers.emplace_back("Accept", std::move(accept));
    copy.contentType = std::move(contentType);
    return copy;
  }
};

ApiTarget targetFor(const testing::ApiServerFixture& fixture);

// A pod as a Deployment's template would make it: labels, one container with a port and
// resource requests. Defaulting and admission make it about 1 KB as stored.
std::string podManifest(const std::string& name);

// POSTs an object; one that already exists is fine.
Status createObject(const ApiTarget& target, const std::string& path, const std::string& body);

struct RateFigures {
  double requestsPerSecond = 0;
  Percentiles latencyMs;
  std::size_t errors = 0;
  std::string firstError;
};

// `clients` threads, each with its own connection, GET `path` until `seconds` are up.
RateFigures runGets(const ApiTarget& target, const std::string& path, int clients, double seconds);

struct CreateFigures {
  double seconds = 0;
  std::size_t errors = 0;
  std::string firstError;
};

// `clients` threads POST `pods` pods named bench-00000... to namespace "bench".
CreateFigures createPods(const ApiTarget& target, int pods, int clients);

struct ListFigures {
  Percentiles latencyMs;
  std::size_t bytes = 0;
  std::size_t items = 0;
  std::string error;  // also set when the count is not `expectedItems`
};

// LISTs the pods of namespace "bench" with this Accept header: one untimed run that counts
// the entries of `itemsField` ("items" of a list, "rows" of a Table), then `runs` timed ones.
ListFigures measureList(const ApiTarget& target, const std::string& accept, const char* itemsField, int runs,
                        std::size_t expectedItems);

struct WatchOptions {
  int watchers = 100;
  int updates = 200;
  int rate = 50;  // patches per second
};

struct WatchFigures {
  bool ran = false;
  Percentiles acknowledgedToEventMs;
  std::size_t expected = 0;  // watchers × acknowledged updates
  std::size_t seen = 0;
  std::size_t watchersMissingEvents = 0;
  std::string error;
};

// `watchers` watches on namespace "bench", each its own HTTPS stream, then `updates` patches
// of one pod there, one at a time at `rate` per second; latency runs from a patch's 200 to a
// watcher reading its event (0 when the event came first).
WatchFigures runWatch(const ApiTarget& target, const WatchOptions& options);

}  // namespace kubelab::bench
