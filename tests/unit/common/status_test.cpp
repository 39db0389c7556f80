#include "common/status.h"

#include <gtest/gtest.h>

namespace kubelab {
namespace {

Result<int> half(int value) {
  if (value % 2 != 0) return invalid("odd: " + std::to_string(value));
  return value / 2;
}

Status halveTwice(int value, int& out) {
  auto once = half(value);
  if (!once) return once.status();
  auto twice = half(*once);
  KUBELAB_RETURN_IF_ERROR(twice.status());
  out = *twice;
  return Status::ok();
}

TEST(StatusTest, CarriesCodeAndMessage) {
  Status status = notFound("pod \"web\" not found");
  EXPECT_FALSE(status.isOk());
  EXPECT_EQ(status.code(), StatusCode::NotFound);
  EXPECT_EQ(status.toString(), "NotFound: pod \"web\" not found");
  EXPECT_TRUE(Status::ok().isOk());
}

TEST(StatusTest, ResultHoldsValueOrError) {
  int out = 0;
  EXPECT_TRUE(halveTwice(8, out).isOk());
  EXPECT_EQ(out, 2);
  Status failed = halveTwice(6, out);
  EXPECT_EQ(failed.code(), StatusCode::Invalid);
  EXPECT_EQ(failed.message(), "odd: 3");
}

}  // namespace
}  // namespace kubelab
