#include "metricssampler.h"

#include <QDateTime>
#include <QMetaObject>

#include <boost/json/parse.hpp>

#include <chrono>
#include <cmath>

#include "api/quantity.h"
#include "client/restclient.h"

namespace kubelab::visualizer {

namespace {

double quantity(const boost::json::object& usage, const char* name, double scale, bool* ok) {
  const auto* value = usage.if_contains(name);
  if (!value || !value->is_string()) {
    *ok = false;
    return 0;
  }
  auto parsed = api::parseQuantity(std::string_view(value->as_string()));
  if (!parsed) {
    *ok = false;
    return 0;
  }
  return static_cast<double>(parsed->milliValue) / 1000.0 * scale;
}

}  // namespace

QList<NodeUsage> nodeUsageFromJson(const boost::json::object& list) {
  QList<NodeUsage> nodes;
  const auto* items = list.if_contains("items");
  if (!items || !items->is_array()) return nodes;
  for (const auto& item : items->as_array()) {
    if (!item.is_object()) continue;
    const auto* metadata = item.as_object().if_contains("metadata");
    const auto* usage = item.as_object().if_contains("usage");
    if (!metadata || !metadata->is_object() || !usage || !usage->is_object()) continue;
    const auto* name = metadata->as_object().if_contains("name");
    if (!name || !name->is_string()) continue;
    bool ok = true;
    NodeUsage node;
    node.node = QString::fromUtf8(name->as_string().data(), static_cast<qsizetype>(name->as_string().size()));
    node.cpuCores = quantity(usage->as_object(), "cpu", 1, &ok);
    node.memoryBytes = quantity(usage->as_object(), "memory", 1, &ok);
    if (ok) nodes.append(node);
  }
  return nodes;
}

MetricsSampler::MetricsSampler(QObject* parent) : QObject(parent) {
  qRegisterMetaType<QList<NodeUsage>>();
  qRegisterMetaType<ControlPlaneTraffic>();
}

MetricsSampler::~MetricsSampler() { stop(); }

void MetricsSampler::start(client::RestConfig config) {
  stop();
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  worker_ = std::thread([this, config = std::move(config)]() mutable { run(std::move(config)); });
}

void MetricsSampler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void MetricsSampler::run(client::RestConfig config) {
  client::RestClient client(std::move(config));
  std::optional<ApiRequestTotals> previous;
  auto previousTime = std::chrono::steady_clock::now();
  auto post = [this](auto function) { QMetaObject::invokeMethod(this, std::move(function), Qt::QueuedConnection); };
  for (;;) {
    auto now = std::chrono::steady_clock::now();
    qint64 wall = QDateTime::currentMSecsSinceEpoch();
    Result<std::string> metrics = client.getRaw("/metrics");
    if (metrics) {
      ApiRequestTotals totals = apiRequestTotals(parsePrometheusText(*metrics));
      if (previous) {
        double seconds = std::chrono::duration<double>(now - previousTime).count();
        ApiRequestRate rate = apiRequestRate(*previous, totals, seconds);
        double nan = std::nan("");
        ControlPlaneTraffic traffic = controlPlaneTraffic(rate);
        post([this, wall, rate, nan, traffic] {
          emit apiSampled(wall, rate.requestsPerSecond, rate.meanLatency.value_or(nan), rate.p50.value_or(nan),
                          rate.p99.value_or(nan));
          emit trafficSampled(traffic);
        });
      }
      previous = totals;
      previousTime = now;
    } else {
      QString message = QString::fromStdString(metrics.status().message());
      post([this, message] {
        emit apiUnavailable(message);
        emit trafficSampled(ControlPlaneTraffic{});
      });
    }
    Result<std::string> nodes = client.getRaw("/apis/metrics.k8s.io/v1beta1/nodes");
    QList<NodeUsage> usage;
    QString problem;
    if (nodes) {
      boost::system::error_code error;
      boost::json::value document = boost::json::parse(*nodes, error);
      if (!error && document.is_object()) usage = nodeUsageFromJson(document.as_object());
      if (usage.isEmpty()) problem = QStringLiteral("no node metrics");
    } else {
      problem = QString::fromStdString(nodes.status().message());
    }
    if (problem.isEmpty()) {
      post([this, wall, usage] { emit nodesSampled(wall, usage); });
    } else {
      post([this, problem] { emit nodesUnavailable(problem); });
    }
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, std::chrono::milliseconds(kIntervalMsecs), [this] { return stopping_; })) return;
  }
}

}  // namespace kubelab::visualizer
