// Conformance of /v3/lease/*: grant (explicit and chosen IDs, minimum TTL, duplicates),
// revoke, keepalive, timetolive, leases, and expiry deleting attached keys.

#include <algorithm>
#include <set>
#include <string>
#include <thread>

#include "storeconformance.h"

namespace kubelab::testing {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;

class LeaseConformanceTest : public StoreConformanceTest {};
KUBELAB_INSTANTIATE_FOR_BOTH_STORES(LeaseConformanceTest);

TEST_P(LeaseConformanceTest, GrantWithIdAndDuplicate) {
  EXPECT_TRUE(answers(call("/v3/lease/grant", R"({"ID":"1000","TTL":"60"})"), 200,
                      R"({"header":{"revision":"1"},"ID":"1000","TTL":"60"})"));
  EXPECT_TRUE(answersError(call("/v3/lease/grant", R"({"ID":"1000","TTL":"60"})"), 412, 9,
                           "etcdserver: lease already exists"));
  // etcd's minimum TTL with default timing is 2 seconds.
  EXPECT_TRUE(answers(call("/v3/lease/grant", R"({"ID":"1001","TTL":"1"})"), 200,
                      R"({"header":{"revision":"1"},"ID":"1001","TTL":"2"})"));
  EXPECT_TRUE(answersError(call("/v3/lease/grant", R"({"ID":"1002","TTL":"9000000001"})"), 400, 11,
                           "etcdserver: too large lease TTL"));
}

TEST_P(LeaseConformanceTest, GrantWithoutIdChoosesDistinctIds) {
  std::set<std::int64_t> ids;
  for (int index = 0; index < 3; ++index) {
    auto response = call("/v3/lease/grant", R"({"TTL":"60"})");
    ASSERT_TRUE(response) << response.status().toString();
    ASSERT_EQ(response->status, 200u) << response->body;
    const std::int64_t id = int64Field(response->json, "ID");
    EXPECT_GT(id, 0) << response->body;
    ids.insert(id);
    auto readableAnswer = response->readable;
    readableAnswer.as_object()["ID"] = "chosen";
    EXPECT_TRUE(matchesJson(readableAnswer, R"({"header":{"revision":"1"},"ID":"chosen","TTL":"60"})"));
  }
  EXPECT_EQ(ids.size(), 3u);
}

TEST_P(LeaseConformanceTest, PutWithUnknownLeaseIsNotFound) {
  EXPECT_TRUE(answersError(call("/v3/kv/put", R"({"key":"a","value":"1","lease":"12345"})"), 404, 5,
                           "etcdserver: requested lease not found"));
  EXPECT_TRUE(answersError(call("/v3/kv/txn", R"({"success":[{"request_put":{"key":"a","value":"1","lease":"12345"}}]})"),
                           404, 5, "etcdserver: requested lease not found"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"a"})"), 200, R"({"header":{"revision":"1"}})"));
}

TEST_P(LeaseConformanceTest, RevokeDeletesAttachedKeysInOneRevision) {
  ASSERT_TRUE(answers(call("/v3/lease/grant", R"({"ID":"5","TTL":"60"})"), 200,
                      R"({"header":{"revision":"1"},"ID":"5","TTL":"60"})"));
  put("a", "1", R"("lease":"5")");  // 2
  put("b", "1", R"("lease":"5")");  // 3
  put("c", "1");                    // 4
  auto watch = WatchSession::open(server_->host(), server_->port(), R"({"create_request":{"key":"a","range_end":"z"}})");
  ASSERT_TRUE(watch) << watch.status().toString();
  auto created = (*watch)->next();
  ASSERT_TRUE(created) << "no created answer: " << created.status().toString();
  EXPECT_TRUE(answers(call("/v3/lease/revoke", R"({"ID":"5"})"), 200, R"({"header":{"revision":"5"}})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"a","range_end":"z","keys_only":true})"), 200,
                      R"({"header":{"revision":"5"},"kvs":[{"key":"c","create_revision":"4","mod_revision":"4",
                          "version":"1"}],"count":"1"})"));
  auto deletions = (*watch)->next();
  ASSERT_TRUE(deletions) << deletions.status().toString();
  EXPECT_TRUE(matchesJson(*deletions, R"({"header":{"revision":"5"},"events":[
      {"type":"DELETE","kv":{"key":"a","mod_revision":"5"}},{"type":"DELETE","kv":{"key":"b","mod_revision":"5"}}]})"));
  EXPECT_TRUE(answersError(call("/v3/lease/revoke", R"({"ID":"5"})"), 404, 5, "etcdserver: requested lease not found"));
  EXPECT_TRUE(answersError(call("/v3/kv/put", R"({"key":"a","value":"1","lease":"5"})"), 404, 5,
                           "etcdserver: requested lease not found"));
}

TEST_P(LeaseConformanceTest, TimeToLiveAndLeases) {
  for (const char* id : {"30", "10", "20"}) {
    ASSERT_TRUE(answers(call("/v3/lease/grant", std::string(R"({"TTL":"60","ID":")") + id + "\"}"), 200,
                        std::string(R"({"header":{"revision":"1"},"TTL":"60","ID":")") + id + "\"}"));
  }
  put("x", "1", R"("lease":"10")");  // 2
  put("y", "1", R"("lease":"10")");  // 3
  auto response = call("/v3/lease/timetolive", R"({"ID":"10","keys":true})");
  ASSERT_TRUE(response) << response.status().toString();
  // The remaining TTL depends on timing: allow one second of it.
  auto readableAnswer = response->readable;
  const std::int64_t remaining = int64Field(readableAnswer, "TTL");
  EXPECT_TRUE(remaining == 59 || remaining == 60) << response->body;
  if (readableAnswer.is_object()) readableAnswer.as_object()["TTL"] = "remaining";
  // etcd lists a lease's keys in no particular order (it keeps them in a Go map).
  if (auto* keys = readableAnswer.is_object() ? readableAnswer.as_object().if_contains("keys") : nullptr;
      keys != nullptr && keys->is_array()) {
    auto& list = keys->as_array();
    std::sort(list.begin(), list.end(), [](const boost::json::value& a, const boost::json::value& b) {
      return a.is_string() && b.is_string() && a.get_string() < b.get_string();
    });
  }
  EXPECT_TRUE(matchesJson(readableAnswer, R"({"header":{"revision":"3"},"ID":"10","TTL":"remaining",
      "grantedTTL":"60","keys":["x","y"]})"));
  response = call("/v3/lease/timetolive", R"({"ID":"20"})");
  ASSERT_TRUE(response) << response.status().toString();
  readableAnswer = response->readable;
  if (readableAnswer.is_object()) readableAnswer.as_object()["TTL"] = "remaining";
  EXPECT_TRUE(matchesJson(readableAnswer, R"({"header":{"revision":"3"},"ID":"20","TTL":"remaining",
      "grantedTTL":"60"})"));
  EXPECT_TRUE(answers(call("/v3/lease/timetolive", R"({"ID":"99"})"), 200,
                      R"({"header":{"revision":"3"},"ID":"99","TTL":"-1"})"));

  // etcd lists leases in no particular order: compare them sorted by ID.
  response = call("/v3/lease/leases", "{}");
  ASSERT_TRUE(response) << response.status().toString();
  readableAnswer = response->readable;
  if (auto* leases = readableAnswer.is_object() ? readableAnswer.as_object().if_contains("leases") : nullptr) {
    if (leases->is_array()) {
      auto& list = leases->as_array();
      std::sort(list.begin(), list.end(), [](const json::value& left, const json::value& right) {
        return int64Field(left, "ID") < int64Field(right, "ID");
      });
    }
  }
  EXPECT_EQ(response->status, 200u);
  EXPECT_TRUE(matchesJson(readableAnswer, R"({"header":{"revision":"3"},"leases":[{"ID":"10"},{"ID":"20"},{"ID":"30"}]})"));
}

TEST_P(LeaseConformanceTest, KeepAlive) {
  ASSERT_TRUE(answers(call("/v3/lease/grant", R"({"ID":"5","TTL":"60"})"), 200,
                      R"({"header":{"revision":"1"},"ID":"5","TTL":"60"})"));
  // The keepalive endpoint is a stream: each request line gets a {"result":...} line.
  auto stream = http::Stream::open(server_->host(), server_->port(), "POST", "/v3/lease/keepalive", R"({"ID":"5"})",
                                   /*keepRequestBodyOpen=*/true);
  ASSERT_TRUE(stream) << stream.status().toString();
  EXPECT_EQ((*stream)->status(), 200u);
  for (const char* id : {"5", "77"}) {
    if (std::string(id) != "5") {
      ASSERT_TRUE((*stream)->send(std::string(R"({"ID":")") + id + "\"}"));
    }
    auto line = (*stream)->readLine(milliseconds(5000));
    ASSERT_TRUE(line) << line.status().toString();
    auto answer = parseJson(*line);
    ASSERT_TRUE(answer) << answer.status().toString();
    ASSERT_TRUE(answer->is_object() && answer->as_object().contains("result")) << *line;
    // An unknown lease is answered with TTL 0, which proto3 JSON leaves out.
    const std::string expected = std::string(id) == "5" ? R"({"header":{"revision":"1"},"ID":"5","TTL":"60"})"
                                                        : R"({"header":{"revision":"1"},"ID":"77"})";
    EXPECT_TRUE(matchesJson(readable(answer->as_object().at("result")), expected)) << *line;
  }
}

TEST_P(LeaseConformanceTest, ExpiryDeletesAttachedKeys) {
  ASSERT_TRUE(answers(call("/v3/lease/grant", R"({"ID":"77","TTL":"2"})"), 200,
                      R"({"header":{"revision":"1"},"ID":"77","TTL":"2"})"));
  put("short", "lived", R"("lease":"77")");  // 2
  put("other", "stays");                     // 3
  auto watch = WatchSession::open(server_->host(), server_->port(), R"({"create_request":{"key":"short"}})");
  ASSERT_TRUE(watch) << watch.status().toString();
  auto created = (*watch)->next();
  ASSERT_TRUE(created) << "no created answer: " << created.status().toString();
  const auto start = std::chrono::steady_clock::now();
  auto deletion = (*watch)->next(milliseconds(8000));
  ASSERT_TRUE(deletion) << deletion.status().toString();
  const auto waited = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
  EXPECT_GE(waited.count(), 1000) << "the lease expired too early";
  EXPECT_TRUE(matchesJson(*deletion, R"({"header":{"revision":"4"},"events":[
      {"type":"DELETE","kv":{"key":"short","mod_revision":"4"}}]})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"\u0000","range_end":"\u0000","keys_only":true})"), 200,
                      R"({"header":{"revision":"4"},"kvs":[{"key":"other","create_revision":"3","mod_revision":"3",
                          "version":"1"}],"count":"1"})"));
  EXPECT_TRUE(answers(call("/v3/lease/timetolive", R"({"ID":"77"})"), 200,
                      R"({"header":{"revision":"4"},"ID":"77","TTL":"-1"})"));
}

}  // namespace
}  // namespace kubelab::testing
