// The forwarder on real loopback sockets, without a control plane: listeners, round-robin,
// refused backends, rejection without endpoints, bind retries and SO_REUSEPORT sharing.

#include "proxy/tcpforwarder.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "support/eventually.h"
#include "support/freeport.h"
#include "testbackend.h"

namespace kubelab::proxy {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using testing::exchangeLine;
using testing::TestBackend;

// A service address of our own per test, so tests can run side by side.
std::string serviceIp(int test) { return "127.97.0." + std::to_string(test); }

std::uint16_t freePort() {
  auto port = testing::findFreeLoopbackPort();
  EXPECT_TRUE(port.isOk());
  return port.isOk() ? *port : 0;
}

std::unique_ptr<TestBackend> backend(const std::string& name, const std::string& ip) {
  auto started = TestBackend::start(name, ip);
  EXPECT_TRUE(started.isOk()) << started.status().message();
  return started.isOk() ? std::move(*started) : nullptr;
}

bool isBound(const TcpForwarder& forwarder, const ListenAddress& address) {
  auto bound = forwarder.boundAddresses();
  return std::find(bound.begin(), bound.end(), address.toString()) != bound.end();
}

// The backend name in an answer ("backend-a: hello\n" -> "backend-a").
std::string answeredBy(const std::optional<std::string>& answer) {
  return answer ? answer->substr(0, answer->find(':')) : "";
}

TEST(TcpForwarderTest, ForwardsConnectionsRoundRobinAndCarriesTheBytes) {
  auto a = backend("backend-a", "127.10.1.2");
  auto b = backend("backend-b", "127.10.2.2");
  ListenAddress address{serviceIp(1), freePort(), "ClusterIP"};
  auto selector = std::make_shared<EndpointSelector>(
      std::vector<Endpoint>{{a->ip(), a->port()}, {b->ip(), b->port()}}, SessionAffinity{});
  TcpForwarder forwarder;
  forwarder.start();
  forwarder.assign({{address, "default/web:", selector}});
  ASSERT_TRUE(eventually([&] { return isBound(forwarder, address); }, 2s));

  std::multiset<std::string> seen;
  for (int i = 0; i < 6; ++i) {
    auto answer = exchangeLine(address.ip, address.port, "hello " + std::to_string(i));
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->substr(answer->find(':')), ": hello " + std::to_string(i) + "\n");
    seen.insert(answeredBy(answer));
  }
  EXPECT_EQ(seen.count("backend-a"), 3u);
  EXPECT_EQ(seen.count("backend-b"), 3u);
}

TEST(TcpForwarderTest, AnEndpointThatRefusesIsSkippedForTheNext) {
  auto alive = backend("alive", "127.10.1.3");
  Endpoint refusing{"127.10.1.4", freePort()};  // nothing listens there
  ListenAddress address{serviceIp(2), freePort(), "ClusterIP"};
  auto selector = std::make_shared<EndpointSelector>(
      std::vector<Endpoint>{refusing, {alive->ip(), alive->port()}}, SessionAffinity{});
  TcpForwarder forwarder;
  forwarder.start();
  forwarder.assign({{address, "default/web:", selector}});
  ASSERT_TRUE(eventually([&] { return isBound(forwarder, address); }, 2s));
  for (int i = 0; i < 4; ++i) EXPECT_EQ(answeredBy(exchangeLine(address.ip, address.port, "x")), "alive");
}

TEST(TcpForwarderTest, AServicePortWithoutReadyEndpointsRejectsAtOnce) {
  ListenAddress address{serviceIp(3), freePort(), "ClusterIP"};
  TcpForwarder forwarder;
  forwarder.start();
  forwarder.assign({{address, "default/empty:", std::make_shared<EndpointSelector>()}});
  ASSERT_TRUE(eventually([&] { return isBound(forwarder, address); }, 2s));
  auto before = std::chrono::steady_clock::now();
  EXPECT_FALSE(exchangeLine(address.ip, address.port, "anyone?").has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - before, 1s);
}

TEST(TcpForwarderTest, ATakenAddressIsRetriedUntilItIsFree) {
  auto a = backend("backend-a", "127.10.1.5");
  ListenAddress address{serviceIp(4), freePort(), "NodePort"};
  // A socket without SO_REUSEPORT holds the address, so the forwarder cannot share it.
  int blocker = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in where{};
  where.sin_family = AF_INET;
  where.sin_port = htons(address.port);
  inet_pton(AF_INET, address.ip.c_str(), &where.sin_addr);
  ASSERT_EQ(bind(blocker, reinterpret_cast<sockaddr*>(&where), sizeof where), 0);
  ASSERT_EQ(listen(blocker, 8), 0);

  ForwarderOptions options;
  options.bindRetryInterval = 100ms;
  TcpForwarder forwarder(options);
  forwarder.start();
  forwarder.assign({{address, "default/web:",
                     std::make_shared<EndpointSelector>(std::vector<Endpoint>{{a->ip(), a->port()}}, SessionAffinity{})}});
  std::this_thread::sleep_for(300ms);
  EXPECT_FALSE(isBound(forwarder, address));
  close(blocker);
  ASSERT_TRUE(eventually([&] { return isBound(forwarder, address); }, 2s));
  EXPECT_EQ(answeredBy(exchangeLine(address.ip, address.port, "x")), "backend-a");
}

TEST(TcpForwarderTest, TwoForwardersShareAnAddressAndEitherKeepsItServing) {
  auto a = backend("backend-a", "127.10.1.6");
  ListenAddress address{serviceIp(5), freePort(), "ClusterIP"};
  auto selector =
      std::make_shared<EndpointSelector>(std::vector<Endpoint>{{a->ip(), a->port()}}, SessionAffinity{});
  auto first = std::make_unique<TcpForwarder>();
  TcpForwarder second;
  first->start();
  second.start();
  first->assign({{address, "default/web:", selector}});
  second.assign({{address, "default/web:", selector}});
  ASSERT_TRUE(eventually([&] { return isBound(*first, address) && isBound(second, address); }, 2s));
  first.reset();
  for (int i = 0; i < 10; ++i) EXPECT_EQ(answeredBy(exchangeLine(address.ip, address.port, "x")), "backend-a");
}

TEST(TcpForwarderTest, ARemovedListenerIsClosedAndANewSelectorTakesOver) {
  auto a = backend("backend-a", "127.10.1.7");
  auto b = backend("backend-b", "127.10.1.8");
  ListenAddress kept{serviceIp(6), freePort(), "ClusterIP"};
  ListenAddress removed{serviceIp(7), freePort(), "ClusterIP"};
  auto toA = std::make_shared<EndpointSelector>(std::vector<Endpoint>{{a->ip(), a->port()}}, SessionAffinity{});
  auto toB = std::make_shared<EndpointSelector>(std::vector<Endpoint>{{b->ip(), b->port()}}, SessionAffinity{});
  TcpForwarder forwarder;
  forwarder.start();
  forwarder.assign({{kept, "default/one:", toA}, {removed, "default/two:", toA}});
  ASSERT_TRUE(eventually([&] { return isBound(forwarder, kept) && isBound(forwarder, removed); }, 2s));
  forwarder.assign({{kept, "default/one:", toB}});
  ASSERT_TRUE(eventually([&] { return !isBound(forwarder, removed); }, 2s));
  EXPECT_FALSE(exchangeLine(removed.ip, removed.port, "x").has_value());
  EXPECT_EQ(answeredBy(exchangeLine(kept.ip, kept.port, "x")), "backend-b");
}

}  // namespace
}  // namespace kubelab::proxy
