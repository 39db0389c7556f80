#pragma once
// A pod as a rounded chip: colored by phase, a readiness mark, its name and restart count.
// Its container (a node, or the unscheduled lane) decides where it sits; the chip animates
// there, fades to half while terminating and fades out when the pod is gone.

#include <QGraphicsObject>
#include <QPointer>
#include <QVariantAnimation>

#include <functional>

#include "objectviews.h"

namespace kubelab::visualizer {

class PodContainerItem;

class PodItem : public QGraphicsObject {
  Q_OBJECT

 public:
  static constexpr qreal kWidth = 168;
  static constexpr qreal kHeight = 24;
  static constexpr int kMoveMilliseconds = 400;
  static constexpr int kFadeMilliseconds = 350;

  explicit PodItem(const PodView& pod, QGraphicsItem* parent = nullptr);

  const PodView& pod() const { return pod_; }
  void setPod(const PodView& pod);

  PodContainerItem* container() const { return container_; }
  void setContainer(PodContainerItem* container) { container_ = container; }
  // Where the layout wants the chip, in its container's coordinates.
  QPointF slot() const { return slot_; }
  // Moves there: at once when `animate` is false or the chip is new, else over kMoveMilliseconds.
  void moveToSlot(QPointF slot, bool animate);
  bool isMoving() const;
  // A pod on a NotReady node is drawn grey.
  void setDimmed(bool dimmed);
  bool dimmed() const { return dimmed_; }
  // Fades out, then calls `done` (which removes and deletes the chip).
  void fadeOut(std::function<void()> done);
  bool isLeaving() const { return leaving_; }

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

  // Phase colors, shared with the legend.
  static QColor fillColor(PodDisplayState state);
  static QColor textColor(PodDisplayState state);

 private:
  void fadeTo(qreal opacity);

  PodView pod_;
  PodContainerItem* container_ = nullptr;
  QPointF slot_;
  bool placed_ = false;
  bool dimmed_ = false;
  bool leaving_ = false;
  QPointer<QVariantAnimation> move_;
  QPointer<QVariantAnimation> fade_;
};

}  // namespace kubelab::visualizer
