// JSON patch (RFC 6902) and JSON merge patch (RFC 7386) as the API server applies them.

#include "api/patch.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <string>

namespace kubelab::api {
namespace {

boost::json::value json(std::string_view text) { return boost::json::parse(text); }

// Applies a JSON patch that must succeed and returns the result as text (keys in order).
std::string jsonPatched(std::string_view document, std::string_view patch) {
  Result<boost::json::value> result = applyJsonPatch(json(document), json(patch));
  EXPECT_TRUE(result.isOk()) << result.status().toString();
  return result.isOk() ? boost::json::serialize(*result) : "";
}

Status jsonPatchError(std::string_view document, std::string_view patch) {
  Result<boost::json::value> result = applyJsonPatch(json(document), json(patch));
  EXPECT_FALSE(result.isOk()) << boost::json::serialize(result.isOk() ? *result : boost::json::value());
  return result.status();
}

std::string mergePatched(std::string_view document, std::string_view patch) {
  Result<boost::json::value> result = applyMergePatch(json(document), json(patch));
  EXPECT_TRUE(result.isOk()) << result.status().toString();
  return result.isOk() ? boost::json::serialize(*result) : "";
}

TEST(JsonPatchTest, AddReplacesAnExistingMemberAndCreatesANewOne) {
  EXPECT_EQ(jsonPatched(R"({"spec":{"replicas":1}})",
                        R"([{"op":"add","path":"/spec/replicas","value":3},{"op":"add","path":"/spec/paused","value":true}])"),
            R"({"spec":{"replicas":3,"paused":true}})");
}

TEST(JsonPatchTest, AddInsertsIntoAnArrayAndDashAppends) {
  EXPECT_EQ(jsonPatched(R"({"a":[1,3]})", R"([{"op":"add","path":"/a/1","value":2},{"op":"add","path":"/a/-","value":4}])"),
            R"({"a":[1,2,3,4]})");
  EXPECT_EQ(jsonPatched(R"({"a":[1]})", R"([{"op":"add","path":"/a/1","value":2}])"), R"({"a":[1,2]})");
}

TEST(JsonPatchTest, PointerEscapesSlashAndTilde) {
  // kubectl users write label keys such as app.kubernetes.io/name this way.
  EXPECT_EQ(jsonPatched(R"({"metadata":{"labels":{}}})",
                        R"([{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"web"},
                            {"op":"add","path":"/metadata/labels/a~0b","value":"x"},
                            {"op":"add","path":"/metadata/labels/c~01","value":"y"}])"),
            R"({"metadata":{"labels":{"app.kubernetes.io/name":"web","a~b":"x","c~1":"y"}}})");
}

TEST(JsonPatchTest, RemoveReplaceMoveCopyAndTest) {
  EXPECT_EQ(jsonPatched(R"({"a":{"b":1,"c":2},"d":[1,2,3]})",
                        R"([{"op":"remove","path":"/a/b"},
                            {"op":"remove","path":"/d/0"},
                            {"op":"replace","path":"/a/c","value":"two"},
                            {"op":"move","from":"/a/c","path":"/e"},
                            {"op":"copy","from":"/d","path":"/f"},
                            {"op":"test","path":"/f","value":[2,3]}])"),
            R"({"a":{},"d":[2,3],"e":"two","f":[2,3]})");
}

TEST(JsonPatchTest, NegativeIndexCountsFromTheEnd) {
  EXPECT_EQ(jsonPatched(R"({"a":[1,2,3]})", R"([{"op":"remove","path":"/a/-1"}])"), R"({"a":[1,2]})");
}

TEST(JsonPatchTest, ContainerImageByIndexAsKubectlPatchDocumentsIt) {
  EXPECT_EQ(jsonPatched(R"({"spec":{"containers":[{"name":"web","image":"nginx:1.25"}]}})",
                        R"([{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.26"}])"),
            R"({"spec":{"containers":[{"name":"web","image":"nginx:1.26"}]}})");
}

TEST(JsonPatchTest, TestComparesIntegersByValueAndAbsentEqualsNull) {
  EXPECT_EQ(jsonPatched(R"({"a":5})", R"([{"op":"test","path":"/a","value":5},{"op":"test","path":"/b","value":null}])"),
            R"({"a":5})");
}

TEST(JsonPatchTest, FailedOperationsAreInvalidAndSayWhy) {
  Status missingParent = jsonPatchError(R"({"spec":{}})", R"([{"op":"add","path":"/spec/template/metadata","value":{}}])");
  EXPECT_EQ(missingParent.code(), StatusCode::Invalid);
  EXPECT_EQ(missingParent.message(),
            "add operation does not apply: doc is missing path: \"/spec/template/metadata\": missing value");

  Status missingKey = jsonPatchError(R"({"spec":{}})", R"([{"op":"replace","path":"/spec/replicas","value":2}])");
  EXPECT_EQ(missingKey.message(), "replace operation does not apply: doc is missing key: /spec/replicas: missing value");

  Status removeMissing = jsonPatchError(R"({"a":{}})", R"([{"op":"remove","path":"/a/b"}])");
  EXPECT_EQ(removeMissing.message(), "error in remove for path: '/a/b': Unable to remove nonexistent key: b: missing value");

  Status badIndex = jsonPatchError(R"({"a":[1]})", R"([{"op":"add","path":"/a/5","value":2}])");
  EXPECT_EQ(badIndex.message(), "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced");

  Status failedTest = jsonPatchError(R"({"a":1})", R"([{"op":"test","path":"/a","value":2}])");
  EXPECT_EQ(failedTest.message(), "testing value /a failed: test failed");

  Status unknownOp = jsonPatchError(R"({})", R"([{"op":"frobnicate","path":"/a"}])");
  EXPECT_EQ(unknownOp.message(), "Unexpected kind: frobnicate");

  Status noPath = jsonPatchError(R"({})", R"([{"op":"add","value":1}])");
  EXPECT_EQ(noPath.message(), "add operation failed to decode path: operation missing path field: missing value");
}

TEST(JsonPatchTest, AFailedOperationLeavesTheDocumentUntouched) {
  boost::json::value document = json(R"({"a":1})");
  Result<boost::json::value> result =
      applyJsonPatch(document, json(R"([{"op":"replace","path":"/a","value":2},{"op":"test","path":"/a","value":3}])"));
  EXPECT_FALSE(result.isOk());
  EXPECT_EQ(boost::json::serialize(document), R"({"a":1})");
}

TEST(JsonPatchTest, MalformedPatchesAreBadRequestsWithGoDecoderMessages) {
  Status notArray = jsonPatchError("{}", R"({"op":"add"})");
  EXPECT_EQ(notArray.code(), StatusCode::BadRequest);
  EXPECT_EQ(notArray.message(), "json: cannot unmarshal object into Go value of type jsonpatch.Patch");

  Status notObject = jsonPatchError("{}", R"(["add"])");
  EXPECT_EQ(notObject.message(), "json: cannot unmarshal string into Go value of type jsonpatch.Operation");
}

TEST(JsonPatchTest, TooManyOperationsIsTooLarge) {
  std::string patch = "[";
  for (std::size_t i = 0; i <= kMaxJsonPatchOperations; ++i) patch += std::string(i ? "," : "") + R"({"op":"test","path":"/a","value":1})";
  patch += "]";
  Status tooMany = jsonPatchError(R"({"a":1})", patch);
  EXPECT_EQ(tooMany.code(), StatusCode::TooLarge);
  EXPECT_EQ(tooMany.message(), "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001");
}

TEST(JsonPatchTest, MoveIntoItselfIsRefused) {
  Status status = jsonPatchError(R"({"a":{"b":1}})", R"([{"op":"move","from":"/a","path":"/a/c"}])");
  EXPECT_EQ(status.code(), StatusCode::Invalid);
}

TEST(MergePatchTest, KubectlScaleOnTheScaleSubresource) {
  // kubectl v1.32 scale sends this merge patch to .../deployments/web/scale.
  EXPECT_EQ(mergePatched(R"({"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web"},"spec":{"replicas":2},
                            "status":{"replicas":2}})",
                         R"({"spec":{"replicas":3}})"),
            R"({"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web"},"spec":{"replicas":3},"status":{"replicas":2}})");
}

TEST(MergePatchTest, KubectlScaleSetsReplicas) {
  EXPECT_EQ(mergePatched(R"({"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}}}})", R"({"spec":{"replicas":3}})"),
            R"({"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}}}})");
}

TEST(MergePatchTest, KubectlLabelOverwriteAndRemoval) {
  // kubectl v1.32 label and annotate send merge patches; `app=v2 tier-` in one command gives this.
  EXPECT_EQ(mergePatched(R"({"metadata":{"name":"web","labels":{"app":"v1","tier":"front"}}})",
                         R"({"metadata":{"labels":{"app":"v2","tier":null}}})"),
            R"({"metadata":{"name":"web","labels":{"app":"v2"}}})");
}

TEST(MergePatchTest, ListsAreReplacedWhole) {
  EXPECT_EQ(mergePatched(R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})", R"({"spec":{"containers":[{"name":"c"}]}})"),
            R"({"spec":{"containers":[{"name":"c"}]}})");
}

TEST(MergePatchTest, NullsInsideNewValuesAreDropped) {
  EXPECT_EQ(mergePatched(R"({"a":"text"})", R"({"a":{"b":null,"c":1},"d":{"e":null}})"), R"({"a":{"c":1},"d":{}})");
}

TEST(MergePatchTest, NonObjectPatchIsABadRequest) {
  Result<boost::json::value> result = applyMergePatch(json("{}"), json("[1]"));
  ASSERT_FALSE(result.isOk());
  EXPECT_EQ(result.status().code(), StatusCode::BadRequest);
  EXPECT_EQ(result.status().message(), "Invalid JSON Patch");
}

}  // namespace
}  // namespace kubelab::api
