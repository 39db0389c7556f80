#include "support/eventually.h"
#include "supervisor/childprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "supervisor/processtable.h"
#include "scratchdirectory.h"

namespace kubelab::supervisor {
namespace {

using namespace std::chrono_literals;

std::string readFile(const std::filesystem::path& file) {
  std::ifstream input(file);
  std::ostringstream contents;
  contents << input.rdbuf();
  return contents.str();
}

LaunchOptions shell(const std::string& script, const std::filesystem::path& log) {
  LaunchOptions options;
  options.executable = "/bin/sh";
  options.arguments = {"-c", script};
  options.logFile = log;
  return options;
}

ExitStatus waitForExit(ChildProcess& child) {
  for (int attempt = 0; attempt < 500; ++attempt) {
    if (std::optional<ExitStatus> exit = child.poll()) return *exit;
    std::this_thread::sleep_for(10ms);
  }
  ADD_FAILURE() << "pid " << child.pid() << " did not exit within 5s";
  return child.stop(0ms);
}

using kubelab::testing::eventually;

class ChildProcessTest : public ::testing::Test {
 protected:
  std::unique_ptr<kubelab::testing::TemporaryDirectory> directory_ = scratchDirectory();
  std::filesystem::path log_ = directory_->path() / "child.log";
};

TEST_F(ChildProcessTest, AppendsStdoutAndStderrToTheLogAcrossRuns) {
  for (const char* run : {"first", "second"}) {
    Result<std::unique_ptr<ChildProcess>> child =
        ChildProcess::launch(shell(std::string("echo ") + run + " out; echo " + run + " err >&2; exit 7", log_));
    ASSERT_TRUE(child.isOk()) << child.status().toString();
    ExitStatus exit = waitForExit(**child);
    EXPECT_FALSE(exit.signaled());
    EXPECT_EQ(exit.code(), 7);
    EXPECT_EQ(exit.describe(), "exited with code 7");
  }
  EXPECT_EQ(readFile(log_), "first out\nfirst err\nsecond out\nsecond err\n");
}

TEST_F(ChildProcessTest, AMissingExecutableIsNotFound) {
  LaunchOptions options = shell("", log_);
  options.executable = directory_->path() / "no-such-program";
  EXPECT_EQ(ChildProcess::launch(options).status().code(), StatusCode::NotFound);
}

TEST_F(ChildProcessTest, StopSendsSigtermFirst) {
  Result<std::unique_ptr<ChildProcess>> child = ChildProcess::launch(shell("exec sleep 30", log_));
  ASSERT_TRUE(child.isOk());
  ExitStatus exit = (*child)->stop(5s);
  EXPECT_TRUE(exit.signaled());
  EXPECT_EQ(exit.signal(), SIGTERM);
  EXPECT_EQ(exit.describe(), "killed by signal 15 (SIGTERM)");
}

TEST_F(ChildProcessTest, StopEscalatesToSigkillAfterTheGracePeriod) {
  Result<std::unique_ptr<ChildProcess>> child = ChildProcess::launch(shell("trap '' TERM; exec sleep 30", log_));
  ASSERT_TRUE(child.isOk());
  std::this_thread::sleep_for(100ms);  // let the shell install its trap
  auto started = std::chrono::steady_clock::now();
  ExitStatus exit = (*child)->stop(300ms);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 300ms);
  EXPECT_EQ(exit.signal(), SIGKILL);
}

TEST_F(ChildProcessTest, ChildrenDoNotInheritBlockedSignals) {
  // The supervisor daemon blocks the stop signals it waits for; its components must not.
  sigset_t terminate, previous;
  sigemptyset(&terminate);
  sigaddset(&terminate, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &terminate, &previous);
  Result<std::unique_ptr<ChildProcess>> child = ChildProcess::launch(shell("exec sleep 30", log_));
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  ASSERT_TRUE(child.isOk());
  EXPECT_EQ((*child)->stop(5s).signal(), SIGTERM);
}

TEST_F(ChildProcessTest, ChildrenDoNotInheritOtherDescriptors) {
  int leaked = ::open("/dev/null", O_RDONLY);  // deliberately without O_CLOEXEC
  ASSERT_GE(leaked, 3);
  std::string script = "if [ -e /proc/$$/fd/" + std::to_string(leaked) + " ]; then echo leaked; else echo closed; fi";
  Result<std::unique_ptr<ChildProcess>> child = ChildProcess::launch(shell(script, log_));
  ::close(leaked);
  ASSERT_TRUE(child.isOk());
  waitForExit(**child);
  EXPECT_EQ(readFile(log_), "closed\n");
}

TEST_F(ChildProcessTest, RunsInItsOwnProcessGroupOrSession) {
  Result<std::unique_ptr<ChildProcess>> grouped = ChildProcess::launch(shell("exec sleep 30", log_));
  LaunchOptions detached = shell("exec sleep 30", log_);
  detached.dieWithParent = false;
  detached.newSession = true;
  Result<std::unique_ptr<ChildProcess>> session = ChildProcess::launch(detached);
  ASSERT_TRUE(grouped.isOk() && session.isOk());
  EXPECT_TRUE(eventually([&] { return ::getpgid((*grouped)->pid()) == (*grouped)->pid(); }, 2s));
  EXPECT_TRUE(eventually([&] { return ::getsid((*session)->pid()) == (*session)->pid(); }, 2s));
  EXPECT_NE(::getsid((*grouped)->pid()), (*grouped)->pid());
}

TEST_F(ChildProcessTest, DiesWhenItsParentIsKilled) {
  int pipeEnds[2];
  ASSERT_EQ(::pipe(pipeEnds), 0);
  pid_t parent = ::fork();
  ASSERT_GE(parent, 0);
  if (parent == 0) {
    // The go-between: starts a child, reports its pid, and waits to be killed.
    Result<std::unique_ptr<ChildProcess>> child = ChildProcess::launch(shell("exec sleep 30", log_));
    int pid = child.isOk() ? (*child)->pid() : -1;
    (void)!::write(pipeEnds[1], &pid, sizeof pid);
    ::pause();
    ::_exit(0);
  }
  ::close(pipeEnds[1]);
  int childPid = -1;
  ASSERT_EQ(::read(pipeEnds[0], &childPid, sizeof childPid), static_cast<ssize_t>(sizeof childPid));
  ::close(pipeEnds[0]);
  ASSERT_GT(childPid, 0);
  EXPECT_TRUE(isProcessAlive(childPid));

  ::kill(parent, SIGKILL);
  ::waitpid(parent, nullptr, 0);
  EXPECT_TRUE(eventually([&] { return !isProcessAlive(childPid); }, 1s)) << "pid " << childPid << " outlived its parent";
}

// `kubelabctl up` warns about other clusters on the machine: it finds their supervisors by
// their arguments, `... supervise --state-dir DIR`, whoever started them.
TEST_F(ChildProcessTest, RunningSupervisorsAreFoundByTheirStateDirectory) {
  const std::filesystem::path state = "/tmp/kubelab-test-other-cluster-" + std::to_string(::getpid());
  LaunchOptions options = shell("sleep 30", log_);
  options.arguments.insert(options.arguments.end(), {"kubelab", "supervise", "--state-dir", state.string()});
  Result<std::unique_ptr<ChildProcess>> supervisor = ChildProcess::launch(options);
  ASSERT_TRUE(supervisor.isOk());
  auto found = [&] {
    std::vector<std::filesystem::path> running = runningSupervisorStateDirectories();
    return std::find(running.begin(), running.end(), state) != running.end();
  };
  EXPECT_TRUE(eventually(found, 2s));
  (*supervisor)->stop(500ms);
  EXPECT_TRUE(eventually([&] { return !found(); }, 2s));
}

TEST_F(ChildProcessTest, AReleasedChildOutlivesItsHandle) {
  int pid = 0;
  {
    Result<std::unique_ptr<ChildProcess>> child = ChildProcess::launch(shell("exec sleep 30", log_));
    ASSERT_TRUE(child.isOk());
    pid = (*child)->pid();
    (*child)->release();
  }
  EXPECT_TRUE(isProcessAlive(pid));
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

TEST_F(ChildProcessTest, DestroyingAHandleKillsItsChild) {
  int pid = 0;
  {
    Result<std::unique_ptr<ChildProcess>> child = ChildProcess::launch(shell("exec sleep 30", log_));
    ASSERT_TRUE(child.isOk());
    pid = (*child)->pid();
  }
  EXPECT_FALSE(isProcessAlive(pid));
}

}  // namespace
}  // namespace kubelab::supervisor
