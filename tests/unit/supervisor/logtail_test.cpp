#include "supervisor/logtail.h"

#include <fstream>

#include <gtest/gtest.h>

#include "scratchdirectory.h"

namespace kubelab::supervisor {
namespace {

TEST(LogTailTest, ReturnsTheLastLines) {
  auto directory = scratchDirectory();
  std::filesystem::path log = directory->path() / "store.log";
  {
    std::ofstream output(log);
    for (int line = 1; line <= 10000; ++line) output << "line " << line << "\n";
  }
  EXPECT_EQ(lastLines(log, 3), (std::vector<std::string>{"line 9998", "line 9999", "line 10000"}));
}

TEST(LogTailTest, ReturnsEveryLineOfAShortFile) {
  auto directory = scratchDirectory();
  std::filesystem::path log = directory->path() / "store.log";
  std::ofstream(log) << "one\ntwo";
  EXPECT_EQ(lastLines(log, 20), (std::vector<std::string>{"one", "two"}));
}

TEST(LogTailTest, MissingFileHasNoLines) {
  auto directory = scratchDirectory();
  EXPECT_TRUE(lastLines(directory->path() / "absent.log", 20).empty());
}

}  // namespace
}  // namespace kubelab::supervisor
