#include "supervisor/pidfile.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include "scratchdirectory.h"

namespace kubelab::supervisor {
namespace {

TEST(PidFileTest, TheHolderIsVisibleUntilItLetsGo) {
  auto directory = scratchDirectory();
  std::filesystem::path file = directory->path() / "supervisor.pid";
  EXPECT_EQ(lockedPid(file), std::nullopt);
  {
    Result<PidFileLock> lock = PidFileLock::acquire(file);
    ASSERT_TRUE(lock.isOk()) << lock.status().toString();
    EXPECT_EQ(lockedPid(file), ::getpid());

    Result<PidFileLock> second = PidFileLock::acquire(file);
    EXPECT_EQ(second.status().code(), StatusCode::AlreadyExists);
    EXPECT_NE(second.status().message().find(std::to_string(::getpid())), std::string::npos);
  }
  EXPECT_EQ(lockedPid(file), std::nullopt);
  EXPECT_FALSE(std::filesystem::exists(file));
}

TEST(PidFileTest, AStaleFileWithoutAHolderDoesNotCount) {
  auto directory = scratchDirectory();
  std::filesystem::path file = directory->path() / "supervisor.pid";
  {
    std::FILE* stale = std::fopen(file.c_str(), "w");
    ASSERT_NE(stale, nullptr);
    std::fputs("1\n", stale);
    std::fclose(stale);
  }
  EXPECT_EQ(lockedPid(file), std::nullopt);
  Result<PidFileLock> lock = PidFileLock::acquire(file);
  ASSERT_TRUE(lock.isOk()) << lock.status().toString();
  EXPECT_EQ(lockedPid(file), ::getpid());
}

}  // namespace
}  // namespace kubelab::supervisor
