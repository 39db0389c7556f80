// The built-in web server behind nginx:* and kubelab/web:*. Every answer names the pod, its
// IP, its node and the image tag, in the body and in headers, so that load balancing across
// pods and a rolling upgrade's hand-over are visible with curl.

#include <time.h>

#include <iostream>
#include <mutex>

#include "common/logging.h"
#include "http/httpserver.h"
#include "workloads/workloads.h"

namespace kubelab::workloads {

namespace {

struct Identity {
  std::string podName;
  std::string podIp;
  std::string nodeName;
  std::string image;
  std::string tag;
};

http::Headers identityHeaders(const Identity& identity) {
  return {{"X-Pod-Name", identity.podName},
          {"X-Pod-IP", identity.podIp},
          {"X-Node-Name", identity.nodeName},
          {"X-Image-Tag", identity.tag},
          {"Server", "kubelab-web/" + identity.tag}};
}

// One line per request on stdout, in nginx's combined format, so `kubectl logs` shows which
// pod answered what. The client's address is not known here; nginx's place for it says "-".
void logAccess(const http::Request& request, unsigned status, std::size_t bytes) {
  static std::mutex mutex;
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char when[64];
  std::strftime(when, sizeof(when), "%d/%b/%Y:%H:%M:%S +0000", &utc);
  std::string referer = request.header("Referer");
  std::string agent = request.header("User-Agent");
  std::lock_guard lock(mutex);
  std::cout << "- - - [" << when << "] \"" << request.method << " " << request.target << " HTTP/1.1\" " << status << " "
            << bytes << " \"" << (referer.empty() ? "-" : referer) << "\" \"" << (agent.empty() ? "-" : agent) << "\""
            << std::endl;
}

}  // namespace

int runWeb(const std::vector<std::string>&) {
  Identity identity{environmentOr("POD_NAME", environmentOr("HOSTNAME", "web")), environmentOr("POD_IP", "127.0.0.1"),
                    environmentOr("NODE_NAME", ""), environmentOr("KUBELAB_IMAGE", "kubelab/web"), ""};
  identity.tag = imageTag(identity.image);
  // FAIL_READINESS makes /readyz and /healthz answer 503, so a readiness probe takes the pod
  // out of its Services; /livez stays healthy, so a liveness probe does not restart it.
  bool failReadiness = !environmentOr("FAIL_READINESS", "").empty() && environmentOr("FAIL_READINESS", "") != "false";
  auto crashAfter = durationFromEnvironment("CRASH_AFTER_SECONDS");
  int port = servingPort(80);

  http::Server server(http::ServerOptions{}, [&](const http::Request& request, std::shared_ptr<http::Exchange> exchange) {
    std::string_view path = request.path();
    // Probes are not logged: they would drown what a student is looking for.
    if (path == "/livez") return exchange->respond(200, "text/plain", "ok\n", identityHeaders(identity));
    if (path == "/healthz" || path == "/readyz") {
      if (failReadiness) return exchange->respond(503, "text/plain", "not ready (FAIL_READINESS)\n", identityHeaders(identity));
      return exchange->respond(200, "text/plain", "ok\n", identityHeaders(identity));
    }
    std::string body = "Hello from " + identity.podName + "\npod: " + identity.podName + "\npod IP: " + identity.podIp +
                       "\nnode: " + identity.nodeName + "\nimage: " + identity.image + "\nversion: " + identity.tag + "\n";
    if (request.method == "HEAD") body.clear();
    logAccess(request, 200, body.size());
    exchange->respond(200, "text/plain; charset=utf-8", std::move(body), identityHeaders(identity));
  });
  auto bound = server.listen(identity.podIp, static_cast<std::uint16_t>(port));
  if (!bound) {
    std::cerr << "web: cannot listen on " << identity.podIp << ":" << port << ": " << bound.status().message() << "\n";
    return 1;
  }
  server.start();
  std::cout << "web: serving " << identity.image << " on http://" << identity.podIp << ":" << *bound << "/ (pod "
            << identity.podName << ", node " << identity.nodeName << ")" << std::endl;
  int received = waitForStop(crashAfter);
  server.stop();
  if (received == 0) {
    std::cout << "web: crashing as CRASH_AFTER_SECONDS asked" << std::endl;
    return 1;
  }
  std::cout << "web: stopping on signal " << received << std::endl;
  return 0;
}

}  // namespace kubelab::workloads
