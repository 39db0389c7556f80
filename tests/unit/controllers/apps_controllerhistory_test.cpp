#include "controllers/controllerhistory.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "api/objectmeta.h"
#include "support/fakeapiclient.h"

namespace kubelab::controllers {
namespace {

namespace json = boost::json;
using testing::FakeApiClient;

json::object makeOwner(const std::string& image) {
  json::object owner = json::parse(R"({
    "apiVersion": "apps/v1", "kind": "DaemonSet",
    "metadata": {"name": "agent", "namespace": "default", "uid": "owner-uid"},
    "spec": {"selector": {"matchLabels": {"app": "agent"}},
             "template": {"metadata": {"labels": {"app": "agent"}}, "spec": {"containers": [{"name": "a", "image": "IMAGE"}]}}}
  })").as_object();
  owner["spec"].as_object()["template"].as_object()["spec"].as_object()["containers"].as_array()[0].as_object()["image"] = image;
  return owner;
}

class ControllerHistoryTest : public ::testing::Test {
 protected:
  void keep(const json::object& revision) { revisions_.upsert(revision); }
  void seedOwner(const json::object& owner) { api_.seed(client::resources::daemonSets, owner); }

  FakeApiClient api_;
  client::Indexer revisions_;
};

TEST_F(ControllerHistoryTest, HashIgnoresKeyOrderButNotContent) {
  json::object first = json::parse(R"({"a": 1, "b": {"c": [1, 2], "d": "x"}})").as_object();
  json::object reordered = json::parse(R"({"b": {"d": "x", "c": [1, 2]}, "a": 1})").as_object();
  json::object changed = json::parse(R"({"a": 1, "b": {"c": [2, 1], "d": "x"}})").as_object();
  EXPECT_EQ(hashRevisionData(first, 0), hashRevisionData(reordered, 0));
  EXPECT_NE(hashRevisionData(first, 0), hashRevisionData(changed, 0));
  EXPECT_NE(hashRevisionData(first, 0), hashRevisionData(first, 1));
  for (char character : hashRevisionData(first, 0)) {
    EXPECT_NE(std::string_view("bcdfghjklmnpqrstvwxz2456789").find(character), std::string_view::npos);
  }
}

TEST_F(ControllerHistoryTest, CreatesTheFirstRevisionWithTheTemplateAndTheHashLabel) {
  json::object owner = makeOwner("nginx:1");
  seedOwner(owner);
  Result<RevisionSet> result = reconcileRevisions(api_, client::Lister(revisions_), owner, "apps/v1", "DaemonSet");
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  const json::object& revision = result->update;
  std::string hash = api::stringAt(revision, {"metadata", "labels", "controller-revision-hash"});
  EXPECT_EQ(api::name(revision), "agent-" + hash);
  EXPECT_EQ(revisionNumber(revision), 1);
  EXPECT_EQ(api::stringAt(revision, {"metadata", "labels", "app"}), "agent");
  EXPECT_EQ(api::stringAt(revision, {"data", "spec", "template", "$patch"}), "replace");
  EXPECT_EQ(templateOfRevision(revision), *api::objectAt(owner, {"spec", "template"}));
}

TEST_F(ControllerHistoryTest, ReturningToAnOlderTemplateRenumbersItsRevision) {
  json::object first = makeOwner("nginx:1");
  json::object second = makeOwner("nginx:2");
  seedOwner(first);
  json::object one = newControllerRevision(first, "apps/v1", "DaemonSet", revisionDataFor(first), 1, 0);
  json::object two = newControllerRevision(second, "apps/v1", "DaemonSet", revisionDataFor(second), 2, 0);
  api_.seed(client::resources::controllerRevisions, one);
  api_.seed(client::resources::controllerRevisions, two);
  keep(*api_.stored(client::resources::controllerRevisions, "default", api::name(one)));
  keep(*api_.stored(client::resources::controllerRevisions, "default", api::name(two)));
  Result<RevisionSet> result = reconcileRevisions(api_, client::Lister(revisions_), first, "apps/v1", "DaemonSet");
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  EXPECT_EQ(api::name(result->update), api::name(one));
  EXPECT_EQ(revisionNumber(result->update), 3);
  EXPECT_EQ(api_.writeSummaries(), std::vector<std::string>{"update controllerrevisions"});
}

TEST_F(ControllerHistoryTest, ANameTakenByOtherDataStepsTheCollisionCount) {
  json::object owner = makeOwner("nginx:1");
  seedOwner(owner);
  json::object impostor = newControllerRevision(owner, "apps/v1", "DaemonSet", revisionDataFor(makeOwner("other")), 1, 0);
  impostor["metadata"].as_object()["name"] = "agent-" + hashRevisionData(revisionDataFor(owner), 0);
  api_.seed(client::resources::controllerRevisions, impostor);
  Result<RevisionSet> result = reconcileRevisions(api_, client::Lister(revisions_), owner, "apps/v1", "DaemonSet");
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  EXPECT_EQ(result->collisionCount, 1);
  EXPECT_EQ(api::name(result->update), "agent-" + hashRevisionData(revisionDataFor(owner), 1));
}

TEST_F(ControllerHistoryTest, TruncationKeepsLiveRevisionsAndTheNewestOthers) {
  std::vector<client::ObjectPointer> revisions;
  for (int number = 1; number <= 5; ++number) {
    json::object revision{{"metadata", json::object{{"name", "r" + std::to_string(number)}, {"namespace", "default"}}},
                          {"revision", number}};
    api_.seed(client::resources::controllerRevisions, revision);
    revisions.push_back(std::make_shared<const json::object>(revision));
  }
  ASSERT_TRUE(truncateRevisionHistory(api_, revisions, {"r1", "r5"}, 1).isOk());
  std::vector<std::string> deleted;
  for (const auto& action : api_.writeActions()) deleted.push_back(action.name);
  EXPECT_EQ(deleted, (std::vector<std::string>{"r2", "r3"}));  // r4 is the one kept in history
}

}  // namespace
}  // namespace kubelab::controllers
