#include "store/storeserver.h"

#include <charconv>

#include "common/logging.h"

namespace kubelab::store {

Result<ClientUrl> parseClientUrl(const std::string& url) {
  constexpr std::string_view scheme = "http://";
  if (url.rfind("https://", 0) == 0) {
    return Status(StatusCode::Invalid, "client URL " + url + ": TLS is not supported by kubelab-store yet; use http://");
  }
  if (url.rfind(scheme, 0) != 0) return Status(StatusCode::Invalid, "client URL " + url + " must start with http://");
  std::string rest = url.substr(scheme.size());
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  auto colon = rest.rfind(':');
  if (colon == std::string::npos) return Status(StatusCode::Invalid, "client URL " + url + " needs a port");
  ClientUrl parsed;
  parsed.host = rest.substr(0, colon);
  if (parsed.host == "localhost") parsed.host = "127.0.0.1";
  if (parsed.host.size() > 2 && parsed.host.front() == '[') parsed.host = parsed.host.substr(1, parsed.host.size() - 2);
  std::string_view portText = std::string_view(rest).substr(colon + 1);
  auto [end, error] = std::from_chars(portText.data(), portText.data() + portText.size(), parsed.port);
  if (error != std::errc() || end != portText.data() + portText.size()) {
    return Status(StatusCode::Invalid, "client URL " + url + " has an invalid port");
  }
  return parsed;
}

Result<std::unique_ptr<StoreServer>> StoreServer::start(const StoreServerOptions& options) {
  std::unique_ptr<StoreServer> server(new StoreServer());
  std::vector<ClientUrl> urls;
  for (const std::string& url : options.listenClientUrls) {
    auto parsed = parseClientUrl(url);
    if (!parsed) return parsed.status();
    urls.push_back(*parsed);
  }
  auto store = MvccStore::open(options.store);
  if (!store) return store.status();
  server->store_ = std::move(*store);
  server->api_ = std::make_unique<EtcdApi>(*server->store_, options.api);
  http::ServerOptions httpOptions = server->api_->serverOptions();
  httpOptions.threads = options.httpThreads;
  EtcdApi* api = server->api_.get();
  server->server_ = std::make_unique<http::Server>(
      httpOptions, [api](const http::Request& request, std::shared_ptr<http::Exchange> exchange) {
        api->handle(request, std::move(exchange));
      });
  for (const ClientUrl& url : urls) {
    auto port = server->server_->listen(url.host, url.port);
    if (!port) return port.status();
    server->ports_.push_back(*port);
    log::info("serving the etcd v3 JSON API on http://", url.host, ":", *port);
  }
  server->server_->start();
  return server;
}

StoreServer::~StoreServer() {
  // Stop taking requests first, then let the store finish and acknowledge what it has queued.
  if (server_) server_->stop();
  api_.reset();
  server_.reset();
  store_.reset();
}

}  // namespace kubelab::store
