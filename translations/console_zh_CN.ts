<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApiClassifier</name>
    <message>
        <source>No answer within the time limit</source>
        <translation>在时限内没有收到应答</translation>
    </message>
    <message>
        <source>The TLS certificate could not be verified; nothing was sent</source>
        <translation>无法验证 TLS 证书；未发送任何内容</translation>
    </message>
    <message>
        <source>Could not reach the server</source>
        <translation>无法连接服务器</translation>
    </message>
    <message>
        <source>Not authorised (401): the token is missing, wrong or expired</source>
        <translation>未授权（401）：令牌缺失、错误或已过期</translation>
    </message>
    <message>
        <source>Forbidden (403): no permission, or this address is not on Haier's whitelist</source>
        <translation>禁止访问（403）：没有权限，或本机地址不在海尔白名单中</translation>
    </message>
    <message>
        <source>Too many requests (429)</source>
        <translation>请求过多（429）</translation>
    </message>
    <message>
        <source>Service unavailable (503)</source>
        <translation>服务不可用（503）</translation>
    </message>
    <message>
        <source>Server error (%1)</source>
        <translation>服务器错误（%1）</translation>
    </message>
    <message>
        <source>Unexpected redirect (%1); check the profile's URL</source>
        <translation>意外的重定向（%1）；请检查配置中的地址</translation>
    </message>
    <message>
        <source>Refused (%1)</source>
        <translation>被拒绝（%1）</translation>
    </message>
    <message>
        <source>Not found (404): check the profile's URL</source>
        <translation>未找到（404）：请检查配置中的地址</translation>
    </message>
    <message>
        <source>The answer is not JSON; it needs review</source>
        <translation>应答不是 JSON，需要人工核查</translation>
    </message>
    <message>
        <source>The answer has an unknown shape; it needs review</source>
        <translation>应答格式未知，需要人工核查</translation>
    </message>
    <message>
        <source>Refused by Haier (code %1)</source>
        <translation>被海尔拒绝（代码 %1）</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <source>Unknown profile "%1".</source>
        <translation>未知的配置“%1”。</translation>
    </message>
</context>
<context>
    <name>Backend</name>
    <message>
        <source>The mock profile's simulator settings are invalid: %1</source>
        <translation>模拟配置的模拟器设置无效：%1</translation>
    </message>
    <message>
        <source>The simulator cannot listen on 127.0.0.1: %1</source>
        <translation>模拟器无法在 127.0.0.1 上监听：%1</translation>
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
    <message>
        <source>--listen needs ADDRESS:PORT, e.g. 127.0.0.1:8089</source>
        <translation>--listen 需要 地址:端口，例如 127.0.0.1:8089</translation>
    </message>
    <message>
        <source>Profile %1 has no callback.appKey.</source>
        <translation>配置 %1 没有 callback.appKey。</translation>
    </message>
    <message>
        <source>Cannot listen on %1: %2</source>
        <translation>无法在 %1 上监听：%2</translation>
    </message>
    <message>
        <source>Receiving Haier callbacks for profile %1 at http://%2/haier/callback</source>
        <translation>正在为配置 %1 接收海尔回调：http://%2/haier/callback</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>jobs [--state S] [--json] — push jobs of the profile, newest first</source>
        <translation>jobs [--state S] [--json] — 当前配置的推送任务，最新在前</translation>
    </message>
    <message>
        <source>Only jobs in this state (queued, sending, backoff, accepted, confirmed, rejected, failed, resolved, ...).</source>
        <translation>只列出该状态的任务（queued、sending、backoff、accepted、confirmed、rejected、failed、resolved 等）。</translation>
    </message>
    <message>
        <source>attempts ORDER_NUMBER [--json] — every try of an order's push</source>
        <translation>attempts 订单号 [--json] — 订单每一次推送尝试</translation>
    </message>
    <message>
        <source>resolve ORDER_NUMBER --note TEXT — mark an order as needing nothing more</source>
        <translation>resolve 订单号 --note 说明 — 标记订单无需再处理</translation>
    </message>
    <message>
        <source>Why nothing more is to be done (kept in the audit log).</source>
        <translation>无需再处理的原因（记入审计日志）。</translation>
    </message>
    <message>
        <source>push ORDER_NUMBER… | --all-paid [--concurrency N] [--yes] [--json] — send orders to Haier; push ORDER_NUMBER --new-so-id --yes re-pushes a refused order</source>
        <translation>push 订单号… | --all-paid [--concurrency N] [--yes] [--json] — 推送订单到海尔；push 订单号 --new-so-id --yes 重新推送被拒订单</translation>
    </message>
    <message>
        <source>Every paid order not yet pushed (never re-sends accepted, failed or rejected ones).</source>
        <translation>所有尚未推送的已支付订单（不会重发已受理、失败或被拒的订单）。</translation>
    </message>
    <message>
        <source>Requests in flight at once (default from the profile).</source>
        <translation>同时进行的请求数（默认取自配置）。</translation>
    </message>
    <message>
        <source>Do not ask (needed for production when not at a terminal).</source>
        <translation>不再询问（非终端下推送生产环境时必须）。</translation>
    </message>
    <message>
        <source>Re-push an order Haier refused or cancelled after accepting it, with a new soId.</source>
        <translation>用新的 soId 重新推送海尔受理后又拒绝或取消的订单。</translation>
    </message>
    <message>
        <source>Print {accepted, failed, refused} as JSON.</source>
        <translation>以 JSON 输出 {accepted, failed, refused}。</translation>
    </message>
    <message>
        <source>retry --failed [--search TEXT] [--yes] | retry ORDER_NUMBER… — send failed or rejected pushes again with their soId</source>
        <translation>retry --failed [--search TEXT] [--yes] | retry 订单号… — 用原 soId 重发失败或被拒的推送</translation>
    </message>
    <message>
        <source>Every failed job and every job the create call rejected.</source>
        <translation>所有失败的任务及下单接口拒绝的任务。</translation>
    </message>
    <message>
        <source>Only orders matching this search.</source>
        <translation>只处理与此搜索匹配的订单。</translation>
    </message>
    <message>
        <source>resume — finish what a dead process left, with the same soIds</source>
        <translation>resume — 用相同的 soId 完成已终止进程遗留的推送</translation>
    </message>
    <message>
        <source>credentials set PROFILE KEY | credentials check PROFILE — secrets in the OS keychain (value on stdin)</source>
        <translation>credentials set 配置 键 | credentials check 配置 — 系统钥匙串中的密钥（值从标准输入读取）</translation>
    </message>
    <message>
        <source>haier products CODE… | prices CODE… | stock CODE --county 6-DIGIT-CODE | balance | logistics ORDER_CODE [--json]</source>
        <translation>haier products 编码… | prices 编码… | stock 编码 --county 6位区划代码 | balance | logistics 订单编码 [--json]</translation>
    </message>
    <message>
        <source>6-digit national area code for stock.</source>
        <translation>查询库存用的6位行政区划代码。</translation>
    </message>
    <message>
        <source>Print the raw data.</source>
        <translation>输出原始数据。</translation>
    </message>
    <message>
        <source>cancel ORDER_NUMBER --reason TEXT — ask YLH to cancel an accepted order</source>
        <translation>cancel 订单号 --reason 原因 — 请求易理货取消已受理的订单</translation>
    </message>
    <message>
        <source>Why (sent to Haier, kept in the audit log).</source>
        <translation>原因（发送给海尔并记入审计日志）。</translation>
    </message>
    <message>
        <source>reschedule ORDER_NUMBER --distribution YYYY-MM-DD --install YYYY-MM-DD — 改约 (local dates, sent as 23:59:59)</source>
        <translation>reschedule 订单号 --distribution YYYY-MM-DD --install YYYY-MM-DD — 改约（本地日期，按 23:59:59 发送）</translation>
    </message>
    <message>
        <source>New delivery date (local).</source>
        <translation>新的配送日期（本地）。</translation>
    </message>
    <message>
        <source>New installation date (local).</source>
        <translation>新的安装日期（本地）。</translation>
    </message>
    <message>
        <source>photos ORDER_NUMBER — delivery and installation photo URLs</source>
        <translation>photos 订单号 — 送货和安装照片地址</translation>
    </message>
    <message>
        <source>logistics refresh ORDER_NUMBER… | --all-accepted — store logistics numbers from YLH</source>
        <translation>logistics refresh 订单号… | --all-accepted — 从易理货获取并保存物流单号</translation>
    </message>
    <message>
        <source>Every accepted or confirmed order of the profile.</source>
        <translation>当前配置下所有已受理或已确认的订单。</translation>
    </message>
    <message>
        <source>sync-log [--since YYYY-MM-DD[THH:MM]] [--json] — every API call</source>
        <translation>sync-log [--since YYYY-MM-DD[THH:MM]] [--json] — 每一次接口调用</translation>
    </message>
    <message>
        <source>From this local date/time.</source>
        <translation>从该本地日期/时间开始。</translation>
    </message>
    <message>
        <source>serve-callbacks [--listen 127.0.0.1:PORT] — receive Haier's signed callbacks until stopped</source>
        <translation>serve-callbacks [--listen 127.0.0.1:端口] — 接收海尔签名回调，直到停止</translation>
    </message>
    <message>
        <source>Address and port (default 127.0.0.1:8089).</source>
        <translation>地址和端口（默认 127.0.0.1:8089）。</translation>
    </message>
    <message>
        <source>callbacks [--order ORDER_NUMBER] [--json] — stored callbacks, valid or refused</source>
        <translation>callbacks [--order 订单号] [--json] — 已保存的回调（有效或被拒）</translation>
    </message>
    <message>
        <source>Only this order's callbacks.</source>
        <translation>只列出该订单的回调。</translation>
    </message>
    <message>
        <source>Use: haierctl credentials set PROFILE KEY (the secret on stdin) | credentials check PROFILE</source>
        <translation>用法：haierctl credentials set 配置 键（密钥从标准输入读取）| credentials check 配置</translation>
    </message>
    <message>
        <source>Unknown key "%1"; the keys are: %2</source>
        <translation>未知的键“%1”；可用的键：%2</translation>
    </message>
    <message>
        <source>The mock profile uses fixed demo credentials; nothing is stored.</source>
        <translation>模拟配置使用固定的演示凭据，无需保存。</translation>
    </message>
    <message>
        <source>%1 for %2: </source>
        <translation>%2 的 %1：</translation>
    </message>
    <message>
        <source>No value was given on stdin; nothing changed.</source>
        <translation>标准输入没有提供值，未做任何更改。</translation>
    </message>
    <message>
        <source>%1 stored in the keychain for profile %2.</source>
        <translation>已将配置 %2 的 %1 保存到钥匙串。</translation>
    </message>
    <message>
        <source>present</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>Use: haierctl haier products CODE… | prices CODE… | stock CODE --county 6-DIGIT-CODE | balance | logistics ORDER_CODE</source>
        <translation>用法：haierctl haier products 编码… | prices 编码… | stock 编码 --county 6位区划代码 | balance | logistics 订单编码</translation>
    </message>
    <message>
        <source>Name at least one product code.</source>
        <translation>请至少指定一个产品编码。</translation>
    </message>
    <message>
        <source>Use: haierctl haier stock CODE --county 6-DIGIT-CODE</source>
        <translation>用法：haierctl haier stock 编码 --county 6位区划代码</translation>
    </message>
    <message>
        <source>Use: haierctl haier logistics ORDER_CODE</source>
        <translation>用法：haierctl haier logistics 订单编码</translation>
    </message>
    <message>
        <source>Use: haierctl haier balance</source>
        <translation>用法：haierctl haier balance</translation>
    </message>
    <message>
        <source>Haier answered %1: %2</source>
        <translation>海尔应答 %1：%2</translation>
    </message>
    <message>
        <source>Unknown job state "%1".</source>
        <translation>未知的任务状态“%1”。</translation>
    </message>
    <message>
        <source>Name one order: haierctl attempts ORDER_NUMBER [--json]</source>
        <translation>请指定一个订单：haierctl attempts 订单号 [--json]</translation>
    </message>
    <message>
        <source>%1 has not been pushed under profile %2.</source>
        <translation>%1 尚未在配置 %2 下推送。</translation>
    </message>
    <message>
        <source>%1  soId %2  state %3</source>
        <translation>%1  soId %2  状态 %3</translation>
    </message>
    <message>
        <source>Use: haierctl resolve ORDER_NUMBER --note TEXT</source>
        <translation>用法：haierctl resolve 订单号 --note 说明</translation>
    </message>
    <message>
        <source>%1 is being sent right now by %2; resolve it when that ends.</source>
        <translation>%1 正由 %2 发送中；请在发送结束后再标记。</translation>
    </message>
    <message>
        <source>%1 marked resolved.</source>
        <translation>%1 已标记为无需处理。</translation>
    </message>
    <message>
        <source>%1 has not been accepted by YLH under profile %2.</source>
        <translation>%1 在配置 %2 下尚未被易理货受理。</translation>
    </message>
    <message>
        <source>Use: haierctl cancel ORDER_NUMBER --reason TEXT</source>
        <translation>用法：haierctl cancel 订单号 --reason 原因</translation>
    </message>
    <message>
        <source>Haier did not accept the cancellation (%1): %2</source>
        <translation>海尔未接受取消（%1）：%2</translation>
    </message>
    <message>
        <source>Cancellation of %1 (soId %2) sent: %3</source>
        <translation>已发送 %1（soId %2）的取消请求：%3</translation>
    </message>
    <message>
        <source>Use: haierctl reschedule ORDER_NUMBER --distribution YYYY-MM-DD --install YYYY-MM-DD</source>
        <translation>用法：haierctl reschedule 订单号 --distribution YYYY-MM-DD --install YYYY-MM-DD</translation>
    </message>
    <message>
        <source>%1 has no Haier order number yet (wait for Haier's confirmation).</source>
        <translation>%1 还没有海尔订单号（请等待海尔确认）。</translation>
    </message>
    <message>
        <source>Haier did not accept the new dates (%1): %2</source>
        <translation>海尔未接受新的日期（%1）：%2</translation>
    </message>
    <message>
        <source>New dates for %1 accepted: %2</source>
        <translation>%1 的新日期已被接受：%2</translation>
    </message>
    <message>
        <source>Use: haierctl photos ORDER_NUMBER</source>
        <translation>用法：haierctl photos 订单号</translation>
    </message>
    <message>
        <source>Use: haierctl logistics refresh ORDER_NUMBER… | --all-accepted</source>
        <translation>用法：haierctl logistics refresh 订单号… | --all-accepted</translation>
    </message>
    <message>
        <source>Logistics updated for %1 of %2 orders.</source>
        <translation>已更新 %2 个订单中 %1 个的物流信息。</translation>
    </message>
    <message>
        <source>--since needs YYYY-MM-DD or YYYY-MM-DDTHH:MM (local time).</source>
        <translation>--since 需要 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM（本地时间）。</translation>
    </message>
    <message>
        <source>Pushing to production needs --yes when not run at a terminal.</source>
        <translation>非终端下推送到生产环境需要 --yes。</translation>
    </message>
    <message>
        <source>Push %1 orders to PRODUCTION (profile %2)? Type the profile name to go on: </source>
        <translation>要将 %1 个订单推送到生产环境（配置 %2）吗？请输入配置名称以继续：</translation>
    </message>
    <message>
        <source>Name orders or use --all-paid: haierctl push ORDER_NUMBER… | --all-paid</source>
        <translation>请指定订单或使用 --all-paid：haierctl push 订单号… | --all-paid</translation>
    </message>
    <message>
        <source>Name orders or use --failed: haierctl retry ORDER_NUMBER… | --failed</source>
        <translation>请指定订单或使用 --failed：haierctl retry 订单号… | --failed</translation>
    </message>
    <message>
        <source>A re-push with a new soId names one order and needs --yes.</source>
        <translation>使用新 soId 重新推送时只能指定一个订单，并且需要 --yes。</translation>
    </message>
    <message>
        <source>--concurrency needs a whole number from 1 to 64.</source>
        <translation>--concurrency 需要 1 到 64 之间的整数。</translation>
    </message>
    <message>
        <source>Accepted %1, failed %2, refused %3 (profile %4).</source>
        <translation>受理 %1，失败 %2，拒绝 %3（配置 %4）。</translation>
    </message>
</context>
<context>
    <name>CredentialStore</name>
    <message>
        <source>Missing credential %1 for profile %2: run `haierctl credentials set %2 %1`</source>
        <translation>配置 %2 缺少凭据 %1：请运行 `haierctl credentials set %2 %1`</translation>
    </message>
    <message>
        <source>No Secret Service (keyring) is available: %1</source>
        <translation>没有可用的 Secret Service（钥匙环）：%1</translation>
    </message>
    <message>
        <source>The keychain refused: %1</source>
        <translation>钥匙串拒绝了操作：%1</translation>
    </message>
    <message>
        <source>The mock profile uses fixed demo credentials; nothing to store.</source>
        <translation>模拟配置使用固定的演示凭据，无需保存。</translation>
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
    <message>
        <source>Push to production</source>
        <translation>推送到生产环境</translation>
    </message>
    <message numerus="yes">
        <source>Push %n order(s) to PRODUCTION (profile %1)?
Type the profile name to go on:</source>
        <translation><numerusform>要将 %n 个订单推送到生产环境（配置 %1）吗？
请输入配置名称以继续：</numerusform></translation>
    </message>
    <message>
        <source>Push orders</source>
        <translation>推送订单</translation>
    </message>
    <message numerus="yes">
        <source>Push %n order(s) with profile %1?</source>
        <translation><numerusform>使用配置 %1 推送 %n 个订单？</numerusform></translation>
    </message>
    <message>
        <source>Cannot push</source>
        <translation>无法推送</translation>
    </message>
</context>
<context>
    <name>OpenPlatClient</name>
    <message>
        <source>The token answer has no access_token</source>
        <translation>令牌应答中没有 access_token</translation>
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
    <message>
        <source>Awaiting payment</source>
        <translation>待支付</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
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
        <source>Returning</source>
        <translation>退货中</translation>
    </message>
    <message>
        <source>Refunding</source>
        <translation>退款中</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Pushed, awaiting Haier</source>
        <translation>已推送，等待海尔确认</translation>
    </message>
    <message>
        <source>Confirmed by Haier</source>
        <translation>海尔已确认</translation>
    </message>
    <message>
        <source>Refused by Haier</source>
        <translation>海尔已拒绝</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>Partly cancelled</source>
        <translation>部分取消</translation>
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
    <message>
        <source>Push selected</source>
        <translation>推送所选</translation>
    </message>
    <message>
        <source>Push the selected orders to Haier (Ctrl+P)</source>
        <translation>将所选订单推送到海尔（Ctrl+P）</translation>
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
    <name>PushEngine</name>
    <message>
        <source>Network connection timed out; please try again later</source>
        <translation>网络连接超时，请稍后重试</translation>
    </message>
    <message>
        <source>The Haier system is temporarily unavailable; please try again later</source>
        <translation>海尔系统暂时不可用，请稍后重试</translation>
    </message>
    <message>
        <source>Authentication expired; please sign in again</source>
        <translation>认证信息过期，请重新登录</translation>
    </message>
    <message>
        <source>Haier's answer could not be understood and needs review: %1</source>
        <translation>无法理解海尔的应答，需要人工核查：%1</translation>
    </message>
    <message>
        <source>No order numbered "%1".</source>
        <translation>找不到订单号为“%1”的订单。</translation>
    </message>
    <message>
        <source>Nothing left to resume for this order</source>
        <translation>该订单没有需要继续的推送</translation>
    </message>
    <message>
        <source>Staff marked this order resolved; nothing is sent</source>
        <translation>工作人员已将该订单标记为无需处理，不再发送</translation>
    </message>
    <message>
        <source>A new soId is only for an order Haier refused or cancelled after accepting it</source>
        <translation>只有海尔受理后又拒绝或取消的订单才能使用新的 soId</translation>
    </message>
    <message>
        <source>Another process (%1) is pushing this order</source>
        <translation>另一个进程（%1）正在推送该订单</translation>
    </message>
    <message>
        <source>YLH already holds soId %1; recorded as accepted (%2)</source>
        <translation>易理货已有 soId %1；记为已受理（%2）</translation>
    </message>
    <message>
        <source>Cancelled; `haierctl resume` continues</source>
        <translation>已取消；`haierctl resume` 可继续</translation>
    </message>
</context>
<context>
    <name>PushProgress</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Pushing…</source>
        <translation>正在推送…</translation>
    </message>
    <message>
        <source>Cancelling: requests on the wire finish first…</source>
        <translation>正在取消：已发出的请求先完成…</translation>
    </message>
    <message>
        <source>%1 of %2 — accepted %3, failed %4, refused %5</source>
        <translation>%1 / %2 — 受理 %3，失败 %4，拒绝 %5</translation>
    </message>
    <message>
        <source>Done: accepted %1, failed %2, refused %3</source>
        <translation>完成：受理 %1，失败 %2，拒绝 %3</translation>
    </message>
</context>
<context>
    <name>YlhClient</name>
    <message>
        <source>The token answer has no access_token</source>
        <translation>令牌应答中没有 access_token</translation>
    </message>
    <message>
        <source>YLH refused the credentials (HTTP %1)</source>
        <translation>易理货拒绝了凭据（HTTP %1）</translation>
    </message>
    <message>
        <source>Authentication expired; please sign in again</source>
        <translation>认证信息过期，请重新登录</translation>
    </message>
    <message>
        <source>Delivery and installation times must be 23:59:59 China time; nothing was sent</source>
        <translation>配送和安装时间必须为中国时间 23:59:59；未发送任何内容</translation>
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