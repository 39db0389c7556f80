#include "support/etcdassertions.h"

#include <string>

namespace kubelab::testing {

namespace json = boost::json;

namespace {

::testing::AssertionResult transportFailure(const Result<EtcdResponse>& response) {
  return ::testing::AssertionFailure() << "request failed: " << response.status().toString();
}

std::string describe(const EtcdResponse& response) {
  return "HTTP " + std::to_string(response.status) + " " + toJson(response.readable) + "\n      raw body: " +
         response.body.substr(0, 2000);
}

}  // namespace

::testing::AssertionResult matchesJson(const json::value& actual, std::string_view expectedJson) {
  auto expected = expectedReadable(expectedJson);
  if (!expected) return ::testing::AssertionFailure() << "bad expectation: " << expected.status().toString();
  if (*expected == actual) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\n  expected: " << toJson(*expected) << "\n  actual:   " << toJson(actual);
}

::testing::AssertionResult answers(const Result<EtcdResponse>& response, unsigned expectedStatus,
                                   std::string_view expectedJson) {
  if (!response) return transportFailure(response);
  auto expected = expectedReadable(expectedJson);
  if (!expected) return ::testing::AssertionFailure() << "bad expectation: " << expected.status().toString();
  if (response->status == expectedStatus && response->readable == *expected) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\n  expected: HTTP " << expectedStatus << " " << toJson(*expected)
                                       << "\n  actual:   " << describe(*response);
}

::testing::AssertionResult answersError(const Result<EtcdResponse>& response, unsigned expectedStatus,
                                        int expectedCode, std::string_view expectedMessage) {
  json::object expected;
  expected["error"] = expectedMessage;
  expected["message"] = expectedMessage;
  expected["code"] = expectedCode;
  return answers(response, expectedStatus, toJson(expected));
}

::testing::AssertionResult answersErrorCode(const Result<EtcdResponse>& response, unsigned expectedStatus,
                                            int expectedCode) {
  if (!response) return transportFailure(response);
  const auto failure = [&]() {
    return ::testing::AssertionFailure() << "\n  expected: HTTP " << expectedStatus
                                         << " {\"error\":E,\"message\":E,\"code\":" << expectedCode
                                         << "} with any non-empty E\n  actual:   " << describe(*response);
  };
  if (response->status != expectedStatus || !response->json.is_object()) return failure();
  const auto& object = response->json.as_object();
  const auto* error = object.if_contains("error");
  const auto* message = object.if_contains("message");
  const auto* code = object.if_contains("code");
  const bool matches = object.size() == 3 && error != nullptr && message != nullptr && code != nullptr &&
                       error->is_string() && !error->as_string().empty() && *error == *message &&
                       code->is_number() && code->to_number<int>() == expectedCode;
  return matches ? ::testing::AssertionSuccess() : failure();
}

}  // namespace kubelab::testing
