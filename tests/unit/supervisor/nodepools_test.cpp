// cluster.json's nodes and pools: the migration from a bare node count, stable indexes, the
// pool flags, and what the kubelets are started with.
#include "supervisor/nodepools.h"

#include <fstream>

#include <gtest/gtest.h>

#include "supervisor/clustercomponents.h"
#include "supervisor/clusterconfig.h"
#include "scratchdirectory.h"

namespace kubelab::supervisor {
namespace {

TEST(NodePoolsTest, AClusterJsonWithOnlyANodeCountLoadsAsADefaultPool) {
  auto directory = scratchDirectory();
  std::filesystem::path file = directory->path() / "cluster.json";
  std::ofstream(file) << R"({"kind":"KubelabCluster","version":1,"name":"old","nodes":3,"runtime":"simulated",)"
                         R"("ports":{"store":40000,"apiserver":40001,"kubelet-healthz":40002}})";
  Result<ClusterConfig> config = loadClusterConfig(file);
  ASSERT_TRUE(config.isOk()) << config.status().toString();
  ASSERT_EQ(config->nodeList.size(), 3u);
  ASSERT_EQ(config->pools.size(), 1u);
  EXPECT_EQ(config->pools[0].name, "default-pool");
  for (int index = 1; index <= 3; ++index) {
    EXPECT_EQ(config->nodeList[index - 1].index, index);
    EXPECT_EQ(config->nodeList[index - 1].pool, "default-pool");
  }
  // Saved and loaded again, the explicit form says the same.
  ASSERT_TRUE(saveClusterConfig(file, *config).isOk());
  Result<ClusterConfig> again = loadClusterConfig(file);
  ASSERT_TRUE(again.isOk());
  EXPECT_EQ(again->nodes, 3);
  EXPECT_EQ(again->nodeList.size(), 3u);
}

TEST(NodePoolsTest, NodesAndPoolsSurviveASaveWithGapsInTheIndexes) {
  auto directory = scratchDirectory();
  std::filesystem::path file = directory->path() / "cluster.json";
  ClusterConfig config{"demo", 0, "process", {{"store", 1}, {"apiserver", 2}, {"kubelet-healthz", 3}}, {}, {}};
  config.pools = {NodePoolConfig{"default-pool", {}, {}},
                  NodePoolConfig{"gpu-pool", {{"accelerator", "gpu"}}, {"dedicated=gpu:NoSchedule"}}};
  config.nodeList = {NodeConfig{1, "default-pool"}, NodeConfig{4, "gpu-pool"}, NodeConfig{2, "default-pool"}};
  ASSERT_TRUE(saveClusterConfig(file, config).isOk());
  Result<ClusterConfig> loaded = loadClusterConfig(file);
  ASSERT_TRUE(loaded.isOk()) << loaded.status().toString();
  EXPECT_EQ(loaded->nodes, 3);
  ASSERT_EQ(loaded->nodeList.size(), 3u);
  EXPECT_EQ(loaded->nodeList[2].index, 4);
  EXPECT_EQ(loaded->nodeList[2].pool, "gpu-pool");
  const NodePoolConfig* gpu = findPool(*loaded, "gpu-pool");
  ASSERT_NE(gpu, nullptr);
  EXPECT_EQ(gpu->labels.at("accelerator"), "gpu");
  EXPECT_EQ(gpu->taints, std::vector<std::string>{"dedicated=gpu:NoSchedule"});
  EXPECT_EQ(nodeNameList(*loaded), "node-1, node-2, node-4");
}

TEST(NodePoolsTest, ANewNodeGetsTheIndexAboveTheHighestAndReusesOnlyWhenFull) {
  ClusterConfig config{"demo", 0, "process", {}, {NodeConfig{1, "default-pool"}, NodeConfig{3, "default-pool"}},
                       {NodePoolConfig{"default-pool", {}, {}}}};
  EXPECT_EQ(*allocateNodeIndex(config), 4);  // node-2 was removed; its name is not handed out again yet
  config.nodeList = {NodeConfig{1, "default-pool"}, NodeConfig{kMaxNodeIndex, "default-pool"}};
  EXPECT_EQ(*allocateNodeIndex(config), 2);
  config.nodeList.clear();
  for (int index = 1; index <= kMaxNodeIndex; ++index) config.nodeList.push_back(NodeConfig{index, "default-pool"});
  EXPECT_EQ(allocateNodeIndex(config).status().code(), StatusCode::Unavailable);
  ClusterConfig empty{"demo", 0, "process", {}, {}, {NodePoolConfig{"default-pool", {}, {}}}};
  EXPECT_EQ(*allocateNodeIndex(empty), 1);
}

TEST(NodePoolsTest, LabelsAndTaintsAreCheckedAsKubernetesChecksThem) {
  auto labels = parseNodeLabels("tier=frontend,disk=ssd");
  ASSERT_TRUE(labels.isOk());
  EXPECT_EQ(labels->at("disk"), "ssd");
  EXPECT_EQ(parseNodeLabels("novalue").status().code(), StatusCode::Invalid);
  auto taints = parseNodeTaints("dedicated=gpu:NoSchedule,spot:PreferNoSchedule");
  ASSERT_TRUE(taints.isOk());
  EXPECT_EQ(taints->size(), 2u);
  EXPECT_EQ(parseNodeTaints("dedicated=gpu").status().code(), StatusCode::Invalid);
  EXPECT_EQ(parseNodeTaints("dedicated=gpu:Sometimes").status().code(), StatusCode::Invalid);
  EXPECT_TRUE(validatePoolName("gpu-pool").isOk());
  EXPECT_FALSE(validatePoolName("GPU_pool").isOk());
}

TEST(NodePoolsTest, KubeletsRegisterTheirPoolLabelsAndTaintsWithAnExternalCloud) {
  auto directory = scratchDirectory();
  StateDirectory state(directory->path());
  ClusterConfig config{"demo", 0, "simulated", {{"store", 1}, {"apiserver", 2}, {"kubelet-healthz", 3}, {"kubelet", 4}},
                       {NodeConfig{1, "default-pool"}, NodeConfig{5, "gpu-pool"}},
                       {NodePoolConfig{"default-pool", {}, {}},
                        NodePoolConfig{"gpu-pool", {{"accelerator", "gpu"}}, {"dedicated=gpu:NoSchedule"}}}};
  Result<std::vector<ComponentSpec>> components = clusterComponents(config, state, "/bin");
  ASSERT_TRUE(components.isOk()) << components.status().toString();
  auto argumentAfter = [](const ComponentSpec& spec, const std::string& flag) {
    for (std::size_t index = 0; index + 1 < spec.arguments.size(); ++index) {
      if (spec.arguments[index] == flag) return spec.arguments[index + 1];
    }
    return std::string("<missing>");
  };
  std::vector<std::string> names;
  for (const ComponentSpec& spec : *components) names.push_back(spec.name);
  EXPECT_EQ(names, (std::vector<std::string>{"store", "apiserver", "scheduler", "controller-manager",
                                              "cloud-controller-manager", "kubelet-node-1", "proxy-node-1",
                                              "kubelet-node-5", "proxy-node-5"}));
  const ComponentSpec& cloud = (*components)[4];
  EXPECT_EQ(argumentAfter(cloud, "--cloud-provider-socket"), state.controlSocketFile().string());
  const ComponentSpec& gpuKubelet = (*components)[7];
  EXPECT_EQ(argumentAfter(gpuKubelet, "--node-ip"), "127.10.5.1");
  EXPECT_EQ(argumentAfter(gpuKubelet, "--node-labels"),
            "accelerator=gpu,cloud.google.com/gke-nodepool=gpu-pool,kubelab.io/nodepool=gpu-pool");
  EXPECT_EQ(argumentAfter(gpuKubelet, "--register-with-taints"), "dedicated=gpu:NoSchedule");
  EXPECT_EQ(argumentAfter(gpuKubelet, "--cloud-provider"), "external");
  EXPECT_EQ(argumentAfter((*components)[5], "--register-with-taints"), "<missing>");
}

}  // namespace
}  // namespace kubelab::supervisor
