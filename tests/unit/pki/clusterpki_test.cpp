#include "pki/clusterpki.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <thread>

#include "support/temporarydirectory.h"

namespace kubelab::pki {
namespace {

namespace fs = std::filesystem;

mode_t modeOf(const fs::path& path) {
  struct stat status{};
  EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
  return status.st_mode & 07777;
}

std::string contentsOf(const fs::path& path) {
  auto text = readTextFile(path);
  EXPECT_TRUE(text) << text.status().toString();
  return text ? *text : std::string();
}

class ClusterPkiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = testing::TemporaryDirectory::create("kubelab-pki-test");
    ASSERT_TRUE(created) << created.status().toString();
    temporary_ = std::move(created).value();
    directory_ = temporary_->path() / "pki";
  }

  ClusterPki ensure(const ClusterPkiOptions& options = {}) {
    auto pki = ensureClusterPki(directory_, options);
    EXPECT_TRUE(pki) << pki.status().toString();
    return pki ? *pki : ClusterPki{};
  }

  std::unique_ptr<testing::TemporaryDirectory> temporary_;
  fs::path directory_;
};

TEST_F(ClusterPkiTest, CreatesTheCaServingAndComponentCertificates) {
  ClusterPkiOptions options;
  options.extraApiServerHosts = {"127.96.0.1", "kubelab.example.test"};
  ClusterPki pki = ensure(options);

  EXPECT_EQ(pki.authority.certificate, directory_ / "ca.crt");
  EXPECT_EQ(pki.apiServer.privateKey, directory_ / "apiserver.key");
  EXPECT_EQ(modeOf(directory_), 0700u);
  auto serving = inspectCertificate(contentsOf(pki.apiServer.certificate));
  ASSERT_TRUE(serving);
  EXPECT_EQ(serving->subject.commonName, "kube-apiserver");
  EXPECT_TRUE(serving->serverAuth);
  EXPECT_EQ(serving->dnsNames, (std::vector<std::string>{"localhost", "kubernetes", "kubernetes.default",
                                                         "kubernetes.default.svc",
                                                         "kubernetes.default.svc.cluster.local",
                                                         "kubelab.example.test"}));
  EXPECT_EQ(serving->ipAddresses, (std::vector<std::string>{"127.0.0.1", "127.96.0.1"}));

  ASSERT_EQ(pki.clients.size(), defaultClientIdentities().size());
  const std::string ca = contentsOf(pki.authority.certificate);
  for (const auto& identity : defaultClientIdentities()) {
    const CertificateFiles& files = pki.clients.at(identity.fileBaseName);
    auto info = inspectCertificate(contentsOf(files.certificate));
    ASSERT_TRUE(info) << identity.fileBaseName;
    EXPECT_EQ(info->subject, identity.subject);
    EXPECT_TRUE(info->clientAuth && !info->serverAuth);
    EXPECT_TRUE(checkSignedBy(contentsOf(files.certificate), ca));
    EXPECT_EQ(modeOf(files.privateKey), 0600u) << files.privateKey;
    EXPECT_EQ(modeOf(files.certificate), 0644u) << files.certificate;
  }
  EXPECT_EQ(modeOf(pki.authority.privateKey), 0600u);
  EXPECT_EQ(modeOf(pki.apiServer.privateKey), 0600u);
  auto admin = readSubject(contentsOf(pki.clients.at("admin").certificate));
  ASSERT_TRUE(admin);
  EXPECT_EQ(*admin, (Subject{"kubernetes-admin", {"system:masters"}}));
}

TEST_F(ClusterPkiTest, ARestartedClusterKeepsEverything) {
  ClusterPki first = ensure();
  std::map<fs::path, std::string> before;
  for (const auto& entry : fs::directory_iterator(directory_)) before[entry.path()] = contentsOf(entry.path());
  ClusterPki second = ensure();
  for (const auto& [path, contents] : before) EXPECT_EQ(contentsOf(path), contents) << path;
  EXPECT_EQ(second.clients.size(), first.clients.size());
}

TEST_F(ClusterPkiTest, ReissuesOnlyWhatNoLongerFits) {
  ensure();
  const std::string ca = contentsOf(directory_ / "ca.crt");
  const std::string admin = contentsOf(directory_ / "admin.crt");
  const std::string scheduler = contentsOf(directory_ / "kube-scheduler.crt");

  // A new address for the API server: only its serving certificate changes.
  ClusterPkiOptions options;
  options.extraApiServerHosts = {"127.0.0.9"};
  ensure(options);
  EXPECT_TRUE(*certificateCoversHost(contentsOf(directory_ / "apiserver.crt"), "127.0.0.9"));
  EXPECT_EQ(contentsOf(directory_ / "ca.crt"), ca);
  EXPECT_EQ(contentsOf(directory_ / "admin.crt"), admin);

  // A deleted, a corrupted, and a foreign-signed client certificate are all replaced.
  fs::remove(directory_ / "admin.crt");
  ASSERT_TRUE(writeFileAtomically(directory_ / "kube-proxy.crt", "garbage", 0644));
  auto foreign = createCertificateAuthority("someone-else");
  ASSERT_TRUE(foreign);
  auto impostor = issueCertificate(*foreign, {{"system:kube-scheduler", {}}, {}, false, true});
  ASSERT_TRUE(impostor);
  ASSERT_TRUE(writeCertificateAndKey(certificateFiles(directory_, "kube-scheduler"), *impostor));
  ensure(options);
  for (const char* name : {"admin", "kube-proxy", "kube-scheduler"}) {
    auto pair = loadCertificateAndKey(certificateFiles(directory_, name));
    ASSERT_TRUE(pair) << name << ": " << pair.status().toString();
    EXPECT_TRUE(checkSignedBy(pair->certificatePem, ca)) << name;
  }
  EXPECT_NE(contentsOf(directory_ / "kube-scheduler.crt"), scheduler);
}

TEST_F(ClusterPkiTest, ABrokenCaIsReportedNotReplaced) {
  ensure();
  const std::string ca = contentsOf(directory_ / "ca.crt");
  fs::remove(directory_ / "ca.key");
  auto missingKey = ensureClusterPki(directory_);
  EXPECT_EQ(missingKey.status().code(), StatusCode::Invalid);
  EXPECT_NE(missingKey.status().message().find("ca.key"), std::string::npos) << missingKey.status().message();

  auto other = createCertificateAuthority("other");
  ASSERT_TRUE(other);
  ASSERT_TRUE(writeFileAtomically(directory_ / "ca.key", other->privateKeyPem, 0600));
  EXPECT_EQ(ensureClusterPki(directory_).status().code(), StatusCode::Invalid);
  EXPECT_EQ(contentsOf(directory_ / "ca.crt"), ca);
}

TEST_F(ClusterPkiTest, ALoneCaKeyFromAnInterruptedFirstRunIsReplaced) {
  fs::create_directories(directory_);
  auto other = createCertificateAuthority("other");
  ASSERT_TRUE(other);
  ASSERT_TRUE(writeFileAtomically(directory_ / "ca.key", other->privateKeyPem, 0600));
  ClusterPki pki = ensure();
  EXPECT_TRUE(loadCertificateAndKey(pki.authority));
}

TEST_F(ClusterPkiTest, TightensAKeyFileLeftReadableByOthers) {
  ensure();
  fs::permissions(directory_ / "admin.key", fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  ensure();
  EXPECT_EQ(modeOf(directory_ / "admin.key"), 0600u);
}

TEST_F(ClusterPkiTest, NodesJoinLaterWithTheirOwnIdentity) {
  EXPECT_EQ(ensureClientCertificate(directory_, nodeClientIdentity("node-1")).status().code(), StatusCode::NotFound);
  ensure();
  auto files = ensureClientCertificate(directory_, nodeClientIdentity("node-1"));
  ASSERT_TRUE(files) << files.status().toString();
  EXPECT_EQ(files->certificate, directory_ / "kubelet-node-1.crt");
  auto subject = readSubject(contentsOf(files->certificate));
  ASSERT_TRUE(subject);
  EXPECT_EQ(*subject, (Subject{"system:node:node-1", {"system:nodes"}}));
  EXPECT_EQ(modeOf(files->privateKey), 0600u);
  EXPECT_EQ(ensureClientCertificate(directory_, {"../escape", {"x", {}}}).status().code(), StatusCode::Invalid);
}

TEST_F(ClusterPkiTest, ConcurrentFirstRunsAgreeOnOneCa) {
  std::vector<std::thread> threads;
  std::vector<Status> results(4);
  for (std::size_t index = 0; index < results.size(); ++index) {
    threads.emplace_back([&, index] { results[index] = ensureClusterPki(directory_).status(); });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& result : results) EXPECT_TRUE(result) << result.toString();
  const std::string ca = contentsOf(directory_ / "ca.crt");
  for (const char* name : {"apiserver", "admin", "kube-scheduler"}) {
    auto pair = loadCertificateAndKey(certificateFiles(directory_, name));
    ASSERT_TRUE(pair) << name;
    EXPECT_TRUE(checkSignedBy(pair->certificatePem, ca)) << name;
  }
}

TEST_F(ClusterPkiTest, RsaClustersWorkToo) {
  ClusterPkiOptions options;
  options.keyAlgorithm = KeyAlgorithm::Rsa2048;
  ClusterPki pki = ensure(options);
  EXPECT_NE(contentsOf(pki.authority.privateKey).find("PRIVATE KEY"), std::string::npos);
  EXPECT_TRUE(loadCertificateAndKey(pki.clients.at("admin")));
}

}  // namespace
}  // namespace kubelab::pki
