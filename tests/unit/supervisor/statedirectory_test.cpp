#include "supervisor/statedirectory.h"

#include <stdlib.h>

#include <optional>
#include <string>

#include <fstream>

#include <gtest/gtest.h>

#include "scratchdirectory.h"

namespace kubelab::supervisor {
namespace {

// Sets an environment variable for one test and restores it afterwards.
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const char* value) : name_(name) {
    if (const char* old = ::getenv(name)) old_ = old;
    if (value != nullptr) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~ScopedEnvironment() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(StateDirectoryTest, UsesXdgDataHomeWhenSet) {
  ScopedEnvironment dataHome("XDG_DATA_HOME", "/data");
  Result<StateDirectory> state = StateDirectory::forClusterName("demo");
  ASSERT_TRUE(state.isOk()) << state.status().toString();
  EXPECT_EQ(state->root(), "/data/kubelab/clusters/demo");
}

TEST(StateDirectoryTest, DefaultsToLocalShareUnderHome) {
  ScopedEnvironment dataHome("XDG_DATA_HOME", nullptr);
  ScopedEnvironment home("HOME", "/home/student");
  Result<StateDirectory> state = StateDirectory::forClusterName("kubelab");
  ASSERT_TRUE(state.isOk()) << state.status().toString();
  EXPECT_EQ(state->root(), "/home/student/.local/share/kubelab/clusters/kubelab");
}

TEST(StateDirectoryTest, IgnoresARelativeXdgDataHomeAsTheSpecificationSays) {
  ScopedEnvironment dataHome("XDG_DATA_HOME", "relative/data");
  ScopedEnvironment home("HOME", "/home/student");
  Result<StateDirectory> state = StateDirectory::forClusterName("kubelab");
  ASSERT_TRUE(state.isOk());
  EXPECT_EQ(state->root(), "/home/student/.local/share/kubelab/clusters/kubelab");
}

TEST(StateDirectoryTest, NamesEveryFileOfTheLayout) {
  StateDirectory state("/state");
  EXPECT_EQ(state.clusterFile(), "/state/cluster.json");
  EXPECT_EQ(state.storeDataDirectory(), "/state/store");
  EXPECT_EQ(state.logFile("store"), "/state/logs/store.log");
  EXPECT_EQ(state.kubeconfigFile(), "/state/kubeconfig");
}

TEST(StateDirectoryTest, CreatesAPrivateDirectoryButNeverTakesOverAForeignOne) {
  auto directory = scratchDirectory();
  StateDirectory fresh(directory->path() / "fresh");
  ASSERT_TRUE(fresh.create().isOk());
  EXPECT_TRUE(std::filesystem::is_directory(fresh.logsDirectory()));
  EXPECT_EQ(std::filesystem::status(fresh.root()).permissions(), std::filesystem::perms::owner_all);

  std::filesystem::create_directories(directory->path() / "home");
  std::ofstream(directory->path() / "home" / "thesis.txt") << "precious";
  StateDirectory foreign(directory->path() / "home");
  EXPECT_EQ(foreign.create().code(), StatusCode::Conflict);
  EXPECT_FALSE(std::filesystem::exists(foreign.logsDirectory()));
}

TEST(StateDirectoryTest, AcceptsOnlyDnsLabelNames) {
  EXPECT_TRUE(validateClusterName("kubelab").isOk());
  EXPECT_TRUE(validateClusterName("class-2b").isOk());
  for (const char* bad : {"", "Upper", "under_score", "-leading", "trailing-", "dot.ted", "../escape", "a/b"}) {
    Status status = validateClusterName(bad);
    EXPECT_EQ(status.code(), StatusCode::Invalid) << "\"" << bad << "\" was accepted";
  }
  EXPECT_FALSE(validateClusterName(std::string(51, 'a')).isOk());
}

}  // namespace
}  // namespace kubelab::supervisor
