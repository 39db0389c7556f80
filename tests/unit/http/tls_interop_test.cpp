// Clients no one here wrote, against the in-process HTTPS server and the cluster PKI:
// curl (OpenSSL), Python's ssl module, the real kubectl (Go's crypto/tls), and OpenSSL's
// s_client for protocol versions. Each is skipped when its program is not installed.

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "tlsserverfixture.h"

namespace kubelab::http {
namespace {

struct CommandResult {
  int exitCode = -1;
  std::string output;  // stdout and stderr
};

CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  while (std::size_t read = std::fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, read);
  const int status = ::pclose(pipe);
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

bool installed(const char* program) { return ::access(program, X_OK) == 0; }

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

class TlsInteropTest : public TlsServerFixture {
 public:
  // A kubeconfig that points at the server with the admin's certificate, as kubeadm writes.
  void writeKubeconfig();
  using TlsServerFixture::file;

 protected:
  std::string curl(const std::string& options, const std::string& target) {
    auto result = run("/usr/bin/curl -sS --max-time 10 --cacert " + quoted(pki_.authority.certificate) + " " +
                      options + " " + url(target));
    EXPECT_EQ(result.exitCode, 0) << result.output;
    return result.output;
  }
};

TEST_F(TlsInteropTest, CurlAuthenticatesWithAClientCertificate) {
  if (!installed("/usr/bin/curl")) GTEST_SKIP() << "curl is not installed";
  const std::string admin = "--cert " + quoted(file("admin.crt")) + " --key " + quoted(file("admin.key"));
  EXPECT_EQ(curl(admin, "/whoami"), "user=kubernetes-admin groups=system:masters\n");
  EXPECT_EQ(curl("", "/whoami"), "anonymous\n");
  EXPECT_EQ(curl(admin, "/lines?count=3"), "line 0\nline 1\nline 2\n");
  // Several requests on one connection (curl reuses it), then HTTP/1.1 chosen by ALPN.
  EXPECT_EQ(curl(admin + " --http1.1", "/whoami") + curl(admin, "/whoami"),
            "user=kubernetes-admin groups=system:masters\nuser=kubernetes-admin groups=system:masters\n");
  auto verbose = run("/usr/bin/curl -sS -v -o /dev/null --cacert " + quoted(pki_.authority.certificate) + " " +
                     url("/whoami"));
  EXPECT_NE(verbose.output.find("ALPN: server accepted http/1.1"), std::string::npos) << verbose.output;

  // curl trusting only the system's CAs refuses our server, as it should.
  auto untrusted = run("/usr/bin/curl -sS --max-time 10 " + url("/whoami"));
  EXPECT_NE(untrusted.exitCode, 0) << untrusted.output;
}

TEST_F(TlsInteropTest, PythonSslAcceptsTheChainAndTheClientCertificate) {
  if (!installed("/usr/bin/python3")) GTEST_SKIP() << "/usr/bin/python3 is not installed";
  const std::string script =
      "import ssl, sys, urllib.request\n"
      "context = ssl.create_default_context(cafile=sys.argv[1])\n"
      "context.verify_flags |= ssl.VERIFY_X509_STRICT\n"
      "context.load_cert_chain(sys.argv[2], sys.argv[3])\n"
      "for url in sys.argv[4:]:\n"
      "    print(urllib.request.urlopen(url, context=context, timeout=10).read().decode(), end='')\n";
  std::ofstream(file("check.py")) << script;
  auto result = run("/usr/bin/python3 " + quoted(file("check.py")) + " " + quoted(pki_.authority.certificate) + " " +
                    quoted(file("kube-scheduler.crt")) + " " + quoted(file("kube-scheduler.key")) + " " +
                    url("/whoami") + " " + url("/lines?count=2") + " https://localhost:" + std::to_string(port_) +
                    "/whoami");
  EXPECT_EQ(result.exitCode, 0) << result.output;
  EXPECT_EQ(result.output, "user=system:kube-scheduler groups=\nline 0\nline 1\nuser=system:kube-scheduler groups=\n");
}

void checkKubectl(TlsInteropTest& test) {
  if (!installed("/usr/bin/kubectl")) GTEST_SKIP() << "kubectl is not installed";
  test.writeKubeconfig();
  auto result = run("/usr/bin/kubectl --kubeconfig " + quoted(test.file("kubeconfig")) + " get --raw /whoami");
  EXPECT_EQ(result.exitCode, 0) << result.output;
  EXPECT_EQ(result.output, "user=kubernetes-admin groups=system:masters\n");
  auto lines = run("/usr/bin/kubectl --kubeconfig " + quoted(test.file("kubeconfig")) + " get --raw '/lines?count=2'");
  EXPECT_EQ(lines.output, "line 0\nline 1\n");
}

TEST_F(TlsInteropTest, KubectlTrustsTheServerAndPresentsItsCertificate) { checkKubectl(*this); }

// kubeadm's default key type, for tools that need RSA.
class RsaTlsInteropTest : public TlsInteropTest {
 protected:
  pki::KeyAlgorithm keyAlgorithm() const override { return pki::KeyAlgorithm::Rsa2048; }
};

TEST_F(RsaTlsInteropTest, KubectlAndCurlWorkWithRsaKeys) {
  checkKubectl(*this);
  if (!installed("/usr/bin/curl")) GTEST_SKIP() << "curl is not installed";
  EXPECT_EQ(curl("--cert " + quoted(file("admin.crt")) + " --key " + quoted(file("admin.key")), "/whoami"),
            "user=kubernetes-admin groups=system:masters\n");
}

void TlsInteropTest::writeKubeconfig() {
  std::ofstream(file("kubeconfig")) << "apiVersion: v1\nkind: Config\n"
                                    << "clusters:\n- name: kubelab\n  cluster:\n"
                                    << "    server: " << url("") << "\n"
                                    << "    certificate-authority: " << pki_.authority.certificate.string() << "\n"
                                    << "users:\n- name: admin\n  user:\n"
                                    << "    client-certificate: " << file("admin.crt").string() << "\n"
                                    << "    client-key: " << file("admin.key").string() << "\n"
                                    << "contexts:\n- name: kubelab\n  context: {cluster: kubelab, user: admin}\n"
                                    << "current-context: kubelab\n";
}

TEST_F(TlsInteropTest, OnlyTls12AndLaterAreSpoken) {
  if (!installed("/usr/bin/openssl")) GTEST_SKIP() << "openssl is not installed";
  const std::string client = "/usr/bin/openssl s_client -connect 127.0.0.1:" + std::to_string(port_) +
                             " -CAfile " + quoted(pki_.authority.certificate) + " -verify_return_error";
  // SECLEVEL=0 lets the client offer the old versions, so a refusal is the server's.
  for (const char* old : {"-tls1", "-tls1_1"}) {
    auto refused = run(client + " " + old + " -cipher 'DEFAULT:@SECLEVEL=0' < /dev/null");
    EXPECT_NE(refused.exitCode, 0) << old << "\n" << refused.output;
    EXPECT_NE(refused.output.find("alert protocol version"), std::string::npos) << old << "\n" << refused.output;
  }
  for (const char* current : {"-tls1_2", "-tls1_3"}) {
    auto accepted = run(client + " " + current + " < /dev/null");
    EXPECT_EQ(accepted.exitCode, 0) << current << "\n" << accepted.output;
    EXPECT_NE(accepted.output.find("Verify return code: 0 (ok)"), std::string::npos) << accepted.output;
  }
}

}  // namespace
}  // namespace kubelab::http
