// The control channel's protocol: one JSON line each way over a 0600 Unix socket.
#include "supervisor/controlchannel.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "scratchdirectory.h"

namespace kubelab::supervisor {
namespace {

namespace json = boost::json;

TEST(ControlChannelTest, AnswersRequestsAndCarriesErrorsWithTheirCodes) {
  auto directory = scratchDirectory();
  std::filesystem::path socket = directory->path() / "supervisor.sock";
  Result<std::unique_ptr<ControlServer>> server = ControlServer::listen(socket, [](const json::object& request) {
    if (request.at("command").as_string() == "echo") return okAnswer(std::string(request.at("text").as_string()));
    return errorAnswer(notFound("no such thing; things: a, b"));
  });
  ASSERT_TRUE(server.isOk()) << server.status().toString();
  struct stat info {};
  ASSERT_EQ(::stat(socket.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  Result<json::object> echoed = callControl(socket, json::object{{"command", "echo"}, {"text", "hello"}});
  ASSERT_TRUE(echoed.isOk()) << echoed.status().toString();
  Result<json::object> ok = answerResult(*echoed);
  ASSERT_TRUE(ok.isOk());
  EXPECT_EQ(ok->at("message").as_string(), "hello");

  Result<json::object> refused = callControl(socket, json::object{{"command", "other"}});
  ASSERT_TRUE(refused.isOk());
  Status error = answerResult(*refused).status();
  EXPECT_EQ(error.code(), StatusCode::NotFound);
  EXPECT_EQ(error.message(), "no such thing; things: a, b");

  (*server)->stop();
  EXPECT_FALSE(std::filesystem::exists(socket));
  Result<json::object> gone = callControl(socket, json::object{{"command", "echo"}});
  EXPECT_EQ(gone.status().code(), StatusCode::Unavailable);
  EXPECT_NE(gone.status().message().find("kubelabctl up"), std::string::npos);
}

TEST(ControlChannelTest, WorksInADirectoryDeeperThanASocketAddressHolds) {
  auto directory = scratchDirectory();
  std::filesystem::path deep = directory->path() / std::string(60, 'd') / std::string(60, 'e');
  std::filesystem::create_directories(deep);
  std::filesystem::path socket = deep / "supervisor.sock";
  ASSERT_GT(socket.string().size(), 108u);
  Result<std::unique_ptr<ControlServer>> server =
      ControlServer::listen(socket, [](const json::object&) { return okAnswer("deep"); });
  ASSERT_TRUE(server.isOk()) << server.status().toString();
  Result<json::object> answer = callControl(socket, json::object{{"command", "x"}});
  ASSERT_TRUE(answer.isOk()) << answer.status().toString();
  EXPECT_EQ(answer->at("message").as_string(), "deep");
}

TEST(ControlChannelTest, ABadRequestGetsABadRequestAnswer) {
  auto directory = scratchDirectory();
  std::filesystem::path socket = directory->path() / "s.sock";
  auto server = ControlServer::listen(socket, [](const json::object&) { return okAnswer("never"); });
  ASSERT_TRUE(server.isOk());
  EXPECT_EQ(statusCodeFromName("Conflict"), StatusCode::Conflict);
  EXPECT_EQ(statusCodeFromName("Nonsense"), StatusCode::Internal);
  EXPECT_EQ(answerResult(errorAnswer(badRequest("x"))).status().code(), StatusCode::BadRequest);
}

}  // namespace
}  // namespace kubelab::supervisor
