// store_bench: kubelab-store against the real etcd 3.4, same machine, same run.
//
//   ninja -C build store_bench kubelab-store && build/bin/store_bench
//   build/bin/store_bench --seconds 1 --watch-seconds 1     # a quick look
//
// Each store starts alone on free loopback ports with a fresh temporary data directory
// (tests/support StoreServer) and default flags. Both sync to disk before acknowledging a
// write: kubelab-store commits SQLite with synchronous=FULL, etcd fdatasyncs its WAL. Both
// are driven through the etcd v3 JSON gateway (for etcd that is grpc-gateway in front of its
// gRPC server), since that is the API KubeLab's API server uses for either.
//
// Workloads, per store:
//   put:   1 KiB values to distinct keys, first 1 client then 16 concurrent clients, each
//          client a thread with its own keep-alive connection, for --seconds each; puts/s,
//          and p50/p99/max of the time from sending a put to its HTTP 200.
//   watch: one watcher on a prefix, one writer putting at --watch-rate puts/s. Latency is
//          from the writer's HTTP 200 to the watcher receiving the event (0 when the event
//          arrived first: both are released by the same commit), and also from sending the
//          put to the event, which includes the commit's fsync.
// The table gives kubelab/etcd ratios: above 1 is better for puts/s, below 1 for latencies.

#include <boost/program_options.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <latch>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "common/base64.h"
#include "http/httpclient.h"
#include "support/etcdjson.h"
#include "support/storeserver.h"

namespace kubelab::bench {
namespace {

using testing::StoreKind;
using testing::StoreServer;
using Clock = std::chrono::steady_clock;

struct BenchOptions {
  double putSeconds = 3;
  double watchSeconds = 3;
  int watchRate = 100;
  int concurrentClients = 16;
  std::size_t valueBytes = 1024;
  bool runKubelab = true;
  bool runEtcd = true;
};

double milliseconds(Clock::duration duration) { return std::chrono::duration<double, std::milli>(duration).count(); }

struct Percentiles {
  double p50 = 0;
  double p99 = 0;
  double maximum = 0;
};

// Nearest-rank percentiles.
Percentiles percentiles(std::vector<double> samples) {
  if (samples.empty()) return {};
  std::sort(samples.begin(), samples.end());
  auto at = [&](double fraction) {
    auto rank = static_cast<std::size_t>(fraction * static_cast<double>(samples.size()));
    return samples[std::min(rank, samples.size() - 1)];
  };
  return {at(0.50), at(0.99), samples.back()};
}

// The value every put sends, so that each request carries the same bytes; any printable
// bytes will do.
std::string valueText(std::size_t bytes) {
  std::string value(bytes, 'v');
  for (std::size_t i = 0; i < bytes; ++i) value[i] = static_cast<char>('a' + i % 26);
  return value;
}

std::string putBody(std::string_view key, const std::string& encodedValue) {
  return "{\"key\":\"" + base64Encode(key) + "\",\"value\":\"" + encodedValue + "\"}";
}

struct PutFigures {
  double putsPerSecond = 0;
  Percentiles latencyMs;
  std::size_t errors = 0;
  std::string firstError;
};

// `clients` threads, each with its own connection, put to their own keys until the time is
// up. Connections are opened before the clock starts.
PutFigures runPuts(const StoreServer& server, int clients, double seconds, const std::string& encodedValue,
                   const std::string& keyPrefix) {
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(clients));
  std::vector<std::size_t> errors(static_cast<std::size_t>(clients), 0);
  std::vector<std::string> firstErrors(static_cast<std::size_t>(clients));
  std::vector<Clock::time_point> finished(static_cast<std::size_t>(clients));
  std::latch connected(clients + 1);
  std::latch go(1);
  Clock::time_point start;
  Clock::time_point deadline;
  std::vector<std::thread> threads;
  for (int client = 0; client < clients; ++client) {
    threads.emplace_back([&, client] {
      const auto slot = static_cast<std::size_t>(client);
      http::Client connection(server.host(), server.port());
      const std::string clientPrefix = keyPrefix + std::to_string(client) + "/";
      auto warmUp = connection.post("/v3/kv/put", putBody(clientPrefix + "warm-up", encodedValue));
      if (!warmUp || warmUp->status != 200) ++errors[slot];
      connected.count_down();
      go.wait();
      // A bounded key set per client keeps the store's size the same across runs.
      for (std::size_t index = 0; Clock::now() < deadline; ++index) {
        std::string body = putBody(clientPrefix + std::to_string(index % 1000), encodedValue);
        auto sent = Clock::now();
        auto response = connection.post("/v3/kv/put", body);
        if (response && response->status == 200) {
          latencies[slot].push_back(milliseconds(Clock::now() - sent));
          continue;
        }
        if (errors[slot]++ == 0) {
          firstErrors[slot] = response ? std::to_string(response->status) + " " + response->body
                                       : response.status().toString();
        }
      }
      finished[slot] = Clock::now();
    });
  }
  connected.arrive_and_wait();
  start = Clock::now();
  deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  go.count_down();
  for (auto& thread : threads) thread.join();

  PutFigures figures;
  std::vector<double> all;
  for (std::size_t slot = 0; slot < latencies.size(); ++slot) {
    all.insert(all.end(), latencies[slot].begin(), latencies[slot].end());
    figures.errors += errors[slot];
    if (figures.firstError.empty()) figures.firstError = firstErrors[slot];
  }
  auto end = *std::max_element(finished.begin(), finished.end());
  figures.putsPerSecond = static_cast<double>(all.size()) / std::chrono::duration<double>(end - start).count();
  figures.latencyMs = percentiles(std::move(all));
  return figures;
}

struct WatchFigures {
  Percentiles acknowledgedToEventMs;
  Percentiles sentToEventMs;
  std::size_t puts = 0;
  std::size_t missing = 0;  // acknowledged puts whose event never arrived
  std::string error;
};

// The writer puts "<sequence>|<padding>" under the watched prefix at a steady rate; the
// watcher notes when each sequence's event arrives.
WatchFigures runWatch(const StoreServer& server, double seconds, int rate, std::size_t valueBytes) {
  WatchFigures figures;
  const std::string prefix = "bench/watch/";
  auto session = testing::WatchSession::open(
      server.host(), server.port(), R"({"create_request":{"key":"bench/watch/","range_end":"bench/watch0"}})");
  if (!session) {
    figures.error = session.status().toString();
    return figures;
  }
  if (auto created = (*session)->next(std::chrono::seconds(5)); !created) {
    figures.error = "no answer to the watch's create request: " + created.status().toString();
    return figures;
  }
  const auto total = static_cast<std::size_t>(std::max(1.0, seconds * rate));
  std::vector<std::optional<Clock::time_point>> sent(total), acknowledged(total), received(total);
  std::atomic<std::size_t> receivedCount{0};
  std::atomic<bool> stop{false};
  std::thread watcher([&] {
    while (!stop.load() && receivedCount.load() < total) {
      auto answer = (*session)->next(std::chrono::milliseconds(100));
      auto arrived = Clock::now();
      if (!answer) {
        if (answer.status().code() == StatusCode::DeadlineExceeded) continue;
        return;
      }
      const auto* events = answer->is_object() ? answer->as_object().if_contains("events") : nullptr;
      if (events == nullptr || !events->is_array()) continue;
      for (const auto& event : events->as_array()) {
        const auto* kv = event.is_object() ? event.as_object().if_contains("kv") : nullptr;
        const auto* value = kv != nullptr && kv->is_object() ? kv->as_object().if_contains("value") : nullptr;
        if (value == nullptr || !value->is_string()) continue;
        auto sequence = static_cast<std::size_t>(std::atoll(value->as_string().c_str()));
        if (sequence < total && !received[sequence]) {
          received[sequence] = arrived;
          ++receivedCount;
        }
      }
    }
  });

  http::Client writer(server.host(), server.port());
  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
  const auto start = Clock::now();
  for (std::size_t sequence = 0; sequence < total; ++sequence) {
    std::this_thread::sleep_until(start + period * static_cast<long>(sequence));
    std::string value = std::to_string(sequence) + "|";
    value.resize(std::max(valueBytes, value.size()), 'w');
    std::string body = putBody(prefix + std::to_string(sequence % 1000), base64Encode(value));
    sent[sequence] = Clock::now();
    auto response = writer.post("/v3/kv/put", body);
    if (response && response->status == 200) {
      acknowledged[sequence] = Clock::now();
    } else if (figures.error.empty()) {
      figures.error = response ? std::to_string(response->status) + " " + response->body : response.status().toString();
    }
  }
  const auto waitUntil = Clock::now() + std::chrono::seconds(5);
  while (receivedCount.load() < total && Clock::now() < waitUntil) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  stop = true;
  watcher.join();
  (*session)->close();

  std::vector<double> acknowledgedToEvent;
  std::vector<double> sentToEvent;
  for (std::size_t sequence = 0; sequence < total; ++sequence) {
    if (!acknowledged[sequence]) continue;
    ++figures.puts;
    if (!received[sequence]) {
      ++figures.missing;
      continue;
    }
    acknowledgedToEvent.push_back(std::max(0.0, milliseconds(*received[sequence] - *acknowledged[sequence])));
    sentToEvent.push_back(milliseconds(*received[sequence] - *sent[sequence]));
  }
  figures.acknowledgedToEventMs = percentiles(std::move(acknowledgedToEvent));
  figures.sentToEventMs = percentiles(std::move(sentToEvent));
  return figures;
}

struct StoreFigures {
  bool ran = false;
  PutFigures single;
  PutFigures concurrent;
  WatchFigures watch;
};

Result<StoreFigures> benchmarkStore(StoreKind kind, const BenchOptions& options) {
  std::cerr << "store_bench: starting " << testing::storeKindName(kind) << "\n";
  auto server = StoreServer::start(kind);
  if (!server) return server.status();
  const std::string encodedValue = base64Encode(valueText(options.valueBytes));
  StoreFigures figures;
  figures.ran = true;
  // A short untimed run first, so the data files have grown and caches are warm.
  runPuts(**server, 4, std::min(0.5, options.putSeconds), encodedValue, "bench/warm-up/");
  std::cerr << "store_bench:   put, 1 client\n";
  figures.single = runPuts(**server, 1, options.putSeconds, encodedValue, "bench/put1/");
  std::cerr << "store_bench:   put, " << options.concurrentClients << " clients\n";
  figures.concurrent = runPuts(**server, options.concurrentClients, options.putSeconds, encodedValue, "bench/putN/");
  std::cerr << "store_bench:   watch, " << options.watchRate << " puts/s\n";
  figures.watch = runWatch(**server, options.watchSeconds, options.watchRate, options.valueBytes);
  return figures;
}

// A figure, or nothing when its workload failed (the reason is printed below the table).
using Figure = std::optional<double>;

void printRow(const std::string& workload, const std::string& metric, Figure kubelab, Figure etcd,
              bool higherIsBetter) {
  auto text = [](Figure figure) {
    char buffer[32] = "-";
    if (figure) std::snprintf(buffer, sizeof buffer, "%.2f", *figure);
    return std::string(buffer);
  };
  Figure ratio;
  if (kubelab && etcd && *etcd > 0) ratio = *kubelab / *etcd;
  char line[200];
  std::snprintf(line, sizeof line, "%-20s %-20s %14s %14s %12s   %s\n", workload.c_str(), metric.c_str(),
                text(kubelab).c_str(), text(etcd).c_str(), text(ratio).c_str(),
                higherIsBetter ? "higher is better" : "lower is better");
  std::cout << line;
}

void printTable(const StoreFigures& kubelab, const StoreFigures& etcd, const BenchOptions& options) {
  std::cout << "\nstore_bench: " << options.valueBytes << "-byte values, " << options.putSeconds
            << " s per put workload, watch at " << options.watchRate << " puts/s for " << options.watchSeconds
            << " s; both stores fsync before acknowledging\n\n";
  char header[200];
  std::snprintf(header, sizeof header, "%-20s %-20s %14s %14s %12s\n", "workload", "metric", "kubelab-store", "etcd",
                "kubelab/etcd");
  std::cout << header << std::string(100, '-') << "\n";
  // Pulls one figure out of a store's results, if that store ran and the workload worked.
  auto figure = [](const StoreFigures& figures, auto pick) -> Figure {
    if (!figures.ran) return std::nullopt;
    return pick(figures);
  };
  auto putRows = [&](const std::string& name, PutFigures StoreFigures::*workload) {
    auto puts = [&](const StoreFigures& figures, auto metric) {
      return figure(figures, [&](const StoreFigures& ran) -> Figure {
        const PutFigures& put = ran.*workload;
        if (put.errors > 0 || put.putsPerSecond <= 0) return std::nullopt;
        return metric(put);
      });
    };
    auto rate = [](const PutFigures& put) { return put.putsPerSecond; };
    auto p50 = [](const PutFigures& put) { return put.latencyMs.p50; };
    auto p99 = [](const PutFigures& put) { return put.latencyMs.p99; };
    auto maximum = [](const PutFigures& put) { return put.latencyMs.maximum; };
    printRow(name, "puts/s", puts(kubelab, rate), puts(etcd, rate), true);
    printRow("", "p50 latency ms", puts(kubelab, p50), puts(etcd, p50), false);
    printRow("", "p99 latency ms", puts(kubelab, p99), puts(etcd, p99), false);
    printRow("", "max latency ms", puts(kubelab, maximum), puts(etcd, maximum), false);
  };
  putRows("put, 1 client", &StoreFigures::single);
  putRows("put, " + std::to_string(options.concurrentClients) + " clients", &StoreFigures::concurrent);

  auto watch = [&](const StoreFigures& figures, auto metric) {
    return figure(figures, [&](const StoreFigures& ran) -> Figure {
      if (!ran.watch.error.empty() || ran.watch.missing > 0 || ran.watch.puts == 0) return std::nullopt;
      return metric(ran.watch);
    });
  };
  auto acknowledgedP50 = [](const WatchFigures& w) { return w.acknowledgedToEventMs.p50; };
  auto acknowledgedP99 = [](const WatchFigures& w) { return w.acknowledgedToEventMs.p99; };
  auto sentP50 = [](const WatchFigures& w) { return w.sentToEventMs.p50; };
  auto sentP99 = [](const WatchFigures& w) { return w.sentToEventMs.p99; };
  const std::string watchName = "watch, " + std::to_string(options.watchRate) + " puts/s";
  printRow(watchName, "ack->event p50 ms", watch(kubelab, acknowledgedP50), watch(etcd, acknowledgedP50), false);
  printRow("", "ack->event p99 ms", watch(kubelab, acknowledgedP99), watch(etcd, acknowledgedP99), false);
  printRow("", "sent->event p50 ms", watch(kubelab, sentP50), watch(etcd, sentP50), false);
  printRow("", "sent->event p99 ms", watch(kubelab, sentP99), watch(etcd, sentP99), false);
}

// Failed requests and lost events make the figures meaningless, so they are reported and
// turn the exit status to 1.
bool reportProblems(const char* name, const StoreFigures& figures) {
  if (!figures.ran) return false;
  bool problems = false;
  auto reportPuts = [&](const char* workload, const PutFigures& puts) {
    if (puts.errors == 0) return;
    problems = true;
    std::cout << name << " " << workload << ": " << puts.errors << " failed puts, first: " << puts.firstError << "\n";
  };
  reportPuts("put, 1 client", figures.single);
  reportPuts("put, concurrent", figures.concurrent);
  if (!figures.watch.error.empty() || figures.watch.missing > 0) {
    problems = true;
    std::cout << name << " watch: " << figures.watch.missing << " of " << figures.watch.puts
              << " events missing" << (figures.watch.error.empty() ? "" : "; ") << figures.watch.error << "\n";
  }
  return problems;
}

std::optional<BenchOptions> parseOptions(int argc, char** argv) {
  namespace po = boost::program_options;
  BenchOptions options;
  std::string stores = "both";
  po::options_description description("store_bench: kubelab-store against etcd 3.4 (see tests/bench/README.md)");
  description.add_options()("help,h", "print this help and exit")(
      "seconds", po::value(&options.putSeconds)->default_value(options.putSeconds), "seconds per put workload")(
      "watch-seconds", po::value(&options.watchSeconds)->default_value(options.watchSeconds),
      "seconds of the watch workload")("watch-rate", po::value(&options.watchRate)->default_value(options.watchRate),
                                       "puts per second during the watch workload")(
      "clients", po::value(&options.concurrentClients)->default_value(options.concurrentClients),
      "concurrent clients in the second put workload")(
      "value-bytes", po::value(&options.valueBytes)->default_value(options.valueBytes), "bytes per value")(
      "stores", po::value(&stores)->default_value(stores), "both, kubelab or etcd");
  po::variables_map values;
  try {
    po::store(po::parse_command_line(argc, argv, description), values);
    po::notify(values);
  } catch (const po::error& error) {
    std::cerr << "store_bench: " << error.what() << "\n" << description;
    return std::nullopt;
  }
  if (values.count("help") != 0) {
    std::cout << description;
    std::exit(0);
  }
  if ((stores != "both" && stores != "kubelab" && stores != "etcd") || options.putSeconds <= 0 ||
      options.watchSeconds <= 0 || options.watchRate <= 0 || options.concurrentClients <= 0) {
    std::cerr << "store_bench: invalid option value\n" << description;
    return std::nullopt;
  }
  options.runKubelab = stores != "etcd";
  options.runEtcd = stores != "kubelab";
  return options;
}

int run(int argc, char** argv) {
  auto options = parseOptions(argc, argv);
  if (!options) return 2;
  StoreFigures kubelab;
  StoreFigures etcd;
  for (auto [kind, figures, wanted] : {std::tuple{StoreKind::KubelabStore, &kubelab, options->runKubelab},
                                       std::tuple{StoreKind::Etcd, &etcd, options->runEtcd}}) {
    if (!wanted) continue;
    auto measured = benchmarkStore(kind, *options);
    if (!measured) {
      std::cerr << "store_bench: " << testing::storeKindName(kind) << ": " << measured.status().toString() << "\n";
      return 1;
    }
    *figures = std::move(*measured);
  }
  printTable(kubelab, etcd, *options);
  bool problems = reportProblems("kubelab-store", kubelab);
  problems = reportProblems("etcd", etcd) || problems;
  return problems ? 1 : 0;
}

}  // namespace
}  // namespace kubelab::bench

int main(int argc, char** argv) { return kubelab::bench::run(argc, argv); }
