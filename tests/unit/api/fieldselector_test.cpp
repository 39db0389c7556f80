#include "api/fieldselector.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace kubelab::api {
namespace {

const ResourceType& type(std::string_view group, std::string_view plural) { return *findResourceType(group, "v1", plural); }

TEST(FieldSelectorTest, MatchesPodFields) {
  Result<FieldSelector> selector = FieldSelector::parse("metadata.namespace!=kube-system,spec.nodeName=node-1,status.phase=Running");
  ASSERT_TRUE(selector.isOk());
  ASSERT_TRUE(selector->resolveFor(type("", "pods")).isOk());
  Object pod = boost::json::parse(R"({"metadata":{"name":"web","namespace":"default"},
      "spec":{"nodeName":"node-1"},"status":{"phase":"Running"}})").as_object();
  EXPECT_TRUE(selector->matches(type("", "pods"), pod));
  pod["status"].as_object()["phase"] = "Pending";
  EXPECT_FALSE(selector->matches(type("", "pods"), pod));
  EXPECT_EQ(selector->requiredValue("spec.nodeName"), "node-1");
}

TEST(FieldSelectorTest, RejectsUnsupportedFieldsAsKubernetesDoes) {
  Result<FieldSelector> selector = FieldSelector::parse("foo=bar");
  ASSERT_TRUE(selector.isOk());
  Status status = selector->resolveFor(type("", "pods"));
  EXPECT_EQ(status.code(), StatusCode::BadRequest);
  EXPECT_EQ(status.message(), "field label not supported: foo");

  Result<FieldSelector> namespaced = FieldSelector::parse("metadata.namespace=x");
  EXPECT_FALSE(namespaced->resolveFor(type("", "nodes")).isOk());
  EXPECT_TRUE(namespaced->resolveFor(type("apps", "deployments")).isOk());
  Result<FieldSelector> phase = FieldSelector::parse("status.phase=Running");
  EXPECT_FALSE(phase->resolveFor(type("apps", "deployments")).isOk());
}

TEST(FieldSelectorTest, TranslatesAliasesAndTypedFields) {
  Result<FieldSelector> selector = FieldSelector::parse("spec.host=n1");
  ASSERT_TRUE(selector->resolveFor(type("", "pods")).isOk());
  EXPECT_EQ(selector->toString(), "spec.nodeName=n1");

  Result<FieldSelector> replicas = FieldSelector::parse("status.replicas=3");
  ASSERT_TRUE(replicas->resolveFor(type("apps", "replicasets")).isOk());
  EXPECT_TRUE(replicas->matches(type("apps", "replicasets"), boost::json::parse(R"({"status":{"replicas":3}})").as_object()));

  Result<FieldSelector> secretType = FieldSelector::parse("type=kubernetes.io/tls");
  ASSERT_TRUE(secretType->resolveFor(type("", "secrets")).isOk());
  EXPECT_TRUE(secretType->matches(type("", "secrets"), boost::json::parse(R"({"type":"kubernetes.io/tls"})").as_object()));

  Result<FieldSelector> involved = FieldSelector::parse("involvedObject.name=web,source=kubelet");
  ASSERT_TRUE(involved->resolveFor(type("", "events")).isOk());
  EXPECT_TRUE(involved->matches(type("", "events"),
                                boost::json::parse(R"({"involvedObject":{"name":"web"},"source":{"component":"kubelet"}})").as_object()));
}

TEST(FieldSelectorTest, ParsesEscapesAndReportsSyntaxErrors) {
  Result<FieldSelector> escaped = FieldSelector::parse("metadata.name=a\\,b");
  ASSERT_TRUE(escaped.isOk());
  EXPECT_EQ(escaped->requirements()[0].value, "a,b");
  EXPECT_EQ(FieldSelector::parse("metadata.name").status().message(),
            "invalid selector: 'metadata.name'; can't understand 'metadata.name'");
  EXPECT_TRUE(FieldSelector::parse("")->empty());
  Result<FieldSelector> doubled = FieldSelector::parse("metadata.name==x");
  EXPECT_EQ(doubled->requirements()[0].value, "x");
}

}  // namespace
}  // namespace kubelab::api
