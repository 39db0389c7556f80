#include "bench/apiserverworkloads.h"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <latch>
#include <mutex>
#include <optional>
#include <thread>

namespace kubelab::bench {
namespace {

namespace json = boost::json;

constexpr const char* sequenceAnnotation = "bench.kubelab.io/sequence";

double milliseconds(Clock::duration duration) { return std::chrono::duration<double, std::milli>(duration).count(); }

std::string describe(const Result<http::Response>& response) {
  if (!response) return response.status().toString();
  return "HTTP " + std::to_string(response->status) + " " + response->body.substr(0, 300);
}

// The sequence number in a watch event line, read without parsing the whole event.
std::optional<int> sequenceIn(const std::string& line) {
  const std::string marker = std::string("\"") + sequenceAnnotation + "\":\"";
  auto at = line.find(marker);
  if (at == std::string::npos) return std::nullopt;
  return std::atoi(line.c_str() + at + marker.size());
}

}  // namespace

Percentiles percentiles(std::vector<double> samples) {
  if (samples.empty()) return {};
  std::sort(samples.begin(), samples.end());
  auto at = [&](double fraction) {
    auto rank = static_cast<std::size_t>(fraction * static_cast<double>(samples.size()));
    return samples[std::min(rank, samples.size() - 1)];
  };
  return {at(0.50), at(0.99), samples.back()};
}

ApiTarget targetFor(const testing::ApiServerFixture& fixture) {
  http::ClientTlsOptions tls;
  tls.caFile = (fixture.directory() / "pki" / "ca.crt").string();
  ApiTarget target{http::Endpoint{"127.0.0.1", fixture.port(), tls}, {}};
  target.options.timeout = std::chrono::seconds(60);
  target.options.headers = {{"Authorization", std::string("Bearer ") + testing::ApiServerFixture::masterToken}};
  return target;
}

std::string podManifest(const std::string& name) {
  return R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":")" + name +
         R"(","labels":{"app":"bench","tier":"backend"}},"spec":{"containers":[{"name":"app",)"
         R"("image":"registry.k8s.io/pause:3.9","ports":[{"containerPort":8080,"protocol":"TCP"}],)"
         R"("resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}})";
}

Status createObject(const ApiTarget& target, const std::string& path, const std::string& body) {
  http::Client client(target.endpoint);
  auto response = client.post(path, body, target.with("application/json"));
  if (response && (response->status == 201 || response->status == 409)) return Status::ok();
  return Status(StatusCode::Unavailable, "POST " + path + ": " + describe(response));
}

// Connections are opened (and TLS handshakes done) before the clock starts.
RateFigures runGets(const ApiTarget& target, const std::string& path, int clients, double seconds) {
  const auto count = static_cast<std::size_t>(clients);
  std::vector<std::vector<double>> latencies(count);
  std::vector<std::size_t> errors(count, 0);
  std::vector<std::string> firstErrors(count);
  std::vector<Clock::time_point> finished(count);
  std::latch connected(clients + 1);
  std::latch go(1);
  Clock::time_point deadline;
  const http::RequestOptions options = target.with("application/json");
  std::vector<std::thread> threads;
  for (std::size_t slot = 0; slot < count; ++slot) {
    threads.emplace_back([&, slot] {
      http::Client connection(target.endpoint);
      for (int warmUp = 0; warmUp < 20; ++warmUp) {
        auto response = connection.get(path, options);
        if (!response || response->status != 200) ++errors[slot];
      }
      connected.count_down();
      go.wait();
      while (Clock::now() < deadline) {
        auto sent = Clock::now();
        auto response = connection.get(path, options);
        if (response && response->status == 200) {
          latencies[slot].push_back(milliseconds(Clock::now() - sent));
        } else if (errors[slot]++ == 0) {
          firstErrors[slot] = describe(response);
        }
      }
      finished[slot] = Clock::now();
    });
  }
  connected.arrive_and_wait();
  const auto start = Clock::now();
  deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  go.count_down();
  for (auto& thread : threads) thread.join();

  RateFigures figures;
  std::vector<double> all;
  for (std::size_t slot = 0; slot < count; ++slot) {
    all.insert(all.end(), latencies[slot].begin(), latencies[slot].end());
    figures.errors += errors[slot];
    if (figures.firstError.empty()) figures.firstError = firstErrors[slot];
  }
  auto end = *std::max_element(finished.begin(), finished.end());
  figures.requestsPerSecond = static_cast<double>(all.size()) / std::chrono::duration<double>(end - start).count();
  figures.latencyMs = percentiles(std::move(all));
  return figures;
}

CreateFigures createPods(const ApiTarget& target, int pods, int clients) {
  std::atomic<int> next{0};
  std::atomic<std::size_t> errors{0};
  std::mutex errorMutex;
  std::string firstError;
  const http::RequestOptions options = target.with("application/json");
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int client = 0; client < clients; ++client) {
    threads.emplace_back([&] {
      http::Client connection(target.endpoint);
      for (int index = next++; index < pods; index = next++) {
        char name[32];
        std::snprintf(name, sizeof name, "bench-%05d", index);
        auto response = connection.post("/api/v1/namespaces/bench/pods", podManifest(name), options);
        if (response && response->status == 201) continue;
        if (errors++ == 0) {
          std::lock_guard lock(errorMutex);
          firstError = describe(response);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return {std::chrono::duration<double>(Clock::now() - start).count(), errors.load(), firstError};
}

ListFigures measureList(const ApiTarget& target, const std::string& accept, const char* itemsField, int runs,
                        std::size_t expectedItems) {
  ListFigures figures;
  http::Client connection(target.endpoint);
  const http::RequestOptions options = target.with(accept);
  const std::string path = "/api/v1/namespaces/bench/pods";
  auto first = connection.get(path, options);
  if (!first || first->status != 200) {
    figures.error = "LIST: " + describe(first);
    return figures;
  }
  figures.bytes = first->body.size();
  boost::system::error_code parseError;
  json::value parsed = json::parse(first->body, parseError);
  const json::value* items = parsed.is_object() ? parsed.as_object().if_contains(itemsField) : nullptr;
  if (parseError || items == nullptr || !items->is_array()) {
    figures.error = std::string("LIST: the answer has no ") + itemsField + " array";
    return figures;
  }
  figures.items = items->as_array().size();
  if (figures.items != expectedItems) {
    figures.error = "LIST: " + std::to_string(figures.items) + " " + itemsField + " instead of " +
                    std::to_string(expectedItems);
    return figures;
  }
  std::vector<double> latencies;
  for (int run = 0; run < runs; ++run) {
    auto sent = Clock::now();
    auto response = connection.get(path, options);
    if (!response || response->status != 200) {
      figures.error = "LIST: " + describe(response);
      return figures;
    }
    latencies.push_back(milliseconds(Clock::now() - sent));
  }
  figures.latencyMs = percentiles(std::move(latencies));
  return figures;
}

namespace {

// The watch workload's moving parts. Sequence 0 is a warm-up patch: once every watcher has
// seen it, every watch is established at the store and the timed patches 1..updates begin.
class WatchFanOut {
 public:
  WatchFanOut(const ApiTarget& target, const WatchOptions& options)
      : target_(target),
        watcherCount_(static_cast<std::size_t>(options.watchers)),
        sequences_(static_cast<std::size_t>(options.updates) + 1),
        rate_(options.rate),
        writer_(target.endpoint),
        arrivals_(watcherCount_, std::vector<std::optional<Clock::time_point>>(sequences_)),
        received_(watcherCount_),
        acknowledged_(sequences_) {}

  ~WatchFanOut() {
    stop_ = true;
    for (auto& thread : readers_) thread.join();
    for (auto& stream : streams_) stream->close();
  }

  // Creates the watched pod and opens every watch from its resourceVersion.
  Status open() {
    auto created = writer_.post("/api/v1/namespaces/bench/pods", podManifest("watched"), target_.with("application/json"));
    if (!created || created->status != 201) return unavailable("create the watched pod: " + describe(created));
    boost::system::error_code parseError;
    json::value pod = json::parse(created->body, parseError);
    const json::value* version = parseError ? nullptr : pod.find_pointer("/metadata/resourceVersion", parseError);
    if (version == nullptr || !version->is_string()) return unavailable("the created pod has no resourceVersion");
    const std::string path = "/api/v1/namespaces/bench/pods?watch=true&resourceVersion=" + std::string(version->as_string());
    for (std::size_t index = 0; index < watcherCount_; ++index) {
      auto stream = http::Stream::open(target_.endpoint, "GET", path, "", false, target_.with("application/json"));
      if (!stream) return unavailable("open watch " + std::to_string(index) + ": " + stream.status().toString());
      if ((*stream)->status() != 200) {
        return unavailable("open watch " + std::to_string(index) + ": HTTP " + std::to_string((*stream)->status()));
      }
      streams_.push_back(std::move(*stream));
    }
    for (std::size_t index = 0; index < watcherCount_; ++index) readers_.emplace_back([this, index] { read(index); });
    return Status::ok();
  }

  Status warmUp() {
    auto response = patch(0);
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (warm_.load() < watcherCount_ && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (response && response->status == 200 && warm_.load() == watcherCount_) return Status::ok();
    return unavailable("warm-up: " + std::to_string(warm_.load()) + " of " + std::to_string(watcherCount_) +
                       " watchers saw the first patch; " + describe(response));
  }

  // The timed patches, one at a time at the rate; the first failure is returned.
  Status patchAll() {
    Status failure = Status::ok();
    const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate_));
    const auto start = Clock::now();
    for (std::size_t sequence = 1; sequence < sequences_; ++sequence) {
      std::this_thread::sleep_until(start + period * static_cast<long>(sequence - 1));
      auto response = patch(sequence);
      if (response && response->status == 200) {
        acknowledged_[sequence] = Clock::now();
        ++acknowledgedCount_;
      } else if (failure.isOk()) {
        failure = unavailable("PATCH: " + describe(response));
      }
    }
    return failure;
  }

  // Stragglers get a few seconds, then every reader stops.
  void finish() {
    auto allSeen = [&] {
      for (const auto& count : received_) {
        if (count.load() < acknowledgedCount_) return false;
      }
      return true;
    };
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline && !allSeen()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stop_ = true;
    for (auto& thread : readers_) thread.join();
    readers_.clear();
  }

  void summarize(WatchFigures& figures) const {
    std::vector<double> latencies;
    for (std::size_t index = 0; index < watcherCount_; ++index) {
      bool missed = false;
      for (std::size_t sequence = 1; sequence < sequences_; ++sequence) {
        if (!acknowledged_[sequence]) continue;
        ++figures.expected;
        const auto& arrived = arrivals_[index][sequence];
        missed = missed || !arrived;
        if (!arrived) continue;
        ++figures.seen;
        latencies.push_back(std::max(0.0, milliseconds(*arrived - *acknowledged_[sequence])));
      }
      if (missed) ++figures.watchersMissingEvents;
    }
    figures.acknowledgedToEventMs = percentiles(std::move(latencies));
  }

 private:
  Result<http::Response> patch(std::size_t sequence) {
    std::string body = std::string(R"({"metadata":{"annotations":{")") + sequenceAnnotation + R"(":")" +
                       std::to_string(sequence) + "\"}}}";
    return writer_.request("PATCH", "/api/v1/namespaces/bench/pods/watched", body,
                           target_.with("application/json", "application/merge-patch+json"));
  }

  // One watcher's thread: notes when each sequence's event arrives, until stopped or done.
  void read(std::size_t index) {
    std::size_t received = 0;
    while (!stop_.load() && received < sequences_) {
      auto line = streams_[index]->readLine(std::chrono::milliseconds(100));
      const auto arrived = Clock::now();
      if (!line && line.status().code() == StatusCode::DeadlineExceeded) continue;
      if (!line) return;
      auto sequence = sequenceIn(*line);
      if (!sequence || *sequence < 0 || static_cast<std::size_t>(*sequence) >= sequences_) continue;
      auto& slot = arrivals_[index][static_cast<std::size_t>(*sequence)];
      if (slot) continue;
      slot = arrived;
      ++received;
      if (*sequence == 0) {
        ++warm_;
      } else {
        ++received_[index];
      }
    }
  }

  const ApiTarget& target_;
  const std::size_t watcherCount_;
  const std::size_t sequences_;
  const int rate_;
  http::Client writer_;
  std::vector<std::unique_ptr<http::Stream>> streams_;
  std::vector<std::thread> readers_;
  // Each reader writes only its own row; the main thread reads them after joining.
  std::vector<std::vector<std::optional<Clock::time_point>>> arrivals_;
  std::vector<std::atomic<std::size_t>> received_;  // timed events seen, per watcher
  std::vector<std::optional<Clock::time_point>> acknowledged_;
  std::size_t acknowledgedCount_ = 0;
  std::atomic<std::size_t> warm_{0};
  std::atomic<bool> stop_{false};
};

}  // namespace

WatchFigures runWatch(const ApiTarget& target, const WatchOptions& options) {
  WatchFigures figures;
  figures.ran = true;
  WatchFanOut fanOut(target, options);
  Status status = fanOut.open();
  if (status.isOk()) status = fanOut.warmUp();
  if (status.isOk()) status = fanOut.patchAll();
  fanOut.finish();
  if (!status.isOk()) figures.error = status.message();
  fanOut.summarize(figures);
  return figures;
}

}  // namespace kubelab::bench
