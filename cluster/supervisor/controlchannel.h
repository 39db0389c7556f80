#pragma once
// The running supervisor daemon's control channel: a Unix domain socket in the cluster's state
// directory (<state>/supervisor.sock, mode 0600, so only its user reaches it), one JSON request
// per connection and one JSON answer, each a single line:
//
//   -> {"command": "stop", "component": "scheduler"}
//   <- {"ok": true, "message": "stopped scheduler (pid 41)"}
//   <- {"ok": false, "code": "NotFound", "message": "no component \"x\"; components: ..."}
//
// kubelabctl, the desktop app and kubelab-cloud-controller-manager (the "cloud" API) are its
// clients; the commands are in daemoncommands.h.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include <boost/json/object.hpp>

#include "common/status.h"

namespace kubelab::supervisor {

// The answers of the protocol, and back.
boost::json::object okAnswer(std::string message);
boost::json::object errorAnswer(const Status& status);
// An answer as a Result: the object itself when ok, its code and message when not.
Result<boost::json::object> answerResult(const boost::json::object& answer);
// "NotFound" -> StatusCode::NotFound; unknown names are Internal.
StatusCode statusCodeFromName(std::string_view name);

class ControlServer {
 public:
  // Answers a request. Called on a thread per connection, so concurrently; exceptions become
  // Internal answers.
  using Handler = std::function<boost::json::object(const boost::json::object& request)>;

  // Binds the socket (replacing a stale one: the caller holds the cluster's pid lock) and starts
  // accepting.
  static Result<std::unique_ptr<ControlServer>> listen(const std::filesystem::path& socket, Handler handler);
  ~ControlServer();  // stop()
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  // Stops accepting, waits for requests in progress, removes the socket file.
  void stop();

 private:
  struct Impl;
  explicit ControlServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One request and its answer. Unavailable when nothing listens (the cluster is not running);
// DeadlineExceeded when no answer comes within `timeout`.
Result<boost::json::object> callControl(const std::filesystem::path& socket, const boost::json::object& request,
                                        std::chrono::milliseconds timeout = std::chrono::seconds(120));

}  // namespace kubelab::supervisor
