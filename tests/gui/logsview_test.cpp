// The Logs tab fed by a fake source: it asks for the chosen container and instance, shows the
// answer, drops answers overtaken by a newer request, and never waits on the source. Following
// streams: pieces are appended as they come (in batches, capped), stopping or choosing another
// pod ends the stream, and a stream's end is shown with an offer to follow again. RestLogSource
// follows a real chunked HTTP answer.

#include <QElapsedTimer>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "backgroundwork.h"
#include "http/httpserver.h"
#include "logsview.h"

using namespace kubelab::app;

namespace {

class FakeLogSource final : public LogSource {
 public:
  LogResult fetch(const LogRequest& request) override {
    {
      std::lock_guard lock(mutex);
      requests.push_back(request);
    }
    if (blocking) gate.acquire();
    if (request.pod == QLatin1String("broken")) return {false, {}, QStringLiteral("pods \"broken\" not found")};
    return {true,
            QStringLiteral("log of %1/%2%3\n").arg(request.pod, request.container,
                                                   request.previous ? QStringLiteral(" (previous)") : QString()),
            {}};
  }

  // Streams what the test feeds until it ends the stream or the caller stops.
  LogStreamEnd follow(const LogRequest& request, const LogDataHandler& onData, const std::atomic<bool>& stop) override {
    std::unique_lock lock(mutex);
    requests.push_back(request);
    ++following;
    if (request.pod == QLatin1String("broken")) {
      --following;
      return {LogStreamEnd::Reason::Failed, QStringLiteral("container \"c\" is waiting to start"), false};
    }
    onData({});
    bool received = false;
    for (;;) {
      if (stop) {
        --following;
        ++stopped;
        changed.notify_all();
        return {LogStreamEnd::Reason::Stopped, {}, received};
      }
      if (!pieces.empty()) {
        std::string piece = std::move(pieces.front());
        pieces.pop_front();
        lock.unlock();
        onData(piece);
        received = true;
        lock.lock();
        continue;
      }
      if (endRequested) {
        endRequested = false;
        --following;
        changed.notify_all();
        return {LogStreamEnd::Reason::Ended, {}, received};
      }
      changed.wait_for(lock, std::chrono::milliseconds(10));
    }
  }

  void feed(std::string piece) {
    std::lock_guard lock(mutex);
    pieces.push_back(std::move(piece));
    changed.notify_all();
  }
  void endStream() {
    std::lock_guard lock(mutex);
    endRequested = true;
    changed.notify_all();
  }
  int followers() {
    std::lock_guard lock(mutex);
    return following;
  }
  int stops() {
    std::lock_guard lock(mutex);
    return stopped;
  }
  int count() {
    std::lock_guard lock(mutex);
    return static_cast<int>(requests.size());
  }
  LogRequest last() {
    std::lock_guard lock(mutex);
    return requests.empty() ? LogRequest{} : requests.back();
  }

  std::mutex mutex;
  std::condition_variable changed;
  std::vector<LogRequest> requests;
  std::deque<std::string> pieces;
  bool endRequested = false;
  int following = 0;
  int stopped = 0;
  bool blocking = false;
  QSemaphore gate;
};

// The API server's answer about a pod that does not exist.
constexpr const char* kGoneStatus =
    "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
    "\"message\":\"pods \\\"gone\\\" not found\",\"reason\":\"NotFound\",\"code\":404}";

// A view following web-1's container c through `source`, the stream open.
void startFollowing(LogsView& view, const std::shared_ptr<FakeLogSource>& source) {
  view.setSource(source);
  view.setPod("default", "web-1", {"c"});
  QTRY_COMPARE(source->followers(), 1);
  QTRY_VERIFY(view.statusText().contains(QStringLiteral("Following")));
}

}  // namespace

class LogsViewTest : public QObject {
  Q_OBJECT

 private slots:
  void pathIsTheApisLogSubresource() {
    QCOMPARE(logPath({"default", "web-1", "nginx", false, 100}),
             QStringLiteral("/api/v1/namespaces/default/pods/web-1/log?container=nginx&tailLines=100"));
    QCOMPARE(logPath({"kube-system", "dns", "", true, 0}),
             QStringLiteral("/api/v1/namespaces/kube-system/pods/dns/log?previous=true"));
    QCOMPARE(logPath({"default", "web-1", "nginx", false, 500, true}),
             QStringLiteral("/api/v1/namespaces/default/pods/web-1/log?follow=true&container=nginx&tailLines=500"));
  }

  void showsTheChosenContainersLog() {
    auto source = std::make_shared<FakeLogSource>();
    LogsView view;
    view.followToggle()->setChecked(false);
    view.setSource(source);
    view.setPod("default", "web-1", {"nginx", "sidecar"});
    QTRY_COMPARE(view.text(), QStringLiteral("log of web-1/nginx"));
    QCOMPARE(source->last(), (LogRequest{"default", "web-1", "nginx", false, 500}));

    view.containerChooser()->setCurrentIndex(1);
    QTRY_COMPARE(view.text(), QStringLiteral("log of web-1/sidecar"));
    view.previousToggle()->setChecked(true);
    QTRY_COMPARE(view.text(), QStringLiteral("log of web-1/sidecar (previous)"));
    QCOMPARE(source->last().previous, true);

    // The same pod again (it changed) keeps the chosen container.
    view.setPod("default", "web-1", {"nginx", "sidecar"});
    QCOMPARE(view.containerChooser()->currentText(), QStringLiteral("sidecar"));
  }

  void anErrorIsShownNotThrown() {
    auto source = std::make_shared<FakeLogSource>();
    LogsView view;
    view.followToggle()->setChecked(false);
    view.setSource(source);
    view.setPod("default", "broken", {"c"});
    QTRY_VERIFY(view.statusText().contains(QStringLiteral("pods \"broken\" not found")));
    QVERIFY(view.text().isEmpty());
  }

  void theGuiNeverWaitsAndStaleAnswersAreDropped() {
    auto source = std::make_shared<FakeLogSource>();
    source->blocking = true;
    LogsView view;
    view.followToggle()->setChecked(false);
    view.setSource(source);
    view.setPod("default", "slow", {"c"});  // returns although the source blocks
    QTRY_COMPARE(source->count(), 1);
    QVERIFY(view.statusText().contains(QStringLiteral("Fetching")));
    view.setPod("default", "fast", {"c"});
    QTRY_COMPARE(source->count(), 2);
    source->gate.release(2);
    QTRY_COMPARE(view.text(), QStringLiteral("log of fast/c"));
    QTest::qWait(50);
    QCOMPARE(view.text(), QStringLiteral("log of fast/c"));  // slow's answer came and was dropped
  }

  void followingAppendsPiecesAsTheyCome() {
    auto source = std::make_shared<FakeLogSource>();
    LogsView view;
    startFollowing(view, source);
    QCOMPARE(source->last(), (LogRequest{"default", "web-1", "c", false, 500, true}));
    QCOMPARE(view.fetches(), 0);  // one stream, no polling
    source->feed("first\nsec");
    source->feed("ond\n");
    QTRY_COMPARE(view.text(), QStringLiteral("first\nsecond"));
    // A character cut between two pieces arrives whole ("한" is ED 95 9C in UTF-8).
    source->feed("\xed\x95");
    source->feed("\x9c\n");
    QTRY_COMPARE(view.text(), QStringLiteral("first\nsecond\n한"));
    QCOMPARE(view.streams(), 1);
  }

  void aChattyContainerIsBatchedAndCapped() {
    auto source = std::make_shared<FakeLogSource>();
    LogsView view;
    startFollowing(view, source);
    QSignalSpy shown(&view, &LogsView::logShown);
    const int lines = LogsView::kMaxLines + 1000;
    for (int line = 0; line < lines; ++line) source->feed("line " + std::to_string(line) + "\n");
    QTRY_VERIFY(view.text().endsWith(QStringLiteral("line %1").arg(lines - 1)));
    QCOMPARE(view.lineCount(), LogsView::kMaxLines);
    QVERIFY(view.text().startsWith(QStringLiteral("line %1\n").arg(lines - LogsView::kMaxLines)));
    // Thousands of pieces, a handful of appends on the GUI thread.
    QVERIFY2(shown.count() < 100, qPrintable(QString::number(shown.count())));
  }

  void stoppingEndsTheStream() {
    auto source = std::make_shared<FakeLogSource>();
    LogsView view;
    startFollowing(view, source);
    source->feed("before\n");
    QTRY_COMPARE(view.text(), QStringLiteral("before"));
    view.followToggle()->setChecked(false);
    QVERIFY(!view.isFollowing());
    QTRY_COMPARE(source->followers(), 0);
    QCOMPARE(source->stops(), 1);
    QVERIFY(view.statusText().contains(QStringLiteral("Not following")));
    QCOMPARE(view.text(), QStringLiteral("before"));  // what was shown stays
    // Following again reads the tail anew on a new stream.
    view.followToggle()->setChecked(true);
    QTRY_COMPARE(source->followers(), 1);
    QCOMPARE(view.streams(), 2);
    QVERIFY(view.text().isEmpty());
  }

  void anotherPodOrClosingEndsTheStream() {
    auto source = std::make_shared<FakeLogSource>();
    {
      LogsView view;
      startFollowing(view, source);
      view.setPod("default", "web-2", {"c"});
      QTRY_COMPARE(source->stops(), 1);
      QTRY_COMPARE(source->followers(), 1);
      QCOMPARE(source->last().pod, QStringLiteral("web-2"));
      source->feed("from web-2\n");
      QTRY_COMPARE(view.text(), QStringLiteral("from web-2"));
      view.setPod("default", "web-2", {"c"});  // the same pod changed: the stream goes on
      QCOMPARE(view.streams(), 2);
      QVERIFY(view.isFollowing());
    }
    // The window closed: the stream's thread stops on its own, soon.
    QElapsedTimer closing;
    closing.start();
    QTRY_COMPARE(source->followers(), 0);
    QVERIFY(closing.elapsed() < 1000);
    QCOMPARE(source->stops(), 2);
  }

  void theStreamsEndIsShownAndCanBeFollowedAgain() {
    auto source = std::make_shared<FakeLogSource>();
    LogsView view;
    startFollowing(view, source);
    source->feed("last words\n");
    source->endStream();
    QTRY_VERIFY(view.statusText().contains(QStringLiteral("ended")));
    QCOMPARE(view.text(), QStringLiteral("last words"));
    QVERIFY(!view.isFollowing());
    QVERIFY(!view.followAgainButton()->isHidden());
    view.followAgainButton()->click();
    QTRY_COMPARE(source->followers(), 1);
    QCOMPARE(view.streams(), 2);
    QVERIFY(view.followAgainButton()->isHidden());
  }

  void aRefusedFollowIsTriedAgain() {
    auto source = std::make_shared<FakeLogSource>();
    LogsView view;
    view.setSource(source);
    view.setPod("default", "broken", {"c"});
    QTRY_VERIFY(view.statusText().contains(QStringLiteral("waiting to start")));
    QTRY_VERIFY_WITH_TIMEOUT(view.streams() >= 2, static_cast<int>(LogsView::kRetryInterval.count()) + 2000);
    view.followToggle()->setChecked(false);
    const int streams = view.streams();
    QTest::qWait(static_cast<int>(LogsView::kRetryInterval.count()) + 300);
    QCOMPARE(view.streams(), streams);
  }

  void restLogSourceFollowsAChunkedAnswer() {
    // A stand-in API server: the pod's log streamed chunk by chunk, held open until told.
    std::mutex mutex;
    std::shared_ptr<kubelab::http::Exchange> open;
    std::string target;
    std::atomic<bool> disconnected{false};
    kubelab::http::Server server({}, [&](const kubelab::http::Request& request,
                                         std::shared_ptr<kubelab::http::Exchange> exchange) {
      if (request.path() == "/api/v1/namespaces/default/pods/crashing/log") {
        // A server that dies mid-answer: part of a chunked body, then the connection closes.
        exchange->takeOver([](std::string_view) {}, [] {});
        exchange->writeRaw("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "a\r\ntail line\n\r\n");
        return exchange->closeConnection();
      }
      if (request.path() != "/api/v1/namespaces/default/pods/web-1/log") {
        return exchange->respond(404, "application/json", kGoneStatus);
      }
      exchange->onDisconnect([&] { disconnected = true; });
      exchange->startStream(200, "text/plain");
      exchange->writeChunk("tail line\n");
      std::lock_guard lock(mutex);
      target = request.target;
      open = exchange;
    });
    auto port = server.listen("127.0.0.1", 0);
    QVERIFY(port.isOk());
    server.start();
    kubelab::client::RestConfig config;
    config.host = "127.0.0.1";
    config.port = *port;
    RestLogSource source(config);
    auto follow = [&source](const LogRequest& request, std::atomic<bool>& stop, std::string& received) {
      return source.follow(request, [&received](std::string_view bytes) { received += bytes; }, stop);
    };

    // The stream ends when the server ends the answer.
    std::atomic<bool> stop{false};
    std::string received;
    LogStreamEnd end;
    std::thread reader([&] { end = follow({"default", "web-1", "c", false, 500}, stop, received); });
    QTRY_VERIFY([&] { std::lock_guard lock(mutex); return open != nullptr; }());
    {
      std::lock_guard lock(mutex);
      QCOMPARE(QString::fromStdString(target),
               QStringLiteral("/api/v1/namespaces/default/pods/web-1/log?follow=true&container=c&tailLines=500"));
      open->writeChunk("more\n");
      open->finish();
      open.reset();
    }
    reader.join();
    QCOMPARE(end.reason, LogStreamEnd::Reason::Ended);
    QCOMPARE(received, std::string("tail line\nmore\n"));

    // Stopping closes the connection soon, though the server sends nothing.
    received.clear();
    reader = std::thread([&] { end = follow({"default", "web-1", "c", false, 500}, stop, received); });
    QTRY_COMPARE(received, std::string("tail line\n"));
    QElapsedTimer stopping;
    stopping.start();
    stop = true;
    reader.join();
    QVERIFY(stopping.elapsed() < 1000);
    QCOMPARE(end.reason, LogStreamEnd::Reason::Stopped);
    // The connection is closed: the server's next writes fail.
    QTRY_VERIFY([&] {
      std::lock_guard lock(mutex);
      open->writeChunk("after stop\n");
      return disconnected.load();
    }());
    {
      std::lock_guard lock(mutex);
      open.reset();
    }

    // A refusal is the server's message.
    stop = false;
    end = follow({"default", "gone", "c", false, 500}, stop, received);
    QCOMPARE(end.reason, LogStreamEnd::Reason::Failed);
    QVERIFY(!end.received);
    QVERIFY2(end.error.contains(QStringLiteral("pods \"gone\" not found")), qPrintable(end.error));

    // The server going away mid-stream is a broken stream, not an end.
    received.clear();
    end = follow({"default", "crashing", "c", false, 500}, stop, received);
    QCOMPARE(end.reason, LogStreamEnd::Reason::Failed);
    QVERIFY(end.received);
    QCOMPARE(received, std::string("tail line\n"));
    server.stop();
  }

  void cleanupTestCase() {
    QThreadPool::globalInstance()->waitForDone();
    waitForBackgroundWork();
  }
};

QTEST_MAIN(LogsViewTest)
#include "logsview_test.moc"
