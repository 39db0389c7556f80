#include "api/labelselector.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace kubelab::api {
namespace {

LabelSelector parsed(std::string_view text) {
  Result<LabelSelector> selector = LabelSelector::parse(text);
  EXPECT_TRUE(selector.isOk()) << text << ": " << selector.status().message();
  return selector ? *selector : LabelSelector::nothing();
}

std::string parseError(std::string_view text) {
  Result<LabelSelector> selector = LabelSelector::parse(text);
  return selector ? "parsed" : selector.status().message();
}

TEST(LabelSelectorTest, ParsesEveryOperator) {
  LabelSelector selector = parsed("a=b,c!=d,e in (x,y),f notin (z),g,!h");
  EXPECT_EQ(selector.toString(), "a=b,c!=d,e in (x,y),f notin (z),g,!h");  // sorted by key, as Kubernetes does
  Labels labels{{"a", "b"}, {"e", "y"}, {"g", "1"}};
  EXPECT_TRUE(selector.matches(labels));
  labels["h"] = "";
  EXPECT_FALSE(selector.matches(labels));
  labels.erase("h");
  labels["c"] = "d";
  EXPECT_FALSE(selector.matches(labels));
  labels["c"] = "other";
  labels["f"] = "z";
  EXPECT_FALSE(selector.matches(labels));
}

TEST(LabelSelectorTest, HandlesSpacesDoubleEqualsAndComparisons) {
  EXPECT_TRUE(parsed(" app == web , tier in (front, back) ").matches({{"app", "web"}, {"tier", "back"}}));
  EXPECT_TRUE(parsed("gen>3").matches({{"gen", "4"}}));
  EXPECT_FALSE(parsed("gen>3").matches({{"gen", "3"}}));
  EXPECT_TRUE(parsed("gen<3").matches({{"gen", "2"}}));
  EXPECT_TRUE(parsed("a=").matches({{"a", ""}}));
  EXPECT_TRUE(parsed("").matchesEverything());
  EXPECT_TRUE(parsed("x in (in,notin)").matches({{"x", "notin"}}));
}

TEST(LabelSelectorTest, ReportsKubernetesParseErrors) {
  EXPECT_EQ(parseError("a=b c"), "found 'c', expected: ',' or 'end of string'");
  EXPECT_EQ(parseError("a in b"), "unable to parse requirement: found 'b' expected: '('");
  EXPECT_EQ(parseError("a=b,"), "found '', expected: identifier after ','");
  EXPECT_EQ(parseError("a in (b"), "unable to parse requirement: found '', expected: ',' or ')'");
  EXPECT_EQ(parseError("a b"), "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  EXPECT_EQ(parseError("=b"), "found '=', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(parseError("!a=b"), "found '=', expected: ',' or 'end of string'");
  EXPECT_EQ(parseError("gen>x"),
            "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer");
  EXPECT_NE(parseError("a@b=c").find("unable to parse requirement: <nil>: Invalid value: \"a@b\": name part must consist of"),
            std::string::npos);
  EXPECT_NE(parseError("a=b@c").find("values[0][a]: Invalid value: \"b@c\": a valid label must be an empty string"), std::string::npos);
}

TEST(LabelSelectorTest, ReadsMetav1LabelSelectors) {
  boost::json::value json = boost::json::parse(R"({"matchLabels":{"app":"web"},
    "matchExpressions":[{"key":"tier","operator":"In","values":["front","back"]},{"key":"old","operator":"DoesNotExist"}]})");
  Result<LabelSelector> selector = LabelSelector::fromJson(&json);
  ASSERT_TRUE(selector.isOk()) << selector.status().message();
  EXPECT_EQ(selector->toString(), "app=web,!old,tier in (back,front)");
  EXPECT_TRUE(selector->matches({{"app", "web"}, {"tier", "front"}}));
  EXPECT_FALSE(selector->matches({{"app", "web"}, {"tier", "front"}, {"old", "1"}}));

  boost::json::value empty = boost::json::parse("{}");
  EXPECT_TRUE(LabelSelector::fromJson(&empty)->matchesEverything());
  EXPECT_TRUE(LabelSelector::fromJson(nullptr)->matchesNothing());
  EXPECT_FALSE(LabelSelector::fromJson(nullptr)->matches({}));

  boost::json::value bad = boost::json::parse(R"({"matchExpressions":[{"key":"a","operator":"Equals","values":["b"]}]})");
  EXPECT_EQ(LabelSelector::fromJson(&bad).status().message(), "\"Equals\" is not a valid label selector operator");
}

}  // namespace
}  // namespace kubelab::api
