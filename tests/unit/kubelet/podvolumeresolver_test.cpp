#include "kubelet/podvolumeresolver.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "common/base64.h"

namespace kubelab::kubelet {
namespace {

boost::json::object parse(const std::string& text) { return boost::json::parse(text).as_object(); }

PodConfigSources sources() {
  static auto configMap = std::make_shared<const boost::json::object>(
      parse(R"({"metadata": {"name": "settings", "namespace": "shop"}, "data": {"key": "value", "other": "o"},
                "binaryData": {"blob": ")" + base64Encode("\x01\x02") + R"("}})"));
  static auto secret = std::make_shared<const boost::json::object>(
      parse(R"({"metadata": {"name": "credentials", "namespace": "shop"}, "data": {"password": ")" +
            base64Encode("hunter2") + R"("}})"));
  PodConfigSources result;
  result.configMap = [](const std::string& ns, const std::string& name) {
    return ns == "shop" && name == "settings" ? configMap : nullptr;
  };
  result.secret = [](const std::string& ns, const std::string& name) {
    return ns == "shop" && name == "credentials" ? secret : nullptr;
  };
  result.allocatable = {{"cpu", "4"}, {"memory", "8Gi"}};
  return result;
}

ResolvedVolumes resolve(const std::string& volumes) {
  return resolvePodVolumes(parse(R"({"metadata": {"name": "p", "namespace": "shop", "uid": "u1",
                                                   "labels": {"app": "web", "tier": "a \"quoted\" value"}},
                                      "spec": {"containers": [{"name": "main", "resources": {"limits": {"memory": "64Mi"}}}],
                                               "volumes": [)" + volumes + "]}}"),
                           sources());
}

TEST(PodVolumeResolverTest, EveryKeyOrTheChosenItemsWithTheirModes) {
  auto all = resolve(R"({"name": "cfg", "configMap": {"name": "settings"}})");
  ASSERT_EQ(all.volumes.size(), 1u);
  ASSERT_EQ(all.volumes[0].files.size(), 3u);
  EXPECT_EQ(all.volumes[0].files[0].path, "blob");
  EXPECT_EQ(all.volumes[0].files[0].content, std::string("\x01\x02"));
  EXPECT_EQ(all.volumes[0].files[1].path, "key");
  EXPECT_EQ(all.volumes[0].files[1].mode, 0644);

  auto items = resolve(R"({"name": "cfg", "configMap": {"name": "settings", "defaultMode": 256,
                            "items": [{"key": "key", "path": "conf/app.conf"}, {"key": "other", "path": "o", "mode": 384}]}})");
  ASSERT_EQ(items.volumes[0].files.size(), 2u);
  EXPECT_EQ(items.volumes[0].files[0].path, "conf/app.conf");
  EXPECT_EQ(items.volumes[0].files[0].content, "value");
  EXPECT_EQ(items.volumes[0].files[0].mode, 0400);
  EXPECT_EQ(items.volumes[0].files[1].mode, 0600);

  auto secret = resolve(R"({"name": "creds", "secret": {"secretName": "credentials"}})");
  ASSERT_EQ(secret.volumes[0].files.size(), 1u);
  EXPECT_EQ(secret.volumes[0].files[0].content, "hunter2");
}

TEST(PodVolumeResolverTest, MissingObjectsFailTheMountUnlessOptional) {
  auto missing = resolve(R"({"name": "cfg", "configMap": {"name": "absent"}})");
  EXPECT_TRUE(missing.volumes.empty());
  ASSERT_EQ(missing.failures.size(), 1u);
  EXPECT_EQ(missing.failures[0].eventMessage(), "MountVolume.SetUp failed for volume \"cfg\" : configmap \"absent\" not found");
  auto secret = resolve(R"({"name": "creds", "secret": {"secretName": "absent"}})");
  EXPECT_EQ(secret.failures[0].message, "secret \"absent\" not found");
  auto key = resolve(R"({"name": "cfg", "configMap": {"name": "settings", "items": [{"key": "nope", "path": "x"}]}})");
  EXPECT_EQ(key.failures[0].message, "configmap references non-existent config key: nope");

  auto optional = resolve(R"({"name": "cfg", "configMap": {"name": "absent", "optional": true}},
                             {"name": "part", "configMap": {"name": "settings", "optional": true, "items": [{"key": "nope", "path": "x"}]}})");
  EXPECT_TRUE(optional.failures.empty());
  ASSERT_EQ(optional.volumes.size(), 2u);
  EXPECT_TRUE(optional.volumes[0].files.empty());  // an empty directory, as the kubelet mounts it
  EXPECT_TRUE(optional.volumes[1].files.empty());
}

TEST(PodVolumeResolverTest, DownwardApiFilesAndProjectedSources) {
  auto downward = resolve(R"({"name": "info", "downwardAPI": {"items": [
      {"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}},
      {"path": "name", "fieldRef": {"fieldPath": "metadata.name"}},
      {"path": "memory", "resourceFieldRef": {"containerName": "main", "resource": "limits.memory", "divisor": "1Mi"}}]}})");
  ASSERT_EQ(downward.volumes[0].files.size(), 3u);
  EXPECT_EQ(downward.volumes[0].files[0].content, "app=\"web\"\ntier=\"a \\\"quoted\\\" value\"");
  EXPECT_EQ(downward.volumes[0].files[1].content, "p");
  EXPECT_EQ(downward.volumes[0].files[2].content, "64");

  auto projected = resolve(R"({"name": "all", "projected": {"sources": [
      {"configMap": {"name": "settings", "items": [{"key": "key", "path": "key"}]}},
      {"secret": {"name": "credentials"}}]}})");
  ASSERT_TRUE(projected.failures.empty());
  ASSERT_EQ(projected.volumes[0].files.size(), 2u);
  EXPECT_EQ(projected.volumes[0].files[1].path, "password");
  auto token = resolve(R"({"name": "token", "projected": {"sources": [{"serviceAccountToken": {"path": "token"}}]}})");
  EXPECT_EQ(token.failures.size(), 1u);  // not faked
}

}  // namespace
}  // namespace kubelab::kubelet
