#include "runtime/podsandbox.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "support/temporarydirectory.h"

namespace kubelab::runtime {
namespace {

namespace fs = std::filesystem;

boost::json::object parse(const char* text) { return boost::json::parse(text).as_object(); }

const char* kPod = R"({"metadata": {"name": "p", "namespace": "shop", "uid": "u-1"},
  "spec": {"volumes": [{"name": "scratch", "emptyDir": {}},
                       {"name": "claim", "persistentVolumeClaim": {"claimName": "data-p"}},
                       {"name": "host", "hostPath": {"path": "/var/tmp"}},
                       {"name": "settings", "configMap": {"name": "s"}},
                       {"name": "disk", "gcePersistentDisk": {"pdName": "x"}}]}})";

TEST(PodSandboxTest, VolumesAreDirectoriesUnderTheRoot) {
  auto pod = parse(kPod);
  const auto& volumes = pod["spec"].as_object()["volumes"].as_array();
  EXPECT_EQ(*volumeHostPath("/r", pod, volumes[0].as_object()), "/r/pods/u-1/volumes/scratch");
  EXPECT_EQ(*volumeHostPath("/r", pod, volumes[1].as_object()), "/r/claims/shop/data-p");
  EXPECT_EQ(*volumeHostPath("/r", pod, volumes[2].as_object()), "/var/tmp");
  EXPECT_EQ(*volumeHostPath("/r", pod, volumes[3].as_object()), "/r/pods/u-1/volumes/settings");
  EXPECT_EQ(volumeHostPath("/r", pod, volumes[4].as_object()).status().code(), StatusCode::NotFound);
  EXPECT_FALSE(volumeHostPath("/r", pod, parse(R"({"name": "../x", "emptyDir": {}})")).isOk());
  EXPECT_FALSE(volumeHostPath("/r", pod, parse(R"({"name": "c", "persistentVolumeClaim": {"claimName": ".."}})")).isOk());
  EXPECT_EQ(containerLogPath("/r/pods/u-1", "web", 2), "/r/pods/u-1/logs/web/2.log");
}

TEST(PodSandboxTest, MountsAreLinksAtTheirPathInsideTheSandbox) {
  auto directory = testing::TemporaryDirectory::create("kubelab-sandbox-test");
  ASSERT_TRUE(directory.isOk());
  fs::path root = (*directory)->path();
  auto pod = parse(kPod);
  auto container = parse(R"({"name": "c", "workingDir": "/srv/app", "volumeMounts": [
    {"name": "scratch", "mountPath": "/cache"},
    {"name": "claim", "mountPath": "/var/lib/data", "subPath": "db"}]})");
  ASSERT_TRUE(prepareContainerSandbox(root, pod, container).isOk());
  fs::path sandbox = podSandboxPath(root, "u-1");
  EXPECT_TRUE(fs::is_directory(sandbox / "logs" / "c"));
  EXPECT_EQ(fs::read_symlink(sandbox / "cache"), sandbox / "volumes" / "scratch");
  EXPECT_EQ(fs::read_symlink(sandbox / "var/lib/data"), root / "claims" / "shop" / "data-p" / "db");
  EXPECT_TRUE(fs::is_directory(root / "claims" / "shop" / "data-p" / "db"));
  EXPECT_TRUE(prepareContainerSandbox(root, pod, container).isOk());  // again: nothing changes
  EXPECT_EQ(*containerWorkingDirectory(sandbox, container), sandbox / "srv/app");
  EXPECT_TRUE(fs::is_directory(sandbox / "srv/app"));

  auto escaping = parse(R"({"name": "c", "volumeMounts": [{"name": "scratch", "mountPath": "/../../etc"}]})");
  EXPECT_FALSE(prepareContainerSandbox(root, pod, escaping).isOk());
  auto unknown = parse(R"({"name": "c", "volumeMounts": [{"name": "nothing", "mountPath": "/x"}]})");
  EXPECT_EQ(prepareContainerSandbox(root, pod, unknown).code(), StatusCode::NotFound);
  EXPECT_FALSE(containerWorkingDirectory(sandbox, parse(R"({"workingDir": "/a/../../b"})")).isOk());
}

}  // namespace
}  // namespace kubelab::runtime
