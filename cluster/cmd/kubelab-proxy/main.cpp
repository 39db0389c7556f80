// kubelab-proxy: one node's kube-proxy. Watches Services and EndpointSlices and forwards
// ClusterIP, NodePort and LoadBalancer traffic to ready endpoints in userspace. Flags mirror
// kube-proxy's where it has them.

#include <boost/program_options.hpp>

#include <unistd.h>

#include <iostream>

#include "client/restclient.h"
#include "common/logging.h"
#include "common/parentdeath.h"
#include "common/stopsignals.h"
#include "proxy/proxier.h"

namespace options = boost::program_options;

namespace {

// "host:port" as kube-proxy's --healthz-bind-address takes it; the host may be empty.
bool parseHostPort(const std::string& text, std::string& host, std::uint16_t& port) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  try {
    long value = std::stol(text.substr(colon + 1));
    if (value < 0 || value > 65535) return false;
    port = static_cast<std::uint16_t>(value);
  } catch (const std::exception&) {
    return false;
  }
  host = text.substr(0, colon);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  kubelab::dieWithParent(::getppid());
  kubelab::log::setComponent("kubelab-proxy");
  kubelab::proxy::ProxyConfig config;
  std::string kubeconfig;
  std::string healthzBindAddress;
  long minSyncMs = config.minSyncPeriod.count();
  long syncMs = config.syncPeriod.count();
  long connectTimeoutMs = config.forwarder.connectTimeout.count();
  options::options_description description(
      "kubelab-proxy: one KubeLab node's kube-proxy. It watches Services and EndpointSlices and\n"
      "forwards TCP connections to each Service's ClusterIP (shared by every node's proxy through\n"
      "SO_REUSEPORT), its NodePort on this node's address, and its LoadBalancer ingress IPs to\n"
      "ready endpoints, round-robin or by client IP (sessionAffinity ClientIP).\n\n"
      "Usage: kubelab-proxy --kubeconfig FILE --hostname-override NODE --bind-address IP [flags]\n\nFlags");
  description.add_options()
      ("help,h", "print this help and exit")
      ("kubeconfig", options::value(&kubeconfig)->required(), "kubeconfig with the API server and credentials")
      ("hostname-override", options::value(&config.nodeName)->required(), "the node's name")
      ("bind-address", options::value(&config.bindAddress)->required(),
       "the node's address (127.10.<i>.1): NodePorts and /healthz listen there")
      ("healthz-bind-address", options::value(&healthzBindAddress),
       "host:port for /healthz (default: <bind-address>:10256, kube-proxy's port; port 0 picks one)")
      ("min-sync-period-ms", options::value(&minSyncMs)->default_value(minSyncMs),
       "how long a change waits for the changes that come with it before it is applied")
      ("sync-period-ms", options::value(&syncMs)->default_value(syncMs), "a full sync at least this often")
      ("backend-connect-timeout-ms", options::value(&connectTimeoutMs)->default_value(connectTimeoutMs),
       "an endpoint that does not accept within this time is skipped for the next")
      ("forwarder-threads", options::value(&config.forwarder.threads)->default_value(config.forwarder.threads),
       "threads that forward connections")
      ("v", options::value<int>()->default_value(0), "log verbosity: 0 info, 1 and up debug");
  options::variables_map values;
  try {
    options::store(options::parse_command_line(argc, argv, description), values);
    if (values.count("help")) {
      std::cout << description << "\n";
      return 0;
    }
    options::notify(values);
  } catch (const options::error& error) {
    std::cerr << "kubelab-proxy: " << error.what() << "\nRun 'kubelab-proxy --help' for the flags.\n";
    return 2;
  }
  if (values["v"].as<int>() > 0) kubelab::log::setMinimumLevel(kubelab::log::Level::Debug);
  if (!healthzBindAddress.empty() &&
      !parseHostPort(healthzBindAddress, config.healthzAddress, config.healthzPort)) {
    std::cerr << "kubelab-proxy: --healthz-bind-address must be host:port\n";
    return 2;
  }
  config.minSyncPeriod = std::chrono::milliseconds(minSyncMs);
  config.syncPeriod = std::chrono::milliseconds(syncMs);
  config.forwarder.connectTimeout = std::chrono::milliseconds(connectTimeoutMs);

  kubelab::blockStopSignals();
  auto restConfig = kubelab::client::loadKubeconfig(kubeconfig);
  if (!restConfig) {
    std::cerr << "kubelab-proxy: " << restConfig.status().message() << "\n";
    return 1;
  }
  restConfig->userAgent = "kubelab-proxy/" + config.nodeName;
  kubelab::client::RestClient api(*restConfig);
  kubelab::proxy::Proxier proxier(api, config);
  if (kubelab::Status started = proxier.start(); !started.isOk()) {
    std::cerr << "kubelab-proxy: " << started.message() << "\n";
    return 1;
  }
  kubelab::log::info("node ", config.nodeName, " at ", config.bindAddress, "; /healthz on port ",
                     proxier.healthzPort());
  int received = kubelab::waitForStopSignal();
  kubelab::log::info("stopping on signal ", received);
  proxier.stop();
  return 0;
}
