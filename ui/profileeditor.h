#pragma once

#include "models/profile.h"

#include <QJsonObject>
#include <QList>
#include <QWidget>

#include <optional>

class QLabel;

// A form over every setting of one profile. The form is turned back into the import format and
// read by Profile::fromJson, so the editor and `haierctl profile import` refuse exactly the same input.
class ProfileEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileEditor)

public:
    explicit ProfileEditor(QWidget *parent = nullptr);

    // Loads `profile` into the form; it counts as unmodified afterwards.
    void setProfile(const Profile &profile);
    const Profile &original() const { return m_original; }

    // The form as the import format (name, kind and simulator settings from the loaded profile).
    QJsonObject toJson() const;
    // The form as a profile, or nullopt with *error a sentence naming the first wrong field.
    std::optional<Profile> edited(QString *error) const;
    // One sentence per field the import rules refuse; empty when the form can be saved.
    QStringList problems() const { return m_problems; }
    bool isModified() const;

    // The editor of an import-format key ("ylh.authBaseUrl", "retry.maxRetries"), for tests.
    QWidget *field(const QString &key) const;
    QStringList keys() const;
    QLabel *problemsLabel() const { return m_problemsLabel; }
    QLabel *warningsLabel() const { return m_warningsLabel; }

signals:
    // Any edit, after the problems and warnings have been brought up to date.
    void changed();

private:
    enum class Type { Text, Url, Number, Flag, Unit, Lines, Kind };
    struct Field
    {
        QString key;   // dotted import-format key
        QString label; // without the mnemonic
        Type type;
        QWidget *widget;
    };

    QWidget *addField(class QFormLayout *form, const QString &key, const QString &label, Type type,
                      const QString &suffix = QString());
    QJsonValue valueOf(const Field &field) const;
    void load(const Field &field, const QJsonValue &value);
    void revalidate();

    Profile m_original;
    QList<Field> m_fields;
    QLabel *m_title;
    QLabel *m_problemsLabel;
    QLabel *m_warningsLabel;
    QStringList m_problems;
    bool m_loading = false;
};
