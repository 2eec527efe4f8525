#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for the Slurm executor's tests and for trying it out:
#   scripts/slurm-local.sh [start]   install slurm-wlm + munge (Debian 12: Slurm 22.05) when absent, write the config,
#                                    start munged, slurmctld and slurmd, wait until the node is idle; a no-op when up
#   scripts/slurm-local.sh stop      stop the three daemons started here
#   scripts/slurm-local.sh status    exit 0 when the cluster answers and its node is usable
# Controller and node are 127.0.0.1 only: the daemons bind the address `localhost` resolves to
# (CommunicationParameters=NoCtldInAddrAny,NoInAddrAny), never 0.0.0.0. Needs root (apt, daemons, /etc/slurm).
# No cgroups (containers rarely have them): processes are tracked through /proc, tasks are not confined.
# No slurmdbd (it needs a MySQL server): `sacct` answers "accounting storage is disabled", so the executor reads end
# states from `scontrol show job` (ended jobs are kept for MinJobAge=3600 s) and from jobcomp/filetxt.
set -euo pipefail

CONF=/etc/slurm/slurm.conf
MARK='# written by mlops-workbench scripts/slurm-local.sh'
STATE=/var/lib/mlops-slurm
LOGS=/var/log/mlops-slurm
NODE=localhost

log() { printf 'slurm-local: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

need_root() {
  [ "$(id -u)" = 0 ] || die "run as root (it installs packages and starts the Slurm daemons)"
}

install_packages() {
  local missing=()
  command -v slurmctld >/dev/null || missing+=(slurmctld)
  command -v slurmd >/dev/null || missing+=(slurmd)
  command -v sbatch >/dev/null || missing+=(slurm-client)
  command -v munged >/dev/null || missing+=(munge)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

write_config() {
  if [ -f "$CONF" ] && ! grep -qxF "$MARK" "$CONF"; then
    die "$CONF exists and was not written by this script; refusing to replace a real cluster's configuration"
  fi
  local cpus mem_mb
  cpus=$(nproc)
  mem_mb=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)
  # Leave the login side (the editor, the backend) some memory: the node offers 90 % of it, at least 256 MB.
  mem_mb=$(( mem_mb * 9 / 10 )); [ "$mem_mb" -ge 256 ] || mem_mb=256
  mkdir -p /etc/slurm "$STATE/ctld" "$STATE/d" "$LOGS"
  local tmp="$CONF.tmp.$$"
  cat >"$tmp" <<EOF
$MARK
ClusterName=mlops-local
SlurmctldHost=$NODE(127.0.0.1)
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$LOGS/slurmctld.log
SlurmdLogFile=$LOGS/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=5
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$LOGS/jobcomp.txt
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=3600
KillWait=5
MpiDefault=none
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP DefMemPerCPU=$(( mem_mb / cpus ))
EOF
  if [ -f "$CONF" ] && cmp -s "$tmp" "$CONF"; then rm -f "$tmp"; else mv "$tmp" "$CONF"; fi
}

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_munge() {
  if munge -n </dev/null >/dev/null 2>&1; then return 0; fi
  [ -s /etc/munge/munge.key ] || { /usr/sbin/mungekey --create --force >/dev/null 2>&1 || dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; }
  chown munge:munge /etc/munge/munge.key 2>/dev/null || true
  chmod 0400 /etc/munge/munge.key
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n </dev/null >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "munged did not start (see /var/log/munge/munged.log)"
}

node_ready() {
  local state
  state=$(sinfo -h -N -n "$NODE" -o '%t' 2>/dev/null) || return 1
  case "$state" in idle*|mix*|alloc*) return 0 ;; *) return 1 ;; esac
}

start() {
  need_root
  if running "$STATE/slurmctld.pid" && running "$STATE/slurmd.pid" && node_ready; then
    log "already up"
    return 0
  fi
  local began=$SECONDS
  install_packages
  write_config
  start_munge
  running "$STATE/slurmctld.pid" || /usr/sbin/slurmctld -i
  running "$STATE/slurmd.pid" || /usr/sbin/slurmd -N "$NODE"
  local state=""
  for _ in $(seq 300); do
    node_ready && break
    state=$(sinfo -h -N -n "$NODE" -o '%t %E' 2>/dev/null || true)
    # A node left down/drained by an earlier run of the daemons comes back once they answer again.
    case "$state" in down*|drain*) scontrol update NodeName="$NODE" State=RESUME >/dev/null 2>&1 || true ;; esac
    sleep 0.2
  done
  node_ready || die "node $NODE is not usable after 60 s (sinfo: ${state:-no answer}); see $LOGS/slurmctld.log and $LOGS/slurmd.log"
  log "up in $((SECONDS - began)) s: node $NODE idle, $(nproc) CPUs (config $CONF, logs $LOGS)"
}

stop_daemon() {
  local name=$1 pidfile=$2
  running "$pidfile" || return 0
  local pid; pid=$(cat "$pidfile")
  kill "$pid"
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  log "$name (pid $pid) did not stop in 10 s; sending SIGKILL"
  kill -9 "$pid" 2>/dev/null || true
}

stop() {
  need_root
  stop_daemon slurmd "$STATE/slurmd.pid"
  stop_daemon slurmctld "$STATE/slurmctld.pid"
  local munge_pid=/run/munge/munged.pid
  stop_daemon munged "$munge_pid"
  log "stopped"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) running "$STATE/slurmctld.pid" && running "$STATE/slurmd.pid" && node_ready ;;
  *) die "usage: $0 [start|stop|status]" ;;
esac
