// `kubectl logs`, `kubectl exec` and `kubectl top` with the real kubectl against a cluster from
// `kubelabctl up --runtime process`: the API server relays logs and exec to the kubelet's
// HTTPS API (client certificates required) and serves metrics.k8s.io from the kubelets' stats.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "../cluster/kubelabctlclustertest.h"
#include "support/eventually.h"

namespace kubelab::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPods = R"(apiVersion: v1
kind: Pod
metadata: {name: counter}
spec:
  restartPolicy: Never
  containers:
  - name: count
    image: busybox:1.36
    command: [sh, -c, "for i in 1 2 3 4 5 6; do echo line $i; sleep 1; done"]
---
apiVersion: v1
kind: Pod
metadata: {name: multi}
spec:
  containers:
  - {name: first, image: busybox:1.36, command: [sh, -c, "echo from first; sleep 3600"]}
  - {name: second, image: busybox:1.36, command: [sh, -c, "echo from second; sleep 3600"]}
---
apiVersion: v1
kind: Pod
metadata: {name: crasher}
spec:
  containers:
  - name: crash
    image: busybox:1.36
    command: [sh, -c, "echo run at $(date +%s%N); echo many; echo lines; sleep 1; exit 1"]
---
apiVersion: v1
kind: Pod
metadata: {name: shell}
spec:
  containers:
  - name: sh
    image: busybox:1.36
    command: [sh, -c, "echo ready; sleep 3600"]
    resources: {requests: {cpu: 100m, memory: 32Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: logger}
spec:
  containers: [{name: logger, image: kubelab/logger:1}]
)";

class KubeletStreamsTest : public KubelabctlClusterTest {
 protected:
  bool running(const std::string& pod) {
    return eventually([&] { return out({"get", "pod", pod, "-o", "jsonpath={.status.phase}"}) == "Running"; }, 60s);
  }

  // Threads of this cluster's processes running `program` (their command lines name the state
  // directory), summed.
  int threadsOf(const std::string& program) const {
    int threads = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
      std::ifstream file(entry.path() / "cmdline");
      std::string commandLine((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
      if (commandLine.find(program) == std::string::npos || commandLine.find(state_.string()) == std::string::npos) continue;
      std::error_code error;
      for (auto task = std::filesystem::directory_iterator(entry.path() / "task", error);
           !error && task != std::filesystem::directory_iterator(); task.increment(error)) {
        ++threads;
      }
    }
    return threads;
  }
};

TEST_F(KubeletStreamsTest, LogsExecAndTopWithTheRealKubectl) {
  CommandResult up = kubelabctl({"up", "--nodes", "2", "--runtime", "process"});
  ASSERT_EQ(up.exitCode, 0) << up.out << up.err;
  // The kubelet reports where its API is.
  std::string port = out({"get", "node", "node-1", "-o", "jsonpath={.status.daemonEndpoints.kubeletEndpoint.Port}"});
  ASSERT_FALSE(port.empty());
  EXPECT_NE(port, "0");

  // Nobody without a certificate from the cluster CA gets in: the TLS handshake fails.
  std::string kubeletUrl = "https://127.10.1.1:" + port + "/stats/summary";
  CommandResult anonymous = runCommand({"/usr/bin/curl", "-sS", "-k", "--max-time", "5", kubeletUrl});
  EXPECT_NE(anonymous.exitCode, 0) << anonymous.out;
  EXPECT_EQ(anonymous.out.find("pods"), std::string::npos) << anonymous.out;
  // The API server's kubelet-client certificate does.
  std::filesystem::path pki = state_ / "pki";
  CommandResult allowed = runCommand({"/usr/bin/curl", "-sS", "--max-time", "5", "--cacert", (pki / "ca.crt").string(),
                                      "--cert", (pki / "apiserver-kubelet-client.crt").string(), "--key",
                                      (pki / "apiserver-kubelet-client.key").string(), kubeletUrl});
  EXPECT_EQ(allowed.exitCode, 0) << allowed.err;
  EXPECT_NE(allowed.out.find("\"node\""), std::string::npos) << allowed.out;

  ASSERT_EQ(kubectl({"apply", "-f", "-"}, kPods).exitCode, 0);

  // logs -f sees lines written after it started, and ends when the container ends.
  ASSERT_TRUE(eventually([&] { return out({"logs", "counter"}).find("line 1") != std::string::npos; }, 60s))
      << out({"describe", "pod", "counter"});
  CommandResult followed = kubectl({"logs", "-f", "counter"}, "", 30);
  EXPECT_EQ(followed.exitCode, 0) << followed.err;
  EXPECT_EQ(followed.out, "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\n");
  EXPECT_EQ(out({"logs", "counter", "--tail=2"}), "line 5\nline 6\n");
  EXPECT_EQ(out({"logs", "counter", "--limit-bytes=9"}), "line 1\nli");
  std::string stamped = out({"logs", "counter", "--tail=1", "--timestamps"});
  EXPECT_NE(stamped.find("Z line 6"), std::string::npos) << stamped;

  // Several containers: kubectl picks the first and says so; the API itself asks for a name.
  ASSERT_TRUE(running("multi"));
  EXPECT_TRUE(eventually([&] { return out({"logs", "multi", "-c", "second"}) == "from second\n"; }, 30s));
  // A follow of a container that writes nothing ends on both sides when kubectl goes away:
  // the API server's relay thread and the kubelet's reader do not live on.
  const int threadsBefore = threadsOf("kubelab-apiserver") + threadsOf("kubelab-kubelet");
  ASSERT_GT(threadsOf("kubelab-apiserver"), 0) << "no API server process names " << state_;
  CommandResult interrupted = kubectl({"logs", "-f", "multi", "-c", "second"}, "", 2);
  EXPECT_EQ(interrupted.out, "from second\n");
  EXPECT_TRUE(eventually([&] { return threadsOf("kubelab-apiserver") + threadsOf("kubelab-kubelet") <= threadsBefore; }, 10s))
      << "threads of the API server and kubelets: " << threadsBefore << " before the follow, "
      << threadsOf("kubelab-apiserver") + threadsOf("kubelab-kubelet") << " after kubectl went away";
  CommandResult defaulted = kubectl({"logs", "multi"});
  EXPECT_EQ(defaulted.out, "from first\n");
  EXPECT_NE(defaulted.err.find("Defaulted container \"first\" out of: first, second"), std::string::npos) << defaulted.err;
  CommandResult raw = kubectl({"get", "--raw", "/api/v1/namespaces/default/pods/multi/log"});
  EXPECT_NE(raw.exitCode, 0);
  EXPECT_NE(raw.err.find("a container name must be specified for pod multi, choose one of: [first second]"),
            std::string::npos)
      << raw.err;
  CommandResult unknown = kubectl({"logs", "multi", "-c", "third"});
  EXPECT_NE(unknown.exitCode, 0);
  EXPECT_NE(unknown.err.find("container third is not valid for pod multi"), std::string::npos) << unknown.err;

  // --previous after a crash: the run before the current one.
  ASSERT_TRUE(eventually(
      [&] {
        std::string restarts = out({"get", "pod", "crasher", "-o", "jsonpath={.status.containerStatuses[0].restartCount}"});
        return !restarts.empty() && restarts != "0";
      },
      60s))
      << out({"describe", "pod", "crasher"});
  CommandResult previous = kubectl({"logs", "crasher", "--previous"});
  EXPECT_EQ(previous.exitCode, 0) << previous.err;
  EXPECT_NE(previous.out.find("run at "), std::string::npos) << previous.out;
  EXPECT_NE(previous.out.find("many\nlines\n"), std::string::npos) << previous.out;
  CommandResult noPrevious = kubectl({"logs", "multi", "-c", "first", "--previous"});
  EXPECT_NE(noPrevious.exitCode, 0);
  EXPECT_NE(noPrevious.err.find("previous terminated container \"first\" in pod \"multi\" not found"), std::string::npos)
      << noPrevious.err;

  // exec: output, stdin, exit codes.
  ASSERT_TRUE(running("shell"));
  CommandResult listed = kubectl({"exec", "shell", "--", "ls", "/"});
  EXPECT_EQ(listed.exitCode, 0) << listed.err;
  EXPECT_FALSE(listed.out.empty());
  CommandResult echoed = kubectl({"exec", "shell", "--", "sh", "-c", "echo out; echo err >&2"});
  EXPECT_EQ(echoed.out, "out\n");
  EXPECT_EQ(echoed.err, "err\n");
  CommandResult piped = kubectl({"exec", "-i", "shell", "--", "cat"}, "hello through stdin\nsecond line\n");
  EXPECT_EQ(piped.exitCode, 0) << piped.err;
  EXPECT_EQ(piped.out, "hello through stdin\nsecond line\n");
  CommandResult failed = kubectl({"exec", "shell", "--", "sh", "-c", "exit 3"});
  EXPECT_EQ(failed.exitCode, 3);
  EXPECT_NE(failed.err.find("command terminated with exit code 3"), std::string::npos) << failed.err;
  CommandResult multiExec = kubectl({"exec", "multi", "-c", "second", "--", "echo", "in second"});
  EXPECT_EQ(multiExec.out, "in second\n") << multiExec.err;

  // top: usage from the kubelets' stats, as rates.
  ASSERT_TRUE(running("logger"));
  CommandResult nodes = kubectl({"top", "node"});
  EXPECT_EQ(nodes.exitCode, 0) << nodes.err;
  EXPECT_NE(nodes.out.find("CPU(cores)"), std::string::npos) << nodes.out;
  EXPECT_NE(nodes.out.find("node-1"), std::string::npos) << nodes.out;
  EXPECT_NE(nodes.out.find("node-2"), std::string::npos) << nodes.out;
  CommandResult pods;
  EXPECT_TRUE(eventually(
      [&] {
        pods = kubectl({"top", "pod"});
        return pods.exitCode == 0 && pods.out.find("shell") != std::string::npos &&
               pods.out.find("logger") != std::string::npos;
      },
      30s))
      << pods.out << pods.err;
  EXPECT_NE(pods.out.find("MEMORY(bytes)"), std::string::npos) << pods.out;
  CommandResult containers = kubectl({"top", "pod", "multi", "--containers"});
  EXPECT_NE(containers.out.find("second"), std::string::npos) << containers.out << containers.err;
}

}  // namespace
}  // namespace kubelab::testing
