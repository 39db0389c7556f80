#include "inspectordock.h"

#include <QEvent>
#include <QFontDatabase>
#include <QScrollBar>
#include <QVBoxLayout>

#include "objectyaml.h"

namespace kubelab::app {

InspectorDock::InspectorDock(visualizer::ClusterModel* model, QWidget* parent)
    : QDockWidget(parent), model_(model), title_(new QLabel), yaml_(new QPlainTextEdit) {
  setObjectName(QStringLiteral("inspectorDock"));
  auto* body = new QWidget;
  auto* layout = new QVBoxLayout(body);
  layout->setContentsMargins(4, 4, 4, 4);
  title_->setWordWrap(true);
  QFont titleFont = title_->font();
  titleFont.setBold(true);
  title_->setFont(titleFont);
  yaml_->setReadOnly(true);
  yaml_->setLineWrapMode(QPlainTextEdit::NoWrap);
  yaml_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  layout->addWidget(title_);
  layout->addWidget(yaml_);
  setWidget(body);
  connect(model_, &visualizer::ClusterModel::objectChanged, this,
          [this](visualizer::ResourceKind kind, const QString& key) {
            if (kind == kind_ && key == key_) refresh();
          });
  connect(model_, &visualizer::ClusterModel::cleared, this, [this] { inspect(kind_, QString()); });
  retranslateUi();
}

void InspectorDock::inspect(visualizer::ResourceKind kind, const QString& key) {
  kind_ = kind;
  key_ = key;
  yaml_->verticalScrollBar()->setValue(0);
  refresh();
}

void InspectorDock::refresh() {
  if (key_.isEmpty()) {
    title_->setText(tr("Click a pod, node or Service in the cluster view."));
    yaml_->clear();
    return;
  }
  title_->setText(QString::fromLatin1(visualizer::resourceKindName(kind_)) + QLatin1Char(' ') + key_);
  visualizer::ObjectPointer object = model_->object(kind_, key_);
  if (!object) {
    yaml_->setPlainText(tr("This object no longer exists."));
    return;
  }
  int scroll = yaml_->verticalScrollBar()->value();
  yaml_->setPlainText(visualizer::objectYaml(*object));
  yaml_->verticalScrollBar()->setValue(scroll);
}

void InspectorDock::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QDockWidget::changeEvent(event);
}

void InspectorDock::retranslateUi() {
  setWindowTitle(tr("Inspector"));
  refresh();
}

}  // namespace kubelab::app
