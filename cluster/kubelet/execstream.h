#pragma once
// One `kubectl exec` at the kubelet: a command run in a container through the runtime, its
// standard streams carried over an accepted WebSocket in the channel protocol (remotecommand.h),
// and its exit status sent last on the error channel.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/httpserver.h"
#include "runtime/podruntime.h"

namespace kubelab::kubelet {

struct ExecRequest {
  std::string podUid;
  std::string container;
  std::vector<std::string> command;
  bool standardInput = false;
  bool standardOutput = true;
  bool standardError = true;
  bool tty = false;  // no terminal is allocated: output goes through pipes either way
  std::string protocol;  // negotiated: v5.channel.k8s.io or v4.channel.k8s.io
};

// Counts running exec streams, so the kubelet's server can wait for them when it stops.
class ActiveStreams {
 public:
  void enter();
  void leave();
  // Waits up to `timeout` for every stream to end; false when some still run.
  bool waitIdle(std::chrono::milliseconds timeout);

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  int active_ = 0;
};

// Accepts the WebSocket on `exchange` and runs the command on a thread of its own (the
// command's parent-death signal follows the thread that starts it, so that thread lives as
// long as the command does).
void startExecStream(runtime::PodRuntime& runtime, ExecRequest request, http::Exchange& exchange,
                     ActiveStreams& active);

}  // namespace kubelab::kubelet
