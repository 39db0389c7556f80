// Rolling update arithmetic and the Deployment's ReplicaSet bookkeeping.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/objectmeta.h"
#include "controllers/deploymentutil.h"
#include "controllers/rolloutmath.h"

namespace kubelab::controllers {
namespace {

namespace json = boost::json;

json::object deployment(std::int64_t replicas, json::value surge, json::value unavailable,
                        const std::string& strategy = "RollingUpdate") {
  json::object spec{{"replicas", replicas}, {"strategy", {{"type", strategy}}}};
  if (strategy == "RollingUpdate") {
    spec["strategy"].as_object()["rollingUpdate"] = json::object{{"maxSurge", surge}, {"maxUnavailable", unavailable}};
  }
  return {{"metadata", {{"name", "web"}}}, {"spec", spec}};
}

json::object replicaSet(const std::string& name, std::int64_t replicas, const std::string& maxReplicas = "") {
  json::object metadata{{"name", name}, {"uid", "uid-" + name}, {"creationTimestamp", "2026-01-01T00:00:00Z"}};
  if (!maxReplicas.empty()) metadata["annotations"] = json::object{{kMaxReplicasAnnotation, maxReplicas}};
  return {{"metadata", metadata}, {"spec", {{"replicas", replicas}}}};
}

struct FencepostCase {
  json::value surge;
  json::value unavailable;
  std::int64_t replicas;
  std::int64_t expectedSurge;
  std::int64_t expectedUnavailable;
};

TEST(RolloutMathTest, SurgeRoundsUpAndUnavailableRoundsDown) {
  std::vector<FencepostCase> cases = {
      {"25%", "25%", 10, 3, 2},  // the defaults: 2.5 -> 3 and 2
      {"25%", "25%", 3, 1, 0},
      {1, 0, 3, 1, 0},
      {0, 0, 5, 0, 1},            // both zero: one may be unavailable
      {"0%", "0%", 5, 0, 1},
      {"50%", "50%", 1, 1, 0},
      {"100%", 2, 4, 4, 2},
      {json::value(nullptr), json::value(nullptr), 4, 0, 1},
  };
  for (const auto& testCase : cases) {
    auto resolved = resolveFenceposts(&testCase.surge, &testCase.unavailable, testCase.replicas);
    ASSERT_TRUE(resolved.isOk());
    EXPECT_EQ(resolved->maxSurge, testCase.expectedSurge) << json::serialize(testCase.surge) << " of " << testCase.replicas;
    EXPECT_EQ(resolved->maxUnavailable, testCase.expectedUnavailable)
        << json::serialize(testCase.unavailable) << " of " << testCase.replicas;
  }
}

TEST(RolloutMathTest, MalformedPercentIsInvalid) {
  json::value bad = "ten";
  auto scaled = scaledValueFromIntOrPercent(&bad, 10, true);
  ASSERT_FALSE(scaled.isOk());
  EXPECT_EQ(scaled.status().message(), "invalid value for IntOrString: invalid value \"ten\"");
}

TEST(RolloutMathTest, MaxUnavailableIsCappedAndZeroForRecreate) {
  EXPECT_EQ(maxUnavailable(deployment(3, 0, 5)), 3);
  EXPECT_EQ(maxUnavailable(deployment(0, 0, 5)), 0);
  EXPECT_EQ(maxSurge(deployment(3, 2, 0, "Recreate")), 0);
  EXPECT_EQ(maxUnavailable(deployment(3, 2, 0, "Recreate")), 0);
}

TEST(RolloutMathTest, NewReplicaSetGrowsWithinTheSurge) {
  auto d = deployment(10, "25%", "25%");  // surge 3: at most 13 pods
  EXPECT_EQ(newReplicaSetReplicas(d, {replicaSet("old", 10), replicaSet("new", 0)}, replicaSet("new", 0)), 3);
  EXPECT_EQ(newReplicaSetReplicas(d, {replicaSet("old", 10), replicaSet("new", 3)}, replicaSet("new", 3)), 3);
  EXPECT_EQ(newReplicaSetReplicas(d, {replicaSet("old", 2), replicaSet("new", 9)}, replicaSet("new", 9)), 10);
  EXPECT_EQ(newReplicaSetReplicas(deployment(10, 3, 0, "Recreate"), {replicaSet("new", 0)}, replicaSet("new", 0)), 10);
}

TEST(RolloutMathTest, ProportionsFollowTheSizeEachReplicaSetWasScaledFor) {
  // 10 -> 20 replicas with maxSurge 3 mid-rollout: 13 pods were allowed, now 23; 10 to hand out.
  auto d = deployment(20, 3, 0);
  auto old = replicaSet("old", 8, "13");
  auto fresh = replicaSet("new", 5, "13");
  std::int64_t oldShare = replicaSetProportion(old, d, 10, 0);
  EXPECT_EQ(oldShare, 6);  // round(8 * 23 / 13) = 14
  EXPECT_EQ(replicaSetProportion(fresh, d, 10, oldShare), 4);  // round(5 * 23 / 13) = 9
  // Scaling down to 5 (8 allowed): shares are negative and never exceed what is left to remove.
  auto smaller = deployment(5, 3, 0);
  std::int64_t oldCut = replicaSetProportion(old, smaller, -5, 0);
  EXPECT_EQ(oldCut, -3);  // round(8 * 8 / 13) = 5
  EXPECT_EQ(replicaSetProportion(fresh, smaller, -5, oldCut), -2);  // round(5 * 8 / 13) = 3
  EXPECT_EQ(replicaSetProportion(replicaSet("empty", 0, "13"), d, 10, 0), 0);
}

TEST(DeploymentUtilTest, TemplateHashIsShortSafeAndStable) {
  json::object podTemplate{{"metadata", {{"labels", {{"app", "web"}}}}},
                           {"spec", {{"containers", json::array{json::object{{"name", "a"}, {"image", "nginx"}}}}}}};
  json::object reordered{{"spec", {{"containers", json::array{json::object{{"image", "nginx"}, {"name", "a"}}}}}},
                         {"metadata", {{"labels", {{"app", "web"}}}}}};
  std::string hash = podTemplateHash(podTemplate, std::nullopt);
  EXPECT_EQ(hash, podTemplateHash(reordered, std::nullopt));
  EXPECT_NE(hash, podTemplateHash(podTemplate, 1));
  EXPECT_LE(hash.size(), 10u);
  EXPECT_EQ(hash.find_first_not_of("bcdfghjklmnpqrstvwxz2456789"), std::string::npos) << hash;
}

TEST(DeploymentUtilTest, TemplatesCompareWithoutTheHashLabel) {
  json::object first{{"metadata", {{"labels", {{"app", "web"}, {kPodTemplateHashLabel, "abc"}}}}},
                     {"spec", {{"containers", json::array{json::object{{"name", "a"}, {"args", json::array()}}}}}}};
  json::object second{{"metadata", {{"labels", {{"app", "web"}}}}},
                      {"spec", {{"containers", json::array{json::object{{"name", "a"}}}}}}};
  EXPECT_TRUE(templatesEqualIgnoringHash(first, second));
  second["spec"].as_object()["containers"].as_array()[0].as_object()["image"] = "nginx:2";
  EXPECT_FALSE(templatesEqualIgnoringHash(first, second));
}

TEST(DeploymentUtilTest, RollbackKeepsEarlierRevisionsInHistory) {
  json::object d{{"metadata", {{"annotations", {{"kubernetes.io/change-cause", "undo"},
                                                {"kubectl.kubernetes.io/last-applied-configuration", "{}"}}}}},
                 {"spec", {{"replicas", 3}}}};
  json::object rs{{"metadata", {{"annotations", {{kRevisionAnnotation, "1"}, {kRevisionHistoryAnnotation, "0"}}}}}};
  EXPECT_TRUE(setNewReplicaSetAnnotations(d, rs, "4", true));
  EXPECT_EQ(api::stringAt(rs, {"metadata", "annotations", kRevisionAnnotation}), "4");
  EXPECT_EQ(api::stringAt(rs, {"metadata", "annotations", kRevisionHistoryAnnotation}), "0,1");
  EXPECT_EQ(api::stringAt(rs, {"metadata", "annotations", "kubernetes.io/change-cause"}), "undo");
  EXPECT_EQ(api::objectAt(rs, {"metadata", "annotations"})->count("kubectl.kubernetes.io/last-applied-configuration"),
            0u);
  EXPECT_FALSE(setNewReplicaSetAnnotations(d, rs, "4", true));
}

TEST(DeploymentUtilTest, ActiveOrLatestPicksTheOnlyActiveOrTheNewest) {
  auto older = replicaSet("older", 0);
  auto newer = replicaSet("newer", 0);
  newer["metadata"].as_object()["creationTimestamp"] = "2026-01-02T00:00:00Z";
  EXPECT_EQ(api::name(*findActiveOrLatest(std::nullopt, {older, newer})), "newer");
  EXPECT_EQ(api::name(*findActiveOrLatest(replicaSet("new", 0), {older, replicaSet("busy", 2)})), "busy");
  EXPECT_FALSE(findActiveOrLatest(replicaSet("new", 1), {replicaSet("busy", 2)}).has_value());
}

}  // namespace
}  // namespace kubelab::controllers
