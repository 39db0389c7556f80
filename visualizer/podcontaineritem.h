#pragma once
// What holds pod chips: a node, or the lane of pods not yet scheduled. It lays its chips out in
// groups, one per owner (ReplicaSet, StatefulSet, DaemonSet, Job), sorted by owner, and within
// a group by creation time, so a new pod takes the next free place and nothing else moves.

#include <QGraphicsObject>
#include <QList>
#include <QPointer>
#include <QPropertyAnimation>

#include <functional>

#include "objectviews.h"

namespace kubelab::visualizer {

class PodItem;

class PodContainerItem : public QGraphicsObject {
  Q_OBJECT

 public:
  static constexpr qreal kPadding = 10;
  static constexpr qreal kGap = 6;
  static constexpr qreal kGroupTitleHeight = 17;

  using GroupTitle = std::function<QString(const PodView& pod)>;

  explicit PodContainerItem(QGraphicsItem* parent = nullptr);

  // Takes `pod` as a child, keeping where it is on screen so it can move from there.
  void adoptPod(PodItem* pod);
  void releasePod(PodItem* pod);
  const QList<PodItem*>& pods() const { return pods_; }

  qreal width() const { return width_; }
  void setWidth(qreal width);
  qreal height() const { return height_; }
  // Chips per row at this width.
  int columns() const;
  // Places every chip; returns whether the container's height changed.
  bool layoutPods(bool animate, const GroupTitle& groupTitle);

  // Where the scene's layout wants the container (its position may still be animating there).
  QPointF target() const { return target_; }
  void moveTo(QPointF target, bool animate);

  QRectF boundingRect() const override;

 protected:
  virtual qreal headerHeight() const = 0;
  virtual qreal minimumBodyHeight() const;
  void paintGroupTitles(QPainter* painter, const QColor& color) const;

 private:
  struct GroupTitleLine {
    QString text;
    qreal y;
  };

  QList<PodItem*> pods_;
  QList<GroupTitleLine> titles_;
  qreal width_ = 300;
  qreal height_ = 60;
  QPointF target_;
  bool placed_ = false;
  QPointer<QPropertyAnimation> move_;
};

}  // namespace kubelab::visualizer
