<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name>FailuresPage</name>
        <message numerus="yes">
            <source>%n failure(s)</source>
            <translation>
                <numerusform>%n failure</numerusform>
                <numerusform>%n failures</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%1 %n selected order(s)?</source>
            <translation>
                <numerusform>%1 %n selected order?</numerusform>
                <numerusform>%1 %n selected orders?</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%1 all %n order(s) shown?</source>
            <translation>
                <numerusform>%1 the %n order shown?</numerusform>
                <numerusform>%1 all %n orders shown?</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n other order(s) are left out: the action does not apply to them.</source>
            <translation>
                <numerusform>%n other order is left out: the action does not apply to it.</numerusform>
                <numerusform>%n other orders are left out: the action does not apply to them.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>FirstRunDialog</name>
        <message numerus="yes">
            <source>This database has no orders yet (%1).

Training data: %Ln made-up orders to learn the console with, pushed only to the mock profile's simulator.

The shop's database: choose the SQLite file or the PostgreSQL server that holds the shop's orders.</source>
            <translation>
                <numerusform>This database has no orders yet (%1).

Training data: %Ln made-up order to learn the console with, pushed only to the mock profile's simulator.

The shop's database: choose the SQLite file or the PostgreSQL server that holds the shop's orders.</numerusform>
                <numerusform>This database has no orders yet (%1).

Training data: %Ln made-up orders to learn the console with, pushed only to the mock profile's simulator.

The shop's database: choose the SQLite file or the PostgreSQL server that holds the shop's orders.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>MetricTile</name>
        <message numerus="yes">
            <source>%n create-order answer(s)</source>
            <translation>
                <numerusform>%n create-order answer</numerusform>
                <numerusform>%n create-order answers</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n token call(s)</source>
            <translation>
                <numerusform>%n token call</numerusform>
                <numerusform>%n token calls</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n YLH call(s)</source>
            <translation>
                <numerusform>%n YLH call</numerusform>
                <numerusform>%n YLH calls</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n call(s)</source>
            <translation>
                <numerusform>%n call</numerusform>
                <numerusform>%n calls</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>OrderActions</name>
        <message numerus="yes">
            <source>%n accepted order(s) have no Haier order number yet and were not asked about.</source>
            <translation>
                <numerusform>%n accepted order has no Haier order number yet and was not asked about.</numerusform>
                <numerusform>%n accepted orders have no Haier order number yet and were not asked about.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>OrdersPage</name>
        <message numerus="yes">
            <source>Push job (%1): %2, %n attempt(s), last: %3</source>
            <translation>
                <numerusform>Push job (%1): %2, %n attempt, last: %3</numerusform>
                <numerusform>Push job (%1): %2, %n attempts, last: %3</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln order(s), %1 selected</source>
            <translation>
                <numerusform>%Ln order, %1 selected</numerusform>
                <numerusform>%Ln orders, %1 selected</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln order(s)</source>
            <translation>
                <numerusform>%Ln order</numerusform>
                <numerusform>%Ln orders</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ProfileBanner</name>
        <message numerus="yes">
            <source>%n s ago</source>
            <translation>
                <numerusform>%n s ago</numerusform>
                <numerusform>%n s ago</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n min ago</source>
            <translation>
                <numerusform>%n min ago</numerusform>
                <numerusform>%n min ago</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>WindowActions</name>
        <message numerus="yes">
            <source>Push %n order(s) to PRODUCTION (profile %1)?
Type the profile name to go on:</source>
            <translation>
                <numerusform>Push %n order to PRODUCTION (profile %1)?
Type the profile name to go on:</numerusform>
                <numerusform>Push %n orders to PRODUCTION (profile %1)?
Type the profile name to go on:</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Push %n order(s) with profile %1?</source>
            <translation>
                <numerusform>Push %n order with profile %1?</numerusform>
                <numerusform>Push %n orders with profile %1?</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Asking Haier to cancel %n order(s)…</source>
            <translation>
                <numerusform>Asking Haier to cancel %n order…</numerusform>
                <numerusform>Asking Haier to cancel %n orders…</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>FailuresPage</name>
        <message numerus="yes">
            <source>No confirmation for %n minute(s); no Haier order number yet</source>
            <translation>
                <numerusform>No confirmation for %n minute; no Haier order number yet</numerusform>
                <numerusform>No confirmation for %n minutes; no Haier order number yet</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>No confirmation for %n minute(s); Haier order number %1</source>
            <translation>
                <numerusform>No confirmation for %n minute; Haier order number %1</numerusform>
                <numerusform>No confirmation for %n minutes; Haier order number %1</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>FirstRunDialog</name>
        <message numerus="yes">
            <source>This database has no orders yet (%1).

Training data: %Ln made-up orders to learn the console with, pushed only to the mock profile&apos;s simulator.

The shop&apos;s database: choose the SQLite file or the PostgreSQL server that holds the shop&apos;s orders.</source>
            <translation>
                <numerusform>This database has no orders yet (%1).

Training data: %Ln made-up orders to learn the console with, pushed only to the mock profile's simulator.

The shop's database: choose the SQLite file or the PostgreSQL server that holds the shop's orders.</numerusform>
                <numerusform>This database has no orders yet (%1).

Training data: %Ln made-up orders to learn the console with, pushed only to the mock profile's simulator.

The shop's database: choose the SQLite file or the PostgreSQL server that holds the shop's orders.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>OrderActions</name>
        <message numerus="yes">
            <source>%n overdue order(s); none has a Haier order number to ask logistics with.</source>
            <translation>
                <numerusform>%n overdue order; none has a Haier order number to ask logistics with.</numerusform>
                <numerusform>%n overdue orders; none has a Haier order number to ask logistics with.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n order(s) confirmed from Haier&apos;s logistics;</source>
            <translation>
                <numerusform>%n order confirmed from Haier's logistics;</numerusform>
                <numerusform>%n orders confirmed from Haier's logistics;</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n stay overdue.</source>
            <translation>
                <numerusform>%n stays overdue.</numerusform>
                <numerusform>%n stay overdue.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n order(s) would be confirmed from Haier&apos;s logistics (nothing changed);</source>
            <translation>
                <numerusform>%n order would be confirmed from Haier's logistics (nothing changed);</numerusform>
                <numerusform>%n orders would be confirmed from Haier's logistics (nothing changed);</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n would stay overdue.</source>
            <translation>
                <numerusform>%n would stay overdue.</numerusform>
                <numerusform>%n would stay overdue.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>WindowActions</name>
        <message numerus="yes">
            <source>Asking Haier for the logistics of %n order(s)…</source>
            <translation>
                <numerusform>Asking Haier for the logistics of %n order…</numerusform>
                <numerusform>Asking Haier for the logistics of %n orders…</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Push %n order(s) again with a new soId? Haier takes each as a new order.</source>
            <translation>
                <numerusform>Push %n order again with a new soId? Haier takes each as a new order.</numerusform>
                <numerusform>Push %n orders again with a new soId? Haier takes each as a new order.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Reopened %n order(s).</source>
            <translation>
                <numerusform>Reopened %n order.</numerusform>
                <numerusform>Reopened %n orders.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Asking Haier&apos;s logistics about %n order(s)…</source>
            <translation>
                <numerusform>Asking Haier's logistics about %n order…</numerusform>
                <numerusform>Asking Haier's logistics about %n orders…</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Cli</name>
        <message numerus="yes">
            <source>%n accepted order(s) without Haier&apos;s confirmation for %1 minutes or more.</source>
            <translation>
                <numerusform>%n accepted order without Haier&apos;s confirmation for %1 minutes or more.</numerusform>
                <numerusform>%n accepted orders without Haier&apos;s confirmation for %1 minutes or more.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Confirm these %n order(s) on the evidence of Haier&apos;s logistics? [y/N] </source>
            <translation>
                <numerusform>Confirm this %n order on the evidence of Haier&apos;s logistics? [y/N] </numerusform>
                <numerusform>Confirm these %n orders on the evidence of Haier&apos;s logistics? [y/N] </numerusform>
            </translation>
        </message>
    </context>
</TS>
