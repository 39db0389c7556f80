#include "scheduler/filterplugins.h"

#include <gtest/gtest.h>

#include "schedulertesting.h"

namespace kubelab::scheduler {
namespace {

using namespace testing;

TEST(NodeUnschedulableTest, CordonedNodeRefusesUnlessTheCordonIsTolerated) {
  auto node = nodeInfo(with(makeNode("node-1"), R"({"spec": {"unschedulable": true}})"));
  FilterStatus refused = filterNodeUnschedulable(*podInfo(makePod("web")), *node);
  EXPECT_EQ(refused.code, FilterCode::UnschedulableAndUnresolvable);
  EXPECT_EQ(refused.reasons, std::vector<std::string>{"node(s) were unschedulable"});

  auto tolerant = podInfo(with(makePod("daemon"), R"({"spec": {"tolerations": [
      {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"}]}})"));
  EXPECT_TRUE(filterNodeUnschedulable(*tolerant, *node).ok());
  EXPECT_TRUE(filterNodeUnschedulable(*podInfo(makePod("web")), *nodeInfo(makeNode("node-2"))).ok());
}

TEST(NodeNameTest, OnlyTheNamedNodeFits) {
  auto pod = podInfo(with(makePod("web"), R"({"spec": {"nodeName": "node-2"}})"));
  EXPECT_TRUE(filterNodeName(*pod, *nodeInfo(makeNode("node-2"))).ok());
  FilterStatus refused = filterNodeName(*pod, *nodeInfo(makeNode("node-1")));
  EXPECT_EQ(refused.reasons, std::vector<std::string>{"node(s) didn't match the requested node name"});
}

TEST(TaintTolerationTest, NoScheduleAndNoExecuteTaintsMustBeTolerated) {
  auto node = nodeInfo(with(makeNode("gpu-1"), R"({"spec": {"taints": [
      {"key": "soft", "value": "x", "effect": "PreferNoSchedule"},
      {"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]}})"));
  FilterStatus refused = filterTaintToleration(*podInfo(makePod("web")), *node);
  EXPECT_EQ(refused.code, FilterCode::UnschedulableAndUnresolvable);
  EXPECT_EQ(refused.reasons, std::vector<std::string>{"node(s) had untolerated taint {dedicated: gpu}"});

  auto equal = podInfo(with(makePod("trainer"), R"({"spec": {"tolerations": [
      {"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}]}})"));
  EXPECT_TRUE(filterTaintToleration(*equal, *node).ok());
  auto wrongValue = podInfo(with(makePod("other"), R"({"spec": {"tolerations": [
      {"key": "dedicated", "value": "cpu"}]}})"));
  EXPECT_FALSE(filterTaintToleration(*wrongValue, *node).ok());
  auto everything = podInfo(with(makePod("any"), R"({"spec": {"tolerations": [{"operator": "Exists"}]}})"));
  EXPECT_TRUE(filterTaintToleration(*everything, *node).ok());

  auto noExecute = nodeInfo(with(makeNode("down"), R"({"spec": {"taints": [
      {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"}]}})"));
  EXPECT_EQ(filterTaintToleration(*podInfo(makePod("web")), *noExecute).reasons,
            std::vector<std::string>{"node(s) had untolerated taint {node.kubernetes.io/unreachable: }"});
}

TEST(NodeAffinityTest, NodeSelectorMustMatchEveryLabel) {
  auto ssd = nodeInfo(with(makeNode("node-1"), R"({"metadata": {"labels": {"disk": "ssd", "zone": "a"}}})"));
  auto pod = podInfo(with(makePod("db"), R"({"spec": {"nodeSelector": {"disk": "ssd", "zone": "a"}}})"));
  EXPECT_TRUE(filterNodeAffinity(*pod, *ssd).ok());
  FilterStatus refused = filterNodeAffinity(*pod, *nodeInfo(makeNode("node-2")));
  EXPECT_EQ(refused.code, FilterCode::UnschedulableAndUnresolvable);
  EXPECT_EQ(refused.reasons, std::vector<std::string>{"node(s) didn't match Pod's node affinity/selector"});
}

TEST(NodeAffinityTest, RequiredTermsAreOredAndTheirRequirementsAnded) {
  auto pod = podInfo(with(makePod("db"), R"({"spec": {"affinity": {"nodeAffinity": {
      "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]},
                              {"key": "cores", "operator": "Gt", "values": ["8"]},
                              {"key": "spot", "operator": "DoesNotExist"}]},
        {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["special"]}]}]}}}}})"));
  auto big = nodeInfo(with(makeNode("n1"), R"({"metadata": {"labels": {"zone": "b", "cores": "16"}}})"));
  auto small = nodeInfo(with(makeNode("n2"), R"({"metadata": {"labels": {"zone": "b", "cores": "4"}}})"));
  auto spot = nodeInfo(with(makeNode("n3"), R"({"metadata": {"labels": {"zone": "a", "cores": "16", "spot": ""}}})"));
  auto elsewhere = nodeInfo(with(makeNode("n4"), R"({"metadata": {"labels": {"zone": "c", "cores": "16"}}})"));
  EXPECT_TRUE(filterNodeAffinity(*pod, *big).ok());
  EXPECT_FALSE(filterNodeAffinity(*pod, *small).ok());
  EXPECT_FALSE(filterNodeAffinity(*pod, *spot).ok());
  EXPECT_FALSE(filterNodeAffinity(*pod, *elsewhere).ok());
  EXPECT_TRUE(filterNodeAffinity(*pod, *nodeInfo(makeNode("special"))).ok());

  auto notIn = podInfo(with(makePod("x"), R"({"spec": {"affinity": {"nodeAffinity": {
      "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "zone", "operator": "NotIn", "values": ["c"]},
                              {"key": "cores", "operator": "Lt", "values": ["10"]},
                              {"key": "zone", "operator": "Exists"}]}]}}}}})"));
  EXPECT_TRUE(filterNodeAffinity(*notIn, *small).ok());
  EXPECT_FALSE(filterNodeAffinity(*notIn, *big).ok());
  EXPECT_FALSE(filterNodeAffinity(*notIn, *nodeInfo(makeNode("bare"))).ok());
}

TEST(NodePortsTest, AHostPortIsTakenOncePerProtocolAndAddress) {
  auto node = nodeInfo(makeNode("node-1"));
  std::string port8080 = R"({"spec": {"containers": [{"name": "c", "ports": [{"containerPort": 80, "hostPort": 8080}]}]}})";
  node->addPod(boundPod(with(makePod("web-0"), port8080), "node-1"));
  FilterStatus refused = filterNodePorts(*podInfo(with(makePod("web-1"), port8080)), *node);
  EXPECT_EQ(refused.code, FilterCode::Unschedulable);
  EXPECT_EQ(refused.reasons, std::vector<std::string>{"node(s) didn't have free ports for the requested pod ports"});
  EXPECT_TRUE(filterNodePorts(*podInfo(with(makePod("udp"), R"({"spec": {"containers": [{"name": "c", "ports": [
      {"containerPort": 80, "hostPort": 8080, "protocol": "UDP"}]}]}})")), *node).ok());
  EXPECT_TRUE(filterNodePorts(*podInfo(makePod("no-ports")), *node).ok());
  node->removePod("default/web-0");
  EXPECT_TRUE(filterNodePorts(*podInfo(with(makePod("web-1"), port8080)), *node).ok());

  HostPort specific{"TCP", "127.0.0.1", 9000};
  EXPECT_FALSE(specific.conflictsWith(HostPort{"TCP", "127.0.0.2", 9000}));
  EXPECT_TRUE(specific.conflictsWith(HostPort{"TCP", "0.0.0.0", 9000}));
  EXPECT_TRUE(specific.conflictsWith(HostPort{"TCP", "", 9000}));
}

TEST(NodeResourcesFitTest, CountsPodsAlreadyOnTheNode) {
  auto node = nodeInfo(makeNode("node-1", "2", "4Gi", "3"));
  node->addPod(boundPod(makePod("a", "1500m", "1Gi"), "node-1"));
  EXPECT_TRUE(filterNodeResourcesFit(*podInfo(makePod("fits", "500m", "3Gi")), *node).ok());

  FilterStatus both = filterNodeResourcesFit(*podInfo(makePod("big", "600m", "4Gi")), *node);
  EXPECT_EQ(both.code, FilterCode::Unschedulable);
  EXPECT_EQ(both.reasons, (std::vector<std::string>{"Insufficient cpu", "Insufficient memory"}));

  node->addPod(boundPod(makePod("b"), "node-1"));
  node->addPod(boundPod(makePod("c"), "node-1"));
  EXPECT_EQ(filterNodeResourcesFit(*podInfo(makePod("empty")), *node).reasons,
            std::vector<std::string>{"Too many pods"});
  node->removePod("default/a");
  EXPECT_EQ(node->requested().milliCpu, 0);
  EXPECT_TRUE(filterNodeResourcesFit(*podInfo(makePod("again", "2", "4Gi")), *node).ok());
}

TEST(NodeResourcesFitTest, EphemeralStorageAndExtendedResources) {
  auto node = nodeInfo(with(makeNode("gpu"), R"({"status": {"allocatable": {"nvidia.com/gpu": "1"}}})"));
  auto pod = podInfo(with(makePod("train"), R"({"spec": {"containers": [{"name": "c", "resources": {"requests": {
      "nvidia.com/gpu": "2", "ephemeral-storage": "200Gi"}}}]}})"));
  EXPECT_EQ(filterNodeResourcesFit(*pod, *node).reasons,
            (std::vector<std::string>{"Insufficient ephemeral-storage", "Insufficient nvidia.com/gpu"}));
  EXPECT_EQ(filterNodeResourcesFit(*pod, *nodeInfo(makeNode("plain"))).reasons.back(), "Insufficient nvidia.com/gpu");
}

TEST(NodeResourcesFitTest, InitContainersCountAtTheirPeakAndSidecarsAddUp) {
  auto pod = podInfo(with(makePod("init"), R"({"spec": {
      "initContainers": [{"name": "setup", "resources": {"requests": {"cpu": "3"}}},
                         {"name": "proxy", "restartPolicy": "Always", "resources": {"requests": {"cpu": "200m"}}}],
      "containers": [{"name": "a", "resources": {"requests": {"cpu": "1"}}},
                     {"name": "b", "resources": {"requests": {"cpu": "500m"}}}],
      "overhead": {"cpu": "100m"}}})"));
  // max(3, 1 + 0.5 + 0.2) + 0.1 overhead
  EXPECT_EQ(pod->requests.requests.milliCpu, 3100);
  EXPECT_FALSE(filterNodeResourcesFit(*pod, *nodeInfo(makeNode("small", "3"))).ok());
  EXPECT_TRUE(filterNodeResourcesFit(*pod, *nodeInfo(makeNode("large", "3200m"))).ok());
}

TEST(InterPodAntiAffinityTest, RefusesNodesInTheTopologyOfMatchingPods) {
  auto node1 = nodeInfo(with(makeNode("node-1"), R"({"metadata": {"labels": {"zone": "a"}}})"));
  auto node2 = nodeInfo(with(makeNode("node-2"), R"({"metadata": {"labels": {"zone": "a"}}})"));
  auto node3 = nodeInfo(with(makeNode("node-3"), R"({"metadata": {"labels": {"zone": "b"}}})"));
  node1->addPod(boundPod(with(makePod("web-1"), R"({"metadata": {"labels": {"app": "web"}}})"), "node-1"));
  std::vector<const NodeInfo*> nodes{node1.get(), node2.get(), node3.get()};

  auto byHost = podInfo(with(makePod("web-2"), R"({"metadata": {"labels": {"app": "web"}}, "spec": {"affinity": {
      "podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}]}}}})"));
  PreFilterState state = preFilter(*byHost, nodes);
  FilterStatus refused = filterInterPodAntiAffinity(*byHost, *node1, state);
  EXPECT_EQ(refused.code, FilterCode::Unschedulable);
  EXPECT_EQ(refused.reasons, std::vector<std::string>{"node(s) didn't match pod anti-affinity rules"});
  EXPECT_TRUE(filterInterPodAntiAffinity(*byHost, *node2, state).ok());

  auto byZone = podInfo(with(makePod("web-3"), R"({"spec": {"affinity": {"podAntiAffinity": {
      "requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "zone"}]}}}})"));
  state = preFilter(*byZone, nodes);
  EXPECT_FALSE(filterInterPodAntiAffinity(*byZone, *node2, state).ok());
  EXPECT_TRUE(filterInterPodAntiAffinity(*byZone, *node3, state).ok());

  // Another namespace is not matched unless the term names it.
  auto otherNamespace = podInfo(with(makePod("web-4", "", "", "prod"), R"({"spec": {"affinity": {
      "podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}]}}}})"));
  state = preFilter(*otherNamespace, nodes);
  EXPECT_TRUE(filterInterPodAntiAffinity(*otherNamespace, *node1, state).ok());
}

TEST(InterPodAntiAffinityTest, ExistingPodsAntiAffinityRefusesTheIncomingPod) {
  auto node1 = nodeInfo(makeNode("node-1"));
  auto node2 = nodeInfo(makeNode("node-2"));
  node1->addPod(boundPod(with(makePod("loner"), R"({"spec": {"affinity": {"podAntiAffinity": {
      "requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"noisy": "true"}}, "topologyKey": "kubernetes.io/hostname"}]}}}})"),
                         "node-1"));
  std::vector<const NodeInfo*> nodes{node1.get(), node2.get()};
  auto noisy = podInfo(with(makePod("noisy"), R"({"metadata": {"labels": {"noisy": "true"}}})"));
  PreFilterState state = preFilter(*noisy, nodes);
  EXPECT_EQ(runFilters(*noisy, *node1, state).reasons,
            std::vector<std::string>{"node(s) didn't satisfy existing pods anti-affinity rules"});
  EXPECT_TRUE(runFilters(*noisy, *node2, state).ok());
  auto quiet = podInfo(makePod("quiet"));
  EXPECT_TRUE(runFilters(*quiet, *node1, preFilter(*quiet, nodes)).ok());
}

TEST(InterPodAntiAffinityTest, ThePodsOwnTermsAreReportedBeforeTheExistingPods) {
  auto node = nodeInfo(makeNode("node-1"));
  std::string spreadOut = R"({"metadata": {"labels": {"app": "cache"}}, "spec": {"affinity": {"podAntiAffinity": {
      "requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "cache"}}, "topologyKey": "kubernetes.io/hostname"}]}}}})";
  node->addPod(boundPod(with(makePod("cache-0"), spreadOut), "node-1"));
  auto second = podInfo(with(makePod("cache-1"), spreadOut));
  EXPECT_EQ(runFilters(*second, *node, preFilter(*second, {node.get()})).reasons,
            std::vector<std::string>{"node(s) didn't match pod anti-affinity rules"});
}

TEST(PodTopologySpreadTest, DoNotScheduleConstraintsLimitTheSkewBetweenDomains) {
  auto a1 = nodeInfo(with(makeNode("a1"), R"({"metadata": {"labels": {"zone": "a"}}})"));
  auto a2 = nodeInfo(with(makeNode("a2"), R"({"metadata": {"labels": {"zone": "a"}}})"));
  auto b1 = nodeInfo(with(makeNode("b1"), R"({"metadata": {"labels": {"zone": "b"}}})"));
  auto bare = nodeInfo(makeNode("bare"));
  std::string web = R"({"metadata": {"labels": {"app": "web"}}})";
  a1->addPod(boundPod(with(makePod("web-0"), web), "a1"));
  a2->addPod(boundPod(with(makePod("web-1"), web), "a2"));
  b1->addPod(boundPod(makePod("other"), "b1"));
  std::vector<const NodeInfo*> nodes{a1.get(), a2.get(), b1.get(), bare.get()};
  std::string spread = R"({"metadata": {"labels": {"app": "web"}}, "spec": {"topologySpreadConstraints": [
      {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
       "labelSelector": {"matchLabels": {"app": "web"}}}]}})";
  auto pod = podInfo(with(makePod("web-2"), spread));
  PreFilterState state = preFilter(*pod, nodes);
  EXPECT_EQ(state.spread.at(0).podsPerDomain, (std::map<std::string, std::int64_t>{{"a", 2}, {"b", 0}}));
  FilterStatus refused = filterPodTopologySpread(*pod, *a1, state);
  EXPECT_EQ(refused.code, FilterCode::Unschedulable);
  EXPECT_EQ(refused.reasons, std::vector<std::string>{"node(s) didn't match pod topology spread constraints"});
  EXPECT_TRUE(filterPodTopologySpread(*pod, *b1, state).ok());
  FilterStatus unlabelled = filterPodTopologySpread(*pod, *bare, state);
  EXPECT_EQ(unlabelled.code, FilterCode::UnschedulableAndUnresolvable);
  EXPECT_EQ(unlabelled.reasons,
            std::vector<std::string>{"node(s) didn't match pod topology spread constraints (missing required label)"});

  // A larger skew allows zone a; ScheduleAnyway constraints never refuse.
  auto loose = podInfo(with(makePod("web-3"), R"({"metadata": {"labels": {"app": "web"}}, "spec": {
      "topologySpreadConstraints": [{"maxSkew": 3, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
                                     "labelSelector": {"matchLabels": {"app": "web"}}},
                                    {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "ScheduleAnyway",
                                     "labelSelector": {"matchLabels": {"app": "web"}}}]}})"));
  EXPECT_TRUE(filterPodTopologySpread(*loose, *a1, preFilter(*loose, nodes)).ok());

  // With minDomains 3 and two zones, the missing zone counts as empty: b (0 + 1 - 0) still fits,
  // and after one more pod in b it would not.
  auto minDomains = podInfo(with(makePod("web-4"), R"({"metadata": {"labels": {"app": "web"}}, "spec": {
      "topologySpreadConstraints": [{"maxSkew": 1, "minDomains": 3, "topologyKey": "zone",
                                     "whenUnsatisfiable": "DoNotSchedule",
                                     "labelSelector": {"matchLabels": {"app": "web"}}}]}})"));
  b1->addPod(boundPod(with(makePod("web-5"), web), "b1"));
  PreFilterState withMinimum = preFilter(*minDomains, nodes);
  EXPECT_EQ(withMinimum.spread.at(0).minimum, 0);
  EXPECT_FALSE(filterPodTopologySpread(*minDomains, *b1, withMinimum).ok());
  EXPECT_TRUE(filterPodTopologySpread(*pod, *b1, preFilter(*pod, nodes)).ok());  // min is 1 without minDomains
}

TEST(RunFiltersTest, StopsAtTheFirstFailureInKubernetesOrder) {
  auto node = nodeInfo(with(makeNode("node-1", "1"), R"({"spec": {"unschedulable": true,
      "taints": [{"key": "k", "effect": "NoSchedule"}]}})"));
  auto pod = podInfo(makePod("big", "8"));
  FilterStatus status = runFilters(*pod, *node, PreFilterState{});
  EXPECT_EQ(status.plugin, "NodeUnschedulable");
}

}  // namespace
}  // namespace kubelab::scheduler
