#pragma once
// Where the inspector's Logs tab gets a container's log: an interface, so tests feed it by
// hand, and RestLogSource, which asks the API server
// (GET /api/v1/namespaces/{ns}/pods/{name}/log?container=..&tailLines=..&previous=..), as
// `kubectl logs` does, on our server and on real clusters. fetch() blocks on the network, so
// LogsView calls it on a worker thread only; implementations must be thread-safe.

#include <QString>

#include <memory>
#include <mutex>

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
  bool operator==(const LogRequest&) const = default;
};

struct LogResult {
  bool ok = false;
  QString text;   // the log when ok
  QString error;  // what went wrong otherwise
};

class LogSource {
 public:
  virtual ~LogSource() = default;
  virtual LogResult fetch(const LogRequest& request) = 0;
};

// The request's API path, query included.
QString logPath(const LogRequest& request);

class RestLogSource final : public LogSource {
 public:
  explicit RestLogSource(client::RestConfig config);
  ~RestLogSource() override;
  LogResult fetch(const LogRequest& request) override;

 private:
  client::RestConfig config_;
  std::mutex mutex_;
  std::unique_ptr<client::RestClient> client_;  // made on first use, on a worker thread
};

}  // namespace kubelab::app
