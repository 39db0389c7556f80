#include <gtest/gtest.h>

#include "kubelet/podipallocator.h"

namespace kubelab::kubelet {
namespace {

TEST(PodIpAllocatorTest, HandsOutAddressesAfterTheNodesOwnAndReusesFreedOnes) {
  auto ips = PodIpAllocator::create("127.10.3.0/24");
  ASSERT_TRUE(ips);
  EXPECT_EQ(*ips->allocate("a"), "127.10.3.2");
  EXPECT_EQ(*ips->allocate("b"), "127.10.3.3");
  EXPECT_EQ(*ips->allocate("a"), "127.10.3.2");  // the same pod keeps its address
  ips->release("a");
  EXPECT_EQ(*ips->allocate("c"), "127.10.3.2");
  EXPECT_EQ(ips->allocated(), 2u);
}

TEST(PodIpAllocatorTest, KeepsAddressesPodsAlreadyHaveAndRunsOutClearly) {
  auto ips = PodIpAllocator::create("127.10.1.0/30");  // room for one pod: .2
  ASSERT_TRUE(ips);
  ips->reserve("old", "127.10.1.2");
  auto full = ips->allocate("new");
  EXPECT_EQ(full.status().code(), StatusCode::Unavailable);
  EXPECT_NE(full.status().message().find("no pod IPs left"), std::string::npos);
  ips->reserve("stranger", "10.0.0.1");  // outside the range: ignored
  EXPECT_EQ(ips->allocated(), 1u);
}

TEST(PodIpAllocatorTest, RefusesWhatIsNotAnIpv4Cidr) {
  EXPECT_EQ(PodIpAllocator::create("127.10.1.0").status().code(), StatusCode::Invalid);
  EXPECT_EQ(PodIpAllocator::create("fd00::/64").status().code(), StatusCode::Invalid);
  EXPECT_EQ(PodIpAllocator::create("127.10.1.0/31").status().code(), StatusCode::Invalid);
}

}  // namespace
}  // namespace kubelab::kubelet
