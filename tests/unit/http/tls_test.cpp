// The HTTP server and client over TLS, in one process: identities from client certificates,
// server verification, streams, misbehaving clients, bad configuration, and plain HTTP.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "pki/pemfiles.h"
#include "tlsserverfixture.h"

namespace kubelab::http {
namespace {

using namespace std::chrono_literals;

RequestOptions quick() {
  RequestOptions options;
  options.timeout = 5s;
  return options;
}

std::string body(const Result<Response>& response) {
  EXPECT_TRUE(response) << response.status().toString();
  if (!response) return "<" + response.status().toString() + ">";
  EXPECT_EQ(response->status, 200u) << response->body;
  return response->body;
}

using TlsTest = TlsServerFixture;

TEST_F(TlsTest, ClientCertificatesIdentifyUserAndGroups) {
  Client admin(endpoint(tlsFor("admin")));
  EXPECT_EQ(body(admin.get("/whoami", quick())), "user=kubernetes-admin groups=system:masters\n");
  // Keep-alive: the identity belongs to the connection and holds for every request on it.
  EXPECT_EQ(body(admin.get("/whoami", quick())), "user=kubernetes-admin groups=system:masters\n");

  Client scheduler(endpoint(tlsFor("kube-scheduler")));
  EXPECT_EQ(body(scheduler.get("/whoami", quick())), "user=system:kube-scheduler groups=\n");

  auto node = pki::ensureClientCertificate(pki_.directory, pki::nodeClientIdentity("node-1"));
  ASSERT_TRUE(node);
  Client kubelet(endpoint(tlsFor("kubelet-node-1")));
  EXPECT_EQ(body(kubelet.get("/whoami", quick())), "user=system:node:node-1 groups=system:nodes\n");
}

TEST_F(TlsTest, WithoutAClientCertificateTheRequestIsAnonymous) {
  Client anonymous(endpoint(tlsFor("")));
  EXPECT_EQ(body(anonymous.get("/whoami", quick())), "anonymous\n");
}

TEST_F(TlsTest, PemDataWorksLikeFiles) {
  auto ca = pki::readTextFile(pki_.authority.certificate);
  auto admin = pki::loadCertificateAndKey(pki_.clients.at("admin"));
  ASSERT_TRUE(ca && admin);
  ClientTlsOptions tls;
  tls.caPem = *ca;
  tls.certificatePem = admin->certificatePem;
  tls.privateKeyPem = admin->privateKeyPem;
  Client client(endpoint(tls));
  EXPECT_EQ(body(client.get("/whoami", quick())), "user=kubernetes-admin groups=system:masters\n");
}

TEST_F(TlsTest, CertificatesTheClientCaDidNotIssueGiveNoIdentity) {
  // Signed by another CA: the handshake goes on, as in kube-apiserver, but nobody is named.
  auto otherCa = pki::createCertificateAuthority("other");
  ASSERT_TRUE(otherCa);
  auto impostor = pki::issueCertificate(*otherCa, {{"kubernetes-admin", {"system:masters"}}, {}, false, true});
  ASSERT_TRUE(impostor);
  ClientTlsOptions tls = tlsFor("");
  tls.certificatePem = impostor->certificatePem;
  tls.privateKeyPem = impostor->privateKeyPem;
  Client client(endpoint(tls));
  EXPECT_EQ(body(client.get("/whoami", quick())), "anonymous\n");

  // Issued by our CA but for serving only (no clientAuth usage): not a client identity.
  Client serverCertificate(endpoint(tlsFor("apiserver")));
  EXPECT_EQ(body(serverCertificate.get("/whoami", quick())), "anonymous\n");
}

TEST_F(TlsTest, AClientThatDoesNotTrustTheServerIsRefused) {
  auto otherCa = pki::createCertificateAuthority("other");
  ASSERT_TRUE(otherCa);
  ClientTlsOptions tls = tlsFor("admin");
  tls.caFile.clear();
  tls.caPem = otherCa->certificatePem;
  Client client(endpoint(tls));
  auto response = client.get("/whoami", quick());
  ASSERT_FALSE(response);
  EXPECT_EQ(response.status().code(), StatusCode::Unavailable);
  EXPECT_NE(response.status().message().find("certificate verify failed"), std::string::npos)
      << response.status().message();

  ClientTlsOptions insecure = tls;
  insecure.insecureSkipVerify = true;
  Client trusting(endpoint(insecure));
  EXPECT_EQ(body(trusting.get("/whoami", quick())), "user=kubernetes-admin groups=system:masters\n");
}

TEST_F(TlsTest, TheServerMustCarryTheNameAsked) {
  Client byName(endpoint(tlsFor("admin"), "localhost"));
  EXPECT_EQ(body(byName.get("/whoami", quick())), "user=kubernetes-admin groups=system:masters\n");

  ClientTlsOptions serviceName = tlsFor("");
  serviceName.serverName = "kubernetes.default.svc";
  Client byServiceName(endpoint(serviceName));
  EXPECT_EQ(body(byServiceName.get("/whoami", quick())), "anonymous\n");

  ClientTlsOptions wrongName = tlsFor("");
  wrongName.serverName = "etcd.example.test";
  Client mismatched(endpoint(wrongName));
  auto response = mismatched.get("/whoami", quick());
  ASSERT_FALSE(response);
  EXPECT_NE(response.status().message().find("hostname mismatch"), std::string::npos) << response.status().message();

  ClientTlsOptions wrongAddress = tlsFor("");
  wrongAddress.serverName = "127.0.0.2";
  Client mismatchedAddress(endpoint(wrongAddress));
  auto addressResponse = mismatchedAddress.get("/whoami", quick());
  ASSERT_FALSE(addressResponse);
  EXPECT_NE(addressResponse.status().message().find("IP address mismatch"), std::string::npos)
      << addressResponse.status().message();
}

TEST_F(TlsTest, ChunkedResponsesAndStreamedBodiesFlowOverTls) {
  auto lines = Stream::open(endpoint(tlsFor("admin")), "GET", "/lines?count=1000", "", false, quick());
  ASSERT_TRUE(lines) << lines.status().toString();
  EXPECT_EQ((*lines)->status(), 200u);
  for (int index = 0; index < 1000; ++index) {
    auto line = (*lines)->readLine(5s);
    ASSERT_TRUE(line) << index << ": " << line.status().toString();
    ASSERT_EQ(*line, "line " + std::to_string(index));
  }
  EXPECT_EQ((*lines)->readLine(5s).status().code(), StatusCode::Unavailable);

  auto echo = Stream::open(endpoint(tlsFor("admin")), "POST", "/echo", "first\n", true, quick());
  ASSERT_TRUE(echo) << echo.status().toString();
  auto first = (*echo)->readLine(5s);
  ASSERT_TRUE(first) << first.status().toString();
  EXPECT_EQ(*first, "first");
  for (const char* message : {"second", "third"}) {
    ASSERT_TRUE((*echo)->send(std::string(message) + "\n"));
    auto line = (*echo)->readLine(5s);
    ASSERT_TRUE(line) << line.status().toString();
    EXPECT_EQ(*line, message);
  }
  ASSERT_TRUE((*echo)->finishRequestBody());
  EXPECT_EQ((*echo)->readLine(5s).status().code(), StatusCode::Unavailable);

  // A whole chunked response read by the ordinary client.
  Client client(endpoint(tlsFor("")));
  auto whole = client.get("/lines?count=3", quick());
  EXPECT_EQ(body(whole), "line 0\nline 1\nline 2\n");
}

// A followed log of a container that writes nothing must still end when kubectl goes away, or
// its relay threads in the API server and the kubelet live on.
TEST_F(TlsTest, AStreamedResponseEndsWhenItsClientGoesAwayThoughNothingIsWritten) {
  const int before = quietStreamsEnded();
  {
    auto quiet = Stream::open(endpoint(tlsFor("admin")), "GET", "/quiet", "", false, quick());
    ASSERT_TRUE(quiet) << quiet.status().toString();
    EXPECT_EQ((*quiet)->status(), 200u);
    EXPECT_EQ((*quiet)->readSome(200ms).status().code(), StatusCode::DeadlineExceeded);
    EXPECT_EQ(quietStreamsEnded(), before);
  }  // the client closes its connection
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (quietStreamsEnded() == before && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  EXPECT_EQ(quietStreamsEnded(), before + 1);
}

TEST_F(TlsTest, PlainHttpToTheTlsPortIsToldWhy) {
  Client plain("127.0.0.1", port_);
  auto response = plain.get("/whoami", quick());
  ASSERT_TRUE(response) << response.status().toString();
  EXPECT_EQ(response->status, 400u);
  EXPECT_EQ(response->body, "Client sent an HTTP request to an HTTPS server.\n");
}

// Connects a raw socket to the server and sends `bytes` (possibly none).
int connectRaw(std::uint16_t port, std::string_view bytes) {
  int descriptor = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(descriptor, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  if (!bytes.empty()) {
    EXPECT_EQ(::send(descriptor, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size()));
  }
  return descriptor;
}

// True when the server closes the connection within `timeout` (reads until end of file).
bool closedByServerWithin(int descriptor, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char scratch[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd wait{descriptor, POLLIN, 0};
    if (::poll(&wait, 1, 100) <= 0) continue;
    const ssize_t received = ::recv(descriptor, scratch, sizeof scratch, 0);
    if (received <= 0) return true;
  }
  return false;
}

TEST_F(TlsTest, BrokenHandshakesNeitherCrashNorBlockTheServer) {
  // A TLS record header announcing a handshake, followed by nonsense.
  const std::string brokenHello("\x16\x03\x01\x00\x08garbage!", 13);
  std::vector<int> sockets = {connectRaw(port_, ""), connectRaw(port_, brokenHello), connectRaw(port_, "\x16\x03"),
                              connectRaw(port_, std::string(3000, '\x16'))};
  // A client that gives up halfway through its own handshake (it does not trust us).
  ClientTlsOptions distrustful = tlsFor("admin");
  distrustful.caFile = pki_.clients.at("admin").certificate.string();
  for (int attempt = 0; attempt < 5; ++attempt) {
    EXPECT_FALSE(Client(endpoint(distrustful)).get("/whoami", quick()));
  }

  // Meanwhile well-behaved clients are served at once, even as the idle ones hold a slot.
  const auto start = std::chrono::steady_clock::now();
  for (int attempt = 0; attempt < 5; ++attempt) {
    Client admin(endpoint(tlsFor("admin")));
    EXPECT_EQ(body(admin.get("/whoami", quick())), "user=kubernetes-admin groups=system:masters\n");
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);

  EXPECT_TRUE(closedByServerWithin(sockets[1], 3s)) << "the broken hello";
  // The silent client is dropped by the handshake timeout.
  EXPECT_TRUE(closedByServerWithin(sockets[0], handshakeTimeout + 3s)) << "the silent client";
  for (int descriptor : sockets) ::close(descriptor);
}

TEST(TlsConfigurationTest, ServerOptionsThatCannotLoadFailAtListen) {
  auto directory = testing::TemporaryDirectory::create("kubelab-tls-config");
  ASSERT_TRUE(directory);
  auto pki = pki::ensureClusterPki((*directory)->path());
  ASSERT_TRUE(pki);
  const auto path = [&](const char* name) { return ((*directory)->path() / name).string(); };
  const ServerTlsOptions broken[] = {
      {path("missing.crt"), path("apiserver.key"), ""},
      {path("apiserver.crt"), path("admin.key"), ""},  // a key of another certificate
      {path("apiserver.crt"), path("apiserver.key"), path("missing-ca.crt")},
      {path("apiserver.crt"), path("apiserver.key"), path("apiserver.key")},  // no certificate in it
  };
  for (const auto& tls : broken) {
    ServerOptions options;
    options.tls = tls;
    Server server(options, testRoutes());
    auto port = server.listen("127.0.0.1", 0);
    EXPECT_EQ(port.status().code(), StatusCode::Invalid) << tls.certificateFile << " " << tls.privateKeyFile;
  }
}

TEST(TlsConfigurationTest, ClientOptionsThatCannotLoadFailEveryRequest) {
  auto directory = testing::TemporaryDirectory::create("kubelab-tls-config");
  ASSERT_TRUE(directory);
  auto pki = pki::ensureClusterPki((*directory)->path());
  ASSERT_TRUE(pki);
  ClientTlsOptions missingCa;
  missingCa.caFile = ((*directory)->path() / "missing.crt").string();
  ClientTlsOptions certificateWithoutKey;
  certificateWithoutKey.caFile = pki->authority.certificate.string();
  certificateWithoutKey.certificateFile = pki->clients.at("admin").certificate.string();
  ClientTlsOptions mismatchedKey = certificateWithoutKey;
  mismatchedKey.privateKeyFile = pki->apiServer.privateKey.string();
  for (const auto& tls : {missingCa, certificateWithoutKey, mismatchedKey}) {
    Client client(Endpoint{"127.0.0.1", 1, tls});
    EXPECT_EQ(client.get("/").status().code(), StatusCode::Invalid);
    EXPECT_EQ(Stream::open(Endpoint{"127.0.0.1", 1, tls}, "GET", "/", "", false).status().code(),
              StatusCode::Invalid);
  }
}

TEST(PlainHttpTest, StillWorksWithoutTls) {
  Server server(testServerOptions(), testRoutes());
  auto port = server.listen("127.0.0.1", 0);
  ASSERT_TRUE(port);
  server.start();
  Client client("127.0.0.1", *port);
  EXPECT_EQ(body(client.get("/whoami", quick())), "anonymous\n");
  EXPECT_EQ(body(client.get("/lines?count=2", quick())), "line 0\nline 1\n");
  auto echo = Stream::open("127.0.0.1", *port, "POST", "/echo", "hello\n", true, quick());
  ASSERT_TRUE(echo) << echo.status().toString();
  auto line = (*echo)->readLine(5s);
  ASSERT_TRUE(line) << line.status().toString();
  EXPECT_EQ(*line, "hello");
  ASSERT_TRUE((*echo)->finishRequestBody());
  EXPECT_EQ((*echo)->readLine(5s).status().code(), StatusCode::Unavailable);

  // A TLS client at a plain port fails cleanly rather than hanging.
  ClientTlsOptions tls;
  tls.insecureSkipVerify = true;
  Client confused(Endpoint{"127.0.0.1", *port, tls});
  EXPECT_EQ(confused.get("/whoami", quick()).status().code(), StatusCode::Unavailable);
  server.stop();
}

}  // namespace
}  // namespace kubelab::http
