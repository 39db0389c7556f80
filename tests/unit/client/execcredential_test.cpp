#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "client/execcredential.h"

namespace kubelab::client {
namespace {

class ExecCredentialTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() / ("exec-credential-" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  ExecCredentialPlugin plugin(const std::string& script) {
    auto file = directory_ / "plugin.sh";
    std::ofstream(file) << "#!/bin/sh\n" << script;
    std::filesystem::permissions(file, std::filesystem::perms::owner_all);
    ExecCredentialPlugin result;
    result.command = file.string();
    result.workingDirectory = directory_;
    return result;
  }

  std::filesystem::path directory_;
};

TEST_F(ExecCredentialTest, RunsThePluginWithItsArgumentsEnvironmentAndExecInfo) {
  auto configured = plugin(
      "case \"$KUBERNETES_EXEC_INFO\" in *ExecCredential*) ;; *) exit 3;; esac\n"
      "echo \"{\\\"kind\\\":\\\"ExecCredential\\\",\\\"apiVersion\\\":\\\"client.authentication.k8s.io/v1\\\","
      "\\\"status\\\":{\\\"token\\\":\\\"$1-$REGION\\\",\\\"expirationTimestamp\\\":\\\"2030-01-02T03:04:05Z\\\"}}\"\n");
  configured.arguments = {"secret"};
  configured.environment = {{"REGION", "eu"}};
  auto credential = runExecCredentialPlugin(configured);
  ASSERT_TRUE(credential) << credential.status().toString();
  EXPECT_EQ(credential->token, "secret-eu");
  ASSERT_TRUE(credential->expiration);
}

TEST_F(ExecCredentialTest, ReportsAFailingPluginWithItsStderr) {
  auto credential = runExecCredentialPlugin(plugin("echo 'please run gcloud auth login' >&2\nexit 1\n"));
  ASSERT_FALSE(credential);
  EXPECT_EQ(credential.status().code(), StatusCode::Unavailable);
  EXPECT_NE(credential.status().message().find("please run gcloud auth login"), std::string::npos);
}

TEST(ExecCredentialParseTest, RefusesOutputWithoutACredential) {
  EXPECT_FALSE(parseExecCredential("not json"));
  EXPECT_FALSE(parseExecCredential(R"({"kind":"Pod"})"));
  EXPECT_FALSE(parseExecCredential(R"({"kind":"ExecCredential","status":{}})"));
  auto certificate =
      parseExecCredential(R"({"kind":"ExecCredential","status":{"clientCertificateData":"C","clientKeyData":"K"}})");
  ASSERT_TRUE(certificate);
  EXPECT_EQ(certificate->clientKeyPem, "K");
}

}  // namespace
}  // namespace kubelab::client
