#include "supervisor/readinessprobe.h"

#include <gtest/gtest.h>

#include "supervisor/loopbackports.h"

namespace kubelab::supervisor {
namespace {

TEST(ReadinessProbeTest, ParsesHttpUrls) {
  Result<HttpUrl> url = parseHttpUrl("http://127.0.0.1:2379/health");
  ASSERT_TRUE(url.isOk()) << url.status().toString();
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 2379);
  EXPECT_EQ(url->target, "/health");
  Result<HttpUrl> bare = parseHttpUrl("http://localhost:80");
  ASSERT_TRUE(bare.isOk());
  EXPECT_EQ(bare->target, "/");
}

TEST(ReadinessProbeTest, RejectsUrlsItCannotProbe) {
  for (const char* bad : {"https://127.0.0.1:6443/readyz", "http://127.0.0.1/health", "http://127.0.0.1:0/",
                          "http://127.0.0.1:99999/", "http://:80/", "127.0.0.1:2379"}) {
    EXPECT_EQ(parseHttpUrl(bad).status().code(), StatusCode::Invalid) << bad;
  }
}

TEST(ReadinessProbeTest, NothingListeningIsNotReady) {
  Result<std::vector<std::uint16_t>> ports = pickFreeLoopbackPorts(1);
  ASSERT_TRUE(ports.isOk());
  Status probe = probeReadiness("http://127.0.0.1:" + std::to_string(ports->front()) + "/health",
                                std::chrono::milliseconds(500));
  EXPECT_FALSE(probe.isOk());
}

}  // namespace
}  // namespace kubelab::supervisor
