#include "pki/certificate.h"

#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <gtest/gtest.h>

#include <memory>

namespace kubelab::pki {
namespace {

using ::testing::TestWithParam;

std::unique_ptr<X509, decltype(&X509_free)> parse(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  return {PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free};
}

// Verifies `leaf` against `authority` the way a strict TLS peer would: RFC 5280 strict
// mode, the TLS purpose, and optionally the name the peer asked for. OpenSSL's verifier
// is independent of the code under test, so this checks what we generate, not how.
::testing::AssertionResult verifiesStrictly(const CertificateAndKey& authority, const CertificateAndKey& leaf,
                                            int purpose, const std::string& host = {}) {
  auto ca = parse(authority.certificatePem);
  auto certificate = parse(leaf.certificatePem);
  if (!ca || !certificate) return ::testing::AssertionFailure() << "unparsable certificate";
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  X509_STORE_add_cert(store.get(), ca.get());
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> context(X509_STORE_CTX_new(), X509_STORE_CTX_free);
  X509_STORE_CTX_init(context.get(), store.get(), certificate.get(), nullptr);
  X509_VERIFY_PARAM* parameters = X509_STORE_CTX_get0_param(context.get());
  X509_VERIFY_PARAM_set_flags(parameters, X509_V_FLAG_X509_STRICT);
  X509_VERIFY_PARAM_set_purpose(parameters, purpose);
  if (!host.empty() && X509_VERIFY_PARAM_set1_ip_asc(parameters, host.c_str()) != 1) {
    X509_VERIFY_PARAM_set1_host(parameters, host.c_str(), host.size());
  }
  if (X509_verify_cert(context.get()) == 1) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << X509_verify_cert_error_string(X509_STORE_CTX_get_error(context.get()));
}

class CertificateTest : public TestWithParam<KeyAlgorithm> {
 protected:
  void SetUp() override {
    auto created = createCertificateAuthority("kubernetes", GetParam());
    ASSERT_TRUE(created) << created.status().toString();
    authority_ = *created;
  }

  CertificateAndKey issue(const CertificateSpec& spec) {
    CertificateSpec withAlgorithm = spec;
    withAlgorithm.keyAlgorithm = GetParam();
    auto issued = issueCertificate(authority_, withAlgorithm);
    EXPECT_TRUE(issued) << issued.status().toString();
    return issued ? *issued : CertificateAndKey{};
  }

  CertificateAndKey authority_;
};

TEST_P(CertificateTest, AuthorityIsSelfSignedForTenYears) {
  auto info = inspectCertificate(authority_.certificatePem);
  ASSERT_TRUE(info) << info.status().toString();
  EXPECT_TRUE(info->isAuthority);
  EXPECT_EQ(info->subject, (Subject{"kubernetes", {}}));
  EXPECT_EQ(info->issuer, info->subject);
  EXPECT_TRUE(checkSignedBy(authority_.certificatePem, authority_.certificatePem));
  EXPECT_TRUE(checkKeyMatches(authority_));
  const auto lifetime = info->notAfter - std::chrono::system_clock::now();
  EXPECT_GT(lifetime, authorityValidity - std::chrono::hours(1));
  EXPECT_LE(lifetime, authorityValidity);
  EXPECT_NE(authority_.privateKeyPem.find("-----BEGIN PRIVATE KEY-----"), std::string::npos);
}

TEST_P(CertificateTest, ServingCertificateNamesItsHosts) {
  CertificateSpec spec;
  spec.subject = {"kube-apiserver", {}};
  spec.hosts = {"localhost", "kubernetes.default.svc", "127.0.0.1", "::1", "*.example.test"};
  spec.serverAuth = true;
  auto serving = issue(spec);

  auto info = inspectCertificate(serving.certificatePem);
  ASSERT_TRUE(info) << info.status().toString();
  EXPECT_FALSE(info->isAuthority);
  EXPECT_TRUE(info->serverAuth);
  EXPECT_FALSE(info->clientAuth);
  EXPECT_EQ(info->issuer, (Subject{"kubernetes", {}}));
  EXPECT_EQ(info->dnsNames, (std::vector<std::string>{"localhost", "kubernetes.default.svc", "*.example.test"}));
  EXPECT_EQ(info->ipAddresses, (std::vector<std::string>{"127.0.0.1", "::1"}));
  const auto lifetime = info->notAfter - std::chrono::system_clock::now();
  EXPECT_GT(lifetime, leafValidity - std::chrono::hours(1));
  EXPECT_LT(info->notBefore, std::chrono::system_clock::now());

  EXPECT_TRUE(verifiesStrictly(authority_, serving, X509_PURPOSE_SSL_SERVER, "kubernetes.default.svc"));
  EXPECT_TRUE(verifiesStrictly(authority_, serving, X509_PURPOSE_SSL_SERVER, "127.0.0.1"));
  EXPECT_TRUE(verifiesStrictly(authority_, serving, X509_PURPOSE_SSL_SERVER, "pods.example.test"));
  EXPECT_FALSE(verifiesStrictly(authority_, serving, X509_PURPOSE_SSL_SERVER, "127.0.0.2"));
  EXPECT_FALSE(verifiesStrictly(authority_, serving, X509_PURPOSE_SSL_SERVER, "kubernetes.default"));
  EXPECT_FALSE(verifiesStrictly(authority_, serving, X509_PURPOSE_SSL_CLIENT));
  EXPECT_TRUE(*certificateCoversHost(serving.certificatePem, "::1"));
  EXPECT_FALSE(*certificateCoversHost(serving.certificatePem, "kubernetes"));
}

TEST_P(CertificateTest, ClientCertificateCarriesUserAndGroups) {
  CertificateSpec spec;
  spec.subject = {"kubernetes-admin", {"system:masters", "developers"}};
  spec.clientAuth = true;
  auto client = issue(spec);

  auto subject = readSubject(client.certificatePem);
  ASSERT_TRUE(subject) << subject.status().toString();
  EXPECT_EQ(subject->commonName, "kubernetes-admin");
  EXPECT_EQ(subject->organizations, (std::vector<std::string>{"system:masters", "developers"}));
  EXPECT_TRUE(verifiesStrictly(authority_, client, X509_PURPOSE_SSL_CLIENT));
  EXPECT_FALSE(verifiesStrictly(authority_, client, X509_PURPOSE_SSL_SERVER));
  EXPECT_TRUE(checkKeyMatches(client));
  EXPECT_TRUE(checkSignedBy(client.certificatePem, authority_.certificatePem));
}

TEST_P(CertificateTest, NodeNamesLongerThanSixtyFourCharactersFit) {
  CertificateSpec spec;
  spec.subject = {"system:node:" + std::string(100, 'n'), {"system:nodes"}};
  spec.clientAuth = true;
  auto client = issue(spec);
  auto subject = readSubject(client.certificatePem);
  ASSERT_TRUE(subject) << subject.status().toString();
  EXPECT_EQ(subject->commonName, spec.subject.commonName);
}

INSTANTIATE_TEST_SUITE_P(KeyAlgorithms, CertificateTest,
                         ::testing::Values(KeyAlgorithm::EcdsaP256, KeyAlgorithm::Rsa2048),
                         [](const auto& parameter) {
                           return parameter.param == KeyAlgorithm::EcdsaP256 ? std::string("EcdsaP256")
                                                                        : std::string("Rsa2048");
                         });

TEST(CertificateErrorsTest, RejectsWhatCannotBeEncodedSafely) {
  auto authority = createCertificateAuthority("kubernetes");
  ASSERT_TRUE(authority);
  CertificateSpec spec;
  spec.subject = {"kube-apiserver", {}};
  spec.serverAuth = true;
  for (const std::string host : {"", "bad host", "a,DNS:evil.test", "example.test.", "host/path"}) {
    spec.hosts = {host};
    EXPECT_EQ(issueCertificate(*authority, spec).status().code(), StatusCode::Invalid) << host;
  }
  spec.hosts = {};
  spec.serverAuth = false;
  EXPECT_EQ(issueCertificate(*authority, spec).status().code(), StatusCode::Invalid) << "no usage";
  spec.serverAuth = true;
  spec.subject.commonName = "";
  EXPECT_EQ(issueCertificate(*authority, spec).status().code(), StatusCode::Invalid) << "empty CN";
}

TEST(CertificateErrorsTest, DetectsMismatchedKeysAndForeignSigners) {
  auto first = createCertificateAuthority("first");
  auto second = createCertificateAuthority("second");
  ASSERT_TRUE(first && second);
  CertificateSpec spec;
  spec.subject = {"someone", {}};
  spec.clientAuth = true;
  auto issued = issueCertificate(*first, spec);
  ASSERT_TRUE(issued);
  EXPECT_TRUE(checkSignedBy(issued->certificatePem, first->certificatePem));
  EXPECT_EQ(checkSignedBy(issued->certificatePem, second->certificatePem).code(), StatusCode::Invalid);
  EXPECT_EQ(checkKeyMatches({issued->certificatePem, first->privateKeyPem}).code(), StatusCode::Invalid);
  // A leaf cannot sign.
  EXPECT_EQ(issueCertificate(*issued, spec).status().code(), StatusCode::Invalid);
}

TEST(CertificateErrorsTest, GarbageIsInvalidNotACrash) {
  EXPECT_EQ(readSubject("").status().code(), StatusCode::Invalid);
  EXPECT_EQ(readSubject("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").status().code(),
            StatusCode::Invalid);
  EXPECT_EQ(inspectCertificate("not pem").status().code(), StatusCode::Invalid);
  EXPECT_EQ(checkKeyMatches({"x", "y"}).code(), StatusCode::Invalid);
  EXPECT_EQ(issueCertificate({"x", "y"}, {}).status().code(), StatusCode::Invalid);
}

}  // namespace
}  // namespace kubelab::pki
