#include "apiserver/apiserver.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <thread>

#include "api/defaults.h"
#include "api/objectmeta.h"
#include "api/resourcetypes.h"
#include "apiserver/authentication.h"
#include "apiserver/authorization.h"
#include "apiserver/discovery.h"
#include "apiserver/etcdclient.h"
#include "apiserver/kubeletconnection.h"
#include "apiserver/metricsapi.h"
#include "apiserver/objectlifecycle.h"
#include "apiserver/objectstorage.h"
#include "apiserver/rbacescalation.h"
#include "apiserver/openapi.h"
#include "apiserver/podstreams.h"
#include "apiserver/requestbody.h"
#include "apiserver/requestinfo.h"
#include "apiserver/requestmetrics.h"
#include "apiserver/resourcehandlers.h"
#include "apiserver/responses.h"
#include "apiserver/serviceallocator.h"
#include "apiserver/watchhandler.h"
#include "common/logging.h"
#include "http/httpserver.h"

namespace kubelab::apiserver {
namespace json = boost::json;

struct ApiServer::Impl {
  ApiServerOptions options;
  StorageMetrics storageMetrics;  // before the storage that counts into it
  std::unique_ptr<EtcdClient> etcd;
  std::unique_ptr<ObjectStorage> storage;
  std::unique_ptr<ServiceAllocator> services;
  std::unique_ptr<ResourceHandlers> handlers;
  std::unique_ptr<WatchHandler> watches;
  std::unique_ptr<KubeletConnector> kubelets;
  std::unique_ptr<PodStreams> podStreams;
  std::unique_ptr<MetricsApi> metricsApi;
  std::optional<Authenticator> authenticator;
  std::unique_ptr<RbacAuthorizer> authorizer;
  RequestMetrics metrics;
  std::unique_ptr<http::Server> server;
  std::uint16_t port = 0;

  std::string serverAddress() const {
    std::string host = options.advertiseAddress.empty() ? options.bindAddress : options.advertiseAddress;
    return host + ":" + std::to_string(port);
  }

  void handle(const http::Request& request, std::shared_ptr<http::Exchange> exchange);
  bool serveNonResource(const http::Request& request, http::Exchange& exchange, const RequestInfo& info);
  void reviewAccess(const http::Request& request, http::Exchange& exchange, const UserInfo& user);
  std::optional<ApiError> impersonate(const http::Request& request, UserInfo& user);
  Status bootstrap();
  Status ensureObject(const api::ResourceType& type, const std::string& ns, Object object);
};

bool ApiServer::Impl::serveNonResource(const http::Request& request, http::Exchange& exchange, const RequestInfo& info) {
  std::string_view path = request.path();
  if (path == "/healthz" || path == "/livez" || path == "/readyz") {
    if (!etcd->healthy()) {
      exchange.respond(500, "text/plain; charset=utf-8", "[-]etcd failed: the store does not answer\nhealthz check failed\n");
    } else {
      exchange.respond(200, "text/plain; charset=utf-8", "ok");
    }
    return true;
  }
  if (path == "/version") return respondObject(exchange, 200, versionInfo()), true;
  if (path == "/metrics") {
    exchange.respond(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render() + storageMetrics.render());
    return true;
  }
  if (path == "/openapi/v2") {
    auto document = openApiV2Response(request.header("Accept"));
    if (!document) return respondError(exchange, notAcceptable("only application/json and the protobuf OpenAPI v2 encoding are served")), true;
    return exchange.respond(200, document->contentType, std::move(document->body), {{"Vary", "Accept"}}), true;
  }
  if (path == "/openapi/v3" || path.rfind("/openapi/v3/", 0) == 0) {
    std::string_view rest = path.size() > 12 ? path.substr(12) : std::string_view();
    auto document = openApiV3Document(rest);
    if (!document) return false;
    return exchange.respond(200, "application/json", *document), true;
  }
  if (path == "/api" || path == "/api/") return respondObject(exchange, 200, coreApiVersions(serverAddress())), true;
  if (path == "/apis" || path == "/apis/") return respondObject(exchange, 200, apiGroupList()), true;
  if (info.apiPrefix.empty() || info.isResourceRequest) return false;
  if (info.version.empty()) {  // /apis/<group>
    auto group = apiGroup(info.group);
    if (!group) return false;
    return respondObject(exchange, 200, *group), true;
  }
  auto resources = apiResourceList(info.group, info.version);
  if (!resources) return false;
  respondObject(exchange, 200, *resources);
  return true;
}

namespace {

// What anyone may read without credentials, as Kubernetes' system:public-info-viewer allows.
bool isPublicPath(std::string_view path) {
  return path == "/healthz" || path == "/livez" || path == "/readyz" || path == "/version";
}

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

RequestLabels metricLabels(const RequestInfo& info) {
  if (!info.isResourceRequest) return {"GET", "", "", "", "", ""};
  static const std::map<std::string, std::string> verbs = {
      {"get", "GET"},      {"list", "LIST"},     {"watch", "WATCH"},   {"create", "POST"},
      {"update", "PUT"},   {"patch", "PATCH"},   {"delete", "DELETE"}, {"deletecollection", "DELETECOLLECTION"}};
  auto verb = verbs.find(info.verb);
  std::string scope = !info.name.empty() ? "resource" : (info.namespaceName.empty() ? "cluster" : "namespace");
  return {verb == verbs.end() ? info.verb : verb->second, info.group, info.version, info.resource, info.subresource, scope};
}

}  // namespace

void ApiServer::Impl::reviewAccess(const http::Request& request, http::Exchange& exchange, const UserInfo& user) {
  auto review = decodeRequestBody(request);
  if (!review.ok()) return respondError(exchange, review.error);
  json::object& object = *review.value;
  AccessRequest access;
  access.user = user;
  if (const json::value* attributes = api::valueAt(object, {"spec", "resourceAttributes"}); attributes && attributes->is_object()) {
    const json::object& a = attributes->get_object();
    access.verb = api::stringAt(a, {"verb"});
    access.apiGroup = api::stringAt(a, {"group"});
    access.namespaceName = api::stringAt(a, {"namespace"});
    access.resource = api::stringAt(a, {"resource"});
    access.subresource = api::stringAt(a, {"subresource"});
    access.name = api::stringAt(a, {"name"});
  } else if (const json::value* nonResource = api::valueAt(object, {"spec", "nonResourceAttributes"}); nonResource && nonResource->is_object()) {
    access.isResourceRequest = false;
    access.verb = api::stringAt(nonResource->get_object(), {"verb"});
    access.path = api::stringAt(nonResource->get_object(), {"path"});
  } else {
    return respondError(exchange, invalid("SelfSubjectAccessReview", "authorization.k8s.io", "",
                                          "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: "
                                          "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified",
                                          {}));
  }
  bool allowed = authorizer->allowed(access);
  json::object status{{"allowed", allowed}};
  if (allowed) status["reason"] = user.inGroup("system:masters") ? "" : "allowed by RBAC";
  object["status"] = std::move(status);
  api::ensureObject(object, "metadata")["creationTimestamp"] = nullptr;
  respondObject(exchange, 201, object);
}

// `kubectl --as=alice --as-group=devs`: act as another user when RBAC lets the caller
// impersonate them. nullopt when there is nothing to impersonate; an error when not allowed.
std::optional<ApiError> ApiServer::Impl::impersonate(const http::Request& request, UserInfo& user) {
  std::string target = request.header("Impersonate-User");
  std::vector<std::string> groups;
  for (const auto& [name, value] : request.headers) {
    if (lowercase(name) == "impersonate-group") groups.push_back(value);
  }
  if (target.empty()) {
    if (groups.empty()) return std::nullopt;
    return badRequest("requested impersonation of groups without impersonating a user");
  }
  auto check = [&](const std::string& resource, const std::string& name) -> std::optional<ApiError> {
    AccessRequest access{user, "impersonate", true, "", "", "", resource, "", name};
    if (authorizer->allowed(access)) return std::nullopt;
    return forbidden(RbacAuthorizer::forbiddenMessage(access));
  };
  if (auto denied = check("users", target)) return denied;
  for (const std::string& group : groups) {
    if (auto denied = check("groups", group)) return denied;
  }
  groups.push_back("system:authenticated");
  user = UserInfo{target, groups};
  return std::nullopt;
}

void ApiServer::Impl::handle(const http::Request& request, std::shared_ptr<http::Exchange> exchange) {
  RequestInfo info = resolveRequest(request.method, request.path(), request.query());
  exchange = metrics.measure(std::move(exchange), metricLabels(info));
  std::optional<UserInfo> user = authenticator->authenticate(request);
  // Who sent it, before any impersonation: the cluster view's traffic between components.
  metrics.recordClient(user ? user->name : "system:anonymous");
  if (!user && !isPublicPath(request.path())) return respondError(*exchange, unauthorized());
  if (user) {
    if (auto denied = impersonate(request, *user)) return respondError(*exchange, *denied);
  }

  if (!info.isResourceRequest) {
    if (user && !isPublicPath(request.path())) {
      AccessRequest access{*user, lowercase(request.method), false, std::string(request.path()), "", "", "", "", ""};
      if (!authorizer->allowed(access)) return respondError(*exchange, forbidden(RbacAuthorizer::forbiddenMessage(access)));
    }
    if (!serveNonResource(request, *exchange, info)) respondError(*exchange, resourceNotFound());
    return;
  }
  if (MetricsApi::handles(info)) {
    AccessRequest access{*user, info.verb, true, "", info.group, info.namespaceName, info.resource, "", info.name};
    if (!authorizer->allowed(access)) return respondError(*exchange, forbidden(RbacAuthorizer::forbiddenMessage(access)));
    return metricsApi->serve(request, *exchange, info);
  }
  const api::ResourceType* type = api::findResourceType(info.group, info.version, info.resource);
  if (type == nullptr) return respondError(*exchange, resourceNotFound());
  if (type->namespaced && info.namespaceName.empty() && !info.name.empty() && type->kind != "Namespace") {
    return respondError(*exchange, resourceNotFound());
  }
  // A cluster-scoped resource has no namespaced path; serving one would let a namespace's
  // RoleBinding authorize cluster-wide objects.
  if (!type->namespaced && !info.namespaceName.empty()) return respondError(*exchange, resourceNotFound());
  if (!info.subresource.empty() && !type->hasSubresource(info.subresource)) {
    return respondError(*exchange, resourceNotFound());
  }
  AccessRequest access{*user, info.verb, true, "", info.group, info.namespaceName, info.resource, info.subresource, info.name};
  if (type->kind == "Namespace" && !info.name.empty()) access.namespaceName = info.name;
  if (!authorizer->allowed(access)) return respondError(*exchange, forbidden(RbacAuthorizer::forbiddenMessage(access)));
  if (info.subresource == "exec" && info.verb == "get") {
    // kubectl's WebSocket exec is a GET; as Kubernetes 1.30+ does, it needs `create` too.
    access.verb = "create";
    if (!authorizer->allowed(access)) return respondError(*exchange, forbidden(RbacAuthorizer::forbiddenMessage(access)));
  }
  if (type->kind == "SelfSubjectAccessReview") {
    if (info.verb != "create") return respondError(*exchange, methodNotAllowed());
    return reviewAccess(request, *exchange, *user);
  }
  ApiRequest apiRequest{request, exchange, info, type, {}};
  if (type->group == "rbac.authorization.k8s.io") {
    apiRequest.checkWrite = [this, type, &user](const Object& object) {
      return checkRbacEscalation(*authorizer, *storage, *user, *type, object);
    };
  }
  if (info.verb == "watch") return watches->serve(apiRequest);
  if (PodStreams::handles(info)) return podStreams->serve(apiRequest);
  handlers->serve(apiRequest);
  if (type->group == "rbac.authorization.k8s.io" && info.verb != "get" && info.verb != "list") authorizer->invalidate();
}

Status ApiServer::Impl::ensureObject(const api::ResourceType& resourceType, const std::string& ns, Object object) {
  const api::ResourceType* type = &resourceType;
  auto existing = storage->get(*type, ns, api::name(object));
  if (existing.ok()) return Status::ok();
  if (existing.error.reason != "NotFound") return Status(StatusCode::Unavailable, existing.error.message);
  if (type->namespaced) api::ensureObject(object, "metadata")["namespace"] = ns;
  prepareForCreate(*type, object);
  api::applyDefaults(*type, object);
  if (type->kind == "Service") {
    if (auto error = services->allocate(object)) return Status(StatusCode::Internal, error->message);
  }
  auto created = storage->create(*type, std::move(object));
  if (!created.ok() && created.error.reason != "AlreadyExists") return Status(StatusCode::Unavailable, created.error.message);
  return Status::ok();
}

// What every cluster has from the start, as the real API server's bootstrap controllers create it.
Status ApiServer::Impl::bootstrap() {
  auto core = [](const char* plural) { return *api::findResourceType("", "v1", plural); };
  auto rbac = [](const char* plural) { return *api::findResourceType("rbac.authorization.k8s.io", "v1", plural); };
  for (const char* name : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
    KUBELAB_RETURN_IF_ERROR(ensureObject(core("namespaces"), "", Object{{"metadata", Object{{"name", name}}}}));
  }
  for (Object& role : defaultClusterRoles()) KUBELAB_RETURN_IF_ERROR(ensureObject(rbac("clusterroles"), "", std::move(role)));
  for (Object& binding : defaultClusterRoleBindings()) {
    KUBELAB_RETURN_IF_ERROR(ensureObject(rbac("clusterrolebindings"), "", std::move(binding)));
  }
  Object service{{"metadata", Object{{"name", "kubernetes"},
                                     {"labels", Object{{"component", "apiserver"}, {"provider", "kubernetes"}}}}},
                 {"spec", Object{{"clusterIP", services->firstAddress()},
                                 {"ports", json::array{Object{{"name", "https"}, {"port", 443}, {"protocol", "TCP"},
                                                              {"targetPort", port}}}}}}};
  KUBELAB_RETURN_IF_ERROR(ensureObject(core("services"), "default", std::move(service)));
  Object endpoints{{"metadata", Object{{"name", "kubernetes"}}},
                   {"subsets", json::array{Object{
                                   {"addresses", json::array{Object{{"ip", options.bindAddress}}}},
                                   {"ports", json::array{Object{{"name", "https"}, {"port", port}, {"protocol", "TCP"}}}}}}}};
  return ensureObject(core("endpoints"), "default", std::move(endpoints));
}

ApiServer::ApiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ApiServer::~ApiServer() {
  if (impl_->server) impl_->server->stop();
  impl_->watches.reset();
}

std::uint16_t ApiServer::port() const { return impl_->port; }

Result<std::unique_ptr<ApiServer>> ApiServer::start(const ApiServerOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  auto etcd = EtcdClient::connect(options.etcdServers);
  if (!etcd) return etcd.status();
  impl->etcd = std::move(*etcd);
  impl->storage = std::make_unique<ObjectStorage>(*impl->etcd, &impl->storageMetrics);
  auto services = ServiceAllocator::create(*impl->storage, options.serviceClusterIpRange, options.nodePortLow,
                                           options.nodePortHigh);
  if (!services) return services.status();
  impl->services = std::move(*services);
  impl->handlers = std::make_unique<ResourceHandlers>(
      *impl->storage, *impl->services,
      api::PodAdmissionOptions{options.defaultNotReadyTolerationSeconds, options.defaultUnreachableTolerationSeconds});
  impl->watches = std::make_unique<WatchHandler>(*impl->storage);
  impl->kubelets = std::make_unique<KubeletConnector>(
      *impl->storage, KubeletClientOptions{options.kubeletClientCertificateFile, options.kubeletClientKeyFile,
                                           options.kubeletCertificateAuthorityFile});
  impl->podStreams = std::make_unique<PodStreams>(*impl->storage, *impl->kubelets);
  impl->metricsApi = std::make_unique<MetricsApi>(*impl->storage, *impl->kubelets);
  auto authenticator = Authenticator::create(options.tokenAuthFile);
  if (!authenticator) return authenticator.status();
  impl->authenticator = std::move(*authenticator);
  impl->authorizer = std::make_unique<RbacAuthorizer>(*impl->storage);

  http::ServerOptions serverOptions;
  serverOptions.maxBodyBytes = options.maximumRequestBodyBytes;
  serverOptions.threads = options.threads;
  if (!options.tlsCertificateFile.empty()) {
    serverOptions.tls = http::ServerTlsOptions{options.tlsCertificateFile, options.tlsPrivateKeyFile, options.clientCaFile};
  } else {
    log::warning("no --tls-cert-file: serving plain HTTP, which only tests should do");
  }
  serverOptions.respondTooLarge = [limit = options.maximumRequestBodyBytes](const http::Request&, http::Exchange& exchange) {
    respondError(exchange, tooLarge(limit));
  };
  Impl* raw = impl.get();
  impl->server = std::make_unique<http::Server>(
      serverOptions, [raw](const http::Request& request, std::shared_ptr<http::Exchange> exchange) {
        // The boundary: a bug or an input nobody foresaw costs one request a 500, never the server.
        try {
          raw->handle(request, exchange);
        } catch (const std::exception& error) {
          log::error("request ", request.method, " ", request.target, " failed: ", error.what());
          respondError(*exchange, internalError(error.what()));
        }
      });
  auto port = impl->server->listen(options.bindAddress, options.securePort);
  if (!port) return port.status();
  impl->port = *port;

  // The store may still be starting: wait for it a little before giving up.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  Status bootstrapped = raw->bootstrap();
  while (!bootstrapped && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    bootstrapped = raw->bootstrap();
  }
  if (!bootstrapped) return Status(StatusCode::Unavailable, "cannot set up the cluster in the store: " + bootstrapped.message());
  impl->server->start();
  log::info("serving the Kubernetes API on ", options.bindAddress, ":", impl->port);
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(impl)));
}

}  // namespace kubelab::apiserver
