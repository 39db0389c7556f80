#include "supervisor/restartbackoff.h"

#include <gtest/gtest.h>

namespace kubelab::supervisor {
namespace {

using std::chrono::milliseconds;

TEST(RestartBackoffTest, DoublesFromInitialUpToMaximum) {
  RestartBackoff backoff({milliseconds(100), milliseconds(1000), milliseconds(10000)});
  std::vector<long> delays;
  for (int crash = 0; crash < 7; ++crash) delays.push_back(backoff.nextDelay(milliseconds(5)).count());
  EXPECT_EQ(delays, (std::vector<long>{100, 200, 400, 800, 1000, 1000, 1000}));
}

TEST(RestartBackoffTest, ResetsAfterAStableRun) {
  RestartBackoff backoff({milliseconds(100), milliseconds(10000), milliseconds(10000)});
  (void)backoff.nextDelay(milliseconds(0));
  (void)backoff.nextDelay(milliseconds(0));
  EXPECT_EQ(backoff.nextDelay(milliseconds(9999)), milliseconds(400));
  EXPECT_EQ(backoff.nextDelay(milliseconds(10000)), milliseconds(100));
  EXPECT_EQ(backoff.nextDelay(milliseconds(0)), milliseconds(200));
}

TEST(RestartBackoffTest, DefaultsMatchTheDocumentedPolicy) {
  RestartBackoff backoff;
  milliseconds delay{0};
  for (int crash = 0; crash < 20; ++crash) delay = backoff.nextDelay(milliseconds(0));
  EXPECT_EQ(delay, milliseconds(10000));
}

}  // namespace
}  // namespace kubelab::supervisor
