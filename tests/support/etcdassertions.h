#pragma once
// GoogleTest assertions over etcd JSON answers. They print the expected and the actual
// answer in readable form (keys and values decoded) plus the raw body, since these
// messages are what a reader compares when our store and etcd disagree.

#include <string_view>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/etcdjson.h"

namespace kubelab::testing {

// The answer has this HTTP status and, read as readable(), equals `expectedJson` whose
// top-level header gets "*" cluster_id, member_id and raft_term (see expectedReadable).
::testing::AssertionResult answers(const Result<EtcdResponse>& response, unsigned expectedStatus,
                                   std::string_view expectedJson);

// A gateway error: {"error":message,"message":message,"code":code}, exactly.
::testing::AssertionResult answersError(const Result<EtcdResponse>& response, unsigned expectedStatus,
                                        int expectedCode, std::string_view expectedMessage);

// A gateway error whose text comes from the server's JSON decoder (Go's, for etcd), which no
// other implementation can be expected to reproduce word for word: status and code only,
// and error and message must be the same non-empty text.
::testing::AssertionResult answersErrorCode(const Result<EtcdResponse>& response, unsigned expectedStatus,
                                            int expectedCode);

// `actual` (already readable) equals `expectedJson` (header fields "*" as above).
::testing::AssertionResult matchesJson(const boost::json::value& actual, std::string_view expectedJson);

}  // namespace kubelab::testing
