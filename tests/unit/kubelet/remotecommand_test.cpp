#include "kubelet/remotecommand.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "api/objectmeta.h"

namespace kubelab::kubelet::remotecommand {
namespace {

TEST(RemoteCommandTest, PrefersTheFirstOfferedProtocolWeSpeak) {
  // What kubectl 1.32 offers, in its order.
  EXPECT_EQ(negotiateProtocol("v5.channel.k8s.io, v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io"),
            "v5.channel.k8s.io");
  EXPECT_EQ(negotiateProtocol("v4.channel.k8s.io,v5.channel.k8s.io"), "v4.channel.k8s.io");
  EXPECT_EQ(negotiateProtocol("v3.channel.k8s.io, base64.channel.k8s.io"), "");
  EXPECT_EQ(negotiateProtocol(""), "");
}

TEST(RemoteCommandTest, FramesAndParsesChannels) {
  std::string message = frame(Stdout, "hello");
  ASSERT_EQ(message.size(), 6u);
  EXPECT_EQ(message[0], '\x01');
  auto parsed = parse(frame(Stdin, std::string("a\0b", 3)));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->channel, Stdin);
  EXPECT_EQ(parsed->payload, std::string("a\0b", 3));
  EXPECT_FALSE(parse(""));
  auto empty = parse(frame(Stderr, ""));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->channel, Stderr);
  EXPECT_EQ(empty->payload, "");
}

TEST(RemoteCommandTest, V5CloseSignalNamesTheChannel) {
  std::string signal = closeSignal(Stdin);
  ASSERT_EQ(signal.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(signal[0]), 255);
  EXPECT_EQ(signal[1], '\0');
  auto parsed = parse(signal);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->channel, Close);
  EXPECT_EQ(parsed->payload, std::string(1, '\0'));
}

TEST(RemoteCommandTest, ExitStatusCarriesTheCodeAsKubectlReadsIt) {
  auto success = exitStatus(0);
  EXPECT_EQ(api::stringAt(success, {"status"}), "Success");
  auto failure = exitStatus(3);
  EXPECT_EQ(api::stringAt(failure, {"status"}), "Failure");
  EXPECT_EQ(api::stringAt(failure, {"reason"}), "NonZeroExitCode");
  const auto* causes = api::arrayAt(failure, {"details", "causes"});
  ASSERT_NE(causes, nullptr);
  ASSERT_EQ(causes->size(), 1u);
  EXPECT_EQ(api::stringAt(causes->at(0).as_object(), {"reason"}), "ExitCode");
  EXPECT_EQ(api::stringAt(causes->at(0).as_object(), {"message"}), "3");
}

}  // namespace
}  // namespace kubelab::kubelet::remotecommand
