#include "kubelet/execstream.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>

#include <cerrno>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "common/logging.h"
#include "kubelet/remotecommand.h"

namespace kubelab::kubelet {

namespace rc = remotecommand;

void ActiveStreams::enter() {
  std::lock_guard lock(mutex_);
  ++active_;
}

void ActiveStreams::leave() {
  std::lock_guard lock(mutex_);
  if (--active_ == 0) idle_.notify_all();
}

bool ActiveStreams::waitIdle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return idle_.wait_for(lock, timeout, [this] { return active_ == 0; });
}

namespace {

// What the client sends for stdin, written to the command's pipe by a thread of its own so a
// command that does not read cannot block the server's threads.
class StandardInputQueue {
 public:
  void push(std::string bytes) {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    pending_.push_back(std::move(bytes));
    changed_.notify_all();
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }
  // Writes to the command until the client closes stdin or the command stops reading.
  void drainInto(runtime::ExecSession& session) {
    // A command that exits leaves a pipe without reader: EPIPE, not a SIGPIPE to the kubelet.
    sigset_t pipeSignal;
    sigemptyset(&pipeSignal);
    sigaddset(&pipeSignal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeSignal, nullptr);
    for (;;) {
      std::string bytes;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return closed_ || !pending_.empty(); });
        if (pending_.empty()) break;
        bytes = std::move(pending_.front());
        pending_.pop_front();
      }
      if (!writeAll(session.standardInput(), bytes)) break;
    }
    session.closeStandardInput();
  }

 private:
  static bool writeAll(int descriptor, std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t written = ::write(descriptor, bytes.data(), bytes.size());
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> pending_;
  bool closed_ = false;
};

struct ExecStream {
  ExecRequest request;
  std::shared_ptr<http::WebSocket> socket;
  StandardInputQueue input;

  void onMessage(std::string message) {
    auto parsed = rc::parse(std::move(message));
    if (!parsed) return;
    if (parsed->channel == rc::Stdin && request.standardInput) {
      input.push(std::move(parsed->payload));
    } else if (parsed->channel == rc::Close && !parsed->payload.empty() && parsed->payload[0] == rc::Stdin) {
      input.close();
    }
    // Resize: there is no terminal to resize.
  }

  void sendStatus(const boost::json::object& status) {
    socket->send(rc::frame(rc::Error, boost::json::serialize(status)));
    socket->close();
  }

  void forward(int descriptor, rc::Channel channel) {
    char buffer[16 * 1024];
    for (;;) {
      ssize_t read = ::read(descriptor, buffer, sizeof buffer);
      if (read < 0 && errno == EINTR) continue;
      if (read <= 0) return;
      socket->send(rc::frame(channel, std::string_view(buffer, static_cast<std::size_t>(read))));
    }
  }

  void run(runtime::PodRuntime& runtime) {
    auto session = runtime.exec(request.podUid, request.container, request.command, request.standardInput);
    if (!session) {
      input.close();
      return sendStatus(rc::internalErrorStatus("error executing command in container: " + session.status().message()));
    }
    // The kubelet's first message, on the lowest channel the client reads, says the streams are up.
    socket->send(rc::frame(request.standardOutput ? rc::Stdout : (request.standardError ? rc::Stderr : rc::Error), ""));
    std::thread writer;
    if (request.standardInput) writer = std::thread([this, &session] { input.drainInto(**session); });
    // With a tty there is one output stream: stderr joins stdout.
    rc::Channel errorChannel = request.tty || !request.standardError ? rc::Stdout : rc::Stderr;
    std::thread output([this, &session] { forward((*session)->standardOutput(), rc::Stdout); });
    std::thread errors([this, &session, errorChannel] { forward((*session)->standardError(), errorChannel); });
    int exitCode = (*session)->wait();
    output.join();
    errors.join();
    input.close();
    if (writer.joinable()) writer.join();
    sendStatus(rc::exitStatus(exitCode));
  }
};

}  // namespace

void startExecStream(runtime::PodRuntime& runtime, ExecRequest request, http::Exchange& exchange,
                     ActiveStreams& active) {
  auto stream = std::make_shared<ExecStream>();
  stream->request = std::move(request);
  std::weak_ptr<ExecStream> weak = stream;
  stream->socket = exchange.acceptWebSocket(
      stream->request.protocol,
      http::WebSocketHandlers{[weak](std::string message) {
                                if (auto alive = weak.lock()) alive->onMessage(std::move(message));
                              },
                              [weak] {
                                // The client went away: stdin ends; the command runs to its end.
                                if (auto alive = weak.lock()) alive->input.close();
                              }});
  active.enter();
  std::thread([stream, &runtime, &active] {
    try {
      stream->run(runtime);
    } catch (const std::exception& error) {
      log::error("exec in ", stream->request.container, ": ", error.what());
    }
    active.leave();
  }).detach();
}

}  // namespace kubelab::kubelet
