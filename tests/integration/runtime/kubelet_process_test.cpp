// kubelab-kubelet with --runtime process against a real API server: pods bound to its node
// run as host processes, their status reaches the API, and deleting a pod ends its processes.

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "apiserver/apiserverfixture.h"
#include "http/httpclient.h"
#include "support/childprocess.h"
#include "support/eventually.h"
#include "support/freeport.h"
#include "support/temporarydirectory.h"

namespace kubelab::testing {
namespace {

using namespace std::chrono_literals;

std::string readFile(const std::filesystem::path& file) {
  std::ifstream input(file);
  std::stringstream text;
  text << input.rdbuf();
  return text.str();
}

class KubeletProcessRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto apiServer = ApiServerFixture::start();
    ASSERT_TRUE(apiServer.isOk()) << apiServer.status().toString();
    apiServer_ = std::move(*apiServer);
    auto directory = TemporaryDirectory::create("kubelab-kubelet-process");
    ASSERT_TRUE(directory.isOk());
    directory_ = std::move(*directory);
    std::mt19937 random(std::random_device{}());
    int octet = std::uniform_int_distribution<int>(100, 199)(random);
    subnet_ = "127.10." + std::to_string(octet);
    auto healthzPort = findFreeLoopbackPort();
    ASSERT_TRUE(healthzPort.isOk());
    logFile_ = directory_->path() / "kubelet.log";
    auto kubelet = ChildProcess::start(KUBELAB_KUBELET_BINARY,
                                       {"--kubeconfig", apiServer_->kubeconfig().string(), "--hostname-override", node_,
                                        "--node-ip", subnet_ + ".1", "--pod-cidr", subnet_ + ".0/24", "--healthz-port",
                                        std::to_string(*healthzPort), "--runtime", "process", "--root-dir",
                                        (directory_->path() / "root").string(), "--restart-backoff-base-ms", "300",
                                        "--restart-backoff-cap-ms", "1000"},
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

  std::unique_ptr<ApiServerFixture> apiServer_;
  std::unique_ptr<TemporaryDirectory> directory_;
  std::unique_ptr<ChildProcess> kubelet_;
  std::filesystem::path logFile_;
  std::string node_ = "node-process";
  std::string subnet_;
};

TEST_F(KubeletProcessRuntimeTest, RunsNginxOnItsPodIpAndStopsItOnDeletion) {
  auto port = findFreeLoopbackPort();
  ASSERT_TRUE(port.isOk());
  std::string manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  nodeName: " + node_ +
                         "\n  containers:\n  - name: nginx\n    image: nginx:1.14.2\n    ports: [{containerPort: " +
                         std::to_string(*port) + "}]\n";
  ASSERT_EQ(kubectl({"apply", "-f", "-"}, manifest).exitCode, 0);
  ASSERT_TRUE(eventually([&] { return field("web", ".status.containerStatuses[0].ready") == "true"; }, 10s))
      << readFile(logFile_);
  EXPECT_EQ(field("web", ".status.phase"), "Running");
  std::string podIp = field("web", ".status.podIP");
  EXPECT_EQ(podIp.rfind(subnet_ + ".", 0), 0u) << podIp;

  http::Client client(podIp, *port);
  auto response = client.get("/");
  ASSERT_TRUE(response.isOk()) << response.status().toString();
  EXPECT_NE(response->body.find("pod: web"), std::string::npos) << response->body;
  EXPECT_EQ(response->header("X-Node-Name"), node_);
  EXPECT_EQ(response->header("X-Image-Tag"), "1.14.2");

  ASSERT_EQ(kubectl({"delete", "pod", "web", "--wait=true", "--timeout=20s"}).exitCode, 0);
  EXPECT_FALSE(http::Client(podIp, *port).get("/").isOk());
}

TEST_F(KubeletProcessRuntimeTest, ABusyboxPodSucceedsAndAnUnknownImageWaitsInImagePullBackOff) {
  std::string manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: hello}\nspec:\n  nodeName: " + node_ +
                         "\n  restartPolicy: Never\n  containers:\n  - name: main\n    image: busybox:1.36\n"
                         "    command: [sh, -c, 'echo hello from $(POD_NAME)']\n"
                         "---\napiVersion: v1\nkind: Pod\nmetadata: {name: missing}\nspec:\n  nodeName: " + node_ +
                         "\n  containers:\n  - name: main\n    image: example.com/nothing:1\n";
  ASSERT_EQ(kubectl({"apply", "-f", "-"}, manifest).exitCode, 0);
  ASSERT_TRUE(eventually([&] { return field("hello", ".status.phase") == "Succeeded"; }, 10s)) << readFile(logFile_);
  EXPECT_EQ(field("hello", ".status.containerStatuses[0].state.terminated.reason"), "Completed");
  ASSERT_TRUE(eventually([&] {
    return field("missing", ".status.containerStatuses[0].state.waiting.reason") == "ImagePullBackOff";
  }, 10s));
  EXPECT_EQ(field("missing", ".status.phase"), "Pending");
}

TEST_F(KubeletProcessRuntimeTest, KillingTheKubeletWithSigkillTakesItsContainersAlong) {
  auto port = findFreeLoopbackPort();
  ASSERT_TRUE(port.isOk());
  std::string manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: orphan}\nspec:\n  nodeName: " + node_ +
                         "\n  containers:\n  - name: web\n    image: kubelab/web:1\n    env: [{name: PORT, value: '" +
                         std::to_string(*port) + "'}]\n";
  ASSERT_EQ(kubectl({"apply", "-f", "-"}, manifest).exitCode, 0);
  ASSERT_TRUE(eventually([&] { return field("orphan", ".status.containerStatuses[0].ready") == "true"; }, 10s));
  std::string podIp = field("orphan", ".status.podIP");
  ASSERT_TRUE(http::Client(podIp, *port).get("/").isOk());
  kubelet_->kill();  // SIGKILL: the kubelet cannot stop anything itself
  EXPECT_TRUE(eventually([&] { return !http::Client(podIp, *port).get("/").isOk(); }, 3s))
      << "the container outlived its kubelet";
}

// A Running, Ready pod is looked at again when its container crashes (the runtime's change
// handler), so the API shows the restarts and the back-off.
TEST_F(KubeletProcessRuntimeTest, ACrashingPodShowsCrashLoopBackOffAndItsRestarts) {
  std::string manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: crash}\nspec:\n  nodeName: " + node_ +
                         "\n  containers:\n  - name: crash\n    image: kubelab/crash:1\n"
                         "    env: [{name: CRASH_AFTER_SECONDS, value: '0.5'}]\n";
  ASSERT_EQ(kubectl({"apply", "-f", "-"}, manifest).exitCode, 0);
  bool sawBackOff = false;
  EXPECT_TRUE(eventually([&] {
    sawBackOff = sawBackOff || field("crash", ".status.containerStatuses[0].state.waiting.reason") == "CrashLoopBackOff";
    std::string restarts = field("crash", ".status.containerStatuses[0].restartCount");
    return sawBackOff && !restarts.empty() && std::stoi(restarts) >= 3;
  }, 15s)) << kubectl({"get", "pod", "crash", "-o", "yaml"}).out;
}

}  // namespace
}  // namespace kubelab::testing
