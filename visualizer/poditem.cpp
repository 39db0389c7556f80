#include "poditem.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPropertyAnimation>
#include <QStyleOptionGraphicsItem>

#include <utility>

namespace kubelab::visualizer {

namespace {

QFont chipFont() {
  QFont font;
  font.setPointSizeF(8);
  return font;
}

constexpr qreal kTerminatingOpacity = 0.45;

}  // namespace

PodItem::PodItem(const PodView& pod, QGraphicsItem* parent) : QGraphicsObject(parent), pod_(pod) {
  setFlag(ItemIsSelectable);
  // A chip's look changes only with its pod: cache it, so moving and repainting neighbours
  // costs a pixmap blit instead of text layout.
  setCacheMode(DeviceCoordinateCache);
  setToolTip(pod.key);
  setZValue(1);
  if (pod.displayState() == PodDisplayState::Terminating) setOpacity(kTerminatingOpacity);
}

void PodItem::setPod(const PodView& pod) {
  bool wasTerminating = pod_.displayState() == PodDisplayState::Terminating;
  pod_ = pod;
  setToolTip(pod.key);
  bool terminating = pod_.displayState() == PodDisplayState::Terminating;
  if (terminating && !wasTerminating && !leaving_) fadeTo(kTerminatingOpacity);
  update();
}

void PodItem::moveToSlot(QPointF slot, bool animate) {
  slot_ = slot;
  if (!placed_ || !animate) {
    placed_ = true;
    if (move_) move_->stop();
    setPos(slot);
    return;
  }
  if (move_ && move_->state() == QAbstractAnimation::Running && move_->endValue().toPointF() == slot) return;
  if (pos() == slot) return;
  if (move_) move_->stop();
  auto* animation = new QPropertyAnimation(this, "pos", this);
  animation->setDuration(kMoveMilliseconds);
  animation->setEasingCurve(QEasingCurve::InOutCubic);
  animation->setStartValue(pos());
  animation->setEndValue(slot);
  move_ = animation;
  animation->start(QAbstractAnimation::DeleteWhenStopped);
}

bool PodItem::isMoving() const { return move_ && move_->state() == QAbstractAnimation::Running; }

void PodItem::setDimmed(bool dimmed) {
  if (dimmed == dimmed_) return;
  dimmed_ = dimmed;
  update();
}

void PodItem::fadeTo(qreal opacity) {
  if (fade_) fade_->stop();
  auto* animation = new QPropertyAnimation(this, "opacity", this);
  animation->setDuration(kFadeMilliseconds);
  animation->setStartValue(this->opacity());
  animation->setEndValue(opacity);
  fade_ = animation;
  animation->start(QAbstractAnimation::DeleteWhenStopped);
}

void PodItem::fadeOut(std::function<void()> done) {
  leaving_ = true;
  setFlag(ItemIsSelectable, false);
  fadeTo(0.0);
  connect(fade_, &QAbstractAnimation::finished, this, [done = std::move(done)] { done(); });
}

QRectF PodItem::boundingRect() const { return QRectF(-1, -1, kWidth + 2, kHeight + 2); }

QColor PodItem::fillColor(PodDisplayState state) {
  switch (state) {
    case PodDisplayState::Pending: return QColor(0xF2, 0xA9, 0x00);
    case PodDisplayState::Running: return QColor(0x2E, 0x9D, 0x5B);
    case PodDisplayState::Succeeded: return QColor(0x3B, 0x7D, 0xD8);
    case PodDisplayState::Failed: return QColor(0xD6, 0x45, 0x45);
    case PodDisplayState::Terminating: return QColor(0x8A, 0x8F, 0x98);
    case PodDisplayState::Unknown: return QColor(0x6B, 0x72, 0x80);
  }
  return Qt::gray;
}

QColor PodItem::textColor(PodDisplayState state) {
  return state == PodDisplayState::Pending ? QColor(0x1F, 0x23, 0x28) : QColor(Qt::white);
}

void PodItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
  PodDisplayState state = pod_.displayState();
  QColor fill = dimmed_ ? QColor(0xB8, 0xBC, 0xC2) : fillColor(state);
  QRectF chip(0, 0, kWidth, kHeight);
  bool selected = option->state & QStyle::State_Selected;
  painter->setPen(selected ? QPen(QColor(0x11, 0x18, 0x27), 2) : QPen(fill.darker(130), 1));
  if (state == PodDisplayState::Terminating) painter->setPen(QPen(fill.darker(150), 1, Qt::DashLine));
  painter->setBrush(fill);
  painter->drawRoundedRect(chip, 7, 7);

  // Zoomed far out, the color says enough and text would only cost time.
  qreal detail = QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
  if (detail < 0.45) return;

  QColor text = dimmed_ ? QColor(0x3F, 0x45, 0x4D) : textColor(state);
  // Readiness: a filled dot when ready, a ring when not.
  QRectF mark(6, kHeight / 2 - 4, 8, 8);
  painter->setPen(QPen(text, 1.4));
  painter->setBrush(pod_.ready ? QBrush(text) : Qt::NoBrush);
  painter->drawEllipse(mark);

  painter->setFont(chipFont());
  QFontMetricsF metrics(painter->font());
  QString restarts = pod_.restarts > 0 ? QStringLiteral("↻%1").arg(pod_.restarts) : QString();
  qreal restartsWidth = restarts.isEmpty() ? 0 : metrics.horizontalAdvance(restarts) + 6;
  QRectF nameRect(19, 0, kWidth - 19 - 6 - restartsWidth, kHeight);
  painter->setPen(text);
  painter->drawText(nameRect, Qt::AlignVCenter | Qt::AlignLeft,
                    metrics.elidedText(pod_.name, Qt::ElideMiddle, nameRect.width()));
  if (!restarts.isEmpty()) {
    painter->drawText(QRectF(kWidth - restartsWidth - 4, 0, restartsWidth, kHeight), Qt::AlignVCenter | Qt::AlignRight,
                      restarts);
  }
}

}  // namespace kubelab::visualizer
