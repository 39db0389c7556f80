#include "supervisor/readinessprobe.h"

#include <gtest/gtest.h>

#include "http/httpserver.h"
#include "pki/clusterpki.h"
#include "scratchdirectory.h"
#include "supervisor/loopbackports.h"

namespace kubelab::supervisor {
namespace {

using namespace std::chrono_literals;

TEST(ReadinessProbeTest, ParsesHttpAndHttpsUrls) {
  Result<HttpUrl> url = parseHttpUrl("http://127.0.0.1:2379/health");
  ASSERT_TRUE(url.isOk()) << url.status().toString();
  EXPECT_FALSE(url->secure);
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 2379);
  EXPECT_EQ(url->target, "/health");
  Result<HttpUrl> bare = parseHttpUrl("http://localhost:80");
  ASSERT_TRUE(bare.isOk());
  EXPECT_EQ(bare->target, "/");
  Result<HttpUrl> secure = parseHttpUrl("https://127.0.0.1:6443/readyz");
  ASSERT_TRUE(secure.isOk());
  EXPECT_TRUE(secure->secure);
  EXPECT_EQ(secure->port, 6443);
  EXPECT_EQ(secure->target, "/readyz");
}

TEST(ReadinessProbeTest, RejectsUrlsItCannotProbe) {
  for (const char* bad : {"ftp://127.0.0.1:21/", "http://127.0.0.1/health", "http://127.0.0.1:0/",
                          "http://127.0.0.1:99999/", "http://:80/", "127.0.0.1:2379", "https://127.0.0.1/"}) {
    EXPECT_EQ(parseHttpUrl(bad).status().code(), StatusCode::Invalid) << bad;
  }
}

TEST(ReadinessProbeTest, NothingListeningIsNotReady) {
  Result<std::vector<std::uint16_t>> ports = pickFreeLoopbackPorts(1);
  ASSERT_TRUE(ports.isOk());
  Status probe = probeReadiness({"http://127.0.0.1:" + std::to_string(ports->front()) + "/health", {}, {}}, 500ms);
  EXPECT_FALSE(probe.isOk());
}

// An HTTPS server with a cluster's serving certificate, as kube-apiserver's /readyz and /livez.
class SecureProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<pki::ClusterPki> cluster = pki::ensureClusterPki(directory_->path() / "pki");
    ASSERT_TRUE(cluster.isOk()) << cluster.status().toString();
    caFile_ = cluster->authority.certificate;
    http::ServerOptions options;
    options.tls = http::ServerTlsOptions{cluster->apiServer.certificate.string(),
                                         cluster->apiServer.privateKey.string(), "", false, 10000ms};
    server_ = std::make_unique<http::Server>(options, [](const http::Request& request, auto exchange) {
      exchange->respond(200, "text/plain", request.path() == "/readyz" ? "ok" : "[-]etcd failed");
    });
    Result<std::uint16_t> port = server_->listen("127.0.0.1", 0);
    ASSERT_TRUE(port.isOk()) << port.status().toString();
    server_->start();
    base_ = "https://127.0.0.1:" + std::to_string(*port);
  }

  std::unique_ptr<kubelab::testing::TemporaryDirectory> directory_ = scratchDirectory();
  std::filesystem::path caFile_;
  std::unique_ptr<http::Server> server_;
  std::string base_;
};

TEST_F(SecureProbeTest, ReadyWhenTheServerProvesItselfAndSaysOk) {
  Status ready = probeReadiness({base_ + "/readyz", caFile_, "ok"}, 2000ms);
  EXPECT_TRUE(ready.isOk()) << ready.toString();
}

TEST_F(SecureProbeTest, NotReadyWhenTheBodyIsNotTheExpectedOne) {
  Status probe = probeReadiness({base_ + "/livez", caFile_, "ok"}, 2000ms);
  EXPECT_EQ(probe.code(), StatusCode::Unavailable);
  EXPECT_NE(probe.message().find("[-]etcd failed"), std::string::npos) << probe.message();
}

TEST_F(SecureProbeTest, NotReadyWhenTheServerIsNotSignedByTheCa) {
  Result<pki::ClusterPki> stranger = pki::ensureClusterPki(directory_->path() / "other-pki");
  ASSERT_TRUE(stranger.isOk());
  EXPECT_FALSE(probeReadiness({base_ + "/readyz", stranger->authority.certificate, "ok"}, 2000ms).isOk());
  EXPECT_EQ(probeReadiness({base_ + "/readyz", {}, "ok"}, 2000ms).code(), StatusCode::Invalid);
}

}  // namespace
}  // namespace kubelab::supervisor
