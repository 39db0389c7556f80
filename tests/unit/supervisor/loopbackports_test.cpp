#include "supervisor/loopbackports.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>

#include <gtest/gtest.h>

namespace kubelab::supervisor {
namespace {

TEST(LoopbackPortsTest, PicksDistinctFreePorts) {
  Result<std::vector<std::uint16_t>> ports = pickFreeLoopbackPorts(5);
  ASSERT_TRUE(ports.isOk()) << ports.status().toString();
  ASSERT_EQ(ports->size(), 5u);
  EXPECT_EQ(std::set<std::uint16_t>(ports->begin(), ports->end()).size(), 5u);
  for (std::uint16_t port : *ports) EXPECT_TRUE(checkLoopbackPortFree(port).isOk()) << port;
}

TEST(LoopbackPortsTest, ReportsAPortSomeoneListensOn) {
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 1), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  std::uint16_t port = ntohs(address.sin_port);

  Status status = checkLoopbackPortFree(port);
  EXPECT_EQ(status.code(), StatusCode::Unavailable);
  EXPECT_NE(status.message().find(std::to_string(port)), std::string::npos) << status.message();
  ::close(listener);
  EXPECT_TRUE(checkLoopbackPortFree(port).isOk());
}

}  // namespace
}  // namespace kubelab::supervisor
