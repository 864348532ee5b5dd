<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AppContext</name>
    <message>
        <source>Unknown profile "%1".</source>
        <translation>未知的配置“%1”。</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>Run `haierctl --help` for the commands and their options.</source>
        <translation>运行 `haierctl --help` 查看命令及其选项。</translation>
    </message>
    <message>
        <source>db migrate | db add-indexes — create or upgrade the schema; index the shop's tables</source>
        <translation>db migrate | db add-indexes — 创建或升级数据库结构；为商城表建立索引</translation>
    </message>
    <message>
        <source>demo-data --orders N [--seed S] — add realistic demo orders</source>
        <translation>demo-data --orders N [--seed S] — 添加逼真的演示订单</translation>
    </message>
    <message>
        <source>Number of orders to add.</source>
        <translation>要添加的订单数量。</translation>
    </message>
    <message>
        <source>Random seed (same seed, same orders).</source>
        <translation>随机种子（相同种子生成相同订单）。</translation>
    </message>
    <message>
        <source>orders [--status S] [--search TEXT] [--limit N] [--json] — list orders, newest first</source>
        <translation>orders [--status S] [--search TEXT] [--limit N] [--json] — 列出订单，最新在前</translation>
    </message>
    <message>
        <source>Only orders with this status (paid, pending, ...).</source>
        <translation>只列出该状态的订单（paid、pending 等）。</translation>
    </message>
    <message>
        <source>Order number, soId, Haier order number, phone (or its last 4 digits), name prefix.</source>
        <translation>订单号、soId、海尔订单号、手机号（或后4位）、姓名前缀。</translation>
    </message>
    <message>
        <source>At most N orders (default 50).</source>
        <translation>最多 N 个订单（默认 50）。</translation>
    </message>
    <message>
        <source>Print a JSON array.</source>
        <translation>输出 JSON 数组。</translation>
    </message>
    <message>
        <source>payload ORDER_NUMBER [--json] — show what would be sent to Haier</source>
        <translation>payload ORDER_NUMBER [--json] — 显示将发送给海尔的内容</translation>
    </message>
    <message>
        <source>Print the exact payload object.</source>
        <translation>输出将发送的报文对象。</translation>
    </message>
    <message>
        <source>profile list | show NAME | use NAME | import FILE.json | export NAME</source>
        <translation>profile list | show NAME | use NAME | import FILE.json | export NAME</translation>
    </message>
    <message>
        <source>Usage: haierctl [--db URL_OR_PATH] [--profile NAME] COMMAND ...

Pushes paid orders with Haier appliances to Haier's order centre (YLH) and inspects what happened.

Commands:
</source>
        <translation>用法：haierctl [--db URL_OR_PATH] [--profile NAME] 命令 ...

将含海尔家电的已支付订单推送到海尔巨商汇订单中心（易理货），并查看处理结果。

命令：
</translation>
    </message>
    <message>
        <source>
Global options:
  --db URL_OR_PATH   SQLite file (default: the app-data folder) or postgresql://user:password@host:port/dbname
  --profile NAME     use this profile instead of the active one

Exit codes: 0 ok, 1 some work failed or was refused, 2 bad input, 3 configuration or environment.
</source>
        <translation>
全局选项：
  --db URL_OR_PATH   SQLite 文件（默认在应用数据目录）或 postgresql://用户:密码@主机:端口/数据库
  --profile NAME     使用该配置而不是当前启用的配置

退出码：0 成功，1 部分失败或被拒绝，2 输入有误，3 配置或环境问题。
</translation>
    </message>
    <message>
        <source>Database.</source>
        <translation>数据库。</translation>
    </message>
    <message>
        <source>Profile.</source>
        <translation>配置。</translation>
    </message>
    <message>
        <source>Unknown command "%1".</source>
        <translation>未知命令“%1”。</translation>
    </message>
    <message>
        <source>Use `haierctl db migrate` or `haierctl db add-indexes`.</source>
        <translation>请使用 `haierctl db migrate` 或 `haierctl db add-indexes`。</translation>
    </message>
    <message>
        <source>Cannot add the indexes: %1</source>
        <translation>无法添加索引：%1</translation>
    </message>
    <message>
        <source>Search indexes are in place on the shop's order table.</source>
        <translation>商城订单表的搜索索引已就绪。</translation>
    </message>
    <message>
        <source>Schema version %1 (%2)</source>
        <translation>数据库结构版本 %1（%2）</translation>
    </message>
    <message>
        <source>--orders needs a whole number from 1 to 10000000.</source>
        <translation>--orders 需要 1 到 10000000 之间的整数。</translation>
    </message>
    <message>
        <source>--seed needs a whole number from 0 to 4294967295.</source>
        <translation>--seed 需要 0 到 4294967295 之间的整数。</translation>
    </message>
    <message>
        <source>%1 of %2 orders written</source>
        <translation>已写入 %1 / %2 个订单</translation>
    </message>
    <message>
        <source>Demo data could not be written: %1</source>
        <translation>无法写入演示数据：%1</translation>
    </message>
    <message>
        <source>Added %1 orders with %2 order lines in %3 s (%4).</source>
        <translation>已添加 %1 个订单、%2 个订单行，用时 %3 秒（%4）。</translation>
    </message>
    <message>
        <source>--status must be one of: %1.</source>
        <translation>--status 必须是以下之一：%1。</translation>
    </message>
    <message>
        <source>--limit needs a whole number from 1 to 1000000.</source>
        <translation>--limit 需要 1 到 1000000 之间的整数。</translation>
    </message>
    <message>
        <source>Cannot read the orders: %1</source>
        <translation>无法读取订单：%1</translation>
    </message>
    <message>
        <source>No orders match.</source>
        <translation>没有匹配的订单。</translation>
    </message>
    <message>
        <source>Name one order: haierctl payload ORDER_NUMBER [--json]</source>
        <translation>请指定一个订单：haierctl payload 订单号 [--json]</translation>
    </message>
    <message>
        <source>Cannot read the order: %1</source>
        <translation>无法读取订单：%1</translation>
    </message>
    <message>
        <source>No order numbered "%1".</source>
        <translation>找不到订单号为“%1”的订单。</translation>
    </message>
    <message>
        <source>Local field</source>
        <translation>本地字段</translation>
    </message>
    <message>
        <source>Haier field</source>
        <translation>海尔字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Order %1 → soId %2 (profile %3)</source>
        <translation>订单 %1 → soId %2（配置 %3）</translation>
    </message>
    <message>
        <source>Name one profile: haierctl profile %1 NAME</source>
        <translation>请指定一个配置：haierctl profile %1 名称</translation>
    </message>
    <message>
        <source>Name one file: haierctl profile import FILE.json</source>
        <translation>请指定一个文件：haierctl profile import 文件.json</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a JSON object: %2 at offset %3</source>
        <translation>%1 不是 JSON 对象：%2（位置 %3）</translation>
    </message>
    <message>
        <source>%1: name: is required</source>
        <translation>%1：name：必须填写</translation>
    </message>
    <message>
        <source>%1: kind: is required (mock, test, pre or production)</source>
        <translation>%1：kind：必须填写（mock、test、pre 或 production）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Profile "%1" replaced.</source>
        <translation>配置“%1”已替换。</translation>
    </message>
    <message>
        <source>Profile "%1" added.</source>
        <translation>配置“%1”已添加。</translation>
    </message>
    <message>
        <source>Use: haierctl profile list | show NAME | use NAME | import FILE.json | export NAME</source>
        <translation>用法：haierctl profile list | show 名称 | use 名称 | import 文件.json | export 名称</translation>
    </message>
    <message>
        <source>Profile "%1" is now active.</source>
        <translation>配置“%1”已启用。</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>The PostgreSQL driver for Qt is not installed (package libqt6sql6-psql).</source>
        <translation>未安装 Qt 的 PostgreSQL 驱动（软件包 libqt6sql6-psql）。</translation>
    </message>
    <message>
        <source>Not a valid PostgreSQL URL: %1</source>
        <translation>无效的 PostgreSQL 地址：%1</translation>
    </message>
    <message>
        <source>Cannot connect to PostgreSQL at %1: %2</source>
        <translation>无法连接 PostgreSQL（%1）：%2</translation>
    </message>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>Cannot open the database file %1: %2</source>
        <translation>无法打开数据库文件 %1：%2</translation>
    </message>
    <message>
        <source>Cannot use the database file %1: %2</source>
        <translation>无法使用数据库文件 %1：%2</translation>
    </message>
    <message>
        <source>Cannot upgrade the database schema: %1</source>
        <translation>无法升级数据库结构：%1</translation>
    </message>
    <message>
        <source>The database has schema version %1, newer than this program knows (%2). Update the program.</source>
        <translation>数据库结构版本为 %1，高于本程序支持的版本（%2）。请升级程序。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Haier order push console — %1</source>
        <translation>海尔订单推送控制台 — %1</translation>
    </message>
    <message>
        <source>Profile: %1 (%2) — %3</source>
        <translation>配置：%1（%2）— %3</translation>
    </message>
</context>
<context>
    <name>OrderListModel</name>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Haier status</source>
        <translation>海尔状态</translation>
    </message>
    <message>
        <source>Consignee</source>
        <translation>收货人</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <source>soId</source>
        <translation>soId</translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message>
        <source>Order number, soId, Haier order number, phone or its last 4 digits, name</source>
        <translation>订单号、soId、海尔订单号、手机号或后4位、姓名</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Paid (to ship)</source>
        <translation>已支付（待发货）</translation>
    </message>
    <message>
        <source>Awaiting payment</source>
        <translation>待支付</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Select an order to review what would be sent.</source>
        <translation>选择一个订单，查看将发送的内容。</translation>
    </message>
    <message>
        <source>The order could not be read: %1</source>
        <translation>无法读取订单：%1</translation>
    </message>
    <message>
        <source>%1 cannot be pushed:</source>
        <translation>%1 不能推送：</translation>
    </message>
    <message>
        <source>%1 → soId %2, as it would be sent:</source>
        <translation>%1 → soId %2，将发送的内容：</translation>
    </message>
</context>
<context>
    <name>PayloadMapper</name>
    <message>
        <source>Order data validation failed: %1</source>
        <translation>订单数据验证失败：%1</translation>
    </message>
    <message>
        <source>required but empty</source>
        <translation>必填但为空</translation>
    </message>
    <message>
        <source>This order is not a Haier product order</source>
        <translation>该订单不是海尔产品订单</translation>
    </message>
    <message>
        <source>Order status is not paid; it cannot be pushed</source>
        <translation>订单状态不是已支付，不能推送</translation>
    </message>
    <message>
        <source>This order has already been pushed to Haier</source>
        <translation>该订单已推送到海尔系统</translation>
    </message>
    <message>
        <source>already used by a push Haier refused or cancelled; a re-push needs a new soId</source>
        <translation>已被海尔拒绝或取消的推送使用过；重新推送需要新的 soId</translation>
    </message>
    <message>
        <source>not 11 digits starting with 1</source>
        <translation>不是以 1 开头的 11 位数字</translation>
    </message>
    <message>
        <source>no order lines and no product</source>
        <translation>没有订单行也没有商品</translation>
    </message>
    <message>
        <source>%1 differs from the sum of actualPrice × itemQty (%2)</source>
        <translation>%1 与 actualPrice × itemQty 之和（%2）不一致</translation>
    </message>
    <message>
        <source>must be greater than 0 (is %1)</source>
        <translation>必须大于 0（当前为 %1）</translation>
    </message>
    <message>
        <source>%1 ÷ %2 is not exact to the cent</source>
        <translation>%1 ÷ %2 不能精确到分</translation>
    </message>
    <message>
        <source>true needs distributionTime and installTime set and equal</source>
        <translation>为 true 时需要 distributionTime 与 installTime 都已填写且相同</translation>
    </message>
    <message>
        <source>false although distributionTime and installTime are set and equal</source>
        <translation>distributionTime 与 installTime 都已填写且相同，但标志为 false</translation>
    </message>
</context>
<context>
    <name>ProfileStore</name>
    <message>
        <source>The stored profile "%1" is damaged.</source>
        <translation>保存的配置“%1”已损坏。</translation>
    </message>
    <message>
        <source>No profile named "%1".</source>
        <translation>没有名为“%1”的配置。</translation>
    </message>
    <message>
        <source>No profile is active.</source>
        <translation>没有启用的配置。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Operator console for pushing orders to Haier.</source>
        <translation>向海尔推送订单的操作控制台。</translation>
    </message>
    <message>
        <source>SQLite file or postgresql:// URL.</source>
        <translation>SQLite 文件或 postgresql:// 地址。</translation>
    </message>
    <message>
        <source>Profile to use.</source>
        <translation>要使用的配置。</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <source>Unknown profile</source>
        <translation>未知配置</translation>
    </message>
</context>
</TS>