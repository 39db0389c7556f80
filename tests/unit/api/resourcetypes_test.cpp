#include "api/resourcetypes.h"

#include <gtest/gtest.h>

namespace kubelab::api {
namespace {

TEST(ResourceTypesTest, CoversEveryServedTypeOnce) {
  EXPECT_EQ(builtinResourceTypes().size(), 30u);
  for (const ResourceType& type : builtinResourceTypes()) {
    EXPECT_EQ(findResourceType(type.group, type.version, type.plural), &type) << type.plural;
    EXPECT_EQ(type.listKind, type.kind + "List");
  }
}

TEST(ResourceTypesTest, MatchesKubectlApiResources) {
  const ResourceType* pods = findResourceType("", "v1", "pods");
  ASSERT_NE(pods, nullptr);
  EXPECT_EQ(pods->apiVersion(), "v1");
  EXPECT_EQ(pods->shortNames, std::vector<std::string>{"po"});
  EXPECT_EQ(pods->categories, std::vector<std::string>{"all"});
  EXPECT_TRUE(pods->hasVerb("deletecollection"));
  EXPECT_TRUE(pods->hasSubresource("binding"));

  const ResourceType* namespaces = findResourceType("", "v1", "namespaces");
  ASSERT_NE(namespaces, nullptr);
  EXPECT_FALSE(namespaces->namespaced);
  EXPECT_FALSE(namespaces->hasVerb("deletecollection"));

  const ResourceType* deployments = findResourceTypeByKind("apps/v1", "Deployment");
  ASSERT_NE(deployments, nullptr);
  EXPECT_EQ(deployments->shortNames, std::vector<std::string>{"deploy"});
  EXPECT_TRUE(deployments->hasSubresource("scale"));

  const ResourceType* jobs = findResourceType("batch", "v1", "jobs");
  ASSERT_NE(jobs, nullptr);
  EXPECT_TRUE(jobs->shortNames.empty());
  EXPECT_EQ(jobs->categories, std::vector<std::string>{"all"});

  const ResourceType* bindings = findResourceType("", "v1", "bindings");
  ASSERT_NE(bindings, nullptr);
  EXPECT_EQ(bindings->verbs, std::vector<std::string>{"create"});
  const ResourceType* reviews = findResourceTypeByKind("authorization.k8s.io/v1", "SelfSubjectAccessReview");
  ASSERT_NE(reviews, nullptr);
  EXPECT_FALSE(reviews->namespaced);
  EXPECT_EQ(reviews->verbs, std::vector<std::string>{"create"});
  EXPECT_EQ(findResourceTypeByKind("v1", "Deployment"), nullptr);
}

TEST(ResourceTypesTest, ResolvesWhatUsersType) {
  EXPECT_EQ(resolveResourceName("po")->plural, "pods");
  EXPECT_EQ(resolveResourceName("Deployment")->group, "apps");
  EXPECT_EQ(resolveResourceName("sts")->kind, "StatefulSet");
  EXPECT_EQ(resolveResourceName("ev")->group, "");
  EXPECT_EQ(resolveResourceName("events.events.k8s.io")->group, "events.k8s.io");
  EXPECT_EQ(resolveResourceName("cj")->kind, "CronJob");
  EXPECT_EQ(resolveResourceName("nothing"), nullptr);
}

}  // namespace
}  // namespace kubelab::api
