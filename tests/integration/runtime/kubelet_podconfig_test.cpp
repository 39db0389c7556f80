// kubelab-kubelet with --runtime process against a real API server, driven by the real kubectl:
// busybox containers get their environment from ConfigMaps, Secrets (env, envFrom with a
// prefix) and Services; a configMap volume's file follows `kubectl apply`; a missing ConfigMap
// keeps a pod in CreateContainerConfigError until it is created; a deleted pod's sandbox goes,
// and so does a sandbox left from a pod the API no longer has when the kubelet starts.
//
// A process has no mount namespace: the volumeMount /cfg is the link <sandbox>/cfg, and the
// container finds its sandbox as $KUBELAB_SANDBOX (also its working directory).

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "apiserver/apiserverfixture.h"
#include "support/childprocess.h"
#include "support/eventually.h"
#include "support/freeport.h"
#include "support/temporarydirectory.h"

namespace kubelab::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::string readFile(const fs::path& file) {
  std::ifstream input(file);
  std::stringstream text;
  text << input.rdbuf();
  return text.str();
}

constexpr const char* kConfig = R"(apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data: {key: first-version, MODE: production, LEVEL: debug}
---
apiVersion: v1
kind: Secret
metadata: {name: app-secret}
stringData: {password: hunter2, user: admin}
---
apiVersion: v1
kind: Service
metadata: {name: web-backend}
spec:
  selector: {app: web}
  ports: [{name: http, port: 8080}]
)";

constexpr const char* kPod = R"(apiVersion: v1
kind: Pod
metadata: {name: consumer}
spec:
  nodeName: NODE
  containers:
  - name: main
    image: busybox
    command: [sh, -c, "env; while true; do cat $KUBELAB_SANDBOX/cfg/key > seen.txt; sleep 0.2; done"]
    envFrom:
    - prefix: SECRET_
      secretRef: {name: app-secret}
    env:
    - {name: APP_MODE, valueFrom: {configMapKeyRef: {name: app-config, key: MODE}}}
    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: app-secret, key: password}}}
    - {name: MEMORY_MB, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
    volumeMounts: [{name: cfg, mountPath: /cfg}]
  volumes:
  - name: cfg
    configMap: {name: app-config}
)";

class KubeletPodConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto apiServer = ApiServerFixture::start();
    ASSERT_TRUE(apiServer.isOk()) << apiServer.status().toString();
    apiServer_ = std::move(*apiServer);
    auto directory = TemporaryDirectory::create("kubelab-kubelet-podconfig");
    ASSERT_TRUE(directory.isOk());
    directory_ = std::move(*directory);
    std::mt19937 random(std::random_device{}());
    subnet_ = "127.10." + std::to_string(std::uniform_int_distribution<int>(100, 199)(random));
    root_ = directory_->path() / "root";
  }

  void startKubelet() {
    auto healthzPort = findFreeLoopbackPort();
    ASSERT_TRUE(healthzPort.isOk());
    logFile_ = directory_->path() / "kubelet.log";
    auto kubelet = ChildProcess::start(KUBELAB_KUBELET_BINARY,
                                       {"--kubeconfig", apiServer_->kubeconfig().string(), "--hostname-override", node_,
                                        "--node-ip", subnet_ + ".1", "--pod-cidr", subnet_ + ".0/24", "--healthz-port",
                                        std::to_string(*healthzPort), "--runtime", "process", "--root-dir",
                                        root_.string(), "--capacity-memory", "2Gi"},
                                       logFile_);
    ASSERT_TRUE(kubelet.isOk()) << kubelet.status().toString();
    kubelet_ = std::move(*kubelet);
    ASSERT_TRUE(eventually([&] { return kubectl({"get", "node", node_}).exitCode == 0; }, 10s)) << readFile(logFile_);
  }

  void TearDown() override {
    if (kubelet_) kubelet_->kill();
  }

  CommandResult kubectl(const std::vector<std::string>& arguments, const std::string& input = "") {
    return apiServer_->kubectl(arguments, input);
  }
  std::string field(const std::string& pod, const std::string& jsonPath) {
    return kubectl({"get", "pod", pod, "-o", "jsonpath={" + jsonPath + "}"}).out;
  }
  std::string manifest(std::string text) {
    text.replace(text.find("NODE"), 4, node_);
    return text;
  }
  fs::path sandbox(const std::string& pod) { return root_ / "pods" / field(pod, ".metadata.uid"); }
  // What the container printed: the log file of its first run (kubectl logs is another piece).
  std::string containerLog(const std::string& pod) { return readFile(sandbox(pod) / "logs" / "main" / "0.log"); }

  std::unique_ptr<ApiServerFixture> apiServer_;
  std::unique_ptr<TemporaryDirectory> directory_;
  std::unique_ptr<ChildProcess> kubelet_;
  fs::path logFile_;
  fs::path root_;
  std::string node_ = "node-config";
  std::string subnet_;
};

TEST_F(KubeletPodConfigTest, EnvironmentAndVolumesComeFromConfigMapsSecretsAndServices) {
  startKubelet();
  ASSERT_EQ(kubectl({"apply", "-f", "-"}, kConfig).exitCode, 0);
  std::string serviceIp = kubectl({"get", "service", "web-backend", "-o", "jsonpath={.spec.clusterIP}"}).out;
  ASSERT_FALSE(serviceIp.empty());
  ASSERT_EQ(kubectl({"apply", "-f", "-"}, manifest(kPod)).exitCode, 0);
  ASSERT_TRUE(eventually([&] { return field("consumer", ".status.containerStatuses[0].ready") == "true"; }, 15s))
      << kubectl({"get", "pod", "consumer", "-o", "yaml"}).out << readFile(logFile_);
  std::string log;
  ASSERT_TRUE(eventually([&] { return (log = containerLog("consumer")).find("PASSWORD=") != std::string::npos; }, 5s));
  EXPECT_NE(log.find("APP_MODE=production\n"), std::string::npos) << log;
  EXPECT_NE(log.find("PASSWORD=hunter2\n"), std::string::npos) << log;
  EXPECT_NE(log.find("SECRET_user=admin\n"), std::string::npos) << log;
  EXPECT_NE(log.find("SECRET_password=hunter2\n"), std::string::npos) << log;
  EXPECT_NE(log.find("MEMORY_MB=2048\n"), std::string::npos) << log;  // no limit: the node's allocatable
  EXPECT_NE(log.find("WEB_BACKEND_SERVICE_HOST=" + serviceIp + "\n"), std::string::npos) << log;
  EXPECT_NE(log.find("WEB_BACKEND_SERVICE_PORT_HTTP=8080\n"), std::string::npos) << log;
  EXPECT_NE(log.find("KUBERNETES_SERVICE_HOST="), std::string::npos) << log;

  // The container reads /cfg/key again and again; a new ConfigMap reaches it through the ..data swap.
  fs::path seen = sandbox("consumer") / "seen.txt";
  ASSERT_TRUE(eventually([&] { return readFile(seen) == "first-version"; }, 5s)) << readFile(seen);
  ASSERT_EQ(kubectl({"apply", "-f", "-"},
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-config}\n"
                    "data: {key: second-version, MODE: production, LEVEL: debug}\n")
                .exitCode,
            0);
  EXPECT_TRUE(eventually([&] { return readFile(seen) == "second-version"; }, 60s)) << readFile(seen);
  EXPECT_TRUE(fs::is_symlink(sandbox("consumer") / "volumes" / "cfg" / "..data"));

  fs::path directory = sandbox("consumer");
  ASSERT_TRUE(fs::exists(directory));
  ASSERT_EQ(kubectl({"delete", "pod", "consumer", "--wait=true", "--timeout=30s"}).exitCode, 0);
  EXPECT_TRUE(eventually([&] { return !fs::exists(directory); }, 10s)) << "the sandbox outlived its pod";
}

TEST_F(KubeletPodConfigTest, AMissingConfigMapIsCreateContainerConfigErrorUntilItExists) {
  startKubelet();
  std::string pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: waiting}\nspec:\n  nodeName: " + node_ +
                    "\n  containers:\n  - name: main\n    image: busybox\n    command: [sh, -c, 'env; sleep 3600']\n"
                    "    env: [{name: LATE, valueFrom: {configMapKeyRef: {name: late-config, key: value}}}]\n";
  ASSERT_EQ(kubectl({"apply", "-f", "-"}, pod).exitCode, 0);
  ASSERT_TRUE(eventually([&] {
    return field("waiting", ".status.containerStatuses[0].state.waiting.reason") == "CreateContainerConfigError";
  }, 10s)) << kubectl({"get", "pod", "waiting", "-o", "yaml"}).out << readFile(logFile_);
  EXPECT_EQ(field("waiting", ".status.containerStatuses[0].state.waiting.message"), "configmap \"late-config\" not found");
  EXPECT_EQ(field("waiting", ".status.phase"), "Pending");
  EXPECT_NE(kubectl({"get", "pod", "waiting"}).out.find("CreateContainerConfigError"), std::string::npos);
  EXPECT_TRUE(eventually([&] {
    return kubectl({"get", "events", "--field-selector", "involvedObject.name=waiting"}).out.find(
               "Error: configmap \"late-config\" not found") != std::string::npos;
  }, 10s)) << kubectl({"get", "events"}).out;

  ASSERT_EQ(kubectl({"create", "configmap", "late-config", "--from-literal=value=arrived"}).exitCode, 0);
  ASSERT_TRUE(eventually([&] { return field("waiting", ".status.phase") == "Running"; }, 15s))
      << kubectl({"get", "pod", "waiting", "-o", "yaml"}).out;
  EXPECT_TRUE(eventually([&] { return containerLog("waiting").find("LATE=arrived\n") != std::string::npos; }, 5s))
      << containerLog("waiting");
}

TEST_F(KubeletPodConfigTest, AMissingConfigMapVolumeKeepsThePodContainerCreatingWithFailedMount) {
  startKubelet();
  std::string pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: mounting}\nspec:\n  nodeName: " + node_ +
                    "\n  containers:\n  - name: main\n    image: busybox\n    command: [sh, -c, 'sleep 3600']\n"
                    "    volumeMounts: [{name: settings, mountPath: /etc/settings}]\n"
                    "  volumes: [{name: settings, configMap: {name: absent-config}}]\n";
  ASSERT_EQ(kubectl({"apply", "-f", "-"}, pod).exitCode, 0);
  ASSERT_TRUE(eventually([&] {
    return kubectl({"get", "events", "--field-selector", "involvedObject.name=mounting"}).out.find(
               "MountVolume.SetUp failed for volume \"settings\" : configmap \"absent-config\" not found") !=
           std::string::npos;
  }, 10s)) << kubectl({"get", "events"}).out << readFile(logFile_);
  EXPECT_EQ(field("mounting", ".status.containerStatuses[0].state.waiting.reason"), "ContainerCreating");
  ASSERT_EQ(kubectl({"create", "configmap", "absent-config", "--from-literal=a=b"}).exitCode, 0);
  EXPECT_TRUE(eventually([&] { return field("mounting", ".status.phase") == "Running"; }, 15s));
}

TEST_F(KubeletPodConfigTest, ASandboxOfAPodTheApiNoLongerHasIsRemovedWhenTheKubeletStarts) {
  fs::path stale = root_ / "pods" / "3f1e0000-0000-4000-8000-000000000000";
  fs::create_directories(stale / "logs" / "main");
  std::ofstream(stale / "logs" / "main" / "0.log") << "left from an earlier run\n";
  startKubelet();
  EXPECT_TRUE(eventually([&] { return !fs::exists(stale); }, 10s)) << readFile(logFile_);
}

}  // namespace
}  // namespace kubelab::testing
