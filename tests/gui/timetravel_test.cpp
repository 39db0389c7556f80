// Time travel: the recorder's round trip through SQLite (the model at any recorded moment is
// rebuilt exactly), resets, trimming, and replaying into a scene.

#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <boost/json/serialize.hpp>

#include "changelog.h"
#include "clusterobjects.h"
#include "clusterscene.h"
#include "fakeclustersource.h"
#include "nodeitem.h"
#include "poditem.h"

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

}  // namespace

class TimeTravelTest : public QObject {
  Q_OBJECT

 private slots:
  void replayRebuildsTheModelAtEveryRecordedMoment() {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("rec.sqlite"));
    ClusterModel model;
    auto source = std::make_unique<FakeClusterSource>();
    FakeClusterSource* feed = source.get();
    model.setSource(std::move(source));
    ChangeRecorder recorder(&model, path);

    // Twelve steps: nodes come, pods appear, get scheduled, run, and some are deleted.
    QList<qint64> times;
    QList<QMap<QString, QString>> states;
    for (int step = 0; step < 12; ++step) {
      if (step < 2) feed->upsert(ResourceKind::Node, makeNode("node-" + std::to_string(step + 1)));
      std::string pod = "web-" + std::to_string(step % 5);
      if (step < 5) {
        feed->upsert(ResourceKind::Pod, makePod(pod));
      } else if (step < 9) {
        feed->upsert(ResourceKind::Pod, makePod(pod, "node-1", "Running", true));
      } else {
        feed->remove(ResourceKind::Pod, makePod(pod, "node-1", "Running", true));
      }
      model.flushNow();
      times.append(QDateTime::currentMSecsSinceEpoch());
      states.append(snapshot(model));
      waitPast(times.last());
    }
    recorder.waitForWritten();

    ReplayModel replay(path);
    QCOMPARE(replay.timeRange().second, times.last());
    for (int step = 0; step < times.size(); ++step) {
      replay.showAt(times[step]);
      QCOMPARE(snapshot(*replay.model()), states[step]);
    }
    // Backwards too: the scrubber goes both ways.
    replay.showAt(times[3]);
    QCOMPARE(snapshot(*replay.model()), states[3]);
    replay.showAt(times.first() - 100000);
    QVERIFY(replay.model()->pods().isEmpty());
  }

  void aNewSourceStartsTheRecordingOver() {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("rec.sqlite"));
    ClusterModel model;
    auto first = std::make_unique<FakeClusterSource>();
    FakeClusterSource* feed = first.get();
    model.setSource(std::move(first));
    ChangeRecorder recorder(&model, path);
    feed->upsert(ResourceKind::Pod, makePod("ghost"));
    model.flushNow();
    qint64 before = QDateTime::currentMSecsSinceEpoch();
    waitPast(before);
    // The app reconnects; "ghost" was deleted while it was away and is not listed again.
    auto second = std::make_unique<FakeClusterSource>();
    feed = second.get();
    model.setSource(std::move(second));
    feed->upsert(ResourceKind::Pod, makePod("alive"));
    model.flushNow();
    qint64 after = QDateTime::currentMSecsSinceEpoch();
    recorder.waitForWritten();
    ReplayModel replay(path);
    replay.showAt(before);
    QCOMPARE(replay.model()->pods().keys(), QStringList{QStringLiteral("default/ghost")});
    replay.showAt(after);
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
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("rec.sqlite"));
    ClusterModel model;
    auto source = std::make_unique<FakeClusterSource>();
    FakeClusterSource* feed = source.get();
    model.setSource(std::move(source));
    ChangeRecorder recorder(&model, path);
    feed->upsert(ResourceKind::Node, makeNode("node-1"));
    feed->upsert(ResourceKind::Pod, makePod("web-1"));
    model.flushNow();
    qint64 unscheduled = QDateTime::currentMSecsSinceEpoch();
    waitPast(unscheduled);
    feed->upsert(ResourceKind::Pod, makePod("web-1", "node-1", "Running", true));
    model.flushNow();
    qint64 running = QDateTime::currentMSecsSinceEpoch();
    recorder.waitForWritten();

    ReplayModel replay(path);
    ClusterScene scene(replay.model());
    replay.showAt(unscheduled);
    QVERIFY(scene.podItem(QStringLiteral("default/web-1")));
    QVERIFY(scene.nodeItem(QStringLiteral("node-1")));
    QVERIFY(!replay.model()->pods().value(QStringLiteral("default/web-1")).scheduled());
    replay.showAt(running);
    QCOMPARE(replay.model()->pods().value(QStringLiteral("default/web-1")).node, QStringLiteral("node-1"));
    QCOMPARE(scene.podItemCount(), 1);
    // The live model was never touched by the replay.
    QCOMPARE(model.pods().size(), 1);
  }
};

QTEST_MAIN(TimeTravelTest)
#include "timetravel_test.moc"
