// The push lifecycle as a table: every (job, event) pair and what it must become (domain.md).
#include "models/jobstate.h"

#include <QtTest>

namespace {

// The jobs the table starts from: every state, with the facts that change what an event does.
struct Start { const char *label; JobFacts facts; };

JobFacts facts(JobState s, bool accepted, std::optional<JobState> beforeCancel = std::nullopt,
               std::optional<JobState> beforeResolved = std::nullopt)
{
    JobFacts f;
    f.state = s;
    f.accepted = accepted;
    f.beforeCancel = beforeCancel;
    f.beforeResolved = beforeResolved;
    return f;
}

const QList<Start> &starts()
{
    static const QList<Start> list = {
        {"queued", facts(JobState::Queued, false)},
        {"sending", facts(JobState::Sending, false)},
        {"backoff", facts(JobState::Backoff, false)},
        {"accepted", facts(JobState::Accepted, true)},
        {"confirmed", facts(JobState::Confirmed, true)},
        {"rejected", facts(JobState::Rejected, false)},            // business rejection of the create call
        {"rejected_after_accept", facts(JobState::Rejected, true)}, // confirm State 0: the soId is dead
        {"out_of_stock", facts(JobState::OutOfStock, true)},
        {"cancel_requested", facts(JobState::CancelRequested, true, JobState::Confirmed)},
        {"cancelled", facts(JobState::Cancelled, true)},
        {"partially_cancelled", facts(JobState::PartiallyCancelled, true)},
        {"failed", facts(JobState::Failed, false)},
        {"resolved", facts(JobState::Resolved, false, std::nullopt, JobState::Failed)},
    };
    return list;
}

struct Event { const char *label; JobEvent event; };

const QList<Event> &events()
{
    using T = JobEvent::Type;
    static const QList<Event> list = {
        {"reserve", JobEvent::of(T::Reserve)},
        {"claim", JobEvent::of(T::Claim)},
        {"send", JobEvent::of(T::Send)},
        {"answer_ok", JobEvent::answer(ResultKind::Ok, false)},
        {"answer_duplicate", JobEvent::answer(ResultKind::Duplicate, false)},
        {"answer_business_rejection", JobEvent::answer(ResultKind::BusinessRejection, false)},
        {"answer_auth", JobEvent::answer(ResultKind::Auth, false)},
        {"answer_forbidden", JobEvent::answer(ResultKind::Forbidden, true)},
        {"answer_timeout_retry", JobEvent::answer(ResultKind::Timeout, true)},
        {"answer_timeout_final", JobEvent::answer(ResultKind::Timeout, false)},
        {"answer_server_retry", JobEvent::answer(ResultKind::Server, true)},
        {"answer_rate_limited_retry", JobEvent::answer(ResultKind::RateLimited, true)},
        {"answer_malformed", JobEvent::answer(ResultKind::Malformed, true)},
        {"refuse", JobEvent::of(T::Refuse)},
        {"confirm_1", JobEvent::callback(CallbackMethod::Confirm, 1)},
        {"confirm_0", JobEvent::callback(CallbackMethod::Confirm, 0)},
        {"confirm_7", JobEvent::callback(CallbackMethod::Confirm, 7)},
        {"oostock_1", JobEvent::callback(CallbackMethod::OutOfStock, 1)},
        {"oostock_0", JobEvent::callback(CallbackMethod::OutOfStock, 0)},
        {"cancel_1", JobEvent::callback(CallbackMethod::Cancel, 1)},
        {"cancel_2", JobEvent::callback(CallbackMethod::Cancel, 2)},
        {"cancel_0", JobEvent::callback(CallbackMethod::Cancel, 0)},
        {"staff_cancel", JobEvent::of(T::StaffCancel)},
        {"cancel_taken", JobEvent::of(T::CancelTaken)},
        {"resolve", JobEvent::of(T::Resolve)},
        {"reopen", JobEvent::of(T::Reopen)},
        {"new_so_id", JobEvent::of(T::NewSoId)},
        {"retry", JobEvent::of(T::Retry)},
        {"manual_confirm", JobEvent::of(T::ManualConfirm)},
        {"lease_lost", JobEvent::of(T::LeaseLost)},
    };
    return list;
}

// Expected outcome per event, one token per start in the order of starts():
//   x            refused: nothing changes, and a sentence says why
//   =            allowed, nothing changes
//   state[+][#before_cancel][@before_resolved]   allowed, the job becomes this (+: accepted_at set)
const QHash<QByteArray, QByteArray> &expectations()
{
    // columns:   queued sending backoff accepted confirmed rejected rejected_after_accept out_of_stock
    //            cancel_requested cancelled partially_cancelled failed resolved
    static const QHash<QByteArray, QByteArray> t = {
        {"reserve", "= = = = = = = = = = = = ="},
        {"claim", "= = = = = = = = = = = = ="},
        {"send", "sending = sending x x x x x x x x x x"},
        {"answer_ok", "x accepted+ x x x x x x x x x x x"},
        {"answer_duplicate", "x accepted+ x x x x x x x x x x x"},
        {"answer_business_rejection", "x rejected x x x x x x x x x x x"},
        {"answer_auth", "x failed x x x x x x x x x x x"},
        {"answer_forbidden", "x failed x x x x x x x x x x x"},
        {"answer_timeout_retry", "x backoff x x x x x x x x x x x"},
        {"answer_timeout_final", "x failed x x x x x x x x x x x"},
        {"answer_server_retry", "x backoff x x x x x x x x x x x"},
        {"answer_rate_limited_retry", "x backoff x x x x x x x x x x x"},
        {"answer_malformed", "x failed x x x x x x x x x x x"},
        {"refuse", "failed failed failed x x failed x x x x x = x"},
        {"confirm_1", "confirmed+ confirmed+ confirmed+ confirmed+ = confirmed+ x x = x x confirmed+ x"},
        {"confirm_0", "rejected+ rejected+ rejected+ rejected+ x rejected+ = x x x x rejected+ x"},
        {"confirm_7", "x x x x x x x x x x x x x"},
        {"oostock_1", "out_of_stock+ out_of_stock+ out_of_stock+ out_of_stock+ out_of_stock+ x x = x x x out_of_stock+ x"},
        {"oostock_0", "x x x x x x x x x x x x x"},
        {"cancel_1", "x x x cancelled+ cancelled+ x x cancelled+ cancelled+ = cancelled+ x x"},
        {"cancel_2", "x x x partially_cancelled+ partially_cancelled+ x x partially_cancelled+ partially_cancelled+ x = x x"},
        {"cancel_0", "x x x = = x x = confirmed+ x = x x"},
        {"staff_cancel", "x x x = = x x = x x x x x"},
        {"cancel_taken", "x x x cancel_requested+#accepted cancel_requested+#confirmed x x cancel_requested+#out_of_stock x x x x x"},
        {"resolve", "resolved@queued x resolved@backoff resolved+@accepted resolved+@confirmed resolved@rejected "
                    "resolved+@rejected resolved+@out_of_stock x resolved+@cancelled resolved+@partially_cancelled "
                    "resolved@failed x"},
        {"reopen", "x x x x x x x x x x x x failed"},
        {"new_so_id", "x x x x x x queued x x queued x x x"},
        {"retry", "= x queued x x queued x x x x x queued x"},
        {"manual_confirm", "confirmed+ x confirmed+ confirmed+ = x x x x x x confirmed+ x"},
        {"lease_lost", "x x x x x x x x x x x x x"},
    };
    return t;
}

JobFacts parse(const QByteArray &token)
{
    QByteArray rest = token;
    std::optional<JobState> beforeResolved;
    std::optional<JobState> beforeCancel;
    if (const int at = rest.indexOf('@'); at >= 0) {
        beforeResolved = jobStateFromName(QString::fromLatin1(rest.mid(at + 1)));
        rest = rest.left(at);
    }
    if (const int hash = rest.indexOf('#'); hash >= 0) {
        beforeCancel = jobStateFromName(QString::fromLatin1(rest.mid(hash + 1)));
        rest = rest.left(hash);
    }
    const bool accepted = rest.endsWith('+');
    if (accepted)
        rest.chop(1);
    const std::optional<JobState> state = jobStateFromName(QString::fromLatin1(rest));
    if (!state)
        qFatal("bad token %s", token.constData());
    return facts(*state, accepted, beforeCancel, beforeResolved);
}

} // namespace

Q_DECLARE_METATYPE(JobFacts)
Q_DECLARE_METATYPE(JobEvent)

class TestJobState : public QObject
{
    Q_OBJECT

private slots:
    void spellings()
    {
        QStringList seen;
        for (int i = 0; i < JobStateCount; ++i) {
            const QString name = jobStateName(JobState(i));
            QVERIFY2(!name.isEmpty(), "every state has a name");
            QCOMPARE(jobStateFromName(name), std::optional<JobState>(JobState(i)));
            QVERIFY(!seen.contains(name));
            seen << name;
        }
        QCOMPARE(jobStateName(JobState::CancelRequested), QStringLiteral("cancel_requested"));
        QCOMPARE(jobStateName(JobState::PartiallyCancelled), QStringLiteral("partially_cancelled"));
        QVERIFY(!jobStateFromName(QStringLiteral("Accepted")));
    }

    void everyStateIsAStartingPoint()
    {
        QSet<int> covered;
        for (const Start &s : starts())
            covered.insert(int(s.facts.state));
        QCOMPARE(covered.size(), JobStateCount);
        for (const Event &e : events())
            QVERIFY2(expectations().contains(e.label), e.label);
        QCOMPARE(expectations().size(), events().size());
    }

    void table_data()
    {
        QTest::addColumn<JobFacts>("before");
        QTest::addColumn<JobEvent>("event");
        QTest::addColumn<QByteArray>("expected");
        for (const Event &e : events()) {
            const QList<QByteArray> tokens = expectations().value(e.label).split(' ');
            QCOMPARE(tokens.size(), starts().size());
            for (qsizetype i = 0; i < starts().size(); ++i) {
                QTest::addRow("%s + %s", starts()[i].label, e.label) << starts()[i].facts << e.event << tokens[i];
            }
        }
    }

    void table()
    {
        QFETCH(JobFacts, before);
        QFETCH(JobEvent, event);
        QFETCH(QByteArray, expected);
        const JobTransition t = transition(before, event);
        if (expected == "x") {
            if (event.type != JobEvent::Type::Answer && event.type != JobEvent::Type::Callback)
                QVERIFY(!permits(before, event.type));
            QVERIFY2(!t.allowed, "the event must be refused");
            QVERIFY2(!t.refusal.isEmpty(), "a refusal says why");
            QVERIFY(t.after == before);
            QVERIFY(!t.changes(before));
            return;
        }
        QVERIFY2(t.allowed, qPrintable(t.refusal));
        QVERIFY(t.refusal.isEmpty());
        const JobFacts want = expected == "=" ? before : parse(expected);
        QCOMPARE(jobStateName(t.after.state), jobStateName(want.state));
        QCOMPARE(t.after.accepted, want.accepted);
        QVERIFY2(t.after.beforeCancel == want.beforeCancel, "state before a pending cancel");
        QVERIFY2(t.after.beforeResolved == want.beforeResolved, "state before resolved");
        QCOMPARE(t.changes(before), expected != "=");
        if (event.type != JobEvent::Type::Answer && event.type != JobEvent::Type::Callback)
            QCOMPARE(permits(before, event.type), true);
    }

    // A confirmation that arrives while a cancel is pending makes a refused cancel return to `confirmed`.
    void confirmationDuringPendingCancel()
    {
        const JobFacts pending = facts(JobState::CancelRequested, true, JobState::Accepted);
        const JobTransition t = transition(pending, JobEvent::callback(CallbackMethod::Confirm, 1));
        QVERIFY(t.allowed);
        QCOMPARE(t.after.state, JobState::CancelRequested);
        QVERIFY(t.after.beforeCancel == JobState::Confirmed);
        const JobTransition refused = transition(t.after, JobEvent::callback(CallbackMethod::Cancel, 0));
        QCOMPARE(refused.after.state, JobState::Confirmed);
        QVERIFY(!refused.after.beforeCancel);
    }

    // Issue: accepted, refused by confirm callback, re-pushed, the new soId's answer lost, re-pushed again.
    void lostAnswerAfterRepushNeverMintsAThirdSoId()
    {
        using T = JobEvent::Type;
        JobFacts j = facts(JobState::Sending, false);
        j = transition(j, JobEvent::answer(ResultKind::Ok, false)).after;
        j = transition(j, JobEvent::callback(CallbackMethod::Confirm, 0)).after;
        QCOMPARE(j.state, JobState::Rejected);
        QVERIFY(j.accepted);
        QVERIFY(!transition(j, JobEvent::of(T::Retry)).allowed); // its soId would come back as a duplicate
        JobTransition t = transition(j, JobEvent::of(T::NewSoId));
        QVERIFY(t.allowed);
        j = t.after;
        j = transition(j, JobEvent::of(T::Send)).after;
        j = transition(j, JobEvent::answer(ResultKind::Timeout, false)).after;
        QCOMPARE(j.state, JobState::Failed);
        t = transition(j, JobEvent::of(T::NewSoId));
        QVERIFY(!t.allowed);
        QVERIFY(t.refusal.contains(QStringLiteral("retry first")));
        // The retry with the same soId learns that YLH holds it.
        j = transition(j, JobEvent::of(T::Retry)).after;
        j = transition(j, JobEvent::of(T::Send)).after;
        j = transition(j, JobEvent::answer(ResultKind::Duplicate, false)).after;
        QCOMPARE(j.state, JobState::Accepted);
        QVERIFY(!transition(j, JobEvent::of(T::NewSoId)).allowed);
    }

    void reopenReturnsToTheStateBefore()
    {
        for (const Start &s : starts()) {
            const JobTransition resolved = transition(s.facts, JobEvent::of(JobEvent::Type::Resolve));
            if (!resolved.allowed)
                continue;
            const JobTransition reopened = transition(resolved.after, JobEvent::of(JobEvent::Type::Reopen));
            QVERIFY(reopened.allowed);
            QVERIFY2(reopened.after == s.facts, s.label);
        }
    }

    void alreadyPushedStates()
    {
        const QSet<JobState> pushed = {JobState::Accepted, JobState::Confirmed, JobState::CancelRequested,
                                       JobState::PartiallyCancelled, JobState::OutOfStock};
        for (int i = 0; i < JobStateCount; ++i)
            QCOMPARE(isAlreadyPushed(JobState(i)), pushed.contains(JobState(i)));
    }
};

QTEST_GUILESS_MAIN(TestJobState)
#include "tst_jobstate.moc"
