#pragma once
// The fixture shared by the store conformance suites: every test gets a fresh server
// (kubelab-store or the real etcd 3.4), so revisions start at 1 and expected answers can be
// written out in full. The expectations were taken from etcd 3.4: it is the reference.

#include <iostream>
#include <memory>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "support/etcdassertions.h"
#include "support/etcdjson.h"
#include "support/storeserver.h"

namespace kubelab::testing {

class StoreConformanceTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    auto server = StoreServer::start(GetParam());
    ASSERT_TRUE(server) << server.status().toString();
    server_ = std::move(*server);
    client_ = std::make_unique<EtcdClient>(server_->host(), server_->port());
  }

  void TearDown() override {
    if (HasFailure() && server_) {
      std::cerr << "---- " << storeKindName(GetParam()) << " log (tail) ----\n" << server_->logTail(1500) << '\n';
    }
  }

  // POSTs a request written with plain-text keys and values.
  Result<EtcdResponse> call(std::string_view path, std::string_view plainRequest) {
    return client_->call(path, plainRequest);
  }

  // A put whose answer is not under test; fails the test if the store refuses it.
  void put(std::string_view key, std::string_view value, std::string_view extraFields = "") {
    std::string request = R"({"key":)" + toJson(boost::json::string(key)) + R"(,"value":)" +
                          toJson(boost::json::string(value));
    if (!extraFields.empty()) request += "," + std::string(extraFields);
    request += "}";
    auto response = call("/v3/kv/put", request);
    ASSERT_TRUE(response) << response.status().toString();
    ASSERT_EQ(response->status, 200u) << request << " -> " << response->body;
  }

  Result<std::unique_ptr<WatchSession>> openWatch(std::string_view plainFirstRequest) {
    return WatchSession::open(server_->host(), server_->port(), plainFirstRequest);
  }

  std::unique_ptr<StoreServer> server_;
  std::unique_ptr<EtcdClient> client_;
};

inline std::string storeKindTestName(const ::testing::TestParamInfo<StoreKind>& info) {
  return storeKindName(info.param);
}

// Instantiates a suite (a subclass of StoreConformanceTest) for both implementations.
#define KUBELAB_INSTANTIATE_FOR_BOTH_STORES(Suite)                                                          \
  INSTANTIATE_TEST_SUITE_P(Store, Suite,                                                                    \
                           ::testing::Values(::kubelab::testing::StoreKind::KubelabStore,                   \
                                             ::kubelab::testing::StoreKind::Etcd),                          \
                           ::kubelab::testing::storeKindTestName)

}  // namespace kubelab::testing
