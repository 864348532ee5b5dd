#include "ui/profileeditor.h"

#include "models/profilelistmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

// Wide on purpose: the ranges are the import rules' to enforce (and to explain), not the spin box's.
constexpr int widestNumber = 999999999;

QString withoutMnemonic(QString label)
{
    return label.remove(QRegularExpression(QStringLiteral("&(?!&)")));
}

// {"a": {"b": value}} for "a.b", {"a": value} for "a".
QJsonObject nest(const QString &key, const QJsonValue &value)
{
    const qsizetype dot = key.indexOf(QLatin1Char('.'));
    if (dot < 0)
        return QJsonObject{{key, value}};
    return QJsonObject{{key.left(dot), QJsonObject{{key.mid(dot + 1), value}}}};
}

QJsonValue lookup(const QJsonObject &object, const QString &key)
{
    const qsizetype dot = key.indexOf(QLatin1Char('.'));
    if (dot < 0)
        return object.value(key);
    return object.value(key.left(dot)).toObject().value(key.mid(dot + 1));
}

void insertNested(QJsonObject &object, const QString &key, const QJsonValue &value)
{
    const qsizetype dot = key.indexOf(QLatin1Char('.'));
    if (dot < 0) {
        object.insert(key, value);
        return;
    }
    const QString section = key.left(dot);
    QJsonObject inner = object.value(section).toObject();
    inner.insert(key.mid(dot + 1), value);
    object.insert(section, inner);
}

} // namespace

ProfileEditor::ProfileEditor(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_problemsLabel(new QLabel(this))
    , m_warningsLabel(new QLabel(this))
{
    auto *content = new QWidget;
    auto *sections = new QVBoxLayout(content);
    auto group = [&](const QString &title) {
        auto *box = new QGroupBox(title, content);
        auto *form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        sections->addWidget(box);
        return form;
    };

    // Field mnemonics leave out the letters of the dialog's tabs and buttons (P C G N D U S V).
    // The kind: where orders go and whether the profile writes the shop's orders; saving a change asks.
    QFormLayout *kind = group(tr("Environment"));
    addField(kind, QStringLiteral("kind"), tr("Kind:"), Type::Kind);

    QFormLayout *ylh = group(tr("YLH (易理货) services"));
    addField(ylh, QStringLiteral("ylh.authBaseUrl"), tr("&Auth base URL:"), Type::Url);
    addField(ylh, QStringLiteral("ylh.orderBaseUrl"), tr("&Order base URL (jst-order):"), Type::Url);
    addField(ylh, QStringLiteral("ylh.orderServiceBaseUrl"), tr("Order-serv&ice base URL:"), Type::Url);
    addField(ylh, QStringLiteral("ylh.stockBaseUrl"), tr("Stoc&k base URL:"), Type::Url);

    QFormLayout *openplat = group(tr("Haier open platform"));
    addField(openplat, QStringLiteral("openplat.baseUrl"), tr("Open plat&form base URL:"), Type::Url);
    addField(openplat, QStringLiteral("openplat.tokenPath"), tr("Token pat&h:"), Type::Text);

    QFormLayout *codes = group(tr("Shop codes"));
    addField(codes, QStringLiteral("codes.sourceSystem"), tr("Source s&ystem:"), Type::Text);
    addField(codes, QStringLiteral("codes.shopName"), tr("Shop na&me:"), Type::Text);
    addField(codes, QStringLiteral("codes.sellerCode"), tr("S&eller code:"), Type::Text);
    addField(codes, QStringLiteral("codes.customerCode"), tr("Cus&tomer code:"), Type::Text);
    addField(codes, QStringLiteral("codes.sendToCode"), tr("Send-to code:"), Type::Text);
    addField(codes, QStringLiteral("codes.supplierCode"), tr("Supp&lier code:"), Type::Text);

    QFormLayout *callback = group(tr("Callbacks from Haier"));
    addField(callback, QStringLiteral("callback.appKey"), tr("AppKey:"), Type::Text);
    addField(callback, QStringLiteral("callback.timestampZone"), tr("Timestamp time &zone:"), Type::Text);
    addField(callback, QStringLiteral("callback.windowSeconds"), tr("Accepted clock diffe&rence:"), Type::Number, tr(" s"));
    addField(callback, QStringLiteral("callback.skewMarginSeconds"), tr("Clock margin for re-pushed orders:"), Type::Number, tr(" s"));
    addField(callback, QStringLiteral("callback.confirmWithinMinutes"), tr("Confirmation overdue after:"), Type::Number, tr(" min"));

    QFormLayout *requests = group(tr("Requests and retries"));
    addField(requests, QStringLiteral("timeoutMs"), tr("Re&quest timeout:"), Type::Number, tr(" ms"));
    addField(requests, QStringLiteral("timestampUnit"), tr("Order time unit:"), Type::Unit);
    addField(requests, QStringLiteral("retry.maxRetries"), tr("Ma&ximum retries:"), Type::Number);
    addField(requests, QStringLiteral("retry.baseDelayMs"), tr("&Base delay:"), Type::Number, tr(" ms"));
    addField(requests, QStringLiteral("retry.maxDelayMs"), tr("Maximum delay:"), Type::Number, tr(" ms"));
    addField(requests, QStringLiteral("retry.jitter"), tr("Random &jitter on each delay"), Type::Flag);
    addField(requests, QStringLiteral("duplicatePatterns"), tr("Duplicate-soId ans&wers (one per line):"), Type::Lines);

    QFormLayout *push = group(tr("Pushing"));
    addField(push, QStringLiteral("push.concurrency"), tr("Concurrent pushes:"), Type::Number);
    addField(push, QStringLiteral("push.rateLimitPerSecond"), tr("Rate limit:"), Type::Number, tr(" requests/s"));
    addField(push, QStringLiteral("push.stockCheck"), tr("Check Haier stock before sending"), Type::Flag);
    addField(push, QStringLiteral("push.leaseSeconds"), tr("Claim lease:"), Type::Number, tr(" s"));
    sections->addStretch();

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);
    scroll->setFocusPolicy(Qt::NoFocus); // Tab goes through the fields, not the frame

    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    for (QLabel *label : {m_problemsLabel, m_warningsLabel}) {
        label->setTextFormat(Qt::PlainText);
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->hide();
    }
    m_problemsLabel->setStyleSheet(QStringLiteral("QLabel{color:#b71c1c}"));
    m_warningsLabel->setStyleSheet(QStringLiteral("QLabel{color:#e65100}"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_problemsLabel);
    layout->addWidget(m_warningsLabel);
}

QWidget *ProfileEditor::addField(QFormLayout *form, const QString &key, const QString &label, Type type, const QString &suffix)
{
    QWidget *parent = form->parentWidget();
    QWidget *widget = nullptr;
    switch (type) {
    case Type::Text:
    case Type::Url: {
        auto *edit = new QLineEdit(parent);
        if (type == Type::Url)
            edit->setPlaceholderText(tr("https://…"));
        connect(edit, &QLineEdit::textChanged, this, &ProfileEditor::revalidate);
        widget = edit;
        break;
    }
    case Type::Number: {
        auto *spin = new QSpinBox(parent);
        spin->setRange(0, widestNumber);
        spin->setSuffix(suffix);
        connect(spin, &QSpinBox::valueChanged, this, &ProfileEditor::revalidate);
        widget = spin;
        break;
    }
    case Type::Flag: {
        auto *check = new QCheckBox(label, parent);
        connect(check, &QCheckBox::toggled, this, &ProfileEditor::revalidate);
        form->addRow(check);
        m_fields.append({key, withoutMnemonic(label), type, check});
        return check;
    }
    case Type::Unit: {
        auto *combo = new QComboBox(parent);
        combo->addItem(tr("milliseconds"), QStringLiteral("ms"));
        combo->addItem(tr("seconds"), QStringLiteral("s"));
        connect(combo, &QComboBox::currentIndexChanged, this, &ProfileEditor::revalidate);
        widget = combo;
        break;
    }
    case Type::Kind: {
        auto *combo = new QComboBox(parent);
        for (ProfileKind k : {ProfileKind::Mock, ProfileKind::Test, ProfileKind::Pre, ProfileKind::Production})
            combo->addItem(ProfileListModel::kindLabel(k), profileKindName(k));
        connect(combo, &QComboBox::currentIndexChanged, this, &ProfileEditor::revalidate);
        widget = combo;
        break;
    }
    case Type::Lines: {
        auto *text = new QPlainTextEdit(parent);
        text->setTabChangesFocus(true);
        text->setFixedHeight(text->fontMetrics().lineSpacing() * 4 + 12);
        connect(text, &QPlainTextEdit::textChanged, this, &ProfileEditor::revalidate);
        widget = text;
        break;
    }
    }
    form->addRow(label, widget); // the label becomes the field's buddy, so its mnemonic works
    m_fields.append({key, withoutMnemonic(label).remove(QRegularExpression(QStringLiteral(":$"))), type, widget});
    return widget;
}

void ProfileEditor::setProfile(const Profile &profile)
{
    m_original = profile;
    const QJsonObject json = profile.toJson();
    m_loading = true;
    for (const Field &f : std::as_const(m_fields))
        load(f, lookup(json, f.key));
    m_loading = false;
    m_title->setText(tr("%1 — %2").arg(profile.name, ProfileListModel::kindLabel(profile.kind)));
    revalidate();
}

void ProfileEditor::load(const Field &f, const QJsonValue &value)
{
    switch (f.type) {
    case Type::Text:
    case Type::Url: static_cast<QLineEdit *>(f.widget)->setText(value.toString()); break;
    case Type::Number: static_cast<QSpinBox *>(f.widget)->setValue(value.toInt()); break;
    case Type::Flag: static_cast<QCheckBox *>(f.widget)->setChecked(value.toBool()); break;
    case Type::Kind:
    case Type::Unit: {
        auto *combo = static_cast<QComboBox *>(f.widget);
        combo->setCurrentIndex(qMax(0, combo->findData(value.toString())));
        break;
    }
    case Type::Lines: {
        QStringList lines;
        for (const QJsonValue &v : value.toArray())
            lines << v.toString();
        static_cast<QPlainTextEdit *>(f.widget)->setPlainText(lines.join(QLatin1Char('\n')));
        break;
    }
    }
}

QJsonValue ProfileEditor::valueOf(const Field &f) const
{
    switch (f.type) {
    case Type::Text: return static_cast<QLineEdit *>(f.widget)->text();
    case Type::Url: return static_cast<QLineEdit *>(f.widget)->text().trimmed();
    case Type::Number: return static_cast<QSpinBox *>(f.widget)->value();
    case Type::Flag: return static_cast<QCheckBox *>(f.widget)->isChecked();
    case Type::Kind:
    case Type::Unit: return static_cast<QComboBox *>(f.widget)->currentData().toString();
    case Type::Lines: {
        QJsonArray lines;
        // Blank lines are layout, not patterns.
        const QStringList all = static_cast<QPlainTextEdit *>(f.widget)->toPlainText().split(QLatin1Char('\n'));
        for (const QString &line : all) {
            if (!line.trimmed().isEmpty())
                lines.append(line);
        }
        return lines;
    }
    }
    return QJsonValue();
}

QJsonObject ProfileEditor::toJson() const
{
    QJsonObject object;
    object.insert(QStringLiteral("name"), m_original.name);
    object.insert(QStringLiteral("kind"), profileKindName(m_original.kind));
    for (const Field &f : m_fields)
        insertNested(object, f.key, valueOf(f));
    if (!m_original.simulator.isEmpty())
        object.insert(QStringLiteral("simulator"), m_original.simulator);
    return object;
}

std::optional<Profile> ProfileEditor::edited(QString *error) const
{
    QString why;
    auto profile = Profile::fromJson(toJson(), m_original, &why);
    if (!profile && error) {
        // The import rules name the key; the operator knows the field by its label.
        const QString key = why.section(QStringLiteral(": "), 0, 0);
        QString label = key;
        for (const Field &f : m_fields) {
            if (f.key == key)
                label = f.label;
        }
        *error = tr("%1: %2. Correct it; nothing was saved.").arg(label, why.section(QStringLiteral(": "), 1));
    }
    return profile;
}

bool ProfileEditor::isModified() const
{
    return toJson() != m_original.toJson();
}

QWidget *ProfileEditor::field(const QString &key) const
{
    for (const Field &f : m_fields) {
        if (f.key == key)
            return f.widget;
    }
    return nullptr;
}

QStringList ProfileEditor::keys() const
{
    QStringList out;
    for (const Field &f : m_fields)
        out << f.key;
    return out;
}

void ProfileEditor::revalidate()
{
    if (m_loading)
        return;
    // Each field alone over the loaded profile, so every wrong field is named at once.
    m_problems.clear();
    for (const Field &f : std::as_const(m_fields)) {
        QString why;
        if (!Profile::fromJson(nest(f.key, valueOf(f)), m_original, &why))
            m_problems << tr("%1: %2.").arg(f.label, why.section(QStringLiteral(": "), 1));
    }
    if (m_problems.isEmpty()) {
        m_problemsLabel->hide();
    } else {
        m_problemsLabel->setText(tr("This profile cannot be saved until these are corrected:") + QLatin1Char('\n')
                                 + QStringLiteral("• ") + m_problems.join(QStringLiteral("\n• ")));
        m_problemsLabel->show();
    }
    QString ignored;
    const auto candidate = Profile::fromJson(toJson(), m_original, &ignored);
    const QStringList warnings = candidate ? candidate->warnings() : m_original.warnings();
    if (warnings.isEmpty()) {
        m_warningsLabel->hide();
    } else {
        m_warningsLabel->setText(QStringLiteral("⚠ ") + warnings.join(QStringLiteral("\n⚠ ")));
        m_warningsLabel->show();
    }
    emit changed();
}
