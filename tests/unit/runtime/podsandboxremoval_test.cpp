// The process runtime's part in a pod's end: what the kubelet wrote into its volumes, and the
// sandbox, stay until the pod object is gone; then removePod() takes all of it.

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "runtime/processruntime.h"
#include "support/temporarydirectory.h"

namespace kubelab::runtime {
namespace {

namespace fs = std::filesystem;

TEST(PodSandboxRemovalTest, VolumesAreWrittenIntoTheSandboxAndRemovedWithIt) {
  auto directory = testing::TemporaryDirectory::create("kubelab-sandbox-removal");
  ASSERT_TRUE(directory.isOk());
  fs::path root = (*directory)->path() / "root";
  auto runtime = ProcessRuntime::create({root, KUBELAB_IMAGE_CATALOG, "/nonexistent"});
  ASSERT_TRUE(runtime.isOk()) << runtime.status().toString();
  auto pod = boost::json::parse(R"({"metadata": {"name": "p", "namespace": "shop", "uid": "u-1"},
      "spec": {"containers": [{"name": "main", "image": "busybox", "command": ["sleep", "60"],
                               "volumeMounts": [{"name": "cfg", "mountPath": "/cfg"}]}],
               "volumes": [{"name": "cfg", "configMap": {"name": "settings"}}, {"name": "scratch", "emptyDir": {}}]},
      "status": {"podIP": "127.0.0.1", "hostIP": "127.0.0.1"}})").as_object();
  ASSERT_TRUE((*runtime)->writeVolumes(pod, {{"cfg", {{"key", "value", 0644}}}}).isOk());
  EXPECT_FALSE((*runtime)->writeVolumes(pod, {{"scratch", {{"key", "value", 0644}}}}).isOk());
  fs::path sandbox = (*runtime)->sandboxPath("u-1");
  std::ifstream file(sandbox / "volumes" / "cfg" / "key");
  std::string content;
  file >> content;
  EXPECT_EQ(content, "value");

  auto kept = (*runtime)->keptPods();
  EXPECT_NE(std::find(kept.begin(), kept.end(), "u-1"), kept.end());
  (*runtime)->ensureRunning(pod);
  (*runtime)->removePod("u-1");  // still running: left alone
  EXPECT_TRUE(fs::exists(sandbox));
  (*runtime)->stop("u-1", std::chrono::seconds(0));
  EXPECT_TRUE(fs::exists(sandbox));  // stopping keeps logs for a finished pod
  (*runtime)->removePod("u-1");
  EXPECT_FALSE(fs::exists(sandbox));
  EXPECT_TRUE((*runtime)->keptPods().empty());
}

}  // namespace
}  // namespace kubelab::runtime
