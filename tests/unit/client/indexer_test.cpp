#include <gtest/gtest.h>

#include "api/labelselector.h"
#include "api/objectmeta.h"
#include "client/indexer.h"
#include "client/lister.h"
#include "client/objectkey.h"

namespace kubelab::client {
namespace {

boost::json::object pod(const std::string& ns, const std::string& name, const std::string& node,
                        const std::string& app) {
  return {{"metadata", {{"namespace", ns}, {"name", name}, {"labels", {{"app", app}}}}},
          {"spec", {{"nodeName", node}}}};
}

TEST(ObjectKeyTest, SplitsAndJoinsLikeClientGo) {
  EXPECT_EQ(objectKey("default", "web"), "default/web");
  EXPECT_EQ(objectKey("", "node-1"), "node-1");
  EXPECT_EQ(splitObjectKey("default/web"), (std::pair<std::string, std::string>{"default", "web"}));
  EXPECT_EQ(splitObjectKey("node-1"), (std::pair<std::string, std::string>{"", "node-1"}));
}

TEST(IndexerTest, KeepsIndexesInStepWithUpdatesAndRemovals) {
  Indexer indexer;
  indexer.addIndex("node", [](const boost::json::object& object) {
    return std::vector<std::string>{api::stringAt(object, {"spec", "nodeName"})};
  });
  indexer.upsert(pod("a", "web-1", "node-1", "web"));
  indexer.upsert(pod("a", "web-2", "node-1", "web"));
  indexer.upsert(pod("b", "db-1", "node-2", "db"));
  EXPECT_EQ(indexer.byIndex("node", "node-1").size(), 2u);

  auto previous = indexer.upsert(pod("a", "web-2", "node-2", "web"));  // moved
  ASSERT_TRUE(previous);
  EXPECT_EQ(api::stringAt(*previous, {"spec", "nodeName"}), "node-1");
  EXPECT_EQ(indexer.byIndex("node", "node-1").size(), 1u);
  EXPECT_EQ(indexer.byIndex("node", "node-2").size(), 2u);

  EXPECT_TRUE(indexer.remove("b/db-1"));
  EXPECT_FALSE(indexer.remove("b/db-1"));
  EXPECT_EQ(indexer.byIndex("node", "node-2").size(), 1u);
  EXPECT_TRUE(indexer.byIndex(kNamespaceIndex, "b").empty());
}

TEST(IndexerTest, ReplaceReportsWhatVanished) {
  Indexer indexer;
  indexer.upsert(pod("a", "one", "n", "x"));
  indexer.upsert(pod("a", "two", "n", "x"));
  auto vanished = indexer.replace({std::make_shared<const boost::json::object>(pod("a", "two", "n", "x")),
                                   std::make_shared<const boost::json::object>(pod("a", "three", "n", "x"))});
  ASSERT_EQ(vanished.size(), 1u);
  EXPECT_EQ(api::name(*vanished[0]), "one");
  EXPECT_EQ(indexer.size(), 2u);
  EXPECT_EQ(indexer.byIndex(kNamespaceIndex, "a").size(), 2u);
}

TEST(ListerTest, FiltersByNamespaceAndSelector) {
  Indexer indexer;
  indexer.upsert(pod("a", "web-1", "n", "web"));
  indexer.upsert(pod("a", "db-1", "n", "db"));
  indexer.upsert(pod("b", "web-2", "n", "web"));
  Lister lister(indexer);
  EXPECT_EQ(lister.list().size(), 3u);
  EXPECT_EQ(lister.list("a").size(), 2u);
  auto web = api::LabelSelector::parse("app=web");
  ASSERT_TRUE(web);
  EXPECT_EQ(lister.list("", *web).size(), 2u);
  EXPECT_EQ(lister.list("a", *web).size(), 1u);
  EXPECT_TRUE(lister.get("b", "web-2"));
  EXPECT_FALSE(lister.get("a", "web-2"));
}

}  // namespace
}  // namespace kubelab::client
