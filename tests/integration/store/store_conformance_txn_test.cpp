// Conformance of /v3/kv/txn: compares on every target with every operator, both branches,
// nested requests, one revision per txn, and the duplicate-key rule.

#include <string>
#include <vector>

#include "storeconformance.h"

namespace kubelab::testing {
namespace {

class TxnConformanceTest : public StoreConformanceTest {};
KUBELAB_INSTANTIATE_FOR_BOTH_STORES(TxnConformanceTest);

struct CompareCase {
  const char* compare;  // one Compare message, plain-text key and value
  bool succeeds;
};

TEST_P(TxnConformanceTest, CompareOnEveryTargetAndOperator) {
  put("a", "m");  // 2
  put("a", "m");  // 3: a has create_revision 2, mod_revision 3, version 2
  ASSERT_TRUE(answers(call("/v3/lease/grant", R"({"ID":"7","TTL":"60"})"), 200,
                      R"({"header":{"revision":"3"},"ID":"7","TTL":"60"})"));
  put("b", "x", R"("lease":"7")");  // 4
  const std::vector<CompareCase> cases = {
      {R"({"key":"a","target":"VERSION","result":"EQUAL","version":"2"})", true},
      {R"({"key":"a","target":"VERSION","result":"GREATER","version":"1"})", true},
      {R"({"key":"a","target":"VERSION","result":"LESS","version":"2"})", false},
      {R"({"key":"a","target":"VERSION","result":"NOT_EQUAL","version":"2"})", false},
      {R"({"key":"a","version":"2"})", true},  // VERSION and EQUAL are the defaults
      {R"({"key":"a","target":"CREATE","result":"EQUAL","create_revision":"2"})", true},
      {R"({"key":"a","target":"CREATE","result":"GREATER","create_revision":"2"})", false},
      {R"({"key":"a","target":"CREATE","result":"LESS","create_revision":"3"})", true},
      {R"({"key":"a","target":"CREATE","result":"NOT_EQUAL","create_revision":"5"})", true},
      {R"({"key":"a","target":"MOD","result":"EQUAL","mod_revision":"3"})", true},
      {R"({"key":"a","target":"MOD","result":"GREATER","mod_revision":"2"})", true},
      {R"({"key":"a","target":"MOD","result":"LESS","mod_revision":"3"})", false},
      {R"({"key":"a","target":"MOD","result":"NOT_EQUAL","mod_revision":"3"})", false},
      {R"({"key":"a","target":"VALUE","result":"EQUAL","value":"m"})", true},
      {R"({"key":"a","target":"VALUE","result":"GREATER","value":"l"})", true},
      {R"({"key":"a","target":"VALUE","result":"LESS","value":"l"})", false},
      {R"({"key":"a","target":"VALUE","result":"NOT_EQUAL","value":"m"})", false},
      {R"({"key":"b","target":"LEASE","result":"EQUAL","lease":"7"})", true},
      {R"({"key":"b","target":"LEASE","result":"GREATER","lease":"6"})", true},
      {R"({"key":"b","target":"LEASE","result":"LESS","lease":"8"})", true},
      {R"({"key":"b","target":"LEASE","result":"NOT_EQUAL","lease":"7"})", false},
      {R"({"key":"a","target":"LEASE","result":"EQUAL","lease":"0"})", true},
      // A missing key compares as version, revisions and lease 0 ...
      {R"({"key":"missing","target":"VERSION","result":"EQUAL","version":"0"})", true},
      {R"({"key":"missing","target":"CREATE","result":"EQUAL","create_revision":"0"})", true},
      {R"({"key":"missing","target":"MOD","result":"LESS","mod_revision":"1"})", true},
      // ... but a value compare on it always fails.
      {R"({"key":"missing","target":"VALUE","result":"EQUAL","value":""})", false},
      {R"({"key":"missing","target":"VALUE","result":"NOT_EQUAL","value":"m"})", false},
      // With range_end, every key in the range must satisfy the compare.
      {R"({"key":"a","range_end":"c","target":"VERSION","result":"GREATER","version":"0"})", true},
      {R"({"key":"a","range_end":"c","target":"VERSION","result":"GREATER","version":"1"})", false},
  };
  for (const auto& compareCase : cases) {
    const std::string request = std::string(R"({"compare":[)") + compareCase.compare + "]}";
    const char* expected = compareCase.succeeds ? R"({"header":{"revision":"4"},"succeeded":true})"
                                                : R"({"header":{"revision":"4"}})";
    EXPECT_TRUE(answers(call("/v3/kv/txn", request), 200, expected)) << request;
  }
  // Several compares: all must hold.
  EXPECT_TRUE(answers(call("/v3/kv/txn", R"({"compare":[{"key":"a","version":"2"},{"key":"b","version":"1"}]})"),
                      200, R"({"header":{"revision":"4"},"succeeded":true})"));
  EXPECT_TRUE(answers(call("/v3/kv/txn", R"({"compare":[{"key":"a","version":"2"},{"key":"b","version":"2"}]})"),
                      200, R"({"header":{"revision":"4"}})"));
}

TEST_P(TxnConformanceTest, SuccessAndFailureBranchesShareOneRevision) {
  put("a", "1");  // 2
  const std::string txn = R"({"compare":[{"key":"a","target":"VALUE","result":"EQUAL","value":"1"}],
      "success":[{"request_put":{"key":"a","value":"2","prev_kv":true}},
                 {"request_put":{"key":"b","value":"1"}},
                 {"request_range":{"key":"a"}},
                 {"request_delete_range":{"key":"c"}}],
      "failure":[{"request_range":{"key":"a","keys_only":true}}]})";
  // Every write of the txn happens at revision 3; a range inside it sees the txn's writes.
  EXPECT_TRUE(answers(call("/v3/kv/txn", txn), 200, R"({"header":{"revision":"3"},"succeeded":true,"responses":[
      {"response_put":{"header":{"revision":"3"},"prev_kv":{"key":"a","create_revision":"2","mod_revision":"2",
                                                           "version":"1","value":"1"}}},
      {"response_put":{"header":{"revision":"3"}}},
      {"response_range":{"header":{"revision":"3"},"kvs":[{"key":"a","create_revision":"2","mod_revision":"3",
                                                           "version":"2","value":"2"}],"count":"1"}},
      {"response_delete_range":{"header":{"revision":"3"}}}]})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"a","range_end":"c","keys_only":true})"), 200,
                      R"({"header":{"revision":"3"},"kvs":[
                          {"key":"a","create_revision":"2","mod_revision":"3","version":"2"},
                          {"key":"b","create_revision":"3","mod_revision":"3","version":"1"}],"count":"2"})"));
  // Same txn again: a is now "2", so the failure branch runs, and a read-only txn writes nothing.
  EXPECT_TRUE(answers(call("/v3/kv/txn", txn), 200, R"({"header":{"revision":"3"},"responses":[
      {"response_range":{"header":{"revision":"3"},"kvs":[{"key":"a","create_revision":"2","mod_revision":"3",
                                                           "version":"2"}],"count":"1"}}]})"));
  // An empty txn succeeds without writing.
  EXPECT_TRUE(answers(call("/v3/kv/txn", "{}"), 200, R"({"header":{"revision":"3"},"succeeded":true})"));
}

TEST_P(TxnConformanceTest, RangeBeforeWriteSeesThePreviousRevision) {
  put("a", "1");  // 2
  EXPECT_TRUE(answers(call("/v3/kv/txn", R"({"success":[{"request_range":{"key":"a"}},
      {"request_delete_range":{"key":"a","prev_kv":true}},{"request_range":{"key":"a"}}]})"),
                      200, R"({"header":{"revision":"3"},"succeeded":true,"responses":[
      {"response_range":{"header":{"revision":"2"},"kvs":[{"key":"a","create_revision":"2","mod_revision":"2",
                                                           "version":"1","value":"1"}],"count":"1"}},
      {"response_delete_range":{"header":{"revision":"3"},"deleted":"1","prev_kvs":[{"key":"a",
          "create_revision":"2","mod_revision":"2","version":"1","value":"1"}]}},
      {"response_range":{"header":{"revision":"3"}}}]})"));
}

TEST_P(TxnConformanceTest, NestedTxn) {
  EXPECT_TRUE(answers(call("/v3/kv/txn", R"({"success":[{"request_txn":{
      "compare":[{"key":"x","version":"0"}],
      "success":[{"request_put":{"key":"x","value":"1"}}]}}]})"),
                      200, R"({"header":{"revision":"2"},"succeeded":true,"responses":[
      {"response_txn":{"header":{},"succeeded":true,"responses":[{"response_put":{"header":{"revision":"2"}}}]}}]})"));
  EXPECT_TRUE(answers(call("/v3/kv/range", R"({"key":"x","keys_only":true})"), 200,
                      R"({"header":{"revision":"2"},"kvs":[{"key":"x","create_revision":"2","mod_revision":"2",
                          "version":"1"}],"count":"1"})"));
}

TEST_P(TxnConformanceTest, DuplicateKeysAreRejected) {
  put("a", "0");  // 2
  const char* requests[] = {
      R"({"success":[{"request_put":{"key":"a","value":"1"}},{"request_put":{"key":"a","value":"2"}}]})",
      R"({"success":[{"request_put":{"key":"a","value":"1"}},{"request_delete_range":{"key":"a"}}]})",
      R"({"success":[{"request_put":{"key":"b","value":"1"}},{"request_delete_range":{"key":"a","range_end":"c"}}]})",
      R"({"success":[{"request_put":{"key":"a","value":"1"}},
                     {"request_txn":{"success":[{"request_put":{"key":"a","value":"2"}}]}}]})",
      R"({"failure":[{"request_put":{"key":"a","value":"1"}},{"request_put":{"key":"a","value":"2"}}]})",
  };
  for (const char* request : requests) {
    EXPECT_TRUE(answersError(call("/v3/kv/txn", request), 400, 3, "etcdserver: duplicate key given in txn request"))
        << request;
  }
  // Reads and deletes may overlap; none of the above wrote anything.
  EXPECT_TRUE(answers(call("/v3/kv/txn", R"({"success":[{"request_delete_range":{"key":"a"}},
      {"request_delete_range":{"key":"a"}},{"request_range":{"key":"a"}}]})"),
                      200, R"({"header":{"revision":"3"},"succeeded":true,"responses":[
      {"response_delete_range":{"header":{"revision":"3"},"deleted":"1"}},
      {"response_delete_range":{"header":{"revision":"3"}}},
      {"response_range":{"header":{"revision":"3"}}}]})"));
}

}  // namespace
}  // namespace kubelab::testing
