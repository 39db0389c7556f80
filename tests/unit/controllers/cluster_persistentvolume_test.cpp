// PersistentVolume binding and local provisioning.
#include <gtest/gtest.h>

#include "client/resource.h"
#include "cluster_testharness.h"
#include "controllers/persistentvolumebinder.h"
#include "controllers/persistentvolumematching.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
namespace resources = client::resources;
namespace pv = controllers::persistentvolume;

json::object claim(const std::string& storage, const std::string& modes = R"(["ReadWriteOnce"])",
                   const std::string& extraSpec = "") {
  return parseObject(R"({"metadata":{"name":"data","namespace":"default","uid":"claim-uid"},
      "spec":{"accessModes":)" + modes + R"(,"resources":{"requests":{"storage":")" + storage + R"("}})" + extraSpec +
                     R"(},"status":{"phase":"Pending"}})");
}

json::object volume(const std::string& name, const std::string& capacity, const std::string& modes = R"(["ReadWriteOnce"])") {
  return parseObject(R"({"metadata":{"name":")" + name + R"("},"spec":{"capacity":{"storage":")" + capacity +
                     R"("},"accessModes":)" + modes + R"(,"persistentVolumeReclaimPolicy":"Retain","hostPath":{"path":"/x"}},
      "status":{"phase":"Available"}})");
}

TEST(PersistentVolumeMatchingTest, TheSmallestVolumeThatFitsWins) {
  std::vector<client::ObjectPointer> volumes{
      std::make_shared<const json::object>(volume("big", "10Gi")),
      std::make_shared<const json::object>(volume("small", "1Gi")),
      std::make_shared<const json::object>(volume("tiny", "100Mi")),
      std::make_shared<const json::object>(volume("shared", "2Gi", R"(["ReadWriteMany"])")),
  };
  client::ObjectPointer best = pv::bestVolumeFor(claim("1Gi"), volumes);
  ASSERT_TRUE(best);
  EXPECT_EQ(api::name(*best), "small");
  best = pv::bestVolumeFor(claim("1Gi", R"(["ReadWriteMany"])"), volumes);
  ASSERT_TRUE(best);
  EXPECT_EQ(api::name(*best), "shared");
  EXPECT_FALSE(pv::bestVolumeFor(claim("20Gi"), volumes));
  EXPECT_FALSE(pv::bestVolumeFor(claim("1Gi", R"(["ReadWriteOnce"])", R"(,"storageClassName":"fast")"), volumes));
}

TEST(PersistentVolumeMatchingTest, AProvisionedVolumeMatchesTheClaim) {
  json::object made = pv::provisionedVolume(claim("2Gi", R"(["ReadWriteOnce"])", R"(,"storageClassName":"standard")"),
                                            "/var/volumes");
  EXPECT_EQ(api::name(made), "pvc-claim-uid");
  EXPECT_EQ(api::stringAt(made, {"spec", "capacity", "storage"}), "2Gi");
  EXPECT_EQ(api::stringAt(made, {"spec", "hostPath", "path"}), "/var/volumes/pvc-claim-uid");
  EXPECT_EQ(api::stringAt(made, {"spec", "storageClassName"}), "standard");
  EXPECT_EQ(api::stringAt(made, {"spec", "persistentVolumeReclaimPolicy"}), "Delete");
  EXPECT_EQ(api::stringAt(made, {"spec", "claimRef", "uid"}), "claim-uid");
  EXPECT_EQ(api::stringAt(made, {"metadata", "annotations", "pv.kubernetes.io/provisioned-by"}), "kubernetes.io/host-path");
}

TEST(PersistentVolumeBinderTest, AnAvailableVolumeIsBoundBothWays) {
  ClusterControllerHarness harness;
  controllers::PersistentVolumeBinder binder(harness.context);
  harness.add(resources::persistentVolumes, volume("small", "1Gi"));
  harness.add(resources::persistentVolumeClaims, claim("1Gi"));
  ASSERT_TRUE(binder.syncClaim("default/data").isOk());
  EXPECT_EQ(harness.writes(), (std::vector<std::string>{"update persistentvolumes", "update persistentvolumes/status",
                                                        "update persistentvolumeclaims",
                                                        "update persistentvolumeclaims/status"}));
  auto boundVolume = harness.api.stored(resources::persistentVolumes, "", "small");
  EXPECT_EQ(api::stringAt(*boundVolume, {"spec", "claimRef", "name"}), "data");
  EXPECT_EQ(api::stringAt(*boundVolume, {"status", "phase"}), "Bound");
  EXPECT_EQ(api::stringAt(*boundVolume, {"metadata", "annotations", "pv.kubernetes.io/bound-by-controller"}), "yes");
  auto boundClaim = harness.api.stored(resources::persistentVolumeClaims, "default", "data");
  EXPECT_EQ(api::stringAt(*boundClaim, {"spec", "volumeName"}), "small");
  EXPECT_EQ(api::stringAt(*boundClaim, {"status", "phase"}), "Bound");
  EXPECT_EQ(api::stringAt(*boundClaim, {"status", "capacity", "storage"}), "1Gi");
  EXPECT_EQ(api::stringAt(*boundClaim, {"metadata", "annotations", "pv.kubernetes.io/bind-completed"}), "yes");
}

TEST(PersistentVolumeBinderTest, AClaimNothingFitsGetsANewLocalVolume) {
  ClusterControllerHarness harness;
  auto binder = std::make_unique<controllers::PersistentVolumeBinder>(harness.context);
  binder->setVolumeDirectory("/tmp/lab-volumes");
  harness.add(resources::persistentVolumes, volume("small", "1Gi"));
  harness.add(resources::persistentVolumeClaims, claim("5Gi"));
  ASSERT_TRUE(binder->syncClaim("default/data").isOk());
  auto made = harness.api.stored(resources::persistentVolumes, "", "pvc-claim-uid");
  ASSERT_TRUE(made);
  EXPECT_EQ(api::stringAt(*made, {"status", "phase"}), "Bound");
  EXPECT_EQ(api::stringAt(*made, {"spec", "hostPath", "path"}), "/tmp/lab-volumes/pvc-claim-uid");
  EXPECT_EQ(api::stringAt(*harness.api.stored(resources::persistentVolumeClaims, "default", "data"), {"spec", "volumeName"}),
            "pvc-claim-uid");
  EXPECT_EQ(api::stringAt(*harness.api.stored(resources::persistentVolumes, "", "small"), {"status", "phase"}), "Available");
  binder.reset();
  EXPECT_EQ(harness.eventReasons(), std::vector<std::string>{"ProvisioningSucceeded"});
}

TEST(PersistentVolumeBinderTest, AVolumeWhoseClaimIsGoneIsReleasedAndDeletedUnderDelete) {
  ClusterControllerHarness harness;
  controllers::PersistentVolumeBinder binder(harness.context);
  json::object retained = volume("kept", "1Gi");
  retained["spec"].as_object()["claimRef"] = parseObject(R"({"namespace":"default","name":"data","uid":"claim-uid"})");
  json::object deleted = retained;
  deleted["metadata"].as_object()["name"] = "dropped";
  deleted["spec"].as_object()["persistentVolumeReclaimPolicy"] = "Delete";
  harness.add(resources::persistentVolumes, retained);
  harness.add(resources::persistentVolumes, deleted);
  ASSERT_TRUE(binder.syncVolume("kept").isOk());
  ASSERT_TRUE(binder.syncVolume("dropped").isOk());
  EXPECT_EQ(api::stringAt(*harness.api.stored(resources::persistentVolumes, "", "kept"), {"status", "phase"}), "Released");
  EXPECT_FALSE(harness.api.stored(resources::persistentVolumes, "", "dropped"));
}

TEST(PersistentVolumeBinderTest, AVolumeOfALiveClaimNotYetCachedIsNotReleased) {
  ClusterControllerHarness harness;
  controllers::PersistentVolumeBinder binder(harness.context);
  json::object bound = volume("fresh", "1Gi");
  bound["spec"].as_object()["claimRef"] = parseObject(R"({"namespace":"default","name":"data","uid":"claim-uid"})");
  harness.add(resources::persistentVolumes, bound);
  harness.api.seed(resources::persistentVolumeClaims, claim("1Gi"));  // in the API, not yet in the cache
  ASSERT_TRUE(binder.syncVolume("fresh").isOk());
  EXPECT_TRUE(harness.writes().empty());
}

}  // namespace
}  // namespace kubelab::testing
