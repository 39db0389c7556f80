#include "proxy/endpointselector.h"

#include <gtest/gtest.h>

#include <map>

namespace kubelab::proxy {
namespace {

using namespace std::chrono_literals;

const Endpoint a{"127.10.1.2", 8080};
const Endpoint b{"127.10.1.3", 8080};
const Endpoint c{"127.10.2.2", 8080};
const auto start = EndpointSelector::Clock::time_point{} + 1h;

TEST(EndpointSelectorTest, RoundRobinVisitsEveryEndpointInTurn) {
  EndpointSelector selector({c, a, b}, {});
  std::vector<Endpoint> picked;
  for (int i = 0; i < 6; ++i) picked.push_back(*selector.next("127.0.0.1", start));
  EXPECT_EQ(picked, (std::vector<Endpoint>{a, b, c, a, b, c}));
}

TEST(EndpointSelectorTest, NoEndpointsGivesNothing) {
  EndpointSelector selector({}, {});
  EXPECT_TRUE(selector.empty());
  EXPECT_FALSE(selector.next("127.0.0.1", start).has_value());
}

TEST(EndpointSelectorTest, DuplicateEndpointsCountOnce) {
  EndpointSelector selector({a, a, b}, {});
  std::map<Endpoint, int> counts;
  for (int i = 0; i < 4; ++i) ++counts[*selector.next("127.0.0.1", start)];
  EXPECT_EQ(counts[a], 2);
  EXPECT_EQ(counts[b], 2);
}

TEST(EndpointSelectorTest, SkipsEndpointsThatAlreadyRefused) {
  EndpointSelector selector({a, b, c}, {});
  EXPECT_EQ(*selector.next("127.0.0.1", start, {a}), b);
  EXPECT_EQ(*selector.next("127.0.0.1", start, {a, b}), c);
  EXPECT_FALSE(selector.next("127.0.0.1", start, {a, b, c}).has_value());
}

TEST(EndpointSelectorTest, UpdateDropsEndpointsThatAreNoLongerReady) {
  EndpointSelector selector({a, b, c}, {});
  selector.update({a, c}, {});
  for (int i = 0; i < 10; ++i) EXPECT_NE(*selector.next("127.0.0.1", start), b);
  selector.update({}, {});
  EXPECT_FALSE(selector.next("127.0.0.1", start).has_value());
}

TEST(EndpointSelectorTest, ClientIpAffinityKeepsAClientOnOneEndpoint) {
  EndpointSelector selector({a, b, c}, SessionAffinity{true, 60s});
  Endpoint first = *selector.next("127.0.0.5", start);
  Endpoint other = *selector.next("127.0.0.6", start);
  EXPECT_NE(first, other);
  for (int i = 1; i <= 5; ++i) EXPECT_EQ(*selector.next("127.0.0.5", start + i * 10s), first);
}

TEST(EndpointSelectorTest, ClientIpAffinityExpiresAfterTimeoutWithoutUse) {
  EndpointSelector selector({a, b}, SessionAffinity{true, 10s});
  EXPECT_EQ(*selector.next("127.0.0.5", start), a);
  EXPECT_EQ(*selector.next("127.0.0.5", start + 9s), a);   // refreshed at 9 s
  EXPECT_EQ(*selector.next("127.0.0.5", start + 18s), a);  // 9 s after the last use
  // Two other clients move the rotation on, so that a fresh choice for .5 is b.
  EXPECT_EQ(*selector.next("127.0.0.6", start + 20s), b);
  EXPECT_EQ(*selector.next("127.0.0.7", start + 20s), a);
  EXPECT_EQ(*selector.next("127.0.0.5", start + 29s), b);  // 11 s without use: chosen afresh
  EXPECT_EQ(*selector.next("127.0.0.5", start + 30s), b);  // and kept
}

TEST(EndpointSelectorTest, UpdateForgetsAffinitiesUnusedForTheTimeout) {
  EndpointSelector selector({a, b}, SessionAffinity{true, 10s});
  selector.next("127.0.0.5", start);
  selector.next("127.0.0.6", start + 5s);
  selector.update({a, b}, SessionAffinity{true, 10s}, start + 12s);
  EXPECT_EQ(selector.clientsWithAffinity(), 1u);
  selector.update({a, b}, SessionAffinity{true, 10s}, start + 16s);
  EXPECT_EQ(selector.clientsWithAffinity(), 0u);
}

TEST(EndpointSelectorTest, AffinityMovesWhenItsEndpointStopsBeingReady) {
  EndpointSelector selector({a, b, c}, SessionAffinity{true, 60s});
  Endpoint first = *selector.next("127.0.0.5", start);
  std::vector<Endpoint> remaining;
  for (const auto& endpoint : {a, b, c}) {
    if (endpoint != first) remaining.push_back(endpoint);
  }
  selector.update(remaining, SessionAffinity{true, 60s});
  Endpoint moved = *selector.next("127.0.0.5", start + 1s);
  EXPECT_NE(moved, first);
  EXPECT_EQ(*selector.next("127.0.0.5", start + 2s), moved);
}

TEST(EndpointSelectorTest, AffinityMovesWhenItsEndpointRefuses) {
  EndpointSelector selector({a, b}, SessionAffinity{true, 60s});
  Endpoint first = *selector.next("127.0.0.5", start);
  Endpoint retry = *selector.next("127.0.0.5", start, {first});
  EXPECT_NE(retry, first);
  EXPECT_EQ(*selector.next("127.0.0.5", start + 1s), retry);
}

TEST(EndpointSelectorTest, TurningAffinityOffReturnsToRoundRobin) {
  EndpointSelector selector({a, b}, SessionAffinity{true, 60s});
  Endpoint first = *selector.next("127.0.0.5", start);
  selector.update({a, b}, {});
  EXPECT_NE(*selector.next("127.0.0.5", start), first);
}

}  // namespace
}  // namespace kubelab::proxy
