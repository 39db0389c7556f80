#pragma once
// Where the inspector's Logs tab gets a container's log: an interface, so tests feed it by
// hand, and RestLogSource, which asks the API server
// (GET /api/v1/namespaces/{ns}/pods/{name}/log?follow=..&container=..&tailLines=..&previous=..),
// as `kubectl logs [-f]` does, on our server and on real clusters. fetch() and follow() block on
// the network, so LogsView calls them on worker threads only; implementations must be
// thread-safe.

#include <QString>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>

#include "client/restconfig.h"

namespace kubelab::client {
class RestClient;
}

namespace kubelab::app {

struct LogRequest {
  QString ns;
  QString pod;
  QString container;
  bool previous = false;  // the last terminated instance of the container
  int tailLines = 500;
  bool follow = false;  // keep the answer open and stream what the container writes next
  bool operator==(const LogRequest&) const = default;
};

struct LogResult {
  bool ok = false;
  QString text;   // the log when ok
  QString error;  // what went wrong otherwise
};

// How a followed log stopped.
struct LogStreamEnd {
  enum class Reason {
    Stopped,  // the caller asked it to
    Ended,    // the server ended the answer: the container stopped, or the pod is gone
    Failed,   // the request was refused, or the connection broke
  };
  Reason reason = Reason::Stopped;
  QString error;          // for Failed
  bool received = false;  // whether any of the log arrived before the end
};

// The log's bytes as they arrive (UTF-8, cut anywhere, even inside a character).
using LogDataHandler = std::function<void(std::string_view bytes)>;

class LogSource {
 public:
  // How long follow() may go without looking at its stop flag.
  static constexpr std::chrono::milliseconds kStopPoll{100};

  virtual ~LogSource() = default;
  virtual LogResult fetch(const LogRequest& request) = 0;
  // Follows the log (the request as if follow were set): calls onData with no bytes once the
  // server has accepted the request, then with each piece as it arrives, until the server ends
  // the answer or `stop` becomes true; then closes the connection and returns.
  virtual LogStreamEnd follow(const LogRequest& request, const LogDataHandler& onData,
                              const std::atomic<bool>& stop) = 0;
};

// The request's API path, query included.
QString logPath(const LogRequest& request);

class RestLogSource final : public LogSource {
 public:
  explicit RestLogSource(client::RestConfig config);
  ~RestLogSource() override;
  LogResult fetch(const LogRequest& request) override;
  LogStreamEnd follow(const LogRequest& request, const LogDataHandler& onData, const std::atomic<bool>& stop) override;

 private:
  client::RestClient& restClient();

  client::RestConfig config_;
  std::mutex mutex_;
  std::unique_ptr<client::RestClient> client_;  // made on first use, on a worker thread
};

}  // namespace kubelab::app
