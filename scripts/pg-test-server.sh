#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 and a free port.
# Usage: scripts/pg-test-server.sh start DIR   -> prints the connection URL
#        scripts/pg-test-server.sh stop DIR
#        scripts/pg-test-server.sh pause DIR    -> stops the server, keeping its data (a restart, part one)
#        scripts/pg-test-server.sh resume DIR   -> starts it again on the same port
set -euo pipefail

action=$1
dir=$2
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
if [[ -z $pgbin ]]; then
    echo "PostgreSQL server binaries not found (install the postgresql package)" >&2
    exit 3
fi

as_pg() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    local p
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    echo "no free port found" >&2
    return 1
}

case $action in
start)
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres:postgres "$dir"
    fi
    as_pg "$pgbin/initdb" -D "$dir/data" -U console --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    port=$(free_port)
    as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U console console_test
    echo "$port" >"$dir/port"
    echo "postgresql://console@127.0.0.1:$port/console_test"
    ;;
pause)
    as_pg "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
resume)
    port=$(cat "$dir/port")
    as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    ;;
stop)
    if [[ -d $dir/data ]]; then
        as_pg "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop|pause|resume DIR" >&2
    exit 2
    ;;
esac
