<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
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
        <source>Forbidden (403): no permission, or this address is not on Haier&apos;s whitelist</source>
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
        <source>Unexpected redirect (%1); check the profile&apos;s URL</source>
        <translation>意外的重定向（%1）；请检查配置中的地址</translation>
    </message>
    <message>
        <source>Refused (%1)</source>
        <translation>被拒绝（%1）</translation>
    </message>
    <message>
        <source>Not found (404): check the profile&apos;s URL</source>
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
    <message>
        <source>Already received (code %1)</source>
        <translation>已收到过（代码 %1）</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <source>Unknown profile &quot;%1&quot;.</source>
        <translation>未知的配置“%1”。</translation>
    </message>
    <message>
        <source>The password of the chosen database could not be read from the keychain: %1</source>
        <translation>无法从钥匙串读取所选数据库的密码：%1</translation>
    </message>
</context>
<context>
    <name>AttemptModel</name>
    <message>
        <source>no answer</source>
        <translation>无应答</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>in flight</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Push</source>
        <translation>推送</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>All operators</source>
        <translation>全部操作员</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>All profiles</source>
        <translation>全部配置</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>时间（UTC）</translation>
    </message>
    <message>
        <source>%1 by %2 at %3</source>
        <translation>%2 于 %3 执行 %1</translation>
    </message>
    <message>
        <source>profile %1</source>
        <translation>配置 %1</translation>
    </message>
    <message>
        <source>order %1</source>
        <translation>订单 %1</translation>
    </message>
    <message>
        <source>(no detail was recorded)</source>
        <translation>（未记录详情）</translation>
    </message>
    <message>
        <source>Order number or words in the detail</source>
        <translation>订单号或详情中的文字</translation>
    </message>
    <message>
        <source>Actions on or after this day</source>
        <translation>此日及之后的操作</translation>
    </message>
    <message>
        <source>Actions on or before this day</source>
        <translation>此日及之前的操作</translation>
    </message>
    <message>
        <source>Show actions of every day</source>
        <translation>显示所有日期的操作</translation>
    </message>
    <message>
        <source>Save every action the filter matches as a CSV file</source>
        <translation>将符合筛选条件的所有操作保存为 CSV 文件</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>The audit log was saved to %1.</source>
        <translation>审计日志已保存到 %1。</translation>
    </message>
    <message>
        <source>The audit log could not be read from the database: %1</source>
        <translation>无法从数据库读取审计日志：%1</translation>
    </message>
    <message>
        <source>the entry is no longer in the audit log</source>
        <translation>该记录已不在审计日志中</translation>
    </message>
    <message>
        <source>Select an entry to see what was done.</source>
        <translation>选择一条记录，查看所做的操作。</translation>
    </message>
    <message>
        <source>This entry could not be read: %1</source>
        <translation>无法读取该记录：%1</translation>
    </message>
</context>
<context>
    <name>Backend</name>
    <message>
        <source>The mock profile&apos;s simulator settings are invalid: %1</source>
        <translation>模拟配置的模拟器设置无效：%1</translation>
    </message>
    <message>
        <source>The simulator cannot listen on 127.0.0.1: %1</source>
        <translation>模拟器无法在 127.0.0.1 上监听：%1</translation>
    </message>
</context>
<context>
    <name>CallbackLogModel</name>
    <message>
        <source>Confirmation</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Cancellation</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>Applied to the order</source>
        <translation>已应用到订单</translation>
    </message>
    <message>
        <source>Repeat (counted only)</source>
        <translation>重复（仅计数）</translation>
    </message>
    <message>
        <source>Older than the order&apos;s state (ignored)</source>
        <translation>早于订单当前状态（已忽略）</translation>
    </message>
    <message>
        <source>Unknown order (kept)</source>
        <translation>未知订单（已保留）</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>已拒收</translation>
    </message>
    <message>
        <source>No change</source>
        <translation>无变化</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Not cancelled</source>
        <translation>未取消</translation>
    </message>
    <message>
        <source>Partly cancelled</source>
        <translation>部分取消</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>The callbacks could not be read from the database: %1</source>
        <translation>无法从数据库读取回调：%1</translation>
    </message>
    <message>
        <source>the callback is no longer stored</source>
        <translation>该回调已不再保存</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Valid / refused</source>
        <translation>有效 / 拒收</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Reason / message</source>
        <translation>原因 / 信息</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>重复次数</translation>
    </message>
    <message>
        <source>PlatformOrderNo</source>
        <translation>PlatformOrderNo</translation>
    </message>
    <message>
        <source>Haier order number (ExtOrderNo)</source>
        <translation>海尔订单号（ExtOrderNo）</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Needs review (not applied)</source>
        <translation>需人工核对（未应用）</translation>
    </message>
    <message>
        <source>Refused, then replayed</source>
        <translation>曾被拒，已重放</translation>
    </message>
</context>
<context>
    <name>CallbacksPage</name>
    <message>
        <source>Order number, PlatformOrderNo or Haier order number</source>
        <translation>订单号、PlatformOrderNo 或海尔订单号</translation>
    </message>
    <message>
        <source>All methods</source>
        <translation>全部方法</translation>
    </message>
    <message>
        <source>Valid and refused</source>
        <translation>有效和拒收</translation>
    </message>
    <message>
        <source>Valid only</source>
        <translation>仅有效</translation>
    </message>
    <message>
        <source>Refused only</source>
        <translation>仅拒收的</translation>
    </message>
    <message>
        <source>Received on or after this day</source>
        <translation>此日及之后收到</translation>
    </message>
    <message>
        <source>Received on or before this day</source>
        <translation>此日及之前收到</translation>
    </message>
    <message>
        <source>Show callbacks of every day</source>
        <translation>显示所有日期的回调</translation>
    </message>
    <message>
        <source>Save every callback the filter matches as a CSV file</source>
        <translation>将筛选出的全部回调保存为 CSV 文件</translation>
    </message>
    <message>
        <source>Export callbacks</source>
        <translation>导出回调</translation>
    </message>
    <message>
        <source>The callbacks were saved to %1.</source>
        <translation>回调已保存到 %1。</translation>
    </message>
    <message>
        <source>Select a callback to see what was received.</source>
        <translation>选择一条回调，查看收到的内容。</translation>
    </message>
    <message>
        <source>This callback could not be read: %1</source>
        <translation>无法读取此回调：%1</translation>
    </message>
    <message>
        <source>%1 for %2, received %3 (secrets removed):</source>
        <translation>%1（%2），收到于 %3（已去除密钥）：</translation>
    </message>
    <message>
        <source>(no body was stored)</source>
        <translation>（未保存报文）</translation>
    </message>
    <message>
        <source>Data:</source>
        <translation>Data：</translation>
    </message>
    <message>
        <source>&amp;Replay</source>
        <translation>重放(&amp;R)</translation>
    </message>
    <message>
        <source>Verify the selected refused callback again under the current profile (judged by when it was received) and apply it when it is valid now; audited</source>
        <translation>按当前配置重新校验所选的被拒回调（按收到时间判断），现在有效则应用；记入审计日志</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>Run `haierctl --help` for the commands and their options.</source>
        <translation>运行 `haierctl --help` 查看命令及其选项。</translation>
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
        <source>Usage: haierctl [--db URL_OR_PATH] [--profile NAME] COMMAND ...

Pushes paid orders with Haier appliances to Haier&apos;s order centre (YLH) and inspects what happened.

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
        <source>Unknown command &quot;%1&quot;.</source>
        <translation>未知命令“%1”。</translation>
    </message>
    <message>
        <source>Cannot add the indexes: %1</source>
        <translation>无法添加索引：%1</translation>
    </message>
    <message>
        <source>Search indexes are in place on the shop&apos;s order table.</source>
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
        <source>No order numbered &quot;%1&quot;.</source>
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
        <source>Profile &quot;%1&quot; replaced.</source>
        <translation>配置“%1”已替换。</translation>
    </message>
    <message>
        <source>Profile &quot;%1&quot; added.</source>
        <translation>配置“%1”已添加。</translation>
    </message>
    <message>
        <source>Use: haierctl profile list | show NAME | use NAME | import FILE.json | export NAME</source>
        <translation>用法：haierctl profile list | show 名称 | use 名称 | import 文件.json | export 名称</translation>
    </message>
    <message>
        <source>Profile &quot;%1&quot; is now active.</source>
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
        <source>attempts ORDER_NUMBER [--json] — every try of an order&apos;s push</source>
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
        <source>serve-callbacks [--listen 127.0.0.1:PORT] — receive Haier&apos;s signed callbacks until stopped</source>
        <translation>serve-callbacks [--listen 127.0.0.1:端口] — 接收海尔签名回调，直到停止</translation>
    </message>
    <message>
        <source>Address and port (default 127.0.0.1:8089).</source>
        <translation>地址和端口（默认 127.0.0.1:8089）。</translation>
    </message>
    <message>
        <source>Only this order&apos;s callbacks.</source>
        <translation>只列出该订单的回调。</translation>
    </message>
    <message>
        <source>Use: haierctl credentials set PROFILE KEY (the secret on stdin) | credentials check PROFILE</source>
        <translation>用法：haierctl credentials set 配置 键（密钥从标准输入读取）| credentials check 配置</translation>
    </message>
    <message>
        <source>Unknown key &quot;%1&quot;; the keys are: %2</source>
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
        <source>Unknown job state &quot;%1&quot;.</source>
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
        <source>Use: haierctl cancel ORDER_NUMBER --reason TEXT</source>
        <translation>用法：haierctl cancel 订单号 --reason 原因</translation>
    </message>
    <message>
        <source>Use: haierctl reschedule ORDER_NUMBER --distribution YYYY-MM-DD --install YYYY-MM-DD</source>
        <translation>用法：haierctl reschedule 订单号 --distribution YYYY-MM-DD --install YYYY-MM-DD</translation>
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
    <message>
        <source>regions import FILE.csv | list [--search TEXT] [--json] | lookup PROVINCE CITY DISTRICT — county codes for the stock check</source>
        <translation>regions import 文件.csv | list [--search 文本] [--json] | lookup 省 市 区县 — 库存检查用的区县编码</translation>
    </message>
    <message>
        <source>A province, city or district name, or the start of a code.</source>
        <translation>省、市或区县名称，或编码的开头。</translation>
    </message>
    <message>
        <source>%1 is larger than 1 MB; a profile is a few kilobytes of JSON.</source>
        <translation>%1 超过 1 MB；配置只有几 KB 的 JSON。</translation>
    </message>
    <message>
        <source>%1 is empty; a profile is one JSON object.</source>
        <translation>%1 是空文件；配置应为一个 JSON 对象。</translation>
    </message>
    <message>
        <source>%1 holds a JSON array or value, not an object; a profile is one JSON object {…}.</source>
        <translation>%1 是 JSON 数组或单个值，而不是对象；配置应为一个 JSON 对象 {…}。</translation>
    </message>
    <message>
        <source>Use: haierctl regions import FILE.csv | list [--search TEXT] [--json] | lookup PROVINCE CITY DISTRICT</source>
        <translation>用法：haierctl regions import 文件.csv | list [--search 文本] [--json] | lookup 省 市 区县</translation>
    </message>
    <message>
        <source>%1 is larger than 16 MB; a county-code table is far smaller.</source>
        <translation>%1 超过 16 MB；区县编码表远小于此。</translation>
    </message>
    <message>
        <source>Nothing was imported:</source>
        <translation>未导入任何内容：</translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation>未导入任何内容：%1</translation>
    </message>
    <message>
        <source>%1 county codes added, %2 replaced.</source>
        <translation>已添加 %1 个区县编码，替换 %2 个。</translation>
    </message>
    <message>
        <source>No county code is known for %1 %2 %3; import one with `haierctl regions import`.</source>
        <translation>未知 %1 %2 %3 的区县编码；请用 `haierctl regions import` 导入。</translation>
    </message>
    <message>
        <source>The systemd credential %1 cannot be read: %2</source>
        <translation>无法读取 systemd 凭据 %1：%2</translation>
    </message>
    <message>
        <source>No callback secret for profile %1. A receiver running as a system service takes it from the systemd credential callback.secret (LoadCredential=callback.secret:PATH, and db.password for its database; see docs/deploy-callbacks.md); a receiver running as a desk&apos;s user takes it from that user&apos;s keychain (haierctl credentials set %1 callback.secret).</source>
        <translation>配置 %1 没有回调密钥。作为系统服务运行的接收器从 systemd 凭据 callback.secret 读取（LoadCredential=callback.secret:路径，数据库密码为 db.password；见 docs/deploy-callbacks.md）；以工作台用户身份运行的接收器从该用户的钥匙串读取（haierctl credentials set %1 callback.secret）。</translation>
    </message>
    <message>
        <source>The keychain said: %1</source>
        <translation>钥匙串返回：%1</translation>
    </message>
    <message>
        <source>--workers needs a number from 1 to 64</source>
        <translation>--workers 需要 1 到 64 之间的数字</translation>
    </message>
    <message>
        <source>--max-connections-per-source needs a number from 1 to 10000</source>
        <translation>--max-connections-per-source 需要 1 到 10000 之间的数字</translation>
    </message>
    <message>
        <source>The database is unreachable (%1); answering 503 at %2 and retrying.</source>
        <translation>数据库无法连接（%1）；在 %2 以 503 应答并持续重试。</translation>
    </message>
    <message>
        <source>The callback.secret stored for %1 profile %2 is the public demo secret, which anyone can sign with; store the secret Haier gave you: haierctl credentials set %2 callback.secret</source>
        <translation>%1 类型配置 %2 保存的 callback.secret 是公开的演示密钥，任何人都能用它签名；请保存海尔提供的密钥：haierctl credentials set %2 callback.secret</translation>
    </message>
    <message>
        <source>db migrate | db add-indexes | db bind [production|pre|test|training] — create or upgrade the schema; index the shop&apos;s tables; which environment the database serves</source>
        <translation>db migrate | db add-indexes | db bind [production|pre|test|training] — 创建或升级数据库结构；为商城表建立索引；数据库服务于哪个环境</translation>
    </message>
    <message>
        <source>profile list | show NAME | use NAME | import FILE.json [--change-kind [--yes]] | export NAME</source>
        <translation>profile list | show 名称 | use 名称 | import 文件.json [--change-kind [--yes]] | export 名称</translation>
    </message>
    <message>
        <source>Let an import change an existing profile&apos;s kind (audited).</source>
        <translation>允许导入更改已有配置的类型（记入审计）。</translation>
    </message>
    <message>
        <source>Confirm turning a production profile into another kind.</source>
        <translation>确认将生产配置改为其他类型。</translation>
    </message>
    <message>
        <source>reopen ORDER_NUMBER --note TEXT — undo resolve: the job returns to the state it had before</source>
        <translation>reopen 订单号 --note 说明 — 撤销“处理完毕”：推送任务回到之前的状态</translation>
    </message>
    <message>
        <source>Why the order needs work again (kept in the audit log).</source>
        <translation>订单为何需要重新处理（记入审计日志）。</translation>
    </message>
    <message>
        <source>Connections one source address may hold open at once (default 64).</source>
        <translation>单个来源地址可同时保持的连接数（默认 64）。</translation>
    </message>
    <message>
        <source>
haierctl COMMAND --help shows one command&apos;s usage and options.
haierctl --print-paths shows where the default database, the logs and the settings are.
haierctl --version shows the version.
</source>
        <translation>
haierctl 命令 --help 显示该命令的用法和选项。
haierctl --print-paths 显示默认数据库、日志和设置所在位置。
haierctl --version 显示版本。
</translation>
    </message>
    <message>
        <source>Use: haierctl db bind [production|pre|test|training]</source>
        <translation>用法：haierctl db bind [production|pre|test|training]</translation>
    </message>
    <message>
        <source>This database is not bound; it serves production.</source>
        <translation>此数据库未绑定环境，按生产环境处理。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an environment; use production, pre, test or training.</source>
        <translation>“%1”不是环境名称；请使用 production、pre、test 或 training。</translation>
    </message>
    <message>
        <source>Cannot bind the database: %1</source>
        <translation>无法绑定数据库：%1</translation>
    </message>
    <message>
        <source>This database is now bound to training: every profile writes the shop&apos;s orders.</source>
        <translation>此数据库已绑定到 training（培训）：所有配置都会写入商城订单。</translation>
    </message>
    <message>
        <source>This database is now bound to %1: only %1 profiles write the shop&apos;s orders; the others push as dry runs.</source>
        <translation>此数据库已绑定到 %1：只有 %1 类型的配置写入商城订单，其他配置的推送均为演练。</translation>
    </message>
    <message>
        <source>Use `haierctl db migrate`, `haierctl db add-indexes` or `haierctl db bind [ENVIRONMENT]`.</source>
        <translation>请使用 `haierctl db migrate`、`haierctl db add-indexes` 或 `haierctl db bind [环境]`。</translation>
    </message>
    <message>
        <source>This new database is bound to training: every profile writes its orders.</source>
        <translation>此新数据库已绑定到 training（培训）：所有配置都会写入其订单。</translation>
    </message>
    <message>
        <source>%1 is now %2.</source>
        <translation>%1 现为 %2。</translation>
    </message>
    <message>
        <source>Use: haierctl reopen ORDER_NUMBER --note TEXT</source>
        <translation>用法：haierctl reopen 订单号 --note 说明</translation>
    </message>
    <message>
        <source>Profile &quot;%1&quot; is a %2 profile and %3 would make it a %4 profile; nothing was changed. Add --change-kind if that is what you want.</source>
        <translation>配置“%1”是 %2 类型，%3 会把它改为 %4 类型；未做任何更改。如确需更改，请加上 --change-kind。</translation>
    </message>
    <message>
        <source>Profile &quot;%1&quot; is a production profile; turning it into a %2 profile also needs --yes. Nothing was changed.</source>
        <translation>配置“%1”是生产配置；将其改为 %2 类型还需要 --yes。未做任何更改。</translation>
    </message>
    <message>
        <source>Profile &quot;%1&quot; changed from %2 to %3.</source>
        <translation>配置“%1”已从 %2 改为 %3。</translation>
    </message>
    <message>
        <source>callbacks [--order ORDER_NUMBER] [--json] | callbacks replay ID — stored callbacks, valid or refused; verify a refused one again</source>
        <translation>callbacks [--order 订单号] [--json] | callbacks replay ID — 已保存的回调（有效或被拒）；重新校验被拒的回调</translation>
    </message>
    <message>
        <source>overdue [--older-than MINUTES] [--json] — accepted orders Haier has not confirmed</source>
        <translation>overdue [--older-than 分钟] [--json] — 已受理但海尔尚未确认的订单</translation>
    </message>
    <message>
        <source>Unconfirmed for at least this many minutes (default: the profile&apos;s callback.confirmWithinMinutes, 120).</source>
        <translation>未确认至少这么多分钟（默认：配置的 callback.confirmWithinMinutes，120）。</translation>
    </message>
    <message>
        <source>reconcile [--older-than MINUTES] [--yes] [--json] — confirm overdue orders Haier&apos;s logistics shows shipped</source>
        <translation>reconcile [--older-than 分钟] [--yes] [--json] — 确认海尔物流显示已发货的超时订单</translation>
    </message>
    <message>
        <source>Confirm the shipped ones (without it they are only shown; at a terminal it asks).</source>
        <translation>确认已发货的订单（不加此项只显示；在终端中会询问）。</translation>
    </message>
    <message>
        <source>Print {applied, message, orders} as JSON.</source>
        <translation>以 JSON 输出 {applied, message, orders}。</translation>
    </message>
    <message>
        <source>confirm ORDER_NUMBER --haier-order-no NUMBER --note TEXT — record a confirmation Haier gave by phone</source>
        <translation>confirm 订单号 --haier-order-no 单号 --note 说明 — 记录海尔电话确认</translation>
    </message>
    <message>
        <source>Haier&apos;s order number (SO.…) as Haier gave it.</source>
        <translation>海尔提供的海尔订单号（SO.…）。</translation>
    </message>
    <message>
        <source>Who at Haier confirmed it, and when (kept in the audit log).</source>
        <translation>海尔方面由谁、何时确认（记入审计日志）。</translation>
    </message>
    <message>
        <source>Use: haierctl callbacks replay ID (the id from haierctl callbacks --json)</source>
        <translation>用法：haierctl callbacks replay ID（ID 见 haierctl callbacks --json）</translation>
    </message>
    <message>
        <source>Use: haierctl callbacks [--order ORDER_NUMBER] [--json] | callbacks replay ID</source>
        <translation>用法：haierctl callbacks [--order 订单号] [--json] | callbacks replay ID</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>Use: haierctl overdue [--older-than MINUTES] [--json]</source>
        <translation>用法：haierctl overdue [--older-than 分钟] [--json]</translation>
    </message>
    <message numerus="yes">
        <source>%n accepted order(s) without Haier&apos;s confirmation for %1 minutes or more.</source>
        <translation>
            <numerusform>%n 个已受理订单超过 %1 分钟未获海尔确认。</numerusform>
        </translation>
    </message>
    <message>
        <source>Use: haierctl reconcile [--older-than MINUTES] [--yes] [--json]</source>
        <translation>用法：haierctl reconcile [--older-than 分钟] [--yes] [--json]</translation>
    </message>
    <message numerus="yes">
        <source>Confirm these %n order(s) on the evidence of Haier&apos;s logistics? [y/N] </source>
        <translation>
            <numerusform>根据海尔物流信息确认这 %n 个订单？[y/N] </numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was changed; run with --yes to confirm them.</source>
        <translation>未做任何更改；加 --yes 运行以确认这些订单。</translation>
    </message>
    <message>
        <source>Use: haierctl confirm ORDER_NUMBER --haier-order-no NUMBER --note TEXT</source>
        <translation>用法：haierctl confirm 订单号 --haier-order-no 单号 --note 说明</translation>
    </message>
    <message>
        <source>%1 is confirmed: %2</source>
        <translation>%1 已确认：%2</translation>
    </message>
    <message>
        <source>Threads storing callbacks, each with its own database connection (default: one per processor core, 2 to 8, on PostgreSQL; 1 on SQLite).</source>
        <translation>存储回调的线程数，每个线程使用自己的数据库连接（PostgreSQL 默认每个处理器核心一个，2 到 8 个；SQLite 默认 1 个）。</translation>
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
    <name>CredentialsPage</name>
    <message>
        <source>&amp;Set…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>删除(&amp;M)…</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Secrets live only in the system keychain. This page shows whether each one is stored, never its value.</source>
        <translation>密钥只保存在系统钥匙串中。此页只显示是否已保存，从不显示其值。</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>What it is</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>YLH client id</source>
        <translation>易理货 client id</translation>
    </message>
    <message>
        <source>YLH client secret</source>
        <translation>易理货 client secret</translation>
    </message>
    <message>
        <source>YLH account user name</source>
        <translation>易理货账户用户名</translation>
    </message>
    <message>
        <source>YLH account password</source>
        <translation>易理货账户密码</translation>
    </message>
    <message>
        <source>Open platform client id</source>
        <translation>开放平台 client id</translation>
    </message>
    <message>
        <source>Open platform client secret</source>
        <translation>开放平台 client secret</translation>
    </message>
    <message>
        <source>Open platform account password</source>
        <translation>开放平台账户密码</translation>
    </message>
    <message>
        <source>Secret that signs Haier&apos;s callbacks</source>
        <translation>海尔回调签名密钥</translation>
    </message>
    <message>
        <source>Credentials of profile %1</source>
        <translation>配置 %1 的凭据</translation>
    </message>
    <message>
        <source>Asks the YLH auth service for a token with this profile&apos;s saved settings and credentials.</source>
        <translation>用此配置已保存的设置和凭据向易理货认证服务申请令牌。</translation>
    </message>
    <message>
        <source>Connection tests are not available in this window.</source>
        <translation>此窗口中无法测试连接。</translation>
    </message>
    <message>
        <source>demo value</source>
        <translation>演示值</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>keychain unavailable</source>
        <translation>钥匙串不可用</translation>
    </message>
    <message>
        <source>The mock profile uses fixed demo credentials; there is nothing to store for it.</source>
        <translation>模拟配置使用固定的演示凭据；无需保存任何内容。</translation>
    </message>
    <message>
        <source>The keychain could not be read (%1). If no Secret Service is running, start gnome-keyring or KWallet, then press Refresh.</source>
        <translation>无法读取钥匙串（%1）。如果没有运行 Secret Service，请启动 gnome-keyring 或 KWallet，然后点“刷新”。</translation>
    </message>
    <message>
        <source>&amp;Replace…</source>
        <translation>替换(&amp;R)…</translation>
    </message>
    <message>
        <source>Nothing was typed, so %1 was left as it was.</source>
        <translation>未输入任何内容，%1 保持不变。</translation>
    </message>
    <message>
        <source>%1 was not stored: %2 If no Secret Service is running, start gnome-keyring or KWallet, then try again.</source>
        <translation>%1 未保存：%2 如果没有运行 Secret Service，请启动 gnome-keyring 或 KWallet 后重试。</translation>
    </message>
    <message>
        <source>%1 is stored in the keychain for profile %2.</source>
        <translation>已将配置 %2 的 %1 保存到钥匙串。</translation>
    </message>
    <message>
        <source>Remove %1 of profile %2 from the keychain? Pushing with this profile needs it set again.</source>
        <translation>从钥匙串删除配置 %2 的 %1？之后用此配置推送需要重新设置。</translation>
    </message>
    <message>
        <source>%1 was kept.</source>
        <translation>%1 已保留。</translation>
    </message>
    <message>
        <source>%1 was not removed: %2 If no Secret Service is running, start gnome-keyring or KWallet, then try again.</source>
        <translation>%1 未删除：%2 如果没有运行 Secret Service，请启动 gnome-keyring 或 KWallet 后重试。</translation>
    </message>
    <message>
        <source>%1 is removed from the keychain for profile %2.</source>
        <translation>已从钥匙串中删除配置 %2 的 %1。</translation>
    </message>
    <message>
        <source>Testing the connection of profile %1…</source>
        <translation>正在测试配置 %1 的连接…</translation>
    </message>
    <message>
        <source>The connection of profile %1 works: %2</source>
        <translation>配置 %1 连接正常：%2</translation>
    </message>
    <message>
        <source>The connection of profile %1 failed: %2 Check the profile&apos;s URLs and credentials, then test again.</source>
        <translation>配置 %1 连接失败：%2 请检查配置的地址和凭据后再测试。</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>凭据</translation>
    </message>
</context>
<context>
    <name>Csv</name>
    <message>
        <source>The file %1 could not be written: %2</source>
        <translation>无法写入文件 %1：%2</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>自定义范围</translation>
    </message>
    <message>
        <source>The period the figures and charts cover</source>
        <translation>指标和图表覆盖的时段</translation>
    </message>
    <message>
        <source>From (local time, included)</source>
        <translation>起（本地时间，包含）</translation>
    </message>
    <message>
        <source>To (local time, not included)</source>
        <translation>止（本地时间，不包含）</translation>
    </message>
    <message>
        <source>All profiles</source>
        <translation>全部配置</translation>
    </message>
    <message>
        <source>Only the calls made under this profile</source>
        <translation>仅此配置下的调用</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>时段(&amp;P)：</translation>
    </message>
    <message>
        <source>P&amp;rofile:</source>
        <translation>配置(&amp;R)：</translation>
    </message>
    <message>
        <source>The figures could not be read from the database: %1</source>
        <translation>无法从数据库读取指标：%1</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Period from</source>
        <translation>时段起</translation>
    </message>
    <message>
        <source>Period until</source>
        <translation>时段止</translation>
    </message>
    <message>
        <source>Read the figures again (F5)</source>
        <translation>重新读取数据（F5）</translation>
    </message>
    <message>
        <source>Refres&amp;h balance</source>
        <translation>刷新余额(&amp;H)</translation>
    </message>
    <message>
        <source>Haier account balance: not asked yet.</source>
        <translation>海尔账户余额：尚未查询。</translation>
    </message>
    <message>
        <source>Ask Haier&apos;s open platform for the balance of your payer accounts</source>
        <translation>向海尔开放平台查询您的付款方账户余额</translation>
    </message>
    <message>
        <source>Haier account balance: asking Haier…</source>
        <translation>海尔账户余额：正在向海尔查询…</translation>
    </message>
    <message>
        <source>Haier account balance not available (%1): %2</source>
        <translation>海尔账户余额不可用（%1）：%2</translation>
    </message>
    <message>
        <source>Haier account balance, fetched %1:</source>
        <translation>海尔账户余额（%1 获取）：</translation>
    </message>
</context>
<context>
    <name>DataLocation</name>
    <message>
        <source>An older database is still at %1; the one at %2 is used. To open the older one, start with --db %1.</source>
        <translation>较旧的数据库仍在 %1；当前使用的是 %2。如需打开较旧的数据库，请使用 --db %1 启动。</translation>
    </message>
    <message>
        <source>Moved the database from %1 to %2, the folder every program of the console now shares.</source>
        <translation>已将数据库从 %1 移到 %2，控制台的所有程序现在共用此文件夹。</translation>
    </message>
    <message>
        <source>The database at %1 could not be moved to %2, so it is opened where it is.</source>
        <translation>无法将 %1 处的数据库移到 %2，因此在原位置打开它。</translation>
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
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
    <message>
        <source>The database cannot be reached; the console keeps trying to reconnect. Nothing was changed: try again once the banner no longer says the database is unreachable.</source>
        <translation>无法连接数据库，控制台正在不断尝试重新连接。未做任何更改：待横幅不再显示数据库无法连接后再试。</translation>
    </message>
</context>
<context>
    <name>DatabaseChoice</name>
    <message>
        <source>Choose the SQLite file to use.</source>
        <translation>请选择要使用的 SQLite 文件。</translation>
    </message>
    <message>
        <source>Give the SQLite file with its full path, so every program finds the same file.</source>
        <translation>请填写 SQLite 文件的完整路径，以便每个程序都找到同一个文件。</translation>
    </message>
    <message>
        <source>%1 is a folder; choose a file in it.</source>
        <translation>%1 是一个文件夹；请选择其中的文件。</translation>
    </message>
    <message>
        <source>Enter the PostgreSQL server&apos;s host name or address.</source>
        <translation>请输入 PostgreSQL 服务器的主机名或地址。</translation>
    </message>
    <message>
        <source>The host &quot;%1&quot; is not a host name or address.</source>
        <translation>“%1”不是主机名或地址。</translation>
    </message>
    <message>
        <source>The port must be a number from 1 to 65535.</source>
        <translation>端口必须是 1 到 65535 之间的数字。</translation>
    </message>
    <message>
        <source>Enter the name of the shop&apos;s database.</source>
        <translation>请输入店铺数据库的名称。</translation>
    </message>
    <message>
        <source>The database name &quot;%1&quot; may not contain spaces or any of / ? # @ : %.</source>
        <translation>数据库名称“%1”不能包含空格或 / ? # @ : % 中的任何字符。</translation>
    </message>
    <message>
        <source>Enter the PostgreSQL user name.</source>
        <translation>请输入 PostgreSQL 用户名。</translation>
    </message>
    <message>
        <source>The user name &quot;%1&quot; may not contain spaces or any of / ? # @ : %.</source>
        <translation>用户名“%1”不能包含空格或 / ? # @ : % 中的任何字符。</translation>
    </message>
    <message>
        <source>SQLite file %1</source>
        <translation>SQLite 文件 %1</translation>
    </message>
    <message>
        <source>PostgreSQL database %1 on %2:%3 as %4</source>
        <translation>%2:%3 上的 PostgreSQL 数据库 %1，用户 %4</translation>
    </message>
    <message>
        <source>The settings file %1 could not be written.</source>
        <translation>无法写入设置文件 %1。</translation>
    </message>
</context>
<context>
    <name>DatabaseDialog</name>
    <message>
        <source>An &amp;SQLite file on this computer</source>
        <translation>本机上的 SQLite 文件(&amp;S)</translation>
    </message>
    <message>
        <source>The shop&apos;s &amp;PostgreSQL server</source>
        <translation>店铺的 PostgreSQL 服务器(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>The database the console, haierctl and the callback receiver use on this computer. It is used from the next start of each program.</source>
        <translation>本机上控制台、haierctl 和回调接收程序使用的数据库。各程序下次启动时生效。</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>Choose the SQLite file</source>
        <translation>选择 SQLite 文件</translation>
    </message>
    <message>
        <source>Kept in the keychain; leave empty to keep the stored one</source>
        <translation>保存在钥匙串中；留空则保留已保存的密码</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>端口(&amp;O)：</translation>
    </message>
    <message>
        <source>Database &amp;name:</source>
        <translation>数据库名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户(&amp;U)：</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>Use this &amp;database</source>
        <translation>使用此数据库(&amp;D)</translation>
    </message>
    <message>
        <source>CONSOLE_DB is set in this environment and wins over the choice made here.</source>
        <translation>当前环境设置了 CONSOLE_DB，它优先于此处的选择。</translation>
    </message>
    <message>
        <source>SQLite file</source>
        <translation>SQLite 文件</translation>
    </message>
    <message>
        <source>SQLite databases (*.sqlite *.db);;All files (*)</source>
        <translation>SQLite 数据库 (*.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>This database cannot be used: %1</source>
        <translation>无法使用此数据库：%1</translation>
    </message>
    <message>
        <source>The password could not be kept in the keychain, so nothing was changed: %1</source>
        <translation>无法将密码保存到钥匙串，因此未做任何更改：%1</translation>
    </message>
</context>
<context>
    <name>EnvBinding</name>
    <message>
        <source>unbound (production)</source>
        <translation>未绑定（生产）</translation>
    </message>
    <message>
        <source>Dry run: the shop&apos;s order is not changed (profile %1 is %2; this database serves %3).</source>
        <translation>演练：不会修改商城订单（配置 %1 的类型为 %2；此数据库服务于 %3）。</translation>
    </message>
</context>
<context>
    <name>FailedJobModel</name>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>soId</source>
        <translation>soId</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试记录</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>最近变更</translation>
    </message>
</context>
<context>
    <name>FailureGroupModel</name>
    <message>
        <source>All failures</source>
        <translation>全部失败</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>超时未确认</translation>
    </message>
    <message>
        <source>No confirmation from Haier</source>
        <translation>海尔未确认</translation>
    </message>
    <message>
        <source>Accepted by YLH, but Haier&apos;s confirmation has not come within the profile&apos;s time (callback.confirmWithinMinutes): reconcile with Haier&apos;s logistics, or record a confirmation given by phone</source>
        <translation>易理货已受理，但在配置的时间（callback.confirmWithinMinutes）内未收到海尔确认：可按海尔物流核对，或记录电话确认</translation>
    </message>
</context>
<context>
    <name>FailuresPage</name>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>Re-push with &amp;new soId</source>
        <translation>用新 soId 重新推送(&amp;N)</translation>
    </message>
    <message>
        <source>Mark re&amp;solved</source>
        <translation>标记为已处理(&amp;S)</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Order number or soId (start)</source>
        <translation>订单号或 soId（开头）</translation>
    </message>
    <message>
        <source>Select an attempt to see the request and Haier&apos;s answer (secrets removed).</source>
        <translation>选择一次尝试，查看请求和海尔的应答（已去除密钥）。</translation>
    </message>
    <message>
        <source>Send again with the same soId (Ctrl+R). Applies to the selected orders, or to every order shown.</source>
        <translation>用相同 soId 再次发送（Ctrl+R）。作用于选中的订单，或显示的全部订单。</translation>
    </message>
    <message>
        <source>Only for orders Haier refused or cancelled after accepting them</source>
        <translation>仅适用于海尔接收后又拒绝或取消的订单</translation>
    </message>
    <message>
        <source>Ask Haier to cancel orders it accepted and then ran out of stock for</source>
        <translation>请求海尔取消已接收但随后缺货的订单</translation>
    </message>
    <message>
        <source>Nothing more is to be done; kept with your note in the audit log</source>
        <translation>无需再处理；连同备注记入审计日志</translation>
    </message>
    <message>
        <source>The failures could not be read: %1</source>
        <translation>无法读取失败记录：%1</translation>
    </message>
    <message>
        <source>The newest %1 failures are shown; narrow the search to see older ones.</source>
        <translation>仅显示最新的 %1 个失败；缩小搜索范围可查看更早的。</translation>
    </message>
    <message numerus="yes">
        <source>%n failure(s)</source>
        <translation>
            <numerusform>%n 个失败</numerusform>
        </translation>
    </message>
    <message>
        <source>The attempts could not be read: %1</source>
        <translation>无法读取尝试记录：%1</translation>
    </message>
    <message>
        <source>Nothing was sent for %1: %2</source>
        <translation>%1 未发送任何内容：%2</translation>
    </message>
    <message>
        <source>Attempt %1, soId %2, %3

Request:
%4

Answer (HTTP %5):
%6</source>
        <translation>第 %1 次尝试，soId %2，%3

请求：
%4

应答（HTTP %5）：
%6</translation>
    </message>
    <message>
        <source>(no answer)</source>
        <translation>（无应答）</translation>
    </message>
    <message numerus="yes">
        <source>%1 %n selected order(s)?</source>
        <translation>
            <numerusform>%1 选中的 %n 个订单？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 all %n order(s) shown?</source>
        <translation>
            <numerusform>%1 显示的全部 %n 个订单？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n other order(s) are left out: the action does not apply to them.</source>
        <translation>
            <numerusform>另有 %n 个订单不在其中：此操作不适用于它们。</numerusform>
        </translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Re-push with a new soId</source>
        <translation>用新 soId 重新推送</translation>
    </message>
    <message>
        <source>Ask Haier to cancel</source>
        <translation>请求海尔取消</translation>
    </message>
    <message>
        <source>Cancel at Haier</source>
        <translation>在海尔取消</translation>
    </message>
    <message>
        <source>Reason (sent to Haier and kept in the audit log):</source>
        <translation>原因（发送给海尔并记入审计日志）：</translation>
    </message>
    <message>
        <source>Mark resolved</source>
        <translation>标记为已处理</translation>
    </message>
    <message>
        <source>Why nothing more is to be done (kept in the audit log):</source>
        <translation>无需再处理的原因（记入审计日志）：</translation>
    </message>
    <message>
        <source>Some orders could not be marked:
%1</source>
        <translation>部分订单无法标记：
%1</translation>
    </message>
    <message>
        <source>Cancel at &amp;Haier</source>
        <translation>在海尔取消(&amp;H)</translation>
    </message>
    <message>
        <source>Open or&amp;der</source>
        <translation>打开订单(&amp;D)</translation>
    </message>
    <message>
        <source>Search failures</source>
        <translation>搜索失败记录</translation>
    </message>
    <message>
        <source>Failure groups</source>
        <translation>失败分组</translation>
    </message>
    <message>
        <source>Failed orders</source>
        <translation>失败的订单</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试记录</translation>
    </message>
    <message>
        <source>Request and answer</source>
        <translation>请求与应答</translation>
    </message>
    <message>
        <source>R&amp;econcile</source>
        <translation>核对物流(&amp;E)</translation>
    </message>
    <message>
        <source>Confirmed by &amp;phone…</source>
        <translation>电话确认(&amp;P)…</translation>
    </message>
    <message>
        <source>Ask Haier&apos;s logistics about these orders and confirm the ones it shows shipped (the evidence is kept)</source>
        <translation>向海尔物流查询这些订单，并确认物流显示已发货的订单（保留依据）</translation>
    </message>
    <message>
        <source>Haier confirmed this order by phone: record Haier&apos;s order number and who confirmed it (audited)</source>
        <translation>海尔已电话确认此订单：记录海尔订单号和确认人（记入审计日志）</translation>
    </message>
    <message numerus="yes">
        <source>No confirmation for %n minute(s); no Haier order number yet</source>
        <translation>
            <numerusform>已 %n 分钟未确认；尚无海尔订单号</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No confirmation for %n minute(s); Haier order number %1</source>
        <translation>
            <numerusform>已 %n 分钟未确认；海尔订单号 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Reconcile with Haier&apos;s logistics</source>
        <translation>按海尔物流核对</translation>
    </message>
    <message>
        <source>Confirmed by phone</source>
        <translation>电话确认</translation>
    </message>
    <message>
        <source>Haier order number of %1 (SO.…), as Haier gave it:</source>
        <translation>海尔提供的 %1 的海尔订单号（SO.…）：</translation>
    </message>
    <message>
        <source>Who at Haier confirmed it, and when (kept in the audit log):</source>
        <translation>海尔方面由谁、何时确认（记入审计日志）：</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Create &amp;training data</source>
        <translation>创建培训数据(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Connect to the shop&apos;s database…</source>
        <translation>连接店铺数据库(&amp;C)…</translation>
    </message>
    <message>
        <source>No orders yet</source>
        <translation>尚无订单</translation>
    </message>
    <message numerus="yes">
        <source>This database has no orders yet (%1).

Training data: %Ln made-up orders to learn the console with, pushed only to the mock profile&apos;s simulator.

The shop&apos;s database: choose the SQLite file or the PostgreSQL server that holds the shop&apos;s orders.</source>
        <translation>
            <numerusform>此数据库尚无订单（%1）。

培训数据：%Ln 个虚构订单，用于熟悉控制台，只推送到 mock 配置的模拟器。

店铺数据库：选择存放店铺订单的 SQLite 文件或 PostgreSQL 服务器。</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Not now</source>
        <translation>暂不(&amp;N)</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>培训数据</translation>
    </message>
    <message>
        <source>The training data could not be written: %1</source>
        <translation>无法写入培训数据：%1</translation>
    </message>
</context>
<context>
    <name>GeneralSettingsPage</name>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Recorded in the audit log for every push, retry and profile change. Leave it empty to use your system user name. The CONSOLE_OPERATOR environment variable, when set, wins over this.</source>
        <translation>每次推送、重试和配置修改都会记入审计日志。留空则使用系统用户名。设置了 CONSOLE_OPERATOR 环境变量时以它为准。</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>The language changes the next time the console starts.</source>
        <translation>语言将在下次启动控制台时生效。</translation>
    </message>
    <message>
        <source>&amp;Operator name:</source>
        <translation>操作员姓名(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>The operator name must be one line; nothing was saved.</source>
        <translation>操作员姓名必须为一行；未保存任何内容。</translation>
    </message>
    <message>
        <source>The settings could not be written to %1. Check that the folder is writable, then save again.</source>
        <translation>无法将设置写入 %1。请检查该文件夹可写后再保存。</translation>
    </message>
    <message>
        <source>Saved. The audit log names the operator %1.</source>
        <translation>已保存。审计日志中的操作员为 %1。</translation>
    </message>
    <message>
        <source>Saved, but CONSOLE_OPERATOR is set, so the audit log names the operator %1 until it is unset.</source>
        <translation>已保存，但设置了 CONSOLE_OPERATOR，在取消之前审计日志中的操作员为 %1。</translation>
    </message>
</context>
<context>
    <name>JobState</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>waiting to retry</source>
        <translation>等待重试</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>out of stock</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已处理</translation>
    </message>
    <message>
        <source>cancel requested</source>
        <translation>已申请取消</translation>
    </message>
    <message>
        <source>partially cancelled</source>
        <translation>部分取消</translation>
    </message>
</context>
<context>
    <name>JobStore</name>
    <message>
        <source>The job changed meanwhile (it is now %1); nothing was written</source>
        <translation>任务已被其他操作更改（当前为 %1），未写入任何内容</translation>
    </message>
</context>
<context>
    <name>LogModel</name>
    <message>
        <source>The export could not be written: %1</source>
        <translation>无法写入导出文件：%1</translation>
    </message>
</context>
<context>
    <name>LogPage</name>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>Details of the selected entry</source>
        <translation>所选条目的详情</translation>
    </message>
    <message>
        <source>Any date</source>
        <translation>任意日期</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>LogPageWidgets</name>
    <message>
        <source>Any date</source>
        <translation>任意日期</translation>
    </message>
</context>
<context>
    <name>LogisticsRefresh</name>
    <message>
        <source>%1 has no Haier order number yet, so its logistics cannot be asked for: Haier&apos;s logistics knows an order only by that number (SO.…), which comes with YLH&apos;s answer or Haier&apos;s confirmation, not by our soId %2.</source>
        <translation>%1 还没有海尔订单号，无法查询物流：海尔物流只按海尔订单号（SO.…）查询，该单号随易理货的应答或海尔的确认回调而来，不能用我们的 soId %2 查询。</translation>
    </message>
    <message>
        <source>%1 has no Haier order number, so its logistics cannot be asked for: it has not been accepted by YLH under profile %2.</source>
        <translation>%1 没有海尔订单号，无法查询物流：它在配置 %2 下尚未被易理货接收。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Haier order push console — %1</source>
        <translation>海尔订单推送控制台 — %1</translation>
    </message>
    <message>
        <source>&amp;Orders</source>
        <translation>订单(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Callbacks</source>
        <translation>回调(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Callbacks</source>
        <translation>回调</translation>
    </message>
    <message>
        <source>Sync log</source>
        <translation>同步日志</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Next row</source>
        <translation>下一行(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous row</source>
        <translation>上一行(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Actions</source>
        <translation>操作(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Push selected orders</source>
        <translation>推送选中的订单(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Retry failed (selected, or all shown)</source>
        <translation>重试失败项（选中的，或显示的全部）(&amp;R)</translation>
    </message>
    <message>
        <source>Fail&amp;ures</source>
        <translation>失败(&amp;U)</translation>
    </message>
    <message>
        <source>Sync &amp;log</source>
        <translation>同步日志(&amp;L)</translation>
    </message>
    <message>
        <source>Dash&amp;board</source>
        <translation>仪表板(&amp;B)</translation>
    </message>
    <message>
        <source>Aud&amp;it</source>
        <translation>审计(&amp;I)</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <source>&amp;Database…</source>
        <translation>数据库(&amp;D)…</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>Refresh &amp;logistics of the selected orders</source>
        <translation>刷新所选订单的物流(&amp;L)</translation>
    </message>
    <message>
        <source>Refresh logistics of every &amp;accepted order</source>
        <translation>刷新所有已受理订单的物流(&amp;A)</translation>
    </message>
    <message>
        <source>Haier account &amp;balance</source>
        <translation>海尔账户余额(&amp;B)</translation>
    </message>
</context>
<context>
    <name>MetricTile</name>
    <message numerus="yes">
        <source>%n create-order answer(s)</source>
        <translation>
            <numerusform>%n 个创建订单应答</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token call(s)</source>
        <translation>
            <numerusform>%n 次令牌调用</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n YLH call(s)</source>
        <translation>
            <numerusform>%n 次易理货调用</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n call(s)</source>
        <translation>
            <numerusform>%n 次调用</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 (%3). %4</source>
        <translation>%1：%2（%3）。%4</translation>
    </message>
    <message>
        <source>Push success rate</source>
        <translation>推送成功率</translation>
    </message>
    <message>
        <source>Average API response time</source>
        <translation>API 平均响应时间</translation>
    </message>
    <message>
        <source>Authentication success rate</source>
        <translation>认证成功率</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>错误率</translation>
    </message>
    <message>
        <source>YLH availability</source>
        <translation>易理货可用性</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>normal &gt; %1, alarm &lt; %2</source>
        <translation>正常 &gt; %1，告警 &lt; %2</translation>
    </message>
    <message>
        <source>normal &lt; %1, alarm &gt; %2</source>
        <translation>正常 &lt; %1，告警 &gt; %2</translation>
    </message>
</context>
<context>
    <name>OpenPlatClient</name>
    <message>
        <source>The token answer has no access_token</source>
        <translation>令牌应答中没有 access_token</translation>
    </message>
    <message>
        <source>No permission for this open-platform interface, or this computer&apos;s IP address is not on the whitelist; ask the administrator to check the open-platform account&apos;s permissions and the IP whitelist</source>
        <translation>无开放平台接口权限或IP不在白名单，请联系管理员检查开放平台账号权限和IP白名单</translation>
    </message>
</context>
<context>
    <name>OrderActions</name>
    <message>
        <source>No order numbered &quot;%1&quot;.</source>
        <translation>找不到订单号为“%1”的订单。</translation>
    </message>
    <message>
        <source>The order changed meanwhile (another process is working on it); look again</source>
        <translation>订单刚被更改（另一个进程正在处理）；请重新查看</translation>
    </message>
    <message>
        <source>A push is still running; wait for it to finish.</source>
        <translation>推送仍在进行，请等待完成。</translation>
    </message>
    <message>
        <source>This order has not been pushed under profile %1</source>
        <translation>此订单尚未在配置 %1 下推送</translation>
    </message>
    <message>
        <source>No connection to YLH is set up for this profile.</source>
        <translation>此配置未设置易理货连接。</translation>
    </message>
    <message>
        <source>Only a resolved order can be reopened</source>
        <translation>只有已标记为处理完毕的订单才能重新打开</translation>
    </message>
    <message>
        <source>%1 has not been pushed under profile %2; there is nothing to cancel</source>
        <translation>%1 尚未在配置 %2 下推送，无可取消</translation>
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
        <source>%1 has not been accepted by YLH under profile %2.</source>
        <translation>%1 在配置 %2 下尚未被易理货受理。</translation>
    </message>
    <message>
        <source>Haier did not accept the new dates for %1 (%2): %3</source>
        <translation>海尔未接受 %1 的新日期（%2）：%3</translation>
    </message>
    <message>
        <source>Haier accepted the new dates for %1, but the audit log could not store it: %2</source>
        <translation>海尔已接受 %1 的新日期，但审计日志无法记录：%2</translation>
    </message>
    <message>
        <source>Haier accepted the new dates for %1: %2</source>
        <translation>海尔已接受 %1 的新日期：%2</translation>
    </message>
    <message>
        <source>Haier did not give the photos of %1 (%2): %3</source>
        <translation>海尔未返回 %1 的照片（%2）：%3</translation>
    </message>
    <message numerus="yes">
        <source>%n accepted order(s) have no Haier order number yet and were not asked about.</source>
        <translation>
            <numerusform>%n 个已接收的订单还没有海尔订单号，未查询。</numerusform>
        </translation>
    </message>
    <message>
        <source>Logistics updated for %1 of %2 orders.</source>
        <translation>已更新 %2 个订单中 %1 个的物流信息。</translation>
    </message>
    <message>
        <source>Haier did not give the logistics (%1): %2</source>
        <translation>海尔未返回物流信息（%1）：%2</translation>
    </message>
    <message>
        <source>Haier gave logistics for %1 of %2 orders; none stored (dry run).</source>
        <translation>海尔返回了 %2 个订单中 %1 个的物流信息；未保存（演练）。</translation>
    </message>
    <message>
        <source>No open-platform connection is set up for this profile.</source>
        <translation>此配置未设置开放平台连接。</translation>
    </message>
    <message>
        <source>No county code is known for %1 %2 %3; import region codes (haierctl regions import).</source>
        <translation>未知 %1 %2 %3 的区县编码；请导入区县编码（haierctl regions import）。</translation>
    </message>
    <message>
        <source>%1 has no Haier product to check.</source>
        <translation>%1 没有可检查的海尔商品。</translation>
    </message>
    <message>
        <source>Haier has enough stock for %1.</source>
        <translation>海尔库存足够 %1。</translation>
    </message>
    <message>
        <source>Not enough Haier stock: %1</source>
        <translation>海尔产品库存不足：%1</translation>
    </message>
    <message>
        <source>The stock check could not be done: %1</source>
        <translation>无法完成库存检查：%1</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1（%2）：%3</translation>
    </message>
    <message>
        <source>Haier gave no payer account for this customer.</source>
        <translation>海尔未返回该客户的付款方账户。</translation>
    </message>
    <message>
        <source>Haier sells %1 of the %2 products of %3.</source>
        <translation>%3 的 %2 个产品中，海尔可售 %1 个。</translation>
    </message>
    <message>
        <source>No Haier order number (SO.…) is known, so Haier&apos;s logistics cannot be asked; it stays overdue.</source>
        <translation>尚无海尔订单号（SO.…），无法查询海尔物流；仍保持超时。</translation>
    </message>
    <message numerus="yes">
        <source>%n overdue order(s); none has a Haier order number to ask logistics with.</source>
        <translation>
            <numerusform>%n 个超时订单；都没有可用于查询物流的海尔订单号。</numerusform>
        </translation>
    </message>
    <message>
        <source>Haier&apos;s logistics could not be asked; it stays overdue.</source>
        <translation>无法查询海尔物流；仍保持超时。</translation>
    </message>
    <message>
        <source>Haier&apos;s logistics shows no shipment of %1 yet; it stays overdue.</source>
        <translation>海尔物流尚未显示 %1 发货；仍保持超时。</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) confirmed from Haier&apos;s logistics;</source>
        <translation>
            <numerusform>根据海尔物流确认了 %n 个订单；</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stay overdue.</source>
        <translation>
            <numerusform>%n 个仍超时。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) would be confirmed from Haier&apos;s logistics (nothing changed);</source>
        <translation>
            <numerusform>根据海尔物流将确认 %n 个订单（未做更改）；</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n would stay overdue.</source>
        <translation>
            <numerusform>%n 个将仍超时。</numerusform>
        </translation>
    </message>
    <message>
        <source>A confirmation by phone needs Haier&apos;s order number and a note saying who confirmed it.</source>
        <translation>电话确认需要海尔订单号，以及说明由谁确认的备注。</translation>
    </message>
    <message>
        <source>%1 has not been pushed under profile %2; there is nothing Haier could have confirmed.</source>
        <translation>%1 尚未在配置 %2 下推送，海尔无可确认。</translation>
    </message>
    <message>
        <source>Haier order number %1, confirmed by phone: %2</source>
        <translation>海尔订单号 %1，电话确认：%2</translation>
    </message>
    <message>
        <source>(replaces %1)</source>
        <translation>（替换 %1）</translation>
    </message>
    <message>
        <source>The audit log could not store the replay: %1</source>
        <translation>审计日志无法记录此次重放：%1</translation>
    </message>
    <message>
        <source>No stored callback has the id %1.</source>
        <translation>没有 id 为 %1 的已保存回调。</translation>
    </message>
    <message>
        <source>Callback %1 was replayed and applied already; it is not applied twice.</source>
        <translation>回调 %1 已重放并应用过，不会再次应用。</translation>
    </message>
    <message>
        <source>Callback %1 was not refused (its outcome is %2); only a refused callback can be replayed.</source>
        <translation>回调 %1 未被拒（结果为 %2）；只有被拒的回调才能重放。</translation>
    </message>
    <message>
        <source>Callback %1 cannot be replayed: its body was longer than %2 bytes and only the start of it was kept, so its signature cannot be checked again.</source>
        <translation>回调 %1 无法重放：其正文超过 %2 字节，只保留了开头部分，签名无法再次校验。</translation>
    </message>
    <message>
        <source>Callback %1 cannot be replayed: its body or its signature was not kept (it came before replays were possible, or its body was dropped to keep the database small).</source>
        <translation>回调 %1 无法重放：其正文或签名未保留（收到时尚不支持重放，或为控制数据库大小已删除正文）。</translation>
    </message>
    <message>
        <source>No callback secret for profile %1 (haierctl credentials set %1 callback.secret).</source>
        <translation>配置 %1 没有回调密钥（haierctl credentials set %1 callback.secret）。</translation>
    </message>
    <message>
        <source>Callback %1 is still refused under profile %2: %3</source>
        <translation>回调 %1 在配置 %2 下仍被拒：%3</translation>
    </message>
    <message>
        <source>Callback %1 is valid now, but it could not be stored (HTTP %2); try again.</source>
        <translation>回调 %1 现在有效，但无法保存（HTTP %2）；请重试。</translation>
    </message>
    <message>
        <source>Callback %1 was applied already: the same callback has been received and applied since.</source>
        <translation>回调 %1 已应用：此后已收到并应用了相同的回调。</translation>
    </message>
    <message>
        <source>Callback %1 is valid under profile %2 and was applied to %3.</source>
        <translation>回调 %1 在配置 %2 下有效，已应用到 %3。</translation>
    </message>
    <message>
        <source>Callback %1 is valid under profile %2 and was stored, but changes nothing (%3).</source>
        <translation>回调 %1 在配置 %2 下有效并已保存，但没有改变任何内容（%3）。</translation>
    </message>
    <message>
        <source>replayed: %1</source>
        <translation>已重放：%1</translation>
    </message>
    <message>
        <source>(It could not be marked as replayed: %1)</source>
        <translation>（无法标记为已重放：%1）</translation>
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
    <message>
        <source>Not pushed to Haier yet</source>
        <translation>尚未推送到海尔</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
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
    <message>
        <source>Cancel at &amp;Haier…</source>
        <translation>在海尔取消(&amp;H)…</translation>
    </message>
    <message>
        <source>Order status in the shop</source>
        <translation>商城中的订单状态</translation>
    </message>
    <message>
        <source>Any push state</source>
        <translation>任意推送状态</translation>
    </message>
    <message>
        <source>Not pushed</source>
        <translation>未推送</translation>
    </message>
    <message>
        <source>Where the order stands at Haier</source>
        <translation>订单在海尔侧的状态</translation>
    </message>
    <message>
        <source>from any date</source>
        <translation>起：任意日期</translation>
    </message>
    <message>
        <source>to any date</source>
        <translation>止：任意日期</translation>
    </message>
    <message>
        <source>Shop field</source>
        <translation>商城字段</translation>
    </message>
    <message>
        <source>Haier field</source>
        <translation>海尔字段</translation>
    </message>
    <message>
        <source>Value sent</source>
        <translation>发送的值</translation>
    </message>
    <message>
        <source>Cancel at Haier</source>
        <translation>在海尔取消</translation>
    </message>
    <message>
        <source>Ask Haier to cancel %1?
Reason (sent to Haier and kept in the audit log):</source>
        <translation>请求海尔取消 %1？
原因（发送给海尔并记入审计日志）：</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>At Haier</source>
        <translation>海尔侧</translation>
    </message>
    <message>
        <source>Haier status: %1</source>
        <translation>海尔状态：%1</translation>
    </message>
    <message>
        <source>not pushed</source>
        <translation>未推送</translation>
    </message>
    <message>
        <source>soId: %1</source>
        <translation>soId：%1</translation>
    </message>
    <message>
        <source>Haier order number: %1</source>
        <translation>海尔订单号：%1</translation>
    </message>
    <message>
        <source>Haier&apos;s reason: %1</source>
        <translation>海尔给出的原因：%1</translation>
    </message>
    <message>
        <source>Logistics: %1, delivery record %2, SN %3</source>
        <translation>物流：%1，配送单 %2，SN %3</translation>
    </message>
    <message numerus="yes">
        <source>Push job (%1): %2, %n attempt(s), last: %3</source>
        <translation>
            <numerusform>推送任务（%1）：%2，%n 次尝试，最近：%3</numerusform>
        </translation>
    </message>
    <message>
        <source>Callbacks from Haier:</source>
        <translation>海尔回调：</translation>
    </message>
    <message>
        <source>refused: %1</source>
        <translation>拒收：%1</translation>
    </message>
    <message>
        <source>Change &amp;dates (改约)…</source>
        <translation>改约(&amp;D)…</translation>
    </message>
    <message>
        <source>New delivery and installation days; Haier needs its order number, so only after Haier confirmed</source>
        <translation>新的送货和安装日期；需要海尔订单号，因此仅在海尔确认后可用</translation>
    </message>
    <message>
        <source>Change dates of %1</source>
        <translation>%1 改约</translation>
    </message>
    <message>
        <source>&amp;Delivery day:</source>
        <translation>送货日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Installation day:</source>
        <translation>安装日期(&amp;I)：</translation>
    </message>
    <message>
        <source>Ask Haier&apos;s open platform whether the order&apos;s products are in stock in its county; nothing is sent</source>
        <translation>向海尔开放平台查询订单商品在其区县是否有货；不会发送订单</translation>
    </message>
    <message>
        <source>Delivery &amp;photos</source>
        <translation>送装照片(&amp;P)</translation>
    </message>
    <message>
        <source>The delivery and installation photos Haier holds for this order</source>
        <translation>海尔保存的此订单送货和安装照片</translation>
    </message>
    <message>
        <source>Check s&amp;tock</source>
        <translation>查询库存(&amp;T)</translation>
    </message>
    <message>
        <source>Search orders</source>
        <translation>搜索订单</translation>
    </message>
    <message>
        <source>Shop status</source>
        <translation>店铺状态</translation>
    </message>
    <message>
        <source>Push state</source>
        <translation>推送状态</translation>
    </message>
    <message>
        <source>Created from</source>
        <translation>创建日期起</translation>
    </message>
    <message>
        <source>Created until</source>
        <translation>创建日期止</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Review of the selected order</source>
        <translation>所选订单的检查</translation>
    </message>
    <message>
        <source>Payload as it would be sent</source>
        <translation>将要发送的报文</translation>
    </message>
    <message>
        <source>Fields as they would be sent</source>
        <translation>将要发送的字段</translation>
    </message>
    <message>
        <source>The order at Haier</source>
        <translation>海尔侧的订单</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>At Haier:</source>
        <translation>海尔侧：</translation>
    </message>
    <message numerus="yes">
        <source>%Ln order(s), %1 selected</source>
        <translation>
            <numerusform>%Ln 个订单，已选 %1 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln order(s)</source>
        <translation>
            <numerusform>%Ln 个订单</numerusform>
        </translation>
    </message>
    <message>
        <source>R&amp;efresh logistics</source>
        <translation>刷新物流(&amp;E)</translation>
    </message>
    <message>
        <source>A&amp;vailability and prices</source>
        <translation>可售与价格(&amp;V)</translation>
    </message>
    <message>
        <source>Re-push with &amp;new soId…</source>
        <translation>用新 soId 重新推送(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Reopen…</source>
        <translation>重新打开(&amp;R)…</translation>
    </message>
    <message>
        <source>Ask Haier for this order&apos;s logistics numbers by its Haier order number and store them (the Actions menu does it for the selection or every accepted order)</source>
        <translation>按海尔订单号向海尔查询此订单的物流单号并保存（“操作”菜单可对所选订单或所有已受理订单执行）</translation>
    </message>
    <message>
        <source>Ask Haier&apos;s open platform whether it sells you the order&apos;s products, and at what price; nothing is sent</source>
        <translation>向海尔开放平台查询订单产品是否可向您销售及其价格；不会发送任何订单</translation>
    </message>
    <message>
        <source>Only when Haier cancelled the order or refused it after accepting it: push it again as a new order</source>
        <translation>仅当海尔已取消订单或受理后又拒绝时可用：作为新订单重新推送</translation>
    </message>
    <message>
        <source>Undo &quot;resolved&quot;: the job returns to the state it had before; asks for a note</source>
        <translation>撤销“已处理”：任务回到之前的状态；需要填写备注</translation>
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
    <name>ProfileBanner</name>
    <message>
        <source>%1 (%2) — %3</source>
        <translation>%1（%2）— %3</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation>操作员：%1</translation>
    </message>
    <message>
        <source>Dry run: the shop&apos;s order is not changed</source>
        <translation>演练：不会修改商城订单</translation>
    </message>
    <message>
        <source>YLH: not contacted yet</source>
        <translation>易理货：尚未连接</translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n 秒前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message>
        <source>YLH: reachable (%1, %2 ms)</source>
        <translation>易理货：可连接（%1，%2 毫秒）</translation>
    </message>
    <message>
        <source>YLH: NOT reachable (%1)</source>
        <translation>易理货：无法连接（%1）</translation>
    </message>
    <message>
        <source>Last call: %1 — %2</source>
        <translation>最近一次调用：%1 — %2</translation>
    </message>
    <message>
        <source>Database unreachable, retrying…</source>
        <translation>数据库无法连接，正在重试…</translation>
    </message>
</context>
<context>
    <name>ProfileEditor</name>
    <message>
        <source>YLH (易理货) services</source>
        <translation>易理货服务</translation>
    </message>
    <message>
        <source>&amp;Auth base URL:</source>
        <translation>认证服务地址(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Order base URL (jst-order):</source>
        <translation>订单服务地址（jst-order）(&amp;O)：</translation>
    </message>
    <message>
        <source>Order-serv&amp;ice base URL:</source>
        <translation>订单服务（order-service）地址(&amp;I)：</translation>
    </message>
    <message>
        <source>Stoc&amp;k base URL:</source>
        <translation>库存服务地址(&amp;K)：</translation>
    </message>
    <message>
        <source>Haier open platform</source>
        <translation>海尔开放平台</translation>
    </message>
    <message>
        <source>Open plat&amp;form base URL:</source>
        <translation>开放平台地址(&amp;F)：</translation>
    </message>
    <message>
        <source>Token pat&amp;h:</source>
        <translation>令牌路径(&amp;H)：</translation>
    </message>
    <message>
        <source>Shop codes</source>
        <translation>商户编码</translation>
    </message>
    <message>
        <source>Source s&amp;ystem:</source>
        <translation>来源系统(&amp;Y)：</translation>
    </message>
    <message>
        <source>Shop na&amp;me:</source>
        <translation>店铺名称(&amp;M)：</translation>
    </message>
    <message>
        <source>S&amp;eller code:</source>
        <translation>八码（卖方编码）(&amp;E)：</translation>
    </message>
    <message>
        <source>Cus&amp;tomer code:</source>
        <translation>客户编码(&amp;T)：</translation>
    </message>
    <message>
        <source>Send-to code:</source>
        <translation>送达方编码：</translation>
    </message>
    <message>
        <source>Supp&amp;lier code:</source>
        <translation>供应商编码(&amp;L)：</translation>
    </message>
    <message>
        <source>Callbacks from Haier</source>
        <translation>海尔回调</translation>
    </message>
    <message>
        <source>AppKey:</source>
        <translation>AppKey：</translation>
    </message>
    <message>
        <source>Timestamp time &amp;zone:</source>
        <translation>时间戳时区(&amp;Z)：</translation>
    </message>
    <message>
        <source>Accepted clock diffe&amp;rence:</source>
        <translation>允许的时钟偏差(&amp;R)：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Requests and retries</source>
        <translation>请求与重试</translation>
    </message>
    <message>
        <source>Re&amp;quest timeout:</source>
        <translation>请求超时(&amp;Q)：</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Order time unit:</source>
        <translation>订单时间单位：</translation>
    </message>
    <message>
        <source>Ma&amp;ximum retries:</source>
        <translation>最多重试次数(&amp;X)：</translation>
    </message>
    <message>
        <source>&amp;Base delay:</source>
        <translation>基础延迟(&amp;B)：</translation>
    </message>
    <message>
        <source>Maximum delay:</source>
        <translation>最大延迟：</translation>
    </message>
    <message>
        <source>Random &amp;jitter on each delay</source>
        <translation>每次延迟加随机抖动(&amp;J)</translation>
    </message>
    <message>
        <source>Duplicate-soId ans&amp;wers (one per line):</source>
        <translation>soId 重复的应答文字（每行一条）(&amp;W)：</translation>
    </message>
    <message>
        <source>Pushing</source>
        <translation>推送</translation>
    </message>
    <message>
        <source>Concurrent pushes:</source>
        <translation>并发推送数：</translation>
    </message>
    <message>
        <source>Rate limit:</source>
        <translation>限流：</translation>
    </message>
    <message>
        <source> requests/s</source>
        <translation> 次请求/秒</translation>
    </message>
    <message>
        <source>Check Haier stock before sending</source>
        <translation>发送前检查海尔库存</translation>
    </message>
    <message>
        <source>Claim lease:</source>
        <translation>认领租期：</translation>
    </message>
    <message>
        <source>https://…</source>
        <translation>https://…</translation>
    </message>
    <message>
        <source>milliseconds</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1: %2. Correct it; nothing was saved.</source>
        <translation>%1：%2。请更正；未保存任何内容。</translation>
    </message>
    <message>
        <source>%1: %2.</source>
        <translation>%1：%2。</translation>
    </message>
    <message>
        <source>This profile cannot be saved until these are corrected:</source>
        <translation>更正以下内容之前无法保存此配置：</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>环境</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Clock margin for re-pushed orders:</source>
        <translation>重推订单的时钟容差：</translation>
    </message>
    <message>
        <source>Confirmation overdue after:</source>
        <translation>确认超时时间：</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
</context>
<context>
    <name>ProfileListModel</name>
    <message>
        <source>Mock (simulator)</source>
        <translation>模拟（模拟器）</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Pre-production</source>
        <translation>预发布</translation>
    </message>
    <message>
        <source>Production</source>
        <translation>生产</translation>
    </message>
    <message>
        <source>active</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>ProfileStore</name>
    <message>
        <source>The stored profile &quot;%1&quot; is damaged.</source>
        <translation>保存的配置“%1”已损坏。</translation>
    </message>
    <message>
        <source>No profile named &quot;%1&quot;.</source>
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
        <source>Haier&apos;s answer could not be understood and needs review: %1</source>
        <translation>无法理解海尔的应答，需要人工核查：%1</translation>
    </message>
    <message>
        <source>No order numbered &quot;%1&quot;.</source>
        <translation>找不到订单号为“%1”的订单。</translation>
    </message>
    <message>
        <source>Nothing left to resume for this order</source>
        <translation>该订单没有需要继续的推送</translation>
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
    <message>
        <source>The stock check is on for this profile, but no open-platform connection is set up; set its credentials or turn the check off</source>
        <translation>此配置开启了库存检查，但未设置开放平台连接；请设置其凭据或关闭检查</translation>
    </message>
    <message>
        <source>No county code is known for %1 %2 %3, so stock cannot be checked; import region codes (haierctl regions import) or turn the stock check off</source>
        <translation>未知 %1 %2 %3 的区县编码，无法检查库存；请导入区县编码（haierctl regions import）或关闭库存检查</translation>
    </message>
    <message>
        <source>Not enough Haier stock: %1</source>
        <translation>海尔产品库存不足：%1</translation>
    </message>
    <message>
        <source>The stock check could not be done, so nothing was sent (%1); try again later</source>
        <translation>无法完成库存检查，未发送任何内容（%1）；请稍后重试</translation>
    </message>
    <message>
        <source>Another process ended this push meanwhile (%1); use retry to send it again</source>
        <translation>另一个进程已在此期间结束此推送（%1）；如需再次发送请使用重试</translation>
    </message>
    <message>
        <source>No permission for this interface, or this computer&apos;s IP address is not on the whitelist; ask the administrator to check the YLH account&apos;s permissions and the IP whitelist</source>
        <translation>无接口权限或IP不在白名单，请联系管理员检查易理货账号权限和IP白名单</translation>
    </message>
    <message>
        <source>Not sent: the database could not be reached. `haierctl resume` pushes it once the database is back.</source>
        <translation>未发送：无法连接数据库。数据库恢复后，`haierctl resume` 会推送它。</translation>
    </message>
    <message>
        <source>Sent, but Haier&apos;s answer (%1) could not be stored: the database could not be reached. The order stays &quot;sending&quot;; `haierctl resume` finishes it without creating it twice.</source>
        <translation>已发送，但无法保存海尔的应答（%1）：无法连接数据库。该订单仍为“发送中”；`haierctl resume` 会完成它，且不会重复创建。</translation>
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
        <source>Done: accepted %1, failed %2, refused %3</source>
        <translation>完成：受理 %1，失败 %2，拒绝 %3</translation>
    </message>
    <message>
        <source>Show failures</source>
        <translation>查看失败</translation>
    </message>
    <message>
        <source>%1 of %2 — sent %3, accepted %4, failed %5, refused %6, retrying %7</source>
        <translation>%1 / %2 — 已发送 %3，已接收 %4，失败 %5，拒绝 %6，重试中 %7</translation>
    </message>
</context>
<context>
    <name>RegionCodes</name>
    <message>
        <source>The file is not UTF-8 text; save it as UTF-8 CSV and import again.</source>
        <translation>文件不是 UTF-8 文本；请另存为 UTF-8 CSV 后重新导入。</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>%1: expected 4 fields (province,city,district,code), found %2</source>
        <translation>%1：应为 4 个字段（省,市,区县,编码），实际 %2 个</translation>
    </message>
    <message>
        <source>%1: province, city and district must not be empty</source>
        <translation>%1：省、市、区县不能为空</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a 6-digit county code</source>
        <translation>%1：“%2”不是 6 位区县编码</translation>
    </message>
    <message>
        <source>%1: a name is longer than 50 characters</source>
        <translation>%1：名称超过 50 个字符</translation>
    </message>
    <message>
        <source>The file has no rows to import.</source>
        <translation>文件中没有可导入的行。</translation>
    </message>
</context>
<context>
    <name>ResultKind</name>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>duplicate soId</source>
        <translation>soId 重复</translation>
    </message>
    <message>
        <source>refused by Haier</source>
        <translation>海尔拒绝</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>connection failed</source>
        <translation>连接失败</translation>
    </message>
    <message>
        <source>Haier server error</source>
        <translation>海尔服务器错误</translation>
    </message>
    <message>
        <source>rate limited</source>
        <translation>被限流</translation>
    </message>
    <message>
        <source>authentication</source>
        <translation>认证</translation>
    </message>
    <message>
        <source>unreadable answer</source>
        <translation>无法解析的应答</translation>
    </message>
    <message>
        <source>refused before sending</source>
        <translation>发送前拒绝</translation>
    </message>
    <message>
        <source>no permission or IP not whitelisted</source>
        <translation>无权限或IP不在白名单</translation>
    </message>
</context>
<context>
    <name>SecretDialog</name>
    <message>
        <source>Replace %1</source>
        <translation>替换 %1</translation>
    </message>
    <message>
        <source>Set %1</source>
        <translation>设置 %1</translation>
    </message>
    <message>
        <source>Type the new value of %1 for profile %2. It replaces the stored one in the keychain and is not shown again.</source>
        <translation>输入配置 %2 的 %1 新值。它将替换钥匙串中已保存的值，且不会再显示。</translation>
    </message>
    <message>
        <source>Type the value of %1 for profile %2. It is stored in the keychain and is not shown again.</source>
        <translation>输入配置 %2 的 %1。它将保存在钥匙串中，且不会再显示。</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>值(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Store</source>
        <translation>保存(&amp;S)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;Profiles</source>
        <translation>配置(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Credentials</source>
        <translation>凭据(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>常规(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;New profile…</source>
        <translation>新建配置(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Use this profile</source>
        <translation>使用此配置(&amp;U)</translation>
    </message>
    <message>
        <source>Makes the selected profile the one the console pushes with.</source>
        <translation>将选中的配置设为控制台推送所用的配置。</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>还原(&amp;V)</translation>
    </message>
    <message>
        <source>The form shows the saved settings of profile %1 again.</source>
        <translation>表单已恢复为配置 %1 已保存的设置。</translation>
    </message>
    <message>
        <source>Type the profile name %1 to go on:</source>
        <translation>输入配置名称 %1 以继续：</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>请确认</translation>
    </message>
    <message>
        <source>Production profile %1</source>
        <translation>生产配置 %1</translation>
    </message>
    <message>
        <source>The profiles could not be read: %1 Check the database connection, then open Settings again.</source>
        <translation>无法读取配置：%1 请检查数据库连接后重新打开设置。</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>Profile %1 has changes that are not saved. Drop them?</source>
        <translation>配置 %1 有未保存的修改。放弃吗？</translation>
    </message>
    <message>
        <source>Nothing in profile %1 has changed.</source>
        <translation>配置 %1 没有任何改动。</translation>
    </message>
    <message>
        <source>Save the changes to the PRODUCTION profile %1? Changed: %2.</source>
        <translation>保存对生产配置 %1 的修改？修改项：%2。</translation>
    </message>
    <message>
        <source>Profile %1 was not saved because the change was not confirmed; your edits are still in the form.</source>
        <translation>修改未确认，配置 %1 未保存；您的编辑仍保留在表单中。</translation>
    </message>
    <message>
        <source>Profile %1 was not saved: %2 Try again; if it keeps failing, check the database connection.</source>
        <translation>配置 %1 未保存：%2 请重试；如仍失败，请检查数据库连接。</translation>
    </message>
    <message>
        <source>Profile %1 is saved (changed: %2).</source>
        <translation>配置 %1 已保存（修改：%2）。</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>新建配置</translation>
    </message>
    <message>
        <source>The new profile starts with the preset&apos;s URLs and defaults; edit them afterwards.</source>
        <translation>新配置以预设的地址和默认值开始；之后可以编辑。</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>创建(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;From preset:</source>
        <translation>来自预设(&amp;F)：</translation>
    </message>
    <message>
        <source>The name &quot;%1&quot; cannot be used: %2. Choose another name.</source>
        <translation>名称“%1”不能使用：%2。请换一个名称。</translation>
    </message>
    <message>
        <source>A profile named %1 exists already; choose another name.</source>
        <translation>已有名为 %1 的配置；请换一个名称。</translation>
    </message>
    <message>
        <source>Profile %1 was not created: %2 Try again; if it keeps failing, check the database connection.</source>
        <translation>配置 %1 未创建：%2 请重试；如仍失败，请检查数据库连接。</translation>
    </message>
    <message>
        <source>Profile %1 is created from the %2 preset. Set its credentials on the Credentials page before using it.</source>
        <translation>已从预设 %2 创建配置 %1。使用前请在“凭据”页设置其凭据。</translation>
    </message>
    <message>
        <source>Profile %1 is in use; switch to another profile first, then delete it.</source>
        <translation>配置 %1 正在使用；请先切换到其他配置再删除。</translation>
    </message>
    <message>
        <source>Delete profile %1? Its credentials stay in the keychain; remove them on the Credentials page first if nobody needs them.</source>
        <translation>删除配置 %1？其凭据仍保留在钥匙串中；如无人需要，请先在“凭据”页删除。</translation>
    </message>
    <message>
        <source>Profile %1 was kept.</source>
        <translation>配置 %1 已保留。</translation>
    </message>
    <message>
        <source>Profile %1 was not deleted: %2 Try again; if it keeps failing, check the database connection.</source>
        <translation>配置 %1 未删除：%2 请重试；如仍失败，请检查数据库连接。</translation>
    </message>
    <message>
        <source>Profile %1 is deleted.</source>
        <translation>配置 %1 已删除。</translation>
    </message>
    <message>
        <source>Profile %1 cannot be used: %2</source>
        <translation>配置 %1 无法使用：%2</translation>
    </message>
    <message>
        <source>Profile %1 is already in use.</source>
        <translation>配置 %1 已在使用中。</translation>
    </message>
    <message>
        <source>Switch to the PRODUCTION profile %1? Orders pushed from now on go to Haier&apos;s real system.</source>
        <translation>切换到生产配置 %1？此后推送的订单将进入海尔正式系统。</translation>
    </message>
    <message>
        <source>Switch to profile %1 (%2)? Orders pushed from now on go to its services.</source>
        <translation>切换到配置 %1（%2）？此后推送的订单将发往它的服务。</translation>
    </message>
    <message>
        <source>Still using profile %1; the switch was not confirmed.</source>
        <translation>仍在使用配置 %1；切换未确认。</translation>
    </message>
    <message>
        <source>The console still uses profile %1: %2 Try again; if it keeps failing, check the database connection.</source>
        <translation>控制台仍在使用配置 %1：%2 请重试；如仍失败，请检查数据库连接。</translation>
    </message>
    <message>
        <source>The console now uses profile %1.</source>
        <translation>控制台现在使用配置 %1。</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Change the kind of profile %1 from %2 to %3 (PRODUCTION is where real orders go)?</source>
        <translation>将配置 %1 的类型从 %2 改为 %3 吗？（PRODUCTION 即生产环境，真实订单发往那里）</translation>
    </message>
    <message>
        <source>Profile %1 was not saved because the change of its kind was not confirmed; your edits are still in the form.</source>
        <translation>配置 %1 未保存：类型的更改未经确认；您的修改仍保留在表单中。</translation>
    </message>
</context>
<context>
    <name>Sparkline</name>
    <message>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
</context>
<context>
    <name>StockChecker</name>
    <message>
        <source>%1: the answer carries no stock figure</source>
        <translation>%1：应答中没有库存数量</translation>
    </message>
    <message>
        <source>%1: %2 needed, %3 available</source>
        <translation>%1：需要 %2，可用 %3</translation>
    </message>
</context>
<context>
    <name>SyncLogModel</name>
    <message>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Already at Haier (same soId)</source>
        <translation>海尔已有（相同 soId）</translation>
    </message>
    <message>
        <source>Refused by Haier</source>
        <translation>海尔拒绝</translation>
    </message>
    <message>
        <source>Sign-in failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>No answer in time</source>
        <translation>未及时应答</translation>
    </message>
    <message>
        <source>Could not connect</source>
        <translation>无法连接</translation>
    </message>
    <message>
        <source>Haier server error</source>
        <translation>海尔服务器错误</translation>
    </message>
    <message>
        <source>Too many requests</source>
        <translation>请求过多</translation>
    </message>
    <message>
        <source>Answer not understood</source>
        <translation>无法理解应答</translation>
    </message>
    <message>
        <source>Stopped before sending</source>
        <translation>发送前已拦截</translation>
    </message>
    <message>
        <source>The sync log could not be read from the database: %1</source>
        <translation>无法从数据库读取同步日志：%1</translation>
    </message>
    <message>
        <source>the call is no longer in the log</source>
        <translation>该调用已不在日志中</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>耗时（毫秒）</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Result code</source>
        <translation>结果代码</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>No permission or IP not whitelisted</source>
        <translation>无权限或IP不在白名单</translation>
    </message>
</context>
<context>
    <name>SyncLogPage</name>
    <message>
        <source>Order number or words in the message</source>
        <translation>订单号或信息中的文字</translation>
    </message>
    <message>
        <source>All operations</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>All results</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <source>OK only</source>
        <translation>仅成功</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>仅错误</translation>
    </message>
    <message>
        <source>Calls on or after this day</source>
        <translation>此日及之后的调用</translation>
    </message>
    <message>
        <source>Calls on or before this day</source>
        <translation>此日及之前的调用</translation>
    </message>
    <message>
        <source>Show calls of every day</source>
        <translation>显示所有日期的调用</translation>
    </message>
    <message>
        <source>Save every call the filter matches as a CSV file</source>
        <translation>将筛选出的全部调用保存为 CSV 文件</translation>
    </message>
    <message>
        <source>Export the sync log</source>
        <translation>导出同步日志</translation>
    </message>
    <message>
        <source>The sync log was saved to %1.</source>
        <translation>同步日志已保存到 %1。</translation>
    </message>
    <message>
        <source>Select a call to see what was sent and answered.</source>
        <translation>选择一次调用，查看发送和应答的内容。</translation>
    </message>
    <message>
        <source>This call could not be read: %1</source>
        <translation>无法读取此调用：%1</translation>
    </message>
    <message>
        <source>%1 at %2 (secrets removed):</source>
        <translation>%1，%2（已去除密钥）：</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Request:</source>
        <translation>请求：</translation>
    </message>
    <message>
        <source>Answer:</source>
        <translation>应答：</translation>
    </message>
</context>
<context>
    <name>TrayNotifier</name>
    <message>
        <source>New since you last looked: failed pushes %1, overdue confirmations %2, refused callbacks %3.</source>
        <translation>自您上次查看以来新增：推送失败 %1 个，确认逾期 %2 个，被拒绝的回调 %3 个。</translation>
    </message>
    <message>
        <source>Haier order push console</source>
        <translation>海尔订单推送控制台</translation>
    </message>
</context>
<context>
    <name>VerbHelp</name>
    <message>
        <source>migrate creates the console&apos;s tables or upgrades them to this version (opening a database always does).
add-indexes adds the search indexes to the shop&apos;s order table.</source>
        <translation>migrate 创建控制台的数据表或将其升级到本版本（打开数据库时总会执行）。
add-indexes 为商城的订单表添加搜索索引。</translation>
    </message>
    <message>
        <source>Adds made-up paid orders with Haier appliances, for training and trying the console out.</source>
        <translation>添加含海尔家电的虚构已付款订单，用于培训和试用控制台。</translation>
    </message>
    <message>
        <source>Lists the shop&apos;s orders, newest first, with their payment and push state.</source>
        <translation>列出商城的订单（最新的在前），及其付款和推送状态。</translation>
    </message>
    <message>
        <source>Shows what a push of the order would send to Haier, or why the order cannot be sent. Sends nothing.</source>
        <translation>显示推送该订单时将发送给海尔的内容，或订单无法发送的原因。不发送任何内容。</translation>
    </message>
    <message>
        <source>Lists, shows, selects, imports and exports the connection profiles (mock, test, production).
Secrets never appear in a profile: they are in the OS keychain (see `haierctl credentials --help`).</source>
        <translation>列出、显示、选用、导入和导出连接配置（模拟、测试、生产）。
密钥从不出现在配置中：它们保存在系统钥匙串里（见 `haierctl credentials --help`）。</translation>
    </message>
    <message>
        <source>Lists the push jobs of the profile, newest first, with their state and last answer.</source>
        <translation>列出该配置的推送任务（最新的在前），及其状态和最后一次回复。</translation>
    </message>
    <message>
        <source>Lists every try of an order&apos;s push: when, which soId, the HTTP status and Haier&apos;s answer.</source>
        <translation>列出订单每一次推送尝试：时间、soId、HTTP 状态和海尔的回复。</translation>
    </message>
    <message>
        <source>Marks a failed or rejected order as needing nothing more; the note is kept in the audit log.</source>
        <translation>将失败或被拒的订单标记为无需再处理；备注记入审计日志。</translation>
    </message>
    <message>
        <source>Sends paid orders to Haier&apos;s order centre (YLH). An order already accepted is never sent twice.
Production needs --yes, or typing the profile&apos;s name at a terminal.</source>
        <translation>将已付款订单发送到海尔订单中心（易理货）。已被接受的订单绝不会重复发送。
生产环境需要 --yes，或在终端中输入配置名称。</translation>
    </message>
    <message>
        <source>Sends failed pushes, and pushes the create call rejected, again with the same soId.</source>
        <translation>使用相同的 soId 重新发送失败的推送和被创建接口拒绝的推送。</translation>
    </message>
    <message>
        <source>Finishes the pushes a process that died left unfinished, with the same soIds.</source>
        <translation>使用相同的 soId 完成已终止进程遗留的未完成推送。</translation>
    </message>
    <message>
        <source>set stores one secret of a profile in the OS keychain; the value is read from standard input
(not echoed at a terminal). check says which of the profile&apos;s secrets are missing.</source>
        <translation>set 将配置的一个密钥存入系统钥匙串；值从标准输入读取
（在终端中不回显）。check 说明该配置缺少哪些密钥。</translation>
    </message>
    <message>
        <source>Asks Haier&apos;s open platform about products, prices, stock in a county, the account balance or an
order&apos;s logistics.</source>
        <translation>向海尔开放平台查询商品、价格、某区县的库存、账户余额或
订单的物流。</translation>
    </message>
    <message>
        <source>Asks YLH to cancel an order Haier accepted; the reason is sent and kept in the audit log.</source>
        <translation>请求易理货取消海尔已接受的订单；原因会被发送并记入审计日志。</translation>
    </message>
    <message>
        <source>Asks YLH to move an accepted order&apos;s delivery and installation dates.</source>
        <translation>请求易理货更改已接受订单的配送和安装日期。</translation>
    </message>
    <message>
        <source>Prints the links to an order&apos;s delivery and installation photos.</source>
        <translation>显示订单配送和安装照片的链接。</translation>
    </message>
    <message>
        <source>Asks YLH for the logistics numbers of accepted orders and stores them.</source>
        <translation>向易理货查询已接受订单的物流单号并保存。</translation>
    </message>
    <message>
        <source>Lists every call made to Haier&apos;s interfaces, with its answer, newest first.</source>
        <translation>列出对海尔接口的每一次调用及其回复（最新的在前）。</translation>
    </message>
    <message>
        <source>Receives Haier&apos;s signed callbacks for the profile and stores them until stopped (Ctrl+C or SIGTERM).</source>
        <translation>接收该配置的海尔签名回调并保存，直到被停止（Ctrl+C 或 SIGTERM）。</translation>
    </message>
    <message>
        <source>Imports, lists and looks up the county codes the stock check needs.</source>
        <translation>导入、列出和查询库存检查所需的区县代码。</translation>
    </message>
    <message>
        <source>Usage: haierctl [--db URL_OR_PATH] [--profile NAME] %1
</source>
        <translation>用法：haierctl [--db URL_OR_PATH] [--profile NAME] %1
</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>选项：</translation>
    </message>
    <message>
        <source>
Global options:
  --db URL_OR_PATH         SQLite file (default: the app-data folder) or postgresql://user@host:port/dbname
  --profile NAME           use this profile instead of the active one
  -h, --help               this help

Exit codes: 0 ok, 1 some work failed or was refused, 2 bad input, 3 configuration or environment.
</source>
        <translation>
全局选项：
  --db URL_OR_PATH         SQLite 文件（默认：应用数据文件夹）或 postgresql://user@host:port/dbname
  --profile NAME           使用此配置，而不是当前启用的配置
  -h, --help               本帮助

退出码：0 成功，1 部分工作失败或被拒绝，2 输入有误，3 配置或环境问题。
</translation>
    </message>
    <message>
        <source>Lists the callbacks received, the valid ones and those refused with the reason (--json gives each one&apos;s id).
replay ID verifies a refused callback again under the profile as it is now (AppKey, callback.secret),
judging its time by when it was received; a valid one is applied as the receiver would have. A callback
whose body was cut (over 4 KiB) or that was applied already is refused. Every replay is audited.</source>
        <translation>列出收到的回调，包括有效的和被拒的（附原因；--json 给出每条的 id）。
replay ID 按当前配置（AppKey、callback.secret）重新校验一条被拒的回调，
时间按收到时判断；现在有效的会像接收端一样应用。正文被截断（超过 4 KiB）
或已应用过的回调会被拒绝。每次重放都记入审计日志。</translation>
    </message>
    <message>
        <source>Lists the orders YLH accepted that Haier has not confirmed for the threshold or longer: order number, soId,
Haier order number and age. Changes nothing.</source>
        <translation>列出易理货已受理、但海尔在阈值时间内仍未确认的订单：订单号、soId、
海尔订单号和已等待时长。不做任何更改。</translation>
    </message>
    <message>
        <source>Asks Haier&apos;s logistics, by Haier order number (SO.…), about the overdue orders that have one, and confirms
those it shows shipped, noting the logistics numbers as evidence in the job and the audit log. The rest
stay overdue. Without --yes it only shows what it would confirm (at a terminal it asks first).</source>
        <translation>按海尔订单号（SO.…）向海尔物流查询有单号的超时订单，并确认物流显示已发货的订单，
把物流单号作为依据记入任务和审计日志。其余订单仍保持超时。
不加 --yes 时只显示将确认哪些（在终端中会先询问）。</translation>
    </message>
    <message>
        <source>Records a confirmation Haier gave by phone: the order becomes confirmed with Haier&apos;s order number, as a
confirmation callback would leave it; the note is kept in the audit log.</source>
        <translation>记录海尔的电话确认：订单变为已确认并写入海尔订单号，与确认回调的结果相同；
说明记入审计日志。</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>Push to production</source>
        <translation>推送到生产环境</translation>
    </message>
    <message numerus="yes">
        <source>Push %n order(s) to PRODUCTION (profile %1)?
Type the profile name to go on:</source>
        <translation>
            <numerusform>要将 %n 个订单推送到生产环境（配置 %1）吗？
请输入配置名称以继续：</numerusform>
        </translation>
    </message>
    <message>
        <source>Push orders</source>
        <translation>推送订单</translation>
    </message>
    <message numerus="yes">
        <source>Push %n order(s) with profile %1?</source>
        <translation>
            <numerusform>使用配置 %1 推送 %n 个订单？</numerusform>
        </translation>
    </message>
    <message>
        <source>A push is still running; wait for it to finish.</source>
        <translation>推送仍在进行，请等待完成。</translation>
    </message>
    <message>
        <source>Cannot push</source>
        <translation>无法推送</translation>
    </message>
    <message numerus="yes">
        <source>Asking Haier to cancel %n order(s)…</source>
        <translation>
            <numerusform>正在请求海尔取消 %n 个订单…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Cancel at Haier</source>
        <translation>在海尔取消</translation>
    </message>
    <message>
        <source>Not every cancellation went through:
%1</source>
        <translation>并非所有取消都成功：
%1</translation>
    </message>
    <message>
        <source>Cancellation sent to Haier; its answer follows by callback.</source>
        <translation>取消请求已发送给海尔；结果将通过回调告知。</translation>
    </message>
    <message>
        <source>Sending new dates for %1…</source>
        <translation>正在发送 %1 的新日期…</translation>
    </message>
    <message>
        <source>Change dates</source>
        <translation>改约</translation>
    </message>
    <message>
        <source>Asking Haier for the photos of %1…</source>
        <translation>正在向海尔获取 %1 的照片…</translation>
    </message>
    <message>
        <source>Delivery photos</source>
        <translation>送装照片</translation>
    </message>
    <message>
        <source>Delivery photos of %1</source>
        <translation>%1 的送装照片</translation>
    </message>
    <message>
        <source>Haier has no photos for this order yet.</source>
        <translation>海尔暂无此订单的照片。</translation>
    </message>
    <message>
        <source>Asking Haier for stock of %1…</source>
        <translation>正在向海尔查询 %1 的库存…</translation>
    </message>
    <message>
        <source>Stock check</source>
        <translation>库存检查</translation>
    </message>
    <message numerus="yes">
        <source>Asking Haier for the logistics of %n order(s)…</source>
        <translation>
            <numerusform>正在向海尔查询 %n 个订单的物流…</numerusform>
        </translation>
    </message>
    <message>
        <source>Logistics</source>
        <translation>物流</translation>
    </message>
    <message>
        <source>Asking Haier for the logistics of every accepted order…</source>
        <translation>正在向海尔查询所有已受理订单的物流…</translation>
    </message>
    <message>
        <source>Asking Haier for the products and prices of %1…</source>
        <translation>正在向海尔查询 %1 的产品和价格…</translation>
    </message>
    <message>
        <source>Availability and prices</source>
        <translation>可售与价格</translation>
    </message>
    <message>
        <source>Availability and prices of %1</source>
        <translation>%1 的可售与价格</translation>
    </message>
    <message>
        <source>The order&apos;s products at Haier</source>
        <translation>订单产品在海尔的情况</translation>
    </message>
    <message>
        <source>Product code</source>
        <translation>产品编码</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Haier sells it</source>
        <translation>海尔可售</translation>
    </message>
    <message>
        <source>Why not</source>
        <translation>不可售原因</translation>
    </message>
    <message>
        <source>Supply price</source>
        <translation>供价</translation>
    </message>
    <message>
        <source>Invoice price</source>
        <translation>开票价</translation>
    </message>
    <message>
        <source>Price note</source>
        <translation>价格说明</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>无应答</translation>
    </message>
    <message>
        <source>Asking Haier for the account balance…</source>
        <translation>正在向海尔查询账户余额…</translation>
    </message>
    <message>
        <source>The mock profile&apos;s figures come from the simulator, not from Haier.</source>
        <translation>模拟配置的数字来自模拟器，而非海尔。</translation>
    </message>
    <message>
        <source>Re-push with a new soId</source>
        <translation>用新 soId 重新推送</translation>
    </message>
    <message numerus="yes">
        <source>Push %n order(s) again with a new soId? Haier takes each as a new order.</source>
        <translation>
            <numerusform>用新 soId 重新推送 %n 个订单？海尔会将每个订单作为新订单受理。</numerusform>
        </translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Why the order is open again (kept in the audit log):</source>
        <translation>重新打开订单的原因（记入审计日志）：</translation>
    </message>
    <message>
        <source>Not every order could be reopened:
%1</source>
        <translation>并非所有订单都能重新打开：
%1</translation>
    </message>
    <message numerus="yes">
        <source>Reopened %n order(s).</source>
        <translation>
            <numerusform>已重新打开 %n 个订单。</numerusform>
        </translation>
    </message>
    <message>
        <source>Reconcile</source>
        <translation>核对物流</translation>
    </message>
    <message numerus="yes">
        <source>Asking Haier&apos;s logistics about %n order(s)…</source>
        <translation>
            <numerusform>正在向海尔物流查询 %n 个订单…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is confirmed (by phone).</source>
        <translation>%1 已确认（电话）。</translation>
    </message>
    <message>
        <source>Confirmed by phone</source>
        <translation>电话确认</translation>
    </message>
    <message>
        <source>Replay callback</source>
        <translation>重放回调</translation>
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
    <message>
        <source>Signed in to YLH</source>
        <translation>已登录易理货</translation>
    </message>
    <message>
        <source>No permission for this interface, or this computer&apos;s IP address is not on the whitelist; ask the administrator to check the YLH account&apos;s permissions and the IP whitelist</source>
        <translation>无接口权限或IP不在白名单，请联系管理员检查易理货账号权限和IP白名单</translation>
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
    <message>
        <source>Print the default database, log and settings locations, then quit.</source>
        <translation>显示默认数据库、日志和设置的位置，然后退出。</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>%1 is used from the next start of the console, and by haierctl and the receiver from their next start.</source>
        <translation>控制台下次启动时将使用%1，haierctl 和回调接收程序也从下次启动起使用它。</translation>
    </message>
</context>
</TS>
