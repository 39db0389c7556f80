#include "apiserver/requestinfo.h"

#include <gtest/gtest.h>

namespace kubelab::apiserver {
namespace {

TEST(RequestInfoTest, ResolvesNamespacedResourcePaths) {
  RequestInfo info = resolveRequest("GET", "/api/v1/namespaces/default/pods/web", "");
  EXPECT_TRUE(info.isResourceRequest);
  EXPECT_EQ(info.verb, "get");
  EXPECT_EQ(info.group, "");
  EXPECT_EQ(info.version, "v1");
  EXPECT_EQ(info.namespaceName, "default");
  EXPECT_EQ(info.resource, "pods");
  EXPECT_EQ(info.name, "web");

  info = resolveRequest("PATCH", "/apis/apps/v1/namespaces/shop/deployments/web/scale", "");
  EXPECT_EQ(info.verb, "patch");
  EXPECT_EQ(info.group, "apps");
  EXPECT_EQ(info.resource, "deployments");
  EXPECT_EQ(info.subresource, "scale");
}

TEST(RequestInfoTest, TellsListFromWatchAndDeleteFromDeleteCollection) {
  EXPECT_EQ(resolveRequest("GET", "/api/v1/pods", "").verb, "list");
  EXPECT_EQ(resolveRequest("GET", "/api/v1/pods", "limit=500&watch=true").verb, "watch");
  EXPECT_EQ(resolveRequest("GET", "/api/v1/watch/namespaces/default/pods", "").verb, "watch");
  EXPECT_EQ(resolveRequest("DELETE", "/api/v1/namespaces/default/pods", "").verb, "deletecollection");
  EXPECT_EQ(resolveRequest("DELETE", "/api/v1/namespaces/default/pods/web", "").verb, "delete");
  EXPECT_EQ(resolveRequest("POST", "/api/v1/namespaces/default/pods", "").verb, "create");
}

TEST(RequestInfoTest, TheNamespaceObjectItselfIsClusterScoped) {
  RequestInfo info = resolveRequest("GET", "/api/v1/namespaces/shop", "");
  EXPECT_EQ(info.resource, "namespaces");
  EXPECT_EQ(info.name, "shop");
  EXPECT_EQ(info.namespaceName, "");
  info = resolveRequest("PUT", "/api/v1/namespaces/shop/finalize", "");
  EXPECT_EQ(info.resource, "namespaces");
  EXPECT_EQ(info.name, "shop");
  EXPECT_EQ(info.subresource, "finalize");
  EXPECT_EQ(resolveRequest("GET", "/api/v1/namespaces", "").verb, "list");
}

TEST(RequestInfoTest, DiscoveryPathsAreNotResourceRequests) {
  EXPECT_FALSE(resolveRequest("GET", "/api", "").isResourceRequest);
  EXPECT_FALSE(resolveRequest("GET", "/api/v1", "").isResourceRequest);
  EXPECT_FALSE(resolveRequest("GET", "/apis/apps/v1", "").isResourceRequest);
  RequestInfo group = resolveRequest("GET", "/apis/apps", "");
  EXPECT_FALSE(group.isResourceRequest);
  EXPECT_EQ(group.group, "apps");
  EXPECT_FALSE(resolveRequest("GET", "/healthz", "").isResourceRequest);
}

TEST(RequestInfoTest, DecodesQueryParameters) {
  std::string query = "labelSelector=app%3Dweb%2Ctier+in+%28a%2Cb%29&limit=500&watch";
  EXPECT_EQ(queryParameter(query, "labelSelector"), "app=web,tier in (a,b)");
  EXPECT_EQ(queryParameter(query, "limit"), "500");
  EXPECT_EQ(queryParameter(query, "missing"), "");
  EXPECT_TRUE(hasQueryParameter(query, "watch"));
  EXPECT_FALSE(hasQueryParameter(query, "missing"));
}

}  // namespace
}  // namespace kubelab::apiserver

namespace kubelab::apiserver {
namespace {

TEST(RequestInfoTest, WatchAcceptsEveryTrueSpellingGoAccepts) {
  for (const char* value : {"true", "True", "TRUE", "1", "t", "T"}) {
    EXPECT_EQ(resolveRequest("GET", "/api/v1/pods", std::string("watch=") + value).verb, "watch") << value;
  }
  EXPECT_EQ(resolveRequest("GET", "/api/v1/pods", "watch=false").verb, "list");
}

}  // namespace
}  // namespace kubelab::apiserver
