#include "apiserver/podstreams.h"

#include <atomic>
#include <thread>

#include "api/objectmeta.h"
#include "apiserver/responses.h"
#include "common/logging.h"
#include "http/urlquery.h"

namespace kubelab::apiserver {

namespace {

std::vector<std::string> containerNames(const Object& pod, const char* list) {
  std::vector<std::string> names;
  if (const auto* containers = api::arrayAt(pod, {"spec", list})) {
    for (const auto& container : *containers) {
      if (container.is_object()) names.push_back(api::stringAt(container.get_object(), {"name"}));
    }
  }
  return names;
}

// What the container's status says about running, from the pod's status.
bool containerRunning(const Object& pod, const std::string& container) {
  for (const char* list : {"containerStatuses", "initContainerStatuses"}) {
    if (const auto* statuses = api::arrayAt(pod, {"status", list})) {
      for (const auto& status : *statuses) {
        if (!status.is_object() || api::stringAt(status.get_object(), {"name"}) != container) continue;
        return api::objectAt(status.get_object(), {"state", "running"}) != nullptr;
      }
    }
  }
  return false;
}

std::string kubeletPath(const char* endpoint, const Object& pod, const std::string& container) {
  return std::string("/") + endpoint + "/" + http::percentEncode(api::namespaceOf(pod)) + "/" +
         http::percentEncode(api::name(pod)) + "/" + http::percentEncode(container);
}

// The response head of a relayed upgrade carries what the client sent that the kubelet
// needs to answer it; hop-by-hop and credential headers stay here.
bool forwardedHeader(std::string name) {
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name == "upgrade" || name == "connection" || name == "sec-websocket-key" ||
         name == "sec-websocket-version" || name == "sec-websocket-protocol" || name == "x-stream-protocol-version" ||
         name == "user-agent";
}

// One relayed upgrade: the client's connection and ours to the kubelet, kept alive by the
// client connection's callbacks until either side ends.
struct UpgradeRelay {
  std::shared_ptr<http::Exchange> client;
  std::unique_ptr<http::Tunnel> kubelet;
};

}  // namespace

ApiResult<std::string> selectContainer(const Object& pod, const std::string& requested) {
  const std::string podName = api::name(pod);
  std::vector<std::string> containers = containerNames(pod, "containers");
  if (requested.empty()) {
    if (containers.size() == 1) return ApiResult<std::string>::success(containers.front());
    std::string names;
    for (const std::string& name : containers) names += (names.empty() ? "" : " ") + name;
    return ApiResult<std::string>::failure(
        badRequest("a container name must be specified for pod " + podName + ", choose one of: [" + names + "]"));
  }
  for (const char* list : {"containers", "initContainers", "ephemeralContainers"}) {
    for (const std::string& name : containerNames(pod, list)) {
      if (name == requested) return ApiResult<std::string>::success(requested);
    }
  }
  return ApiResult<std::string>::failure(badRequest("container " + requested + " is not valid for pod " + podName));
}

void PodStreams::serve(const ApiRequest& request) {
  http::Exchange& exchange = *request.exchange;
  const bool isLog = request.info.subresource == "log";
  if (isLog && request.info.verb != "get") return respondError(exchange, methodNotAllowed());
  if (!isLog && request.info.verb != "get" && request.info.verb != "create") return respondError(exchange, methodNotAllowed());
  auto pod = storage_.get(*request.type, request.info.namespaceName, request.info.name);
  if (!pod.ok()) return respondError(exchange, pod.error);
  auto container = selectContainer(*pod.value, queryParameter(request.http.query(), "container"));
  if (!container.ok()) return respondError(exchange, container.error);
  std::string node = api::stringAt(*pod.value, {"spec", "nodeName"});
  if (node.empty()) return respondError(exchange, badRequest("pod " + request.info.name + " does not have a host assigned"));
  auto kubelet = kubelets_.endpointForNode(node);
  if (!kubelet.ok()) return respondError(exchange, kubelet.error);
  if (isLog) return serveLog(request, *pod.value, *container.value, *kubelet.value);
  serveExec(request, *pod.value, *container.value, *kubelet.value);
}

void PodStreams::serveLog(const ApiRequest& request, const Object& pod, const std::string& container,
                          const http::Endpoint& kubelet) {
  auto query = http::UrlQuery::parse(request.http.query());
  http::UrlQuery forwarded;
  for (const char* option : {"follow", "previous", "tailLines", "sinceSeconds", "sinceTime", "timestamps", "limitBytes"}) {
    if (query.has(option)) forwarded.add(option, query.get(option));
  }
  std::string target = kubeletPath("containerLogs", pod, container);
  if (std::string encoded = forwarded.encode(); !encoded.empty()) target += "?" + encoded;
  http::RequestOptions options;
  options.timeout = std::chrono::seconds(10);
  auto stream = http::Stream::open(kubelet, "GET", target, "", false, options);
  if (!stream) {
    return respondError(*request.exchange, internalError("cannot reach the kubelet at " + kubelet.host + ":" +
                                                         std::to_string(kubelet.port) + ": " + stream.status().message()));
  }
  std::shared_ptr<http::Stream> body = std::move(*stream);
  if (body->status() != 200) {
    std::string text;
    for (;;) {
      auto piece = body->readSome(std::chrono::seconds(5));
      if (!piece) break;
      text += *piece;
    }
    return respondError(*request.exchange, kubeletError(body->status(), text));
  }
  // Chunk by chunk as the kubelet sends it, so `kubectl logs -f` sees lines as they come.
  std::thread([exchange = request.exchange, body] {
    auto gone = std::make_shared<std::atomic<bool>>(false);
    exchange->onDisconnect([gone] { *gone = true; });
    exchange->startStream(200, "text/plain");
    while (!*gone) {
      auto piece = body->readSome(std::chrono::milliseconds(500));
      if (piece) {
        exchange->writeChunk(std::move(*piece));
      } else if (piece.status().code() != StatusCode::DeadlineExceeded) {
        break;
      }
    }
    exchange->finish();
  }).detach();
}

void PodStreams::serveExec(const ApiRequest& request, const Object& pod, const std::string& container,
                           const http::Endpoint& kubelet) {
  http::Exchange& exchange = *request.exchange;
  std::string phase = api::stringAt(pod, {"status", "phase"});
  if (phase == "Succeeded" || phase == "Failed") {
    return respondError(exchange, badRequest("cannot exec into a container in a completed pod; current phase is " + phase));
  }
  if (!containerRunning(pod, container)) {
    return respondError(exchange, badRequest("container not found (\"" + container + "\")"));
  }
  std::string upgrade = request.http.header("Upgrade");
  if (upgrade.empty()) return respondError(exchange, badRequest("Upgrade request required"));
  if (upgrade.rfind("SPDY", 0) == 0) {
    return respondError(exchange, badRequest("KubeLab streams exec over WebSocket only (v5.channel.k8s.io, "
                                             "v4.channel.k8s.io); SPDY is not supported"));
  }
  // PodExecOptions as the kubelet's query names them.
  auto query = http::UrlQuery::parse(request.http.query());
  http::UrlQuery forwarded;
  for (const std::string& word : query.all("command")) forwarded.add("command", word);
  auto flag = [&query](const char* name) { return query.get(name) == "true" || query.get(name) == "1"; };
  if (flag("stdin")) forwarded.add("input", "1");
  if (flag("stdout")) forwarded.add("output", "1");
  if (flag("stderr")) forwarded.add("error", "1");
  if (flag("tty")) forwarded.add("tty", "1");
  std::string head = request.http.method + " " + kubeletPath("exec", pod, container) + "?" + forwarded.encode() +
                     " HTTP/1.1\r\nHost: " + kubelet.host + ":" + std::to_string(kubelet.port) + "\r\n";
  for (const auto& [name, value] : request.http.headers) {
    if (forwardedHeader(name)) head += name + ": " + value + "\r\n";
  }
  head += "\r\n";

  auto relay = std::make_shared<UpgradeRelay>();
  relay->client = request.exchange;
  std::weak_ptr<UpgradeRelay> weak = relay;
  auto tunnel = http::Tunnel::open(kubelet, http::Tunnel::Handlers{[weak](std::string_view bytes) {
                                                                     if (auto alive = weak.lock()) alive->client->writeRaw(std::string(bytes));
                                                                   },
                                                                   [weak] {
                                                                     if (auto alive = weak.lock()) alive->client->closeConnection();
                                                                   }});
  if (!tunnel) {
    return respondError(exchange, internalError("cannot reach the kubelet at " + kubelet.host + ":" +
                                                std::to_string(kubelet.port) + ": " + tunnel.status().message()));
  }
  relay->kubelet = std::move(*tunnel);
  relay->kubelet->send(std::move(head));
  // The client's callbacks own the relay: it lives until the client's connection ends.
  request.exchange->takeOver([relay](std::string_view bytes) { relay->kubelet->send(std::string(bytes)); },
                             [relay] { relay->kubelet->close(); });
}

}  // namespace kubelab::apiserver
