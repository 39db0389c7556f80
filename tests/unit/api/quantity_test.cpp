#include "api/quantity.h"

#include <gtest/gtest.h>

namespace kubelab::api {
namespace {

std::int64_t milli(std::string_view text) {
  Result<Quantity> quantity = parseQuantity(text);
  EXPECT_TRUE(quantity.isOk()) << text << ": " << quantity.status().message();
  return quantity ? quantity->milliValue : -1;
}

std::string canonical(std::string_view text) {
  Result<Quantity> quantity = parseQuantity(text);
  return quantity ? quantity->toString() : "error: " + quantity.status().message();
}

TEST(QuantityTest, ParsesIntoThousandths) {
  EXPECT_EQ(milli("100m"), 100);
  EXPECT_EQ(milli("0.5"), 500);
  EXPECT_EQ(milli(".5"), 500);
  EXPECT_EQ(milli("2"), 2000);
  EXPECT_EQ(milli("128Mi"), 128LL * 1024 * 1024 * 1000);
  EXPECT_EQ(milli("1G"), 1000000000LL * 1000);
  EXPECT_EQ(milli("2e3"), 2000LL * 1000);
  EXPECT_EQ(milli("1.5Gi"), 1610612736LL * 1000);
  EXPECT_EQ(milli("-1"), -1000);
  EXPECT_EQ(milli("1n"), 1);  // rounded up to a thousandth, as Kubernetes does
  EXPECT_EQ(milli("0"), 0);
}

TEST(QuantityTest, FormatsCanonically) {
  EXPECT_EQ(canonical("0.5"), "500m");
  EXPECT_EQ(canonical("1000m"), "1");
  EXPECT_EQ(canonical("1.5k"), "1500");
  EXPECT_EQ(canonical("1024Mi"), "1Gi");
  EXPECT_EQ(canonical("1536Mi"), "1536Mi");
  EXPECT_EQ(canonical("1.5Gi"), "1536Mi");
  EXPECT_EQ(canonical("512Ki"), "512Ki");
  EXPECT_EQ(canonical("0.5Ki"), "512");
  EXPECT_EQ(canonical("2e3"), "2e3");
  EXPECT_EQ(canonical("1G"), "1G");
  EXPECT_EQ(canonical("1000M"), "1G");
  EXPECT_EQ(canonical("-250m"), "-250m");
  EXPECT_EQ(canonical("0Mi"), "0");
}

TEST(QuantityTest, RejectsWithKubernetesMessages) {
  EXPECT_EQ(canonical("abc"), "error: " + std::string(kQuantityFormatError));
  EXPECT_EQ(canonical(""), "error: " + std::string(kQuantityFormatError));
  EXPECT_EQ(canonical("1.2.3"), "error: " + std::string(kQuantityFormatError));
  EXPECT_EQ(canonical("1K"), "error: unable to parse quantity's suffix");
  EXPECT_EQ(canonical("1Mb"), "error: " + std::string(kQuantityFormatError));
  EXPECT_EQ(canonical("1E"), "error: quantity is too large");
}

TEST(QuantityTest, ValueRoundsUp) {
  EXPECT_EQ(parseQuantity("1500m")->value(), 2);
  EXPECT_EQ(parseQuantity("2")->value(), 2);
  EXPECT_LT(*parseQuantity("500m"), *parseQuantity("1"));
}

}  // namespace
}  // namespace kubelab::api
