// The Logs tab fed by a fake source: it asks for the chosen container and instance, shows the
// answer, drops answers overtaken by a newer request, and never waits on the source.

#include <QSemaphore>
#include <QTest>
#include <QThreadPool>

#include <mutex>

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
  int count() {
    std::lock_guard lock(mutex);
    return static_cast<int>(requests.size());
  }
  LogRequest last() {
    std::lock_guard lock(mutex);
    return requests.empty() ? LogRequest{} : requests.back();
  }

  std::mutex mutex;
  std::vector<LogRequest> requests;
  bool blocking = false;
  QSemaphore gate;
};

}  // namespace

class LogsViewTest : public QObject {
  Q_OBJECT

 private slots:
  void pathIsTheApisLogSubresource() {
    QCOMPARE(logPath({"default", "web-1", "nginx", false, 100}),
             QStringLiteral("/api/v1/namespaces/default/pods/web-1/log?container=nginx&tailLines=100"));
    QCOMPARE(logPath({"kube-system", "dns", "", true, 0}),
             QStringLiteral("/api/v1/namespaces/kube-system/pods/dns/log?previous=true"));
  }

  void showsTheChosenContainersLog() {
    auto source = std::make_shared<FakeLogSource>();
    LogsView view;
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
    view.setSource(source);
    view.setPod("default", "broken", {"c"});
    QTRY_VERIFY(view.statusText().contains(QStringLiteral("pods \"broken\" not found")));
    QVERIFY(view.text().isEmpty());
  }

  void theGuiNeverWaitsAndStaleAnswersAreDropped() {
    auto source = std::make_shared<FakeLogSource>();
    source->blocking = true;
    LogsView view;
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

  void followFetchesAgain() {
    auto source = std::make_shared<FakeLogSource>();
    LogsView view;
    view.setSource(source);
    view.setPod("default", "web-1", {"c"});
    QTRY_COMPARE(view.text(), QStringLiteral("log of web-1/c"));
    int before = view.fetches();
    QTRY_VERIFY_WITH_TIMEOUT(view.fetches() > before, 5000);
    view.followToggle()->setChecked(false);
    int stopped = view.fetches();
    QTest::qWait(static_cast<int>(LogsView::kFollowInterval.count()) + 300);
    QCOMPARE(view.fetches(), stopped);
  }

  void cleanupTestCase() { QThreadPool::globalInstance()->waitForDone(); }
};

QTEST_MAIN(LogsViewTest)
#include "logsview_test.moc"
