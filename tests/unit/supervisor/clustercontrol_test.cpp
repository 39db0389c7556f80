// The parts of kubelabctl's operations that need no running daemon: finding a cluster, and
// answering about one that is stopped. The integration tests cover up and down.
#include "supervisor/clustercontrol.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "supervisor/clustercomponents.h"
#include "supervisor/clustercredentials.h"
#include "scratchdirectory.h"

namespace kubelab::supervisor {
namespace {

std::string readFile(const std::filesystem::path& file) {
  std::ifstream input(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>());
}

class ClusterControlTest : public ::testing::Test {
 protected:
  // A cluster as `up` leaves it on disk, without running it.
  ClusterTarget writeStoppedCluster(const std::string& name) {
    StateDirectory state(directory_->path() / "state");
    EXPECT_TRUE(state.create().isOk());
    EXPECT_TRUE(saveClusterConfig(state.clusterFile(), ClusterConfig{name, 2, "simulated", {{kStorePort, 40555}, {kApiServerPort, 40556}, {kKubeletHealthzPort, 40557}, {kKubeletPort, 40558}}}).isOk());
    return ClusterTarget{name, state};
  }

  std::unique_ptr<kubelab::testing::TemporaryDirectory> directory_ = scratchDirectory();
};

TEST_F(ClusterControlTest, AStateDirectoryDefaultsTheNameToTheOneItRecords) {
  std::filesystem::path root = directory_->path() / "state";
  Result<ClusterTarget> fresh = resolveCluster(std::nullopt, root);
  ASSERT_TRUE(fresh.isOk()) << fresh.status().toString();
  EXPECT_EQ(fresh->name, "kubelab");

  writeStoppedCluster("demo");
  Result<ClusterTarget> existing = resolveCluster(std::nullopt, root);
  ASSERT_TRUE(existing.isOk());
  EXPECT_EQ(existing->name, "demo");
  EXPECT_EQ(existing->state.root(), root);

  EXPECT_EQ(resolveCluster(std::string("other"), root).status().code(), StatusCode::Conflict);
  EXPECT_EQ(resolveCluster(std::string("Bad_Name"), std::nullopt).status().code(), StatusCode::Invalid);
}

TEST_F(ClusterControlTest, TheControlPlaneRunsWithTheFlagsOfEtcdAndKubernetesOnItsSavedPorts) {
  ClusterTarget target = writeStoppedCluster("demo");
  Result<ClusterConfig> config = loadClusterConfig(target.state.clusterFile());
  ASSERT_TRUE(config.isOk());
  Result<std::vector<ComponentSpec>> components = clusterComponents(*config, target.state, "/opt/kubelab/bin");
  ASSERT_TRUE(components.isOk()) << components.status().toString();
  ASSERT_EQ(components->size(), 9u);
  const ComponentSpec& store = components->front();
  EXPECT_EQ(store.name, "store");
  EXPECT_EQ(store.executable, "/opt/kubelab/bin/kubelab-store");
  EXPECT_EQ(store.arguments,
            (std::vector<std::string>{"--data-dir", target.state.storeDataDirectory().string(), "--listen-client-urls",
                                      "http://127.0.0.1:40555", "--advertise-client-urls", "http://127.0.0.1:40555"}));
  EXPECT_EQ(store.readiness.url, "http://127.0.0.1:40555/health");
  EXPECT_EQ(store.logFile, target.state.logFile("store"));

  const ComponentSpec& apiServer = (*components)[1];
  const std::string pki = target.state.pkiDirectory().string();
  EXPECT_EQ(apiServer.name, "apiserver");
  EXPECT_EQ(apiServer.executable, "/opt/kubelab/bin/kubelab-apiserver");
  EXPECT_EQ(apiServer.arguments,
            (std::vector<std::string>{"--etcd-servers", "http://127.0.0.1:40555", "--bind-address", "127.0.0.1",
                                      "--secure-port", "40556", "--tls-cert-file", pki + "/apiserver.crt",
                                      "--tls-private-key-file", pki + "/apiserver.key", "--client-ca-file",
                                      pki + "/ca.crt", "--kubelet-client-certificate",
                                      pki + "/apiserver-kubelet-client.crt", "--kubelet-client-key",
                                      pki + "/apiserver-kubelet-client.key", "--kubelet-certificate-authority",
                                      pki + "/ca.crt", "--service-cluster-ip-range", "127.96.0.0/16",
                                      "--default-not-ready-toleration-seconds", "10",
                                      "--default-unreachable-toleration-seconds", "10"}));
  EXPECT_EQ(apiServer.readiness.url, "https://127.0.0.1:40556/readyz");
  EXPECT_EQ(apiServer.readiness.caFile, target.state.pkiDirectory() / "ca.crt");
  EXPECT_EQ(apiServer.readiness.expectedBody, "ok");
  EXPECT_EQ(apiServer.endpoint, "https://127.0.0.1:40556");

  // The control loops, each with a kubeconfig of its own identity, in start order.
  const ComponentSpec& scheduler = (*components)[2];
  EXPECT_EQ(scheduler.name, "scheduler");
  EXPECT_EQ(scheduler.executable, "/opt/kubelab/bin/kubelab-scheduler");
  EXPECT_EQ(scheduler.arguments, (std::vector<std::string>{
                                     "--kubeconfig", target.state.componentKubeconfigFile("kube-scheduler").string()}));
  const ComponentSpec& controllerManager = (*components)[3];
  EXPECT_EQ(controllerManager.name, "controller-manager");
  EXPECT_EQ(controllerManager.arguments,
            (std::vector<std::string>{"--kubeconfig",
                                      target.state.componentKubeconfigFile("kube-controller-manager").string()}));

  // A kubelet per node, each on its own loopback address, ready once its Node is registered.
  const ComponentSpec& cloud = (*components)[4];
  EXPECT_EQ(cloud.name, "cloud-controller-manager");
  EXPECT_EQ(cloud.arguments,
            (std::vector<std::string>{"--kubeconfig",
                                      target.state.componentKubeconfigFile("cloud-controller-manager").string(),
                                      "--cloud-provider-socket", target.state.controlSocketFile().string(),
                                      "--cluster-name", "demo"}));
  const ComponentSpec& secondNode = (*components)[7];
  EXPECT_EQ(secondNode.name, "kubelet-node-2");
  EXPECT_EQ(secondNode.arguments,
            (std::vector<std::string>{"--kubeconfig", target.state.componentKubeconfigFile("kubelet-node-2").string(),
                                      "--hostname-override", "node-2", "--node-ip", "127.10.2.1", "--pod-cidr",
                                      "127.10.2.0/24", "--healthz-port", "40557", "--runtime", "simulated",
                                      "--port", "40558",
                                      "--tls-cert-file", (target.state.pkiDirectory() / "kubelet-serving-node-2.crt").string(),
                                      "--tls-private-key-file", (target.state.pkiDirectory() / "kubelet-serving-node-2.key").string(),
                                      "--client-ca-file", (target.state.pkiDirectory() / "ca.crt").string(),
                                      "--node-labels", "cloud.google.com/gke-nodepool=default-pool,kubelab.io/nodepool=default-pool",
                                      "--cloud-provider", "external"}));
  EXPECT_EQ(secondNode.readiness.url, "http://127.10.2.1:40557/healthz");
  // The process runtime keeps the node's pods under the cluster's state.
  config->runtime = "process";
  auto processComponents = clusterComponents(*config, target.state, "/opt/kubelab/bin");
  ASSERT_TRUE(processComponents.isOk());
  const auto& processArguments = (*processComponents)[7].arguments;
  auto argumentAfter = [&](const std::string& flag) {
    auto found = std::find(processArguments.begin(), processArguments.end(), flag);
    return found == processArguments.end() || found + 1 == processArguments.end() ? std::string() : *(found + 1);
  };
  EXPECT_EQ(argumentAfter("--runtime"), "process");
  EXPECT_EQ(argumentAfter("--root-dir"), (target.state.root() / "nodes" / "node-2").string());
  config->runtime = "simulated";
  const ComponentSpec& secondProxy = (*components)[8];
  EXPECT_EQ(secondProxy.name, "proxy-node-2");
  EXPECT_EQ(secondProxy.arguments,
            (std::vector<std::string>{"--kubeconfig", target.state.componentKubeconfigFile("kube-proxy").string(),
                                      "--hostname-override", "node-2", "--bind-address", "127.10.2.1",
                                      "--healthz-bind-address", "127.10.2.1:10256"}));
  EXPECT_EQ(secondProxy.readiness.url, "http://127.10.2.1:10256/healthz");

  config->ports.clear();
  EXPECT_EQ(clusterComponents(*config, target.state, "/bin").status().code(), StatusCode::Invalid);
}

TEST_F(ClusterControlTest, DescribesAStoppedCluster) {
  ClusterTarget target = writeStoppedCluster("demo");
  Result<ClusterReport> report = describeCluster(target);
  ASSERT_TRUE(report.isOk()) << report.status().toString();
  EXPECT_EQ(report->supervisorPid, 0);
  EXPECT_EQ(report->config.nodes, 2);
  EXPECT_EQ(report->snapshot.phase, SupervisorPhase::Stopped);
  ASSERT_EQ(report->snapshot.components.size(), 9u);
  EXPECT_EQ(report->snapshot.components[0].name, "store");
  EXPECT_EQ(report->snapshot.components[0].state, ComponentState::Stopped);
  EXPECT_EQ(report->snapshot.components[0].endpoint, "http://127.0.0.1:40555");
  EXPECT_EQ(report->snapshot.components[1].name, "apiserver");
  EXPECT_EQ(report->snapshot.components[1].endpoint, "https://127.0.0.1:40556");
}

TEST_F(ClusterControlTest, AMissingClusterIsNotFound) {
  ClusterTarget target{"ghost", StateDirectory(directory_->path() / "ghost")};
  EXPECT_EQ(describeCluster(target).status().code(), StatusCode::NotFound);
  EXPECT_EQ(bringDown(target, true).status().code(), StatusCode::NotFound);
  EXPECT_EQ(kubeconfigPath(target).status().code(), StatusCode::NotFound);
}

TEST_F(ClusterControlTest, KubeconfigFailsClearlyUntilUpWritesIt) {
  ClusterTarget target = writeStoppedCluster("demo");
  Result<std::filesystem::path> missing = kubeconfigPath(target);
  EXPECT_EQ(missing.status().code(), StatusCode::NotFound);
  EXPECT_EQ(missing.status().message().rfind("cluster \"demo\" has no kubeconfig yet; `kubelabctl up` writes it", 0), 0u)
      << missing.status().message();

  std::ofstream(target.state.kubeconfigFile()) << "apiVersion: v1\nkind: Config\n";
  Result<std::filesystem::path> written = kubeconfigPath(target);
  ASSERT_TRUE(written.isOk());
  EXPECT_EQ(*written, target.state.root() / "kubeconfig");
}

TEST_F(ClusterControlTest, CredentialsKeepTheCaAndWriteAPrivateKubeconfig) {
  ClusterTarget target = writeStoppedCluster("demo");
  Result<ClusterConfig> config = loadClusterConfig(target.state.clusterFile());
  ASSERT_TRUE(config.isOk());
  Status prepared = prepareClusterCredentials(target.state, *config);
  ASSERT_TRUE(prepared.isOk()) << prepared.toString();
  const std::filesystem::path authorityFile = target.state.pkiDirectory() / "ca.crt";
  const std::string authority = readFile(authorityFile);
  EXPECT_EQ(std::filesystem::status(target.state.kubeconfigFile()).permissions(),
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::string kubeconfig = readFile(target.state.kubeconfigFile());
  EXPECT_NE(kubeconfig.find("server: https://127.0.0.1:40556"), std::string::npos) << kubeconfig;
  EXPECT_NE(kubeconfig.find("current-context: kubelab-demo"), std::string::npos) << kubeconfig;

  ASSERT_TRUE(prepareClusterCredentials(target.state, *config).isOk());
  EXPECT_EQ(readFile(authorityFile), authority);
  EXPECT_EQ(readFile(target.state.kubeconfigFile()), kubeconfig);
}

TEST_F(ClusterControlTest, FindsComponentLogs) {
  ClusterTarget target = writeStoppedCluster("demo");
  Result<std::filesystem::path> unknown = componentLogPath(target, "etcd");
  EXPECT_EQ(unknown.status().code(), StatusCode::NotFound);
  EXPECT_NE(unknown.status().message().find("store, apiserver, scheduler, controller-manager, cloud-controller-manager, kubelet-node-1, proxy-node-1, "
                "kubelet-node-2, proxy-node-2, supervisor"), std::string::npos) << unknown.status().message();
  EXPECT_EQ(componentLogPath(target, "store").status().code(), StatusCode::NotFound);

  std::ofstream(target.state.logFile("store")) << "ready\n";
  Result<std::filesystem::path> log = componentLogPath(target, "store");
  ASSERT_TRUE(log.isOk());
  EXPECT_EQ(*log, target.state.logFile("store"));
}

TEST_F(ClusterControlTest, DownPurgesAStoppedCluster) {
  ClusterTarget target = writeStoppedCluster("demo");
  Result<DownReport> report = bringDown(target, true);
  ASSERT_TRUE(report.isOk()) << report.status().toString();
  EXPECT_FALSE(report->wasRunning);
  EXPECT_TRUE(report->purged);
  EXPECT_FALSE(std::filesystem::exists(target.state.root()));
}

}  // namespace
}  // namespace kubelab::supervisor
