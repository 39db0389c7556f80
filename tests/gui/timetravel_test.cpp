// Time travel: the recorder's round trip through SQLite (the model at any recorded moment is
// rebuilt exactly), resets, trimming, replaying into a scene, and the replay's reads on its own
// thread (the latest moment asked for is the one shown).

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <boost/json/serialize.hpp>

#include <memory>

#include "changelog.h"
#include "clusterobjects.h"
#include "clusterscene.h"
#include "fakeclustersource.h"
#include "nodeitem.h"
#include "poditem.h"
#include "replaymodel.h"

using namespace kubelab::visualizer;
using testing::FakeClusterSource;
using testing::makeNode;
using testing::makePod;

namespace {

// What the model holds, as comparable text: every pod and node's JSON by key.
QMap<QString, QString> snapshot(const ClusterModel& model) {
  QMap<QString, QString> result;
  for (const QString& key : model.pods().keys())
    result.insert(QStringLiteral("Pod ") + key,
                  QString::fromStdString(boost::json::serialize(*model.object(ResourceKind::Pod, key))));
  for (const QString& key : model.nodes().keys())
    result.insert(QStringLiteral("Node ") + key,
                  QString::fromStdString(boost::json::serialize(*model.object(ResourceKind::Node, key))));
  return result;
}

void waitPast(qint64 msecs) {
  while (QDateTime::currentMSecsSinceEpoch() <= msecs) QThread::msleep(2);
}

// A model fed by hand and recorded into a temporary file, as the app records its live model.
struct Recording {
  QTemporaryDir dir;
  QString path = dir.filePath(QStringLiteral("rec.sqlite"));
  ClusterModel model;
  FakeClusterSource* feed = nullptr;
  std::unique_ptr<ChangeRecorder> recorder;

  Recording() {
    reconnect();
    recorder = std::make_unique<ChangeRecorder>(&model, path);
  }
  // The model gets a new source, as when the app reconnects.
  void reconnect() {
    auto source = std::make_unique<FakeClusterSource>();
    feed = source.get();
    model.setSource(std::move(source));
  }
  // Applies what was fed; returns the moment that state is recorded at, and waits until the
  // clock is past it, so the next state gets a later time.
  qint64 settle() {
    model.flushNow();
    qint64 now = QDateTime::currentMSecsSinceEpoch();
    waitPast(now);
    return now;
  }
};

// Twelve steps: nodes come, pods appear, get scheduled, run, and some are deleted. Returns
// each step's time and the model's state then.
QList<std::pair<qint64, QMap<QString, QString>>> recordTwelveSteps(Recording& recording) {
  QList<std::pair<qint64, QMap<QString, QString>>> steps;
  for (int step = 0; step < 12; ++step) {
    if (step < 2) recording.feed->upsert(ResourceKind::Node, makeNode("node-" + std::to_string(step + 1)));
    std::string pod = "web-" + std::to_string(step % 5);
    if (step < 5) {
      recording.feed->upsert(ResourceKind::Pod, makePod(pod));
    } else if (step < 9) {
      recording.feed->upsert(ResourceKind::Pod, makePod(pod, "node-1", "Running", true));
    } else {
      recording.feed->remove(ResourceKind::Pod, makePod(pod, "node-1", "Running", true));
    }
    qint64 time = recording.settle();
    steps.append({time, snapshot(recording.model)});
  }
  recording.recorder->waitForWritten();
  return steps;
}

// Asks for a moment and waits for the reader's answer to it.
[[nodiscard]] bool showAndWait(ReplayModel& replay, qint64 msecs) {
  QSignalSpy shown(&replay, &ReplayModel::shown);
  replay.showAt(msecs);
  return QTest::qWaitFor([&] { return !shown.isEmpty() && shown.last().at(0).toLongLong() == msecs; }, 5000);
}

}  // namespace

class TimeTravelTest : public QObject {
  Q_OBJECT

 private slots:
  void replayRebuildsTheModelAtEveryRecordedMoment() {
    Recording recording;
    auto steps = recordTwelveSteps(recording);

    ReplayModel replay(recording.path);
    QSignalSpy range(&replay, &ReplayModel::rangeRead);
    replay.refreshRange();
    QTRY_COMPARE(range.size(), 1);
    QCOMPARE(replay.timeRange().second, steps.last().first);
    for (const auto& [time, state] : steps) {
      QVERIFY(showAndWait(replay, time));
      QCOMPARE(snapshot(*replay.model()), state);
    }
    // Backwards too: the scrubber goes both ways.
    QVERIFY(showAndWait(replay, steps[3].first));
    QCOMPARE(snapshot(*replay.model()), steps[3].second);
    QVERIFY(showAndWait(replay, steps.first().first - 100000));
    QVERIFY(replay.model()->pods().isEmpty());
  }

  void scrubbingFastShowsTheLastMomentAskedFor() {
    Recording recording;
    auto steps = recordTwelveSteps(recording);
    ReplayModel replay(recording.path);
    QVERIFY(showAndWait(replay, steps.last().first));

    // A drag across the whole recording and back to step 3, faster than the reads.
    QSignalSpy shown(&replay, &ReplayModel::shown);
    for (const auto& step : steps) replay.showAt(step.first);
    replay.showAt(steps[3].first);
    QCOMPARE(replay.requestedAt(), steps[3].first);
    QCOMPARE(replay.shownAt(), steps.last().first);  // asking returned before anything was read
    QTRY_VERIFY(!shown.isEmpty() && shown.last().at(0).toLongLong() == steps[3].first);
    QCOMPARE(snapshot(*replay.model()), steps[3].second);
    // The GUI thread took one answer for the whole drag (two if the last read was still
    // running when it looked), not thirteen.
    QVERIFY2(shown.size() <= 2, qPrintable(QString::number(shown.size())));
    QTest::qWait(50);
    QCOMPARE(replay.shownAt(), steps[3].first);  // nothing older arrived after it
  }

  void aNewSourceStartsTheRecordingOver() {
    Recording recording;
    recording.feed->upsert(ResourceKind::Pod, makePod("ghost"));
    qint64 before = recording.settle();
    // The app reconnects; "ghost" was deleted while it was away and is not listed again.
    recording.reconnect();
    recording.feed->upsert(ResourceKind::Pod, makePod("alive"));
    qint64 after = recording.settle();
    recording.recorder->waitForWritten();
    ReplayModel replay(recording.path);
    QVERIFY(showAndWait(replay, before));
    QCOMPARE(replay.model()->pods().keys(), QStringList{QStringLiteral("default/ghost")});
    QVERIFY(showAndWait(replay, after));
    QCOMPARE(replay.model()->pods().keys(), QStringList{QStringLiteral("default/alive")});
  }

  void trimmingKeepsWhatLaterMomentsNeed() {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("rec.sqlite"));
    ChangeLog log(path);
    QVERIFY2(log.isOpen(), qPrintable(log.errorString()));
    log.appendReset(1);
    log.append(10, {makeObjectChange(ResourceKind::Pod, makePod("a"))});
    log.append(20, {makeObjectChange(ResourceKind::Pod, makePod("a", "node-1"))});
    log.append(30, {makeObjectChange(ResourceKind::Pod, makePod("b"))});
    log.append(40, {makeObjectChange(ResourceKind::Pod, makePod("b"), true)});
    log.append(50, {makeObjectChange(ResourceKind::Pod, makePod("c"))});
    auto before = log.stateAt(60);
    log.trimBefore(45);
    QCOMPARE(log.rowCount(), 3);  // the reset, a's last state, c
    auto after = log.stateAt(60);
    QCOMPARE(after.size(), before.size());
    QCOMPARE(after.size(), std::size_t{2});
    QCOMPARE(after[0].key, std::string("default/a"));
    QCOMPARE(boost::json::serialize(*after[0].object), boost::json::serialize(makePod("a", "node-1")));
  }

  void scrubbingReplaysIntoAScene() {
    Recording recording;
    recording.feed->upsert(ResourceKind::Node, makeNode("node-1"));
    recording.feed->upsert(ResourceKind::Pod, makePod("web-1"));
    qint64 unscheduled = recording.settle();
    recording.feed->upsert(ResourceKind::Pod, makePod("web-1", "node-1", "Running", true));
    qint64 running = recording.settle();
    recording.recorder->waitForWritten();

    ReplayModel replay(recording.path);
    ClusterScene scene(replay.model());
    QVERIFY(showAndWait(replay, unscheduled));
    QVERIFY(scene.podItem(QStringLiteral("default/web-1")));
    QVERIFY(scene.nodeItem(QStringLiteral("node-1")));
    QVERIFY(!replay.model()->pods().value(QStringLiteral("default/web-1")).scheduled());
    QVERIFY(showAndWait(replay, running));
    QCOMPARE(replay.model()->pods().value(QStringLiteral("default/web-1")).node, QStringLiteral("node-1"));
    QCOMPARE(scene.podItemCount(), 1);
    // The live model was never touched by the replay.
    QCOMPARE(recording.model.pods().size(), 1);
  }
};

QTEST_MAIN(TimeTravelTest)
#include "timetravel_test.moc"
