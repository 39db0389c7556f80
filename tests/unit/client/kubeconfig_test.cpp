#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "client/restconfig.h"

namespace kubelab::client {
namespace {

// "hello" in base64, standing in for PEM data.
constexpr const char* kKubeconfig = R"(apiVersion: v1
kind: Config
current-context: lab
clusters:
- name: lab-cluster
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: aGVsbG8=
- name: gke
  cluster:
    server: https://[::1]:8443/
    certificate-authority: ca.crt
    tls-server-name: kubernetes
contexts:
- name: lab
  context: {cluster: lab-cluster, user: admin, namespace: team-a}
- name: cloud
  context: {cluster: gke, user: gke-user}
- name: broken
  context: {cluster: nowhere, user: admin}
users:
- name: admin
  user:
    client-certificate-data: aGVsbG8=
    client-key: keys/admin.key
- name: gke-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./bin/auth-plugin
      args: [--project, demo]
      env: [{name: REGION, value: europe}]
)";

TEST(KubeconfigTest, ReadsTheCurrentContextWithDataAndFiles) {
  auto config = parseKubeconfig(kKubeconfig, "/home/student/.kube");
  ASSERT_TRUE(config) << config.status().toString();
  EXPECT_EQ(config->host, "127.0.0.1");
  EXPECT_EQ(config->port, 6443);
  EXPECT_EQ(config->server(), "https://127.0.0.1:6443");
  EXPECT_EQ(config->defaultNamespace, "team-a");
  ASSERT_TRUE(config->tls);
  EXPECT_EQ(config->tls->caPem, "hello");
  EXPECT_EQ(config->tls->certificatePem, "hello");
  EXPECT_EQ(config->tls->privateKeyFile, "/home/student/.kube/keys/admin.key");
  EXPECT_FALSE(config->exec);
}

TEST(KubeconfigTest, ReadsAnExecPluginAndIpv6Server) {
  auto config = parseKubeconfig(kKubeconfig, "/home/student/.kube", "cloud");
  ASSERT_TRUE(config) << config.status().toString();
  EXPECT_EQ(config->host, "::1");
  EXPECT_EQ(config->port, 8443);
  EXPECT_EQ(config->defaultNamespace, "default");
  EXPECT_EQ(config->tls->caFile, "/home/student/.kube/ca.crt");
  EXPECT_EQ(config->tls->serverName, "kubernetes");
  ASSERT_TRUE(config->exec);
  EXPECT_EQ(config->exec->command, "/home/student/.kube/./bin/auth-plugin");
  EXPECT_EQ(config->exec->arguments, (std::vector<std::string>{"--project", "demo"}));
  ASSERT_EQ(config->exec->environment.size(), 1u);
  EXPECT_EQ(config->exec->environment[0].second, "europe");
  EXPECT_EQ(config->exec->apiVersion, "client.authentication.k8s.io/v1beta1");
}

TEST(KubeconfigTest, NamesWhatIsMissing) {
  auto missingContext = parseKubeconfig(kKubeconfig, "/", "nope");
  EXPECT_EQ(missingContext.status().code(), StatusCode::NotFound);
  EXPECT_NE(missingContext.status().message().find("context \"nope\""), std::string::npos);
  auto missingCluster = parseKubeconfig(kKubeconfig, "/", "broken");
  EXPECT_NE(missingCluster.status().message().find("cluster \"nowhere\""), std::string::npos);
  auto notYaml = parseKubeconfig("clusters: [", "/");
  EXPECT_EQ(notYaml.status().code(), StatusCode::Invalid);
  auto badServer = parseKubeconfig(
      "current-context: c\ncontexts: [{name: c, context: {cluster: k}}]\nclusters: [{name: k, cluster: {server: "
      "ftp://x}}]\n",
      "/");
  EXPECT_NE(badServer.status().message().find("https://"), std::string::npos);
}

TEST(KubeconfigTest, ListsContexts) {
  auto file = std::filesystem::temp_directory_path() / ("kubeconfig-test-" + std::to_string(::getpid()));
  std::ofstream(file) << kKubeconfig;
  std::string current;
  auto contexts = kubeconfigContexts(file, &current);
  std::filesystem::remove(file);
  ASSERT_TRUE(contexts);
  EXPECT_EQ(current, "lab");
  ASSERT_EQ(contexts->size(), 3u);
  EXPECT_EQ((*contexts)[1].name, "cloud");
  EXPECT_EQ((*contexts)[1].server, "https://[::1]:8443/");
}

}  // namespace
}  // namespace kubelab::client
