// Conformance of the key-value API (/v3/kv/*, /v3/maintenance/status, health, bad input,
// durability): the same assertions against kubelab-store and the real etcd 3.4.

#include <string>

#include "storeconformance.h"

namespace kubelab::testing {
namespace {

class KvConformanceTest : public StoreConformanceTest {};
KUBELAB_INSTANTIATE_FOR_BOTH_STORES(KvConformanceTest);

TEST_P(KvConformanceTest, HealthAnswersTrue) {
  auto response = client_->callRaw("GET", "/health", "");
  EXPECT_TRUE(answers(response, 200, R"({"health":"true"})"));
}

TEST_P(KvConformanceTest, FreshStoreIsAtRevisionOne) {
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"foo"})"), 200, R"({"header":{"revision":"1"}})"));
}

TEST_P(KvConformanceTest, PutThenRangeSingleKey) {
  EXPECT_TRUE(answers(call("/v3/kv/put", R"({"key":"foo","value":"bar"})"), 200, R"({"header":{"revision":"2"}})"));
  EXPECT_TRUE(answers(call("/v3/kv/put", R"({"key":"foo","value":"baz","prev_kv":true})"), 200,
                      R"({"header":{"revision":"3"},"prev_kv":{"key":"foo","create_revision":"2",
                          "mod_revision":"2","version":"1","value":"bar"}})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"foo"})"), 200,
                      R"({"header":{"revision":"3"},"kvs":[{"key":"foo","create_revision":"2",
                          "mod_revision":"3","version":"2","value":"baz"}],"count":"1"})"));
  // prev_kv on a new key: nothing to report. An empty value is omitted, as proto3 does.
  EXPECT_TRUE(answers(call("/v3/kv/put", R"({"key":"empty","value":"","prev_kv":true})"), 200,
                      R"({"header":{"revision":"4"}})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"empty"})"), 200,
                      R"({"header":{"revision":"4"},"kvs":[{"key":"empty","create_revision":"4",
                          "mod_revision":"4","version":"1"}],"count":"1"})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"missing"})"), 200, R"({"header":{"revision":"4"}})"));
}

TEST_P(KvConformanceTest, PutWithoutKeyIsRejected) {
  EXPECT_TRUE(answersError(call("/v3/kv/put", R"({"key":"","value":"bar"})"), 400, 3,
                           "etcdserver: key is not provided"));
  EXPECT_TRUE(answersError(call("/v3/kv/put", R"({"value":"bar"})"), 400, 3, "etcdserver: key is not provided"));
  EXPECT_TRUE(answersError(call("/v3/kv/range", R"({})"), 400, 3, "etcdserver: key is not provided"));
  EXPECT_TRUE(answersError(call("/v3/kv/deleterange", R"({"key":""})"), 400, 3, "etcdserver: key is not provided"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"\u0000","range_end":"\u0000"})"), 200,
                      R"({"header":{"revision":"1"}})"));
}

TEST_P(KvConformanceTest, PutIgnoreValue) {
  put("a", "1");
  EXPECT_TRUE(answers(call("/v3/kv/put", R"({"key":"a","ignore_value":true,"prev_kv":true})"), 200,
                      R"({"header":{"revision":"3"},"prev_kv":{"key":"a","create_revision":"2",
                          "mod_revision":"2","version":"1","value":"1"}})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"a"})"), 200,
                      R"({"header":{"revision":"3"},"kvs":[{"key":"a","create_revision":"2",
                          "mod_revision":"3","version":"2","value":"1"}],"count":"1"})"));
  EXPECT_TRUE(answersError(call("/v3/kv/put", R"({"key":"a","value":"x","ignore_value":true})"), 400, 3,
                           "etcdserver: value is provided"));
  EXPECT_TRUE(answersError(call("/v3/kv/put", R"({"key":"missing","ignore_value":true})"), 400, 3,
                           "etcdserver: key not found"));
}

TEST_P(KvConformanceTest, PutIgnoreLease) {
  EXPECT_TRUE(answers(call("/v3/lease/grant", R"({"ID":"100","TTL":"60"})"), 200,
                      R"({"header":{"revision":"1"},"ID":"100","TTL":"60"})"));
  put("b", "1", R"("lease":"100")");
  EXPECT_TRUE(answers(call("/v3/kv/put", R"({"key":"b","value":"2","ignore_lease":true,"prev_kv":true})"), 200,
                      R"({"header":{"revision":"3"},"prev_kv":{"key":"b","create_revision":"2",
                          "mod_revision":"2","version":"1","value":"1","lease":"100"}})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"b"})"), 200,
                      R"({"header":{"revision":"3"},"kvs":[{"key":"b","create_revision":"2",
                          "mod_revision":"3","version":"2","value":"2","lease":"100"}],"count":"1"})"));
  EXPECT_TRUE(answersError(call("/v3/kv/put", R"({"key":"b","lease":"100","ignore_lease":true})"), 400, 3,
                           "etcdserver: lease is provided"));
  EXPECT_TRUE(answersError(call("/v3/kv/put", R"({"key":"missing","value":"1","ignore_lease":true})"), 400, 3,
                           "etcdserver: key not found"));
  // A plain put without a lease detaches the key from its lease.
  put("b", "3");
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"b","keys_only":true})"), 200,
                      R"({"header":{"revision":"4"},"kvs":[{"key":"b","create_revision":"2",
                          "mod_revision":"4","version":"3"}],"count":"1"})"));
}

class RangeConformanceTest : public StoreConformanceTest {
 protected:
  // Six keys at revisions 2..7, values "1".."6".
  void putSixKeys() {
    int value = 1;
    for (const char* key : {"a", "ab", "b", "b/1", "b/2", "c"}) put(key, std::to_string(value++));
  }
};
KUBELAB_INSTANTIATE_FOR_BOTH_STORES(RangeConformanceTest);

TEST_P(RangeConformanceTest, AllKeysPrefixesAndOpenEndedRanges) {
  ASSERT_NO_FATAL_FAILURE(putSixKeys());
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"\u0000","range_end":"\u0000","keys_only":true})"), 200,
                      R"({"header":{"revision":"7"},"kvs":[
                          {"key":"a","create_revision":"2","mod_revision":"2","version":"1"},
                          {"key":"ab","create_revision":"3","mod_revision":"3","version":"1"},
                          {"key":"b","create_revision":"4","mod_revision":"4","version":"1"},
                          {"key":"b/1","create_revision":"5","mod_revision":"5","version":"1"},
                          {"key":"b/2","create_revision":"6","mod_revision":"6","version":"1"},
                          {"key":"c","create_revision":"7","mod_revision":"7","version":"1"}],"count":"6"})"));
  // Prefix "b/": range_end is the prefix with its last byte incremented.
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"b/","range_end":"b0"})"), 200,
                      R"({"header":{"revision":"7"},"kvs":[
                          {"key":"b/1","create_revision":"5","mod_revision":"5","version":"1","value":"4"},
                          {"key":"b/2","create_revision":"6","mod_revision":"6","version":"1","value":"5"}],
                          "count":"2"})"));
  // range_end "\0": every key from `key` on.
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"b/1","range_end":"\u0000","count_only":true})"), 200,
                      R"({"header":{"revision":"7"},"count":"3"})"));
  // [a, b) excludes b itself.
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"a","range_end":"b","keys_only":true})"), 200,
                      R"({"header":{"revision":"7"},"kvs":[
                          {"key":"a","create_revision":"2","mod_revision":"2","version":"1"},
                          {"key":"ab","create_revision":"3","mod_revision":"3","version":"1"}],"count":"2"})"));
  // An empty interval (range_end before key) holds nothing.
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"c","range_end":"a"})"), 200, R"({"header":{"revision":"7"}})"));
}

TEST_P(RangeConformanceTest, LimitMoreAndCount) {
  ASSERT_NO_FATAL_FAILURE(putSixKeys());
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"a","range_end":"c","limit":"2","keys_only":true})"), 200,
                      R"({"header":{"revision":"7"},"kvs":[
                          {"key":"a","create_revision":"2","mod_revision":"2","version":"1"},
                          {"key":"ab","create_revision":"3","mod_revision":"3","version":"1"}],
                          "more":true,"count":"5"})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"b","range_end":"c","limit":"3","keys_only":true})"), 200,
                      R"({"header":{"revision":"7"},"kvs":[
                          {"key":"b","create_revision":"4","mod_revision":"4","version":"1"},
                          {"key":"b/1","create_revision":"5","mod_revision":"5","version":"1"},
                          {"key":"b/2","create_revision":"6","mod_revision":"6","version":"1"}],"count":"3"})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"b","range_end":"c","limit":"10","count_only":true})"), 200,
                      R"({"header":{"revision":"7"},"count":"3"})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"\u0000","range_end":"\u0000","limit":"1","count_only":true})"),
                      200, R"({"header":{"revision":"7"},"count":"6"})"));
}

TEST_P(RangeConformanceTest, SortOrderAndTarget) {
  // Values chosen so that every sort target gives a different, tie-free order.
  put("s/a", "3");
  put("s/b", "1");
  put("s/c", "2");
  put("s/a", "4");
  const std::string kvA = R"({"key":"s/a","create_revision":"2","mod_revision":"5","version":"2"})";
  const std::string kvB = R"({"key":"s/b","create_revision":"3","mod_revision":"3","version":"1"})";
  const std::string kvC = R"({"key":"s/c","create_revision":"4","mod_revision":"4","version":"1"})";
  const auto expectOrder = [&](std::string_view options, const std::string& kvs, std::string_view tail) {
    const std::string request = R"({"key":"s/","range_end":"s0","keys_only":true,)" + std::string(options) + "}";
    const std::string expected = R"({"header":{"revision":"5"},"kvs":[)" + kvs + "]," + std::string(tail) + "}";
    EXPECT_TRUE(answers(call("/v3/kv/range", request), 200, expected)) << request;
  };
  expectOrder(R"("sort_order":"DESCEND","limit":"2")", kvC + "," + kvB, R"("more":true,"count":"3")");
  expectOrder(R"("sort_order":"ASCEND","sort_target":"KEY")", kvA + "," + kvB + "," + kvC, R"("count":"3")");
  expectOrder(R"("sort_order":"ASCEND","sort_target":"VALUE")", kvB + "," + kvC + "," + kvA, R"("count":"3")");
  expectOrder(R"("sort_order":"DESCEND","sort_target":"VALUE")", kvA + "," + kvC + "," + kvB, R"("count":"3")");
  expectOrder(R"("sort_target":"MOD")", kvB + "," + kvC + "," + kvA, R"("count":"3")");
  expectOrder(R"("sort_order":"DESCEND","sort_target":"MOD")", kvA + "," + kvC + "," + kvB, R"("count":"3")");
  expectOrder(R"("sort_order":"DESCEND","sort_target":"CREATE")", kvC + "," + kvB + "," + kvA, R"("count":"3")");
  expectOrder(R"("sort_order":"DESCEND","sort_target":"VERSION","limit":"1")", kvA, R"("more":true,"count":"3")");
}

TEST_P(RangeConformanceTest, KeysOnlyAndCountOnly) {
  ASSERT_NO_FATAL_FAILURE(putSixKeys());
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"c","keys_only":true})"), 200,
                      R"({"header":{"revision":"7"},"kvs":[{"key":"c","create_revision":"7","mod_revision":"7",
                          "version":"1"}],"count":"1"})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"b","range_end":"c","count_only":true})"), 200,
                      R"({"header":{"revision":"7"},"count":"3"})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"x","range_end":"z","count_only":true})"), 200,
                      R"({"header":{"revision":"7"}})"));
}

TEST_P(RangeConformanceTest, RevisionFilters) {
  ASSERT_NO_FATAL_FAILURE(putSixKeys());
  put("a", "7");  // a: created at 2, modified at 8
  const auto keysOf = [&](std::string_view filter) {
    return call("/v3/kv/range",
                R"({"key":"\u0000","range_end":"\u0000","keys_only":true,)" + std::string(filter) + "}");
  };
  // etcd counts the whole range; the filters only thin out the returned kvs.
  EXPECT_TRUE(answers(keysOf(R"("min_mod_revision":"7")"), 200,
                      R"({"header":{"revision":"8"},"kvs":[
                          {"key":"a","create_revision":"2","mod_revision":"8","version":"2"},
                          {"key":"c","create_revision":"7","mod_revision":"7","version":"1"}],"count":"6"})"));
  EXPECT_TRUE(answers(keysOf(R"("max_mod_revision":"3")"), 200,
                      R"({"header":{"revision":"8"},"kvs":[
                          {"key":"ab","create_revision":"3","mod_revision":"3","version":"1"}],"count":"6"})"));
  EXPECT_TRUE(answers(keysOf(R"("min_create_revision":"6","max_create_revision":"6")"), 200,
                      R"({"header":{"revision":"8"},"kvs":[
                          {"key":"b/2","create_revision":"6","mod_revision":"6","version":"1"}],"count":"6"})"));
  EXPECT_TRUE(answers(keysOf(R"("max_create_revision":"3","limit":"1")"), 200,
                      R"({"header":{"revision":"8"},"kvs":[
                          {"key":"a","create_revision":"2","mod_revision":"8","version":"2"}],
                          "more":true,"count":"6"})"));
}

TEST_P(RangeConformanceTest, HistoricalRevisions) {
  put("a", "1");  // 2
  put("a", "2");  // 3
  EXPECT_TRUE(answers(call("/v3/kv/deleterange", R"({"key":"a"})"), 200,
                      R"({"header":{"revision":"4"},"deleted":"1"})"));
  put("b", "1");  // 5
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"a","revision":"2"})"), 200,
                      R"({"header":{"revision":"5"},"kvs":[{"key":"a","create_revision":"2","mod_revision":"2",
                          "version":"1","value":"1"}],"count":"1"})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"a","revision":"3"})"), 200,
                      R"({"header":{"revision":"5"},"kvs":[{"key":"a","create_revision":"2","mod_revision":"3",
                          "version":"2","value":"2"}],"count":"1"})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"\u0000","range_end":"\u0000","revision":"4"})"), 200,
                      R"({"header":{"revision":"5"}})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"\u0000","range_end":"\u0000","revision":"1"})"), 200,
                      R"({"header":{"revision":"5"}})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"\u0000","range_end":"\u0000","revision":"5"})"), 200,
                      R"({"header":{"revision":"5"},"kvs":[{"key":"b","create_revision":"5","mod_revision":"5",
                          "version":"1","value":"1"}],"count":"1"})"));
  EXPECT_TRUE(answersError(call("/v3/kv/range", R"({"key":"a","revision":"6"})"), 400, 11,
                           "etcdserver: mvcc: required revision is a future revision"));
}

TEST_P(KvConformanceTest, DeleteRange) {
  for (const char* key : {"a", "b", "c", "d"}) put(key, key);  // revisions 2..5
  EXPECT_TRUE(answers(call("/v3/kv/deleterange", R"({"key":"a","prev_kv":true})"), 200,
                      R"({"header":{"revision":"6"},"deleted":"1","prev_kvs":[{"key":"a","create_revision":"2",
                          "mod_revision":"2","version":"1","value":"a"}]})"));
  EXPECT_TRUE(answers(call("/v3/kv/deleterange", R"({"key":"b","range_end":"d"})"), 200,
                      R"({"header":{"revision":"7"},"deleted":"2"})"));
  // Deleting nothing is not a write: no new revision.
  EXPECT_TRUE(answers(call("/v3/kv/deleterange", R"({"key":"a","prev_kv":true})"), 200,
                      R"({"header":{"revision":"7"}})"));
  EXPECT_TRUE(answers(call("/v3/kv/deleterange", R"({"key":"\u0000","range_end":"\u0000","prev_kv":true})"), 200,
                      R"({"header":{"revision":"8"},"deleted":"1","prev_kvs":[{"key":"d","create_revision":"5",
                          "mod_revision":"5","version":"1","value":"d"}]})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"\u0000","range_end":"\u0000"})"), 200,
                      R"({"header":{"revision":"8"}})"));
  // A key created again starts a new life: version 1, new create_revision.
  put("a", "again");
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"a"})"), 200,
                      R"({"header":{"revision":"9"},"kvs":[{"key":"a","create_revision":"9","mod_revision":"9",
                          "version":"1","value":"again"}],"count":"1"})"));
}

TEST_P(KvConformanceTest, CompactionMakesOldRevisionsUnreadable) {
  put("a", "1");  // 2
  put("a", "2");  // 3
  put("a", "3");  // 4
  EXPECT_TRUE(answers(call("/v3/kv/compaction", R"({"revision":"3"})"), 200, R"({"header":{"revision":"4"}})"));
  EXPECT_TRUE(answersError(call("/v3/kv/range", R"({"key":"a","revision":"2"})"), 400, 11,
                           "etcdserver: mvcc: required revision has been compacted"));
  // The compaction revision itself stays readable.
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"a","revision":"3"})"), 200,
                      R"({"header":{"revision":"4"},"kvs":[{"key":"a","create_revision":"2","mod_revision":"3",
                          "version":"2","value":"2"}],"count":"1"})"));
  EXPECT_TRUE(answersError(call("/v3/kv/compaction", R"({"revision":"3"})"), 400, 11,
                           "etcdserver: mvcc: required revision has been compacted"));
  EXPECT_TRUE(answersError(call("/v3/kv/compaction", R"({"revision":"2"})"), 400, 11,
                           "etcdserver: mvcc: required revision has been compacted"));
  EXPECT_TRUE(answersError(call("/v3/kv/compaction", R"({"revision":"5"})"), 400, 11,
                           "etcdserver: mvcc: required revision is a future revision"));
  EXPECT_TRUE(answers(call("/v3/kv/compaction", R"({"revision":"4","physical":true})"), 200,
                      R"({"header":{"revision":"4"}})"));
  // Compaction keeps the latest state and the revision counter.
  put("b", "1");
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"\u0000","range_end":"\u0000"})"), 200,
                      R"({"header":{"revision":"5"},"kvs":[
                          {"key":"a","create_revision":"2","mod_revision":"4","version":"3","value":"3"},
                          {"key":"b","create_revision":"5","mod_revision":"5","version":"1","value":"1"}],
                          "count":"2"})"));
}

TEST_P(KvConformanceTest, MaintenanceStatus) {
  put("a", "1");
  auto response = call("/v3/maintenance/status", "{}");
  ASSERT_TRUE(response) << response.status().toString();
  ASSERT_EQ(response->status, 200u) << response->body;
  // Sizes, indexes and the version are the server's own; their presence and the header are not.
  const auto& status = response->json.as_object();
  ASSERT_TRUE(status.contains("header")) << response->body;
  EXPECT_EQ(int64Field(status.at("header"), "revision"), 2) << response->body;
  ASSERT_TRUE(status.contains("version")) << response->body;
  EXPECT_TRUE(status.at("version").is_string() && !status.at("version").as_string().empty()) << response->body;
  EXPECT_GT(int64Field(response->json, "dbSize"), 0) << response->body;
  ASSERT_TRUE(status.contains("leader")) << response->body;
  EXPECT_EQ(status.at("leader"), status.at("header").as_object().at("member_id")) << response->body;
}

TEST_P(KvConformanceTest, AcknowledgedWritesSurviveKill) {
  for (int index = 0; index < 10; ++index) put("k" + std::to_string(index), std::to_string(index));  // 2..11
  ASSERT_TRUE(answers(call("/v3/kv/deleterange", R"({"key":"k0"})"), 200, R"({"header":{"revision":"12"},"deleted":"1"})"));
  server_->kill();
  auto restarted = server_->restart();
  ASSERT_TRUE(restarted) << restarted.toString();
  client_ = std::make_unique<EtcdClient>(server_->host(), server_->port());
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"k","range_end":"l","count_only":true})"), 200,
                      R"({"header":{"revision":"12"},"count":"9"})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"k9"})"), 200,
                      R"({"header":{"revision":"12"},"kvs":[{"key":"k9","create_revision":"11","mod_revision":"11",
                          "version":"1","value":"9"}],"count":"1"})"));
  EXPECT_TRUE(answers(call("/v3/kv/put", R"({"key":"k0","value":"back"})"), 200, R"({"header":{"revision":"13"}})"));
}

class BadInputConformanceTest : public StoreConformanceTest {};
KUBELAB_INSTANTIATE_FOR_BOTH_STORES(BadInputConformanceTest);

TEST_P(BadInputConformanceTest, MalformedJsonIsInvalidArgument) {
  EXPECT_TRUE(answersErrorCode(client_->callRaw("POST", "/v3/kv/put", R"({"key":"Zm9v",)"), 400, 3));
  EXPECT_TRUE(answersErrorCode(client_->callRaw("POST", "/v3/kv/range", "[]"), 400, 3));
  EXPECT_TRUE(answersErrorCode(client_->callRaw("POST", "/v3/kv/range", R"({"key":"Zm9v","limit":"abc"})"), 400, 3));
  EXPECT_TRUE(answersErrorCode(client_->callRaw("POST", "/v3/kv/txn", R"({"success":"no"})"), 400, 3));
  // Nothing was written.
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"\u0000","range_end":"\u0000"})"), 200,
                      R"({"header":{"revision":"1"}})"));
}

TEST_P(BadInputConformanceTest, InvalidBase64IsInvalidArgument) {
  EXPECT_TRUE(answersErrorCode(client_->callRaw("POST", "/v3/kv/put", R"({"key":"!!!","value":"YmFy"})"), 400, 3));
  EXPECT_TRUE(answersErrorCode(client_->callRaw("POST", "/v3/kv/put", R"({"key":"Zm9v","value":"not base64"})"), 400, 3));
  EXPECT_TRUE(answersErrorCode(client_->callRaw("POST", "/v3/kv/range", R"({"key":"Zm9v","range_end":"%"})"), 400, 3));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"\u0000","range_end":"\u0000"})"), 200,
                      R"({"header":{"revision":"1"}})"));
}

TEST_P(BadInputConformanceTest, EmptyBodyIsAnEmptyRequest) {
  EXPECT_TRUE(answersError(client_->callRaw("POST", "/v3/kv/range", ""), 400, 3, "etcdserver: key is not provided"));
  EXPECT_TRUE(answers(client_->callRaw("POST", "/v3/kv/txn", ""), 200, R"({"header":{"revision":"1"},"succeeded":true})"));
}

TEST_P(BadInputConformanceTest, UnknownPathIsNotFound) {
  for (const char* path : {"/v3/nope", "/v3/kv/nope", "/nope", "/v2/keys/foo"}) {
    auto response = client_->callRaw("POST", path, "{}");
    ASSERT_TRUE(response) << response.status().toString();
    EXPECT_EQ(response->status, 404u) << path << " -> " << response->body;
  }
}

TEST_P(BadInputConformanceTest, WrongMethodIsNotAllowed) {
  auto response = client_->callRaw("GET", "/v3/kv/range", "");
  ASSERT_TRUE(response) << response.status().toString();
  EXPECT_EQ(response->status, 405u) << response->body;
}

// etcd limits the decoded request to --max-request-bytes (1.5 MiB by default); above the
// gRPC message limit (2 MiB) the gateway answers with gRPC's ResourceExhausted instead.
TEST_P(BadInputConformanceTest, OversizedRequestsAreRejected) {
  constexpr std::size_t maxRequestBytes = 1536 * 1024;
  const auto putOfSize = [](std::size_t valueBytes) {
    return R"({"key":"big","value":")" + std::string(valueBytes, 'x') + R"("})";
  };
  // Just under the limit: accepted, although its base64 JSON body is far over 1.5 MiB.
  EXPECT_TRUE(answers(call("/v3/kv/put", putOfSize(maxRequestBytes - 1024)), 200, R"({"header":{"revision":"2"}})"));
  EXPECT_TRUE(answersError(call("/v3/kv/put", putOfSize(maxRequestBytes)), 400, 3, "etcdserver: request is too large"));
  EXPECT_TRUE(answersError(call("/v3/kv/put", putOfSize(maxRequestBytes + 100 * 1024)), 400, 3,
                           "etcdserver: request is too large"));
  EXPECT_TRUE(answersErrorCode(call("/v3/kv/put", putOfSize(3 * 1024 * 1024)), 429, 8));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"big","count_only":true})"), 200,
                      R"({"header":{"revision":"2"},"count":"1"})"));
}

}  // namespace
}  // namespace kubelab::testing
