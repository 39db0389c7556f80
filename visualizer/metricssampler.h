#pragma once
// Scrapes the API server every two seconds on its own thread, never on the GUI thread: its
// /metrics (requests per second and latency from successive scrapes, and the traffic between
// control-plane components: requests per client and store operations) and metrics.k8s.io's
// node usage (our API server serves it; real clusters do with metrics-server). Results reach
// the GUI thread as queued signals; what is unavailable is simply left out. One sampler serves
// the whole window (the charts and the cluster view's traffic).

#include <QList>
#include <QObject>
#include <QString>

#include <boost/json/object.hpp>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "client/restconfig.h"
#include "controlplanetraffic.h"
#include "promtext.h"

namespace kubelab::visualizer {

struct NodeUsage {
  QString node;
  double cpuCores = 0;
  double memoryBytes = 0;
  bool operator==(const NodeUsage&) const = default;
};

// A metrics.k8s.io NodeMetricsList; entries whose usage does not parse are left out.
QList<NodeUsage> nodeUsageFromJson(const boost::json::object& list);

class MetricsSampler : public QObject {
  Q_OBJECT

 public:
  static constexpr int kIntervalMsecs = 2000;

  explicit MetricsSampler(QObject* parent = nullptr);
  ~MetricsSampler() override;

  // Starts (or restarts) scraping this server; stop() ends it and joins the thread.
  void start(client::RestConfig config);
  void stop();

 signals:
  void apiSampled(qint64 msecs, double requestsPerSecond, double meanLatency, double p50, double p99);
  void apiUnavailable(const QString& message);
  // After every scrape of /metrics; all unknown when it failed.
  void trafficSampled(const kubelab::visualizer::ControlPlaneTraffic& traffic);
  void nodesSampled(qint64 msecs, const QList<kubelab::visualizer::NodeUsage>& nodes);
  void nodesUnavailable(const QString& message);

 private:
  void run(client::RestConfig config);

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace kubelab::visualizer

Q_DECLARE_METATYPE(kubelab::visualizer::NodeUsage)
