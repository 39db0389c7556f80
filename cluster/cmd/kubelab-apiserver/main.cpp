// kubelab-apiserver: the Kubernetes API over HTTPS, storing objects in etcd or kubelab-store.
// Flags mirror kube-apiserver's.

#include <boost/program_options.hpp>

#include <iostream>

#include "apiserver/apiserver.h"
#include "common/logging.h"
#include "common/stopsignals.h"

namespace options = boost::program_options;

int main(int argc, char** argv) {
  kubelab::log::setComponent("kubelab-apiserver");
  kubelab::apiserver::ApiServerOptions settings;
  std::string nodePortRange = "30000-32767";
  options::options_description description(
      "kubelab-apiserver: KubeLab's Kubernetes API server. It serves the Kubernetes REST API that\n"
      "kubectl and client libraries use, and keeps every object in etcd's v3 API (kubelab-store or a\n"
      "real etcd). Flags mirror kube-apiserver's.\n\nUsage: kubelab-apiserver [flags]\n\nFlags");
  description.add_options()
      ("help,h", "print this help and exit")
      ("etcd-servers", options::value(&settings.etcdServers)->default_value(settings.etcdServers),
       "the store's client URL (kubelab-store or etcd)")
      ("bind-address", options::value(&settings.bindAddress)->default_value(settings.bindAddress),
       "the address to listen on (loopback by default)")
      ("secure-port", options::value(&settings.securePort)->default_value(settings.securePort),
       "the port to serve on (0 picks a free one)")
      ("advertise-address", options::value(&settings.advertiseAddress), "the address clients are told to use")
      ("tls-cert-file", options::value(&settings.tlsCertificateFile), "the serving certificate (PEM)")
      ("tls-private-key-file", options::value(&settings.tlsPrivateKeyFile), "the serving certificate's key (PEM)")
      ("client-ca-file", options::value(&settings.clientCaFile),
       "CA whose client certificates authenticate users (CN = user, O = groups)")
      ("kubelet-client-certificate", options::value(&settings.kubeletClientCertificateFile),
       "client certificate (PEM) for connecting to kubelets (logs, exec, metrics)")
      ("kubelet-client-key", options::value(&settings.kubeletClientKeyFile), "its private key (PEM)")
      ("kubelet-certificate-authority", options::value(&settings.kubeletCertificateAuthorityFile),
       "CA that signed the kubelets' serving certificates")
      ("token-auth-file", options::value(&settings.tokenAuthFile),
       "bearer tokens, one per line: token,user,uid,\"group1,group2\"")
      ("service-cluster-ip-range", options::value(&settings.serviceClusterIpRange)->default_value(settings.serviceClusterIpRange),
       "CIDR that Service ClusterIPs come from")
      ("service-node-port-range", options::value(&nodePortRange)->default_value(nodePortRange),
       "port range that NodePorts come from")
      ("default-not-ready-toleration-seconds",
       options::value(&settings.defaultNotReadyTolerationSeconds)->default_value(settings.defaultNotReadyTolerationSeconds),
       "how long new pods tolerate a not-ready node before eviction (the toleration admission adds)")
      ("default-unreachable-toleration-seconds",
       options::value(&settings.defaultUnreachableTolerationSeconds)
           ->default_value(settings.defaultUnreachableTolerationSeconds),
       "how long new pods tolerate an unreachable node before eviction");
  options::variables_map values;
  try {
    options::store(options::parse_command_line(argc, argv, description), values);
    options::notify(values);
  } catch (const options::error& error) {
    std::cerr << "kubelab-apiserver: " << error.what() << "\nRun 'kubelab-apiserver --help' for the flags.\n";
    return 2;
  }
  if (values.count("help")) {
    std::cout << description << "\n";
    return 0;
  }
  auto dash = nodePortRange.find('-');
  try {
    settings.nodePortLow = std::stoi(nodePortRange.substr(0, dash));
    settings.nodePortHigh = std::stoi(nodePortRange.substr(dash + 1));
  } catch (const std::exception&) {
    std::cerr << "kubelab-apiserver: --service-node-port-range must look like 30000-32767\n";
    return 2;
  }

  kubelab::blockStopSignals();

  auto server = kubelab::apiserver::ApiServer::start(settings);
  if (!server) {
    std::cerr << "kubelab-apiserver: " << server.status().message() << "\n";
    return 1;
  }
  int received = kubelab::waitForStopSignal();
  kubelab::log::info("stopping on signal ", received);
  server->reset();
  return 0;
}
