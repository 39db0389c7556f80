#include "kubelet/kubeletserver.h"

#include <boost/json/serialize.hpp>

#include <atomic>
#include <thread>

#include "api/objectmeta.h"
#include "api/timestamp.h"
#include "common/logging.h"
#include "http/httpserver.h"
#include "http/urlquery.h"
#include "kubelet/containerlogs.h"
#include "kubelet/execstream.h"
#include "kubelet/remotecommand.h"

namespace kubelab::kubelet {

namespace {

using runtime::ContainerState;

std::vector<std::string> pathSegments(std::string_view path) {
  std::vector<std::string> segments;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto slash = path.find('/');
    segments.emplace_back(http::percentDecode(path.substr(0, slash)));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return segments;
}

void respondText(http::Exchange& exchange, unsigned status, const std::string& message) {
  exchange.respond(status, "text/plain; charset=utf-8", message);
}

bool hasContainer(const boost::json::object& pod, const std::string& name) {
  for (const char* list : {"containers", "initContainers"}) {
    if (const auto* containers = api::arrayAt(pod, {"spec", list})) {
      for (const auto& container : *containers) {
        if (container.is_object() && api::stringAt(container.get_object(), {"name"}) == name) return true;
      }
    }
  }
  return false;
}

std::optional<ContainerState> containerState(const runtime::PodRuntime& runtime, const std::string& uid,
                                             const std::string& name) {
  auto status = runtime.status(uid);
  if (!status) return std::nullopt;
  for (const auto* list : {&status->containers, &status->initContainers}) {
    for (const auto& [container, state] : *list) {
      if (container == name) return state;
    }
  }
  return std::nullopt;
}

// A finished pod's containers are stopped and forgotten by the runtime, but their logs stay:
// what they were is then read from the pod's reported status.
std::optional<ContainerState> reportedContainerState(const boost::json::object& pod, const std::string& name) {
  for (const char* list : {"containerStatuses", "initContainerStatuses"}) {
    const auto* statuses = api::arrayAt(pod, {"status", list});
    if (!statuses) continue;
    for (const auto& entry : *statuses) {
      if (!entry.is_object() || api::stringAt(entry.get_object(), {"name"}) != name) continue;
      const auto& status = entry.get_object();
      ContainerState state;
      state.restartCount = static_cast<int>(api::integerAt(status, {"restartCount"}));
      if (api::objectAt(status, {"state", "running"})) {
        state.phase = ContainerState::Phase::Running;
      } else if (api::objectAt(status, {"state", "terminated"})) {
        state.phase = ContainerState::Phase::Terminated;
      } else {
        state.reason = api::stringAt(status, {"state", "waiting", "reason"});
      }
      if (api::objectAt(status, {"lastState", "terminated"})) state.lastTermination = runtime::TerminatedState{};
      return state;
    }
  }
  return std::nullopt;
}

struct LogTarget {
  int restartCount = 0;
  bool followable = false;  // the run is the one still going
};

// Which run's log to read, with the kubelet's errors (validateContainerLogStatus) otherwise.
Result<LogTarget> logTarget(const ContainerState& state, const std::string& container, const std::string& pod,
                            bool previous) {
  const std::string who = "container \"" + container + "\" in pod \"" + pod + "\"";
  // While waiting to restart, the last run is the container's latest; once running, the
  // one before the current.
  int lastRun = state.phase == ContainerState::Phase::Waiting ? state.restartCount : state.restartCount - 1;
  if (previous) {
    if (!state.lastTermination || lastRun < 0) return invalid("previous terminated " + who + " not found");
    return LogTarget{lastRun, false};
  }
  switch (state.phase) {
    case ContainerState::Phase::Running:
      return LogTarget{state.restartCount, true};
    case ContainerState::Phase::Terminated:
      return LogTarget{state.restartCount, false};
    case ContainerState::Phase::Waiting:
      if (state.lastTermination) return LogTarget{lastRun, false};
      if (state.reason == "ErrImagePull") return invalid(who + " is waiting to start: image can't be pulled");
      if (state.reason == "ImagePullBackOff") return invalid(who + " is waiting to start: trying and failing to pull image");
      return invalid(who + " is waiting to start: " + (state.reason.empty() ? "ContainerCreating" : state.reason));
  }
  return invalid(who + " is not available");
}

}  // namespace

struct KubeletServer::Impl {
  KubeletServerOptions options;
  PodSource pods;
  runtime::PodRuntime& runtime;
  std::unique_ptr<http::Server> server;
  std::uint16_t port = 0;
  ActiveStreams streams;
  std::atomic<bool> stopping{false};

  Impl(KubeletServerOptions serverOptions, PodSource podSource, runtime::PodRuntime& podRuntime)
      : options(std::move(serverOptions)), pods(std::move(podSource)), runtime(podRuntime) {}

  void handle(const http::Request& request, std::shared_ptr<http::Exchange> exchange);
  void serveLogs(const http::Request& request, std::shared_ptr<http::Exchange> exchange,
                 const boost::json::object& pod, const std::string& container);
  void serveExec(const http::Request& request, std::shared_ptr<http::Exchange> exchange,
                 const boost::json::object& pod, const std::string& container);
  void serveSummary(http::Exchange& exchange);
};

void KubeletServer::Impl::handle(const http::Request& request, std::shared_ptr<http::Exchange> exchange) {
  auto segments = pathSegments(request.path());
  if (segments.size() == 1 && segments[0] == "healthz") return respondText(*exchange, 200, "ok");
  if (segments.size() == 2 && segments[0] == "stats" && segments[1] == "summary") return serveSummary(*exchange);
  bool logs = !segments.empty() && segments[0] == "containerLogs";
  bool exec = !segments.empty() && segments[0] == "exec";
  if ((!logs && !exec) || segments.size() != 4) return respondText(*exchange, 404, "404 page not found\n");
  const std::string& ns = segments[1];
  const std::string& name = segments[2];
  const std::string& container = segments[3];
  client::ObjectPointer pod = pods.get(ns, name);
  if (!pod) return respondText(*exchange, 404, "pod \"" + name + "\" does not exist\n");
  if (!hasContainer(*pod, container)) {
    return respondText(*exchange, 404, "container \"" + container + "\" not found in pod \"" + name + "\"\n");
  }
  if (logs) return serveLogs(request, std::move(exchange), *pod, container);
  serveExec(request, std::move(exchange), *pod, container);
}

void KubeletServer::Impl::serveLogs(const http::Request& request, std::shared_ptr<http::Exchange> exchange,
                                    const boost::json::object& pod, const std::string& container) {
  auto logOptions = parseLogOptions(http::UrlQuery::parse(request.query()));
  if (!logOptions) return respondText(*exchange, 400, logOptions.status().message());
  const std::string uid = api::uid(pod);
  auto state = containerState(runtime, uid, container);
  if (!state) state = reportedContainerState(pod, container);
  if (!state) {
    return respondText(*exchange, 400, "container \"" + container + "\" in pod \"" + api::name(pod) + "\" is not available");
  }
  auto target = logTarget(*state, container, api::name(pod), logOptions->previous);
  if (!target) return respondText(*exchange, 400, target.status().message());
  auto file = runtime.logFile(uid, container, target->restartCount);
  if (!file) {
    return respondText(*exchange, 400, "the " + runtime.name() + " runtime keeps no logs: container \"" + container +
                                           "\" in pod \"" + api::name(pod) + "\" runs no process");
  }
  // The response streams, so a follow can go on; a thread of its own keeps the server's free.
  streams.enter();
  std::thread([this, exchange, file = *file, logOptions = *logOptions, uid, container, target = *target] {
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    exchange->onDisconnect([cancelled] { *cancelled = true; });
    exchange->startStream(200, "text/plain");
    LogWriter writer(logOptions, [&exchange](std::string bytes) { exchange->writeChunk(std::move(bytes)); });
    FollowControl control;
    control.cancelled = [this, cancelled] { return cancelled->load() || stopping.load(); };
    control.containerRunning = [this, uid, container, target] {
      if (!target.followable) return false;
      auto now = containerState(runtime, uid, container);
      return now && now->phase == ContainerState::Phase::Running && now->restartCount == target.restartCount;
    };
    Status streamed = streamLogFile(file, logOptions, writer, control);
    if (!streamed.isOk()) log::warning("logs of ", container, ": ", streamed.toString());
    exchange->finish();
    streams.leave();
  }).detach();
}

void KubeletServer::Impl::serveExec(const http::Request& request, std::shared_ptr<http::Exchange> exchange,
                                    const boost::json::object& pod, const std::string& container) {
  auto query = http::UrlQuery::parse(request.query());
  auto flag = [&query](const char* kubeletName, const char* apiName, bool fallback) {
    if (query.has(kubeletName)) return query.get(kubeletName) == "1" || query.get(kubeletName) == "true";
    if (query.has(apiName)) return query.get(apiName) == "1" || query.get(apiName) == "true";
    return fallback;
  };
  ExecRequest exec;
  exec.podUid = api::uid(pod);
  exec.container = container;
  exec.command = query.all("command");
  exec.standardInput = flag("input", "stdin", false);
  exec.standardOutput = flag("output", "stdout", false);
  exec.standardError = flag("error", "stderr", false);
  exec.tty = flag("tty", "tty", false);
  if (exec.command.empty()) return respondText(*exchange, 400, "you must specify at least one command for the container");
  if (!exec.standardInput && !exec.standardOutput && !exec.standardError) {
    return respondText(*exchange, 400, "you must specify at least 1 of stdin, stdout, stderr");
  }
  auto state = containerState(runtime, exec.podUid, container);
  if (!state || state->phase != ContainerState::Phase::Running) {
    return respondText(*exchange, 404, "container not found (\"" + container + "\")");
  }
  std::string upgrade = request.header("Upgrade");
  if (upgrade.size() != 9 || (upgrade != "websocket" && upgrade != "WebSocket")) {
    return respondText(*exchange, 400,
                       "KubeLab's kubelet streams exec only over WebSocket (v5.channel.k8s.io or v4.channel.k8s.io); "
                       "this request asked for \"" + upgrade + "\"");
  }
  exec.protocol = remotecommand::negotiateProtocol(request.header("Sec-WebSocket-Protocol"));
  if (exec.protocol.empty()) {
    return respondText(*exchange, 400, "none of the offered protocols is supported: \"" +
                                           request.header("Sec-WebSocket-Protocol") + "\" (we speak " +
                                           remotecommand::kProtocolV5 + " and " + remotecommand::kProtocolV4 + ")");
  }
  startExecStream(runtime, std::move(exec), *exchange, streams);
}

void KubeletServer::Impl::serveSummary(http::Exchange& exchange) {
  std::vector<PodUsage> usage;
  for (const auto& pod : pods.list()) {
    auto stats = runtime.stats(api::uid(*pod));
    if (!stats) continue;
    usage.push_back(PodUsage{pod, std::move(*stats)});
  }
  exchange.respond(200, "application/json",
                   boost::json::serialize(statsSummary(options.nodeName, usage, std::chrono::system_clock::now())));
}

boost::json::object statsSummary(const std::string& nodeName, const std::vector<PodUsage>& pods,
                                 std::chrono::system_clock::time_point now) {
  std::string time = api::formatTimestamp(now);
  std::int64_t nodeCpu = 0;
  std::uint64_t nodeMemory = 0;
  boost::json::array podEntries;
  for (const PodUsage& usage : pods) {
    boost::json::array containers;
    for (const auto& [name, stats] : usage.containers) {
      nodeCpu += stats.cpuTime.count();
      nodeMemory += stats.memoryBytes;
      containers.push_back({{"name", name},
                            {"cpu", {{"time", time}, {"usageCoreNanoSeconds", stats.cpuTime.count()}}},
                            {"memory", {{"time", time}, {"workingSetBytes", stats.memoryBytes}}}});
    }
    podEntries.push_back({{"podRef",
                           {{"name", api::name(*usage.pod)},
                            {"namespace", api::namespaceOf(*usage.pod)},
                            {"uid", api::uid(*usage.pod)}}},
                          {"containers", std::move(containers)}});
  }
  // The node's use is its pods' here: KubeLab's nodes share the host and run nothing else.
  return {{"node",
           {{"nodeName", nodeName},
            {"cpu", {{"time", time}, {"usageCoreNanoSeconds", nodeCpu}}},
            {"memory", {{"time", time}, {"workingSetBytes", nodeMemory}}}}},
          {"pods", std::move(podEntries)}};
}

KubeletServer::KubeletServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

KubeletServer::~KubeletServer() { stop(); }

std::uint16_t KubeletServer::port() const { return impl_->port; }

Result<std::unique_ptr<KubeletServer>> KubeletServer::start(const KubeletServerOptions& options, PodSource pods,
                                                            runtime::PodRuntime& runtime) {
  if (options.certificateFile.empty() || options.clientCaFile.empty()) {
    return invalid("the kubelet's server needs --tls-cert-file, --tls-private-key-file and --client-ca-file");
  }
  auto impl = std::make_unique<Impl>(options, std::move(pods), runtime);
  http::ServerOptions serverOptions;
  http::ServerTlsOptions tls;
  tls.certificateFile = options.certificateFile;
  tls.privateKeyFile = options.privateKeyFile;
  tls.clientCaFile = options.clientCaFile;
  tls.requireClientCertificate = true;
  serverOptions.tls = tls;
  Impl* raw = impl.get();
  impl->server = std::make_unique<http::Server>(serverOptions, [raw](const http::Request& request,
                                                                     std::shared_ptr<http::Exchange> exchange) {
    try {
      raw->handle(request, exchange);
    } catch (const std::exception& error) {
      log::error("kubelet request ", request.target, " failed: ", error.what());
      respondText(*exchange, 500, error.what());
    }
  });
  auto port = impl->server->listen(options.address, options.port);
  if (!port) return port.status();
  impl->port = *port;
  impl->server->start();
  log::info("kubelet server on https://", options.address, ":", impl->port);
  return std::unique_ptr<KubeletServer>(new KubeletServer(std::move(impl)));
}

void KubeletServer::stop() {
  if (!impl_ || impl_->stopping.exchange(true)) return;
  if (!impl_->streams.waitIdle(std::chrono::seconds(3))) log::warning("kubelet server: streams still running at stop");
  impl_->server->stop();
}

}  // namespace kubelab::kubelet
