// A whole cluster from `kubelabctl up --nodes 3`, driven with the real kubectl the way a student
// drives one: Deployments roll out, scale, roll back and heal; Jobs complete; DaemonSets cover
// every node; StatefulSets start in order with their claims; quotas refuse; and `down` then `up`
// finds everything again. Pods run on the simulated runtime (no processes); the same session on
// the process runtime, with curl through Services, is tests/acceptance/student_session.sh.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "kubelabctlclustertest.h"
#include "support/eventually.h"

namespace kubelab::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels: {app: nginx}
spec:
  replicas: 3
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports: [{containerPort: 80}]
)";

constexpr const char* kJob = R"(apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  template:
    spec:
      containers:
      - {name: pi, image: busybox:1.36, command: [sh, -c, "echo done"]}
      restartPolicy: Never
  backoffLimit: 2
)";

constexpr const char* kDaemonSet = R"(apiVersion: apps/v1
kind: DaemonSet
metadata: {name: logger}
spec:
  selector: {matchLabels: {app: logger}}
  template:
    metadata: {labels: {app: logger}}
    spec:
      containers: [{name: logger, image: kubelab/logger:1}]
)";

constexpr const char* kStatefulSet = R"(apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 2
  selector: {matchLabels: {app: kv}}
  template:
    metadata: {labels: {app: kv}}
    spec:
      containers: [{name: kv, image: kubelab/kv:1, volumeMounts: [{name: data, mountPath: /data}]}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
)";

class ClusterAcceptanceTest : public KubelabctlClusterTest {
 protected:
  ClusterAcceptanceTest() { kubectlDefaults_ = {"-n", "shop"}; }

  // Polls kubectl until its output contains `expected`.
  bool kubectlShows(const std::vector<std::string>& arguments, const std::string& expected,
                    std::chrono::milliseconds timeout = 30s) {
    return eventually([&] { return kubectl(arguments).out.find(expected) != std::string::npos; }, timeout);
  }
};

int countLines(const std::string& text, const std::string& containing) {
  int count = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (text.substr(start, end - start).find(containing) != std::string::npos) ++count;
    start = end + 1;
  }
  return count;
}

TEST_F(ClusterAcceptanceTest, AStudentsSessionWithTheRealKubectl) {
  CommandResult up = kubelabctl({"up", "--nodes", "3", "--runtime", "simulated"});
  ASSERT_EQ(up.exitCode, 0) << up.out << up.err;
  std::string nodes = runCommand({"/usr/bin/kubectl", "--kubeconfig", (state_ / "kubeconfig").string(), "get", "nodes"}).out;
  EXPECT_EQ(countLines(nodes, " Ready "), 3) << nodes;

  ASSERT_EQ(runCommand({"/usr/bin/kubectl", "--kubeconfig", (state_ / "kubeconfig").string(), "create", "namespace",
                        "shop"}).exitCode, 0);
  // 1. The seed note's nginx Deployment rolls out.
  ASSERT_EQ(kubectl({"apply", "-f", "-"}, kDeployment).exitCode, 0);
  CommandResult rollout = kubectl({"rollout", "status", "deployment/nginx-deployment", "--timeout=60s"});
  EXPECT_EQ(rollout.exitCode, 0) << rollout.out << rollout.err;
  EXPECT_NE(rollout.out.find("successfully rolled out"), std::string::npos) << rollout.out;
  std::string pods = out({"get", "pods", "-o", "wide"});
  EXPECT_EQ(countLines(pods, "Running"), 3) << pods;
  // The scheduler spread them over the nodes.
  EXPECT_GE((countLines(pods, "node-1") > 0) + (countLines(pods, "node-2") > 0) + (countLines(pods, "node-3") > 0), 2)
      << pods;
  // 2. /metrics tells who did it: each component's requests under its own identity (the
  // scheduler's bindings, the controller manager's ReplicaSet, the kubelets' pod status), and
  // the store operations behind them (the cluster view's traffic).
  std::string metrics = out({"get", "--raw", "/metrics"});
  for (const char* user : {"system:kube-scheduler", "system:kube-controller-manager", "system:node:node-1",
                           "kubernetes-admin"}) {
    std::string series = std::string("kubelab_apiserver_client_requests_total{user=\"") + user + "\"} ";
    EXPECT_NE(metrics.find(series), std::string::npos) << series << "\n" << metrics;
  }
  EXPECT_NE(metrics.find("etcd_requests_total{operation=\"create\",type=\"pods\"} "), std::string::npos) << metrics;

  // 3. Scale to 5.
  ASSERT_EQ(kubectl({"scale", "deployment/nginx-deployment", "--replicas=5"}).exitCode, 0);
  EXPECT_TRUE(kubectlShows({"get", "deployment", "nginx-deployment"}, "5/5")) << out({"get", "pods"});

  // 4. A new image: two ReplicaSets hand over, then undo goes back.
  ASSERT_EQ(kubectl({"set", "image", "deployment/nginx-deployment", "nginx=nginx:1.16.1"}).exitCode, 0);
  rollout = kubectl({"rollout", "status", "deployment/nginx-deployment", "--timeout=60s"});
  EXPECT_EQ(rollout.exitCode, 0) << rollout.out << rollout.err;
  std::string replicaSets = out({"get", "replicasets"});
  EXPECT_EQ(countLines(replicaSets, "nginx-deployment-"), 2) << replicaSets;
  EXPECT_NE(out({"get", "deployment", "nginx-deployment", "-o", "jsonpath={.spec.template.spec.containers[0].image}"}),
            "nginx:1.14.2");
  ASSERT_EQ(kubectl({"rollout", "undo", "deployment/nginx-deployment"}).exitCode, 0);
  rollout = kubectl({"rollout", "status", "deployment/nginx-deployment", "--timeout=60s"});
  EXPECT_EQ(rollout.exitCode, 0) << rollout.out << rollout.err;
  EXPECT_EQ(out({"get", "deployment", "nginx-deployment", "-o", "jsonpath={.spec.template.spec.containers[0].image}"}),
            "nginx:1.14.2");
  std::string events = out({"get", "events"});
  EXPECT_NE(events.find("ScalingReplicaSet"), std::string::npos) << events;
  EXPECT_NE(events.find("Scheduled"), std::string::npos) << events;

  // 5. A deleted pod is replaced.
  std::string victim = out({"get", "pods", "-l", "app=nginx", "-o", "jsonpath={.items[0].metadata.name}"});
  ASSERT_FALSE(victim.empty());
  ASSERT_EQ(kubectl({"delete", "pod", victim}).exitCode, 0);
  EXPECT_TRUE(eventually(
      [&] {
        std::string now = out({"get", "pods", "-l", "app=nginx"});
        return now.find(victim) == std::string::npos && countLines(now, "Running") == 5;
      },
      30s))
      << out({"get", "pods"});

  // 6. A Job runs to completion.
  ASSERT_EQ(kubectl({"apply", "-f", "-"}, kJob).exitCode, 0);
  CommandResult waited = kubectl({"wait", "--for=condition=complete", "job/pi", "--timeout=60s"});
  EXPECT_EQ(waited.exitCode, 0) << waited.out << waited.err << out({"describe", "job", "pi"});

  // 7. A DaemonSet puts one pod on every node.
  ASSERT_EQ(kubectl({"apply", "-f", "-"}, kDaemonSet).exitCode, 0);
  CommandResult daemons = kubectl({"rollout", "status", "daemonset/logger", "--timeout=60s"});
  EXPECT_EQ(daemons.exitCode, 0) << daemons.out << daemons.err;
  EXPECT_EQ(countLines(out({"get", "pods", "-l", "app=logger"}), "Running"), 3);

  // 8. A StatefulSet starts its pods in order, each with its own claim.
  ASSERT_EQ(kubectl({"apply", "-f", "-"}, kStatefulSet).exitCode, 0);
  CommandResult ordered = kubectl({"rollout", "status", "statefulset/web", "--timeout=60s"});
  EXPECT_EQ(ordered.exitCode, 0) << ordered.out << ordered.err;
  std::string claims = out({"get", "pvc"});
  EXPECT_NE(claims.find("data-web-0"), std::string::npos) << claims;
  EXPECT_NE(claims.find("data-web-1"), std::string::npos) << claims;
  EXPECT_EQ(countLines(claims, "Bound"), 2) << claims;
  std::string started0 = out({"get", "pod", "web-0", "-o", "jsonpath={.status.startTime}"});
  std::string started1 = out({"get", "pod", "web-1", "-o", "jsonpath={.status.startTime}"});
  EXPECT_LE(started0, started1);

  // 9. A quota refuses the pod that would exceed it.
  // As many pods as run now (5 nginx, 3 loggers, 2 web; the Job's finished pod does not count).
  int running = countLines(out({"get", "pods", "--field-selector=status.phase=Running"}), "Running");
  EXPECT_EQ(running, 10);
  ASSERT_EQ(kubectl({"create", "quota", "pods", "--hard=pods=" + std::to_string(running)}).exitCode, 0);
  EXPECT_TRUE(kubectlShows({"describe", "quota", "pods"}, "pods")) << out({"describe", "quota"});
  CommandResult extra = kubectl({"run", "extra", "--image=nginx:1.25"});
  EXPECT_NE(extra.exitCode, 0) << extra.out;
  EXPECT_NE(extra.err.find("exceeded quota: pods"), std::string::npos) << extra.err;

  // 11. down, then up: everything is there again, and the pods run.
  CommandResult down = kubelabctl({"down"});
  ASSERT_EQ(down.exitCode, 0) << down.out << down.err;
  up = kubelabctl({"up"});
  ASSERT_EQ(up.exitCode, 0) << up.out << up.err;
  EXPECT_TRUE(kubectlShows({"get", "deployment", "nginx-deployment"}, "5/5", 60s)) << out({"get", "pods"});
  EXPECT_TRUE(kubectlShows({"get", "statefulset", "web"}, "2/2", 60s));
  EXPECT_NE(out({"get", "job", "pi"}).find("Complete"), std::string::npos) << out({"get", "job", "pi"});
}

}  // namespace
}  // namespace kubelab::testing
