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
</TS>
