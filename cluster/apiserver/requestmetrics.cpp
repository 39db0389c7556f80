#include "apiserver/requestmetrics.h"

#include <sstream>

namespace kubelab::apiserver {
namespace {

std::string labelText(const RequestLabels& labels) {
  return "component=\"apiserver\",group=\"" + labels.group + "\",resource=\"" + labels.resource + "\",scope=\"" +
         labels.scope + "\",subresource=\"" + labels.subresource + "\",verb=\"" + labels.verb + "\",version=\"" +
         labels.version + "\"";
}

// Forwards everything to the real exchange and records the status of the answer.
class MeasuredExchange final : public http::Exchange {
 public:
  MeasuredExchange(std::shared_ptr<http::Exchange> inner, RequestMetrics& metrics, RequestLabels labels)
      : inner_(std::move(inner)), metrics_(metrics), labels_(std::move(labels)) {}

  void respond(unsigned status, std::string contentType, std::string body, http::Headers extra) override {
    recordOnce(status);
    inner_->respond(status, std::move(contentType), std::move(body), std::move(extra));
  }
  void startStream(unsigned status, std::string contentType, http::Headers extra) override {
    recordOnce(status);
    inner_->startStream(status, std::move(contentType), std::move(extra));
  }
  void writeChunk(std::string data) override { inner_->writeChunk(std::move(data)); }
  void finish() override { inner_->finish(); }
  std::size_t pendingBytes() const override { return inner_->pendingBytes(); }
  void onDisconnect(std::function<void()> callback) override { inner_->onDisconnect(std::move(callback)); }
  void onBodyData(std::function<void(std::string_view)> callback, std::function<void()> onBodyEnd) override {
    inner_->onBodyData(std::move(callback), std::move(onBodyEnd));
  }
  // An upgrade (exec's relay) counts as 101 Switching Protocols, as kube-apiserver records it.
  std::shared_ptr<http::WebSocket> acceptWebSocket(std::string subprotocol, http::WebSocketHandlers handlers) override {
    recordOnce(101);
    return inner_->acceptWebSocket(std::move(subprotocol), std::move(handlers));
  }
  void takeOver(std::function<void(std::string_view)> onData, std::function<void()> onClosed) override {
    recordOnce(101);
    inner_->takeOver(std::move(onData), std::move(onClosed));
  }
  void writeRaw(std::string bytes) override { inner_->writeRaw(std::move(bytes)); }
  void closeConnection() override { inner_->closeConnection(); }

 private:
  void recordOnce(unsigned status) {
    if (recorded_.exchange(true)) return;
    metrics_.record(labels_, status, std::chrono::steady_clock::now() - started_);
  }

  std::shared_ptr<http::Exchange> inner_;
  RequestMetrics& metrics_;
  RequestLabels labels_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::atomic<bool> recorded_{false};
};

}  // namespace

std::string escapeLabelValue(std::string_view value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == '"') {
      escaped += '\\';
      escaped += c;
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

void RequestMetrics::recordClient(const std::string& user) {
  std::lock_guard lock(mutex_);
  ++clients_[user];
}

void RequestMetrics::record(const RequestLabels& labels, unsigned code, std::chrono::duration<double> latency) {
  std::lock_guard lock(mutex_);
  ++totals_[{labels, code}];
  if (labels.verb == "WATCH") return;  // a watch lasts as long as the client wants: no latency
  Histogram& histogram = durations_[labels];
  ++histogram.count;
  histogram.sum += latency.count();
  for (std::size_t i = 0; i < bucketBounds.size(); ++i) {
    if (latency.count() <= bucketBounds[i]) ++histogram.buckets[i];
  }
}

std::string RequestMetrics::render() const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP apiserver_request_total Counter of apiserver requests broken out by verb, resource and HTTP code.\n"
         "# TYPE apiserver_request_total counter\n";
  for (const auto& [key, count] : totals_) {
    out << "apiserver_request_total{code=\"" << key.second << "\"," << labelText(key.first) << "} " << count << "\n";
  }
  out << "# HELP apiserver_request_duration_seconds Response latency in seconds by verb and resource.\n"
         "# TYPE apiserver_request_duration_seconds histogram\n";
  for (const auto& [labels, histogram] : durations_) {
    std::string text = labelText(labels);
    for (std::size_t i = 0; i < bucketBounds.size(); ++i) {
      out << "apiserver_request_duration_seconds_bucket{" << text << ",le=\"" << bucketBounds[i] << "\"} "
          << histogram.buckets[i] << "\n";
    }
    out << "apiserver_request_duration_seconds_bucket{" << text << ",le=\"+Inf\"} " << histogram.count << "\n";
    out << "apiserver_request_duration_seconds_sum{" << text << "} " << histogram.sum << "\n";
    out << "apiserver_request_duration_seconds_count{" << text << "} " << histogram.count << "\n";
  }
  out << "# HELP kubelab_apiserver_client_requests_total Counter of apiserver requests broken out by the "
         "authenticated user that sent them.\n"
         "# TYPE kubelab_apiserver_client_requests_total counter\n";
  for (const auto& [user, count] : clients_) {
    out << "kubelab_apiserver_client_requests_total{user=\"" << escapeLabelValue(user) << "\"} " << count << "\n";
  }
  return out.str();
}

void StorageMetrics::record(const char* operation, const std::string& type) {
  std::lock_guard lock(mutex_);
  auto [entry, inserted] = totals_.try_emplace({operation, type}, 0);
  ++entry->second;
}

std::string StorageMetrics::render() const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP etcd_requests_total Etcd request counts for each operation and object type.\n"
         "# TYPE etcd_requests_total counter\n";
  for (const auto& [key, count] : totals_) {
    out << "etcd_requests_total{operation=\"" << key.first << "\",type=\"" << escapeLabelValue(key.second) << "\"} "
        << count << "\n";
  }
  return out.str();
}

std::shared_ptr<http::Exchange> RequestMetrics::measure(std::shared_ptr<http::Exchange> exchange, RequestLabels labels) {
  return std::make_shared<MeasuredExchange>(std::move(exchange), *this, std::move(labels));
}

}  // namespace kubelab::apiserver
