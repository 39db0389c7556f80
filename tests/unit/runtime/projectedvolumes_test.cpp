#include "runtime/projectedvolumes.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <thread>

#include "support/temporarydirectory.h"

namespace kubelab::runtime {
namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& file) {
  std::ifstream input(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>()};
}

int versionCount(const fs::path& directory) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(directory)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("..", 0) == 0 && name != "..data" && entry.is_directory()) ++count;
  }
  return count;
}

class ProjectedVolumesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto directory = testing::TemporaryDirectory::create("kubelab-projected");
    ASSERT_TRUE(directory.isOk());
    directory_ = std::move(*directory);
    volume_ = directory_->path() / "volume";
  }
  std::unique_ptr<testing::TemporaryDirectory> directory_;
  fs::path volume_;
};

TEST_F(ProjectedVolumesTest, FilesAreLinksIntoTheCurrentVersionWithTheirModes) {
  ASSERT_TRUE(writeVolumeFiles(volume_, {{"key", "one", 0644}, {"conf/app.properties", "a=1", 0400}}).isOk());
  EXPECT_EQ(readFile(volume_ / "key"), "one");
  EXPECT_EQ(readFile(volume_ / "conf" / "app.properties"), "a=1");
  EXPECT_TRUE(fs::is_symlink(volume_ / "key"));
  EXPECT_EQ(fs::read_symlink(volume_ / "key"), fs::path("..data/key"));
  EXPECT_TRUE(fs::is_symlink(volume_ / "..data"));
  struct stat info {};
  ASSERT_EQ(::stat((volume_ / "conf" / "app.properties").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0400u);
  EXPECT_EQ(versionCount(volume_), 1);
}

TEST_F(ProjectedVolumesTest, AnUpdateSwapsVersionsAndDropsWhatIsGone) {
  ASSERT_TRUE(writeVolumeFiles(volume_, {{"key", "one", 0644}, {"old", "x", 0644}}).isOk());
  fs::path first = currentVolumeVersion(volume_);
  ASSERT_TRUE(writeVolumeFiles(volume_, {{"key", "two", 0644}, {"new", "y", 0644}}).isOk());
  EXPECT_NE(currentVolumeVersion(volume_), first);
  EXPECT_FALSE(fs::exists(first));
  EXPECT_EQ(readFile(volume_ / "key"), "two");
  EXPECT_EQ(readFile(volume_ / "new"), "y");
  EXPECT_FALSE(fs::exists(fs::symlink_status(volume_ / "old")));
  EXPECT_EQ(versionCount(volume_), 1);
}

TEST_F(ProjectedVolumesTest, TheSamePayloadWritesNothing) {
  ASSERT_TRUE(writeVolumeFiles(volume_, {{"key", "one", 0644}}).isOk());
  fs::path first = currentVolumeVersion(volume_);
  ASSERT_TRUE(writeVolumeFiles(volume_, {{"key", "one", 0644}}).isOk());
  EXPECT_EQ(currentVolumeVersion(volume_), first);
  ASSERT_TRUE(writeVolumeFiles(volume_, {{"key", "one", 0600}}).isOk());  // a mode change is a change
  EXPECT_NE(currentVolumeVersion(volume_), first);
}

TEST_F(ProjectedVolumesTest, PathsThatLeaveTheVolumeAreRefused) {
  for (const char* path : {"/etc/passwd", "../x", "a/../../x", "..data", "..hidden", ""}) {
    EXPECT_EQ(writeVolumeFiles(volume_, {{path, "x", 0644}}).code(), StatusCode::Invalid) << path;
  }
  EXPECT_EQ(writeVolumeFiles(volume_, {{"a", "x", 0644}, {"a", "y", 0644}}).code(), StatusCode::Invalid);
}

// A reader never sees a file vanish, and never a mix of two versions when it reads through the
// version it resolved: what the ..data swap is for.
TEST_F(ProjectedVolumesTest, ReadersSeeOneConsistentVersionWhileItChanges) {
  ASSERT_TRUE(writeVolumeFiles(volume_, {{"a", "0", 0644}, {"b", "0", 0644}}).isOk());
  std::atomic<bool> done{false};
  std::atomic<int> missing{0}, mixed{0}, reads{0};
  std::thread reader([&] {
    while (!done) {
      std::ifstream direct(volume_ / "a");
      if (!direct) ++missing;
      std::error_code error;
      fs::path version = fs::read_symlink(volume_ / "..data", error);
      if (error) {
        ++missing;
        continue;
      }
      std::string a = readFile(volume_ / version / "a");
      std::string b = readFile(volume_ / version / "b");
      if (!a.empty() && !b.empty()) {
        ++reads;
        if (a != b) ++mixed;
      }
    }
  });
  for (int round = 1; round <= 300; ++round) {
    std::string value = std::to_string(round);
    ASSERT_TRUE(writeVolumeFiles(volume_, {{"a", value, 0644}, {"b", value, 0644}}).isOk());
  }
  done = true;
  reader.join();
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(mixed, 0);
  EXPECT_GT(reads, 0);
  EXPECT_EQ(readFile(volume_ / "a"), "300");
}

}  // namespace
}  // namespace kubelab::runtime
