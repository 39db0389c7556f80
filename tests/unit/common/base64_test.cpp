#include "common/base64.h"

#include <gtest/gtest.h>

namespace kubelab {
namespace {

TEST(Base64Test, EncodesWithPaddingAsRfc4648) {
  EXPECT_EQ(base64Encode(""), "");
  EXPECT_EQ(base64Encode("f"), "Zg==");
  EXPECT_EQ(base64Encode("fo"), "Zm8=");
  EXPECT_EQ(base64Encode("foo"), "Zm9v");
  EXPECT_EQ(base64Encode(std::string("\0\xff", 2)), "AP8=");
}

TEST(Base64Test, RoundTripsEveryByte) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  auto decoded = base64Decode(base64Encode(bytes));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, bytes);
}

TEST(Base64Test, RejectsMalformedInput) {
  EXPECT_FALSE(base64Decode("Zm9").has_value());    // not a multiple of four
  EXPECT_FALSE(base64Decode("Zm!v").has_value());   // not in the alphabet
  EXPECT_FALSE(base64Decode("Z===").has_value());   // too much padding
  EXPECT_FALSE(base64Decode("Zg==Zm9v").has_value());  // padding before the end
}

}  // namespace
}  // namespace kubelab
