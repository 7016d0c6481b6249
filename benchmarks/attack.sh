#!/usr/bin/env bash
# Replays issue #16's attacks against a real gunicorn on PostgreSQL (database polyonym_attack,
# port 8765, loopback only): one line per attack with status, time, content type and body head.
# Usage: bash benchmarks/attack.sh (needs the PostgreSQL cluster the README names; make test first).
set -u
cd "$(dirname "$0")/.."
DB=postgresql+psycopg://postgres@127.0.0.1:5432/polyonym_attack
dropdb -h 127.0.0.1 -U postgres --if-exists polyonym_attack; createdb -h 127.0.0.1 -U postgres polyonym_attack
export POLYONYM_DATABASE_URL=$DB
.venv/bin/polyonym init-db >/dev/null 2>&1
K=$(.venv/bin/polyonym keys create --role curator --name carol 2>/dev/null | tail -1)
A=$(.venv/bin/polyonym keys create --role admin --name ada 2>/dev/null | tail -1)
.venv/bin/polyonym serve --bind 127.0.0.1:8765 --workers 2 > /tmp/attack-server.log 2>&1 &
SP=$!
B=http://127.0.0.1:8765
for i in $(seq 60); do curl -sf $B/readyz >/dev/null && break; sleep 1; done
t() { local label=$1; shift; local out; out=$(curl -s -o /tmp/attack-body -w '%{http_code} %{time_total}s %{content_type}' "$@"); printf '%-58s %s  %s\n' "$label" "$out" "$(head -c 110 /tmp/attack-body | tr '\n' ' ')"; }
for n in Al AL El Él Al- "Bashar al" "El Al" Аль; do t "resolve $n" -G $B/resolve --data-urlencode "name=$n"; done
t "create El Al" $B/entities -H "Authorization: Bearer $K" -H 'Content-Type: application/json' -d '{"name":"El Al","type":"organization"}'
t "create later entity" $B/entities -H "Authorization: Bearer $K" -H 'Content-Type: application/json' -d '{"name":"Zorbaq Quintelle","type":"person"}'
sleep 1
t "later entity resolves" -G $B/resolve --data-urlencode "name=Zorbaq Quintelle"
t "readyz" $B/readyz
python3 -c "print('{\"name\": \"' + 'a\\\\\"'*40000)" > /tmp/unclosed.json
t "80 KB unclosed string body" $B/resolve -H 'Content-Type: application/json' --data-binary @/tmp/unclosed.json
t "import E9223372036854775807" $B/import -H "Authorization: Bearer $A" -H 'Content-Type: application/x-ndjson' --data-binary '{"id":"E9223372036854775807","name":"X Y","type":"person"}'
t "import E²" $B/import -H "Authorization: Bearer $A" -H 'Content-Type: application/x-ndjson' --data-binary '{"id":"E²","name":"X Y","type":"person"}'
t "import ../../x" $B/import -H "Authorization: Bearer $A" -H 'Content-Type: application/x-ndjson' --data-binary '{"id":"../../x","name":"X Y","type":"person"}'
t "import 'E000005 '" $B/import -H "Authorization: Bearer $A" -H 'Content-Type: application/x-ndjson' --data-binary '{"id":"E000005 ","name":"X Y","type":"person"}'
t "If-Match 2^64" -X PATCH $B/entities/E000005 -H "Authorization: Bearer $K" -H 'If-Match: "18446744073709551616"' -H 'Content-Type: application/json' -d '{"name":"x"}'
t "NUL in path" "$B/entities/E%00"
t "NUL in query" "$B/resolve?name=a%00b"
t "NUL in body" $B/resolve -H 'Content-Type: application/json' -d '{"name":"a\u0000b"}'
t "review without key" $B/review
t "search q=_" "$B/entities?q=_"
t "search q=путин" -G "$B/entities" --data-urlencode "q=путин"
t "key team/bob" $B/admin/keys -H "Authorization: Bearer $A" -H 'Content-Type: application/json' -d '{"name":"team/bob","role":"curator"}'
t "entity name with RLO" $B/entities -H "Authorization: Bearer $K" -H 'Content-Type: application/json' -d '{"name":"Ahmad \u202eal-Sharaa","type":"person"}'
t "manifest Host: evil.example" $B/reconcile -H 'Host: evil.example'
t "JSONP callback cb\\n" "$B/reconcile?callback=cb%0A"
t "512 x 莊 create" $B/entities -H "Authorization: Bearer $K" -H 'Content-Type: application/json' -d "{\"name\":\"$(python3 -c "print('莊'*512)")\",\"type\":\"person\"}"
python3 - > /tmp/bigbatch.json <<'PY'
import json; print(json.dumps({"queries":[{"name":"Ahmad al-Sharaa Abu Mohammad al-Julani "*12, "explain": True, "limit": 25}]*1000}))
PY
t "batch 1000 x 500 chars explain" $B/resolve/batch -H 'Content-Type: application/json' --data-binary @/tmp/bigbatch.json
for i in $(seq 200); do curl -s -o /dev/null -G $B/resolve --data-urlencode "name=Flood Name $i Xq"; done
sleep 2
t "review open count after 200 new names" "$B/review?limit=1" -H "Authorization: Bearer $K"
t "metrics applied seq" $B/metrics
grep -E '^polyonym_applied_change_seq|^polyonym_change_apply_failures_total' /tmp/attack-body | head -4
kill $SP; wait $SP 2>/dev/null
