#!/bin/sh
# The compose stack's scheduler: once a month renders the pack of the month
# just ended and e-mails it. Configuration (environment):
#   SALES_REPORT_TO        recipients, comma-separated (required)
#   SALES_SCHEDULE_DAY     day of the month to send on (1-28, default 1)
#   SALES_SCHEDULE_TIME    time of day, UTC, HH:MM (default 06:00)
#   SALES_REPORT_PERIOD    a fixed period instead of the month just ended (e.g. 1997-01)
#   SALES_REPORT_ARGS      more report options, e.g. "--country Germany"
#   SALES_SCHEDULE_ONCE=1  run once now and exit (to try the configuration)
# plus SALES_DB, SALES_SMTP and SALES_MAIL_FROM, as for the commands.
set -eu
: "${SALES_REPORT_TO:?set SALES_REPORT_TO to the recipients, comma-separated}"
day="${SALES_SCHEDULE_DAY:-1}"
at="${SALES_SCHEDULE_TIME:-06:00}"
case "$day" in [1-9]|1[0-9]|2[0-8]) ;; *) echo "scheduler: SALES_SCHEDULE_DAY must be 1 to 28, not $day" >&2; exit 2 ;; esac
case "$at" in [0-2][0-9]:[0-5][0-9]) ;; *) echo "scheduler: SALES_SCHEDULE_TIME must be HH:MM, not $at" >&2; exit 2 ;; esac

send() {
  period="${SALES_REPORT_PERIOD:-$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%Y-%m)}"
  # Up to 5 tries, 60 s apart: the database may still be starting (the stack's
  # start order does not wait for it) or briefly away.
  for try in 1 2 3 4 5; do
    echo "scheduler: rendering and sending the pack of $period to $SALES_REPORT_TO (try $try)"
    # shellcheck disable=SC2086 # SALES_REPORT_ARGS is a list of options
    if sales-insight report --period "$period" --out "reports/$period" --format html,pdf ${SALES_REPORT_ARGS:-} \
      && sales-insight email --period "$period" --out "reports/$period" --to "$SALES_REPORT_TO"; then
      return 0
    fi
    [ "$try" = 5 ] || sleep 60
  done
  echo "scheduler: the pack of $period failed 5 times; next try at the next run" >&2
}

trap 'exit 0' TERM INT # as the container's first process, sh would ignore a stop otherwise
if [ "${SALES_SCHEDULE_ONCE:-0}" = 1 ]; then send; exit 0; fi
while :; do
  now=$(date -u +%s)
  next=$(date -u -d "$(date -u +%Y-%m)-$(printf %02d "$day") $at" +%s)
  [ "$next" -gt "$now" ] || next=$(date -u -d "$(date -u -d "$(date -u +%Y-%m-15) +1 month" +%Y-%m)-$(printf %02d "$day") $at" +%s)
  echo "scheduler: next pack at $(date -u -d "@$next" '+%Y-%m-%d %H:%M UTC')"
  sleep $((next - now)) &
  wait $! # so a stop signal ends the sleep at once
  send
done
